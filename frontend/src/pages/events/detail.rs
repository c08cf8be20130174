//! One event's page: details, registration, organisers, and managing it.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{
        self, ApiError, EventChange, EventPage, EventRegistrations, EventStatus, OrganiserChange, ParticipationState, RegistrationStatus,
        SignUpForEvent, Visibility, event_change, event_page, event_registrations, organiser_change, sign_up_for_event,
    },
    components::{
        SIGNED_IN_VIEWS,
        data_table::DataTable,
        feedback::loaded,
        form::{Field, FormError},
        labels::time_span,
        organisation_picker::OrganisationPicker,
        select::Labelled,
        signed_in_only,
    },
    i18n::*,
    session::{Session, use_session},
};

/// What a button on the page does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Publish,
    Cancel,
    Register,
    Unregister,
}

async fn change(session: Session, id: String, what: Change, reason: Option<String>, lang: &str) -> Result<(), ApiError> {
    let vars = event_change::Variables {
        id,
        publish: what == Change::Publish,
        cancel: what == Change::Cancel,
        reason,
        register: what == Change::Register,
        unregister: what == Change::Unregister,
    };
    // Only success matters; fields left out by @include are absent from the answer.
    session.fetch::<EventChange>(vars, lang).await.map(drop)
}

async fn organiser(session: Session, event: String, organisation: String, invite: bool, accept: bool, lang: &str) -> Result<(), ApiError> {
    let vars = organiser_change::Variables { event_id: event, organisation_id: organisation, invite, respond: !invite, accept };
    session.fetch::<OrganiserChange>(vars, lang).await.map(drop)
}

/// The event page: details, organisers, registration with waitlist position, the
/// organisers' answers to invitations, and for those who plan it: publish, cancel,
/// invite co-organisers, and the registrations with a CSV download.
#[component]
pub fn EventDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let data = session.resource(move || {
        let id = params.get().get("id").unwrap_or_default();
        api::body::<EventPage>(event_page::Variables { id })
    });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        {loaded::<EventPage>(data, move |d| match d.event {
            None => view! { <p class="notice" role="alert">{t_string!(i18n, event_not_found)}</p> }.into_any(),
            Some(e) => {
                let mine: Vec<String> = d.me.map(|m| m.memberships.into_iter().filter_map(|x| x.organisation.map(|o| o.id)).collect()).unwrap_or_default();
                view! { <EventView event=e mine reload /> }.into_any()
            }
        })}
    }
}

