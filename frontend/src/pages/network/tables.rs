//! The network page's tables: metrics per organisation, growth and kinds, profile completeness.

use leptos::prelude::*;
use serde_json::Value;

use super::json::{esc, list, num, text};
use crate::{
    api::OrganisationKind,
    components::{labels::number_format, select::Labelled},
    i18n::*,
};

/// A link to an organisation's profile.
fn link(slug: &str, name: &str) -> String {
    format!("<a href=\"/organisations/{}\">{}</a>", esc(slug), esc(name))
}

/// A table row: a header cell, then data cells (already markup).
fn row(head: &str, cells: &[String]) -> String {
    let mut out = format!("<tr><th scope=\"row\">{head}</th>");
    for c in cells {
        out.push_str("<td>");
        out.push_str(c);
        out.push_str("</td>");
    }
    out.push_str("</tr>");
    out
}

/// Every organisation with its metrics; a column header sorts.
#[component]
pub fn Metrics(nodes: Vec<Value>) -> impl IntoView {
    let i18n = use_i18n();
    // Column and descending.
    let sort = RwSignal::new(("betweenness", true));
    let header = move |key: &'static str, label: String| {
        let state = move || match sort.get() {
            (k, true) if k == key => "descending",
            (k, false) if k == key => "ascending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=state>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        sort.update(|(k, desc)| {
                            *desc = if *k == key { !*desc } else { key != "name" };
                            *k = key;
                        })
                    }
                >
                    {label}
                </button>
            </th>
        }
    };
    let (isolated, broker) = (t_string!(i18n, network_isolated), t_string!(i18n, network_broker));
    let body = move || {
        let (key, desc) = sort.get();
        let mut rows = nodes.clone();
        rows.sort_by(|a, b| {
            let order = if key == "name" {
                // The browser's collation: "Ärzte" next to "Arbeit", not after "Z".
                js_sys::JsString::from(text(a, key)).locale_compare(&text(b, key), &js_sys::Array::new(), &js_sys::Object::new()).cmp(&0)
            } else {
                num(a, key).total_cmp(&num(b, key))
            };
            if desc { order.reverse() } else { order }
        });
        let (weighted, betweenness) = (number_format(i18n, 2), number_format(i18n, 3));
        rows.iter()
            .map(|n| {
                let role = if n["isolate"].as_bool() == Some(true) {
                    isolated
                } else if n["broker"].as_bool() == Some(true) {
                    broker
                } else {
                    ""
                };
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{role}</td></tr>",
                    link(&text(n, "slug"), &text(n, "name")),
                    n["degree"],
                    weighted(num(n, "weightedDegree")),
                    betweenness(num(n, "betweenness")),
                    n["community"].as_i64().unwrap_or(0) + 1
                )
            })
            .collect::<String>()
    };
    view! {
        <section aria-labelledby="metrics-title" class="no-print">
            <h2 id="metrics-title">{t_string!(i18n, network_metrics)}</h2>
            <div class="table-scroll">
                <table class="data" data-testid="metrics">
                    <thead>
                        <tr>
                            {header("name", t_string!(i18n, network_col_name).to_string())}
                            {header("degree", t_string!(i18n, network_col_degree).to_string())}
                            {header("weightedDegree", t_string!(i18n, network_col_weighted).to_string())}
                            {header("betweenness", t_string!(i18n, network_col_betweenness).to_string())}
                            {header("community", t_string!(i18n, network_col_community).to_string())}
                            <th scope="col">{t_string!(i18n, network_col_role)}</th>
                        </tr>
                    </thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
        </section>
    }
}

/// A number with a bar as long as its share of the largest: chart and table in one.
fn bar(value: f64, most: f64) -> String {
    let share = if most > 0.0 { 100.0 * value / most } else { 0.0 };
    format!("<span class=\"bar\" style=\"inline-size: {share:.0}%\"></span>{value}")
}

