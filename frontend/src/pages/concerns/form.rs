//! Raising a concern of an organisation one represents.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::{self, ApiError, ConcernForm, ConcernVisibility, RaiseConcern, concern_form, raise_concern},
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError, field_message},
        select::{Binding, Select},
    },
    i18n::*,
    session::use_session,
};

/// The concern form.
#[component]
pub fn NewConcernPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<ConcernForm>(concern_form::Variables {}));
    view! {
        <h1>{t_string!(i18n, concern_form_title)}</h1>
        {loaded::<ConcernForm>(data, move |d| view! { <ConcernFields d /> }.into_any())}
    }
}

#[component]
fn ConcernFields(d: concern_form::ResponseData) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let topics: Vec<(String, String)> = d.topics.iter().map(|t| (t.id.clone(), t.label.clone())).collect();
    let mine: Vec<(String, String)> =
        d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
    let organisation = RwSignal::new(mine.first().map(|m| m.0.clone()).unwrap_or_default());
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let visibility = RwSignal::new(ConcernVisibility::Members);
    let chosen = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = raise_concern::Variables {
                input: raise_concern::ConcernInput {
                    organisation_id: organisation.get_untracked(),
                    subject: subject.get_untracked(),
                    body: body.get_untracked(),
                    topic_ids: chosen.get_untracked(),
                    visibility: visibility.get_untracked(),
                },
            };
            match session.fetch::<RaiseConcern>(vars, &lang).await {
                Ok(v) => navigate(&format!("/concerns/{}", v["raiseConcern"]["id"].as_str().unwrap_or_default()), Default::default()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <FormError error=error fields=&["organisationId", "subject", "body"] />
        <form class="form" on:submit=submit novalidate>
            <Select
                id="concern-organisation"
                label=t_string!(i18n, concern_organisation)
                value=Binding::new(organisation, move |v| organisation.set(v))
                options=Signal::stored(mine)
                field=Signal::stored("organisationId".to_string())
                error=error
            />
            <Field id="concern-subject" field="subject" label=t_string!(i18n, concern_subject).to_string() value=subject error=error />
            <div class="field">
                <label for="concern-body">{t_string!(i18n, concern_body)}</label>
                <textarea id="concern-body" rows="8" aria-describedby="concern-body-error" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <p id="concern-body-error" class="field-error">{move || field_message(error, "body")}</p>
            </div>
            <Select id="concern-visibility" label=t_string!(i18n, concern_visibility) value=visibility />
            <CheckboxGroup id="concern-topics" legend=t_string!(i18n, concern_topics).to_string() options=topics selected=chosen />
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{t_string!(i18n, concern_submit)}</button>
                <A href="/concerns">{t_string!(i18n, concern_back)}</A>
            </div>
        </form>
    }
}
