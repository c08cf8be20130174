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
