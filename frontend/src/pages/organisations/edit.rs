//! Editing an organisation's profile: the form, its preview, and what a save that
//! meets a conflict shows.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError, OrganisationEdit, UpdateOrganisation, organisation_edit, update_organisation},
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Choices, Field, FormError, field_message, local_error, number_input},
        offerings_editor::{OfferingRow, OfferingsEditor},
    },
    i18n::*,
    session::{Session, use_session},
};

use super::{
    conflict::conflict_notice,
    contact::{ContactFields, LATITUDE_ID, LONGITUDE_ID},
    preview::ProfilePreview,
    translations::{self as texts, TextLanguages, TranslationRow},
};

/// The founding year's input (read again on saving: see `number_input`).
const FOUNDED_YEAR_ID: &str = "org-founded-year";

/// The editable fields: text as text, numbers as the inputs hold them, choices as ids
/// (sorted, so sets compare equal), visibilities by their API names.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct Fields {
    pub(super) name: String,
    pub(super) legal_form: String,
    pub(super) founded_year: String,
    pub(super) description: String,
    pub(super) website: String,
    pub(super) email: String,
    pub(super) email_visibility: String,
    pub(super) phone: String,
    pub(super) phone_visibility: String,
    pub(super) street: String,
    pub(super) postal_code: String,
    pub(super) city: String,
    pub(super) address_visibility: String,
    pub(super) latitude: String,
    pub(super) longitude: String,
    pub(super) district: String,
    pub(super) visibility: String,
    pub(super) topics: Vec<String>,
    pub(super) languages: Vec<String>,
    pub(super) target_groups: Vec<String>,
    pub(super) content_language: String,
    /// The description in more languages: (language, text), in the form's order.
    pub(super) translations: Vec<(String, String)>,
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

