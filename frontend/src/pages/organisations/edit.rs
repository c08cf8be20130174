//! Editing an organisation's profile: the form, and what a save that meets a conflict shows.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError, OrganisationEdit, UpdateOrganisation, organisation_edit, update_organisation},
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError, field_message},
        offerings_editor::{OfferingRow, OfferingsEditor},
    },
    i18n::*,
    session::use_session,
};

use super::translations::{self as texts, TextLanguages, TranslationRow};

/// The editable fields: text as text, choices as ids (sorted, so sets compare equal).
#[derive(Clone, Debug, PartialEq, Default)]
struct Fields {
    name: String,
    description: String,
    website: String,
    email: String,
    phone: String,
    district: String,
    visibility: String,
    topics: Vec<String>,
    languages: Vec<String>,
    target_groups: Vec<String>,
    content_language: String,
    /// The description in more languages: (language, text), in the form's order.
    translations: Vec<(String, String)>,
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

impl From<&organisation_edit::OrganisationEditOrganisation> for Fields {
    fn from(o: &organisation_edit::OrganisationEditOrganisation) -> Self {
        Fields {
            name: o.name.clone(),
            description: o.description.clone().unwrap_or_default(),
            website: o.website.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
            district: o.district.as_ref().map(|d| d.id.clone()).unwrap_or_default(),
            visibility: api::enum_name(&o.visibility),
            topics: sorted(o.topics.iter().map(|t| t.id.clone()).collect()),
            languages: sorted(o.languages.iter().map(|l| l.code.clone()).collect()),
            target_groups: sorted(o.target_groups.iter().map(|t| t.id.clone()).collect()),
            content_language: o.content_language.clone(),
            translations: o.translations.iter().map(|t| (t.language.clone(), t.description.clone().unwrap_or_default())).collect(),
        }
    }
}

/// What the choices can be, as (value, label).
#[derive(Clone, Debug, Default)]
struct Options {
    districts: Vec<(String, String)>,
    topics: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    target_groups: Vec<(String, String)>,
}

impl From<&organisation_edit::ResponseData> for Options {
    fn from(d: &organisation_edit::ResponseData) -> Self {
        Options {
            districts: d.districts.iter().map(|x| (x.id.clone(), x.name.clone())).collect(),
            topics: d.topics.iter().map(|x| (x.id.clone(), x.label.clone())).collect(),
            languages: d
                .languages
                .iter()
                .map(|l| {
                    let label = if l.native_name == l.name { l.name.clone() } else { format!("{} ({})", l.name, l.native_name) };
                    (l.code.clone(), label)
                })
                .collect(),
            target_groups: d.target_groups.iter().map(|x| (x.id.clone(), x.label.clone())).collect(),
        }
    }
}

impl Options {
    /// The labels of `ids` in one line, for the conflict view.
    fn names(list: &[(String, String)], ids: &[String]) -> String {
        list.iter().filter(|(v, _)| ids.contains(v)).map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// The editable fields as the inputs hold them, one signal each.
#[derive(Clone, Copy)]
struct Inputs {
    name: RwSignal<String>,
    description: RwSignal<String>,
    website: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    district: RwSignal<String>,
    visibility: RwSignal<String>,
    topics: RwSignal<Vec<String>>,
    languages: RwSignal<Vec<String>>,
    target_groups: RwSignal<Vec<String>>,
    content_language: RwSignal<String>,
    translations: RwSignal<Vec<TranslationRow>>,
}

impl From<Fields> for Inputs {
    fn from(f: Fields) -> Self {
        Inputs {
            name: RwSignal::new(f.name),
            description: RwSignal::new(f.description),
            website: RwSignal::new(f.website),
            email: RwSignal::new(f.email),
            phone: RwSignal::new(f.phone),
            district: RwSignal::new(f.district),
            visibility: RwSignal::new(f.visibility),
            topics: RwSignal::new(f.topics),
            languages: RwSignal::new(f.languages),
            target_groups: RwSignal::new(f.target_groups),
            content_language: RwSignal::new(f.content_language),
            translations: RwSignal::new(texts::rows(&f.translations)),
        }
    }
}

impl Inputs {
    /// What the person has typed (tracked: a view reading it follows the inputs).
    fn read(&self) -> Fields {
        Fields {
            name: self.name.get(),
            description: self.description.get(),
            website: self.website.get(),
            email: self.email.get(),
            phone: self.phone.get(),
            district: self.district.get(),
            visibility: self.visibility.get(),
            topics: sorted(self.topics.get()),
            languages: sorted(self.languages.get()),
            target_groups: sorted(self.target_groups.get()),
            content_language: self.content_language.get(),
            translations: self.translations.with(|rows| rows.iter().map(|r| (r.language.get(), r.text.get())).collect()),
        }
    }
}

/// The offerings as the offerings editor keeps them.
fn offering_rows(org: &organisation_edit::OrganisationEditOrganisation) -> Vec<OfferingRow> {
    org.offerings
        .iter()
        .map(|o| OfferingRow {
            id: o.id.clone(),
            title: o.title.clone(),
            description: o.description.clone(),
            category: o.category.clone(),
            schedule: o.schedule.clone(),
            version: o.version,
        })
        .collect()
}

/// The translated visibility of a profile.
fn visibility_label(i18n: I18nContext, visibility: &str) -> &'static str {
    match visibility {
        "MEMBERS" => t_string!(i18n, visibility_members),
        _ => t_string!(i18n, visibility_public),
    }
}

/// The edit page.
#[component]
pub fn EditOrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let slug = params.get().get("slug").unwrap_or_default();
        api::body::<OrganisationEdit>(organisation_edit::Variables { slug })
    });
    view! {
        {loaded::<OrganisationEdit>(data, move |d| {
            let options = Options::from(&d);
            match d.organisation {
                Some(o) if o.can_edit => view! { <EditForm org=o options /> }.into_any(),
                _ => view! { <p class="notice" role="alert">{t_string!(i18n, edit_forbidden)}</p> }.into_any(),
            }
        })}

    }
}

