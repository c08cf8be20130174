//! Translated labels for the enumerations of the domain.

use leptos_i18n::I18nContext;
use migraup_domain::{OrganisationKind, Role, UserStatus};

use crate::i18n::*;

/// The label of an organisation kind given by its schema name.
pub fn kind_label(i18n: I18nContext<Locale>, kind: &str) -> String {
    let kind = OrganisationKind::parse(kind).unwrap_or(OrganisationKind::Other);
    match kind {
        OrganisationKind::MigrantOrganisation => t_string!(i18n, kind_migrant_organisation),
        OrganisationKind::Initiative => t_string!(i18n, kind_initiative),
        OrganisationKind::InformalNetwork => t_string!(i18n, kind_informal_network),
        OrganisationKind::WelfareProvider => t_string!(i18n, kind_welfare_provider),
        OrganisationKind::PublicInstitution => t_string!(i18n, kind_public_institution),
        OrganisationKind::Network => t_string!(i18n, kind_network),
        OrganisationKind::Other => t_string!(i18n, kind_other),
    }
    .to_string()
}

/// The label of a role.
pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Admin => t_string!(i18n, role_admin),
        Role::Administration => t_string!(i18n, role_administration),
        Role::MoRepresentative => t_string!(i18n, role_mo_representative),
        Role::Multiplier => t_string!(i18n, role_multiplier),
        Role::Council => t_string!(i18n, role_council),
    }
    .to_string()
}

/// The label of an account status.
pub fn status_label(i18n: I18nContext<Locale>, status: UserStatus) -> String {
    match status {
        UserStatus::Active => t_string!(i18n, status_active),
        UserStatus::Pending => t_string!(i18n, status_pending),
        UserStatus::Disabled => t_string!(i18n, status_disabled),
    }
    .to_string()
}

/// A Berlin wall-time span (`YYYY-MM-DDTHH:MM` each) as people read it:
/// "14.01.2027, 18:00–21:00" in German, "2027-01-14, 18:00–21:00" otherwise.
pub fn time_span(i18n: I18nContext<Locale>, start: &str, end: &str) -> String {
    let date = |t: &str| {
        let d = t.get(..10).unwrap_or(t);
        if i18n.get_locale_untracked() == Locale::de {
            let parts: Vec<&str> = d.split('-').collect();
            if let [y, m, day] = parts[..] {
                return format!("{day}.{m}.{y}");
            }
        }
        d.to_owned()
    };
    let time = |t: &str| t.get(11..16).unwrap_or_default().to_owned();
    if start.get(..10) == end.get(..10) {
        if start == end { format!("{}, {}", date(start), time(start)) } else { format!("{}, {}–{}", date(start), time(start), time(end)) }
    } else {
        format!("{}, {} – {}, {}", date(start), time(start), date(end), time(end))
    }
}

/// How an organisation answered an invitation to co-organise or to partner.
pub fn participation_label(i18n: I18nContext<Locale>, state: &str) -> String {
    match state {
        "CONFIRMED" => t_string!(i18n, participation_confirmed),
        "DECLINED" => t_string!(i18n, participation_declined),
        _ => t_string!(i18n, participation_invited),
    }
    .to_string()
}
