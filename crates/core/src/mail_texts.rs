//! The texts of the e-mails: one folder per e-mail in `crates/core/mail/`, one file per
//! interface language, compiled in. A missing file fails the build; placeholders
//! (`{{ link }}`, as in all texts: `migraup_domain::texts`) are filled in here; a counted
//! phrase comes filled in from the domain's texts (`after_days`: "nach 30 Tagen"), in its
//! plural form. Each e-mail is written in its recipient's language.

use migraup_domain::{Lang, error::DomainResult, texts::substitute};
use sea_orm::ConnectionTrait;

use crate::entities::user;

macro_rules! mails {
    ($($variant:ident => $folder:literal [$($placeholder:literal),*]),* $(,)?) => {
        /// Every e-mail migraup sends.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Mail { $($variant),* }

        impl Mail {
            #[cfg(test)]
            const ALL: &[Mail] = &[$(Mail::$variant),*];

            /// The file of each interface language, in the order of `Lang::ALL`.
            fn files(self) -> [&'static str; 7] {
                match self {
                    $(Mail::$variant => [
                        include_str!(concat!("../mail/", $folder, "/de.txt")),
                        include_str!(concat!("../mail/", $folder, "/en.txt")),
                        include_str!(concat!("../mail/", $folder, "/ar.txt")),
                        include_str!(concat!("../mail/", $folder, "/tr.txt")),
                        include_str!(concat!("../mail/", $folder, "/uk.txt")),
                        include_str!(concat!("../mail/", $folder, "/ru.txt")),
                        include_str!(concat!("../mail/", $folder, "/fa.txt")),
                    ]),*
                }
            }

            /// The placeholders the core fills in for this e-mail.
            #[cfg(test)]
            fn placeholders(self) -> &'static [&'static str] {
                match self { $(Mail::$variant => &[$($placeholder),*]),* }
            }
        }
    };
}

mails! {
    Invitation => "invitation" ["expires", "link"],
    PasswordReset => "password_reset" ["link"],
    EmailConfirmation => "email_confirmation" ["name", "link"],
    AlreadyRegistered => "already_registered" ["public_url"],
    EntryRejected => "entry_rejected" ["name", "reason", "after_days"],
    SeatAvailable => "seat_available" ["title", "when", "link"],
    EventCancelled => "event_cancelled" ["title", "when", "reason"],
    CoOrganiserInvitation => "co_organiser_invitation" ["title", "when", "link"],
    PartnerInvitation => "partner_invitation" ["title", "link"],
    RelationProposed => "relation_proposed" ["name", "link"],
    ClaimConfirmation => "claim_confirmation" ["name", "link"],
    RequestReceived => "request_received" ["person", "name", "message", "link"],
    RequestApproved => "request_approved" ["name", "link"],
    RequestDeclined => "request_declined" ["name", "reason"],
    FreshnessReminder => "freshness_reminder" ["name", "entries", "confirm_link", "edit_link"],
    SuggestionReceived => "suggestion_received" ["name", "person", "link"],
    RegistrationWaiting => "registration_waiting" ["link"],
    InvitedWithAccount => "invited_with_account" ["public_url"],
    GuestConfirmation => "guest_confirmation" ["title", "when", "link"],
    GuestSignedUp => "guest_signed_up" ["title", "when", "link"],
    GroupInvitation => "group_invitation" ["person", "name", "group", "message", "link"],
    GroupApplication => "group_application" ["person", "name", "group", "message", "link"],
    GroupRequestApproved => "group_request_approved" ["name", "group", "link"],
    GroupRequestDeclined => "group_request_declined" ["name", "group", "reason"],
    GroupPersonAdded => "group_person_added" ["person", "group", "link"],
    GroupMemberRemoved => "group_member_removed" ["name", "group", "link"],
    MeetingInvitation => "meeting_invitation" ["group", "title", "when", "agenda", "link"],
    MinutesPublished => "minutes_published" ["group", "title", "link"],
    ActionDueSoon => "action_due_soon" ["group", "title", "due", "link"],
    ActionOverdue => "action_overdue" ["group", "title", "due", "link"],
    IdeaNotPursued => "idea_not_pursued" ["title", "reason", "link"],
    ConcernUpdate => "concern_update" ["subject", "step", "text", "link"],
    ConcernUnanswered => "concern_unanswered" ["subject", "name", "days", "link"],
}

/// Subject and body of one language's file, placeholders filled in in both.
fn fill(file: &str, values: &[(&str, &str)]) -> (String, String) {
    let (first, body) = file.split_once("\n\n").unwrap_or((file, ""));
    let subject = first.split_once(':').map_or(first, |(_, s)| s).trim();
    // The subject is one header line, whatever a value holds.
    let one_line: Vec<(&str, String)> = values.iter().map(|(k, v)| (*k, v.replace(|c: char| c.is_control(), " "))).collect();
    let one_line: Vec<(&str, &str)> = one_line.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // One pass over each: a value that itself contains `{{ link }}` (a reason someone
    // typed) stays as it is.
    (substitute(subject, &one_line), substitute(body, values))
}

