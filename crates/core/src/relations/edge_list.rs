//! Relations from an edge list: what the coordination team's actor analysis found, as
//! CSV (a header line, then per line two organisations, the kind and since when).
//! An organisation is named by its id, its external id or its name (folded, without
//! legal forms, as the organisation import compares names). The preview shows every
//! line with what it matched or why it cannot be recorded; recording writes the valid
//! lines as confirmed relations in one transaction. Worked out anew from the text and
//! the directory each time, like the organisation import's preview.

use std::{
    collections::{HashMap, HashSet},
    sync::LazyLock,
};

use chrono::{NaiveDate, Utc};
use migraup_domain::{DomainError, Lang, Operation, Reason, RelationKind, RelationState, error::DomainResult, search, texts::text};
use migraup_formats::{duplicates::name_key, spreadsheet};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core, audit, berlin,
    entities::{organisation, relation, stored::Stored},
    errors::DbResultExt,
};

/// The most lines one edge list holds (the karate club has 78 ties).
pub const MAX_ROWS: usize = migraup_domain::bounds::RELATION_IMPORT_ROWS as usize;
/// The most characters one edge list has (a GraphQL request carries 64 KiB anyway).
pub const MAX_CHARS: usize = 60 * 1024;

/// One end of a line: as written, and the organisation it names.
#[derive(Clone, Debug)]
pub struct EdgeEnd {
    pub text: String,
    pub organisation: Option<(Uuid, String)>,
}

/// Why a line cannot be recorded, at its column (`from`, `to`, `kind`, `startsOn`).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeError {
    pub field: &'static str,
    pub reason: Reason,
}

/// A line of the edge list as it would be recorded.
#[derive(Clone, Debug)]
pub struct EdgeRow {
    pub line: u32,
    pub from: EdgeEnd,
    pub to: EdgeEnd,
    pub kind: Option<RelationKind>,
    pub starts_on: Option<NaiveDate>,
    pub errors: Vec<EdgeError>,
}

/// What an edge list holds, and (after recording) how many relations were recorded.
#[derive(Clone, Debug)]
pub struct EdgeListImport {
    pub rows: Vec<EdgeRow>,
    pub valid: usize,
    pub invalid: usize,
    pub recorded: usize,
}

/// Kinds by their words: the stable names, each language's list in the unknown-kind
/// message, and a few longer German and English labels.
static KIND_WORDS: LazyLock<HashMap<String, RelationKind>> = LazyLock::new(|| {
    let mut words = HashMap::new();
    for kind in RelationKind::ALL {
        words.insert(search::fold(&kind.as_str().replace('_', " ")), *kind);
    }
    for lang in Lang::ALL {
        let message = text(*lang, "reason_unknown_relation_kind");
        let list = message.split_once([':', '：']).map_or("", |(_, l)| l);
        let names = list.split([',', '،', '、']).map(|w| w.trim().trim_end_matches(['.', '。']).trim());
        for (kind, word) in RelationKind::ALL.iter().zip(names) {
            words.insert(search::fold(word), *kind);
        }
    }
    for (word, kind) in [
        ("Mitglied in Netzwerk oder Dachverband", RelationKind::Membership),
        ("Member of a network or umbrella", RelationKind::Membership),
        ("Mitglied", RelationKind::Membership),
        ("Vermittlung", RelationKind::Referral),
        ("Sonstiges", RelationKind::Other),
    ] {
        words.insert(search::fold(word), kind);
    }
    words
});

/// The kind a cell names; an empty cell is a cooperation, the most common tie.
fn kind(value: &str) -> Result<RelationKind, Reason> {
    if value.trim().is_empty() {
        return Ok(RelationKind::Cooperation);
    }
    KIND_WORDS.get(&search::fold(&value.replace(['_', '-'], " "))).copied().ok_or(Reason::UnknownRelationKind)
}

/// The directory as the edge list names it.
struct Directory {
    by_id: HashMap<Uuid, String>,
    by_external_id: HashMap<String, Uuid>,
    by_name: HashMap<String, Vec<Uuid>>,
}

impl Directory {
    fn find(&self, value: &str) -> Result<(Uuid, String), Reason> {
        let value = value.trim();
        if value.is_empty() {
            return Err(Reason::Required);
        }
        let named = |id: Uuid| self.by_id.get(&id).map(|name| (id, name.clone()));
        if let Ok(id) = value.parse::<Uuid>() {
            return named(id).ok_or(Reason::UnknownId);
        }
        if let Some(found) = self.by_external_id.get(value).and_then(|id| named(*id)) {
            return Ok(found);
        }
        match self.by_name.get(&name_key(value)).map(Vec::as_slice) {
            Some([id]) => named(*id).ok_or(Reason::UnknownId),
            Some([_, _, ..]) => Err(Reason::AmbiguousName),
            _ => Err(Reason::UnknownId),
        }
    }
}

/// The ties already recorded or proposed: a pair (either way round) and a kind.
fn tie(a: Uuid, b: Uuid, kind: RelationKind) -> (Uuid, Uuid, RelationKind) {
    (a.min(b), a.max(b), kind)
}

