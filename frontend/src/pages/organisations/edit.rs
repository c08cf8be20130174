//! Editing an organisation's profile: the form, its preview, and what a save that
//! meets a conflict shows.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError, OrganisationEdit, UpdateOrganisation, organisation_edit, update_organisation},
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Choices, Field, FormError, field_message},
        offerings_editor::{OfferingRow, OfferingsEditor},
        select::{DistrictSelect, Select},
    },
    i18n::*,
    session::{Session, use_session},
};

use super::{
    conflict::conflict_notice,
    contact::ContactFields,
    form_types::{FOUNDED_YEAR_ID, Fields, Inputs, Numbers},
    preview::ProfilePreview,
};
use crate::components::translations::TextLanguages;

/// The fields whose errors stand at their inputs; the form's summary shows the others.
const FIELDS: &[&str] = &[
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
];

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
                Some(o) if o.can_edit => {
                    let slug = o.slug.clone();
                    let id = o.id.clone();
                    view! {
                        <EditForm org=o choices />
                        <super::embed_code::EmbedCode slug=slug />
                        <super::api_tokens::ApiTokensSection organisation_id=id />
                    }
                        .into_any()
                }
                _ => view! { <p class="notice" role="alert">{t_string!(i18n, edit_forbidden)}</p> }.into_any(),
            }
        })}
    }
}

/// Where a save stands: the version it saves over, the name saved, and what came back.
#[derive(Clone, Copy)]
struct Saving {
    version: RwSignal<i64>,
    title: RwSignal<String>,
    busy: RwSignal<bool>,
    saved: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    /// The saved profile, after a save met someone else's.
    conflict: RwSignal<Option<Fields>>,
    /// Where the outcome is shown, beside the save button; focus moves there.
    outcome: NodeRef<leptos::html::Div>,
}

impl Saving {
    fn new(org: &organisation_edit::OrganisationEditOrganisation) -> Self {
        Saving {
            version: RwSignal::new(org.version),
            title: RwSignal::new(org.name.clone()),
            busy: RwSignal::new(false),
            saved: RwSignal::new(false),
            error: RwSignal::new(None),
            conflict: RwSignal::new(None),
            outcome: NodeRef::new(),
        }
    }

    /// Saves `fields` over the version read. A `CONFLICT` keeps the person's text in
    /// the form, shows what is saved now, and makes the next save theirs.
    fn save(self, session: Session, i18n: I18nContext, id: String, slug: String, fields: Fields) {
        self.saved.set(false);
        let numbers = match Numbers::read(i18n, &fields) {
            Ok(numbers) => numbers,
            Err(e) => {
                self.error.set(Some(e));
                return self.show_outcome();
            }
        };
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = update_organisation::Variables { id, expected_version: self.version.get_untracked(), input: fields.input(&numbers) };
            let body = api::body::<UpdateOrganisation>(vars).and_then(|body| api::clearing(body, &numbers.cleared()));
            let answer = match body {
                Ok(body) => session.send(body, &lang).await.and_then(api::decode::<UpdateOrganisation>),
                Err(e) => Err(e),
            };
            match answer {
                Ok(d) => {
                    self.version.set(d.update_organisation.version);
                    self.title.set(d.update_organisation.name);
                    self.conflict.set(None);
                    self.saved.set(true);
                }
                Err(e) if e.code() == "CONFLICT" => {
                    if let Ok(now) = session.call::<OrganisationEdit>(organisation_edit::Variables { slug }, &lang).await
                        && let Some(current) = now.organisation
                    {
                        self.version.set(current.version);
                        self.conflict.set(Some(Fields::from(&current)));
                    }
                }
                Err(e) => self.error.set(Some(e)),
            }
            self.busy.set(false);
            self.show_outcome();
        });
    }

    /// Moves focus to the outcome, so a person on a phone (or with a screen reader)
    /// learns it where they pressed "save", not 4,700 px above.
    fn show_outcome(self) {
        if let Some(outcome) = self.outcome.get_untracked() {
            let _ = outcome.focus();
            outcome.scroll_into_view_with_bool(false);
        }
    }
}

/// The form, its preview, and the offerings.
#[component]
fn EditForm(org: organisation_edit::OrganisationEditOrganisation, choices: Choices) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let inputs = Inputs::from(Fields::from(&org));
    let saving = Saving::new(&org);
    let Saving { title, busy, saved, error, conflict, outcome, .. } = saving;
    let (id, slug) = (org.id.clone(), org.slug.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saving.save(session, i18n, id.clone(), slug.clone(), inputs.read());
    };
    let offerings: Vec<OfferingRow> = org.offerings.iter().cloned().map(OfferingRow::from).collect();
    let conflict_choices = choices.clone();
    view! {
        <p class="back">
            <A href=format!("/organisations/{}", org.slug)>{t_string!(i18n, my_view)}</A>
        </p>
        <h1>{move || t!(i18n, edit_title, name = view! { <bdi>{title.get()}</bdi> })}</h1>
        {move || conflict.get().map(|current| conflict_notice(i18n, &conflict_choices, &current, &inputs.read()))}
        <form class="form" on:submit=submit novalidate>
            <AboutFields inputs=inputs error=error />
            <TextLanguages
                content_language=inputs.content_language
                translations=inputs.translations
                languages=choices.languages.clone()
                error=error
            />
            <ContactFields inputs=inputs error=error />
            <DistrictSelect id="org-district" districts=choices.districts.clone() value=inputs.district error=error />
            <Select id="org-visibility" label=t_string!(i18n, edit_visibility) value=inputs.visibility field="visibility" error=error />
            <ChoiceFields inputs=inputs choices=choices.clone() />
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t_string!(i18n, edit_saving) } else { t_string!(i18n, edit_save) }}
            </button>
            // The outcome beside the button: saved, an error of no field, or where to look.
            <div class="outcome" tabindex="-1" node_ref=outcome data-testid="save-outcome">
                <FormError error=error fields=FIELDS />
                {move || {
                    error
                        .with(|e| matches!(e, Some(ApiError::Graphql { field: Some(f), .. }) if FIELDS.contains(&f.as_str())))
                        .then(|| view! { <p class="notice notice-error" role="alert">{t_string!(i18n, edit_check_fields)}</p> })
                }}
                {move || saved.get().then(|| view! { <p class="notice" role="status" data-testid="saved">{t_string!(i18n, edit_saved)}</p> })}
            </div>
        </form>
        <ProfilePreview fields=Signal::derive(move || inputs.read()) districts=choices.districts.clone() />
        <OfferingsEditor organisation_id=org.id offerings=offerings choices=choices />
    }
}

/// Name, legal form, founding year and description.
#[component]
fn AboutFields(inputs: Inputs, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let label = |text: &'static str| Signal::derive(move || text.to_string());
    let description = inputs.description;
    view! {
        <Field id="name" field="name" label=label(t_string!(i18n, edit_name)) value=inputs.name error=error kind="text" />
        <div class="field-row">
            <Field id="org-legal-form" field="legalForm" label=label(t_string!(i18n, edit_legal_form)) value=inputs.legal_form error=error />
            <Field
                id=FOUNDED_YEAR_ID
                field="foundedYear"
                label=label(t_string!(i18n, edit_founded_year))
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
