//! The coordination team's import of organisations (and their offerings) from the
//! spreadsheets it keeps: upload, map columns, preview with the reason at each cell
//! and the possible duplicates, decide per row (new, merge field by field, skip), then
//! import in one transaction while the web app shows the progress.
//!
//! An uploaded file is kept as a batch (header and rows as read) until it is imported
//! or [`BATCH_KEPT_DAYS`] have passed; the preview is worked out anew from the batch
//! and the directory each time, so it never goes stale. Importing the same file again
//! changes nothing: a row's external id (or, without one, its name, website, e-mail or
//! phone) finds what the earlier import created, and merges only fill what is empty
//! unless the person chose more. A list without ids is recognised by its content: a
//! row with the name, website and e-mail of an organisation an import created or
//! merged is known (unchanged, or what it adds), not a duplicate to decide on again.

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use chrono::{DateTime, Datelike, Utc};
use migraup_domain::{
    DomainError, DuplicateReason, ImportAction, ImportField, ImportRowStatus, ImportState, OrganisationKind, Reason, error::DomainResult,
    search,
};
use migraup_formats::{duplicates, rows, spreadsheet};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
    sea_query::{Expr, OnConflict},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

pub use migraup_formats::duplicates::{MAX_EDITS, MIN_SIMILAR_LEN, SIMILAR};
pub use migraup_formats::rows::{Cell, Mapping};
pub use migraup_formats::spreadsheet::{MAX_BYTES, MAX_ROWS, Notice};

use crate::{
    Actor, Core, audit,
    entities::{audit_log, import_batch, import_mapping, link_tables::organisation_language, offering, organisation, stored::Stored},
    errors::DbResultExt,
    offerings::OfferingInput,
    organisations::{Imported, OrganisationInput},
};

/// Days an uploaded file is kept when nobody imports it.
pub const BATCH_KEPT_DAYS: i64 = 2;
/// The running key of the one import that runs (unique: a second start fails).
const RUNNING: &str = "running";
/// An import still RUNNING after this long lost its server (10,000 rows take seconds).
const RUNNING_LOST_MINUTES: i64 = 60;
/// Rows a preview shows: the first few, then those that need a look.
const PREVIEW_FIRST: usize = 10;
const PREVIEW_MAX: usize = migraup_domain::bounds::IMPORT_PREVIEW_ROWS as usize;

/// A column of the file and the field it fills.
#[derive(Clone, Debug)]
pub struct ImportColumn {
    pub index: usize,
    pub header: String,
    pub field: Option<ImportField>,
    pub samples: Vec<String>,
}

/// A field where a row and an existing organisation differ.
#[derive(Clone, Debug)]
pub struct ImportDifference {
    pub field: ImportField,
    pub current: Option<String>,
    pub incoming: String,
}

/// An organisation (or an earlier row of the file) a row may duplicate.
#[derive(Clone, Debug)]
pub struct ImportCandidate {
    /// Sure enough for a suggestion (see `duplicates::Match::is_certain`).
    pub certain: bool,
    pub organisation_id: Option<Uuid>,
    pub line: Option<u32>,
    pub name: String,
    pub reasons: Vec<DuplicateReason>,
    pub similarity: f64,
    pub differences: Vec<ImportDifference>,
    /// An earlier import wrote this row's content into the organisation (see
    /// `Existing::imported_from`): what the list says is known, not a new decision.
    pub imported_before: bool,
}

/// What becomes of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDecision {
    pub action: ImportAction,
    pub into: Option<Uuid>,
    pub take_fields: Vec<ImportField>,
}

/// A row as it would be saved, with its duplicates and the suggested decision
/// (`None`: a person must decide).
#[derive(Clone, Debug)]
pub struct ImportRow {
    pub line: u32,
    pub status: ImportRowStatus,
    pub name: String,
    pub cells: Vec<Cell>,
    pub candidates: Vec<ImportCandidate>,
    pub suggested: Option<ImportDecision>,
}

/// Counts of the rows by status.
#[derive(Clone, Debug, Default)]
pub struct ImportSummary {
    pub rows: usize,
    pub new: usize,
    pub invalid: usize,
    pub duplicates: usize,
    pub known: usize,
    pub unchanged: usize,
    pub undecided: usize,
}

/// What the import of a file would do.
#[derive(Clone, Debug)]
pub struct ImportPreview {
    pub batch_id: Uuid,
    pub file_name: String,
    pub notices: Vec<Notice>,
    pub columns: Vec<ImportColumn>,
    pub summary: ImportSummary,
    pub rows: Vec<ImportRow>,
}

/// An uploaded file and how far its import is.
#[derive(Clone, Debug)]
pub struct ImportBatch {
    pub id: Uuid,
    pub file_name: String,
    pub state: ImportState,
    pub processed: usize,
    pub total: usize,
    pub result: ImportResult,
    pub created_at: DateTime<Utc>,
}

/// Counts of a finished import, or where it failed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub created: usize,
    pub merged: usize,
    pub skipped: usize,
    pub unchanged: usize,
    pub failed_line: Option<u32>,
    pub error: Option<Reason>,
}

/// A person's decision for one row.
#[derive(Clone, Debug)]
pub struct DecisionInput {
    pub line: u32,
    pub action: ImportAction,
    pub into: Option<Uuid>,
    pub take_fields: Option<Vec<ImportField>>,
}

