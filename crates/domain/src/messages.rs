//! Human-readable, translated texts for error reasons, from the text catalogue.

use crate::{
    Lang, Reason,
    texts::{count, fill, text},
};

/// The message shown to a person for `reason`, in `lang`.
pub fn reason_text(reason: &Reason, lang: Lang) -> String {
    use Reason::*;
    let key = match reason {
        Required => "reason_required",
        TooShort { min } => return count(lang, "reason_too_short", *min as u64, &[]),
        TooLong { max } => return count(lang, "reason_too_long", *max as u64, &[]),
        ControlCharacters => "reason_control_characters",
        InvalidEmail => "reason_invalid_email",
        InvalidUrl => "reason_invalid_url",
        InvalidPhone => "reason_invalid_phone",
        InvalidYear { min, max } => return fill(lang, "reason_invalid_year", &[("min", min), ("max", max)]),
        InvalidSlug => "reason_invalid_slug",
        InvalidLanguage => "reason_invalid_language",
        InvalidCoordinates => "reason_invalid_coordinates",
        OutOfRange { min, max } => return fill(lang, "reason_out_of_range", &[("min", min), ("max", max)]),
        UnknownId => "reason_unknown_id",
        AlreadyTaken => "reason_already_taken",
        PasswordTooCommon => "reason_password_too_common",
        InvalidCredentials => "reason_invalid_credentials",
        InvalidToken => "reason_invalid_token",
        EndBeforeStart => "reason_end_before_start",
        InvalidDateTime => "reason_invalid_date_time",
        PlaceOrLinkRequired => "reason_place_or_link_required",
        OrganisersNotConfirmed => "reason_organisers_not_confirmed",
        InvalidState => "reason_invalid_state",
        AlreadyInvited => "reason_already_invited",
        PersonAlreadyInvited => "reason_person_already_invited",
        DateInPast => "reason_date_in_past",
        EditWindowClosed => "reason_edit_window_closed",
        ReopenedOnce => "reason_reopened_once",
        SameOrganisation => "reason_same_organisation",
        AlreadyRelated => "reason_already_related",
        AlreadyRequested => "reason_already_requested",
        AlreadyMember => "reason_already_member",
        HasRepresentatives => "reason_has_representatives",
        NoRepresentatives => "reason_no_representatives",
        EmailNotConfirmed => "reason_email_not_confirmed",
        DocumentTooComplex => "reason_document_too_complex",
        InvalidDocument => "reason_invalid_document",
        BodyTooLarge => "reason_body_too_large",
        Unavailable => "reason_unavailable",
        NotSignedIn => "reason_not_signed_in",
        NotAllowed => "reason_not_allowed",
        NotFound => "reason_not_found",
        StaleVersion => "reason_stale_version",
        TooManyAttempts => "reason_too_many_attempts",
        Internal => "reason_internal",
        UnreadableFile => "reason_unreadable_file",
        EmptyFile => "reason_empty_file",
        TooManyRows { max } => return count(lang, "reason_too_many_rows", *max as u64, &[]),
        TooManyItems { max } => return count(lang, "reason_too_many_items", *max as u64, &[]),
        FileTooLarge { max } => return fill(lang, "reason_file_too_large", &[("max", max)]),
        CellTooLong { cell, max } => return count(lang, "reason_cell_too_long", *max as u64, &[("cell", cell)]),
        TextTooLarge { max } => return fill(lang, "reason_text_too_large", &[("max", max)]),
        UnknownRelationKind => "reason_unknown_relation_kind",
        AmbiguousName => "reason_ambiguous_name",
        Formula => "reason_formula",
        FormulaStart => "reason_formula_start",
        UnknownKind => "reason_unknown_kind",
        NameColumnMissing => "reason_name_column_missing",
        DuplicateColumn => "reason_duplicate_column",
        ImportRunning => "reason_import_running",
        DecisionRequired { lines } => return fill(lang, "reason_decision_required", &[("lines", lines)]),
    };
    text(lang, key).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_distinct_german_and_english_text() {
        let text_de = reason_text(&Reason::StaleVersion, Lang::De);
        let text_en = reason_text(&Reason::StaleVersion, Lang::En);
        assert_ne!(text_de, text_en);
        assert!(reason_text(&Reason::TooLong { max: 200 }, Lang::De).contains("200"));
    }
}
