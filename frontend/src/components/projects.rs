//! Projects as cards: a list of projects, and the projects of an organisation.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{self, ParticipationState, ProjectStatus, Projects, projects},
    components::{feedback::loaded, labels::period, select::Labelled},
    i18n::*,
    session::use_session,
};

/// The query for projects in `status` (`None`: all), optionally of one organisation.
pub fn projects_vars(status: Option<ProjectStatus>, organisation: Option<String>, after: Option<String>) -> projects::Variables {
    projects::Variables {
        after,
        filter: Some(projects::ProjectFilter {
            statuses: status.into_iter().collect(),
            organisation_id: organisation,
            topic_ids: Vec::new(),
        }),
    }
}

/// The count and the cards of a list of projects.
#[component]
pub fn ProjectCards(data: projects::ProjectsProjects) -> impl IntoView {
    let i18n = use_i18n();
    let total = data.total_count;
    view! {
        <p role="status" class="result-count">{t!(i18n, projects_count, count = total)}</p>
        <ul class="cards" data-testid="project-list">
            {data
                .edges
                .into_iter()
                .map(|e| {
                    let p = e.node;
                    let status = p.status;
                    let partners = p
                        .partners
                        .iter()
                        .filter(|x| x.state == ParticipationState::Confirmed)
                        .filter_map(|x| x.organisation.as_ref().map(|o| o.name.clone()))
                        .collect::<Vec<_>>();
                    let when = period(i18n, p.starts_on.as_deref(), p.ends_on.as_deref());
                    view! {
                        <li class="card" data-testid="project-card">
                            <h2>
                                <A href=format!("/projects/{}", p.id)>{p.title}</A>
                            </h2>
                            <p class="meta">
                                <span class="badge">{status.label(i18n)}</span>
                                " "
                                {when}
                            </p>
                            <p class="meta">
                                {p.lead.map(|l| l.name)}
                                {(!partners.is_empty()).then(|| format!(" · {}", partners.join(", ")))}
                            </p>
                            <ul class="tags">{p.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The projects an organisation leads or is a partner of, for its profile page.
#[component]
pub fn OrganisationProjects(organisation_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || {
        let vars = projects_vars(None, Some(organisation_id.clone()), None);
        api::body::<Projects>(vars)
    });
    view! {
        <section aria-labelledby="org-projects-title">
            <h2 id="org-projects-title">{t_string!(i18n, projects_title)}</h2>
            {loaded::<Projects>(data, move |d| {
                if d.projects.edges.is_empty() {
                    view! { <p>{t_string!(i18n, projects_none)}</p> }.into_any()
                } else {
                    view! { <ProjectCards data=d.projects /> }.into_any()
                }
            })}
        </section>
    }
}

/// Where a project came from: the agreed action of a working group (signed-in pages;
/// at the end of the page, so nothing above it moves when it arrives).
#[component]
pub fn ProjectOrigin(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::session::use_session();
    let data = session.resource(move || api::body::<api::ProjectOrigin>(api::project_origin::Variables { id: id.clone() }));
    crate::components::feedback::loaded::<api::ProjectOrigin>(data, move |d| {
        let origin = d.project.and_then(|p| p.agreed_action);
        view! {
            {origin.map(|a| view! {
                <p data-testid="from-action">
                    {t!(i18n, action_from_group, name = view! { <bdi>{a.group_name.clone()}</bdi> })}
                    ": "
                    <a href=format!("/groups/{}", a.group_slug)>{a.title}</a>
                </p>
            })}
        }
        .into_any()
    })
}
