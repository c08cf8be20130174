//! Editing an organisation's offerings: add, edit (with optimistic locking) and delete
//! after a confirmation step.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiError, DeleteOffering, SaveOffering, delete_offering, save_offering},
    components::form::{Field, FormError, field_message},
    i18n::*,
    session::use_session,
};

/// One offering as the editor keeps it.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct OfferingRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub schedule: Option<String>,
    pub version: i64,
}

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

/// The offerings section of the edit page.
#[component]
pub fn OfferingsEditor(organisation_id: String, offerings: Vec<OfferingRow>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = RwSignal::new(offerings);
    let status = RwSignal::new(None::<String>);
    view! {
        <section aria-labelledby="offerings-edit-title" class="offerings-editor">
            <h2 id="offerings-edit-title">{t_string!(i18n, off_title)}</h2>
            {move || status.get().map(|text| view! { <p class="notice" role="status" data-testid="offering-status">{text}</p> })}
            <ul class="cards">
                <For each=move || rows.get() key=|r| (r.id.clone(), r.version) let:row>
                    <OfferingItem row=row rows=rows status=status />
                </For>
            </ul>
            <h3>{t_string!(i18n, off_new)}</h3>
            <OfferingForm organisation_id=organisation_id existing=None rows=rows status=status />
        </section>
    }
}

#[component]
fn OfferingItem(row: OfferingRow, rows: RwSignal<Vec<OfferingRow>>, status: RwSignal<Option<String>>) -> impl IntoView {
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
    view! {
        <li class="card" data-testid="offering-row">
            <h3>{row.title.clone()}</h3>
            <p class="meta">{move || category_label(i18n, &category)} {row.schedule.clone().map(|s| view! { " · " {s} })}</p>
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
            {move || editing.get().then(|| view! { <OfferingForm existing=Some(row.clone()) rows=rows status=status /> })}
        </li>
    }
}

/// Adds an offering to `organisation_id`, or edits `existing`.
#[component]
fn OfferingForm(
    #[prop(optional)] organisation_id: Option<String>,
    existing: Option<OfferingRow>,
    rows: RwSignal<Vec<OfferingRow>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let prefix = existing.as_ref().map(|r| r.id.clone()).unwrap_or_else(|| "new".into());
    let title = RwSignal::new(existing.as_ref().map(|r| r.title.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.as_ref().and_then(|r| r.description.clone()).unwrap_or_default());
    let schedule = RwSignal::new(existing.as_ref().and_then(|r| r.schedule.clone()).unwrap_or_default());
    let category = RwSignal::new(existing.as_ref().map(|r| r.category.clone()).unwrap_or_else(|| "GROUP".into()));
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
            let (t, d, s, c) = (title.get_untracked(), description.get_untracked(), schedule.get_untracked(), category.get_untracked());
            let is_new = existing_id.is_none();
            let vars = save_offering::Variables {
                create: is_new,
                organisation_id: organisation_id.unwrap_or_default(),
                id: existing_id.clone().unwrap_or_default(),
                expected_version: version.get_untracked(),
                input: save_offering::OfferingInput {
                    title: Some(t),
                    description: Some(d),
                    schedule: Some(s),
                    category: Some(c),
                    ..Default::default()
                },
            };
            // The answer holds the field `create` picked; both have the row's shape.
            let saved = session.fetch::<SaveOffering>(vars, &lang).await.and_then(|mut v| {
                let row = if is_new { v["createOffering"].take() } else { v["updateOffering"].take() };
                serde_json::from_value::<OfferingRow>(row).map_err(|_| ApiError::Network)
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
                        title.set(String::new());
                        description.set(String::new());
                        schedule.set(String::new());
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
    view! {
        <form class="form" on:submit=submit novalidate>
            <FormError error=error fields=&["title", "description", "schedule", "category"] />
            <Field id=format!("{prefix}-title") field="title" label=Signal::derive(move || t_string!(i18n, off_name).to_string()) value=title error=error />
            <div class="field">
                <label for=category_id.clone()>{t_string!(i18n, off_category)}</label>
                <select id=category_id on:change=move |ev| category.set(event_target_value(&ev)) prop:value=move || category.get()>
                    {CATEGORIES.iter().map(|c| view! { <option value=*c>{move || category_label(i18n, c)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=description_id.clone()>{t_string!(i18n, off_description)}</label>
                <textarea id=description_id rows="3" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <p class="field-error">{move || field_message(error, "description")}</p>
            </div>
            <Field
                id=format!("{prefix}-schedule")
                field="schedule"
                label=Signal::derive(move || t_string!(i18n, off_schedule).to_string())
                value=schedule
                error=error
            />
            <button type="submit">{move || if is_edit { t_string!(i18n, off_save) } else { t_string!(i18n, off_add) }}</button>
        </form>
    }
}