/// Imports running in this server: processed rows by batch.
#[derive(Default)]
pub(crate) struct Progress(std::sync::Mutex<HashMap<Uuid, Arc<AtomicUsize>>>);

impl Progress {
    fn start(&self, batch: Uuid) -> Arc<AtomicUsize> {
        let counter = Arc::new(AtomicUsize::new(0));
        self.0.lock().expect("progress lock").insert(batch, counter.clone());
        counter
    }
    fn get(&self, batch: Uuid) -> Option<usize> {
        self.0.lock().expect("progress lock").get(&batch).map(|c| c.load(Ordering::Relaxed))
    }
    fn end(&self, batch: Uuid) {
        self.0.lock().expect("progress lock").remove(&batch);
    }
}

/// An existing organisation as the duplicate check and the merge see it.
struct Existing {
    model: organisation::Model,
    languages: Vec<String>,
    offerings: Vec<String>,
    /// Created or merged by an earlier import.
    imported: bool,
}

impl Existing {
    /// The stored value of `field`, as the import writes values.
    fn value(&self, field: ImportField) -> Option<String> {
        let m = &self.model;
        let joined = |items: &[String]| (!items.is_empty()).then(|| items.join("; "));
        match field {
            ImportField::ExternalId => m.external_id.clone(),
            ImportField::Name => Some(m.name.clone()),
            ImportField::Kind => Some(m.kind.0.as_str().to_owned()),
            ImportField::LegalForm => m.legal_form.clone(),
            ImportField::Description => m.description.clone(),
            ImportField::Website => m.website.clone(),
            ImportField::Email => m.email.clone(),
            ImportField::Phone => m.phone.clone(),
            ImportField::Street => m.street.clone(),
            ImportField::PostalCode => m.postal_code.clone(),
            ImportField::City => m.city.clone(),
            ImportField::FoundedYear => m.founded_year.map(|y| y.to_string()),
            ImportField::Languages => joined(&self.languages),
            ImportField::Offerings => joined(&self.offerings),
        }
    }

    fn keys(&self) -> duplicates::Keys {
        let m = &self.model;
        duplicates::Keys {
            external_id: m.external_id.clone(),
            domain: m.website.as_deref().and_then(duplicates::domain),
            email: m.email.clone(),
            phone: m.phone.as_deref().and_then(duplicates::phone_key),
            name: duplicates::name_key(&m.name),
        }
    }

    /// Whether `row` is what an earlier import wrote here, for a row without an id (with
    /// one, the id decides): an organisation an import created or merged, with the row's
    /// name (folded, without legal forms) and the website and e-mail address it gives.
    fn imported_from(&self, row: &rows::Row, reasons: &[DuplicateReason]) -> bool {
        let m = &self.model;
        let website = row
            .get(ImportField::Website)
            .is_none_or(|w| m.website.as_deref().is_some_and(|have| have.trim_end_matches('/') == w.trim_end_matches('/')));
        let email = row.get(ImportField::Email).is_none_or(|e| m.email.as_deref().is_some_and(|have| have.eq_ignore_ascii_case(e)));
        let without_id = row.get(ImportField::ExternalId).is_none();
        self.imported && without_id && reasons.contains(&DuplicateReason::SameName) && website && email
    }
}

/// The words a cell may name a language by: its code, native name and every label,
/// folded ("Persisch (Farsi/Dari)" also as "Persisch", "Farsi" and "Dari").
fn language_words(languages: &[crate::views::Language]) -> rows::LanguageWords {
    let mut words = rows::LanguageWords::new();
    for l in languages {
        let mut add = |word: &str| {
            words.insert(search::fold(word), l.code.clone());
        };
        add(&l.code);
        add(&l.native_name);
        for (_, label) in &l.labels.0 {
            add(label);
            if label.contains('(') {
                label.split(['(', ')', '/']).map(str::trim).filter(|p| p.chars().count() >= 3).for_each(&mut add);
            }
        }
    }
    words
}

/// Where a row differs from an existing organisation. Languages and offerings differ
/// by what the file adds (a merge adds them, it never removes).
fn differences(row: &rows::Row, existing: &Existing) -> Vec<ImportDifference> {
    row.cells
        .iter()
        .filter(|c| c.error.is_none() && !c.value.is_empty() && c.field != ImportField::ExternalId)
        .filter_map(|c| {
            let current = existing.value(c.field);
            let differs = match c.field {
                ImportField::Languages => !row.list(c.field).iter().all(|l| existing.languages.contains(l)),
                ImportField::Offerings => {
                    let have: HashSet<String> = existing.offerings.iter().map(|t| search::fold(t)).collect();
                    !row.list(c.field).iter().all(|t| have.contains(&search::fold(t)))
                }
                ImportField::Website => current.as_deref().map(|u| u.trim_end_matches('/')) != Some(c.value.trim_end_matches('/')),
                _ => current.as_deref() != Some(c.value.as_str()),
            };
            differs.then(|| ImportDifference { field: c.field, current, incoming: c.value.clone() })
        })
        .collect()
}

/// The fields a merge takes unless the person chooses: those the organisation lacks,
/// and (`add_lists`, the first time a row meets the organisation) languages and
/// offerings the file adds. A row imported before adds none: what the organisation
/// removed since must not come back with every import.
fn fill_empty(differences: &[ImportDifference], add_lists: bool) -> Vec<ImportField> {
    differences
        .iter()
        .filter(|d| d.current.is_none() || (add_lists && matches!(d.field, ImportField::Languages | ImportField::Offerings)))
        .map(|d| d.field)
        .collect()
}

