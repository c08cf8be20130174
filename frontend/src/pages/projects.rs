//! Shared projects: the list (filtered by status, in the URL), a project's page with
//! lead, partners (who answer for their organisation) and events, and the form.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
};

use crate::{
    api::{
        self, ApiError, EventFormOptions, PartnerChange, ProjectPage, Projects, SaveProject, event_form_options, partner_change,
        project_page, projects, save_project,
    },
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError, field_message},
        labels::{participation_label, time_span},
        organisation_picker::OrganisationPicker,
    },
    i18n::*,
    session::use_session,
};

const STATUSES: [&str; 3] = ["PLANNED", "ACTIVE", "COMPLETED"];

fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: &str) -> String {
    match status {
        "ACTIVE" => t_string!(i18n, project_active),
        "COMPLETED" => t_string!(i18n, project_completed),
        _ => t_string!(i18n, project_planned),
    }
    .to_string()
}

fn period(i18n: leptos_i18n::I18nContext<Locale>, from: Option<&str>, to: Option<&str>) -> String {
    let day = |d: &str| time_span(i18n, d, d).split(',').next().unwrap_or_default().to_owned();
    match (from, to) {
        (Some(f), Some(t)) => format!("{} – {}", day(f), day(t)),
        (Some(f), None) => format!("{} –", day(f)),
        (None, Some(t)) => format!("– {}", day(t)),
        (None, None) => String::new(),
    }
}

fn projects_vars(status: String, organisation: Option<String>, after: Option<String>) -> projects::Variables {
    projects::Variables {
        after,
        filter: Some(projects::ProjectFilter {
            statuses: api::from_name(&status).into_iter().collect(),
            organisation_id: organisation,
            topic_ids: Vec::new(),
        }),
    }
}

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
            {move || may_create().then(|| view! { <A href="/projects/new" attr:class="button">{t_string!(i18n, projects_new)}</A> })}
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
                {STATUSES
                    .into_iter()
                    .map(|s| view! { <option value=s selected=move || status.get() == s>{move || status_label(i18n, s)}</option> })
                    .collect_view()}
            </select>
        </div>
        {loaded::<Projects>(data, move |d| view! { <ProjectCards data=d.projects /> }.into_any())}
    }
}

#[component]
fn ProjectCards(data: projects::ProjectsProjects) -> impl IntoView {
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
                    let status = api::enum_name(&p.status);
                    let partners = p
                        .partners
                        .iter()
                        .filter(|x| api::enum_name(&x.state) == "CONFIRMED")
                        .filter_map(|x| x.organisation.as_ref().map(|o| o.name.clone()))
                        .collect::<Vec<_>>();
                    let when = period(i18n, p.starts_on.as_deref(), p.ends_on.as_deref());
                    view! {
                        <li class="card" data-testid="project-card">
                            <h2>
                                <A href=format!("/projects/{}", p.id)>{p.title}</A>
                            </h2>
                            <p class="meta">
                                <span class="badge">{move || status_label(i18n, &status)}</span>
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
        let vars = projects_vars(String::new(), Some(organisation_id.clone()), None);
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
    let status = api::enum_name(&project.status);
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
                <span class="badge" data-testid="project-status">{move || status_label(i18n, &status)}</span>
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
                            let state = api::enum_name(&p.state);
                            let name = p.organisation.as_ref().map(|o| o.name.clone()).unwrap_or_default();
                            let answer = (state == "INVITED" && mine.contains(&p.organisation_id)).then(|| {
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
                                    {move || participation_label(i18n, &state)}
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
            {project
                .can_manage
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

/// Starting a project.
#[component]
pub fn NewProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, project_new_title)}</h1>
        <ProjectForm existing=None />
    }
}

/// Editing a project.
#[component]
pub fn EditProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let id = params.get().get("id").unwrap_or_default();
        api::body::<ProjectPage>(project_page::Variables { id })
    });
    view! {
        <h1>{t_string!(i18n, project_edit_title)}</h1>
        {loaded::<ProjectPage>(data, move |d| match d.project {
            Some(p) if p.can_manage => view! { <ProjectForm existing=Some(p) /> }.into_any(),
            _ => view! { <p class="notice" role="alert">{t_string!(i18n, edit_forbidden)}</p> }.into_any(),
        })}
    }
}