/// Growth per month, and the organisations per kind with their counts.
#[component]
pub fn Growth(growth: Vec<Value>, kinds: Vec<(OrganisationKind, f64)>) -> impl IntoView {
    let i18n = use_i18n();
    let most = |key: &str, rows: &[Value]| rows.iter().map(|r| num(r, key)).fold(0.0, f64::max);
    let (orgs, events, relations) = (most("organisations", &growth), most("events", &growth), most("relations", &growth));
    let months: String = growth
        .iter()
        .map(|m| {
            row(
                &esc(&text(m, "month")),
                &[
                    bar(num(m, "organisations"), orgs),
                    bar(num(m, "events"), events),
                    bar(num(m, "relations"), relations),
                    m["organisationsTotal"].to_string(),
                ],
            )
        })
        .collect();
    let kinds_most = kinds.iter().map(|(_, count)| *count).fold(0.0, f64::max);
    let kinds: String = kinds.iter().map(|(kind, count)| row(&esc(kind.label(i18n)), &[bar(*count, kinds_most)])).collect();
    view! {
        <section aria-labelledby="growth-title" class="no-print">
            <h2 id="growth-title">{t_string!(i18n, network_growth)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="growth-title">
                <table class="data bars" data-testid="growth">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, network_month)}</th>
                            <th scope="col">{t_string!(i18n, network_new_organisations)}</th>
                            <th scope="col">{t_string!(i18n, network_events)}</th>
                            <th scope="col">{t_string!(i18n, network_relations)}</th>
                            <th scope="col">{t_string!(i18n, network_total)}</th>
                        </tr>
                    </thead>
                    <tbody inner_html=months></tbody>
                </table>
            </div>
            <h2>{t_string!(i18n, network_kinds)}</h2>
            <table class="data bars">
                <tbody inner_html=kinds></tbody>
            </table>
        </section>
    }
}

/// The least complete profiles, for the coordination team.
#[component]
pub fn Completeness(rows: Vec<Value>) -> impl IntoView {
    let i18n = use_i18n();
    let (yes, no) = (t_string!(i18n, network_yes), t_string!(i18n, network_no));
    let body: String = rows
        .iter()
        .map(|r| {
            let missing: Vec<String> = list(r, "missing").iter().map(|m| part_label(i18n, m.as_str().unwrap_or_default())).collect();
            format!(
                "<tr><td>{}</td><td>{} %</td><td>{}</td><td>{}</td></tr>",
                esc(&text(r, "name")),
                r["score"],
                esc(&missing.join(", ")),
                if r["verified"].as_bool() == Some(true) { yes } else { no }
            )
        })
        .collect();
    view! {
        <section aria-labelledby="completeness-title" class="no-print">
            <h2 id="completeness-title">{t_string!(i18n, network_completeness)}</h2>
            <div class="table-scroll">
                <table class="data" data-testid="completeness">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, network_col_name)}</th>
                            <th scope="col">{t_string!(i18n, network_score)}</th>
                            <th scope="col">{t_string!(i18n, network_missing)}</th>
                            <th scope="col">{t_string!(i18n, network_verified)}</th>
                        </tr>
                    </thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
        </section>
    }
}

/// Profiles whose coordinates lie outside the Ortsteil they name (the coordination
/// team's work list): the profile, the Ortsteil it names and the one of its coordinates.
#[component]
pub fn Mismatches(rows: Vec<Value>, districts: Vec<Value>) -> impl IntoView {
    let i18n = use_i18n();
    let name = |id: &Value| districts.iter().find(|d| d["id"] == *id).map(|d| text(d, "name"));
    let body: String = rows
        .iter()
        .map(|r| {
            format!(
                "<tr><td><a href=\"/organisations/{}/edit\">{}</a></td><td>{}</td><td>{}</td></tr>",
                esc(&text(r, "slug")),
                esc(&text(r, "name")),
                esc(&name(&r["chosenDistrictId"]).unwrap_or_else(|| t_string!(i18n, network_no_district).to_owned())),
                esc(&name(&r["locatedDistrictId"]).unwrap_or_else(|| t_string!(i18n, network_outside).to_owned()))
            )
        })
        .collect();
    view! {
        <section aria-labelledby="mismatches-title" class="no-print">
            <h2 id="mismatches-title">{t_string!(i18n, network_mismatches)}</h2>
            {rows.is_empty().then(|| view! { <p>{t_string!(i18n, network_none)}</p> })}
            <div class="table-scroll">
                <table class="data" data-testid="mismatches">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, network_col_name)}</th>
                            <th scope="col">{t_string!(i18n, network_chosen_district)}</th>
                            <th scope="col">{t_string!(i18n, network_located_district)}</th>
                        </tr>
                    </thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
        </section>
    }
}

/// The name of a missing profile part.
fn part_label(i18n: I18nContext, part: &str) -> String {
    match part {
        "description" => t_string!(i18n, part_description),
        "district" => t_string!(i18n, part_district),
        "topics" => t_string!(i18n, part_topics),
        "languages" => t_string!(i18n, part_languages),
        "targetGroups" => t_string!(i18n, part_target_groups),
        "contact" => t_string!(i18n, part_contact),
        "address" => t_string!(i18n, part_address),
        "offerings" => t_string!(i18n, part_offerings),
        "contactPerson" => t_string!(i18n, part_contact_person),
        _ => t_string!(i18n, part_founded_year),
    }
    .to_string()
}