/// Every line checked against the directory, the active relations and the lines before it.
fn check(lines: Vec<(u32, Vec<String>)>, directory: &Directory, mut taken: HashSet<(Uuid, Uuid, RelationKind)>) -> Vec<EdgeRow> {
    let cell = |cells: &[String], i: usize| cells.get(i).cloned().unwrap_or_default();
    lines
        .into_iter()
        .map(|(line, cells)| {
            let mut errors = Vec::new();
            let mut end = |field: &'static str, text: String| {
                let organisation = directory.find(&text).map_err(|reason| errors.push(EdgeError { field, reason })).ok();
                EdgeEnd { text, organisation }
            };
            let from = end("from", cell(&cells, 0));
            let to = end("to", cell(&cells, 1));
            let kind = kind(&cell(&cells, 2)).map_err(|reason| errors.push(EdgeError { field: "kind", reason })).ok();
            let starts_on = berlin::parse_date("startsOn", Some(&cell(&cells, 3)))
                .map_err(|e| errors.push(EdgeError { field: "startsOn", reason: e.reason }))
                .ok()
                .flatten();
            if let (Some((a, _)), Some((b, _)), Some(k)) = (&from.organisation, &to.organisation, kind) {
                if a == b {
                    errors.push(EdgeError { field: "to", reason: Reason::SameOrganisation });
                } else if errors.is_empty() && !taken.insert(tie(*a, *b, k)) {
                    errors.push(EdgeError { field: "kind", reason: Reason::AlreadyRelated });
                }
            }
            EdgeRow { line, from, to, kind, starts_on, errors }
        })
        .collect()
}

impl Core {
    /// What recording the edge list `csv` would do (ADMIN).
    pub async fn preview_relation_import(&self, actor: &Actor, csv: &str) -> DomainResult<EdgeListImport> {
        let rows = self.read_edge_list(actor, csv).await?;
        let valid = rows.iter().filter(|r| r.errors.is_empty()).count();
        Ok(EdgeListImport { invalid: rows.len() - valid, valid, rows, recorded: 0 })
    }

    /// Records the valid lines of the edge list `csv` as confirmed relations (ADMIN), in
    /// one transaction; the others are answered with their reasons, as in the preview.
    pub async fn commit_relation_import(&self, actor: &Actor, csv: &str) -> DomainResult<EdgeListImport> {
        let user = actor.require_user()?.id;
        let rows = self.read_edge_list(actor, csv).await?;
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let mut recorded = 0;
        for row in rows.iter().filter(|r| r.errors.is_empty()) {
            let (Some((from, _)), Some((to, _)), Some(kind)) = (&row.from.organisation, &row.to.organisation, row.kind) else { continue };
            let id = Uuid::now_v7();
            relation::Entity::insert(relation::ActiveModel {
                id: Set(id),
                from_organisation_id: Set(*from),
                to_organisation_id: Set(*to),
                kind: Set(Stored(kind)),
                state: Set(Stored(RelationState::Confirmed)),
                note: Set(None),
                starts_on: Set(row.starts_on),
                ends_on: Set(None),
                proposed_by: Set(Some(user)),
                proposed_at: Set(now),
                responded_by: Set(Some(user)),
                responded_at: Set(Some(now)),
                ended_by: Set(None),
                ended_at: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await
            .internal()?;
            let details = json!({ "from": from, "to": to, "kind": kind.as_str(), "line": row.line });
            audit::record(&txn, Some(user), "import_relation", "relation", id, details).await?;
            recorded += 1;
        }
        txn.commit().await.internal()?;
        tracing::info!(recorded, "relations recorded from an edge list");
        let valid = rows.iter().filter(|r| r.errors.is_empty()).count();
        Ok(EdgeListImport { invalid: rows.len() - valid, valid, rows, recorded })
    }

    /// Reads and checks an edge list; too long a list is refused at the field `csv`.
    async fn read_edge_list(&self, actor: &Actor, csv: &str) -> DomainResult<Vec<EdgeRow>> {
        actor.authorize(Operation::ImportRelations, None)?;
        self.hit(crate::limits::IMPORT_PREVIEWS_PER_ACCOUNT, &actor.require_user()?.id.to_string()).await?;
        if csv.chars().count() > MAX_CHARS {
            return Err(DomainError::invalid("csv", Reason::TooLong { max: MAX_CHARS }));
        }
        let table = spreadsheet::read(csv.as_bytes()).map_err(|e| DomainError { field: Some("csv".into()), ..e })?;
        if table.rows.len() > MAX_ROWS {
            return Err(DomainError::invalid("csv", Reason::TooManyRows { max: MAX_ROWS }));
        }
        // A rejected suggestion waits for deletion: nothing to relate to.
        let organisations =
            organisation::Entity::find().filter(organisation::Column::RejectedAt.is_null()).all(self.db()).await.internal()?;
        let mut directory = Directory { by_id: HashMap::new(), by_external_id: HashMap::new(), by_name: HashMap::new() };
        for o in organisations {
            if let Some(external) = o.external_id {
                directory.by_external_id.insert(external, o.id);
            }
            directory.by_name.entry(name_key(&o.name)).or_default().push(o.id);
            directory.by_id.insert(o.id, o.name);
        }
        let active = [RelationState::Proposed.as_str(), RelationState::Confirmed.as_str()];
        let taken: HashSet<_> = relation::Entity::find()
            .filter(relation::Column::State.is_in(active))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .map(|r| tie(r.from_organisation_id, r.to_organisation_id, r.kind.0))
            .collect();
        Ok(check(table.rows, &directory, taken))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_in_every_language() {
        assert_eq!(kind(""), Ok(RelationKind::Cooperation));
        assert_eq!(kind("Kooperation"), Ok(RelationKind::Cooperation));
        assert_eq!(kind("shared_premises"), Ok(RelationKind::SharedPremises));
        assert_eq!(kind("Gemeinsame Räume"), Ok(RelationKind::SharedPremises));
        assert_eq!(kind("Förderung"), Ok(RelationKind::Funding));
        assert_eq!(kind("تمويل"), Ok(RelationKind::Funding));
        assert_eq!(kind("Направление клиентов"), Ok(RelationKind::Referral));
        assert_eq!(kind("Freundschaft"), Err(Reason::UnknownRelationKind));
    }
}
