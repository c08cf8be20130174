//! The spreadsheet import for the coordination team: preview (mapping, cells, possible
//! duplicates), the import itself and its progress. The file arrives at `POST /import`
//! (see the server), larger than a GraphQL request may be.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use migraup_core::import;
use migraup_domain::{Lang, messages::reason_text, texts::fill};

use crate::{
    context::{actor, core, request},
    error::{GqlResult, parse_id},
    loaders::OrgById,
    types::{DuplicateReason, ImportAction, ImportField, ImportRowStatus, ImportState, organisation::Organisation},
};

/// A column of the file and the field it fills (`null`: ignored).
#[derive(SimpleObject)]
pub struct ImportColumn {
    /// The column's position in the file, counting from 0.
    pub index: i32,
    /// The column's heading in the file's first row.
    pub header: String,
    /// The field the column fills; null when the column is ignored.
    pub field: Option<ImportField>,
    /// Up to three values of the column.
    pub samples: Vec<String>,
}

/// A cell as it would be saved, or why it cannot be.
#[derive(SimpleObject)]
pub struct ImportCell {
    /// The field the cell fills.
    pub field: ImportField,
    /// The value as it would be saved.
    pub value: String,
    /// Why the value cannot be saved, in the caller's language; null when it can.
    pub error: Option<String>,
}

/// A field where the row and the existing organisation differ.
#[derive(SimpleObject)]
pub struct ImportDifference {
    /// The field that differs.
    pub field: ImportField,
    /// The organisation's current value; null when it has none.
    pub current: Option<String>,
    /// The file's value.
    pub incoming: String,
}

/// An existing organisation, or an earlier line of the file, the row may duplicate.
pub struct ImportCandidate(import::ImportCandidate);

/// An existing organisation, or an earlier line of the same file, that a row may duplicate.
#[Object]
impl ImportCandidate {
    /// The existing organisation (`null` for an earlier line of the same file).
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        let Some(id) = self.0.organisation_id else { return Ok(None) };
        Ok(request(ctx).loaders.batch.load_one(OrgById(id)).await.gql(ctx)?.map(Organisation))
    }
    /// The earlier line of the file.
    async fn line(&self) -> Option<i32> {
        self.0.line.map(|l| l as i32)
    }
    /// The candidate's name: the organisation's, or the one the earlier line gives.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Why the row looks like the candidate (the same external id, website, e-mail address,
    /// phone number or name, or a similar name).
    async fn reasons(&self) -> Vec<DuplicateReason> {
        self.0.reasons.iter().map(|r| (*r).into()).collect()
    }
    /// Similarity of the names, 0 to 1 (folded, without legal forms).
    async fn similarity(&self) -> f64 {
        (self.0.similarity * 1000.0).round() / 1000.0
    }
    /// Fields where the file differs from the existing organisation (for a merge).
    async fn differences(&self) -> Vec<ImportDifference> {
        self.0
            .differences
            .iter()
            .map(|d| ImportDifference { field: d.field.into(), current: d.current.clone(), incoming: d.incoming.clone() })
            .collect()
    }
}

/// What becomes of a row.
#[derive(SimpleObject)]
pub struct ImportDecision {
    /// What becomes of the row: a new organisation (NEW), merged into an existing one (MERGE), or
    /// nothing (SKIP).
    pub action: ImportAction,
    /// The organisation merged into.
    pub into: Option<ID>,
    /// The fields a merge takes from the file.
    pub take_fields: Vec<ImportField>,
}

impl From<&import::ImportDecision> for ImportDecision {
    fn from(d: &import::ImportDecision) -> Self {
        ImportDecision {
            action: d.action.into(),
            into: d.into.map(|id| ID(id.to_string())),
            take_fields: d.take_fields.iter().map(|f| (*f).into()).collect(),
        }
    }
}

/// A row as it would be saved.
#[derive(SimpleObject)]
pub struct ImportRow {
    /// The line in the file (as a spreadsheet counts).
    pub line: i32,
    /// What the row is: new, invalid, a possible duplicate, known or unchanged.
    pub status: ImportRowStatus,
    /// The organisation's name as the row gives it.
    pub name: String,
    /// The row's cells as they would be saved, one per mapped field.
    pub cells: Vec<ImportCell>,
    /// Existing organisations, or earlier lines, the row may duplicate.
    pub candidates: Vec<ImportCandidate>,
    /// The decision suggested for the row; null when a person must decide (a merely similar
    /// name).
    pub suggested: Option<ImportDecision>,
}

