//! Change over time: the council picks a month's end (a snapshot the server keeps) and
//! a later one or today, and sees the key figures before and after, the new and gone
//! organisations, new and ended ties, the gaps closed and opened, and the new
//! organisations per 10,000 residents on the map.

use leptos::prelude::*;
use serde_json::Value;

use super::json::{esc, list, num, text};
use crate::{
    api::{self, NetworkChange, NetworkSnapshots, network_change, network_snapshots},
    components::{feedback::loaded_json, labels::number_format},
    i18n::*,
    session::use_session,
};

/// Pick two dates and see what changed. `names` resolves topic and Ortsteil ids.
#[component]
pub fn Change(topics: Vec<Value>, districts: Vec<Value>, #[prop(optional)] since: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let snapshots = session.resource(move || api::body::<NetworkSnapshots>(network_snapshots::Variables {}));
    let names = StoredValue::new((topics, districts));
    view! {
        <section aria-labelledby="change-title" class="report-part" data-testid="change">
            <h2 id="change-title">{t_string!(i18n, change_title)}</h2>
            {loaded_json(snapshots, move |d| {
                let months: Vec<String> = list(&d, "networkSnapshots").iter().map(|s| text(s, "month")).collect();
                Ok(view! { <Picker months=months names=names since=Some(since.clone()).filter(|s| !s.is_empty()) /> }.into_any())
            })}
        </section>
    }
}

#[component]
fn Picker(months: Vec<String>, names: StoredValue<(Vec<Value>, Vec<Value>)>, since: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    if months.is_empty() {
        return view! { <p>{t_string!(i18n, change_none)}</p> }.into_any();
    }
    // The earliest month by default: the whole time the platform has kept.
    let start = since.filter(|s| months.contains(s)).unwrap_or_else(|| months.last().cloned().unwrap_or_default());
    let from = RwSignal::new(start);
    let to = RwSignal::new(String::new());
    let change = session.resource(move || {
        let to = to.get();
        api::body::<NetworkChange>(network_change::Variables { from: from.get(), to: (!to.is_empty()).then_some(to) })
    });
    let options = |selected: RwSignal<String>, today: bool| {
        let mut list: Vec<(String, String)> = months.iter().map(|m| (m.clone(), m.clone())).collect();
        if today {
            list.insert(0, (String::new(), t_string!(i18n, change_today).to_owned()));
        }
        list.into_iter()
            .map(|(value, label)| {
                let chosen = value == selected.get_untracked();
                view! { <option value=value selected=chosen>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="filters no-print">
            <label>
                {t_string!(i18n, change_from)}
                <select data-testid="change-from" on:change=move |e| from.set(event_target_value(&e))>{options(from, false)}</select>
            </label>
            <label>
                {t_string!(i18n, change_to)}
                <select data-testid="change-to" on:change=move |e| to.set(event_target_value(&e))>{options(to, true)}</select>
            </label>
        </div>
        {loaded_json(change, move |d| Ok(view! { <Figures change=d["networkChange"].clone() names=names /> }.into_any()))}
    }
    .into_any()
}

#[component]
fn Figures(change: Value, names: StoredValue<(Vec<Value>, Vec<Value>)>) -> impl IntoView {
    let i18n = use_i18n();
    let whole = number_format(i18n, 0);
    let share = number_format(i18n, 4);
    let row = |label: &str, key: &str, format: &dyn Fn(f64) -> String| {
        let (before, after) = (num(&change[key], "before"), num(&change[key], "after"));
        let difference = after - before;
        let sign = if difference > 0.0 { "+" } else { "" };
        format!(
            "<tr><th scope=\"row\">{}</th><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{sign}{}</td></tr>",
            esc(label),
            format(before),
            format(after),
            format(difference)
        )
    };
    let rows = [
        row(t_string!(i18n, network_organisations), "organisations", &whole),
        row(t_string!(i18n, network_ties), "ties", &whole),
        row(t_string!(i18n, change_events), "events", &whole),
        row(t_string!(i18n, change_offerings), "offerings", &whole),
        row(t_string!(i18n, change_gaps), "gaps", &whole),
        row(t_string!(i18n, network_density), "density", &share),
        row(t_string!(i18n, network_communities), "communities", &whole),
        row(t_string!(i18n, network_isolates), "isolates", &whole),
    ]
    .concat();
    let organisations = |key: &str| {
        let names: Vec<String> = list(&change, key).iter().map(|o| text(o, "name")).collect();
        if names.is_empty() { t_string!(i18n, network_none).to_owned() } else { names.join(", ") }
    };
    let cells = |key: &str| {
        let (topics, districts) = names.get_value();
        let name = |list: &[Value], id: &str| {
            list.iter().find(|x| x["id"] == id).map(|x| text(x, if x["label"].is_string() { "label" } else { "name" }))
        };
        let found: Vec<String> = list(&change, key)
            .iter()
            .map(|c| {
                format!(
                    "{} – {}",
                    name(&topics, &text(c, "topicId")).unwrap_or_default(),
                    name(&districts, &text(c, "districtId")).unwrap_or_default()
                )
            })
            .collect();
        if found.is_empty() { t_string!(i18n, network_none).to_owned() } else { found.join("; ") }
    };
    let ties = format!(
        "{}: {} · {}: {}",
        t_string!(i18n, change_new_ties),
        change["newTies"],
        t_string!(i18n, change_ended_ties),
        change["endedTies"]
    );
    view! {
        <div class="table-scroll">
            <table class="data" data-testid="change-figures">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, change_col_figure)}</th>
                        <th scope="col" class="number">{text(&change, "from")}</th>
                        <th scope="col" class="number">{change["to"].as_str().map_or_else(|| t_string!(i18n, change_today).to_owned(), str::to_owned)}</th>
                        <th scope="col" class="number">{t_string!(i18n, change_col_difference)}</th>
                    </tr>
                </thead>
                <tbody inner_html=rows></tbody>
            </table>
        </div>
        <p>{ties}</p>
        <h3>{t_string!(i18n, change_new_organisations)}</h3>
        <p data-testid="change-new">{organisations("newOrganisations")}</p>
        <h3>{t_string!(i18n, change_gone_organisations)}</h3>
        <p>{organisations("goneOrganisations")}</p>
        <h3>{t_string!(i18n, change_gaps_closed)}</h3>
        <p data-testid="change-closed">{cells("gapsClosed")}</p>
        <h3>{t_string!(i18n, change_gaps_opened)}</h3>
        <p>{cells("gapsOpened")}</p>
        <figure class="map" data-testid="change-map" inner_html=text(&change["map"], "svg")></figure>
    }
}