/// Whether a candidate was imported from this row before: by its external id, or (a
/// list without ids) by its content.
fn imported_before(c: &ImportCandidate) -> bool {
    c.imported_before || c.reasons.contains(&DuplicateReason::ExternalId)
}

/// The whole file under a mapping, against the directory.
struct Analysis {
    rows: Vec<(rows::Row, ImportRow)>,
    existing: HashMap<Uuid, Existing>,
}

/// A failure of our own making (a stored column that does not parse, a task that panicked).
fn broken(e: impl std::fmt::Display) -> DomainError {
    tracing::error!(error = %e, "import failed internally");
    DomainError::internal()
}

/// Reads a stored JSON column.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> DomainResult<T> {
    serde_json::from_str(text).map_err(broken)
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("import values serialise")
}

/// Checks a mapping the person chose: one entry per column, each field once.
fn check_mapping(mapping: &Mapping, width: usize) -> DomainResult<()> {
    if mapping.len() != width {
        return Err(DomainError::invalid("mapping", Reason::InvalidState));
    }
    let mut seen = HashSet::new();
    if mapping.iter().flatten().any(|f| !seen.insert(*f)) {
        return Err(DomainError::invalid("mapping", Reason::DuplicateColumn));
    }
    Ok(())
}

impl Core {
    /// Whether `actor` may upload a file for the import now: the coordination team, at
    /// most [`crate::limits::IMPORT_UPLOADS_PER_ACCOUNT`]. Asked before the body is read.
    pub async fn may_upload_import(&self, actor: &Actor) -> DomainResult<()> {
        actor.authorize(migraup_domain::Operation::ImportOrganisations, None)?;
        self.hit(crate::limits::IMPORT_UPLOADS_PER_ACCOUNT, &actor.require_user()?.id.to_string()).await
    }

    /// Reads an uploaded file and keeps it as a batch for its preview. A file that
    /// cannot be read is refused with the reason, and nothing is kept.
    pub async fn upload_import(&self, actor: &Actor, file_name: &str, bytes: &[u8]) -> DomainResult<Uuid> {
        actor.authorize(migraup_domain::Operation::ImportOrganisations, None)?;
        let user = actor.require_user()?;
        let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
        let name = if name.trim().is_empty() { "import".to_owned() } else { name.trim().to_owned() };
        // Reading is CPU work on up to 8 MiB: off the request threads.
        let bytes = bytes.to_vec();
        let table = tokio::task::spawn_blocking(move || spreadsheet::read(&bytes)).await.map_err(broken)??;
        let now = Utc::now();
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        import_batch::ActiveModel {
            id: Set(id),
            created_by: Set(user.id),
            file_name: Set(name),
            header: Set(to_json(&table.header)),
            rows: Set(to_json(&table.rows)),
            notices: Set(to_json(&table.notices)),
            mapping: Set(None),
            state: Set(Stored(ImportState::Preview)),
            total: Set(table.rows.len() as i32),
            result: Set(None),
            running_key: Set(None),
            processed: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .internal()?;
        txn.commit().await.internal()?;
        tracing::info!(import.batch = %id, rows = table.rows.len(), "import file uploaded");
        Ok(id)
    }

    async fn batch(&self, id: Uuid) -> DomainResult<import_batch::Model> {
        import_batch::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)
    }

    /// The mapping in force: the one given (checked), the batch's last one, the one remembered for this header, or a guess.
    async fn mapping_for(&self, batch: &import_batch::Model, header: &[String], given: Option<Mapping>) -> DomainResult<Mapping> {
        if let Some(mapping) = given {
            check_mapping(&mapping, header.len())?;
            return Ok(mapping);
        }
        if let Some(stored) = &batch.mapping {
            return from_json(stored);
        }
        let remembered = import_mapping::Entity::find()
            .filter(import_mapping::Column::HeaderKey.eq(rows::header_key(header)))
            .one(self.db())
            .await
            .internal()?;
        if let Some(m) = remembered
            && let Ok(mapping) = from_json::<Mapping>(&m.mapping)
            && check_mapping(&mapping, header.len()).is_ok()
        {
            return Ok(mapping);
        }
        Ok(rows::guess(header))
    }

