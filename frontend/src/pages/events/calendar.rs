//! The events page's month calendar: a grid of weeks, and the month arithmetic for it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{api::events, i18n::*};

/// The current month as `YYYY-MM`, in the browser's time.
pub fn this_month() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}", now.get_full_year(), now.get_month() + 1)
}

fn parse_month(month: &str) -> Option<(u32, u32)> {
    let (y, m) = month.split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

fn shift_month(month: &str, by: i32) -> String {
    let (y, m) = parse_month(month).unwrap_or((2026, 1));
    let index = y as i32 * 12 + (m as i32 - 1) + by;
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// The UTC window a month view asks for: a little wider than the month, so that
/// events just after midnight in Berlin are included; the grid filters by local date.
pub fn month_window(month: &str) -> (String, String) {
    (format!("{}-28T00:00:00Z", shift_month(month, -1)), format!("{}-01T00:00:00Z", shift_month(month, 1)))
}

/// A month as a grid of weeks (Monday first); each day lists its events. The list
/// view shows the same events as text. `go` opens another month (`YYYY-MM`).
#[component]
pub fn MonthGrid<G>(month: String, events: Vec<events::EventsEventsEdgesNode>, go: G) -> impl IntoView
where
    G: Fn(String) + Clone + 'static,
{
    let i18n = use_i18n();
    let (year, m) = parse_month(&month).unwrap_or((2026, 1));
    let first = js_sys::Date::new_with_year_month_day(year, m as i32 - 1, 1);
    let offset = (first.get_day() + 6) % 7;
    let days = js_sys::Date::new_with_year_month_day(year, m as i32, 0).get_date();
    let mut cells: Vec<Option<u32>> = (0..offset).map(|_| None).collect();
    cells.extend((1..=days).map(Some));
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let weeks: Vec<Vec<Option<u32>>> = cells.chunks(7).map(|w| w.to_vec()).collect();
    let (prev, next) = (shift_month(&month, -1), shift_month(&month, 1));
    let on_day = move |day: u32| {
        let prefix = format!("{month}-{day:02}");
        events
            .iter()
            .filter(|e| e.starts_at_local.starts_with(&prefix))
            .map(|e| (e.id.clone(), e.title.clone(), e.starts_at_local[11..].to_owned()))
            .collect::<Vec<_>>()
    };
    let (go_prev, go_next) = (go.clone(), go);
    let title = format!("{m:02}/{year}");
    let weekdays = move || {
        [
            t_string!(i18n, day_mo),
            t_string!(i18n, day_tu),
            t_string!(i18n, day_we),
            t_string!(i18n, day_th),
            t_string!(i18n, day_fr),
            t_string!(i18n, day_sa),
            t_string!(i18n, day_su),
        ]
    };
    view! {
        <div class="month-nav">
            <button type="button" on:click=move |_| go_prev(prev.clone())>
                {t_string!(i18n, events_prev_month)}
            </button>
            <h2 data-testid="month-title">{title.clone()}</h2>
            <button type="button" on:click=move |_| go_next(next.clone())>
                {t_string!(i18n, events_next_month)}
            </button>
        </div>
        <div class="table-scroll">
            <table class="month" data-testid="month-grid">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                    <tr>{move || weekdays().into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {weeks
                        .into_iter()
                        .map(|week| {
                            view! {
                                <tr>
                                    {week
                                        .into_iter()
                                        .map(|day| match day {
                                            None => view! { <td class="empty"></td> }.into_any(),
                                            Some(day) => {
                                                let items = on_day(day);
                                                view! {
                                                    <td>
                                                        <span class="day">{day}</span>
                                                        <ul>
                                                            {items
                                                                .into_iter()
                                                                .map(|(id, title, time)| {
                                                                    view! { <li><A href=format!("/events/{id}")>{time} " " {title}</A></li> }
                                                                })
                                                                .collect_view()}
                                                        </ul>
                                                    </td>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
