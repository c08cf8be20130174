//! The network page for the integration council, the district administration and
//! the coordination team (a representative sees their organisation's neighbourhood):
//! key figures, the graph, a sortable metrics table, the coverage heat map with its
//! gaps, languages per Ortsteil, growth and kinds, exports and a printable report.
//! Every picture has a table or text beside it.
//!
//! The answer is read untyped (`serde_json::Value`): one generated decoder less keeps
//! the app within its size budget; the query itself is still checked against the schema.

use leptos::{ev, prelude::*};
use leptos_i18n::I18nContext;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

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

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_default()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map(Vec::as_slice).unwrap_or_default()
}

/// A download link for text or base64 content.
fn download(href: String, name: &'static str, label: String, test_id: &'static str) -> impl IntoView {
    view! {
        <a class="button secondary" href=href download=name data-testid=test_id>
            {label}
        </a>
    }
}

/// The network page.
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

/// Markup helpers: the graph and the tables are built as escaped markup, far less
/// WASM than one reactive view node each (and faster for 500 dots).
fn esc(text: &str) -> String {
    migraup_domain::html::escape(text)
}

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

/// The dots and lines of the graph.
fn graph_markup(nodes: &[Value], edges: &[Value], size: f64) -> String {
    let position: std::collections::HashMap<String, (f64, f64)> =
        nodes.iter().map(|n| (text(n, "organisationId"), (num(n, "x") * size, num(n, "y") * size))).collect();
    let mut out = String::from("<g>");
    for e in edges {
        if let (Some(a), Some(b)) = (position.get(&text(e, "source")), position.get(&text(e, "target"))) {
            let class = if e["bridge"].as_bool() == Some(true) { "edge bridge" } else { "edge" };
            out.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"{class}\" stroke-width=\"{:.1}\"></line>",
                a.0,
                a.1,
                b.0,
                b.1,
                (1.0 + num(e, "weight")).min(6.0)
            ));
        }
    }
    out.push_str("</g><g>");
    let labelled = nodes.len() <= 40;
    for n in nodes {
        let (x, y) = (num(n, "x") * size, num(n, "y") * size);
        let r = 7.0 + num(n, "degree").sqrt() * 3.0;
        let mut class = format!("node c{}", n["community"].as_i64().unwrap_or(0) % 10);
        if n["isolate"].as_bool() == Some(true) {
            class.push_str(" isolate");
        }
        if n["broker"].as_bool() == Some(true) {
            class.push_str(" broker");
        }
        let name = esc(&text(n, "name"));
        out.push_str(&format!(
            "<a href=\"/organisations/{}\" data-testid=\"graph-node\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" class=\"{class}\"><title>{name}</title></circle>",
            esc(&text(n, "slug"))
        ));
        if labelled {
            out.push_str(&format!("<text x=\"{:.1}\" y=\"{:.1}\">{name}</text>", x + r + 3.0, y + 4.0));
        }
        out.push_str("</a>");
    }
    out.push_str("</g>");
    out
}

/// The graph in SVG: zoom with the buttons or the wheel, pan by dragging or with
/// the arrow keys, a dot opens its organisation.
#[component]
fn Graph(nodes: Vec<Value>, edges: Vec<Value>) -> impl IntoView {
    let i18n = use_i18n();
    const SIZE: f64 = 1000.0;
    // The visible part: left, top, width (square).
    let view_box = RwSignal::new((0.0f64, 0.0f64, SIZE));
    let drag = RwSignal::new(None::<(i32, i32)>);
    let zoom = move |factor: f64| {
        view_box.update(|(x, y, w)| {
            let nw = (*w * factor).clamp(SIZE / 20.0, SIZE * 2.0);
            *x += (*w - nw) / 2.0;
            *y += (*w - nw) / 2.0;
            *w = nw;
        })
    };
    let pan = move |dx: f64, dy: f64| {
        view_box.update(|(x, y, _)| {
            *x += dx;
            *y += dy;
        })
    };
    let markup = graph_markup(&nodes, &edges, SIZE);
    let keys = move |e: ev::KeyboardEvent| {
        let step = view_box.get_untracked().2 / 10.0;
        match e.key().as_str() {
            "ArrowLeft" => pan(-step, 0.0),
            "ArrowRight" => pan(step, 0.0),
            "ArrowUp" => pan(0.0, -step),
            "ArrowDown" => pan(0.0, step),
            "+" => zoom(0.8),
            "-" => zoom(1.25),
            _ => return,
        }
        e.prevent_default();
    };
    view! {
        <div class="graph-tools no-print" role="group" aria-label=move || t_string!(i18n, network_graph_tools)>
            <button type="button" on:click=move |_| zoom(0.8)>{t_string!(i18n, network_zoom_in)}</button>
            <button type="button" on:click=move |_| zoom(1.25)>{t_string!(i18n, network_zoom_out)}</button>
            <button type="button" on:click=move |_| view_box.set((0.0, 0.0, SIZE))>{t_string!(i18n, network_zoom_reset)}</button>
        </div>
        <svg
            class="graph"
            data-testid="network-graph"
            role="group"
            tabindex="0"
            aria-label=move || t_string!(i18n, network_graph_hint)
            viewBox=move || {
                let (x, y, w) = view_box.get();
                format!("{x} {y} {w} {w}")
            }
            on:keydown=keys
            on:wheel=move |e: ev::WheelEvent| {
                e.prevent_default();
                zoom(if e.delta_y() < 0.0 { 0.9 } else { 1.1 });
            }
            on:mousedown=move |e: ev::MouseEvent| drag.set(Some((e.client_x(), e.client_y())))
            on:mouseup=move |_| drag.set(None)
            on:mouseleave=move |_| drag.set(None)
            on:mousemove=move |e: ev::MouseEvent| {
                if let Some((x0, y0)) = drag.get_untracked() {
                    let scale = view_box.get_untracked().2 / 700.0;
                    pan(f64::from(x0 - e.client_x()) * scale, f64::from(y0 - e.client_y()) * scale);
                    drag.set(Some((e.client_x(), e.client_y())));
                }
            }
            inner_html=markup
        ></svg>
        <p class="hint legend">{t_string!(i18n, network_legend)}</p>
    }
}