    /// Keeps `mapping` with the batch and remembers it for files with this header.
    async fn remember_mapping(&self, batch: Uuid, header: &[String], mapping: &Mapping) -> DomainResult<()> {
        let txn = self.begin_write().await?;
        import_batch::Entity::update_many()
            .col_expr(import_batch::Column::Mapping, Expr::value(to_json(mapping)))
            .filter(import_batch::Column::Id.eq(batch))
            .exec(&txn)
            .await
            .internal()?;
        import_mapping::Entity::insert(import_mapping::ActiveModel {
            id: Set(Uuid::now_v7()),
            header_key: Set(rows::header_key(header)),
            mapping: Set(to_json(mapping)),
            updated_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(import_mapping::Column::HeaderKey)
                .update_columns([import_mapping::Column::Mapping, import_mapping::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(&txn)
        .await
        .internal()?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// The directory as the duplicate check needs it, and the languages by their names.
    async fn directory_for_import(&self) -> DomainResult<(HashMap<Uuid, Existing>, rows::LanguageWords)> {
        let db = self.db();
        // A rejected suggestion waits for deletion: nothing to merge into.
        let mut existing: HashMap<Uuid, Existing> = organisation::Entity::find()
            .filter(organisation::Column::RejectedAt.is_null())
            .all(db)
            .await
            .internal()?
            .into_iter()
            .map(|m| (m.id, Existing { model: m, languages: Vec::new(), offerings: Vec::new(), imported: false }))
            .collect();
        let imported: Vec<String> = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::EntityId)
            .filter(audit_log::Column::EntityType.eq("organisation"))
            .filter(audit_log::Column::Action.is_in(["import", "import_merge"]))
            .distinct()
            .into_tuple()
            .all(db)
            .await
            .internal()?;
        for id in imported.iter().filter_map(|id| id.parse::<Uuid>().ok()) {
            if let Some(e) = existing.get_mut(&id) {
                e.imported = true;
            }
        }
        for link in organisation_language::Entity::find().all(db).await.internal()? {
            if let Some(e) = existing.get_mut(&link.organisation_id) {
                e.languages.push(link.language_code);
            }
        }
        let titles: Vec<(Uuid, String)> = offering::Entity::find()
            .select_only()
            .column(offering::Column::OrganisationId)
            .column(offering::Column::Title)
            .into_tuple()
            .all(db)
            .await
            .internal()?;
        for (organisation_id, title) in titles {
            if let Some(e) = existing.get_mut(&organisation_id) {
                e.offerings.push(title);
            }
        }
        Ok((existing, language_words(&self.languages().await?)))
    }

    /// Every row of the file under `mapping`, checked and compared with the directory
    /// and the rows before it.
    async fn analyse(&self, table_rows: Vec<(u32, Vec<String>)>, mapping: &Mapping) -> DomainResult<Analysis> {
        let (existing, languages) = self.directory_for_import().await?;
        let year = Utc::now().year();
        let has_name = mapping.contains(&Some(ImportField::Name));
        let mapping = mapping.clone();
        // Matching 10,000 rows is CPU work: off the request threads.
        let (rows, existing) = tokio::task::spawn_blocking(move || {
            let mut index = duplicates::Index::default();
            let mut entries: Vec<(Option<Uuid>, Option<u32>, String)> = Vec::new();
            for e in existing.values() {
                index.add(&e.keys());
                entries.push((Some(e.model.id), None, e.model.name.clone()));
            }
            let mut out = Vec::with_capacity(table_rows.len());
            for (line, cells) in table_rows {
                let mut row = rows::parse(line, &cells, &mapping, &languages, year);
                if !has_name {
                    row.cells.insert(0, Cell { field: ImportField::Name, value: String::new(), error: Some(Reason::Required) });
                }
                let keys = row.keys();
                let valid = row.is_valid();
                let matches = if valid { index.find(&keys) } else { Vec::new() };
                let candidates: Vec<ImportCandidate> = matches
                    .iter()
                    .take(3)
                    .map(|m| {
                        let (organisation_id, other_line, name) = entries[m.entry].clone();
                        let organisation = organisation_id.and_then(|id| existing.get(&id));
                        let differences = organisation.map(|e| differences(&row, e)).unwrap_or_default();
                        ImportCandidate {
                            certain: m.is_certain(),
                            organisation_id,
                            line: other_line,
                            name,
                            reasons: m.reasons.clone(),
                            similarity: m.similarity,
                            differences,
                            imported_before: organisation.is_some_and(|e| e.imported_from(&row, &m.reasons)),
                        }
                    })
                    .collect();
                let (status, suggested) = suggest(valid, &candidates);
                if valid {
                    index.add(&keys);
                    entries.push((None, Some(line), row.name().to_owned()));
                }
                let view = ImportRow { line, status, name: row.name().to_owned(), cells: row.cells.clone(), candidates, suggested };
                out.push((row, view));
            }
            (out, existing)
        })
        .await
        .map_err(broken)?;
        Ok(Analysis { rows, existing })
    }

    /// What importing the batch would do, under `mapping` (`None`: the mapping in
    /// force). A given mapping is remembered for the next file with the same header.
    pub async fn preview_import(&self, actor: &Actor, batch_id: Uuid, mapping: Option<Mapping>) -> DomainResult<ImportPreview> {
        actor.authorize(migraup_domain::Operation::ImportOrganisations, None)?;
        self.hit(crate::limits::IMPORT_PREVIEWS_PER_ACCOUNT, &actor.require_user()?.id.to_string()).await?;
        let batch = self.batch(batch_id).await?;
        let header: Vec<String> = from_json(&batch.header)?;
        let given = mapping.is_some();
        let mapping = self.mapping_for(&batch, &header, mapping).await?;
        if given {
            self.remember_mapping(batch.id, &header, &mapping).await?;
        }
        let table_rows: Vec<(u32, Vec<String>)> = from_json(&batch.rows)?;
        let columns = header
            .iter()
            .enumerate()
            .map(|(index, h)| ImportColumn {
                index,
                header: h.clone(),
                field: mapping.get(index).copied().flatten(),
                samples: table_rows.iter().map(|(_, c)| c[index].clone()).filter(|v| !v.is_empty()).take(3).collect(),
            })
            .collect();
        let analysis = self.analyse(table_rows, &mapping).await?;
        let mut summary = ImportSummary { rows: analysis.rows.len(), ..ImportSummary::default() };
        for (_, r) in &analysis.rows {
            match r.status {
                ImportRowStatus::New => summary.new += 1,
                ImportRowStatus::Invalid => summary.invalid += 1,
                ImportRowStatus::Duplicate => summary.duplicates += 1,
                ImportRowStatus::Known => summary.known += 1,
                ImportRowStatus::Unchanged => summary.unchanged += 1,
            }
            if r.suggested.is_none() {
                summary.undecided += 1;
            }
        }
        // The first rows, then undecided ones, then the rest that needs a look.
        let needs_look = |r: &ImportRow| !matches!(r.status, ImportRowStatus::New | ImportRowStatus::Unchanged);
        let mut shown: Vec<&ImportRow> = analysis.rows.iter().map(|(_, r)| r).take(PREVIEW_FIRST).collect();
        let rest = analysis.rows.iter().map(|(_, r)| r).skip(PREVIEW_FIRST);
        shown.extend(rest.clone().filter(|r| r.suggested.is_none()));
        shown.extend(rest.filter(|r| r.suggested.is_some() && needs_look(r)));
        shown.truncate(PREVIEW_MAX);
        shown.sort_by_key(|r| r.line);
        Ok(ImportPreview {
            batch_id: batch.id,
            file_name: batch.file_name,
            notices: from_json(&batch.notices)?,
            columns,
            summary,
            rows: shown.into_iter().cloned().collect(),
        })
    }

    /// Starts importing the batch with the person's decisions (rows not named get the
    /// suggested one). Answers at once; the import runs in one transaction in the
    /// background (see [`Core::import_batch`] for its progress).
    pub async fn commit_import(&self, actor: &Actor, batch_id: Uuid, decisions: Vec<DecisionInput>) -> DomainResult<ImportBatch> {
        actor.authorize(migraup_domain::Operation::ImportOrganisations, None)?;
        let user = actor.require_user()?.clone();
        self.hit(crate::limits::IMPORT_PREVIEWS_PER_ACCOUNT, &user.id.to_string()).await?;
        let batch = self.batch(batch_id).await?;
        if batch.state.0 != ImportState::Preview {
            return Err(DomainError::invalid("batchId", Reason::InvalidState));
        }
        let header: Vec<String> = from_json(&batch.header)?;
        let mapping = self.mapping_for(&batch, &header, None).await?;
        if !mapping.contains(&Some(ImportField::Name)) {
            return Err(DomainError::invalid("mapping", Reason::NameColumnMissing));
        }
        let analysis = self.analyse(from_json(&batch.rows)?, &mapping).await?;
        let steps = plan(&analysis, decisions)?;
        self.remember_mapping(batch.id, &header, &mapping).await?;
        // Only one start wins: the batch leaves PREVIEW with its version; and one import
        // runs at a time (a unique running key), so two never plan on the same directory.
        let txn = self.begin_write().await?;
        crate::versions::claim::<import_batch::Entity>(&txn, batch.id, batch.version).await?;
        import_batch::Entity::update_many()
            .col_expr(import_batch::Column::State, Expr::value(ImportState::Running.as_str()))
            .col_expr(import_batch::Column::RunningKey, Expr::value(RUNNING))
            .col_expr(import_batch::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import_batch::Column::Id.eq(batch.id))
            .exec(&txn)
            .await
            .map_err(|e| match e.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => DomainError::invalid("batchId", Reason::ImportRunning),
                _ => crate::errors::internal(e),
            })?;
        txn.commit().await.internal()?;
        let progress = self.inner_progress().start(batch.id);
        let core = self.clone();
        let existing = analysis.existing;
        tokio::spawn(async move { core.run_import(user.id, batch_id, steps, existing, progress).await });
        self.import_batch(actor, batch_id).await?.ok_or_else(DomainError::not_found)
    }

    /// A batch and its progress (ADMIN).
    pub async fn import_batch(&self, actor: &Actor, id: Uuid) -> DomainResult<Option<ImportBatch>> {
        actor.authorize(migraup_domain::Operation::ImportOrganisations, None)?;
        let Some(m) = import_batch::Entity::find_by_id(id).one(self.db()).await.internal()? else { return Ok(None) };
        let result: ImportResult = m.result.as_deref().map(from_json).transpose()?.unwrap_or_default();
        let total = m.total.max(0) as usize;
        let processed = match m.state.0 {
            ImportState::Preview => 0,
            // This instance's own count, else what the running instance wrote.
            ImportState::Running => self.inner_progress().get(id).or(m.processed.map(|p| p.max(0) as usize)).unwrap_or(0),
            ImportState::Done => total,
            ImportState::Failed => 0,
        };
        Ok(Some(ImportBatch { id: m.id, file_name: m.file_name, state: m.state.0, processed, total, result, created_at: m.created_at }))
    }

    async fn run_import(
        &self,
        actor_id: Uuid,
        batch: Uuid,
        steps: Vec<Step>,
        existing: HashMap<Uuid, Existing>,
        progress: Arc<AtomicUsize>,
    ) {
        let started = std::time::Instant::now();
        // The count is written to the batch four times a second, outside the import's
        // transaction, so another instance shows the same progress. Not on SQLite: the
        // import's transaction holds its only write lock (one instance there anyway).
        let publisher = (!crate::db::is_sqlite(self.db())).then(|| {
            let core = self.clone();
            let progress = progress.clone();
            tokio::spawn(async move {
                let mut last = 0;
                let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
                loop {
                    tick.tick().await;
                    let now = progress.load(Ordering::Relaxed);
                    if now != last {
                        let written = import_batch::Entity::update_many()
                            .col_expr(import_batch::Column::Processed, Expr::value(now as i32))
                            .filter(import_batch::Column::Id.eq(batch))
                            .exec(core.db())
                            .await;
                        if written.is_ok() {
                            last = now;
                        }
                    }
                }
            })
        });
        let outcome = self.write_import(actor_id, batch, &steps, &existing, &progress).await;
        if let Some(publisher) = publisher {
            publisher.abort();
        }
        match outcome {
            Ok(result) => tracing::info!(
                import.batch = %batch,
                created = result.created,
                merged = result.merged,
                ms = started.elapsed().as_millis() as u64,
                "import done"
            ),
            Err((line, e)) => {
                tracing::warn!(import.batch = %batch, line, error = %e, "import failed, nothing written");
                let result = ImportResult { failed_line: line, error: Some(e.reason), ..ImportResult::default() };
                let failed = async {
                    let txn = self.begin_write().await?;
                    ending(ImportState::Failed, &result).filter(import_batch::Column::Id.eq(batch)).exec(&txn).await.internal()?;
                    txn.commit().await.internal()
                };
                if let Err(e) = failed.await {
                    tracing::error!(import.batch = %batch, error = %e, "could not record the failed import");
                }
            }
        }
        // After the outcome is stored, so polling never sees RUNNING without progress.
        self.inner_progress().end(batch);
    }

    /// Writes every step in one transaction: all of it, or (on the first error, with
    /// its line) nothing.
    async fn write_import(
        &self,
        actor_id: Uuid,
        batch: Uuid,
        steps: &[Step],
        existing: &HashMap<Uuid, Existing>,
        progress: &AtomicUsize,
    ) -> Result<ImportResult, (Option<u32>, DomainError)> {
        let whole = |e: DomainError| (None, e);
        let txn = self.begin_write().await.map_err(whole)?;
        let mut result = ImportResult::default();
        // Merges this import made per organisation: each raised its version once.
        let mut merged_into: HashMap<Uuid, i32> = HashMap::new();
        for step in steps {
            let line = step.line();
            let at = |e: DomainError| (Some(line), e);
            match step {
                Step::Skip { unchanged: true, .. } => result.unchanged += 1,
                Step::Skip { .. } => result.skipped += 1,
                Step::New { row } => {
                    self.import_new(&txn, actor_id, batch, row).await.map_err(at)?;
                    result.created += 1;
                }
                Step::Merge { row, into, take } => {
                    let planned = existing.get(into).ok_or_else(|| at(DomainError::invalid("decisions", Reason::UnknownId)))?;
                    // As it is now, in this transaction: a second row merging into the same
                    // organisation sees the first; an edit since the plan was made is a
                    // conflict, never overwritten.
                    let target = load_existing(&txn, *into).await.map_err(at)?;
                    let expected = planned.model.version + merged_into.get(into).copied().unwrap_or(0);
                    if import_merge(&txn, actor_id, batch, row, &target, expected, take).await.map_err(at)? {
                        result.merged += 1;
                        *merged_into.entry(*into).or_default() += 1;
                    } else {
                        result.unchanged += 1;
                    }
                }
            }
            progress.fetch_add(1, Ordering::Relaxed);
        }
        ending(ImportState::Done, &result)
            // The rows are no longer needed once imported.
            .col_expr(import_batch::Column::Rows, Expr::value("[]"))
            .filter(import_batch::Column::Id.eq(batch))
            .exec(&txn)
            .await
            .internal()
            .map_err(whole)?;
        txn.commit().await.internal().map_err(whole)?;
        Ok(result)
    }

    /// A new, verified organisation from a row, with its offerings; one audit entry.
    async fn import_new(&self, txn: &sea_orm::DatabaseTransaction, actor_id: Uuid, batch: Uuid, row: &rows::Row) -> DomainResult<()> {
        let offerings = row.list(ImportField::Offerings);
        let imported = Imported {
            batch,
            line: row.line,
            external_id: row.get(ImportField::ExternalId).map(str::to_owned),
            offerings: offerings.clone(),
        };
        let input = organisation_input(row, ImportField::ALL, &[]);
        let created = self.insert_organisation(txn, Some(actor_id), true, input, Some(&imported)).await?;
        for title in offerings {
            crate::offerings::insert_offering(txn, &created, &OfferingInput { title: Some(title), ..OfferingInput::default() }).await?;
        }
        Ok(())
    }

    fn inner_progress(&self) -> &Progress {
        &self.inner.imports
    }
}

/// One organisation as a merge needs it, read in `db` (the import's transaction).
async fn load_existing(db: &impl ConnectionTrait, id: Uuid) -> DomainResult<Existing> {
    let model = organisation::Entity::find_by_id(id).one(db).await.internal()?.ok_or_else(DomainError::not_found)?;
    let languages = organisation_language::Entity::find()
        .filter(organisation_language::Column::OrganisationId.eq(id))
        .all(db)
        .await
        .internal()?
        .into_iter()
        .map(|l| l.language_code)
        .collect();
    let offerings = offering::Entity::find()
        .select_only()
        .column(offering::Column::Title)
        .filter(offering::Column::OrganisationId.eq(id))
        .into_tuple()
        .all(db)
        .await
        .internal()?;
    // Whether an import wrote it before matters for the plan, not for the merge.
    Ok(Existing { model, languages, offerings, imported: false })
}

/// The update that ends a batch's run as `state` with `result` (the caller filters).
fn ending(state: ImportState, result: &ImportResult) -> sea_orm::UpdateMany<import_batch::Entity> {
    import_batch::Entity::update_many()
        .col_expr(import_batch::Column::State, Expr::value(state.as_str()))
        .col_expr(import_batch::Column::RunningKey, Expr::value(Option::<String>::None))
        .col_expr(import_batch::Column::Result, Expr::value(to_json(result)))
        .col_expr(import_batch::Column::UpdatedAt, Expr::value(Utc::now()))
}

/// Ends imports whose server went away while they ran (FAILED: their transaction
/// never committed), then removes uploaded files older than [`BATCH_KEPT_DAYS`]
/// (maintenance).
pub(crate) async fn prune_batches(db: &impl ConnectionTrait, now: DateTime<Utc>) -> DomainResult<u64> {
    let lost = ImportResult { error: Some(Reason::Internal), ..ImportResult::default() };
    ending(ImportState::Failed, &lost)
        .filter(import_batch::Column::State.eq(ImportState::Running.as_str()))
        .filter(import_batch::Column::UpdatedAt.lt(now - chrono::Duration::minutes(RUNNING_LOST_MINUTES)))
        .exec(db)
        .await
        .internal()?;
    let gone = import_batch::Entity::delete_many()
        .filter(import_batch::Column::CreatedAt.lt(now - chrono::Duration::days(BATCH_KEPT_DAYS)))
        .filter(import_batch::Column::State.ne(ImportState::Running.as_str()))
        .exec(db)
        .await
        .internal()?;
    Ok(gone.rows_affected)
}

/// The status of a row and the decision suggested for it.
fn suggest(valid: bool, candidates: &[ImportCandidate]) -> (ImportRowStatus, Option<ImportDecision>) {
    let skip = Some(ImportDecision { action: ImportAction::Skip, into: None, take_fields: Vec::new() });
    if !valid {
        return (ImportRowStatus::Invalid, skip);
    }
    let merge = |c: &ImportCandidate| {
        let take_fields = fill_empty(&c.differences, !imported_before(c));
        Some(ImportDecision { action: ImportAction::Merge, into: c.organisation_id, take_fields })
    };
    let certain = |c: &&ImportCandidate| c.certain;
    // Imported before (the same external id and a name alike, or the same content): merge
    // what is new, or nothing to do.
    if let Some(c) = candidates.iter().filter(certain).find(|c| c.organisation_id.is_some() && imported_before(c)) {
        return if fill_empty(&c.differences, false).is_empty() {
            (ImportRowStatus::Unchanged, skip)
        } else {
            (ImportRowStatus::Known, merge(c))
        };
    }
    // The same organisation as an earlier row of this file: that row speaks for it.
    if candidates.iter().filter(certain).any(|c| c.line.is_some()) {
        return (ImportRowStatus::Duplicate, skip);
    }
    if let Some(c) = candidates.iter().filter(certain).find(|c| c.organisation_id.is_some()) {
        return (ImportRowStatus::Duplicate, merge(c));
    }
    if candidates.is_empty() {
        return (ImportRowStatus::New, Some(ImportDecision { action: ImportAction::New, into: None, take_fields: Vec::new() }));
    }
    // Only a similar name: a person decides.
    (ImportRowStatus::Duplicate, None)
}

/// One row's part of the import.
enum Step {
    New {
        row: rows::Row,
    },
    Merge {
        row: rows::Row,
        into: Uuid,
        take: Vec<ImportField>,
    },
    /// `unchanged`: imported before, and the file says nothing new.
    Skip {
        line: u32,
        unchanged: bool,
    },
}

impl Step {
    fn line(&self) -> u32 {
        match self {
            Step::New { row } | Step::Merge { row, .. } => row.line,
            Step::Skip { line, .. } => *line,
        }
    }
}

/// Every row's step: the person's decision or the suggested one. Refuses decisions
/// for unknown lines, merges into anything but the row's candidates, invalid rows
/// imported, and rows left undecided.
fn plan(analysis: &Analysis, decisions: Vec<DecisionInput>) -> DomainResult<Vec<Step>> {
    let by_line: HashMap<u32, usize> = analysis.rows.iter().enumerate().map(|(i, (r, _))| (r.line, i)).collect();
    let mut chosen: HashMap<u32, ImportDecision> = HashMap::new();
    for d in decisions {
        let Some(&i) = by_line.get(&d.line) else { return Err(DomainError::invalid("decisions", Reason::UnknownId)) };
        let (_, view) = &analysis.rows[i];
        if view.status == ImportRowStatus::Invalid && d.action != ImportAction::Skip {
            return Err(DomainError::invalid("decisions", Reason::InvalidState));
        }
        let into = match d.action {
            ImportAction::Merge => {
                let ok = d.into.is_some_and(|id| view.candidates.iter().any(|c| c.organisation_id == Some(id)));
                if !ok {
                    return Err(DomainError::invalid("decisions", Reason::UnknownId));
                }
                d.into
            }
            _ => None,
        };
        let take_fields = d.take_fields.unwrap_or_else(|| {
            view.candidates
                .iter()
                .find(|c| c.organisation_id.is_some() && c.organisation_id == into)
                .map(|c| fill_empty(&c.differences, !imported_before(c)))
                .unwrap_or_default()
        });
        chosen.insert(d.line, ImportDecision { action: d.action, into, take_fields });
    }
    let mut undecided = Vec::new();
    let mut steps = Vec::with_capacity(analysis.rows.len());
    for (row, view) in &analysis.rows {
        let decision = chosen.remove(&row.line).or_else(|| view.suggested.clone());
        match decision {
            None => undecided.push(row.line),
            Some(d) => steps.push(match d.action {
                ImportAction::New => Step::New { row: row.clone() },
                ImportAction::Skip => Step::Skip { line: row.line, unchanged: view.status == ImportRowStatus::Unchanged },
                ImportAction::Merge => Step::Merge { row: row.clone(), into: d.into.expect("checked above"), take: d.take_fields },
            }),
        }
    }
    if !undecided.is_empty() {
        let mut lines: Vec<String> = undecided.iter().take(10).map(u32::to_string).collect();
        if undecided.len() > 10 {
            lines.push("…".into());
        }
        return Err(DomainError::invalid("decisions", Reason::DecisionRequired { lines: lines.join(", ") }));
    }
    Ok(steps)
}

/// The input that writes a row's `fields` (languages joined with `languages_before`).
fn organisation_input(row: &rows::Row, fields: &[ImportField], languages_before: &[String]) -> OrganisationInput {
    // `Some(Some(value))` sets a field; a field not taken or empty stays as it is.
    let text = |f: ImportField| fields.contains(&f).then(|| row.get(f)).flatten().map(|v| Some(v.to_owned()));
    let mut input = OrganisationInput {
        name: text(ImportField::Name).flatten(),
        // An unmapped or empty kind is "other" (the preview shows it so).
        kind: fields
            .contains(&ImportField::Kind)
            .then(|| row.get(ImportField::Kind).and_then(OrganisationKind::parse).unwrap_or(OrganisationKind::Other)),
        legal_form: text(ImportField::LegalForm),
        description: text(ImportField::Description),
        website: text(ImportField::Website),
        email: text(ImportField::Email),
        phone: text(ImportField::Phone),
        street: text(ImportField::Street),
        postal_code: text(ImportField::PostalCode),
        city: text(ImportField::City),
        founded_year: fields
            .contains(&ImportField::FoundedYear)
            .then(|| row.get(ImportField::FoundedYear).and_then(|y| y.parse().ok()).map(Some))
            .flatten(),
        ..OrganisationInput::default()
    };
    if fields.contains(&ImportField::Languages) && row.get(ImportField::Languages).is_some() {
        let mut codes = languages_before.to_vec();
        codes.extend(row.list(ImportField::Languages).into_iter().filter(|c| !languages_before.contains(c)));
        input.languages = Some(codes);
    }
    input
}

/// Merges the `take` fields of a row into an existing organisation (offerings and
/// languages are added), and gives it the row's external id if it has none. It claims
/// the organisation at `expected_version` (the plan's, plus this import's own merges):
/// an edit made meanwhile is `CONFLICT`, never overwritten. Answers whether anything
/// changed; one audit entry if so.
async fn import_merge(
    txn: &sea_orm::DatabaseTransaction,
    actor_id: Uuid,
    batch: Uuid,
    row: &rows::Row,
    target: &Existing,
    expected_version: i32,
    take: &[ImportField],
) -> DomainResult<bool> {
    let id = target.model.id;
    // Profile fields the row has a value for (offerings are added below).
    let fields: Vec<ImportField> =
        take.iter().copied().filter(|f| !matches!(f, ImportField::Offerings | ImportField::ExternalId) && row.get(*f).is_some()).collect();
    let input = organisation_input(row, &fields, &target.languages);
    let have: HashSet<String> = target.offerings.iter().map(|t| search::fold(t)).collect();
    let new_offerings: Vec<String> = if take.contains(&ImportField::Offerings) {
        row.list(ImportField::Offerings).into_iter().filter(|t| !have.contains(&search::fold(t))).collect()
    } else {
        Vec::new()
    };
    let external_id = row.get(ImportField::ExternalId).filter(|_| target.model.external_id.is_none()).map(str::to_owned);
    if fields.is_empty() && new_offerings.is_empty() && external_id.is_none() {
        return Ok(false);
    }
    crate::versions::claim::<organisation::Entity>(txn, id, expected_version).await?;
    let (updated, changed) = crate::organisations::save_changes(txn, id, &input, None).await?;
    if let Some(external_id) = &external_id {
        organisation::Entity::update_many()
            .col_expr(organisation::Column::ExternalId, Expr::value(external_id.clone()))
            .filter(organisation::Column::Id.eq(id))
            .exec(txn)
            .await
            .map_err(|e| crate::errors::unique_or_internal(e, "externalId"))?;
    }
    for title in &new_offerings {
        crate::offerings::insert_offering(txn, &updated, &OfferingInput { title: Some(title.clone()), ..OfferingInput::default() }).await?;
    }
    let details = json!({ "fields": changed, "batch": batch, "line": row.line, "offerings": new_offerings, "externalId": external_id });
    audit::record(txn, Some(actor_id), "import_merge", "organisation", id, details).await?;
    Ok(true)
}
