//! The network page: filters in the URL, key figures, the graph with isolates and bridges, exports.

use leptos::{ev, prelude::*};
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

use migraup_domain::policy::Operation;

use super::{
    change::Change,
    coverage::CoverageMap,
    graph::Graph,
    json::{bridge_names, list, node_names, num, text},
    tables::{Completeness, Growth, Metrics, Mismatches},
};
use crate::{
    api::{self, ApiError, Network, OrganisationKind, network},
    components::{
        feedback::loaded_json,
        labels::number_format,
        select::{Binding, Select},
    },
    i18n::*,
    session::use_session,
};

/// The filters as kept in the URL (a kind the address names that does not exist: all).
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct Selection {
    pub(super) topic: String,
    pub(super) district: String,
    pub(super) kind: Option<OrganisationKind>,
    pub(super) from: String,
    pub(super) to: String,
}

impl Selection {
    /// The filters of the address.
    pub(super) fn read() -> Memo<Selection> {
        let query = use_query_map();
        Memo::new(move |_| {
            let q = query.get();
            Selection {
                topic: q.get("topic").unwrap_or_default(),
                district: q.get("district").unwrap_or_default(),
                kind: q.get("kind").and_then(|k| OrganisationKind::parse(&k)),
                from: q.get("from").unwrap_or_default(),
                to: q.get("to").unwrap_or_default(),
            }
        })
    }

    /// The overview's query for these filters.
    pub(super) fn body(&self) -> Result<String, ApiError> {
        let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
        let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        api::body::<Network>(network::Variables {
            topics: one(&self.topic),
            districts: one(&self.district),
            kinds: self.kind.into_iter().collect(),
            from: some(&self.from),
            to: some(&self.to),
            organisation: None,
        })
    }

    /// The query for one export (`which` is its field in the answer).
    fn export_body(&self, which: &str) -> Result<String, ApiError> {
        let one = |v: &str| if v.is_empty() { Vec::new() } else { vec![v.to_owned()] };
        let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        api::body::<api::NetworkExport>(api::network_export::Variables {
            topics: one(&self.topic),
            districts: one(&self.district),
            kinds: self.kind.into_iter().collect(),
            from: some(&self.from),
            to: some(&self.to),
            metrics_csv: which == "metricsCsv",
            coverage_csv: which == "coverageCsv",
            xlsx: which == "xlsxBase64",
            graphml: which == "graphml",
            gexf: which == "gexf",
        })
    }

    pub(super) fn url(&self) -> String {
        let kind = self.kind.map_or("", OrganisationKind::as_str);
        crate::components::url::with_query(
            "/network",
            [("topic", self.topic.as_str()), ("district", &self.district), ("kind", kind), ("from", &self.from), ("to", &self.to)],
        )
    }
}

/// A share as a per cent with the precision its size needs: three significant digits
/// below 10 % (a network of thousands has a density far below 0.1 %).
pub(super) fn per_cent(i18n: I18nContext, share: f64) -> String {
    let p = share * 100.0;
    let places = if p <= 0.0 || p >= 10.0 { 1 } else { (2.0 - p.log10().floor()).clamp(1.0, 8.0) as u32 };
    format!("{}\u{a0}%", number_format(i18n, places)(p))
}

