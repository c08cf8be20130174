//! The texts of the e-mails: one folder per e-mail in `crates/core/mail/`, one file per
//! interface language, compiled in. A missing file fails the build; placeholders
//! (`{link}`) are filled in here. Each e-mail is written in its recipient's language.

use migraup_domain::{Lang, error::DomainResult};
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
    EntryRejected => "entry_rejected" ["name", "reason", "days"],
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
}

/// Subject and body of one language's file, placeholders filled in.
fn fill(file: &str, values: &[(&str, &str)]) -> (String, String) {
    let (first, body) = file.split_once("\n\n").unwrap_or((file, ""));
    let subject = first.split_once(':').map_or(first, |(_, s)| s).trim().to_owned();
    // One pass over the template: a value that itself contains `{link}` (a reason
    // someone typed) stays as it is.
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after
            .find('}')
            .map(|end| (&after[..end], end))
            .and_then(|(key, end)| values.iter().find(|(k, _)| *k == key).map(|(_, v)| (v, end)))
        {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (subject, out)
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
                for placeholder in mail.placeholders() {
                    assert!(file.contains(&format!("{{{placeholder}}}")), "{mail:?} does not use {{{placeholder}}}");
                }
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
    fn a_value_is_not_read_as_a_template() {
        let (_, body) = render(Mail::EntryRejected, Lang::De, &[("name", "Verein"), ("reason", "siehe {days} und {link}"), ("days", "30")]);
        assert!(body.contains("siehe {days} und {link}") && body.contains("nach 30 Tagen"), "{body}");
    }
}
