//! The overview as files for a council meeting: metrics and coverage as CSV, and
//! both (with the key figures and the gaps) as one XLSX workbook.

use std::collections::HashMap;

use migraup_domain::{DomainError, Lang, error::DomainResult};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use uuid::Uuid;

use super::NetworkOverview;

fn pick(lang: Lang, key: &'static str) -> &'static str {
    migraup_domain::texts::text(lang, key)
}

fn metric_header(lang: Lang) -> Vec<&'static str> {
    vec![
        pick(lang, "export_organisation"),
        pick(lang, "export_kind"),
        pick(lang, "export_ortsteil"),
        pick(lang, "export_degree"),
        pick(lang, "export_weighted_degree"),
        pick(lang, "export_betweenness"),
        pick(lang, "export_community"),
        pick(lang, "export_component"),
        pick(lang, "export_isolated"),
        pick(lang, "export_broker"),
        pick(lang, "export_verified"),
    ]
}

fn yes(lang: Lang, v: bool) -> &'static str {
    match v {
        true => pick(lang, "yes"),
        false => pick(lang, "no"),
    }
}

/// One row per organisation, in the order of the overview's nodes.
fn metric_rows(o: &NetworkOverview, lang: Lang) -> Vec<Vec<String>> {
    let districts: HashMap<Uuid, &str> = o.coverage.districts.iter().map(|d| (d.id, d.name.as_str())).collect();
    o.nodes
        .iter()
        .map(|n| {
            let m = &n.metrics;
            vec![
                n.name.clone(),
                n.kind.as_str().to_owned(),
                n.district_id.and_then(|d| districts.get(&d).copied()).unwrap_or_default().to_owned(),
                m.degree.to_string(),
                format!("{}", m.weighted_degree),
                format!("{:.4}", m.betweenness),
                m.community.map(|c| (c + 1).to_string()).unwrap_or_default(),
                (m.component + 1).to_string(),
                yes(lang, m.degree == 0).to_owned(),
                yes(lang, m.articulation).to_owned(),
                yes(lang, n.verified).to_owned(),
            ]
        })
        .collect()
}

fn coverage_header(o: &NetworkOverview, lang: Lang) -> Vec<String> {
    let mut header = vec![pick(lang, "export_topic").to_owned()];
    header.extend(o.coverage.districts.iter().map(|d| d.name.clone()));
    header
}

/// Per topic and Ortsteil: "offerings / organisations", gaps as "0 / n".
fn coverage_rows(o: &NetworkOverview, lang: Lang) -> Vec<Vec<String>> {
    let width = o.coverage.districts.len();
    o.coverage
        .topics
        .iter()
        .enumerate()
        .map(|(t, topic)| {
            let mut row = vec![topic.labels.get(lang.as_str()).to_owned()];
            row.extend(o.coverage.cells[t * width..(t + 1) * width].iter().map(|c| format!("{} / {}", c.offerings, c.organisations)));
            row
        })
        .collect()
}

fn csv_of(header: &[String], rows: &[Vec<String>]) -> DomainResult<String> {
    migraup_formats::csv::write(header, rows.iter().cloned())
}

/// The metrics table as CSV.
pub fn metrics_csv(o: &NetworkOverview, lang: Lang) -> DomainResult<String> {
    let header: Vec<String> = metric_header(lang).into_iter().map(str::to_owned).collect();
    csv_of(&header, &metric_rows(o, lang))
}

/// The coverage matrix as CSV ("offerings / organisations" per cell).
pub fn coverage_csv(o: &NetworkOverview, lang: Lang) -> DomainResult<String> {
    csv_of(&coverage_header(o, lang), &coverage_rows(o, lang))
}

fn sheet(book: &mut Workbook, name: &str, header: &[String], rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let s: &mut Worksheet = book.add_worksheet().set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        s.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            // Numbers as numbers, so the council can sort and sum in the spreadsheet.
            match value.parse::<f64>() {
                Ok(n) if !value.is_empty() => s.write_number((r + 1) as u32, c as u16, n)?,
                _ => s.write_string((r + 1) as u32, c as u16, value)?,
            };
        }
    }
    s.set_freeze_panes(1, 1)?;
    s.autofit();
    Ok(())
}

