//! `/network/report`: the network report for the integration council, laid out for A4.
//! The first page says what it is: title, date, the filters in force and the source of
//! the residents' figures, with the key figures and their change since a month's end;
//! the bridges and brokers by name; then the map, the coverage per 10,000 residents
//! with the gaps, and the graph with the names of the most central organisations.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde_json::Value;

use super::{
    change::Change,
    graph::Graph,
    json::{bridge_names, esc, list, node_names, num, text},
    overview::{Selection, per_cent},
};
use crate::{
    components::{feedback::loaded_json, labels::number_format, select::Labelled},
    i18n::*,
    session::use_session,
};

/// How many of the most central organisations the graph names.
const NAMED: usize = 15;

#[component]
pub fn NetworkReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let selection = Selection::read();
    let since = use_query_map().get_untracked().get("since");
    let data = session.resource(move || selection.get().body());
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <p class="actions no-print">
            <a class="button secondary" href=move || selection.get().url()>{t_string!(i18n, report_back)}</a>
            <button type="button" on:click=print data-testid="report-print">{t_string!(i18n, report_print)}</button>
        </p>
        {loaded_json(data, move |d| Ok(view! { <Report data=d selection=selection.get_untracked() since=since.clone() /> }.into_any()))}
    }
}

#[component]
fn Report(data: Value, selection: Selection, since: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let o = data["networkOverview"].clone();
    let s = o["summary"].clone();
    let name_of = |key: &str, field: &str, id: &str| list(&data, key).iter().find(|x| x["id"] == id).map(|x| text(x, field));
    // The filters in force, in words.
    let mut filters = Vec::new();
    if let Some(t) = name_of("topics", "label", &selection.topic) {
        filters.push(format!("{}: {t}", t_string!(i18n, network_topic)));
    }
    if let Some(d) = name_of("districts", "name", &selection.district) {
        filters.push(format!("{}: {d}", t_string!(i18n, network_district)));
    }
    if let Some(k) = selection.kind {
        filters.push(format!("{}: {}", t_string!(i18n, network_kind), k.label(i18n)));
    }
    if !selection.from.is_empty() || !selection.to.is_empty() {
        filters.push(format!("{} {} – {}", t_string!(i18n, report_period), selection.from, selection.to));
    }
    let filters = if filters.is_empty() { t_string!(i18n, report_no_filters).to_owned() } else { filters.join("; ") };
    let today = js_sys::Date::new_0().to_locale_date_string(i18n.get_locale_untracked().as_str(), &js_sys::Object::new());
    let whole = number_format(i18n, 0);
    let one = number_format(i18n, 1);
    let figure = |label: &str, value: String| format!("<div><dt>{}</dt><dd>{}</dd></div>", esc(label), esc(&value));
    let figures = [
        figure(t_string!(i18n, network_organisations), whole(num(&s, "organisations"))),
        figure(t_string!(i18n, network_ties), whole(num(&s, "ties"))),
        figure(t_string!(i18n, network_density), per_cent(i18n, num(&s, "density"))),
        figure(t_string!(i18n, network_communities), whole(num(&s, "communities"))),
        figure(t_string!(i18n, network_isolates), whole(num(&s, "isolates"))),
        figure(t_string!(i18n, network_bridges), whole(num(&s, "bridges"))),
    ]
    .concat();
    // Per Ortsteil: offerings per 10,000 residents and the topics without any (gaps).
    let districts = list(&o["coverage"], "districts");
    let width = districts.len().max(1);
    let cells = list(&o["coverage"], "cells");
    let gaps_in = |d: usize| cells.iter().skip(d).step_by(width).filter(|c| c["gap"].as_bool() == Some(true)).count();
    let coverage_rows: String = list(&o["map"], "areas")
        .iter()
        .map(|a| {
            let id = text(&a["district"], "id");
            let gaps = districts.iter().position(|d| text(d, "id") == id).map_or(0, gaps_in);
            format!(
                "<tr><th scope=\"row\">{}</th><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td></tr>",
                esc(&text(&a["district"], "name")),
                a["residents"].as_f64().map_or("–".to_owned(), &whole),
                whole(num(a, "count")),
                a["perTenThousand"].as_f64().map_or("–".to_owned(), &one),
                gaps
            )
        })
        .collect();
    let names = node_names(&o);
    let brokers: Vec<String> = list(&o, "nodes").iter().filter(|n| n["broker"].as_bool() == Some(true)).map(|n| text(n, "name")).collect();
    let bridges = bridge_names(&o, &names);
    let none = t_string!(i18n, network_none);
    let joined = |list: Vec<String>| if list.is_empty() { none.to_owned() } else { list.join("; ") };
    view! {
        <article class="report" data-testid="report">
            // Not a `header`: the print styles hide the site's headers.
            <div class="report-first">
                <h1>{t_string!(i18n, report_title)}</h1>
                <p data-testid="report-date">{t!(i18n, report_date, date = today.as_string().unwrap_or_default())}</p>
                <p data-testid="report-filters"><strong>{t_string!(i18n, report_filters)} ": "</strong>{filters}</p>
                <p data-testid="report-source"><strong>{t_string!(i18n, report_source)} ": "</strong>{text(&o["map"], "source")}</p>
            </div>
            <section class="report-part" aria-labelledby="report-figures">
                <h2 id="report-figures">{t_string!(i18n, network_figures)}</h2>
                <dl class="figures" inner_html=figures></dl>
            </section>
            <Change topics=list(&data, "topics").to_vec() districts=list(&data, "districts").to_vec() since=since.unwrap_or_default() />
            <section class="report-part" aria-labelledby="report-brokers">
                <h2 id="report-brokers">{t_string!(i18n, report_brokers_title)}</h2>
                <p><strong>{t_string!(i18n, report_brokers)} ": "</strong>{joined(brokers)}</p>
                <p><strong>{t_string!(i18n, network_bridges)} ": "</strong>{joined(bridges)}</p>
            </section>
            <section class="report-part report-map" aria-labelledby="report-map">
                <h2 id="report-map">{t_string!(i18n, network_map)}</h2>
                <figure class="map" inner_html=text(&o["map"], "svg")></figure>
            </section>
            <section class="report-part" aria-labelledby="report-coverage">
                <h2 id="report-coverage">{t_string!(i18n, report_coverage)}</h2>
                <table class="data" data-testid="report-coverage">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, map_col_district)}</th>
                            <th scope="col" class="number">{t_string!(i18n, map_col_residents)}</th>
                            <th scope="col" class="number">{t_string!(i18n, map_col_offerings)}</th>
                            <th scope="col" class="number">{t_string!(i18n, map_col_per_ten_thousand)}</th>
                            <th scope="col" class="number">{t_string!(i18n, report_gap_topics)}</th>
                        </tr>
                    </thead>
                    <tbody inner_html=coverage_rows></tbody>
                </table>
            </section>
            <section class="report-part report-graph" aria-labelledby="report-graph">
                <h2 id="report-graph">{t_string!(i18n, network_graph)}</h2>
                <Graph nodes=list(&o, "nodes").to_vec() edges=list(&o, "edges").to_vec() named=NAMED />
            </section>
        </article>
    }
}
