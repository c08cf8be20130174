//! Editing an organisation's offerings: add, edit (with optimistic locking) and delete
//! after a confirmation step.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiError, DeleteOffering, SaveOffering, delete_offering, organisation_edit, save_offering},
    components::{
        form::{CheckboxGroup, Choices, Field, FormError, field_message},
        select::{DistrictSelect, Select},
    },
    i18n::*,
    session::use_session,
};

/// One offering as the editor keeps it: choices as ids, sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferingRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub schedule: Option<String>,
    pub cost: Option<String>,
    pub free_of_charge: bool,
    pub accessibility: Option<String>,
    /// The Ortsteil's id.
    pub district: Option<String>,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub target_groups: Vec<String>,
    pub version: i64,
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// One conversion for each copy of the `EditedOffering` fragment the client generates
/// (one per operation that uses it).
macro_rules! offering_row_from {
    ($($fragment:ty),+) => {$(
        impl From<$fragment> for OfferingRow {
            fn from(o: $fragment) -> Self {
                OfferingRow {
                    id: o.id,
                    title: o.title,
                    description: o.description,
                    category: o.category,
                    schedule: o.schedule,
                    cost: o.cost,
                    free_of_charge: o.free_of_charge,
                    accessibility: o.accessibility,
                    district: o.district.map(|d| d.id),
                    languages: sorted(o.languages.into_iter().map(|l| l.code).collect()),
                    topics: sorted(o.topics.into_iter().map(|t| t.id).collect()),
                    target_groups: sorted(o.target_groups.into_iter().map(|t| t.id).collect()),
                    version: o.version,
                }
            }
        }
    )+};
}

offering_row_from!(organisation_edit::EditedOffering, save_offering::EditedOffering);

const CATEGORIES: &[&str] = &["COUNSELLING", "COURSE", "GROUP", "EVENT_SERIES", "SUPPORT", "CULTURE", "SPORTS", "OTHER"];

fn category_label(i18n: I18nContext, category: &str) -> String {
    match category {
        "COUNSELLING" => t_string!(i18n, cat_counselling),
        "COURSE" => t_string!(i18n, cat_course),
        "GROUP" => t_string!(i18n, cat_group),
        "EVENT_SERIES" => t_string!(i18n, cat_event_series),
        "SUPPORT" => t_string!(i18n, cat_support),
        "CULTURE" => t_string!(i18n, cat_culture),
        "SPORTS" => t_string!(i18n, cat_sports),
        _ => t_string!(i18n, cat_other),
    }
    .to_string()
}

/// The offerings section of the edit page; `choices` are the Ortsteile, topics,
/// languages and target groups an offering can have.
#[component]
pub fn OfferingsEditor(organisation_id: String, offerings: Vec<OfferingRow>, choices: Choices) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(offerings);
    let status = RwSignal::new(None::<String>);
    let choices = StoredValue::new(choices);
    view! {
        <section aria-labelledby="offerings-edit-title" class="offerings-editor">
            <h2 id="offerings-edit-title">{t_string!(i18n, off_title)}</h2>
            {move || status.get().map(|text| view! { <p class="notice" role="status" data-testid="offering-status">{text}</p> })}
            <ul class="cards">
                <For each=move || rows.get() key=|r| (r.id.clone(), r.version) let:row>
                    <OfferingItem row=row rows=rows status=status choices=choices />
                </For>
            </ul>
            <h3>{t_string!(i18n, off_new)}</h3>
            <OfferingForm organisation_id=organisation_id existing=None rows=rows status=status choices=choices />
        </section>
    }
}

