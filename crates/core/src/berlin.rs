//! Wall time in Berlin. Events are planned in local time and stored in UTC; the
//! IANA rules (chrono-tz) decide the offset, daylight saving included.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{Europe::Berlin, Tz};
use migraup_domain::{DomainError, Reason, error::DomainResult};

/// The zone's IANA name, as written into calendar files.
pub const TZID: &str = "Europe/Berlin";

/// The format of local times on the wire: `2026-12-03T18:00`.
const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// Parses a Berlin wall time (`YYYY-MM-DDTHH:MM`, seconds allowed) into UTC.
/// A time skipped by the spring change (02:00–03:00) is refused; a time that
/// happens twice in autumn means the first (summer time) one.
pub fn parse_local(field: &str, text: &str) -> DomainResult<DateTime<Utc>> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| DomainError::invalid(field, Reason::InvalidDateTime))?;
    match Berlin.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(DomainError::invalid(field, Reason::InvalidDateTime)),
    }
}

/// Parses an optional calendar date (`YYYY-MM-DD`); blank means none.
pub fn parse_date(field: &str, value: Option<&str>) -> DomainResult<Option<NaiveDate>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d").map(Some).map_err(|_| DomainError::invalid(field, Reason::InvalidDateTime)),
    }
}

/// Today's date in Berlin.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&Berlin).date_naive()
}

/// The Berlin wall time of an instant.
pub fn local(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&Berlin)
}

/// The Berlin wall time of an instant as people of `lang` write it
/// ("14.01.2027, 18:00 Uhr", "14/01/2027 18:00"): the one form for mails and files.
pub fn human(lang: migraup_domain::Lang, t: DateTime<Utc>) -> String {
    local(t).format(migraup_domain::texts::text(lang, "date_time")).to_string()
}

/// The Berlin wall time of an instant as `YYYY-MM-DDTHH:MM`.
pub fn format_local(t: DateTime<Utc>) -> String {
    local(t).format(LOCAL_FORMAT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_and_summer_offsets() {
        assert_eq!(parse_local("t", "2026-12-03T18:00").unwrap().to_rfc3339(), "2026-12-03T17:00:00+00:00");
        assert_eq!(parse_local("t", "2026-07-03T18:00").unwrap().to_rfc3339(), "2026-07-03T16:00:00+00:00");
    }

    #[test]
    fn daylight_saving_edges() {
        // 29 March 2026: 02:00 jumps to 03:00, so 02:30 does not exist.
        assert_eq!(parse_local("startsAt", "2026-03-29T02:30").unwrap_err().field.as_deref(), Some("startsAt"));
        // 25 October 2026: 02:30 happens twice; the first is still summer time.
        assert_eq!(parse_local("t", "2026-10-25T02:30").unwrap().to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert_eq!(format_local(parse_local("t", "2026-10-25T03:30").unwrap()), "2026-10-25T03:30");
    }

    #[test]
    fn refuses_other_formats() {
        assert!(parse_local("t", "03.12.2026 18:00").is_err());
        assert!(parse_local("t", "2026-12-03T18:00:00Z").is_err());
    }
}
