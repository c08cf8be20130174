//! The network graph: dots and lines as SVG markup, with zoom and pan.

use leptos::{ev, prelude::*};
use serde_json::Value;

use super::json::{esc, num, text};
use crate::i18n::*;

/// The dots and lines of the graph.
/// Names are written beside the dots when there are at most 40; otherwise beside the
/// `named` most central ones (by betweenness), if asked for (the printed report).
fn graph_markup(nodes: &[Value], edges: &[Value], size: f64, named: usize) -> String {
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
    let all = nodes.iter().filter(|n| n["isolate"].as_bool() != Some(true)).count() <= 40;
    let mut central: Vec<&Value> = nodes.iter().collect();
    central.sort_by(|a, b| num(b, "betweenness").total_cmp(&num(a, "betweenness")));
    let central: std::collections::HashSet<String> = central.iter().take(named).map(|n| text(n, "organisationId")).collect();
    // Isolates are listed under the graph, not drawn (at district scale they were a ring
    // of hundreds of dots around it).
    for n in nodes.iter().filter(|n| n["isolate"].as_bool() != Some(true)) {
        let (x, y) = (num(n, "x") * size, num(n, "y") * size);
        let r = 7.0 + num(n, "degree").sqrt() * 3.0;
        let mut class = format!("node c{}", n["community"].as_i64().unwrap_or(0) % 10);
        if n["broker"].as_bool() == Some(true) {
            class.push_str(" broker");
        }
        let name = esc(&text(n, "name"));
        out.push_str(&format!(
            "<a href=\"/organisations/{}\" data-testid=\"graph-node\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" class=\"{class}\"><title>{name}</title></circle>",
            esc(&text(n, "slug"))
        ));
        if all || central.contains(&text(n, "organisationId")) {
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
pub fn Graph(nodes: Vec<Value>, edges: Vec<Value>, #[prop(optional)] named: usize) -> impl IntoView {
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
    let markup = graph_markup(&nodes, &edges, SIZE, named);
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
