//! What the page keeps of the API's answers: plain values, enumerations as their schema
//! names (each operation has its own generated enum types), and the translated labels.

use crate::{
    api::{self, commit_import, import_batch, preview_import},
    i18n::*,
};

/// The fields a column can be read as, in the order the mapping offers them.
pub const FIELDS: [&str; 14] = [
    "NAME",
    "EXTERNAL_ID",
    "KIND",
    "LEGAL_FORM",
    "DESCRIPTION",
    "WEBSITE",
    "EMAIL",
    "PHONE",
    "STREET",
    "POSTAL_CODE",
    "CITY",
    "FOUNDED_YEAR",
    "LANGUAGES",
    "OFFERINGS",
];

/// One column of the file and the field it is read as (`None`: ignored).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub index: i64,
    pub header: String,
    pub field: Option<String>,
    pub samples: Vec<String>,
}

/// A value of a row as it would be saved, with its error.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub field: String,
    pub value: String,
    pub error: Option<String>,
}

/// A field where the file differs from an existing organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub field: String,
    pub current: Option<String>,
    pub incoming: String,
}

/// A possible duplicate of a row: an existing organisation, or an earlier line.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The existing organisation's id and slug.
    pub organisation: Option<(String, String)>,
    pub line: Option<i64>,
    pub name: String,
    pub reasons: Vec<String>,
    pub similarity: f64,
    pub differences: Vec<Difference>,
}

/// What happens to a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    New,
    Merge,
    Skip,
}

/// A decision on a row: merging names the organisation and the fields taken from the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub action: Action,
    pub into: Option<String>,
    pub take: Vec<String>,
}

/// One previewed row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: i64,
    pub status: String,
    pub name: String,
    pub cells: Vec<Cell>,
    pub candidates: Vec<Candidate>,
    pub suggested: Option<Decision>,
}

impl Row {
    /// Whether the person decides about this row (invalid and unchanged rows are skipped).
    pub fn decidable(&self) -> bool {
        !matches!(self.status.as_str(), "INVALID" | "UNCHANGED")
    }
}

/// The counts of the whole file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub rows: i64,
    pub new: i64,
    pub invalid: i64,
    pub duplicates: i64,
    pub known: i64,
    pub unchanged: i64,
    pub undecided: i64,
}

/// The preview of an uploaded file.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub batch_id: String,
    pub file_name: String,
    pub notices: Vec<String>,
    pub columns: Vec<Column>,
    pub summary: Summary,
    pub rows: Vec<Row>,
    pub similarity_threshold: f64,
}

impl Preview {
    /// The fields the rows have values for, in the order of the file's columns.
    pub fn fields(&self) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mapped = self.columns.iter().filter_map(|c| c.field.clone());
        let in_cells = self.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.field.clone()));
        for field in mapped.chain(in_cells) {
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        fields
    }
}

/// An import's progress and result.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub id: String,
    pub state: String,
    pub processed: i64,
    pub total: i64,
    pub created: i64,
    pub merged: i64,
    pub skipped: i64,
    pub unchanged: i64,
    pub error: Option<String>,
}

/// A batch from either operation's answer (the generated types differ, the fields do not).
macro_rules! batch {
    ($b:expr) => {{
        let b = $b;
        Batch {
            id: b.id,
            state: api::enum_name(&b.state),
            processed: b.processed,
            total: b.total,
            created: b.created,
            merged: b.merged,
            skipped: b.skipped,
            unchanged: b.unchanged,
            error: b.error,
        }
    }};
}

impl Batch {
    /// The answer of the mutation that starts the import.
    pub fn from_commit(b: commit_import::CommitImportCommitImport) -> Batch {
        batch!(b)
    }

    /// The answer of the progress query.
    pub fn from_query(b: import_batch::ImportBatchImportBatch) -> Batch {
        batch!(b)
    }

    /// Whether the import is still under way.
    pub fn running(&self) -> bool {
        matches!(self.state.as_str(), "RUNNING" | "PREVIEW")
    }
}

fn action(name: &str) -> Action {
    match name {
        "MERGE" => Action::Merge,
        "SKIP" => Action::Skip,
        _ => Action::New,
    }
}

