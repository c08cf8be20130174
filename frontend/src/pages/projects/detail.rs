//! One project's page: lead, partners (who answer for their organisation) and events.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError, PartnerChange, ProjectPage, partner_change, project_page},
    components::{
        SIGNED_IN_VIEWS,
        feedback::loaded,
        form::FormError,
        labels::{period, time_span},
        organisation_picker::OrganisationPicker,
        select::Labelled,
    },
    i18n::*,
    session::use_session,
};

/// One project.
#[component]
pub fn ProjectDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let id = params.get().get("id").unwrap_or_default();
        api::body::<ProjectPage>(project_page::Variables { id })
    });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        {loaded::<ProjectPage>(data, move |d| match d.project {
            None => view! { <p class="notice" role="alert">{t_string!(i18n, project_not_found)}</p> }.into_any(),
            Some(p) => {
                let mine: Vec<String> = d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| o.id)).collect()).unwrap_or_default();
                view! { <ProjectView project=p mine reload /> }.into_any()
            }
        })}
    }
}

#[component]
fn ProjectView(project: project_page::ProjectPageProject, mine: Vec<String>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let id = project.id.clone();
    let change = move |organisation: String, invite: bool, accept: bool| {
        let project_id = id.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = partner_change::Variables { project_id, organisation_id: organisation, invite, accept };
            match session.fetch::<PartnerChange>(vars, &lang).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let status = project.status;
    let when = period(i18n, project.starts_on.as_deref(), project.ends_on.as_deref());
    let taken: Vec<String> = project.partners.iter().map(|p| p.organisation_id.clone()).collect();
    let events = project.events.clone();
    let invite = {
        let change = change.clone();
        Callback::new(move |(organisation, _name): (String, String)| change(organisation, true, false))
    };
    view! {
        <article class="project">
            <p class="back">
                <A href="/projects">{t_string!(i18n, projects_back)}</A>
            </p>
            <h1>{project.title.clone()}</h1>
            <p>
                <span class="badge" data-testid="project-status">{status.label(i18n)}</span>
                " "
                {when}
            </p>
            <FormError error=error />
            {project.description.clone().map(|d| view! { <p class="description">{d}</p> })}
            <dl class="facts">
                <dt>{t_string!(i18n, project_lead)}</dt>
                <dd>{project.lead.clone().map(|l| view! { <A href=format!("/organisations/{}", l.slug)>{l.name}</A> })}</dd>
                {project.funding.clone().map(|f| view! { <dt>{t_string!(i18n, project_funding)}</dt> <dd>{f}</dd> })}
                {project.outcomes.clone().map(|o| view! { <dt>{t_string!(i18n, project_outcomes)}</dt> <dd class="description">{o}</dd> })}
            </dl>
            <ul class="tags">{project.topics.iter().map(|t| view! { <li>{t.label.clone()}</li> }).collect_view()}</ul>
            <section aria-labelledby="partners-title">
                <h2 id="partners-title">{t_string!(i18n, project_partners)}</h2>
                {project.partners.is_empty().then(|| view! { <p>{t_string!(i18n, project_no_partners)}</p> })}
                <ul data-testid="partners">
                    {project
                        .partners
                        .iter()
                        .map(|p| {
                            let state = p.state;
                            let name = p.organisation.as_ref().map(|o| o.name.clone()).unwrap_or_default();
                            let answer = (SIGNED_IN_VIEWS && state == api::ParticipationState::Invited && mine.contains(&p.organisation_id)).then(|| {
                                let (yes, no) = (change.clone(), change.clone());
                                let (o1, o2) = (p.organisation_id.clone(), p.organisation_id.clone());
                                view! {
                                    " "
                                    <button type="button" on:click=move |_| yes(o1.clone(), false, true)>{t_string!(i18n, event_confirm)}</button>
                                    " "
                                    <button type="button" class="link-button" on:click=move |_| no(o2.clone(), false, false)>{t_string!(i18n, event_decline)}</button>
                                }
                            });
                            view! {
                                <li>
                                    {name}
                                    " – "
                                    {state.label(i18n)}
                                    {answer}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <section aria-labelledby="project-events-title">
                <h2 id="project-events-title">{t_string!(i18n, events_title)}</h2>
                {project.events.is_empty().then(|| view! { <p>{t_string!(i18n, org_no_events)}</p> })}
                <ul>
                    {events
                        .into_iter()
                        .map(|e| {
                            let when = time_span(i18n, &e.starts_at_local, &e.ends_at_local);
                            view! { <li><A href=format!("/events/{}", e.id)>{e.title}</A> " · " {when}</li> }
                        })
                        .collect_view()}
                </ul>
            </section>
            {crate::components::signed_in_only({
                let id = project.id.clone();
                move || view! { <crate::components::projects::ProjectOrigin id=id /> }
            })}
            {(SIGNED_IN_VIEWS && project.can_manage)
                .then(|| {
                    view! {
                        <section class="manage" aria-labelledby="project-manage-title">
                            <h2 id="project-manage-title">{t_string!(i18n, event_manage)}</h2>
                            <p>
                                <A href=format!("/projects/{}/edit", project.id) attr:class="button">{t_string!(i18n, event_edit)}</A>
                            </p>
                            <OrganisationPicker exclude=taken on_pick=invite />
                        </section>
                    }
                })}
        </article>
    }
}
