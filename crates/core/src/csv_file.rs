//! The one CSV writer of migraup (registrations, network tables, the directory
//! export; verbatim for the HSDS data package). Every cell that a spreadsheet would read as a formula (it starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) is neutralised with a leading `'`, as
//! OWASP advises against CSV injection; a cell that is a plain number stays a number.

use std::borrow::Cow;

use migraup_domain::{DomainError, error::DomainResult};

/// A cell as a spreadsheet may safely read it.
pub(crate) fn neutralise(value: &str) -> Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(value) { Cow::Owned(format!("'{value}")) } else { Cow::Borrowed(value) }
}

/// `-3`, `+0.25`, `1e5`: digits, signs, one decimal point and exponents only.
fn is_plain_number(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) && value.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A CSV document (UTF-8, comma-separated, header row first) for spreadsheets.
pub(crate) fn write<H, R, C>(header: &[H], rows: R) -> DomainResult<String>
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    write_with(header, rows, true)
}

/// A CSV document with every cell as it is, for data packages that programs read
/// (HSDS), where a leading `'` would change the data (`+49 …`, `-2`).
pub(crate) fn write_verbatim<H, R, C>(header: &[H], rows: R) -> DomainResult<String>
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    write_with(header, rows, false)
}

fn write_with<H, R, C>(header: &[H], rows: R, neutral: bool) -> DomainResult<String>
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let cell = |c: &str| if neutral { neutralise(c).into_owned() } else { c.to_owned() };
    let fail = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "writing CSV failed");
        DomainError::internal()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header.iter().map(|h| cell(h.as_ref()))).map_err(|e| fail(&e))?;
    for row in rows {
        w.write_record(row.iter().map(|c| cell(c.as_ref()))).map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_stay_numbers() {
        for risky in ["=HYPERLINK(\"http://evil\";\"x\")", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-inf", "=1"] {
            assert!(neutralise(risky).starts_with('\''), "{risky:?}");
        }
        for plain in ["-3", "0.25", "+1", "1e5", "Brücke e.V.", "", "a=b"] {
            assert_eq!(neutralise(plain), plain);
        }
        let csv = write(&["Name", "Grad"], [vec!["=1+1", "-2"], vec!["Verein", "3"]]).unwrap();
        assert_eq!(csv, "Name,Grad\n'=1+1,-2\nVerein,3\n");
    }
}
