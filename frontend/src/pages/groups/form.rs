//! The group form: founding a working group and editing one (coordinators).

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::{self, ApiError, GroupForm, SaveGroup, Visibility, group_form, save_group},
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError},
        select::Select,
        translations::{TextLanguages, rows},
    },
    i18n::*,
    session::use_session,
};

/// Founding a working group.
#[component]
pub fn NewGroupPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, group_new_title)}</h1>
        <GroupFormLoader edit=false />
    }
}

/// Editing a working group.
#[component]
pub fn EditGroupPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, group_edit_title)}</h1>
        <GroupFormLoader edit=true />
    }
}

#[component]
fn GroupFormLoader(edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        api::body::<GroupForm>(group_form::Variables { slug, edit })
    });
    loaded::<GroupForm>(data, move |d| {
        let topics: Vec<(String, String)> = d.topics.into_iter().map(|t| (t.id, t.label)).collect();
        let languages: Vec<(String, String)> = d.languages.into_iter().map(|l| (l.code, l.name)).collect();
        match (edit, d.working_group) {
            (false, _) => view! { <GroupFields topics languages existing=None /> }.into_any(),
            (true, Some(g)) if g.can_manage => view! { <GroupFields topics languages existing=Some(g) /> }.into_any(),
            (true, _) => view! { <p class="notice" role="alert">{t_string!(i18n, edit_forbidden)}</p> }.into_any(),
        }
    })
}

#[component]
fn GroupFields(
    topics: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    existing: Option<group_form::GroupFormWorkingGroup>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let e = existing.as_ref();
    let name = RwSignal::new(e.map(|g| g.name.clone()).unwrap_or_default());
    let description = RwSignal::new(e.and_then(|g| g.description.clone()).unwrap_or_default());
    let visibility = RwSignal::new(e.map_or(Visibility::Public, |g| g.visibility));
    let content_language = RwSignal::new(e.map_or_else(|| "de".to_owned(), |g| g.content_language.clone()));
    let texts: Vec<(String, String)> = e
        .map(|g| g.translations.iter().map(|t| (t.language.clone(), t.description.clone().unwrap_or_default())).collect())
        .unwrap_or_default();
    let translations = RwSignal::new(rows(&texts));
    let chosen = RwSignal::new(e.map(|g| g.topics.iter().map(|t| t.id.clone()).collect()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version, slug) = (e.map(|g| g.id.clone()), e.map_or(0, |g| g.version), e.map(|g| g.slug.clone()));
    let is_new = id.is_none();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, navigate) = (id.clone(), navigate.clone());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let text = description.get_untracked();
            let vars = save_group::Variables {
                create: id.is_none(),
                id: id.clone().unwrap_or_default(),
                expected_version: version,
                input: save_group::GroupInput {
                    name: name.get_untracked(),
                    description: Some(text.trim().to_owned()).filter(|d| !d.is_empty()),
                    visibility: visibility.get_untracked(),
                    topic_ids: chosen.get_untracked(),
                    content_language: content_language.get_untracked(),
                    translations: translations
                        .get_untracked()
                        .into_iter()
                        .map(|r| save_group::TranslationInput {
                            language: r.language.get_untracked(),
                            title: None,
                            description: Some(r.text.get_untracked()),
                        })
                        .collect(),
                },
            };
            match session.fetch::<SaveGroup>(vars, &lang).await {
                Ok(v) => {
                    let saved = v["createWorkingGroup"]["slug"].as_str().or(v["updateWorkingGroup"]["slug"].as_str()).unwrap_or_default();
                    navigate(&format!("/groups/{saved}"), Default::default());
                }
                Err(e) if e.code() == "CONFLICT" => error.set(Some(ApiError::Graphql {
                    code: e.code().into(),
                    field: None,
                    message: t_string!(i18n, group_conflict).into(),
                })),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let back = slug.map_or_else(|| "/groups".to_owned(), |s| format!("/groups/{s}"));
    view! {
        <FormError error=error fields=&["name", "description"] />
        <form class="form" on:submit=submit novalidate>
            <Field id="group-name" field="name" label=t_string!(i18n, group_name).to_string() value=name error=error />
            <div class="field">
                <label for="group-description">{t_string!(i18n, group_description)}</label>
                <textarea id="group-description" rows="5" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || crate::components::form::field_message(error, "description")}</p>
            </div>
            <TextLanguages content_language translations languages error />
            <Select id="group-visibility" label=t_string!(i18n, group_visibility) value=visibility />
            <CheckboxGroup id="group-topics" legend=t_string!(i18n, group_topics).to_string() options=topics selected=chosen />
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if is_new { t_string!(i18n, group_create) } else { t_string!(i18n, group_save) }}
                </button>
                <A href=back>{t_string!(i18n, group_back)}</A>
            </div>
        </form>
    }
}