impl From<&organisation_edit::OrganisationEditOrganisation> for Fields {
    fn from(o: &organisation_edit::OrganisationEditOrganisation) -> Self {
        let address = o.address.as_ref();
        let text = |v: Option<&Option<String>>| v.cloned().flatten().unwrap_or_default();
        // Editors always get `contactVisibility`; without it nothing is sent (see `from_name`).
        let seen_by = |v: Option<&organisation_edit::FieldVisibility>| v.map(api::enum_name).unwrap_or_default();
        let contact = o.contact_visibility.as_ref();
        Fields {
            name: o.name.clone(),
            legal_form: o.legal_form.clone().unwrap_or_default(),
            founded_year: o.founded_year.map(|y| y.to_string()).unwrap_or_default(),
            description: o.description.clone().unwrap_or_default(),
            website: o.website.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            email_visibility: seen_by(contact.map(|c| &c.email)),
            phone: o.phone.clone().unwrap_or_default(),
            phone_visibility: seen_by(contact.map(|c| &c.phone)),
            street: text(address.map(|a| &a.street)),
            postal_code: text(address.map(|a| &a.postal_code)),
            city: text(address.map(|a| &a.city)),
            address_visibility: seen_by(contact.map(|c| &c.address)),
            latitude: o.coordinates.as_ref().map(|c| c.latitude.to_string()).unwrap_or_default(),
            longitude: o.coordinates.as_ref().map(|c| c.longitude.to_string()).unwrap_or_default(),
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

impl From<&organisation_edit::ResponseData> for Choices {
    fn from(d: &organisation_edit::ResponseData) -> Self {
        Choices {
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

/// The editable fields as the inputs hold them, one signal each.
#[derive(Clone, Copy)]
pub(super) struct Inputs {
    pub(super) name: RwSignal<String>,
    pub(super) legal_form: RwSignal<String>,
    pub(super) founded_year: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) website: RwSignal<String>,
    pub(super) email: RwSignal<String>,
    pub(super) email_visibility: RwSignal<String>,
    pub(super) phone: RwSignal<String>,
    pub(super) phone_visibility: RwSignal<String>,
    pub(super) street: RwSignal<String>,
    pub(super) postal_code: RwSignal<String>,
    pub(super) city: RwSignal<String>,
    pub(super) address_visibility: RwSignal<String>,
    pub(super) latitude: RwSignal<String>,
    pub(super) longitude: RwSignal<String>,
    pub(super) district: RwSignal<String>,
    pub(super) visibility: RwSignal<String>,
    pub(super) topics: RwSignal<Vec<String>>,
    pub(super) languages: RwSignal<Vec<String>>,
    pub(super) target_groups: RwSignal<Vec<String>>,
    pub(super) content_language: RwSignal<String>,
    pub(super) translations: RwSignal<Vec<TranslationRow>>,
}

impl From<Fields> for Inputs {
    fn from(f: Fields) -> Self {
        Inputs {
            name: RwSignal::new(f.name),
            legal_form: RwSignal::new(f.legal_form),
            founded_year: RwSignal::new(f.founded_year),
            description: RwSignal::new(f.description),
            website: RwSignal::new(f.website),
            email: RwSignal::new(f.email),
            email_visibility: RwSignal::new(f.email_visibility),
            phone: RwSignal::new(f.phone),
            phone_visibility: RwSignal::new(f.phone_visibility),
            street: RwSignal::new(f.street),
            postal_code: RwSignal::new(f.postal_code),
            city: RwSignal::new(f.city),
            address_visibility: RwSignal::new(f.address_visibility),
            latitude: RwSignal::new(f.latitude),
            longitude: RwSignal::new(f.longitude),
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
    pub(super) fn read(&self) -> Fields {
        Fields {
            name: self.name.get(),
            legal_form: self.legal_form.get(),
            founded_year: self.founded_year.get(),
            description: self.description.get(),
            website: self.website.get(),
            email: self.email.get(),
            email_visibility: self.email_visibility.get(),
            phone: self.phone.get(),
            phone_visibility: self.phone_visibility.get(),
            street: self.street.get(),
            postal_code: self.postal_code.get(),
            city: self.city.get(),
            address_visibility: self.address_visibility.get(),
            latitude: self.latitude.get(),
            longitude: self.longitude.get(),
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

/// The profile's numbers as the API takes them.
struct Numbers {
    founded_year: Option<i64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl Numbers {
    /// The numbers in `f`, or the error to show at the field that holds no number.
    fn read(i18n: I18nContext, f: &Fields) -> Result<Numbers, ApiError> {
        let not_a_year = || local_error("foundedYear", t_string!(i18n, form_not_a_year));
        let founded_year = match number_input(FOUNDED_YEAR_ID, &f.founded_year).map_err(|_| not_a_year())? {
            Some(y) if y.fract() != 0.0 || y.abs() > f64::from(i32::MAX) => return Err(not_a_year()),
            y => y.map(|y| y as i64),
        };
        let number = |id, text, field| number_input(id, text).map_err(|_| local_error(field, t_string!(i18n, form_not_a_number)));
        Ok(Numbers {
            founded_year,
            latitude: number(LATITUDE_ID, &f.latitude, "latitude")?,
            longitude: number(LONGITUDE_ID, &f.longitude, "longitude")?,
        })
    }

    /// The fields whose input is empty: they are saved as `null` (see `api::clearing`).
    fn cleared(&self) -> Vec<&'static str> {
        [("foundedYear", self.founded_year.is_none()), ("latitude", self.latitude.is_none()), ("longitude", self.longitude.is_none())]
            .into_iter()
            .filter_map(|(field, empty)| empty.then_some(field))
            .collect()
    }
}

/// Saves the profile, clearing the `cleared` fields.
async fn save(
    session: Session,
    vars: update_organisation::Variables,
    cleared: &[&str],
    lang: &str,
) -> Result<update_organisation::ResponseData, ApiError> {
    let body = api::clearing(api::body::<UpdateOrganisation>(vars)?, cleared)?;
    api::decode::<UpdateOrganisation>(session.send(body, lang).await?)
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
            let choices = Choices::from(&d);
            match d.organisation {
                Some(o) if o.can_edit => view! { <EditForm org=o choices /> }.into_any(),
                _ => view! { <p class="notice" role="alert">{t_string!(i18n, edit_forbidden)}</p> }.into_any(),
            }
        })}

    }
}

/// The form. A save that meets a `CONFLICT` keeps the person's text in the form,
/// shows what is saved now, and lets them save again.
#[component]
fn EditForm(org: organisation_edit::OrganisationEditOrganisation, choices: Choices) -> impl IntoView {
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
    let offerings: Vec<OfferingRow> = org.offerings.iter().cloned().map(OfferingRow::from).collect();
    let organisation_id = org.id.clone();
    let profile = format!("/organisations/{}", org.slug);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, slug) = (id.clone(), slug.clone());
        let fields = inputs.read();
        saved.set(false);
        let numbers = match Numbers::read(i18n, &fields) {
            Ok(numbers) => numbers,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let sent = |value: &String| Some(value.clone());
            // Empty texts clear their fields; empty numbers are cleared by `save`.
            let input = update_organisation::OrganisationInput {
                name: sent(&fields.name),
                legal_form: sent(&fields.legal_form),
                founded_year: numbers.founded_year,
                description: sent(&fields.description),
                website: sent(&fields.website),
                email: sent(&fields.email),
                email_visibility: api::from_name(&fields.email_visibility),
                phone: sent(&fields.phone),
                phone_visibility: api::from_name(&fields.phone_visibility),
                street: sent(&fields.street),
                postal_code: sent(&fields.postal_code),
                city: sent(&fields.city),
                address_visibility: api::from_name(&fields.address_visibility),
                latitude: numbers.latitude,
                longitude: numbers.longitude,
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
            match save(session, vars, &numbers.cleared(), &lang).await {
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
    let districts = choices.districts.clone();
    let conflict_choices = choices.clone();
    view! {
        <p class="back">
            <A href=profile>{t_string!(i18n, my_view)}</A>
        </p>
        <h1>{move || t!(i18n, edit_title, name = view! { <bdi>{title.get()}</bdi> })}</h1>
        {move || conflict.get().map(|current| conflict_notice(i18n, &conflict_choices, &current, &inputs.read()))}
        <FormError
            error=error
            fields=&[
                "name",
                "legalForm",
                "foundedYear",
                "description",
                "website",
                "email",
                "emailVisibility",
                "phone",
                "phoneVisibility",
                "street",
                "postalCode",
                "city",
                "addressVisibility",
                "latitude",
                "longitude",
                "coordinates",
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
            <div class="field-row">
                <Field
                    id="org-legal-form"
                    field="legalForm"
                    label=Signal::derive(move || t_string!(i18n, edit_legal_form).to_string())
                    value=inputs.legal_form
                    error=error
                />
                <Field
                    id=FOUNDED_YEAR_ID
                    field="foundedYear"
                    label=Signal::derive(move || t_string!(i18n, edit_founded_year).to_string())
                    value=inputs.founded_year
                    error=error
                    kind="number"
                    step="1"
                    min="1800"
                />
            </div>
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
            <ChoiceFields inputs=inputs choices=choices.clone() />
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t_string!(i18n, edit_saving) } else { t_string!(i18n, edit_save) }}
            </button>
        </form>
        <ProfilePreview fields=Signal::derive(move || inputs.read()) districts=districts />
        <OfferingsEditor organisation_id=organisation_id offerings=offerings choices=choices />
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
fn ChoiceFields(inputs: Inputs, choices: Choices) -> impl IntoView {
    let i18n = use_i18n();
    let Inputs { topics, languages, target_groups, .. } = inputs;
    view! {
        <CheckboxGroup id="org-topics" legend=Signal::derive(move || t_string!(i18n, edit_topics).to_string()) options=choices.topics selected=topics />
        <CheckboxGroup
            id="org-languages"
            legend=Signal::derive(move || t_string!(i18n, edit_languages).to_string())
            options=choices.languages
            selected=languages
        />
        <CheckboxGroup
            id="org-target-groups"
            legend=Signal::derive(move || t_string!(i18n, edit_target_groups).to_string())
            options=choices.target_groups
            selected=target_groups
        />
    }
}