/// A button that asks the server for one export (`field` of the overview) and saves
/// it as `name`: the exports are megabytes at district scale, so none is loaded with
/// the page. An error shows beside the buttons.
fn download(
    selection: Selection,
    field: &'static str,
    name: &'static str,
    label: String,
    test_id: &'static str,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let busy = RwSignal::new(false);
    let save = move |_| {
        let (selection, lang) = (selection.clone(), i18n.get_locale_untracked().as_str().to_owned());
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer = async { session.send(selection.export_body(field)?, &lang).await };
            match answer.await {
                Ok(data) => {
                    let content = data["networkOverview"][field].as_str().unwrap_or_default();
                    let href = match field {
                        "xlsxBase64" => format!("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{content}"),
                        "graphml" | "gexf" => format!("data:application/xml;charset=utf-8,{}", js_sys::encode_uri_component(content)),
                        _ => format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(content)),
                    };
                    save_as(&href, name);
                }
                Err(e) => error.set(Some(crate::components::feedback::error_text(i18n, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="secondary" on:click=save disabled=move || busy.get() aria-busy=move || busy.get().to_string() data-testid=test_id>
            {label}
        </button>
    }
}

/// Saves `href` as a file called `name`, as a click on a download link would.
fn save_as(href: &str, name: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(link) = document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = link.set_attribute("href", href);
        let _ = link.set_attribute("download", name);
        link.click();
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
    let selection = Selection::read();
    let data = session.resource(move || selection.get().body());
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="page-head">
            <h1>{t_string!(i18n, network_title)}</h1>
            <p class="actions no-print">
                <a class="button secondary" href=move || format!("/network/report{}", selection.get().url().trim_start_matches("/network")) data-testid="report-link">
                    {t_string!(i18n, report_link)}
                </a>
                <button type="button" class="secondary" on:click=print>
                    {t_string!(i18n, network_print)}
                </button>
            </p>
        </div>
        <p class="lead">{t_string!(i18n, network_lead)}</p>
        {loaded_json(data, move |d| {
            // The kinds are read here, so that one the app does not know shows as an error.
            let kinds = list(&d["networkOverview"], "kinds")
                .iter()
                .map(|k| Ok((api::read::<OrganisationKind>(k["kind"].clone())?, num(k, "count"))))
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok(view! { <Overview data=d kinds=kinds selection=selection.get_untracked() /> }.into_any())
        })}
    }
}

#[component]
fn Overview(data: Value, kinds: Vec<(OrganisationKind, f64)>, selection: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let o = data["networkOverview"].clone();
    let names = node_names(&o);
    let s = o["summary"].clone();
    let figure = |label: String, value: String, test: &'static str| {
        view! {
            <div>
                <dt>{label}</dt>
                <dd data-testid=test>{value}</dd>
            </div>
        }
    };
    let export_error = RwSignal::new(None::<String>);
    let chosen = selection.clone();
    let export = |field, name, label: &str, test_id| download(chosen.clone(), field, name, label.to_owned(), test_id, export_error);
    let isolates: Vec<String> = list(&o, "isolates").iter().filter_map(|i| names.get(i.as_str().unwrap_or_default()).cloned()).collect();
    let bridges = bridge_names(&o, &names);
    view! {
        <Filters data=data.clone() selection=selection />
        <section aria-labelledby="figures-title" class="report-part">
            <h2 id="figures-title">{t_string!(i18n, network_figures)}</h2>
            <dl class="figures">
                {figure(t_string!(i18n, network_organisations).to_string(), s["organisations"].to_string(), "figure-organisations")}
                {figure(t_string!(i18n, network_ties).to_string(), s["ties"].to_string(), "figure-ties")}
                {figure(t_string!(i18n, network_density).to_string(), per_cent(i18n, num(&s, "density")), "figure-density")}
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
                {export("metricsCsv", "netzwerk-kennzahlen.csv", t_string!(i18n, network_metrics_csv), "metrics-csv")}
                {export("coverageCsv", "netzwerk-abdeckung.csv", t_string!(i18n, network_coverage_csv), "coverage-csv")}
                {export("xlsxBase64", "netzwerk-bericht.xlsx", t_string!(i18n, network_xlsx), "report-xlsx")}
                {export("graphml", "netzwerk.graphml", t_string!(i18n, network_graphml), "graphml")}
                {export("gexf", "netzwerk.gexf", t_string!(i18n, network_gexf), "gexf")}
            </p>
            {move || export_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
        <Metrics nodes=list(&o, "nodes").to_vec() />
        <CoverageMap coverage=o["coverage"].clone() map=o["map"].clone() languages=list(&data, "languages").to_vec() />
        {use_session()
            .user
            .get_untracked()
            .is_some_and(|u| u.may(Operation::ViewCouncilBoard))
            .then(|| view! { <Change topics=list(&data, "topics").to_vec() districts=list(&data, "districts").to_vec() /> })}
        <super::participation::GroupParticipation />
        <Growth growth=list(&o, "growth").to_vec() kinds=kinds />
        {o["completeness"].as_array().map(|c| view! { <Completeness rows=c.clone() /> })}
        {o["districtMismatches"].as_array().map(|m| view! { <Mismatches rows=m.clone() districts=list(&data, "districts").to_vec() /> })}
    }
}

/// The filters: each choice goes to the address, which the page follows.
#[component]
fn Filters(data: Value, selection: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = move |s: Selection| navigate(&s.url(), Default::default());
    let kind = selection.kind;
    let choose_kind = {
        let (go, selection) = (go.clone(), selection.clone());
        move |kind: Option<OrganisationKind>| go(Selection { kind, ..selection.clone() })
    };
    let current = selection.clone();
    let change = move |set: fn(&mut Selection, String)| {
        let (go, selection) = (go.clone(), current.clone());
        move |value: String| {
            let mut s = selection.clone();
            set(&mut s, value);
            go(s)
        }
    };
    let options = |key: &str, label: &str| list(&data, key).iter().map(|x| (text(x, "id"), text(x, label))).collect::<Vec<_>>();
    let all = t_string!(i18n, network_all);
    let (from, to) = (change(|s, v| s.from = v), change(|s, v| s.to = v));
    view! {
        <form class="filters no-print" aria-label=move || t_string!(i18n, network_filters) on:submit=|e| e.prevent_default()>
            <Select
                id="network-topic"
                label=t_string!(i18n, network_topic)
                value=Binding::new(selection.topic.clone(), change(|s, v| s.topic = v))
                options=options("topics", "label")
                none=all
                testid="filter-topic"
            />
            <Select
                id="network-district"
                label=t_string!(i18n, network_district)
                value=Binding::new(selection.district.clone(), change(|s, v| s.district = v))
                options=options("districts", "name")
                none=all
            />
            <Select
                id="network-kind"
                label=t_string!(i18n, network_kind)
                value=Binding::optional(move || kind, choose_kind)
                none=all
            />
            <label>
                {t_string!(i18n, network_from)}
                <input type="date" value=selection.from.clone() on:change=move |e: ev::Event| from(event_target_value(&e)) />
            </label>
            <label>
                {t_string!(i18n, network_to)}
                <input type="date" value=selection.to.clone() on:change=move |e: ev::Event| to(event_target_value(&e)) />
            </label>
        </form>
    }
}