/// The form. A save that meets a `CONFLICT` keeps the person's text in the form,
/// shows what is saved now, and lets them save again.
#[component]
fn EditForm(org: organisation_edit::OrganisationEditOrganisation, options: Options) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let inputs = Inputs::from(Fields::from(&org));
    let Inputs { name, description, .. } = inputs;
    let version = RwSignal::new(org.version);
    let title = RwSignal::new(org.name.clone());
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(None::<Fields>);
    let id = org.id.clone();
    let slug = org.slug.clone();
    let offerings = offering_rows(&org);
    let organisation_id = org.id.clone();
    let profile = format!("/organisations/{}", org.slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, slug) = (id.clone(), slug.clone());
        let fields = inputs.read();
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
                // An empty id clears the Ortsteil.
                district_id: Some(fields.district.clone()),
                visibility: api::from_name(&fields.visibility),
                topic_ids: Some(fields.topics.clone()),
                languages: Some(fields.languages.clone()),
                target_group_ids: Some(fields.target_groups.clone()),
                content_language: Some(fields.content_language.clone()),
                translations: Some(
                    fields
                        .translations
                        .iter()
                        .map(|(language, text)| update_organisation::TranslationInput {
                            language: language.clone(),
                            title: None,
                            description: Some(text.clone()),
                        })
                        .collect(),
                ),
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
    let choices = options.clone();
    view! {
        <p class="back">
            <A href=profile>{t_string!(i18n, my_view)}</A>
        </p>
        <h1>{move || t!(i18n, edit_title, name = view! { <bdi>{title.get()}</bdi> })}</h1>
        {move || conflict.get().map(|current| conflict_notice(i18n, &options, &current, &inputs.read()))}
        <FormError
            error=error
            fields=&[
                "name",
                "description",
                "website",
                "email",
                "phone",
                "districtId",
                "visibility",
                "topicIds",
                "languages",
                "targetGroupIds",
                "contentLanguage",
                "translations",
            ]
        />
        {move || saved.get().then(|| view! { <p class="notice" role="status" data-testid="saved">{t_string!(i18n, edit_saved)}</p> })}
        <form class="form" on:submit=submit novalidate>
            <Field id="name" field="name" label=Signal::derive(move || t_string!(i18n, edit_name).to_string()) value=name error=error kind="text" />
            <div class="field">
                <label for="org-description">{t_string!(i18n, edit_description)}</label>
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
            <TextLanguages
                content_language=inputs.content_language
                translations=inputs.translations
                languages=choices.languages.clone()
                error=error
            />
            <ContactFields inputs=inputs error=error />
            <DistrictAndVisibility inputs=inputs districts=choices.districts.clone() error=error />
            <ChoiceFields inputs=inputs options=choices />
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t_string!(i18n, edit_saving) } else { t_string!(i18n, edit_save) }}
            </button>
        </form>
        <OfferingsEditor organisation_id=organisation_id offerings=offerings />
    }
}

/// The descriptions in more languages in one line ("ar: …; uk: …"), in language order.
fn translations_line(list: &[(String, String)]) -> String {
    let mut list: Vec<String> = list.iter().filter(|(_, t)| !t.is_empty()).map(|(l, t)| format!("{l}: {t}")).collect();
    list.sort();
    list.join("; ")
}

