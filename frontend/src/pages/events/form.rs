//! The event form: creating and editing an event, with organisers on creation.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::{
        self, ApiError, CreateEvent, EventFormOptions, EventPage, UpdateEvent, Visibility, create_event, event_form_options, event_page,
        update_event,
    },
    components::{
        feedback::loaded,
        form::{CheckboxGroup, Field, FormError, field_message},
        organisation_picker::OrganisationPicker,
        select::{DistrictSelect, Select},
    },
    i18n::*,
    session::{Session, use_session},
};

/// The form's fields as text, the visibility as itself.
#[derive(Clone)]
struct Form {
    title: String,
    description: String,
    starts_at: String,
    ends_at: String,
    venue: String,
    street: String,
    postal_code: String,
    district: String,
    online_url: String,
    capacity: String,
    accessibility: String,
    visibility: Visibility,
    topics: Vec<String>,
    languages: Vec<String>,
}

impl Form {
    /// A new event's: empty, and public unless the person chooses otherwise.
    fn blank() -> Form {
        let text = String::new;
        Form {
            title: text(),
            description: text(),
            starts_at: text(),
            ends_at: text(),
            venue: text(),
            street: text(),
            postal_code: text(),
            district: text(),
            online_url: text(),
            capacity: text(),
            accessibility: text(),
            visibility: Visibility::Public,
            topics: Vec::new(),
            languages: Vec::new(),
        }
    }
}

impl From<&event_page::EventPageEvent> for Form {
    fn from(e: &event_page::EventPageEvent) -> Self {
        Form {
            title: e.title.clone(),
            description: e.description.clone().unwrap_or_default(),
            starts_at: e.starts_at_local.clone(),
            ends_at: e.ends_at_local.clone(),
            venue: e.venue.clone().unwrap_or_default(),
            street: e.street.clone().unwrap_or_default(),
            postal_code: e.postal_code.clone().unwrap_or_default(),
            district: e.district.as_ref().map(|d| d.id.clone()).unwrap_or_default(),
            online_url: e.online_url.clone().unwrap_or_default(),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            accessibility: e.accessibility.clone().unwrap_or_default(),
            visibility: e.visibility,
            topics: e.topics.iter().map(|t| t.id.clone()).collect(),
            languages: e.languages.iter().map(|l| l.code.clone()).collect(),
        }
    }
}

/// The form's fields as the inputs hold them, one signal each.
#[derive(Clone, Copy)]
struct Inputs {
    title: RwSignal<String>,
    description: RwSignal<String>,
    starts_at: RwSignal<String>,
    ends_at: RwSignal<String>,
    venue: RwSignal<String>,
    street: RwSignal<String>,
    postal_code: RwSignal<String>,
    district: RwSignal<String>,
    online_url: RwSignal<String>,
    capacity: RwSignal<String>,
    accessibility: RwSignal<String>,
    visibility: RwSignal<Visibility>,
    topics: RwSignal<Vec<String>>,
    languages: RwSignal<Vec<String>>,
}

impl From<Form> for Inputs {
    fn from(f: Form) -> Self {
        Inputs {
            title: RwSignal::new(f.title),
            description: RwSignal::new(f.description),
            starts_at: RwSignal::new(f.starts_at),
            ends_at: RwSignal::new(f.ends_at),
            venue: RwSignal::new(f.venue),
            street: RwSignal::new(f.street),
            postal_code: RwSignal::new(f.postal_code),
            district: RwSignal::new(f.district),
            online_url: RwSignal::new(f.online_url),
            capacity: RwSignal::new(f.capacity),
            accessibility: RwSignal::new(f.accessibility),
            visibility: RwSignal::new(f.visibility),
            topics: RwSignal::new(f.topics),
            languages: RwSignal::new(f.languages),
        }
    }
}

fn text(value: String) -> Option<String> {
    let value = value.trim().to_owned();
    (!value.is_empty()).then_some(value)
}

/// The capacity as a number (empty: no limit), or the error to show at its field.
fn parse_capacity(i18n: I18nContext, capacity: &str) -> Result<Option<i64>, ApiError> {
    match capacity.trim() {
        "" => Ok(None),
        n => n.parse::<i64>().map(Some).map_err(|_| ApiError::Graphql {
            code: "BAD_USER_INPUT".into(),
            field: Some("capacity".into()),
            message: t_string!(i18n, event_capacity_number).to_string(),
        }),
    }
}