/// Counts of the rows.
#[derive(SimpleObject)]
pub struct ImportSummary {
    /// Rows in the file, without the header.
    pub rows: i32,
    /// Rows that would become new organisations.
    pub new: i32,
    /// Rows that cannot be imported (they are skipped).
    pub invalid: i32,
    /// Rows that may duplicate an existing organisation or an earlier row.
    pub duplicates: i32,
    /// Rows imported before that bring something new.
    pub known: i32,
    /// Rows imported before that bring nothing new.
    pub unchanged: i32,
    /// Rows without a suggested decision: a person must decide them before `commitImport`.
    pub undecided: i32,
}

/// What importing a file would do.
#[derive(SimpleObject)]
pub struct ImportPreview {
    /// The batch's id, as `POST /import` answered it (`batchId`).
    pub batch_id: ID,
    /// The file's name, as given with the upload.
    pub file_name: String,
    /// What reading the file had to decide (separator, encoding, sheets, empty rows).
    pub notices: Vec<String>,
    /// The file's columns and the fields they fill.
    pub columns: Vec<ImportColumn>,
    /// Counts of all rows by status.
    pub summary: ImportSummary,
    /// The first rows and every row that needs a look (at most 500).
    pub rows: Vec<ImportRow>,
    /// The least name similarity that counts as a possible duplicate.
    pub similarity_threshold: f64,
}

/// An uploaded file and how far its import is.
#[derive(SimpleObject)]
pub struct ImportBatch {
    /// The batch's id, as `POST /import` answered it (`batchId`).
    pub id: ID,
    /// The file's name, as given with the upload.
    pub file_name: String,
    /// PREVIEW until imported, RUNNING while being written, then DONE or FAILED.
    pub state: ImportState,
    /// Rows handled so far: counts up while RUNNING, all rows once DONE, 0 otherwise.
    pub processed: i32,
    /// Rows in the file.
    pub total: i32,
    /// Organisations the import created (once DONE).
    pub created: i32,
    /// Existing organisations the import merged rows into (once DONE).
    pub merged: i32,
    /// Rows skipped: invalid ones and those decided or suggested SKIP (once DONE).
    pub skipped: i32,
    /// Rows that changed nothing: imported before unchanged, or a merge that found nothing new
    /// (once DONE).
    pub unchanged: i32,
    /// Why it failed (nothing was written).
    pub error: Option<String>,
    /// When the file was uploaded, RFC 3339 in UTC.
    pub created_at: DateTime<Utc>,
}

fn batch(lang: Lang, b: import::ImportBatch) -> ImportBatch {
    let r = b.result;
    let error = r.error.as_ref().map(|reason| {
        let text = reason_text(reason, lang);
        match r.failed_line {
            Some(line) => fill(lang, "import_failed_at_line", &[("line", &line), ("reason", &text)]),
            None => text,
        }
    });
    ImportBatch {
        id: ID(b.id.to_string()),
        file_name: b.file_name,
        state: b.state.into(),
        processed: b.processed as i32,
        total: b.total as i32,
        created: r.created as i32,
        merged: r.merged as i32,
        skipped: r.skipped as i32,
        unchanged: r.unchanged as i32,
        error,
        created_at: b.created_at,
    }
}

/// One column's field (`null`: ignore the column).
#[derive(InputObject)]
pub struct ImportColumnInput {
    /// The column's position in the file, counting from 0.
    pub index: i32,
    /// The field the column fills, each field at most once; null to ignore the column.
    pub field: Option<ImportField>,
}

/// A decision for one row; rows not named get the suggested one.
#[derive(InputObject)]
pub struct ImportDecisionInput {
    /// The row's line in the file, as `ImportRow.line` gives it.
    pub line: i32,
    /// What becomes of the row; an invalid row can only be skipped (SKIP).
    pub action: ImportAction,
    /// With MERGE: one of the row's candidates.
    pub into: Option<ID>,
    /// With MERGE: the fields to take from the file (default: those the organisation lacks).
    pub take_fields: Option<Vec<ImportField>>,
}

#[derive(Default)]
pub struct ImportQuery;

