//! The network page: filters in the URL, key figures, the graph with isolates and bridges, exports.

use leptos::{ev, prelude::*};
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

use super::{
    coverage::CoverageMap,
    graph::Graph,
    json::{list, num, text},
    tables::{Completeness, Growth, Metrics},
};
use crate::{
    api::{self, Network, network},
    components::{
        feedback::loaded_json,
        labels::{kind_label, number_format},
    },
    i18n::*,
    session::use_session,
};

/// The filters as kept in the URL.
#[derive(Clone, Debug, PartialEq, Default)]
struct Selection {
    topic: String,
    district: String,
    kind: String,
    from: String,
    to: String,
}

impl Selection {
    fn url(&self) -> String {
        crate::components::url::with_query(
            "/network",
            [("topic", self.topic.as_str()), ("district", &self.district), ("kind", &self.kind), ("from", &self.from), ("to", &self.to)],
        )
    }
}

/// A download link for text or base64 content.
fn download(href: String, name: &'static str, label: String, test_id: &'static str) -> impl IntoView {
    view! {
        <a class="button secondary" href=href download=name data-testid=test_id>
            {label}
        </a>
    }
}

/// The network page for the integration council, the district administration and
/// the coordination team (a representative sees their organisation's neighbourhood):
/// key figures, the graph, a sortable metrics table, the coverage heat map with its
/// gaps, languages per Ortsteil, growth and kinds, exports and a printable report.
/// Every picture has a table or text beside it.
///
/// The answer is read untyped (`serde_json::Value`): one generated decoder less keeps
/// the app within its size budget; the query itself is still checked against the schema.
#[component]
pub fn NetworkPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let selection = Memo::new(move |_| {
        let q = query.get();
        Selection {
            topic: q.get("topic").unwrap_or_default(),
            district: q.get("district").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
        }
    });
    let data = session.resource(move || {
        let s = selection.get();
        let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
        let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        api::body::<Network>(network::Variables {
            topics: one(&s.topic),
            districts: one(&s.district),
            kinds: api::from_name::<network::OrganisationKind>(&s.kind).into_iter().collect(),
            from: some(&s.from),
            to: some(&s.to),
            organisation: None,
        })
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, network_title)}</h1>
            <button type="button" class="secondary no-print" on:click=print>
                {t_string!(i18n, network_print)}
            </button>
        </div>
        <p class="lead">{t_string!(i18n, network_lead)}</p>
        {loaded_json(data, move |d| view! { <Overview data=d selection=selection.get_untracked() /> }.into_any())}
    }
}