/// Saves the event: an update of `id` with the version read, or else a new event with
/// the chosen organisers. Times are Berlin wall times from `datetime-local` inputs,
/// exactly what the API expects. Answers the event's id.
async fn send(
    session: Session,
    inputs: Inputs,
    capacity: Option<i64>,
    id: Option<String>,
    version: Option<i64>,
    organisers: RwSignal<Vec<(String, String)>>,
    lang: &str,
) -> Result<String, ApiError> {
    macro_rules! input {
        ($module:ident) => {
            $module::EventInput {
                title: inputs.title.get_untracked(),
                description: text(inputs.description.get_untracked()),
                starts_at: inputs.starts_at.get_untracked(),
                ends_at: inputs.ends_at.get_untracked(),
                venue: text(inputs.venue.get_untracked()),
                street: text(inputs.street.get_untracked()),
                postal_code: text(inputs.postal_code.get_untracked()),
                district_id: text(inputs.district.get_untracked()),
                online_url: text(inputs.online_url.get_untracked()),
                capacity,
                accessibility: text(inputs.accessibility.get_untracked()),
                visibility: inputs.visibility.get_untracked(),
                topic_ids: inputs.topics.get_untracked(),
                languages: inputs.languages.get_untracked(),
                project_id: None,
            }
        };
    }
    match (id, version) {
        (Some(id), Some(v)) => {
            let vars = update_event::Variables { id, expected_version: v, input: input!(update_event) };
            session.call::<UpdateEvent>(vars, lang).await.map(|d| d.update_event.id)
        }
        _ => {
            let ids = organisers.get_untracked().into_iter().map(|(id, _)| id).collect();
            let vars = create_event::Variables { organisation_ids: ids, input: input!(create_event) };
            session.call::<CreateEvent>(vars, lang).await.map(|d| d.create_event.id)
        }
    }
}

/// The label of a field, by a short key.
fn field_label(i18n: I18nContext, key: &'static str) -> Signal<String> {
    Signal::derive(move || {
        match key {
            "title" => t_string!(i18n, event_field_title),
            "starts" => t_string!(i18n, event_starts),
            "ends" => t_string!(i18n, event_ends),
            "venue" => t_string!(i18n, event_venue),
            "street" => t_string!(i18n, event_street),
            "postal" => t_string!(i18n, event_postal),
            "online" => t_string!(i18n, event_online_url),
            "capacity" => t_string!(i18n, event_capacity),
            "topics" => t_string!(i18n, edit_topics),
            _ => t_string!(i18n, event_languages),
        }
        .to_string()
    })
}

/// Creating an event.
#[component]
pub fn NewEventPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let _ = session;
    view! {
        <h1>{t_string!(i18n, event_new_title)}</h1>
        <EventForm existing=None />
    }
}

/// Editing an event.
#[component]
pub fn EditEventPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let id = params.get().get("id").unwrap_or_default();
        api::body::<EventPage>(event_page::Variables { id })
    });
    view! {
        <h1>{t_string!(i18n, event_edit_title)}</h1>
        {loaded::<EventPage>(data, move |d| match d.event {
            Some(e) if e.can_manage => view! { <EventForm existing=Some(e) /> }.into_any(),
            _ => view! { <p class="notice" role="alert">{t_string!(i18n, edit_forbidden)}</p> }.into_any(),
        })}
    }
}

/// Loads the form's choices, then shows the form.
#[component]
fn EventForm(existing: Option<event_page::EventPageEvent>) -> impl IntoView {
    let session = use_session();
    let options = session.resource(move || api::body::<EventFormOptions>(event_form_options::Variables { search: None }));
    loaded::<EventFormOptions>(options, move |o| view! { <EventFields options=o existing=existing.clone() /> }.into_any())
}

