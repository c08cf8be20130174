//! The audit log page: the newest changes first.

use leptos::prelude::*;

use crate::{
    api::{self, AuditLog, audit_log},
    components::{data_table::DataTable, feedback::loaded},
    i18n::*,
    session::use_session,
};

/// The newest changes first.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<AuditLog>(audit_log::Variables { after: None }));
    view! {
        <h1>{t_string!(i18n, audit_title)}</h1>
        {loaded::<AuditLog>(data, move |d| {
            view! {
                <DataTable headers=vec![
                    t_string!(i18n, audit_when).to_string(),
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
                            view! {
                                <tr data-testid="audit-row">
                                    <td>{a.created_at.replace('T', " ").chars().take(19).collect::<String>()}</td>
                                    <td>{a.action}</td>
                                    <td>{a.entity_type}</td>
                                    <td>
                                        <code>{a.changes.to_string()}</code>
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
