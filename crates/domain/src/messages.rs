//! Human-readable, translated texts for error reasons (German first, English second).

use crate::{Lang, Reason};

/// The message shown to a person for `reason`, in `lang`.
pub fn reason_text(reason: &Reason, lang: Lang) -> String {
    use Reason::*;
    let de = lang == Lang::De;
    match reason {
        Required => pick(de, "Bitte ausfüllen.", "This field is required."),
        TooShort { min } => {
            if de {
                format!("Mindestens {min} Zeichen.")
            } else {
                format!("At least {min} characters.")
            }
        }
        TooLong { max } => {
            if de {
                format!("Höchstens {max} Zeichen.")
            } else {
                format!("At most {max} characters.")
            }
        }
        ControlCharacters => pick(de, "Enthält unzulässige Steuerzeichen.", "Contains control characters that are not allowed."),
        InvalidEmail => pick(de, "Keine gültige E-Mail-Adresse.", "Not a valid e-mail address."),
        InvalidUrl => pick(de, "Keine gültige Web-Adresse (http:// oder https://).", "Not a valid web address (http:// or https://)."),
        InvalidPhone => pick(de, "Keine gültige Telefonnummer.", "Not a valid phone number."),
        InvalidYear { min, max } => {
            if de {
                format!("Ein Jahr zwischen {min} und {max}.")
            } else {
                format!("A year between {min} and {max}.")
            }
        }
        InvalidSlug => pick(de, "Nur Kleinbuchstaben, Ziffern und Bindestriche.", "Only lower-case letters, digits and hyphens."),
        InvalidLanguage => pick(de, "Unbekannter Sprachcode (ISO 639-1).", "Unknown language code (ISO 639-1)."),
        InvalidCoordinates => pick(de, "Ungültige Koordinaten.", "Invalid coordinates."),
        OutOfRange { min, max } => {
            if de {
                format!("Ein Wert zwischen {min} und {max}.")
            } else {
                format!("A value between {min} and {max}.")
            }
        }
        UnknownId => pick(de, "Unbekannter Eintrag.", "Unknown entry."),
        AlreadyTaken => pick(de, "Ist bereits vergeben.", "Is already taken."),
        PasswordTooCommon => pick(
            de,
            "Dieses Passwort ist zu verbreitet. Bitte ein anderes wählen.",
            "This password is too common. Please choose another one.",
        ),
        InvalidCredentials => pick(de, "E-Mail-Adresse oder Passwort ist falsch.", "E-mail address or password is wrong."),
        InvalidToken => pick(
            de,
            "Der Link ist ungültig, abgelaufen oder wurde schon benutzt.",
            "The link is invalid, expired or has already been used.",
        ),
        EndBeforeStart => pick(de, "Das Ende muss nach dem Beginn liegen.", "The end must be after the start."),
        InvalidDateTime => pick(
            de,
            "Kein gültiger Zeitpunkt in Berlin (Datum und Uhrzeit, z. B. 2026-12-03T18:00).",
            "Not a valid time in Berlin (date and time, e.g. 2026-12-03T18:00).",
        ),
        PlaceOrLinkRequired => pick(de, "Bitte einen Ort oder einen Online-Link angeben.", "Please give a place or an online link."),
        OrganisersNotConfirmed => pick(
            de,
            "Veröffentlichen geht erst, wenn alle Mitveranstalter zugesagt haben.",
            "The event can be published only when every co-organiser has confirmed.",
        ),
        InvalidState => pick(de, "Das ist in diesem Zustand nicht möglich.", "This is not possible in the current state."),
        AlreadyInvited => pick(de, "Diese Organisation ist schon eingeladen.", "This organisation has already been invited."),
        SameOrganisation => {
            pick(de, "Eine Organisation kann keine Beziehung zu sich selbst haben.", "An organisation cannot be related to itself.")
        }
        AlreadyRelated => {
            pick(de, "Diese Beziehung ist schon vorgeschlagen oder bestätigt.", "This relation has already been proposed or confirmed.")
        }
        DocumentTooComplex => pick(
            de,
            "Die Anfrage ist zu groß oder zu aufwendig. Bitte teilen Sie sie auf.",
            "The request is too large or too costly. Please split it up.",
        ),
        InvalidDocument => pick(de, "Die Anfrage passt nicht zur Schnittstelle.", "The request does not fit the API."),
        BodyTooLarge => pick(de, "Die Anfrage ist zu groß (höchstens 64 KiB).", "The request is too large (at most 64 KiB)."),
        Unavailable => pick(
            de,
            "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden noch einmal.",
            "The database cannot be reached right now. Please try again in a few seconds.",
        ),
        NotSignedIn => pick(de, "Bitte melden Sie sich an.", "Please sign in."),
        NotAllowed => pick(de, "Dazu fehlt Ihnen die Berechtigung.", "You are not allowed to do this."),
        NotFound => pick(de, "Nicht gefunden.", "Not found."),
        StaleVersion => {
            pick(de, "Jemand anderes hat diesen Eintrag inzwischen geändert.", "Someone else has changed this entry in the meantime.")
        }
        TooManyAttempts => pick(de, "Zu viele Versuche. Bitte warten Sie etwas.", "Too many attempts. Please wait a while."),
        Internal => pick(de, "Ein interner Fehler ist aufgetreten.", "An internal error occurred."),
    }
}

fn pick(de: bool, german: &str, english: &str) -> String {
    if de { german } else { english }.to_owned()
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
