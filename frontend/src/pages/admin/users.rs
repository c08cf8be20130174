//! The accounts page: every account with role, status and last sign-in, edited in place.

use crate::{
    api::{self, ApiError, UpdateUser, Users, update_user, users},
    components::{
        data_table::DataTable,
        feedback::loaded,
        form::FormError,
        select::{Layout, Select},
    },
    i18n::*,
    session::use_session,
};
use leptos::{prelude::*, task::spawn_local};

/// All accounts with role, status and last sign-in.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<Users>(users::Variables { after: None }));
    view! {
        <h1>{t_string!(i18n, users_title)}</h1>
        {loaded::<Users>(data, move |d| {
            let total = d.users.total_count;
            view! {
                <p role="status">{t!(i18n, users_count, count = total)}</p>
                <DataTable
                    headers=vec![
                        t_string!(i18n, col_name).to_string(),
                        t_string!(i18n, col_email).to_string(),
                        t_string!(i18n, col_role).to_string(),
                        t_string!(i18n, users_status).to_string(),
                        t_string!(i18n, users_last_login).to_string(),
                    ]
                    actions=t_string!(i18n, taxonomy_actions)
                >
                    {d.users.edges.into_iter().map(|e| view! { <UserRow user=e.node /> }).collect_view()}
                </DataTable>
            }
                .into_any()
        })}

    }
}

/// One account with its role and status as choices; saved with the version read, so
/// a change made meanwhile by another admin answers `CONFLICT` instead of being lost.
#[component]
fn UserRow(user: users::UsersUsersEdgesNode) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = RwSignal::new(user.role);
    let status = RwSignal::new(user.status);
    let version = RwSignal::new(user.version);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = user.id.clone();
    let save = move |_| {
        let id = id.clone();
        busy.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = update_user::Variables {
                id,
                expected_version: version.get_untracked(),
                role: Some(role.get_untracked()),
                status: Some(status.get_untracked()),
            };
            match session.call::<UpdateUser>(vars, &lang).await {
                Ok(d) => {
                    version.set(d.update_user.version);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let (role_id, status_id) = (format!("user-{}-role", user.id), format!("user-{}-status", user.id));
    let who = user.display_name.clone();
    let role_name = format!("{who}: {}", t_string!(i18n, col_role));
    let status_name = format!("{who}: {}", t_string!(i18n, users_status));
    view! {
        <tr data-testid="user-row">
            <td>{user.display_name}</td>
            <td>{user.email}</td>
            <td>
                <Select id=role_id label=role_name value=role layout=Layout::Hidden />
            </td>
            <td>
                <Select id=status_id label=status_name value=status layout=Layout::Hidden />
            </td>
            <td>{user.last_login_at.map(|t| crate::components::labels::instant(i18n, &t, true))}</td>
            <td>
                <button type="button" on:click=save disabled=move || busy.get()>
                    {t_string!(i18n, taxonomy_save)}
                </button>
                {move || saved.get().then(|| view! { <span class="saved-mark" role="status">{t_string!(i18n, taxonomy_saved)}</span> })}
                <FormError error=error />
            </td>
        </tr>
    }
}
