//! A person's own part in the working groups, on the start page: their open agreed
//! actions (marked done from here) and their next meetings.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{self, ActionStatus, ApiError, MyWork, SetActionStatus, set_action_status},
    components::{
        feedback::loaded,
        form::FormError,
        labels::{date, time_span},
    },
    i18n::*,
    session::use_session,
};

/// Open actions and next meetings of the signed-in person.
#[component]
pub fn MyGroupWork() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<MyWork>(api::my_work::Variables));
    let error = RwSignal::new(None::<ApiError>);
    let done = move |id: String, version: i64| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let vars = set_action_status::Variables { id, expected_version: version, status: ActionStatus::Done, reason: None };
            match session.fetch::<SetActionStatus>(vars, &lang).await {
                Ok(_) => data.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    loaded::<MyWork>(data, move |d| {
        view! {
            <section aria-labelledby="my-actions-title" data-testid="my-actions">
                <h2 id="my-actions-title">{t_string!(i18n, start_my_actions)}</h2>
                <FormError error=error />
                {d.my_actions.is_empty().then(|| view! { <p>{t_string!(i18n, start_no_actions)}</p> })}
                <ul>
                    {d
                        .my_actions
                        .into_iter()
                        .map(|a| {
                            let (id, version) = (a.id.clone(), a.version);
                            view! {
                                <li data-testid="my-action">
                                    <strong>{a.title}</strong>
                                    " · "
                                    {t!(i18n, action_due_on, date = date(i18n, &a.due_on))}
                                    " · "
                                    <A href=format!("/groups/{}", a.group_slug)>{a.group_name}</A>
                                    {a.can_update.then(|| view! {
                                        " "
                                        <button type="button" on:click=move |_| done(id.clone(), version)>{t_string!(i18n, action_mark_done)}</button>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            {(!d.my_next_meetings.is_empty()).then(|| view! {
                <section aria-labelledby="my-meetings-title">
                    <h2 id="my-meetings-title">{t_string!(i18n, start_next_meetings)}</h2>
                    <ul>
                        {d
                            .my_next_meetings
                            .into_iter()
                            .map(|m| {
                                let when = time_span(i18n, &m.starts_at_local, &m.ends_at_local);
                                let group = m.group.map(|g| view! { " · " <A href=format!("/groups/{}", g.slug)>{g.name}</A> });
                                view! { <li><A href=format!("/events/{}", m.id)>{m.title}</A> " · " {when} {group}</li> }
                            })
                            .collect_view()}
                    </ul>
                </section>
            })}
        }
            .into_any()
    })
}