#[component]
fn ProjectForm(existing: Option<project_page::ProjectPageProject>) -> impl IntoView {
    let session = use_session();
    let options = session.resource(move || api::body::<EventFormOptions>(event_form_options::Variables { search: None }));
    loaded::<EventFormOptions>(options, move |o| view! { <ProjectFields options=o existing=existing.clone() /> }.into_any())
}

#[component]
fn ProjectFields(options: event_form_options::ResponseData, existing: Option<project_page::ProjectPageProject>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let text = |v: Option<&String>| v.cloned().unwrap_or_default();
    let e = existing.as_ref();
    let title = RwSignal::new(e.map(|p| p.title.clone()).unwrap_or_default());
    let description = RwSignal::new(text(e.and_then(|p| p.description.as_ref())));
    let status = RwSignal::new(e.map(|p| api::enum_name(&p.status)).unwrap_or_else(|| "PLANNED".into()));
    let starts_on = RwSignal::new(text(e.and_then(|p| p.starts_on.as_ref())));
    let ends_on = RwSignal::new(text(e.and_then(|p| p.ends_on.as_ref())));
    let funding = RwSignal::new(text(e.and_then(|p| p.funding.as_ref())));
    let outcomes = RwSignal::new(text(e.and_then(|p| p.outcomes.as_ref())));
    let topics = RwSignal::new(e.map(|p| p.topics.iter().map(|t| t.id.clone()).collect()).unwrap_or_default());
    let visibility = RwSignal::new(e.map(|p| api::enum_name(&p.visibility)).unwrap_or_else(|| "PUBLIC".into()));
    let own: Vec<(String, String)> =
        options.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
    let lead = RwSignal::new(own.first().map(|(id, _)| id.clone()).unwrap_or_default());
    // Without an organisation of their own (the district administration), the lead is picked.
    let lead_name = RwSignal::new(String::new());
    let pick_lead = Callback::new(move |(id, name): (String, String)| {
        lead.set(id);
        lead_name.set(name);
    });
    let has_own = !own.is_empty();
    let no_one: Vec<String> = Vec::new();
    let partners = RwSignal::new(Vec::<(String, String)>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let id = e.map(|p| p.id.clone());
    let version = e.map(|p| p.version).unwrap_or(0);
    let is_new = id.is_none();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, navigate) = (id.clone(), navigate.clone());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let filled = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
            let vars = save_project::Variables {
                create: id.is_none(),
                id: id.clone().unwrap_or_default(),
                expected_version: version,
                lead: lead.get_untracked(),
                partners: partners.get_untracked().into_iter().map(|(id, _)| id).collect(),
                input: save_project::ProjectInput {
                    title: title.get_untracked(),
                    description: filled(description.get_untracked()),
                    status: api::from_name(&status.get_untracked()).unwrap_or(save_project::ProjectStatus::PLANNED),
                    starts_on: filled(starts_on.get_untracked()),
                    ends_on: filled(ends_on.get_untracked()),
                    funding: filled(funding.get_untracked()),
                    outcomes: filled(outcomes.get_untracked()),
                    visibility: api::from_name(&visibility.get_untracked()).unwrap_or(save_project::Visibility::PUBLIC),
                    topic_ids: topics.get_untracked(),
                },
            };
            match session.fetch::<SaveProject>(vars, &lang).await {
                Ok(v) => {
                    let saved = v["createProject"]["id"].as_str().or(v["updateProject"]["id"].as_str()).map(str::to_owned).or(id);
                    navigate(&format!("/projects/{}", saved.unwrap_or_default()), Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = move |key: &'static str| {
        Signal::derive(move || {
            match key {
                "title" => t_string!(i18n, event_field_title),
                "starts" => t_string!(i18n, project_starts),
                "ends" => t_string!(i18n, project_ends),
                _ => t_string!(i18n, project_funding),
            }
            .to_string()
        })
    };
    let topic_options: Vec<(String, String)> = options.topics.into_iter().map(|t| (t.id, t.label)).collect();
    let exclude =
        Signal::derive(move || partners.get().into_iter().map(|(id, _)| id).chain(std::iter::once(lead.get())).collect::<Vec<_>>());
    let pick = Callback::new(move |(id, name): (String, String)| partners.update(|p| p.push((id, name))));
    view! {
        <FormError error=error fields=&["title", "startsOn", "endsOn", "funding", "leadOrganisationId"] />
        <form class="form" on:submit=submit novalidate>
            <Field id="project-title" field="title" label=label("title") value=title error=error />
            <div class="field">
                <label for="project-description">{t_string!(i18n, event_description)}</label>
                <textarea id="project-description" rows="5" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="project-status">{t_string!(i18n, project_status)}</label>
                <select id="project-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    {STATUSES
                        .into_iter()
                        .map(|s| view! { <option value=s selected=move || status.get() == s>{move || status_label(i18n, s)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field-row">
                <Field id="project-starts" field="startsOn" label=label("starts") value=starts_on error=error kind="date" />
                <Field id="project-ends" field="endsOn" label=label("ends") value=ends_on error=error kind="date" />
            </div>
            <Field id="project-funding" field="funding" label=label("funding") value=funding error=error />
            <div class="field">
                <label for="project-outcomes">{t_string!(i18n, project_outcomes)}</label>
                <textarea id="project-outcomes" rows="4" prop:value=move || outcomes.get() on:input=move |ev| outcomes.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="project-visibility">{t_string!(i18n, event_visibility)}</label>
                <select id="project-visibility" on:change=move |ev| visibility.set(event_target_value(&ev))>
                    <option value="PUBLIC" selected=move || visibility.get() == "PUBLIC">{t_string!(i18n, visibility_public)}</option>
                    <option value="MEMBERS" selected=move || visibility.get() == "MEMBERS">{t_string!(i18n, visibility_members)}</option>
                </select>
            </div>
            <CheckboxGroup id="project-topics" legend=Signal::derive(move || t_string!(i18n, edit_topics).to_string()) options=topic_options selected=topics />
            {is_new
                .then(|| {
                    view! {
                        {if has_own {
                            view! {
                                <div class="field">
                                    <label for="project-lead">{t_string!(i18n, project_lead)}</label>
                                    <select id="project-lead" on:change=move |ev| lead.set(event_target_value(&ev))>
                                        {own.clone().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                    </select>
                                </div>
                            }
                                .into_any()
                        } else {
                            view! {
                                <fieldset class="group">
                                    <legend>{t_string!(i18n, project_lead)}</legend>
                                    <p data-testid="chosen-lead">{move || lead_name.get()}</p>
                                    <OrganisationPicker exclude=no_one on_pick=pick_lead />
                                </fieldset>
                            }
                                .into_any()
                        }}
                        <p class="field-error">{move || field_message(error, "leadOrganisationId")}</p>
                        <fieldset class="group">
                            <legend>{t_string!(i18n, project_partners)}</legend>
                            <ul>{move || partners.get().into_iter().map(|(_, name)| view! { <li data-testid="chosen-partner">{name}</li> }).collect_view()}</ul>
                            <OrganisationPicker exclude=exclude on_pick=pick />
                        </fieldset>
                    }
                })}
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if is_new { t_string!(i18n, project_create) } else { t_string!(i18n, edit_save) }}
                </button>
                <A href="/projects">{t_string!(i18n, projects_back)}</A>
            </div>
        </form>
    }
}
