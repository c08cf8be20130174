//! Editing an organisation's profile. A save that meets a `CONFLICT` keeps the
//! person's text in the form, shows what is saved now, and lets them save again.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{ApiError, OrganisationEdit, UpdateOrganisation, organisation_edit, update_organisation},
    components::{
        feedback::loaded,
        form::{Field, FormError, field_message},
        offerings_editor::{OfferingRow, OfferingsEditor},
    },
    i18n::*,
    session::use_session,
};

/// The editable fields, as text.
#[derive(Clone, Debug, PartialEq, Default)]
struct Fields {
    name: String,
    description: String,
    website: String,
    email: String,
    phone: String,
}

impl From<&organisation_edit::OrganisationEditOrganisation> for Fields {
    fn from(o: &organisation_edit::OrganisationEditOrganisation) -> Self {
        Fields {
            name: o.name.clone(),
            description: o.description.clone().unwrap_or_default(),
            website: o.website.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
        }
    }
}

/// The edit page.
#[component]
pub fn EditOrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        let _signed_in = session.user.get().is_some();
        async move { session.call::<OrganisationEdit>(organisation_edit::Variables { slug }, &lang).await }
    });
    view! {
        {loaded(data, move |d| {
            match d.organisation {
                Some(o) if o.can_edit => view! { <EditForm org=o /> }.into_any(),
                _ => view! { <p class="notice" role="alert">{t!(i18n, edit_forbidden)}</p> }.into_any(),
            }
        })}

    }
}

#[component]
fn EditForm(org: organisation_edit::OrganisationEditOrganisation) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let initial = Fields::from(&org);
    let name = RwSignal::new(initial.name.clone());
    let description = RwSignal::new(initial.description.clone());
    let website = RwSignal::new(initial.website.clone());
    let email = RwSignal::new(initial.email.clone());
    let phone = RwSignal::new(initial.phone.clone());
    let version = RwSignal::new(org.version);
    let title = RwSignal::new(org.name.clone());
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<Fields>);
    let id = org.id.clone();
    let slug = org.slug.clone();
    let offerings: Vec<OfferingRow> = org
        .offerings
        .iter()
        .map(|o| OfferingRow {
            id: o.id.clone(),
            title: o.title.clone(),
            description: o.description.clone(),
            category: o.category.clone(),
            schedule: o.schedule.clone(),
            version: o.version,
        })
        .collect();
    let organisation_id = org.id.clone();
    let profile = format!("/organisations/{}", org.slug);
    let mine =
        move || Fields { name: name.get(), description: description.get(), website: website.get(), email: email.get(), phone: phone.get() };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, slug) = (id.clone(), slug.clone());
        let fields = mine();
        busy.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let input = update_organisation::OrganisationInput {
                name: Some(fields.name.clone()),
                description: Some(fields.description.clone()),
                website: Some(fields.website.clone()),
                email: Some(fields.email.clone()),
                phone: Some(fields.phone.clone()),
                ..Default::default()
            };
            let vars = update_organisation::Variables { id, expected_version: version.get_untracked(), input };
            match session.call::<UpdateOrganisation>(vars, &lang).await {
                Ok(d) => {
                    version.set(d.update_organisation.version);
                    title.set(d.update_organisation.name);
                    conflict.set(None);
                    saved.set(true);
                }
                Err(e) if e.code() == "CONFLICT" => {
                    // Keep the person's text; show what is saved now; the next save is theirs.
                    if let Ok(now) = session.call::<OrganisationEdit>(organisation_edit::Variables { slug }, &lang).await
                        && let Some(current) = now.organisation
                    {
                        version.set(current.version);
                        conflict.set(Some(Fields::from(&current)));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <p class="back">
            <A href=profile>{t!(i18n, my_view)}</A>
        </p>
        <h1>{move || t!(i18n, edit_title, name = title.get())}</h1>
        {move || {
            conflict
                .get()
                .map(|current| {
                    let yours = mine();
                    let rows: Vec<(String, String, String)> = [
                        (t_string!(i18n, edit_name).to_string(), current.name.clone(), yours.name.clone()),
                        (t_string!(i18n, edit_description).to_string(), current.description.clone(), yours.description.clone()),
                        (t_string!(i18n, edit_website).to_string(), current.website.clone(), yours.website.clone()),
                        (t_string!(i18n, edit_email).to_string(), current.email.clone(), yours.email.clone()),
                        (t_string!(i18n, edit_phone).to_string(), current.phone.clone(), yours.phone.clone()),
                    ]
                    .into_iter()
                    .filter(|(_, now, mine)| now != mine)
                    .collect();
                    let empty = t_string!(i18n, empty_value).to_string();
                    view! {
                        <div class="notice notice-error" role="alert" data-testid="conflict">
                            <p>
                                <strong>{t!(i18n, conflict_title)}</strong>
                            </p>
                            <p>{t!(i18n, conflict_text)}</p>
                            <table class="diff">
                                <thead>
                                    <tr>
                                        <th scope="col"></th>
                                        <th scope="col">{t!(i18n, conflict_current)}</th>
                                        <th scope="col">{t!(i18n, conflict_yours)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|(label, now, mine)| {
                                            let or_empty = |v: String| if v.is_empty() { empty.clone() } else { v };
                                            view! {
                                                <tr>
                                                    <th scope="row">{label}</th>
                                                    <td data-testid="conflict-current">{or_empty(now)}</td>
                                                    <td>{or_empty(mine)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
        }}
        <FormError error=error fields=&["name", "description", "website", "email", "phone"] />
        {move || saved.get().then(|| view! { <p class="notice" role="status" data-testid="saved">{t!(i18n, edit_saved)}</p> })}
        <form class="form" on:submit=submit novalidate>
            <Field id="name" field="name" label=Signal::derive(move || t_string!(i18n, edit_name).to_string()) value=name error=error kind="text" />
            <div class="field">
                <label for="org-description">{t!(i18n, edit_description)}</label>
                <textarea
                    id="org-description"
                    rows="6"
                    aria-invalid=move || field_message(error, "description").is_some().to_string()
                    aria-describedby="org-description-error"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
                <p id="org-description-error" class="field-error">
                    {move || field_message(error, "description")}
                </p>
            </div>
            <Field id="website" field="website" label=Signal::derive(move || t_string!(i18n, edit_website).to_string()) value=website error=error kind="url" />
            <Field id="email" field="email" label=Signal::derive(move || t_string!(i18n, edit_email).to_string()) value=email error=error kind="email" />
            <Field id="phone" field="phone" label=Signal::derive(move || t_string!(i18n, edit_phone).to_string()) value=phone error=error kind="tel" />
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t_string!(i18n, edit_saving) } else { t_string!(i18n, edit_save) }}
            </button>
        </form>
        <OfferingsEditor organisation_id=organisation_id offerings=offerings />
    }
}
