//! The audit log page: the newest changes first, readable: when (Berlin time, in the
//! reader's language), who, what happened, to which record, and what changed.
//! `?entity=organisation&id=…` narrows it to one record's history, which the record's
//! own page links to.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    api::{self, AuditLog, audit_log},
    components::{data_table::DataTable, feedback::loaded, labels::instant},
    i18n::*,
    session::use_session,
};

/// A changed value as a person reads it: text as it is, lists joined, nested parts as
/// `key: value`.
fn readable(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "–".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(readable).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(fields) => fields.iter().map(|(k, v)| format!("{k}: {}", readable(v))).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// The link of a record that has a page of its own.
fn record_link(kind: &str, id: &str) -> Option<String> {
    match kind {
        "event" => Some(format!("/events/{id}")),
        "project" => Some(format!("/projects/{id}")),
        _ => None,
    }
}

/// The newest changes first.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let data = session.resource(move || {
        let q = query.get();
        api::body::<AuditLog>(audit_log::Variables { after: None, entity: q.get("entity"), entity_id: q.get("id") })
    });
    view! {
        <h1>{t_string!(i18n, audit_title)}</h1>
        {move || query.with(|q| q.get("id").is_some()).then(|| view! { <p><A href="/admin/audit-log">{t_string!(i18n, audit_all)}</A></p> })}
        {loaded::<AuditLog>(data, move |d| {
            view! {
                <DataTable headers=vec![
                    t_string!(i18n, audit_when).to_string(),
                    t_string!(i18n, audit_who).to_string(),
                    t_string!(i18n, audit_action).to_string(),
                    t_string!(i18n, audit_entity).to_string(),
                    t_string!(i18n, audit_changes).to_string(),
                ]>
                    {d
                        .audit_log
                        .edges
                        .into_iter()
                        .map(|e| {
                            let a = e.node;
                            let changes: Vec<(String, String)> = a
                                .changes
                                .as_object()
                                .map(|o| o.iter().map(|(k, v)| (k.clone(), readable(v))).collect())
                                .unwrap_or_default();
                            let name = a.entity_name.clone().unwrap_or_default();
                            let record = match record_link(&a.entity_type, &a.entity_id) {
                                Some(href) if !name.is_empty() => view! { <A href=href><bdi>{name}</bdi></A> }.into_any(),
                                _ => view! { <bdi>{name}</bdi> }.into_any(),
                            };
                            let history = format!("/admin/audit-log?entity={}&id={}", a.entity_type, a.entity_id);
                            view! {
                                <tr data-testid="audit-row">
                                    <td>{instant(i18n, &a.created_at, true)}</td>
                                    <td data-testid="audit-who">
                                        <bdi>{a.actor_name.unwrap_or_else(|| t_string!(i18n, audit_system).to_owned())}</bdi>
                                    </td>
                                    <td data-testid="audit-what">{a.action_label}</td>
                                    <td>
                                        {a.entity_label}
                                        ": "
                                        {record}
                                        " "
                                        <A href=history attr:class="meta">{t_string!(i18n, audit_history)}</A>
                                    </td>
                                    <td>
                                        <dl class="changes">
                                            {changes
                                                .into_iter()
                                                .map(|(k, v)| view! { <dt>{k}</dt> <dd><bdi>{v}</bdi></dd> })
                                                .collect_view()}
                                        </dl>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
            }
                .into_any()
        })}
    }
}
