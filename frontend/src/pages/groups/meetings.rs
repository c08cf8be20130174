//! A group's meetings: planning one, publishing it (the members are invited), and the
//! notes: agenda, minutes (Markdown, shown as the server rendered it safely),
//! documents and attendance. Only the group's coordinators edit.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use super::actions::RecordAction;
use crate::{
    api::{
        ApiError, EventStatus, PlanMeeting, PublishMeeting, SaveNotes, Visibility, group_page, plan_meeting, publish_meeting, save_notes,
    },
    components::{
        form::{CheckboxGroup, Field, FormError},
        labels::time_span,
        select::{Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

type Meeting = group_page::GroupPageWorkingGroupMeetings;
type Notes = group_page::GroupPageWorkingGroupMeetingsNotes;

/// The meetings, the latest first, and planning a new one.
#[component]
pub fn Meetings(
    group_id: String,
    meetings: Vec<Meeting>,
    can_manage: bool,
    organisations: Vec<(String, String)>,
    people: Vec<(String, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="group-meetings-title">
            <h2 id="group-meetings-title">{t_string!(i18n, group_meetings)}</h2>
            {meetings.is_empty().then(|| view! { <p>{t_string!(i18n, group_no_meetings)}</p> })}
            {meetings
                .into_iter()
                .map(|m| view! { <MeetingView meeting=m can_manage organisations=organisations.clone() people=people.clone() reload /> })
                .collect_view()}
            {can_manage.then(|| view! { <PlanMeetingForm group_id reload /> })}
        </section>
    }
}

#[component]
fn MeetingView(
    meeting: Meeting,
    can_manage: bool,
    organisations: Vec<(String, String)>,
    people: Vec<(String, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let when = time_span(i18n, &meeting.starts_at_local, &meeting.ends_at_local);
    let notes = meeting.notes.clone();
    let draft = meeting.status == EventStatus::Draft;
    let event = meeting.id.clone();
    let publish = move |_| {
        let event = event.clone();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<PublishMeeting>(publish_meeting::Variables { minutes: false, event, expected_version: 0 }, &lang).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (heading, labelled_by) = (format!("meeting-{}", meeting.id), format!("meeting-{}", meeting.id));
    view! {
        <article class="meeting card" aria-labelledby=labelled_by data-testid="meeting">
            <h3 id=heading>
                <A href=format!("/events/{}", meeting.id)>{meeting.title.clone()}</A>
            </h3>
            <p class="meta">
                {when}
                {meeting.venue.clone().map(|v| view! { " · " {v} })}
                {draft.then(|| view! { " " <span class="badge">{meeting.status.label(i18n)}</span> })}
            </p>
            <FormError error=error />
            {(draft && meeting.can_manage).then(|| view! { <button type="button" on:click=publish>{t_string!(i18n, meeting_publish)}</button> })}
            {notes.map(|n| view! { <NotesView notes=n.clone() /> })}
            {(can_manage && meeting.notes.is_some())
                .then(|| {
                    let n = meeting.notes.clone().unwrap_or_else(empty_notes);
                    view! {
                        <details class="editor">
                            <summary>{t_string!(i18n, meeting_notes)}</summary>
                            <NotesEditor event_id=meeting.id.clone() notes=n organisations=organisations.clone() people=people.clone() reload />
                            <RecordAction event_id=meeting.id.clone() organisations people reload />
                        </details>
                    }
                })}
        </article>
    }
}

fn empty_notes() -> Notes {
    Notes {
        agenda: None,
        agenda_html: None,
        minutes: None,
        minutes_html: None,
        minutes_published_at: None,
        version: 0,
        can_edit: false,
        documents: Vec::new(),
        attendance: Vec::new(),
    }
}

/// What everyone who sees the meeting reads: agenda, minutes once published, documents, attendance.
#[component]
fn NotesView(notes: Notes) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {notes.agenda_html.clone().map(|html| view! {
            <h4>{t_string!(i18n, meeting_agenda)}</h4>
            <div class="markdown" data-testid="agenda" inner_html=html></div>
        })}
        <h4>{t_string!(i18n, meeting_minutes)}</h4>
        {match (notes.minutes_html.clone(), notes.minutes_published_at.is_some()) {
            (Some(html), published) => view! {
                {(!published).then(|| view! { <p class="notice">{t_string!(i18n, meeting_minutes_unpublished)}</p> })}
                <div class="markdown" data-testid="minutes" inner_html=html></div>
            }
                .into_any(),
            (None, _) => view! { <p>{t_string!(i18n, meeting_minutes_unpublished)}</p> }.into_any(),
        }}
        {(!notes.documents.is_empty()).then(|| view! {
            <ul class="documents">
                {notes.documents.iter().map(|d| view! { <li><a href=d.url.clone() rel="noopener noreferrer">{d.title.clone()}</a></li> }).collect_view()}
            </ul>
        })}
        {(!notes.attendance.is_empty()).then(|| view! {
            <p>
                <strong>{t_string!(i18n, meeting_attendance)} ": "</strong>
                {notes.attendance.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", ")}
            </p>
        })}
    }
}

/// The coordinators' editor of agenda, minutes, documents and attendance.
#[component]
fn NotesEditor(
    event_id: String,
    notes: Notes,
    organisations: Vec<(String, String)>,
    people: Vec<(String, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let agenda = RwSignal::new(notes.agenda.clone().unwrap_or_default());
    let minutes = RwSignal::new(notes.minutes.clone().unwrap_or_default());
    let documents = RwSignal::new(notes.documents.iter().map(|d| format!("{} | {}", d.title, d.url)).collect::<Vec<_>>().join("\n"));
    let present_orgs = RwSignal::new(notes.attendance.iter().filter_map(|a| a.organisation_id.clone()).collect::<Vec<_>>());
    let present_people = RwSignal::new(notes.attendance.iter().filter_map(|a| a.person_id.clone()).collect::<Vec<_>>());
    let version = RwSignal::new(notes.version);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let published = notes.minutes_published_at.is_some();
    let (event_save, event_publish) = (event_id.clone(), event_id.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let event = event_save.clone();
        error.set(None);
        saved.set(false);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let filled = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
            let docs = documents
                .get_untracked()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let (title, url) = l.rsplit_once('|').unwrap_or((l, ""));
                    save_notes::DocumentInput { title: title.trim().to_owned(), url: url.trim().to_owned() }
                })
                .collect();
            let input = save_notes::NotesInput {
                agenda: filled(agenda.get_untracked()),
                minutes: filled(minutes.get_untracked()),
                documents: docs,
                attendee_organisation_ids: present_orgs.get_untracked(),
                attendee_person_ids: present_people.get_untracked(),
            };
            match session.fetch::<SaveNotes>(save_notes::Variables { event, expected_version: version.get_untracked(), input }, &lang).await
            {
                Ok(v) => {
                    version.set(v["saveMeetingNotes"]["version"].as_i64().unwrap_or_default());
                    saved.set(true);
                }
                Err(e) if e.code() == "CONFLICT" => error.set(Some(ApiError::Graphql {
                    code: e.code().into(),
                    field: None,
                    message: t_string!(i18n, meeting_conflict).into(),
                })),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let publish = move |_| {
        let event = event_publish.clone();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = publish_meeting::Variables { minutes: true, event, expected_version: version.get_untracked() };
            match session.fetch::<PublishMeeting>(vars, &lang).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let id = |name: &str| format!("{name}-{event_id}");
    view! {
        <form class="form" on:submit=save novalidate>
            <FormError error=error fields=&["agenda", "minutes"] />
            <p class="hint">{t_string!(i18n, meeting_markdown_hint)}</p>
            <MarkdownArea id=id("agenda") label=t_string!(i18n, meeting_agenda) value=agenda error field="agenda" rows="4" />
            <MarkdownArea id=id("minutes") label=t_string!(i18n, meeting_minutes) value=minutes error field="minutes" rows="8" />
            <MarkdownArea id=id("documents") label=t_string!(i18n, meeting_documents) value=documents error field="documents" rows="3" />
            <CheckboxGroup id=id("present-orgs") legend=t_string!(i18n, meeting_attendance).to_string() options=organisations selected=present_orgs />
            {(!people.is_empty()).then(|| view! {
                <CheckboxGroup id=id("present-people") legend=t_string!(i18n, meeting_attendance).to_string() options=people selected=present_people />
            })}
            <p role="status">{move || saved.get().then(|| t_string!(i18n, meeting_saved))}</p>
            <div class="actions">
                <button type="submit">{t_string!(i18n, meeting_save_notes)}</button>
                {(!published).then(|| view! { <button type="button" class="secondary" on:click=publish>{t_string!(i18n, meeting_publish_minutes)}</button> })}
            </div>
        </form>
    }
}

#[component]
fn MarkdownArea(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    field: &'static str,
    rows: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id rows=rows aria-describedby=error_id.clone() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <p id=error_id class="field-error">{move || crate::components::form::field_message(error, field)}</p>
        </div>
    }
}

/// Planning a meeting: title, time, place, visibility and agenda; a draft until published.
#[component]
fn PlanMeetingForm(group_id: String, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let title = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let venue = RwSignal::new(String::new());
    let online = RwSignal::new(String::new());
    let agenda = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Public);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let group = group_id.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let filled = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
            let input = plan_meeting::EventInput {
                title: title.get_untracked(),
                starts_at: starts.get_untracked(),
                ends_at: ends.get_untracked(),
                venue: filled(venue.get_untracked()),
                online_url: filled(online.get_untracked()),
                visibility: visibility.get_untracked(),
                description: None,
                street: None,
                postal_code: None,
                district_id: None,
                capacity: None,
                accessibility: None,
                topic_ids: Vec::new(),
                languages: Vec::new(),
                project_id: None,
            };
            match session
                .fetch::<PlanMeeting>(plan_meeting::Variables { group, input, agenda: filled(agenda.get_untracked()) }, &lang)
                .await
            {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let label = |text: &'static str| text.to_string();
    view! {
        <details class="editor">
            <summary>{t_string!(i18n, group_plan_meeting)}</summary>
            <form class="form" on:submit=submit novalidate>
                <FormError error=error fields=&["title", "startsAt", "endsAt", "venue", "onlineUrl", "agenda"] />
                <Field id="meeting-title" field="title" label=label(t_string!(i18n, event_field_title)) value=title error=error />
                <p class="hint" id="meeting-time-hint">{t_string!(i18n, event_time_hint)}</p>
                <div class="field-row">
                    <Field id="meeting-starts" field="startsAt" label=label(t_string!(i18n, event_starts)) value=starts error=error kind="datetime-local" hint="meeting-time-hint" />
                    <Field id="meeting-ends" field="endsAt" label=label(t_string!(i18n, event_ends)) value=ends error=error kind="datetime-local" hint="meeting-time-hint" />
                </div>
                <Field id="meeting-venue" field="venue" label=label(t_string!(i18n, event_venue)) value=venue error=error />
                <Field id="meeting-online" field="onlineUrl" label=label(t_string!(i18n, event_online_url)) value=online error=error kind="url" />
                <Select id="meeting-visibility" label=t_string!(i18n, event_visibility) value=visibility />
                <MarkdownArea id="meeting-agenda".to_owned() label=t_string!(i18n, meeting_agenda) value=agenda error field="agenda" rows="4" />
                <button type="submit">{t_string!(i18n, group_plan_button)}</button>
            </form>
        </details>
    }
}
