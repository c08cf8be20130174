//! Translated labels for the enumerations of the domain.

use migraup_domain::{OrganisationKind, Role, UserStatus};

use crate::i18n::*;

/// The label of an organisation kind given by its schema name.
pub fn kind_label(i18n: I18nContext, kind: &str) -> String {
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
pub fn role_label(i18n: I18nContext, role: Role) -> String {
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
pub fn status_label(i18n: I18nContext, status: UserStatus) -> String {
    match status {
        UserStatus::Active => t_string!(i18n, status_active),
        UserStatus::Pending => t_string!(i18n, status_pending),
        UserStatus::Disabled => t_string!(i18n, status_disabled),
    }
    .to_string()
}

/// A Berlin wall-time span (`YYYY-MM-DDTHH:MM` each) as people read it:
/// "14.01.2027, 18:00–21:00" in German, "2027-01-14, 18:00–21:00" otherwise.
pub fn time_span(i18n: I18nContext, start: &str, end: &str) -> String {
    let date = |t: &str| date(i18n, t);
    let time = |t: &str| t.get(11..16).unwrap_or_default().to_owned();
    if start.get(..10) == end.get(..10) {
        if start == end { format!("{}, {}", date(start), time(start)) } else { format!("{}, {}–{}", date(start), time(start), time(end)) }
    } else {
        format!("{}, {} – {}, {}", date(start), time(start), date(end), time(end))
    }
}

/// How an organisation answered an invitation to co-organise or to partner.
pub fn participation_label(i18n: I18nContext, state: &str) -> String {
    match state {
        "CONFIRMED" => t_string!(i18n, participation_confirmed),
        "DECLINED" => t_string!(i18n, participation_declined),
        _ => t_string!(i18n, participation_invited),
    }
    .to_string()
}

/// The translated status of an event.
pub fn event_status_label(i18n: I18nContext, status: &str) -> String {
    match status {
        "DRAFT" => t_string!(i18n, event_status_draft),
        "CANCELLED" => t_string!(i18n, event_status_cancelled),
        _ => t_string!(i18n, event_status_published),
    }
    .to_string()
}

/// The translated status of a project.
pub fn project_status_label(i18n: I18nContext, status: &str) -> String {
    match status {
        "ACTIVE" => t_string!(i18n, project_active),
        "COMPLETED" => t_string!(i18n, project_completed),
        _ => t_string!(i18n, project_planned),
    }
    .to_string()
}

/// A project's period from its first to its last day, either end open.
pub fn period(i18n: I18nContext, from: Option<&str>, to: Option<&str>) -> String {
    let day = |d: &str| time_span(i18n, d, d).split(',').next().unwrap_or_default().to_owned();
    match (from, to) {
        (Some(f), Some(t)) => format!("{} – {}", day(f), day(t)),
        (Some(f), None) => format!("{} –", day(f)),
        (None, Some(t)) => format!("– {}", day(t)),
        (None, None) => String::new(),
    }
}

/// The BCP 47 tag of the language the app is shown in.
fn language_tag(i18n: I18nContext) -> js_sys::Array {
    js_sys::Array::of1(&crate::language::intl_tag(i18n.get_locale_untracked()).into())
}

/// Numbers in the reader's language (German: decimal comma) through the browser's
/// `Intl`, with at most `digits` decimals. Made once and used for many numbers (a table
/// of thousands of rows), since making an `Intl` formatter is the costly part.
pub fn number_format(i18n: I18nContext, digits: u32) -> impl Fn(f64) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &digits.into());
    let format = js_sys::Intl::NumberFormat::new(&language_tag(i18n), &options).format();
    move |value: f64| {
        format
            .call1(&wasm_bindgen::JsValue::UNDEFINED, &value.into())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| format!("{value:.*}", digits as usize))
    }
}

/// A calendar date `YYYY-MM-DD` in the reader's language and order (`14.01.2027`,
/// `1/14/2027`) through `Intl`; the date is not moved by time zones.
pub fn date(i18n: I18nContext, iso: &str) -> String {
    let parts: Vec<u32> = iso.get(..10).unwrap_or(iso).split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return iso.to_owned() };
    let utc = js_sys::Date::utc(f64::from(y), f64::from(m) - 1.0);
    let day = js_sys::Date::new(&utc.into());
    day.set_utc_date(d);
    let options = js_sys::Object::new();
    for (key, value) in [("timeZone", "UTC"), ("day", "2-digit"), ("month", "2-digit"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_sys::Intl::DateTimeFormat::new(&language_tag(i18n), &options)
        .format()
        .call1(&wasm_bindgen::JsValue::UNDEFINED, &day)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| iso.to_owned())
}
