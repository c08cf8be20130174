//! Coordination team pages: all accounts and the audit log.

use leptos::prelude::*;
use migraup_domain::{Role, UserStatus};

use crate::{
    api::{self, AuditLog, Users, audit_log, users},
    components::{feedback::loaded, labels::role_label},
    i18n::*,
    session::use_session,
};

/// All accounts with role, status and last sign-in.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = LocalResource::new(move || {
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        let _user = session.user.get();
        async move { session.call::<Users>(users::Variables { after: None }, &lang).await }
    });
    view! {
        <h1>{t!(i18n, users_title)}</h1>
        {loaded(data, move |d| {
            let total = d.users.total_count;
            view! {
                <p role="status">{t!(i18n, users_count, count = total)}</p>
                <div class="table-scroll">
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, col_name)}</th>
                                <th scope="col">{t!(i18n, col_email)}</th>
                                <th scope="col">{t!(i18n, col_role)}</th>
                                <th scope="col">{t!(i18n, users_status)}</th>
                                <th scope="col">{t!(i18n, users_last_login)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {d
                                .users
                                .edges
                                .into_iter()
                                .map(|e| {
                                    let u = e.node;
                                    let role = Role::parse(&api::enum_name(&u.role)).unwrap_or(Role::Multiplier);
                                    let status = UserStatus::parse(&api::enum_name(&u.status)).unwrap_or(UserStatus::Disabled);
                                    view! {
                                        <tr data-testid="user-row">
                                            <td>{u.display_name}</td>
                                            <td>{u.email}</td>
                                            <td>{move || role_label(i18n, role)}</td>
                                            <td>
                                                {move || match status {
                                                    UserStatus::Active => t_string!(i18n, status_active),
                                                    UserStatus::Pending => t_string!(i18n, status_pending),
                                                    UserStatus::Disabled => t_string!(i18n, status_disabled),
                                                }}
                                            </td>
                                            <td>{u.last_login_at.map(|t| t.replace('T', " ").chars().take(16).collect::<String>())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        })}

    }
}

/// The newest changes first.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = LocalResource::new(move || {
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        let _user = session.user.get();
        async move { session.call::<AuditLog>(audit_log::Variables { after: None }, &lang).await }
    });
    view! {
        <h1>{t!(i18n, audit_title)}</h1>
        {loaded(data, move |d| {
            view! {
                <div class="table-scroll">
                    <table class="data">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, audit_when)}</th>
                                <th scope="col">{t!(i18n, audit_action)}</th>
                                <th scope="col">{t!(i18n, audit_entity)}</th>
                                <th scope="col">{t!(i18n, audit_changes)}</th>
                            </tr>
                        </thead>
                        <tbody>
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
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        })}

    }
}