#[component]
fn OfferingItem(
    row: OfferingRow,
    rows: RwSignal<Vec<OfferingRow>>,
    status: RwSignal<Option<String>>,
    choices: StoredValue<Choices>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = row.id.clone();
    let delete = move |_| {
        let id = id.clone();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<DeleteOffering>(delete_offering::Variables { id: id.clone() }, &lang).await {
                Ok(_) => {
                    rows.update(|r| r.retain(|o| o.id != id));
                    status.set(Some(t_string!(i18n, off_deleted).to_string()));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let category = row.category.clone();
    let item = row.clone();
    let languages = choices.with_value(|c| Choices::names(&c.languages, &row.languages));
    view! {
        <li class="card" data-testid="offering-row">
            <h3>{row.title.clone()}</h3>
            <p class="meta">{move || category_label(i18n, &category)} {row.schedule.clone().map(|s| view! { " · " {s} })}</p>
            {(!languages.is_empty()).then(|| view! { <p class="meta">{t_string!(i18n, org_delivered_in)} ": " {languages}</p> })}
            <FormError error=error />
            <p class="actions">
                <button type="button" aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>
                    {t_string!(i18n, off_edit)}
                </button>
                <button type="button" on:click=move |_| confirming.set(true)>
                    {t_string!(i18n, off_delete)}
                </button>
            </p>
            {move || {
                confirming
                    .get()
                    .then(|| {
                        view! {
                            <div class="notice" role="alertdialog" aria-labelledby=format!("confirm-{}", item.id)>
                                <p id=format!("confirm-{}", item.id)>{t_string!(i18n, off_confirm_delete)}</p>
                                <p class="actions">
                                    <button type="button" on:click=delete.clone()>
                                        {t_string!(i18n, off_yes_delete)}
                                    </button>
                                    <button type="button" on:click=move |_| confirming.set(false)>
                                        {t_string!(i18n, off_cancel)}
                                    </button>
                                </p>
                            </div>
                        }
                    })
            }}
            {move || editing.get().then(|| view! { <OfferingForm existing=Some(row.clone()) rows=rows status=status choices=choices /> })}
        </li>
    }
}

/// An offering's fields as the form's inputs hold them, one signal each.
#[derive(Clone, Copy)]
struct Inputs {
    title: RwSignal<String>,
    description: RwSignal<String>,
    schedule: RwSignal<String>,
    category: RwSignal<String>,
    cost: RwSignal<String>,
    free_of_charge: RwSignal<bool>,
    accessibility: RwSignal<String>,
    district: RwSignal<String>,
    languages: RwSignal<Vec<String>>,
    topics: RwSignal<Vec<String>>,
    target_groups: RwSignal<Vec<String>>,
}

impl Inputs {
    fn new(existing: Option<&OfferingRow>) -> Self {
        let text = |f: fn(&OfferingRow) -> Option<String>| RwSignal::new(existing.and_then(f).unwrap_or_default());
        let list = |f: fn(&OfferingRow) -> Vec<String>| RwSignal::new(existing.map(f).unwrap_or_default());
        Inputs {
            title: text(|r| Some(r.title.clone())),
            description: text(|r| r.description.clone()),
            schedule: text(|r| r.schedule.clone()),
            category: RwSignal::new(existing.map_or_else(|| "GROUP".into(), |r| r.category.clone())),
            cost: text(|r| r.cost.clone()),
            free_of_charge: RwSignal::new(existing.is_some_and(|r| r.free_of_charge)),
            accessibility: text(|r| r.accessibility.clone()),
            district: text(|r| r.district.clone()),
            languages: list(|r| r.languages.clone()),
            topics: list(|r| r.topics.clone()),
            target_groups: list(|r| r.target_groups.clone()),
        }
    }

    /// What the API takes. Empty texts and an empty Ortsteil clear their fields.
    fn input(&self) -> save_offering::OfferingInput {
        let text = |s: RwSignal<String>| Some(s.get_untracked());
        save_offering::OfferingInput {
            title: text(self.title),
            description: text(self.description),
            schedule: text(self.schedule),
            category: text(self.category),
            cost: text(self.cost),
            free_of_charge: Some(self.free_of_charge.get_untracked()),
            accessibility: text(self.accessibility),
            district_id: text(self.district),
            languages: Some(self.languages.get_untracked()),
            topic_ids: Some(self.topics.get_untracked()),
            target_group_ids: Some(self.target_groups.get_untracked()),
            ..Default::default()
        }
    }

    /// Empties the form after an offering was added.
    fn clear(&self) {
        for text in [self.title, self.description, self.schedule, self.cost, self.accessibility, self.district] {
            text.set(String::new());
        }
        self.free_of_charge.set(false);
        for list in [self.languages, self.topics, self.target_groups] {
            list.set(Vec::new());
        }
    }
}

/// Adds an offering to `organisation_id`, or edits `existing`. Its ids start with the
/// offering's id (or `new`): the page holds several of these forms.
#[component]
fn OfferingForm(
    #[prop(optional)] organisation_id: Option<String>,
    existing: Option<OfferingRow>,
    rows: RwSignal<Vec<OfferingRow>>,
    status: RwSignal<Option<String>>,
    choices: StoredValue<Choices>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let prefix = existing.as_ref().map(|r| r.id.clone()).unwrap_or_else(|| "new".into());
    let inputs = Inputs::new(existing.as_ref());
    let version = RwSignal::new(existing.as_ref().map(|r| r.version).unwrap_or(1));
    let error = RwSignal::new(None::<ApiError>);
    let existing_id = existing.as_ref().map(|r| r.id.clone());
    let is_edit = existing.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let (organisation_id, existing_id) = (organisation_id.clone(), existing_id.clone());
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let is_new = existing_id.is_none();
            let vars = save_offering::Variables {
                create: is_new,
                organisation_id: organisation_id.unwrap_or_default(),
                id: existing_id.clone().unwrap_or_default(),
                expected_version: version.get_untracked(),
                input: inputs.input(),
            };
            // The answer holds the field `create` picked; both have the row's shape.
            let saved = session.fetch::<SaveOffering>(vars, &lang).await.and_then(|mut v| {
                let row = if is_new { v["createOffering"].take() } else { v["updateOffering"].take() };
                serde_json::from_value::<save_offering::EditedOffering>(row).map(OfferingRow::from).map_err(|_| ApiError::Network)
            });
            match saved {
                Ok(row) => {
                    let row_version = row.version;
                    status.set(Some(t_string!(i18n, off_saved).to_string()));
                    rows.update(|list| match list.iter_mut().find(|o| o.id == row.id) {
                        Some(slot) => *slot = row,
                        None => list.push(row),
                    });
                    if is_new {
                        inputs.clear();
                    } else {
                        version.set(row_version);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let category_id = format!("{prefix}-category");
    let description_id = format!("{prefix}-description");
    let description = inputs.description;
    let label = |text: &'static str| Signal::derive(move || text.to_string());
    let categories: Vec<(String, String)> = CATEGORIES.iter().map(|c| ((*c).to_owned(), category_label(i18n, c))).collect();
    view! {
        <form class="form" on:submit=submit novalidate>
            // Errors of fields shown at the field; the others (topics, target groups) here.
            <FormError error=error fields=&["title", "description", "schedule", "category", "cost", "accessibility", "districtId", "languages"] />
            <Field id=format!("{prefix}-title") field="title" label=label(t_string!(i18n, off_name)) value=inputs.title error=error />
            <Select id=category_id label=t_string!(i18n, off_category) value=inputs.category options=categories field="category" error=error />
            <div class="field">
                <label for=description_id.clone()>{t_string!(i18n, off_description)}</label>
                <textarea id=description_id rows="3" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || field_message(error, "description")}</p>
            </div>
            <Field id=format!("{prefix}-schedule") field="schedule" label=label(t_string!(i18n, off_schedule)) value=inputs.schedule error=error />
            <OfferingDetails prefix=prefix inputs=inputs choices=choices error=error />
            <button type="submit">{move || if is_edit { t_string!(i18n, off_save) } else { t_string!(i18n, off_add) }}</button>
        </form>
    }
}

/// Where, for whom, in which languages and at what cost.
#[component]
fn OfferingDetails(prefix: String, inputs: Inputs, choices: StoredValue<Choices>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let Choices { districts, topics, languages, target_groups } = choices.get_value();
    let Inputs { free_of_charge, accessibility, .. } = inputs;
    let label = |text: &'static str| Signal::derive(move || text.to_string());
    let accessibility_id = format!("{prefix}-accessibility");
    // The label's `for`: the input inside it takes the id first.
    let free_id = format!("{prefix}-free");
    let free_label_for = free_id.clone();
    view! {
        <CheckboxGroup id=format!("{prefix}-languages") legend=label(t_string!(i18n, off_languages)) options=languages selected=inputs.languages />
        <p class="field-error">{move || field_message(error, "languages")}</p>
        <div class="field-row">
            <Field id=format!("{prefix}-cost") field="cost" label=label(t_string!(i18n, off_cost)) value=inputs.cost error=error />
            <label class="choice" for=free_label_for>
                <input
                    type="checkbox"
                    id=free_id
                    prop:checked=move || free_of_charge.get()
                    on:change=move |ev| free_of_charge.set(event_target_checked(&ev))
                />
                {t_string!(i18n, org_free)}
            </label>
        </div>
        <div class="field">
            <label for=accessibility_id.clone()>{t_string!(i18n, off_accessibility)}</label>
            <textarea
                id=accessibility_id
                rows="2"
                prop:value=move || accessibility.get()
                on:input=move |ev| accessibility.set(event_target_value(&ev))
            ></textarea>
            <p class="field-error">{move || field_message(error, "accessibility")}</p>
        </div>
        <DistrictSelect id=format!("{prefix}-district") districts=districts value=inputs.district error=error />
        <CheckboxGroup id=format!("{prefix}-topics") legend=label(t_string!(i18n, edit_topics)) options=topics selected=inputs.topics />
        <CheckboxGroup
            id=format!("{prefix}-target-groups")
            legend=label(t_string!(i18n, edit_target_groups))
            options=target_groups
            selected=inputs.target_groups
        />
    }
}
