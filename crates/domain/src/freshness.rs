//! How fresh an entry is: when its organisation is reminded to confirm it, when the
//! directory marks it as possibly outdated, and when an offering is hidden from the
//! public until confirmed. Counted in whole months since the last confirmation.

/// Months after the last confirmation when the representatives get a reminder.
pub const REMIND_AFTER_MONTHS: u32 = 11;
/// Months after which the directory marks an entry as possibly outdated.
pub const STALE_AFTER_MONTHS: u32 = 12;
/// Months after which an offering is hidden from everyone but its organisation and
/// the coordination team, until someone confirms it.
pub const HIDE_AFTER_MONTHS: u32 = 18;

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Freshness {
    Current,
    /// Reminder due: still shown as current.
    Due,
    /// Marked as possibly outdated.
    Stale,
    /// (Offerings) hidden from the public.
    Hidden,
}

impl Freshness {
    /// The state after `months` whole months since the last confirmation.
    pub fn after_months(months: u32) -> Freshness {
        match months {
            m if m >= HIDE_AFTER_MONTHS => Freshness::Hidden,
            m if m >= STALE_AFTER_MONTHS => Freshness::Stale,
            m if m >= REMIND_AFTER_MONTHS => Freshness::Due,
            _ => Freshness::Current,
        }
    }

    /// The stable name the API sends.
    pub fn as_str(self) -> &'static str {
        match self {
            Freshness::Current => "CURRENT",
            Freshness::Due => "DUE",
            Freshness::Stale => "STALE",
            Freshness::Hidden => "HIDDEN",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thresholds_follow_each_other() {
        assert_eq!(Freshness::after_months(0), Freshness::Current);
        assert_eq!(Freshness::after_months(10), Freshness::Current);
        assert_eq!(Freshness::after_months(11), Freshness::Due);
        assert_eq!(Freshness::after_months(12), Freshness::Stale);
        assert_eq!(Freshness::after_months(17), Freshness::Stale);
        assert_eq!(Freshness::after_months(18), Freshness::Hidden);
    }
}