/// The whole form; a save that meets a `CONFLICT` keeps what the person typed.
#[component]
fn EventFields(options: event_form_options::ResponseData, existing: Option<event_page::EventPageEvent>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let initial = existing.as_ref().map(Form::from).unwrap_or_else(Form::blank);
    let inputs = Inputs::from(initial);
    let Inputs { title, description, starts_at, ends_at, capacity, accessibility, visibility, topics, languages, .. } = inputs;
    let own: Vec<(String, String)> =
        options.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| (o.id, o.name))).collect()).unwrap_or_default();
    // Organisers on creation: one's own organisations are chosen from the start.
    let organisers = RwSignal::new(own.clone());
    let version = RwSignal::new(existing.as_ref().map(|e| e.version));
    let id = existing.as_ref().map(|e| e.id.clone());
    let error = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let is_new = id.is_none();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        let event_id = id.clone();
        let navigate = navigate.clone();
        let capacity_value = match parse_capacity(i18n, &capacity.get_untracked()) {
            Ok(c) => c,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match send(session, inputs, capacity_value, id, version.get_untracked(), organisers, &lang).await {
                Ok(id) => navigate(&format!("/events/{id}"), Default::default()),
                Err(e) if e.code() == "CONFLICT" => {
                    // Keep what the person typed; take the saved version, so the next save is theirs.
                    if let Some(id) = event_id.clone()
                        && let Ok(now) = session.call::<EventPage>(event_page::Variables { id }, &lang).await
                    {
                        version.set(now.event.map(|e| e.version));
                    }
                    conflict.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = move |key: &'static str| field_label(i18n, key);
    let districts: Vec<(String, String)> = options.districts.into_iter().map(|d| (d.id, d.name)).collect();
    let topic_options: Vec<(String, String)> = options.topics.into_iter().map(|t| (t.id, t.label)).collect();
    let language_options: Vec<(String, String)> = options.languages.into_iter().map(|l| (l.code, l.name)).collect();
    view! {
        <FormError
            error=error
            fields=&["title", "description", "startsAt", "endsAt", "venue", "postalCode", "onlineUrl", "capacity", "districtId", "organisationIds"]
        />
        {move || conflict.get().then(|| view! { <p class="notice notice-error" role="alert" data-testid="conflict">{t_string!(i18n, event_conflict)}</p> })}
        <form class="form" on:submit=submit novalidate>
            <Field id="event-title" field="title" label=label("title") value=title error=error />
            <div class="field">
                <label for="event-description">{t_string!(i18n, event_description)}</label>
                <textarea id="event-description" rows="5" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field-row">
                <Field id="event-starts" field="startsAt" label=label("starts") value=starts_at error=error kind="datetime-local" />
                <Field id="event-ends" field="endsAt" label=label("ends") value=ends_at error=error kind="datetime-local" />
            </div>
            <p class="hint">{t_string!(i18n, event_time_hint)}</p>
            <PlaceFields inputs=inputs districts=districts error=error />
            <Field id="event-capacity" field="capacity" label=label("capacity") value=capacity error=error kind="number" />
            <div class="field">
                <label for="event-accessibility">{t_string!(i18n, event_accessibility)}</label>
                <textarea
                    id="event-accessibility"
                    rows="2"
                    prop:value=move || accessibility.get()
                    on:input=move |ev| accessibility.set(event_target_value(&ev))
                ></textarea>
            </div>
            <Select id="event-visibility" label=t_string!(i18n, event_visibility) value=visibility />
            <CheckboxGroup id="event-topics" legend=label("topics") options=topic_options selected=topics />
            <CheckboxGroup id="event-languages" legend=label("languages") options=language_options selected=languages />
            {is_new.then(|| view! { <Organisers organisers=organisers error=error /> })}
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if is_new { t_string!(i18n, event_create) } else { t_string!(i18n, edit_save) }}
                </button>
                <A href="/events">{t_string!(i18n, event_form_back)}</A>
            </div>
        </form>
    }
}

/// Where: venue, street and postal code, Ortsteil, online address.
#[component]
fn PlaceFields(inputs: Inputs, districts: Vec<(String, String)>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let Inputs { venue, street, postal_code, district, online_url, .. } = inputs;
    let label = move |key: &'static str| field_label(i18n, key);
    view! {
        <Field id="event-venue" field="venue" label=label("venue") value=venue error=error />
        <div class="field-row">
            <Field id="event-street" field="street" label=label("street") value=street error=error />
            <Field id="event-postal" field="postalCode" label=label("postal") value=postal_code error=error />
        </div>
        <DistrictSelect id="event-district" districts=districts value=district error=error />
        <Field id="event-online" field="onlineUrl" label=label("online") value=online_url error=error kind="url" />
    }
}

/// The organisers of a new event: the chosen ones (one's own from the start; others
/// are invited), and a search to add more.
#[component]
fn Organisers(organisers: RwSignal<Vec<(String, String)>>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let exclude = Signal::derive(move || organisers.get().into_iter().map(|(id, _)| id).collect::<Vec<_>>());
    let pick = Callback::new(move |(id, name): (String, String)| {
        organisers.update(|o| {
            if !o.iter().any(|(x, _)| x == &id) {
                o.push((id, name));
            }
        });
    });
    view! {
        <fieldset class="group" data-testid="event-organisers">
            <legend>{t_string!(i18n, event_organisers)}</legend>
            <p class="hint">{t_string!(i18n, event_organisers_hint)}</p>
            <p class="field-error">{move || field_message(error, "organisationIds")}</p>
            <ul>
                {move || {
                    organisers
                        .get()
                        .into_iter()
                        .map(|(id, name)| {
                            let remove = id.clone();
                            view! {
                                <li data-testid="chosen-organiser">
                                    {name}
                                    " "
                                    <button
                                        type="button"
                                        class="link-button"
                                        on:click=move |_| organisers.update(|o| o.retain(|(x, _)| x != &remove))
                                    >
                                        {t_string!(i18n, event_remove_organiser)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <OrganisationPicker exclude=exclude on_pick=pick />
        </fieldset>
    }
}
