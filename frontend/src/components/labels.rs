//! Translated labels for the enumerations of the domain: each enumeration a person
//! sees or chooses is `Labelled`, with one arm per value (no value without a label,
//! no label for a value that does not exist).

use migraup_domain::{
    ActionStatus, ConcernStatus, ConcernStep, ConcernVisibility, EventStatus, FieldVisibility, IdeaStatus, Lang, OrganisationKind,
    ParticipationState, ProjectStatus, RelationKind, RelationState, RequestKind, RequestState, Role, TokenScope, UserStatus, Visibility,
};

use crate::{components::select::Labelled, i18n::*};

/// `Labelled` for an enumeration: its values in the order offered, each with its text.
macro_rules! labelled {
    ($type:ident { $($value:ident => $key:ident),+ $(,)? }) => {
        impl Labelled for $type {
            const ALL: &'static [Self] = &[$($type::$value),+];
            fn label(self, i18n: I18nContext) -> &'static str {
                match self {
                    $($type::$value => t_string!(i18n, $key)),+
                }
            }
        }
    };
}

labelled!(Role {
    Admin => role_admin,
    Administration => role_administration,
    MoRepresentative => role_mo_representative,
    Multiplier => role_multiplier,
    Council => role_council,
});

labelled!(TokenScope {
    ReadPublic => token_scope_read_public,
    ReadMembers => token_scope_read_members,
    ManageEventsAndOfferings => token_scope_manage,
});

labelled!(UserStatus { Pending => status_pending, Active => status_active, Disabled => status_disabled });

labelled!(OrganisationKind {
    MigrantOrganisation => kind_migrant_organisation,
    Initiative => kind_initiative,
    InformalNetwork => kind_informal_network,
    WelfareProvider => kind_welfare_provider,
    PublicInstitution => kind_public_institution,
    Network => kind_network,
    Other => kind_other,
});

labelled!(Visibility { Public => visibility_public, Members => visibility_members });

labelled!(FieldVisibility {
    Public => field_visibility_public,
    Members => field_visibility_members,
    Administration => field_visibility_administration,
});

labelled!(ProjectStatus { Planned => project_planned, Active => project_active, Completed => project_completed });

labelled!(EventStatus { Draft => event_status_draft, Published => event_status_published, Cancelled => event_status_cancelled });

labelled!(ParticipationState {
    Invited => participation_invited,
    Confirmed => participation_confirmed,
    Declined => participation_declined,
});

labelled!(RelationKind {
    Cooperation => relation_cooperation,
    Membership => relation_membership,
    Funding => relation_funding,
    Referral => relation_referral,
    SharedPremises => relation_shared_premises,
    Other => relation_other,
});

labelled!(RelationState {
    Proposed => relation_proposed,
    Confirmed => relation_confirmed,
    Declined => relation_declined,
    Ended => relation_ended,
});

labelled!(RequestKind {
    Claim => inbox_kind_claim,
    Join => inbox_kind_join,
    GroupInvitation => inbox_kind_group_invitation,
    GroupApplication => inbox_kind_group_application,
});

labelled!(IdeaStatus {
    Proposed => idea_status_proposed,
    UnderDiscussion => idea_status_under_discussion,
    Adopted => idea_status_adopted,
    UnderWay => idea_status_under_way,
    Done => idea_status_done,
    NotPursued => idea_status_not_pursued,
});

labelled!(ConcernStatus {
    Open => concern_status_open,
    InProgress => concern_status_in_progress,
    Answered => concern_status_answered,
    Closed => concern_status_closed,
});

labelled!(ConcernVisibility {
    Public => concern_visibility_public,
    Members => concern_visibility_members,
    Administration => concern_visibility_administration,
});

labelled!(ConcernStep {
    Raised => concern_step_raised,
    Joined => concern_step_joined,
    Taken => concern_step_taken,
    Answered => concern_step_answered,
    Closed => concern_step_closed,
    Reopened => concern_step_reopened,
    Flagged => concern_step_flagged,
});

labelled!(ActionStatus { Open => action_status_open, Done => action_status_done, Dropped => action_status_dropped });

labelled!(RequestState {
    Pending => inbox_state_pending,
    Approved => inbox_state_approved,
    Declined => inbox_state_declined,
    Withdrawn => inbox_state_withdrawn,
});

/// The interface languages, each named in itself (the same in every language).
impl Labelled for Lang {
    const ALL: &'static [Self] = Lang::ALL;
    const OWN_LANGUAGE: bool = true;
    fn label(self, _: I18nContext) -> &'static str {
        self.native_name()
    }
}

/// A Berlin wall-time span (`YYYY-MM-DDTHH:MM` each) as people read it:
/// "14.01.2027, 18:00–21:00" in German, "2027-01-14, 18:00–21:00" otherwise.
///
/// On right-to-left pages each time and range is isolated left to right (U+2066 …
/// U+2069), so "18:00–20:30" does not read "20:30–18:00".
pub fn time_span(i18n: I18nContext, start: &str, end: &str) -> String {
    let rtl = i18n.get_locale_untracked().dir() == "rtl";
    let ltr = |s: String| if rtl { format!("\u{2066}{s}\u{2069}") } else { s };
    let date = |t: &str| date(i18n, t);
    let time = |t: &str| t.get(11..16).unwrap_or_default().to_owned();
    if start.get(..10) == end.get(..10) {
        if start == end {
            format!("{}, {}", date(start), ltr(time(start)))
        } else {
            format!("{}, {}", date(start), ltr(format!("{}–{}", time(start), time(end))))
        }
    } else {
        format!("{}, {} – {}, {}", date(start), ltr(time(start)), date(end), ltr(time(end)))
    }
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

/// An instant (RFC 3339, as the API sends `…At` fields) as Berlin wall time in the
/// reader's language: "06.12.2026, 14:05"; with `with_time` false the day only. The one
/// formatter for points in time on every page.
pub fn instant(i18n: I18nContext, rfc3339: &str, with_time: bool) -> String {
    let when = js_sys::Date::new(&rfc3339.into());
    if when.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    let mut parts = vec![("timeZone", "Europe/Berlin"), ("day", "2-digit"), ("month", "2-digit"), ("year", "numeric")];
    if with_time {
        parts.extend([("hour", "2-digit"), ("minute", "2-digit")]);
    }
    for (key, value) in parts {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_sys::Intl::DateTimeFormat::new(&language_tag(i18n), &options)
        .format()
        .call1(&wasm_bindgen::JsValue::UNDEFINED, &when)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| rfc3339.to_owned())
}
