//! The project form: starting a project (with lead and partners) and editing one.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::{
        self, ApiError, EventFormOptions, ProjectPage, ProjectStatus, SaveProject, Visibility, event_form_options, project_page,
        save_project,
    },
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError, field_message},
        organisation_picker::OrganisationPicker,
        select::Select,
    },
    i18n::*,
    session::use_session,
};

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
    // A new project is planned and public unless the person chooses otherwise.
    let status = RwSignal::new(e.map_or(ProjectStatus::Planned, |p| p.status));
    let starts_on = RwSignal::new(text(e.and_then(|p| p.starts_on.as_ref())));
    let ends_on = RwSignal::new(text(e.and_then(|p| p.ends_on.as_ref())));
    let funding = RwSignal::new(text(e.and_then(|p| p.funding.as_ref())));
    let outcomes = RwSignal::new(text(e.and_then(|p| p.outcomes.as_ref())));
    let topics = RwSignal::new(e.map(|p| p.topics.iter().map(|t| t.id.clone()).collect()).unwrap_or_default());
    let visibility = RwSignal::new(e.map_or(Visibility::Public, |p| p.visibility));
    let own: Vec<(String, String)> =
        options.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
    let lead = RwSignal::new(own.first().map(|(id, _)| id.clone()).unwrap_or_default());
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
                    status: status.get_untracked(),
                    starts_on: filled(starts_on.get_untracked()),
                    ends_on: filled(ends_on.get_untracked()),
                    funding: filled(funding.get_untracked()),
                    outcomes: filled(outcomes.get_untracked()),
                    visibility: visibility.get_untracked(),
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
    let label = move |key: &'static str| field_label(i18n, key);
    let topic_options: Vec<(String, String)> = options.topics.into_iter().map(|t| (t.id, t.label)).collect();
    view! {
        <FormError error=error fields=&["title", "startsOn", "endsOn", "funding", "leadOrganisationId"] />
        <form class="form" on:submit=submit novalidate>
            <Field id="project-title" field="title" label=label("title") value=title error=error />
            <div class="field">
                <label for="project-description">{t_string!(i18n, event_description)}</label>
                <textarea id="project-description" rows="5" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <Select id="project-status" label=t_string!(i18n, project_status) value=status />
            <div class="field-row">
                <Field id="project-starts" field="startsOn" label=label("starts") value=starts_on error=error kind="date" />
                <Field id="project-ends" field="endsOn" label=label("ends") value=ends_on error=error kind="date" />
            </div>
            <Field id="project-funding" field="funding" label=label("funding") value=funding error=error />
            <div class="field">
                <label for="project-outcomes">{t_string!(i18n, project_outcomes)}</label>
                <textarea id="project-outcomes" rows="4" prop:value=move || outcomes.get() on:input=move |ev| outcomes.set(event_target_value(&ev))></textarea>
            </div>
            <Select id="project-visibility" label=t_string!(i18n, event_visibility) value=visibility />
            <CheckboxGroup id="project-topics" legend=Signal::derive(move || t_string!(i18n, edit_topics).to_string()) options=topic_options selected=topics />
            {is_new.then(|| view! { <LeadAndPartners own=own lead=lead partners=partners error=error /> })}
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if is_new { t_string!(i18n, project_create) } else { t_string!(i18n, edit_save) }}
                </button>
                <A href="/projects">{t_string!(i18n, projects_back)}</A>
            </div>
        </form>
    }
}

/// The label of a field, by a short key.
fn field_label(i18n: I18nContext, key: &'static str) -> Signal<String> {
    Signal::derive(move || {
        match key {
            "title" => t_string!(i18n, event_field_title),
            "starts" => t_string!(i18n, project_starts),
            "ends" => t_string!(i18n, project_ends),
            _ => t_string!(i18n, project_funding),
        }
        .to_string()
    })
}

/// A new project's lead (one of one's own organisations, or picked by those without
/// one) and its partners.
#[component]
fn LeadAndPartners(
    own: Vec<(String, String)>,
    lead: RwSignal<String>,
    partners: RwSignal<Vec<(String, String)>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Without an organisation of their own (the district administration), the lead is picked.
    let lead_name = RwSignal::new(String::new());
    let pick_lead = Callback::new(move |(id, name): (String, String)| {
        lead.set(id);
        lead_name.set(name);
    });
    let has_own = !own.is_empty();
    let no_one: Vec<String> = Vec::new();
    let exclude =
        Signal::derive(move || partners.get().into_iter().map(|(id, _)| id).chain(std::iter::once(lead.get())).collect::<Vec<_>>());
    let pick = Callback::new(move |(id, name): (String, String)| partners.update(|p| p.push((id, name))));
    view! {
        {if has_own {
            view! {
                <Select id="project-lead" label=t_string!(i18n, project_lead) value=lead options=own.clone() />
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
}