/// Every organisation with its metrics; a column header sorts.
#[component]
fn Metrics(nodes: Vec<Value>) -> impl IntoView {
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

/// Topics × Ortsteile: offerings (organisations) per cell, gaps marked in words.
#[component]
fn CoverageMap(coverage: Value) -> impl IntoView {
    let i18n = use_i18n();
    let districts = list(&coverage, "districts");
    let width = districts.len().max(1);
    let cells = list(&coverage, "cells");
    let most = cells.iter().map(|c| num(c, "offerings")).fold(1.0, f64::max);
    let gap = t_string!(i18n, network_gap);
    let mut gaps = Vec::new();
    let mut head = format!("<tr><th scope=\"col\">{}</th>", esc(t_string!(i18n, network_topic)));
    for d in districts {
        head.push_str(&format!("<th scope=\"col\">{}</th>", esc(&text(d, "name"))));
    }
    head.push_str("</tr>");
    let mut body = String::new();
    for (t, topic) in list(&coverage, "topics").iter().enumerate() {
        let label = text(topic, "label");
        body.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(&label)));
        for (d, c) in cells.iter().skip(t * width).take(width).enumerate() {
            if c["gap"].as_bool() == Some(true) {
                gaps.push(format!("{label} – {}", text(&districts[d], "name")));
                body.push_str(&format!("<td class=\"cell gap\" data-testid=\"gap\">{gap}</td>"));
            } else {
                // Five shades, darker with more offerings (relative to the fullest cell).
                let offerings = num(c, "offerings");
                let shade = ((offerings / most) * 4.0).ceil() as u32;
                body.push_str(&format!("<td class=\"cell shade{shade}\">{offerings} ({})</td>", c["organisations"]));
            }
        }
        body.push_str("</tr>");
    }
    let none = t_string!(i18n, network_none);
    let languages: String = list(&coverage, "languages")
        .iter()
        .zip(districts)
        .map(|(l, d)| {
            let spoken: Vec<String> = list(l, "languages").iter().map(|x| format!("{} ({})", text(x, "code"), x["offerings"])).collect();
            format!(
                "<li><strong>{}: </strong>{}</li>",
                esc(&text(d, "name")),
                if spoken.is_empty() { none.to_owned() } else { esc(&spoken.join(", ")) }
            )
        })
        .collect();
    view! {
        <section aria-labelledby="coverage-title" class="report-part">
            <h2 id="coverage-title">{t_string!(i18n, network_coverage)}</h2>
            <p class="hint">{t_string!(i18n, network_coverage_hint)}</p>
            // Focusable, so keyboard users can scroll a wide matrix.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="coverage-title">
                <table class="data heatmap" data-testid="coverage">
                    <thead inner_html=head></thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
            <h3>{t_string!(i18n, network_gaps)}</h3>
            <p data-testid="gap-list">{if gaps.is_empty() { none.to_owned() } else { gaps.join("; ") }}</p>
            <h3>{t_string!(i18n, network_languages)}</h3>
            <ul class="plain" inner_html=languages></ul>
        </section>
    }
}

/// A number with a bar as long as its share of the largest: chart and table in one.
fn bar(value: f64, most: f64) -> String {
    let share = if most > 0.0 { 100.0 * value / most } else { 0.0 };
    format!("<span class=\"bar\" style=\"inline-size: {share:.0}%\"></span>{value}")
}

#[component]
fn Growth(growth: Vec<Value>, kinds: Vec<Value>) -> impl IntoView {
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
    let kinds_most = most("count", &kinds);
    let kinds: String = kinds.iter().map(|k| row(&esc(&kind_label(i18n, &text(k, "kind"))), &[bar(num(k, "count"), kinds_most)])).collect();
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
fn Completeness(rows: Vec<Value>) -> impl IntoView {
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
        </section>
    }
}

/// The name of a missing profile part.
fn part_label(i18n: I18nContext<Locale>, part: &str) -> String {
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
