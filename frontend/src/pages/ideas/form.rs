//! Proposing an idea, as a person or for an organisation one represents; opened from a
//! coverage gap of the network page (`?topic=…&district=…`), it answers that gap.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError, IdeaForm, ProposeIdea, Visibility, idea_form, propose_idea},
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError, field_message},
        select::{Binding, Select},
        translations::{TextLanguages, rows},
    },
    i18n::*,
    session::use_session,
};

/// The idea form.
#[component]
pub fn NewIdeaPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<IdeaForm>(idea_form::Variables {}));
    view! {
        <h1>{t_string!(i18n, idea_form_title)}</h1>
        {loaded::<IdeaForm>(data, move |d| view! { <IdeaFields d /> }.into_any())}
    }
}

#[component]
fn IdeaFields(d: idea_form::ResponseData) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let gap_topic = query.get_untracked().get("topic").filter(|t| d.topics.iter().any(|x| &x.id == t));
    let gap_district = query.get_untracked().get("district").filter(|t| d.districts.iter().any(|x| &x.id == t));
    let gap = gap_topic.clone().zip(gap_district.clone());
    let topics: Vec<(String, String)> = d.topics.iter().map(|t| (t.id.clone(), t.label.clone())).collect();
    let districts: Vec<(String, String)> = d.districts.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
    let targets: Vec<(String, String)> = d.target_groups.iter().map(|t| (t.id.clone(), t.label.clone())).collect();
    let groups: Vec<(String, String)> = d.working_groups.iter().map(|g| (g.id.clone(), g.name.clone())).collect();
    let languages: Vec<(String, String)> = d.languages.iter().map(|l| (l.code.clone(), l.name.clone())).collect();
    let content_language = RwSignal::new(i18n.get_locale_untracked().as_str().to_owned());
    let translations = RwSignal::new(rows(&[]));
    let mine: Vec<(String, String)> =
        d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
    let gap_text = gap.as_ref().map(|(t, dd)| {
        let topic = topics.iter().find(|x| &x.0 == t).map(|x| x.1.clone()).unwrap_or_default();
        let district = districts.iter().find(|x| &x.0 == dd).map(|x| x.1.clone()).unwrap_or_default();
        (topic, district)
    });
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Public);
    let organisation = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let chosen_topics = RwSignal::new(gap_topic.clone().into_iter().collect::<Vec<_>>());
    let chosen_districts = RwSignal::new(gap_district.clone().into_iter().collect::<Vec<_>>());
    let chosen_targets = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (navigate, gap) = (navigate.clone(), gap.clone());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let text = description.get_untracked();
            let optional = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.is_empty());
            let vars = propose_idea::Variables {
                input: propose_idea::IdeaInput {
                    title: title.get_untracked(),
                    description: Some(text.trim().to_owned()).filter(|d| !d.is_empty()),
                    content_language: content_language.get_untracked(),
                    visibility: visibility.get_untracked(),
                    organisation_id: optional(organisation),
                    topic_ids: chosen_topics.get_untracked(),
                    district_ids: chosen_districts.get_untracked(),
                    target_group_ids: chosen_targets.get_untracked(),
                    gap_topic_id: gap.as_ref().map(|g| g.0.clone()),
                    gap_district_id: gap.as_ref().map(|g| g.1.clone()),
                    group_id: optional(group),
                    translations: translations
                        .get_untracked()
                        .into_iter()
                        .map(|r| propose_idea::TranslationInput {
                            language: r.language.get_untracked(),
                            title: None,
                            description: Some(r.text.get_untracked()),
                        })
                        .collect(),
                },
            };
            match session.fetch::<ProposeIdea>(vars, &lang).await {
                Ok(v) => navigate(&format!("/ideas/{}", v["proposeIdea"]["id"].as_str().unwrap_or_default()), Default::default()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let person = t_string!(i18n, idea_for_person).to_string();
    view! {
        {gap_text.map(|(t, dd)| view! { <p class="notice" data-testid="gap-notice">{t!(i18n, idea_gap_prefilled, topic = t, district = dd)}</p> })}
        <FormError error=error fields=&["title", "description", "organisationId"] />
        <form class="form" on:submit=submit novalidate>
            <Field id="idea-title" field="title" label=t_string!(i18n, idea_title).to_string() value=title error=error />
            <div class="field">
                <label for="idea-description">{t_string!(i18n, idea_description)}</label>
                <textarea id="idea-description" rows="6" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || field_message(error, "description")}</p>
            </div>
            <TextLanguages content_language translations languages error />
            {(!mine.is_empty()).then(|| view! {
                <Select id="idea-for" label=t_string!(i18n, idea_for) value=Binding::new(organisation, move |v| organisation.set(v)) options=Signal::stored(mine.clone()) none=person.clone() />
            })}
            <Select id="idea-visibility" label=t_string!(i18n, idea_visibility) value=visibility />
            <CheckboxGroup id="idea-topics" legend=t_string!(i18n, idea_topics).to_string() options=topics selected=chosen_topics />
            <CheckboxGroup id="idea-districts" legend=t_string!(i18n, idea_districts).to_string() options=districts selected=chosen_districts />
            <CheckboxGroup id="idea-targets" legend=t_string!(i18n, idea_target_groups).to_string() options=targets selected=chosen_targets />
            <Select id="idea-group" label=t_string!(i18n, idea_move_group) value=Binding::new(group, move |v| group.set(v)) options=Signal::stored(groups) none="—".to_string() />
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{t_string!(i18n, idea_submit)}</button>
                <A href="/ideas">{t_string!(i18n, idea_back)}</A>
            </div>
        </form>
    }
}