#[component]
fn EventView(event: event_page::EventPageEvent, mine: Vec<String>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let status = event.status;
    let when = time_span(i18n, &event.starts_at_local, &event.ends_at_local);
    let address: Vec<String> = [event.venue.clone(), event.street.clone(), event.postal_code.clone().map(|p| format!("{p} Berlin"))]
        .into_iter()
        .flatten()
        .collect();
    let district = event.district.as_ref().map(|d| d.name.clone());
    let seats = event.capacity.map(|c| (event.registered_count, c));
    let waiting = event.waitlist_count;
    let pending: Vec<(String, String)> = event
        .organisers
        .iter()
        .filter(|o| o.state == ParticipationState::Invited && mine.contains(&o.organisation_id))
        .map(|o| (o.organisation_id.clone(), o.organisation.as_ref().map(|x| x.name.clone()).unwrap_or_default()))
        .collect();
    let status_text = event.status.label(i18n);
    let can_manage = event.can_manage;
    let event_id = event.id.clone();
    let meeting_id = event.id.clone();
    view! {
        <article class="event" aria-labelledby="event-title">
            <p class="back">
                <A href="/events">{t_string!(i18n, events_back)}</A>
            </p>
            <h1 id="event-title">{event.title.clone()}</h1>
            // Planners see every state; others only what they must know (a published
            // event is simply there).
            {(status != EventStatus::Published || can_manage).then(|| view! {
                <p>
                    <span class="badge" data-testid="event-status">{status_text}</span>
                </p>
            })}
            {event.cancel_reason.clone().map(|r| view! { <p class="notice notice-error">{r}</p> })}
            <FormError error=error />
            <dl class="facts">
                <dt>{t_string!(i18n, event_when)}</dt>
                <dd data-testid="event-when">{when}</dd>
                {(!address.is_empty()).then(|| view! { <dt>{t_string!(i18n, event_where)}</dt> <dd>{address.join(", ")}</dd> })}
                {district.map(|d| view! { <dt>{t_string!(i18n, edit_district)}</dt> <dd>{d}</dd> })}
                {event.online_url.clone().map(|u| view! { <dt>{t_string!(i18n, event_online)}</dt> <dd><a href=u.clone() rel="noopener">{u.clone()}</a></dd> })}
                {event.accessibility.clone().map(|a| view! { <dt>{t_string!(i18n, event_accessibility)}</dt> <dd>{a}</dd> })}
                <dt>{t_string!(i18n, event_seats)}</dt>
                <dd data-testid="event-seats">
                    {match seats {
                        Some((taken, of)) => view! { {t!(i18n, event_seats_taken, taken = taken, of = of)} }.into_any(),
                        None => view! { {t_string!(i18n, event_seats_open)} }.into_any(),
                    }}
                    {(waiting > 0).then(|| view! { " · " {t!(i18n, event_waiting, count = waiting)} })}
                </dd>
            </dl>
            {event.description.clone().map(|d| view! { <p class="description">{d}</p> })}
            <ul class="tags">{event.topics.iter().map(|t| view! { <li>{t.label.clone()}</li> }).collect_view()}</ul>
            {(!event.languages.is_empty())
                .then(|| {
                    view! {
                        <p>
                            {t_string!(i18n, event_languages)}
                            ": "
                            {event.languages.iter().map(|l| l.name.clone()).collect::<Vec<_>>().join(", ")}
                        </p>
                    }
                })}
            <Registration
                id=event.id.clone()
                status=status
                open_to_visitors=event.visibility == Visibility::Public
                registration=event.my_registration.clone()
                error
                reload
            />
            <section aria-labelledby="organisers-title">
                <h2 id="organisers-title">{t_string!(i18n, event_organisers)}</h2>
                <ul data-testid="organisers">
                    {event
                        .organisers
                        .iter()
                        .map(|o| {
                            let state = o.state;
                            let name = o.organisation.as_ref().map(|x| x.name.clone()).unwrap_or_default();
                            let link = o.organisation.as_ref().map(|x| format!("/organisations/{}", x.slug)).unwrap_or_default();
                            view! {
                                <li>
                                    <A href=link>
                                        <bdi>{name}</bdi>
                                    </A>
                                    // Who has agreed is the planners' business, not the public's.
                                    {(can_manage || state != ParticipationState::Confirmed).then(|| view! { " – " {state.label(i18n)} })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {signed_in_only(move || {
                    pending
                        .into_iter()
                        .map(|(org, name)| view! { <Answer event=event_id.clone() organisation=org name reload error /> })
                        .collect_view()
                })}
            </section>
            {signed_in_only(move || view! { <crate::components::events::MeetingOf id=meeting_id /> })}
            {signed_in_only(move || can_manage.then(|| view! { <Manage event=event.clone() reload /> }))}
        </article>
    }
}

/// Registering and unregistering (with the waitlist position), and the calendar file.
#[component]
fn Registration(
    id: String,
    status: EventStatus,
    open_to_visitors: bool,
    registration: Option<event_page::EventPageEventMyRegistration>,
    error: RwSignal<Option<ApiError>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let busy = RwSignal::new(false);
    let ics = format!("/events/{id}.ics");
    let event_id = id.clone();
    let act = move |what: Change, reason: Option<String>| {
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match change(session, id, what, reason, &lang).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let signed_in = move || session.user.get().is_some();
    let published = status == EventStatus::Published;
    let act_register = act.clone();
    let act_unregister = act.clone();
    view! {
        <section aria-labelledby="registration-title" class="registration">
            <h2 id="registration-title">{t_string!(i18n, event_registration)}</h2>
            {move || {
                if !published {
                    return view! { <p>{t_string!(i18n, event_registration_closed)}</p> }.into_any();
                }
                if !SIGNED_IN_VIEWS || !signed_in() {
                    return if open_to_visitors {
                        view! {
                            <GuestSignUp event_id=event_id.clone() />
                            <p><A href="/login">{t_string!(i18n, guest_or_sign_in)}</A></p>
                        }
                            .into_any()
                    } else {
                        view! { <p><A href="/login">{t_string!(i18n, event_sign_in_to_register)}</A></p> }.into_any()
                    };
                }
                let act_register = act_register.clone();
                let act_unregister = act_unregister.clone();
                match registration.clone() {
                    None => view! {
                        <button type="button" disabled=move || busy.get() on:click=move |_| act_register(Change::Register, None)>
                            {t_string!(i18n, event_register)}
                        </button>
                    }
                        .into_any(),
                    Some(r) => {
                        let text = match (r.status, r.position) {
                            (RegistrationStatus::Waitlisted, Some(p)) => view! { {t!(i18n, event_waitlisted, position = p)} }.into_any(),
                            _ => view! { {t_string!(i18n, event_registered)} }.into_any(),
                        };
                        view! {
                            <p role="status" data-testid="my-registration">{text}</p>
                            <button type="button" disabled=move || busy.get() on:click=move |_| act_unregister(Change::Unregister, None)>
                                {t_string!(i18n, event_unregister)}
                            </button>
                        }
                            .into_any()
                    }
                }
            }}
            {(status != EventStatus::Draft).then(|| view! { <p><a href=ics.clone() download="">{t_string!(i18n, event_ics)}</a></p> })}
        </section>
    }
}

/// A visitor's sign-up for a public event: name and address; the seat is taken when
/// the link in the mail is opened.
#[component]
fn GuestSignUp(event_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let event_id = event_id.clone();
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = sign_up_for_event::Variables { event_id, name: name.get_untracked(), email: email.get_untracked() };
            match api::call::<SignUpForEvent>(vars, None, &lang).await {
                Ok(_) => sent.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = move |f: fn(I18nContext) -> &'static str| Signal::derive(move || f(i18n).to_owned());
    view! {
        <form class="form guest-sign-up" on:submit=submit novalidate aria-labelledby="guest-title">
            <h3 id="guest-title">{t_string!(i18n, guest_title)}</h3>
            <p>{t_string!(i18n, guest_intro)}</p>
            <FormError error=error fields=&["name", "email"] />
            <Field id="guest-name" field="name" label=label(|i| t_string!(i, accept_name)) value=name error=error autocomplete="name" />
            <Field id="guest-email" field="email" label=label(|i| t_string!(i, login_email)) value=email error=error kind="email" autocomplete="email" />
            <button type="submit" disabled=move || busy.get()>
                {t_string!(i18n, guest_submit)}
            </button>
            // Told where the person looks: right under the button.
            <p role="status" data-testid="guest-sent">
                {move || sent.get().then(|| t_string!(i18n, guest_sent))}
            </p>
        </form>
    }
}

/// Confirm or decline, for one of the person's organisations.
#[component]
fn Answer(event: String, organisation: String, name: String, reload: Callback<()>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let respond = move |accept: bool| {
        let (event, organisation) = (event.clone(), organisation.clone());
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match organiser(session, event, organisation, false, accept, &lang).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let decline = respond.clone();
    view! {
        <div class="notice actions" data-testid="organiser-answer">
            <p>{t!(i18n, event_invited_as, name = view! { <bdi>{name.clone()}</bdi> })}</p>
            <button type="button" on:click=move |_| respond(true)>{t_string!(i18n, event_confirm)}</button>
            <button type="button" class="link-button" on:click=move |_| decline(false)>{t_string!(i18n, event_decline)}</button>
        </div>
    }
}

/// What those who plan the event can do.
#[component]
fn Manage(event: event_page::EventPageEvent, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let status = event.status;
    let id = event.id.clone();
    let reason = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let run = move |what: Change, why: Option<String>| {
        let id = id.clone();
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match change(session, id, what, why, &lang).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let publish = run.clone();
    let cancel = run;
    let invite_id = event.id.clone();
    let invite = Callback::new(move |(organisation, _name): (String, String)| {
        let event = invite_id.clone();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match organiser(session, event, organisation, true, false, &lang).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let taken: Vec<String> = event.organisers.iter().map(|o| o.organisation_id.clone()).collect();
    view! {
        <section aria-labelledby="manage-title" class="manage" data-testid="manage">
            <h2 id="manage-title">{t_string!(i18n, event_manage)}</h2>
            <FormError error=error />
            <div class="actions">
                {(status != EventStatus::Cancelled).then(|| view! { <A href=format!("/events/{}/edit", event.id) attr:class="button">{t_string!(i18n, event_edit)}</A> })}
                {(status == EventStatus::Draft).then(|| view! { <button type="button" on:click=move |_| publish(Change::Publish, None)>{t_string!(i18n, event_publish)}</button> })}
                {(status != EventStatus::Cancelled).then(|| view! { <button type="button" class="link-button" on:click=move |_| asking.set(true)>{t_string!(i18n, event_cancel)}</button> })}
            </div>
            {move || {
                asking
                    .get()
                    .then(|| {
                        let cancel = cancel.clone();
                        view! {
                            <div class="field inline-form">
                                <label for="cancel-reason">{t_string!(i18n, event_cancel_reason)}</label>
                                <textarea id="cancel-reason" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                                <div class="actions">
                                    <button type="button" on:click=move |_| cancel(Change::Cancel, Some(reason.get_untracked()))>{t_string!(i18n, event_cancel_confirm)}</button>
                                    <button type="button" class="link-button" on:click=move |_| asking.set(false)>{t_string!(i18n, event_cancel_keep)}</button>
                                </div>
                            </div>
                        }
                    })
            }}
            {(status != EventStatus::Cancelled).then(|| view! { <OrganisationPicker exclude=taken on_pick=invite /> })}
            {(status != EventStatus::Draft).then(|| view! { <Registrations id=event.id.clone() /> })}
        </section>
    }
}

/// Who registered, and the CSV download.
#[component]
fn Registrations(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || {
        let id = id.clone();
        api::body::<EventRegistrations>(event_registrations::Variables { id })
    });
    view! {
        <h3>{t_string!(i18n, event_registrations)}</h3>
        {loaded::<EventRegistrations>(data, move |d| {
            let Some(e) = d.event else { return ().into_any() };
            let csv = format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(&e.registrations_csv));
            view! {
                <p>
                    <a href=csv download="anmeldungen.csv" data-testid="registrations-csv">{t_string!(i18n, event_csv)}</a>
                </p>
                <DataTable
                    headers=vec![
                        t_string!(i18n, col_name).to_string(),
                        t_string!(i18n, col_email).to_string(),
                        t_string!(i18n, users_status).to_string(),
                    ]
                    test_id="registrations"
                >
                    {e
                        .registrations
                        .into_iter()
                        .map(|r| {
                            let text = match (r.registration.status, r.registration.position) {
                                (RegistrationStatus::Waitlisted, Some(p)) => view! { {t!(i18n, event_waitlisted, position = p)} }.into_any(),
                                _ => view! { {t_string!(i18n, event_registered_short)} }.into_any(),
                            };
                            let guest = r.guest.then(|| view! { " " <span class="badge">{t_string!(i18n, guest_badge)}</span> });
                            view! {
                                <tr>
                                    <td>
                                        <bdi>{r.display_name}</bdi>
                                        {guest}
                                    </td>
                                    <td>{r.email}</td>
                                    <td>{text}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
            }
                .into_any()
        })}
    }
}