#[component]
fn Overview(data: Value, selection: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let o = data["networkOverview"].clone();
    let names: std::collections::HashMap<String, String> =
        list(&o, "nodes").iter().map(|n| (text(n, "organisationId"), text(n, "name"))).collect();
    let s = o["summary"].clone();
    let figure = |label: String, value: String, test: &'static str| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd data-testid=test>{value}</dd>
            </div>
        }
    };
    let csv = |key: &str| format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(o[key].as_str().unwrap_or_default()));
    let xml =
        |key: &str| format!("data:application/xml;charset=utf-8,{}", js_sys::encode_uri_component(o[key].as_str().unwrap_or_default()));
    let xlsx = format!("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{}", text(&o, "xlsxBase64"));
    let isolates: Vec<String> = list(&o, "isolates").iter().filter_map(|i| names.get(i.as_str().unwrap_or_default()).cloned()).collect();
    let bridges: Vec<String> = list(&o, "edges")
        .iter()
        .filter(|e| e["bridge"].as_bool() == Some(true))
        .map(|e| {
            format!(
                "{} – {}",
                names.get(&text(e, "source")).cloned().unwrap_or_default(),
                names.get(&text(e, "target")).cloned().unwrap_or_default()
            )
        })
        .collect();
    view! {
        <Filters data=data.clone() selection=selection />
        <section aria-labelledby="figures-title" class="report-part">
            <h2 id="figures-title">{t_string!(i18n, network_figures)}</h2>
            <dl class="figures">
                {figure(t_string!(i18n, network_organisations).to_string(), s["organisations"].to_string(), "figure-organisations")}
                {figure(t_string!(i18n, network_ties).to_string(), s["ties"].to_string(), "figure-ties")}
                {figure(t_string!(i18n, network_density).to_string(), number_format(i18n, 3)(num(&s, "density")), "figure-density")}
                {figure(t_string!(i18n, network_components).to_string(), s["components"].to_string(), "figure-components")}
                {figure(t_string!(i18n, network_communities).to_string(), s["communities"].to_string(), "figure-communities")}
                {figure(t_string!(i18n, network_isolates).to_string(), s["isolates"].to_string(), "figure-isolates")}
                {figure(t_string!(i18n, network_bridges).to_string(), s["bridges"].to_string(), "figure-bridges")}
            </dl>
        </section>
        <section aria-labelledby="graph-title" class="report-part">
            <h2 id="graph-title">{t_string!(i18n, network_graph)}</h2>
            <Graph nodes=list(&o, "nodes").to_vec() edges=list(&o, "edges").to_vec() />
            <p>
                <strong>{t_string!(i18n, network_isolates)} ": "</strong>
                {if isolates.is_empty() { t_string!(i18n, network_none).to_string() } else { isolates.join(", ") }}
            </p>
            <p>
                <strong>{t_string!(i18n, network_bridges)} ": "</strong>
                {if bridges.is_empty() { t_string!(i18n, network_none).to_string() } else { bridges.join("; ") }}
            </p>
        </section>
        <section aria-labelledby="exports-title" class="no-print">
            <h2 id="exports-title">{t_string!(i18n, network_exports)}</h2>
            <p class="actions">
                {download(csv("metricsCsv"), "netzwerk-kennzahlen.csv", t_string!(i18n, network_metrics_csv).to_string(), "metrics-csv")}
                {download(csv("coverageCsv"), "netzwerk-abdeckung.csv", t_string!(i18n, network_coverage_csv).to_string(), "coverage-csv")}
                {download(xlsx, "netzwerk-bericht.xlsx", t_string!(i18n, network_xlsx).to_string(), "report-xlsx")}
                {download(xml("graphml"), "netzwerk.graphml", t_string!(i18n, network_graphml).to_string(), "graphml")}
                {download(xml("gexf"), "netzwerk.gexf", t_string!(i18n, network_gexf).to_string(), "gexf")}
            </p>
        </section>
        <Metrics nodes=list(&o, "nodes").to_vec() />
        <CoverageMap coverage=o["coverage"].clone() />
        <Growth growth=list(&o, "growth").to_vec() kinds=list(&o, "kinds").to_vec() />
        {o["completeness"].as_array().map(|c| view! { <Completeness rows=c.clone() /> })}
    }
}

#[component]
fn Filters(data: Value, selection: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = move |s: Selection| navigate(&s.url(), Default::default());
    let current = selection.clone();
    let change = move |set: fn(&mut Selection, String)| {
        let (go, selection) = (go.clone(), current.clone());
        move |e: ev::Event| {
            let mut s = selection.clone();
            set(&mut s, event_target_value(&e));
            go(s)
        }
    };
    let option = |value: String, label: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let kinds = ["MIGRANT_ORGANISATION", "INITIATIVE", "INFORMAL_NETWORK", "WELFARE_PROVIDER", "PUBLIC_INSTITUTION", "NETWORK", "OTHER"];
    view! {
        <form class="filters no-print" aria-label=move || t_string!(i18n, network_filters) on:submit=|e| e.prevent_default()>
            <label>
                {t_string!(i18n, network_topic)}
                <select data-testid="filter-topic" on:change=change(|s, v| s.topic = v)>
                    {option(String::new(), t_string!(i18n, network_all).to_string(), &selection.topic)}
                    {list(&data, "topics").iter().map(|t| option(text(t, "id"), text(t, "label"), &selection.topic)).collect_view()}
                </select>
            </label>
            <label>
                {t_string!(i18n, network_district)}
                <select on:change=change(|s, v| s.district = v)>
                    {option(String::new(), t_string!(i18n, network_all).to_string(), &selection.district)}
                    {list(&data, "districts").iter().map(|d| option(text(d, "id"), text(d, "name"), &selection.district)).collect_view()}
                </select>
            </label>
            <label>
                {t_string!(i18n, network_kind)}
                <select on:change=change(|s, v| s.kind = v)>
                    {option(String::new(), t_string!(i18n, network_all).to_string(), &selection.kind)}
                    {kinds.iter().map(|k| option((*k).to_owned(), kind_label(i18n, k), &selection.kind)).collect_view()}
                </select>
            </label>
            <label>
                {t_string!(i18n, network_from)}
                <input type="date" value=selection.from.clone() on:change=change(|s, v| s.from = v) />
            </label>
            <label>
                {t_string!(i18n, network_to)}
                <input type="date" value=selection.to.clone() on:change=change(|s, v| s.to = v) />
            </label>
        </form>
    }
}