/// Subject and body in `lang`.
pub(crate) fn render(mail: Mail, lang: Lang, values: &[(&str, &str)]) -> (String, String) {
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or_default();
    fill(mail.files()[index], values)
}

/// Who an e-mail goes to, and in which language.
#[derive(Clone, Debug)]
pub(crate) struct Recipient {
    pub email: String,
    pub lang: Lang,
}

impl From<&user::Model> for Recipient {
    fn from(u: &user::Model) -> Self {
        Recipient { email: u.email.clone(), lang: u.preferred_language.0 }
    }
}

/// Puts `mail` for `to` into the outbox, in the caller's transaction.
pub(crate) async fn send(db: &impl ConnectionTrait, to: &Recipient, mail: Mail, values: &[(&str, &str)]) -> DomainResult<()> {
    let (subject, body) = render(mail, to.lang, values);
    crate::outbox::enqueue(db, &to.email, &subject, &body).await
}

#[cfg(test)]
mod tests {
    use migraup_domain::texts::placeholders;

    use super::*;

    #[test]
    fn every_text_has_a_subject_and_only_the_placeholders_its_mail_fills() {
        for mail in Mail::ALL {
            let values: Vec<(&str, &str)> = mail.placeholders().iter().map(|p| (*p, "X")).collect();
            for file in mail.files() {
                assert!(file.contains("\n\n") && !file.lines().next().unwrap().trim().is_empty(), "{mail:?}: no subject line");
                let (subject, body) = fill(file, &values);
                assert!(!subject.is_empty() && !body.is_empty(), "{mail:?}");
                assert!(!body.contains('{') && !body.contains('}'), "{mail:?} has an unknown placeholder: {body}");
            }
        }
    }

    #[test]
    fn every_language_uses_exactly_the_placeholders_of_the_german_text_and_no_single_braces() {
        for mail in Mail::ALL {
            let mut supplied = mail.placeholders().to_vec();
            supplied.sort_unstable();
            let german = placeholders(mail.files()[0]).unwrap_or_else(|e| panic!("{mail:?} in de: {e}"));
            assert_eq!(german, supplied, "{mail:?}: the German text uses other placeholders than the core fills in");
            for (lang, file) in Lang::ALL.iter().zip(mail.files()) {
                let found = placeholders(file).unwrap_or_else(|e| panic!("{mail:?} in {lang}: {e}"));
                assert_eq!(found, german, "{mail:?} in {lang}: other placeholders than the German text");
            }
        }
    }

    #[test]
    fn an_email_is_written_in_its_recipients_language() {
        let (subject, body) = render(Mail::PasswordReset, Lang::De, &[("link", "https://x/reset")]);
        assert_eq!(subject, "Passwort zurücksetzen");
        assert!(body.starts_with("Guten Tag,") && body.matches("https://x/reset").count() == 1, "{body}");
        let (subject, _) = render(Mail::PasswordReset, Lang::En, &[("link", "https://x/reset")]);
        assert_eq!(subject, "Reset your password");
        let subjects: std::collections::HashSet<String> =
            Lang::ALL.iter().map(|lang| render(Mail::Invitation, *lang, &[("expires", "x"), ("link", "y")]).0).collect();
        assert_eq!(subjects.len(), Lang::ALL.len(), "every language has its own subject: {subjects:?}");
    }

    #[test]
    fn every_subject_and_body_is_filled_in_every_language() {
        for mail in Mail::ALL {
            let values: Vec<(&str, String)> = mail.placeholders().iter().map(|p| (*p, format!("<{p} value>"))).collect();
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            for lang in Lang::ALL {
                let (subject, body) = render(*mail, *lang, &values);
                for (what, text) in [("subject", &subject), ("body", &body)] {
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{mail:?} in {lang:?}: a placeholder is left in the {what}: {text}"
                    );
                }
                if mail.files()[0].lines().next().unwrap().contains("{{ name }}") {
                    assert!(subject.contains("<name value>"), "{mail:?} in {lang:?}: {subject}");
                }
            }
        }
        // A subject is one line, whatever a value holds.
        let (subject, _) =
            render(Mail::RequestReceived, Lang::De, &[("name", "Verein\r\nBcc: x@y.de"), ("person", "P"), ("message", "M"), ("link", "L")]);
        assert!(!subject.contains(['\r', '\n']), "{subject:?}");
    }

    #[test]
    fn a_value_is_not_read_as_a_template() {
        let values = [("name", "Verein"), ("reason", "siehe {{ after_days }} und {{link}}"), ("after_days", "nach 30 Tagen")];
        let (_, body) = render(Mail::EntryRejected, Lang::De, &values);
        assert!(body.contains("siehe {{ after_days }} und {{link}}") && body.contains("werden nach 30 Tagen gelöscht"), "{body}");
    }
}
