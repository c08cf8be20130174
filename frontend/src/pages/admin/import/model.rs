//! What the page keeps of the API's answers: plain values, the enumerations as the
//! domain's types (read so in the answer's one typed parse), and the translated labels.

use migraup_domain::OrganisationKind;
pub use migraup_domain::{DuplicateReason, ImportAction as Action, ImportField, ImportRowStatus, ImportState};

use crate::{
    api::{commit_import, import_batch, preview_import},
    components::select::Labelled,
    i18n::*,
};

/// One column of the file and the field it is read as (`None`: ignored).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub index: i64,
    pub header: String,
    pub field: Option<ImportField>,
    pub samples: Vec<String>,
}

/// A value of a row as it would be saved, with its error; a kind that was understood
/// also as the kind, which the row shows by its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub field: ImportField,
    pub value: String,
    pub error: Option<String>,
    pub kind: Option<OrganisationKind>,
}

/// A field where the file differs from an existing organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub field: ImportField,
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
    pub reasons: Vec<DuplicateReason>,
    pub similarity: f64,
    pub differences: Vec<Difference>,
}

/// A decision on a row: merging names the organisation and the fields taken from the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub action: Action,
    pub into: Option<String>,
    pub take: Vec<ImportField>,
}

/// One previewed row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: i64,
    pub status: ImportRowStatus,
    pub name: String,
    pub cells: Vec<Cell>,
    pub candidates: Vec<Candidate>,
    pub suggested: Option<Decision>,
}

impl Row {
    /// Whether the person decides about this row (invalid and unchanged rows are skipped).
    pub fn decidable(&self) -> bool {
        !matches!(self.status, ImportRowStatus::Invalid | ImportRowStatus::Unchanged)
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
    pub fn fields(&self) -> Vec<ImportField> {
        let mut fields: Vec<ImportField> = Vec::new();
        let mapped = self.columns.iter().filter_map(|c| c.field);
        let in_cells = self.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.field));
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
    pub state: ImportState,
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
            state: b.state,
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
        matches!(self.state, ImportState::Running | ImportState::Preview)
    }
}

/// The page's values from the preview's answer.
pub fn preview_from(p: preview_import::PreviewImportPreviewImport) -> Preview {
    let columns = p.columns.into_iter().map(|c| Column { index: c.index, header: c.header, field: c.field, samples: c.samples }).collect();
    let rows = p
        .rows
        .into_iter()
        .map(|r| Row {
            line: r.line,
            status: r.status,
            name: r.name,
            cells: r.cells.into_iter().map(cell).collect(),
            candidates: r
                .candidates
                .into_iter()
                .map(|c| Candidate {
                    organisation: c.organisation.map(|o| (o.id, o.slug)),
                    line: c.line,
                    name: c.name,
                    reasons: c.reasons,
                    similarity: c.similarity,
                    differences: c
                        .differences
                        .into_iter()
                        .map(|d| Difference { field: d.field, current: d.current, incoming: d.incoming })
                        .collect(),
                })
                .collect(),
            suggested: r.suggested.map(|s| Decision { action: s.action, into: s.into, take: s.take_fields }),
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

/// A cell of a previewed row. The server names a kind it understood by its stable
/// name: one this app does not know shows as it came.
fn cell(c: preview_import::PreviewImportPreviewImportRowsCells) -> Cell {
    let kind = (c.field == ImportField::Kind && c.error.is_none()).then(|| OrganisationKind::parse(&c.value)).flatten();
    Cell { field: c.field, value: c.value, error: c.error, kind }
}

/// The fields a column can be read as, in the order the mapping offers them.
impl Labelled for ImportField {
    const ALL: &'static [Self] = &[
        ImportField::Name,
        ImportField::ExternalId,
        ImportField::Kind,
        ImportField::LegalForm,
        ImportField::Description,
        ImportField::Website,
        ImportField::Email,
        ImportField::Phone,
        ImportField::Street,
        ImportField::PostalCode,
        ImportField::City,
        ImportField::FoundedYear,
        ImportField::Languages,
        ImportField::Offerings,
    ];

    fn label(self, i18n: I18nContext) -> &'static str {
        match self {
            ImportField::ExternalId => t_string!(i18n, import_field_external_id),
            ImportField::Name => t_string!(i18n, import_field_name),
            ImportField::Kind => t_string!(i18n, import_field_kind),
            ImportField::LegalForm => t_string!(i18n, import_field_legal_form),
            ImportField::Description => t_string!(i18n, import_field_description),
            ImportField::Website => t_string!(i18n, import_field_website),
            ImportField::Email => t_string!(i18n, import_field_email),
            ImportField::Phone => t_string!(i18n, import_field_phone),
            ImportField::Street => t_string!(i18n, import_field_street),
            ImportField::PostalCode => t_string!(i18n, import_field_postal_code),
            ImportField::City => t_string!(i18n, import_field_city),
            ImportField::FoundedYear => t_string!(i18n, import_field_founded_year),
            ImportField::Languages => t_string!(i18n, import_field_languages),
            ImportField::Offerings => t_string!(i18n, import_field_offerings),
        }
    }
}

/// The label of a row's status.
pub fn status_label(i18n: I18nContext, status: ImportRowStatus) -> &'static str {
    match status {
        ImportRowStatus::New => t_string!(i18n, import_status_new),
        ImportRowStatus::Invalid => t_string!(i18n, import_status_invalid),
        ImportRowStatus::Duplicate => t_string!(i18n, import_status_duplicate),
        ImportRowStatus::Known => t_string!(i18n, import_status_known),
        ImportRowStatus::Unchanged => t_string!(i18n, import_status_unchanged),
    }
}

/// Why a candidate may be the same organisation.
pub fn reason_label(i18n: I18nContext, reason: DuplicateReason) -> &'static str {
    match reason {
        DuplicateReason::ExternalId => t_string!(i18n, import_reason_external_id),
        DuplicateReason::SameWebsite => t_string!(i18n, import_reason_same_website),
        DuplicateReason::SameEmail => t_string!(i18n, import_reason_same_email),
        DuplicateReason::SamePhone => t_string!(i18n, import_reason_same_phone),
        DuplicateReason::SameName => t_string!(i18n, import_reason_same_name),
        DuplicateReason::SimilarName => t_string!(i18n, import_reason_similar_name),
    }
}