/// A named table: sheet name, header, rows.
pub(crate) type Table = (String, Vec<String>, Vec<Vec<String>>);

/// A workbook of named tables, one sheet each (names cut to the 31 characters a sheet
/// name may have, without the characters it may not hold).
pub(crate) fn workbook(sheets: &[Table]) -> DomainResult<Vec<u8>> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        for (name, header, rows) in sheets {
            let name: String = name.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
            sheet(&mut book, &name, header, rows)?;
        }
        book.save_to_buffer()
    };
    build().map_err(|e| {
        tracing::error!(error = %e, "workbook not written");
        DomainError::internal()
    })
}

/// The report workbook: key figures, metrics, coverage and the gaps.
pub fn xlsx(o: &NetworkOverview, lang: Lang) -> DomainResult<Vec<u8>> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let s = &o.summary;
        let figures: Vec<Vec<String>> = [
            (pick(lang, "export_organisations"), s.organisations.to_string()),
            (pick(lang, "export_ties"), s.ties.to_string()),
            (pick(lang, "export_density"), format!("{:.4}", s.density)),
            (pick(lang, "export_components"), s.components.to_string()),
            (pick(lang, "export_largest_component"), s.largest_component.to_string()),
            (pick(lang, "export_communities"), s.communities.to_string()),
            (pick(lang, "export_modularity"), format!("{:.4}", s.modularity)),
            (pick(lang, "export_isolates"), s.isolates.to_string()),
            (pick(lang, "export_bridges"), s.bridges.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| vec![k.to_owned(), v])
        .collect();
        let header = vec![pick(lang, "export_figure").to_owned(), pick(lang, "export_value").to_owned()];
        sheet(&mut book, pick(lang, "export_key_figures"), &header, &figures)?;
        let metric_header: Vec<String> = metric_header(lang).into_iter().map(str::to_owned).collect();
        sheet(&mut book, pick(lang, "export_organisations"), &metric_header, &metric_rows(o, lang))?;
        sheet(&mut book, pick(lang, "export_coverage"), &coverage_header(o, lang), &coverage_rows(o, lang))?;
        let width = o.coverage.districts.len();
        let gaps: Vec<Vec<String>> = o
            .coverage
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.gap())
            .map(|(i, c)| {
                vec![
                    o.coverage.topics[i / width.max(1)].labels.get(lang.as_str()).to_owned(),
                    o.coverage.districts[i % width.max(1)].name.clone(),
                    c.organisations.to_string(),
                ]
            })
            .collect();
        let gap_header = vec![
            pick(lang, "export_topic").to_owned(),
            pick(lang, "export_ortsteil").to_owned(),
            pick(lang, "export_without_offering").to_owned(),
        ];
        sheet(&mut book, pick(lang, "export_gaps"), &gap_header, &gaps)?;
        book.save_to_buffer()
    };
    build().map_err(|e| {
        tracing::error!(error = %e, "network workbook not written");
        DomainError::internal()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{NetworkNode, analysis::NodeMetrics};
    use migraup_domain::OrganisationKind;

    #[test]
    fn csv_has_one_row_per_organisation_and_a_workbook_is_a_zip() {
        let node = |name: &str, degree| NetworkNode {
            organisation_id: Uuid::now_v7(),
            slug: name.to_lowercase(),
            name: name.into(),
            kind: OrganisationKind::MigrantOrganisation,
            district_id: None,
            verified: true,
            metrics: NodeMetrics { degree, ..Default::default() },
            x: 0.5,
            y: 0.5,
        };
        let o = NetworkOverview { nodes: vec![node("Verein, mit Komma", 2), node("Allein", 0)], ..Default::default() };
        let csv = metrics_csv(&o, Lang::De).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Organisation,Art,Ortsteil,Grad"));
        assert!(lines[1].starts_with("\"Verein, mit Komma\",MIGRANT_ORGANISATION,,2,"));
        assert!(lines[2].contains(",ja,nein,ja"), "{}", lines[2]);
        let book = xlsx(&o, Lang::En).unwrap();
        assert_eq!(&book[..2], b"PK");
    }
}
