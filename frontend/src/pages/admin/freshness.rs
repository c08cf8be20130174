//! The freshness overview (coordination team): which organisations have entries not
//! confirmed for 11 months or more, who was reminded when, and who answered.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{self, Freshness, FreshnessOverview, freshness_overview},
    components::{data_table::DataTable, feedback::loaded},
    i18n::*,
    session::use_session,
};

fn day(time: &Option<String>) -> String {
    time.as_deref().map(|t| t.chars().take(10).collect()).unwrap_or_else(|| "–".into())
}

fn state(i18n: I18nContext, freshness: Freshness) -> &'static str {
    match freshness {
        Freshness::Current => t_string!(i18n, fresh_state_current),
        Freshness::Due => t_string!(i18n, fresh_state_due),
        Freshness::Stale => t_string!(i18n, fresh_state_stale),
        Freshness::Hidden => t_string!(i18n, fresh_state_hidden),
    }
}

#[component]
pub fn FreshnessPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<FreshnessOverview>(freshness_overview::Variables));
    view! {
        <h1>{t_string!(i18n, freshness_title)}</h1>
        <p>{t_string!(i18n, freshness_lead)}</p>
        {loaded::<FreshnessOverview>(data, move |d| {
            if d.freshness_overview.is_empty() {
                return view! { <p class="notice" role="status">{t_string!(i18n, freshness_empty)}</p> }.into_any();
            }
            view! {
                <DataTable headers=vec![
                    t_string!(i18n, freshness_organisation).to_string(),
                    t_string!(i18n, freshness_state).to_string(),
                    t_string!(i18n, freshness_confirmed).to_string(),
                    t_string!(i18n, freshness_reminded).to_string(),
                    t_string!(i18n, freshness_answered).to_string(),
                    t_string!(i18n, freshness_offerings).to_string(),
                ]>
                    {d.freshness_overview
                        .into_iter()
                        .map(|e| {
                            let confirmed = match &e.confirmed_by {
                                Some(by) => format!("{} · {by}", day(&e.confirmed_at)),
                                None => day(&e.confirmed_at),
                            };
                            let reminded = if e.has_representatives { day(&e.reminded_at) } else { t_string!(i18n, freshness_nobody).to_owned() };
                            let answered = if e.answered { t_string!(i18n, yes) } else { t_string!(i18n, no) };
                            view! {
                                <tr data-testid="freshness-row">
                                    <td><A href=format!("/organisations/{}", e.slug)><bdi>{e.name}</bdi></A></td>
                                    <td>{state(i18n, e.oldest)}</td>
                                    <td>{confirmed}</td>
                                    <td>{reminded}</td>
                                    <td>{answered}</td>
                                    <td>{t!(i18n, freshness_offerings_count, due = e.offerings_due, hidden = e.offerings_hidden)}</td>
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