/// The page's values from the preview's answer.
pub fn preview_from(p: preview_import::PreviewImportPreviewImport) -> Preview {
    let columns = p
        .columns
        .into_iter()
        .map(|c| Column { index: c.index, header: c.header, field: c.field.as_ref().map(api::enum_name), samples: c.samples })
        .collect();
    let rows = p
        .rows
        .into_iter()
        .map(|r| Row {
            line: r.line,
            status: api::enum_name(&r.status),
            name: r.name,
            cells: r.cells.into_iter().map(|c| Cell { field: api::enum_name(&c.field), value: c.value, error: c.error }).collect(),
            candidates: r
                .candidates
                .into_iter()
                .map(|c| Candidate {
                    organisation: c.organisation.map(|o| (o.id, o.slug)),
                    line: c.line,
                    name: c.name,
                    reasons: c.reasons.iter().map(api::enum_name).collect(),
                    similarity: c.similarity,
                    differences: c
                        .differences
                        .into_iter()
                        .map(|d| Difference { field: api::enum_name(&d.field), current: d.current, incoming: d.incoming })
                        .collect(),
                })
                .collect(),
            suggested: r.suggested.map(|s| Decision {
                action: action(&api::enum_name(&s.action)),
                into: s.into,
                take: s.take_fields.iter().map(api::enum_name).collect(),
            }),
        })
        .collect();
    let s = p.summary;
    Preview {
        batch_id: p.batch_id,
        file_name: p.file_name,
        notices: p.notices,
        columns,
        summary: Summary {
            rows: s.rows,
            new: s.new,
            invalid: s.invalid,
            duplicates: s.duplicates,
            known: s.known,
            unchanged: s.unchanged,
            undecided: s.undecided,
        },
        rows,
        similarity_threshold: p.similarity_threshold,
    }
}

/// A share (0..1) as a whole percentage.
pub fn percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}

/// The label of an import field given by its schema name; an empty name is "ignore".
pub fn field_label(i18n: I18nContext, field: &str) -> &'static str {
    match field {
        "EXTERNAL_ID" => t_string!(i18n, import_field_external_id),
        "NAME" => t_string!(i18n, import_field_name),
        "KIND" => t_string!(i18n, import_field_kind),
        "LEGAL_FORM" => t_string!(i18n, import_field_legal_form),
        "DESCRIPTION" => t_string!(i18n, import_field_description),
        "WEBSITE" => t_string!(i18n, import_field_website),
        "EMAIL" => t_string!(i18n, import_field_email),
        "PHONE" => t_string!(i18n, import_field_phone),
        "STREET" => t_string!(i18n, import_field_street),
        "POSTAL_CODE" => t_string!(i18n, import_field_postal_code),
        "CITY" => t_string!(i18n, import_field_city),
        "FOUNDED_YEAR" => t_string!(i18n, import_field_founded_year),
        "LANGUAGES" => t_string!(i18n, import_field_languages),
        "OFFERINGS" => t_string!(i18n, import_field_offerings),
        _ => t_string!(i18n, import_field_ignore),
    }
}

/// The label of a row's status.
pub fn status_label(i18n: I18nContext, status: &str) -> &'static str {
    match status {
        "INVALID" => t_string!(i18n, import_status_invalid),
        "DUPLICATE" => t_string!(i18n, import_status_duplicate),
        "KNOWN" => t_string!(i18n, import_status_known),
        "UNCHANGED" => t_string!(i18n, import_status_unchanged),
        _ => t_string!(i18n, import_status_new),
    }
}

/// Why a candidate may be the same organisation.
pub fn reason_label(i18n: I18nContext, reason: &str) -> &'static str {
    match reason {
        "EXTERNAL_ID" => t_string!(i18n, import_reason_external_id),
        "SAME_WEBSITE" => t_string!(i18n, import_reason_same_website),
        "SAME_EMAIL" => t_string!(i18n, import_reason_same_email),
        "SAME_PHONE" => t_string!(i18n, import_reason_same_phone),
        "SAME_NAME" => t_string!(i18n, import_reason_same_name),
        _ => t_string!(i18n, import_reason_similar_name),
    }
}
