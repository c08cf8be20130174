//! The projects page: all shared projects, filtered by status in the URL.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ProjectStatus, Projects},
    components::{
        feedback::loaded,
        projects::{ProjectCards, projects_vars},
        select::{Binding, Select},
        signed_in_only,
        url::with_query,
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
    // A status the address names that does not exist shows all.
    let status = Memo::new(move |_| query.get().get("status").and_then(|s| ProjectStatus::parse(&s)));
    let data = session.resource(move || api::body::<Projects>(projects_vars(status.get(), None, None)));
    let may_create = move || session.user.get().is_some_and(|u| u.may(migraup_domain::policy::Operation::CreateProject));
    let choose = move |chosen: Option<ProjectStatus>| {
        navigate(&with_query("/projects", [("status", chosen.map_or("", ProjectStatus::as_str))]), Default::default());
    };
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, projects_title)}</h1>
            {signed_in_only(move || move || may_create().then(|| view! { <A href="/projects/new" attr:class="button">{t_string!(i18n, projects_new)}</A> }))}
        </div>
        <p class="lead">{t_string!(i18n, projects_lead)}</p>
        <div class="narrow">
            <Select
                id="project-status-filter"
                label=t_string!(i18n, project_status)
                value=Binding::optional(move || status.get(), choose)
                none=t_string!(i18n, events_any)
            />
        </div>
        {loaded::<Projects>(data, move |d| view! { <ProjectCards data=d.projects /> }.into_any())}
    }
}
