//! The one CSV writer of migraup (registrations, network tables, the directory
//! export; nearly verbatim for the HSDS data package). Every cell that a spreadsheet would read as a formula (it starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) is neutralised with a leading `'`, as
//! OWASP advises against CSV injection; a cell that is a plain number stays a number.
//! Names are refused with such a first character when entered (`validate::name`); this
//! is the second wall, for every other cell.

use std::borrow::Cow;

use migraup_domain::{DomainError, error::DomainResult};

/// A cell as a spreadsheet may safely read it.
pub fn neutralise(value: &str) -> Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(value) { Cow::Owned(format!("'{value}")) } else { Cow::Borrowed(value) }
}

/// A cell of a data package: neutralised like [`neutralise`], except numbers and phone
/// numbers (`+49 30 1234-567`), which programs read as they are. Without letters,
/// quotes or `|`, such a cell can call no function and open no link.
fn neutralise_data(value: &str) -> Cow<'_, str> {
    let phone_like = value.chars().all(|c| c.is_ascii_digit() || " +-/().".contains(c)) && value.chars().any(|c| c.is_ascii_digit());
    if phone_like { Cow::Borrowed(value) } else { neutralise(value) }
}

/// `-3`, `+0.25`, `1e5`: digits, signs, one decimal point and exponents only.
fn is_plain_number(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) && value.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A CSV document (UTF-8, comma-separated, header row first) for spreadsheets.
pub fn write<H, R, C>(header: &[H], rows: R) -> DomainResult<String>
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    write_with(header, rows, true)
}

/// A CSV document for data packages that programs read (HSDS), where a leading `'`
/// would change the data: numbers and phone numbers (`+49 …`, `-2`) stay as they are,
/// any other cell that reads as a formula is neutralised.
pub fn write_verbatim<H, R, C>(header: &[H], rows: R) -> DomainResult<String>
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    write_with(header, rows, false)
}

fn write_with<H, R, C>(header: &[H], rows: R, for_spreadsheets: bool) -> DomainResult<String>
where
    H: AsRef<str>,
    R: IntoIterator<Item = Vec<C>>,
    C: AsRef<str>,
{
    let cell = |c: &str| if for_spreadsheets { neutralise(c).into_owned() } else { neutralise_data(c).into_owned() };
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

    #[test]
    fn data_packages_neutralise_formulas_but_keep_numbers_and_phone_numbers() {
        let csv = write_verbatim(
            &["name", "number"],
            [
                vec!["=HYPERLINK(\"http://evil.example\";\"x\")", "+49 30 1234-567"],
                vec!["@SUM(A1)", "-2"],
                vec!["+cmd|' /C calc'!A0", "(030) 123 45"],
                vec!["-2+3+cmd|' /C calc'!A0", "2024-05-01"],
                vec!["\tx", "+1"],
                vec!["Brücke e.V.", ""],
            ],
        )
        .unwrap();
        let cells: Vec<Vec<String>> =
            csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        let names: Vec<&str> = cells.iter().map(|r| r[0].as_str()).collect();
        let numbers: Vec<&str> = cells.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            names,
            [
                "'=HYPERLINK(\"http://evil.example\";\"x\")",
                "'@SUM(A1)",
                "'+cmd|' /C calc'!A0",
                "'-2+3+cmd|' /C calc'!A0",
                "'\tx",
                "Brücke e.V."
            ]
        );
        assert_eq!(numbers, ["+49 30 1234-567", "-2", "(030) 123 45", "2024-05-01", "+1", ""]);
    }
}
