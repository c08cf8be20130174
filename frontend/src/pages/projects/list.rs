//! The projects page: all shared projects, filtered by status in the URL.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, Projects},
    components::{
        feedback::loaded,
        projects::{ProjectCards, projects_vars, status_options},
        signed_in_only,
    },
    i18n::*,
    session::use_session,
};

/// The list of projects.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Memo::new(move |_| query.get().get("status").unwrap_or_default());
    let data = session.resource(move || {
        let status = status.get();
        api::body::<Projects>(projects_vars(status, None, None))
    });
    let may_create = move || session.user.get().is_some_and(|u| u.may(migraup_domain::policy::Operation::CreateProject));
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, projects_title)}</h1>
            {signed_in_only(move || move || may_create().then(|| view! { <A href="/projects/new" attr:class="button">{t_string!(i18n, projects_new)}</A> }))}
        </div>
        <p class="lead">{t_string!(i18n, projects_lead)}</p>
        <div class="field narrow">
            <label for="project-status-filter">{t_string!(i18n, project_status)}</label>
            <select
                id="project-status-filter"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    navigate(&crate::components::url::with_query("/projects", [("status", v.as_str())]), Default::default());
                }
            >
                <option value="" selected=move || status.get().is_empty()>{t_string!(i18n, events_any)}</option>
                {status_options(i18n, status.into())}
            </select>
        </div>
        {loaded::<Projects>(data, move |d| view! { <ProjectCards data=d.projects /> }.into_any())}
    }
}