/// Where the saved profile differs from the person's text, field by field.
fn conflict_notice(i18n: I18nContext, options: &Options, current: &Fields, yours: &Fields) -> impl IntoView + use<> {
    let rows: Vec<(String, String, String)> = [
        (t_string!(i18n, edit_name).to_string(), current.name.clone(), yours.name.clone()),
        (t_string!(i18n, edit_description).to_string(), current.description.clone(), yours.description.clone()),
        (
            t_string!(i18n, edit_content_language).to_string(),
            Options::names(&options.languages, std::slice::from_ref(&current.content_language)),
            Options::names(&options.languages, std::slice::from_ref(&yours.content_language)),
        ),
        (t_string!(i18n, edit_translations).to_string(), translations_line(&current.translations), translations_line(&yours.translations)),
        (t_string!(i18n, edit_website).to_string(), current.website.clone(), yours.website.clone()),
        (t_string!(i18n, edit_email).to_string(), current.email.clone(), yours.email.clone()),
        (t_string!(i18n, edit_phone).to_string(), current.phone.clone(), yours.phone.clone()),
        (
            t_string!(i18n, edit_district).to_string(),
            Options::names(&options.districts, std::slice::from_ref(&current.district)),
            Options::names(&options.districts, std::slice::from_ref(&yours.district)),
        ),
        (
            t_string!(i18n, edit_visibility).to_string(),
            visibility_label(i18n, &current.visibility).to_string(),
            visibility_label(i18n, &yours.visibility).to_string(),
        ),
        (
            t_string!(i18n, edit_topics).to_string(),
            Options::names(&options.topics, &current.topics),
            Options::names(&options.topics, &yours.topics),
        ),
        (
            t_string!(i18n, edit_languages).to_string(),
            Options::names(&options.languages, &current.languages),
            Options::names(&options.languages, &yours.languages),
        ),
        (
            t_string!(i18n, edit_target_groups).to_string(),
            Options::names(&options.target_groups, &current.target_groups),
            Options::names(&options.target_groups, &yours.target_groups),
        ),
    ]
    .into_iter()
    .filter(|(_, now, mine)| now != mine)
    .collect();
    let empty = t_string!(i18n, empty_value).to_string();
    view! {
        <div class="notice notice-error" role="alert" data-testid="conflict">
            <p>
                <strong>{t_string!(i18n, conflict_title)}</strong>
            </p>
            <p>{t_string!(i18n, conflict_text)}</p>
            <table class="diff">
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{t_string!(i18n, conflict_current)}</th>
                        <th scope="col">{t_string!(i18n, conflict_yours)}</th>
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
}

/// How to reach the organisation: website, e-mail, phone.
#[component]
fn ContactFields(inputs: Inputs, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let Inputs { website, email, phone, .. } = inputs;
    view! {
        <Field id="website" field="website" label=Signal::derive(move || t_string!(i18n, edit_website).to_string()) value=website error=error kind="url" />
        <Field id="email" field="email" label=Signal::derive(move || t_string!(i18n, edit_email).to_string()) value=email error=error kind="email" />
        <Field id="phone" field="phone" label=Signal::derive(move || t_string!(i18n, edit_phone).to_string()) value=phone error=error kind="tel" />
    }
}

/// The Ortsteil and who may see the profile.
#[component]
fn DistrictAndVisibility(inputs: Inputs, districts: Vec<(String, String)>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let Inputs { district, visibility, .. } = inputs;
    view! {
        <div class="field">
            <label for="org-district">{t_string!(i18n, edit_district)}</label>
            <select id="org-district" on:change=move |ev| district.set(event_target_value(&ev)) prop:value=move || district.get()>
                <option value="" selected=move || district.get().is_empty()>{t_string!(i18n, edit_no_district)}</option>
                {districts
                    .into_iter()
                    .map(|(id, name)| {
                        let value = id.clone();
                        view! { <option value=id selected=move || district.get() == value>{name}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field-error">{move || field_message(error, "districtId")}</p>
        </div>
        <div class="field">
            <label for="org-visibility">{t_string!(i18n, edit_visibility)}</label>
            <select id="org-visibility" on:change=move |ev| visibility.set(event_target_value(&ev)) prop:value=move || visibility.get()>
                <option value="PUBLIC" selected=move || visibility.get() == "PUBLIC">{t_string!(i18n, visibility_public)}</option>
                <option value="MEMBERS" selected=move || visibility.get() == "MEMBERS">{t_string!(i18n, visibility_members)}</option>
            </select>
        </div>
    }
}

/// Topics, languages and target groups as checkboxes.
#[component]
fn ChoiceFields(inputs: Inputs, options: Options) -> impl IntoView {
    let i18n = use_i18n();
    let Inputs { topics, languages, target_groups, .. } = inputs;
    view! {
        <CheckboxGroup id="org-topics" legend=Signal::derive(move || t_string!(i18n, edit_topics).to_string()) options=options.topics selected=topics />
        <CheckboxGroup
            id="org-languages"
            legend=Signal::derive(move || t_string!(i18n, edit_languages).to_string())
            options=options.languages
            selected=languages
        />
        <CheckboxGroup
            id="org-target-groups"
            legend=Signal::derive(move || t_string!(i18n, edit_target_groups).to_string())
            options=options.target_groups
            selected=target_groups
        />
    }
}