#[Object]
impl ImportQuery {
    /// An uploaded file and its import's progress, for the coordination team (ADMIN): poll
    /// while RUNNING. Null when there is no such batch; FORBIDDEN for others.
    async fn import_batch(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The batch's id, as `POST /import` answered it.")] id: ID,
    ) -> async_graphql::Result<Option<ImportBatch>> {
        let id = parse_id("id", &id).gql(ctx)?;
        let found = core(ctx).import_batch(actor(ctx), id).await.gql(ctx)?;
        Ok(found.map(|b| batch(actor(ctx).lang, b)))
    }
}

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// What importing an uploaded file would do (ADMIN). `mapping` (one entry per
    /// column) is remembered for the next file with the same header; without it, the
    /// mapping in force (remembered, or guessed from the header).
    /// Costly (the whole file against the whole directory): a fixed price, counted in
    /// the document guard too.
    async fn preview_import(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The batch's id, as `POST /import` answered it.")] batch_id: ID,
        #[graphql(
            desc = "Each column's field: one entry per column, each field once (else BAD_USER_INPUT); left out, the mapping in force."
        )]
        mapping: Option<Vec<ImportColumnInput>>,
    ) -> async_graphql::Result<ImportPreview> {
        let lang = actor(ctx).lang;
        let batch_id = parse_id("batchId", &batch_id).gql(ctx)?;
        let mapping = mapping.map(|columns| {
            let width = columns.iter().map(|c| c.index.max(0) as usize + 1).max().unwrap_or(0).min(1000);
            let mut m: import::Mapping = vec![None; width];
            for c in columns {
                if let Some(slot) = usize::try_from(c.index).ok().and_then(|i| m.get_mut(i)) {
                    *slot = c.field.map(Into::into);
                }
            }
            m
        });
        let p = core(ctx).preview_import(actor(ctx), batch_id, mapping).await.gql(ctx)?;
        let s = p.summary;
        let count = |n: usize| n as i32;
        Ok(ImportPreview {
            batch_id: ID(p.batch_id.to_string()),
            file_name: p.file_name,
            notices: p.notices.iter().map(|n| n.text(lang)).collect(),
            columns: p
                .columns
                .into_iter()
                .map(|c| ImportColumn { index: c.index as i32, header: c.header, field: c.field.map(Into::into), samples: c.samples })
                .collect(),
            summary: ImportSummary {
                rows: count(s.rows),
                new: count(s.new),
                invalid: count(s.invalid),
                duplicates: count(s.duplicates),
                known: count(s.known),
                unchanged: count(s.unchanged),
                undecided: count(s.undecided),
            },
            rows: p
                .rows
                .into_iter()
                .map(|r| ImportRow {
                    line: r.line as i32,
                    status: r.status.into(),
                    name: r.name,
                    cells: r
                        .cells
                        .into_iter()
                        .map(|c| ImportCell { field: c.field.into(), value: c.value, error: c.error.map(|e| reason_text(&e, lang)) })
                        .collect(),
                    suggested: r.suggested.as_ref().map(Into::into),
                    candidates: r.candidates.into_iter().map(ImportCandidate).collect(),
                })
                .collect(),
            similarity_threshold: import::SIMILAR,
        })
    }

    /// Imports an uploaded file (ADMIN) with the decisions given (other rows: the
    /// suggested ones). Answers at once with the batch RUNNING; all rows are written in
    /// one transaction, or none. BAD_USER_INPUT on `batchId` when the batch was imported already
    /// or another import is running.
    async fn commit_import(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The batch's id, as `POST /import` answered it.")] batch_id: ID,
        #[graphql(
            desc = "Decisions for single rows; rows not named get the suggested one, rows without one must be named (else BAD_USER_INPUT)."
        )]
        decisions: Vec<ImportDecisionInput>,
    ) -> async_graphql::Result<ImportBatch> {
        let batch_id = parse_id("batchId", &batch_id).gql(ctx)?;
        let mut parsed = Vec::with_capacity(decisions.len());
        for d in decisions {
            parsed.push(import::DecisionInput {
                line: u32::try_from(d.line).unwrap_or(0),
                action: d.action.into(),
                into: d.into.as_ref().map(|id| parse_id("decisions", id)).transpose().gql(ctx)?,
                take_fields: d.take_fields.map(|f| f.into_iter().map(Into::into).collect()),
            });
        }
        let b = core(ctx).commit_import(actor(ctx), batch_id, parsed).await.gql(ctx)?;
        Ok(batch(actor(ctx).lang, b))
    }
}
