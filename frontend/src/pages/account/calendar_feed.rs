//! One's private calendar feed: an address to subscribe to in a calendar app, with the
//! members-only events, the group meetings and the registrations one may see. The
//! address is shown once, when it is made; a new one ends the old, and it can be ended.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiError, MyCalendarFeed, RenewCalendarFeed, RevokeCalendarFeed, my_calendar_feed, renew_calendar_feed, revoke_calendar_feed},
    components::{
        feedback::loaded,
        form::{FormError, ShownOnce},
        labels::instant,
    },
    i18n::*,
    session::use_session,
};

#[component]
pub fn CalendarFeedSection() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || crate::api::body::<MyCalendarFeed>(my_calendar_feed::Variables));
    let address = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let renew = move |_| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<RenewCalendarFeed>(renew_calendar_feed::Variables, &lang).await {
                Ok(d) => {
                    address.set(Some(d.renew_calendar_feed));
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |_| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<RevokeCalendarFeed>(revoke_calendar_feed::Variables, &lang).await {
                Ok(_) => {
                    address.set(None);
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section aria-labelledby="calendar-feed-title" class="narrow" data-testid="calendar-feed">
            <h2 id="calendar-feed-title">{t_string!(i18n, feed_title)}</h2>
            <p>{t_string!(i18n, feed_lead)}</p>
            <FormError error=error fields=&[] />
            {loaded::<MyCalendarFeed>(data, move |d| {
                let state = match &d.my_calendar_feed {
                    Some(feed) => {
                        let used = feed.last_used_at.as_deref().map(|t| instant(i18n, t, true));
                        view! {
                            <p>
                                {t!(i18n, feed_since, date = instant(i18n, &feed.created_at, false))}
                                " "
                                {match used {
                                    Some(used) => t!(i18n, feed_last_used, date = used).into_any(),
                                    None => t_string!(i18n, feed_never_used).into_any(),
                                }}
                            </p>
                        }
                            .into_any()
                    }
                    None => view! { <p>{t_string!(i18n, feed_none)}</p> }.into_any(),
                };
                let has = d.my_calendar_feed.is_some();
                view! {
                    {state}
                    <p class="actions">
                        <button type="button" on:click=renew data-testid="feed-renew">
                            {if has { t_string!(i18n, feed_renew) } else { t_string!(i18n, feed_create) }}
                        </button>
                        {has.then(|| view! { <button type="button" class="secondary" on:click=revoke>{t_string!(i18n, feed_revoke)}</button> })}
                    </p>
                }
                    .into_any()
            })}
            <ShownOnce id="feed-address" label=t_string!(i18n, feed_address) note=t_string!(i18n, feed_once) value=address test_id="feed-address" />
        </section>
    }
}
