//! The coverage heat map: topics × Ortsteile with the gaps, and the languages per Ortsteil.

use leptos::prelude::*;
use serde_json::Value;

use super::json::{esc, list, num, text};
use crate::{components::labels::number_format, i18n::*};

/// Topics × Ortsteile: offerings (organisations) per cell, gaps marked in words.
#[component]
pub fn CoverageMap(coverage: Value, map: Value, languages: Vec<Value>) -> impl IntoView {
    let i18n = use_i18n();
    // Languages by their name in the reader's language, not their code.
    let language_names: std::collections::HashMap<String, String> = languages.iter().map(|l| (text(l, "code"), text(l, "name"))).collect();
    let districts = list(&coverage, "districts");
    let width = districts.len().max(1);
    let cells = list(&coverage, "cells");
    let most = cells.iter().map(|c| num(c, "offerings")).fold(1.0, f64::max);
    let gap = t_string!(i18n, network_gap);
    let propose = t_string!(i18n, coverage_propose);
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
                let place = format!("{label} – {}", text(&districts[d], "name"));
                // The gap proposes a measure for itself: the idea form, filled in with it.
                let href = format!("/ideas/new?topic={}&amp;district={}", esc(&text(topic, "id")), esc(&text(&districts[d], "id")));
                body.push_str(&format!(
                    "<td class=\"cell gap\" data-testid=\"gap\"><a href=\"{href}\" title=\"{p}: {w}\" aria-label=\"{p}: {w}\">{gap}</a></td>",
                    p = esc(propose),
                    w = esc(&place)
                ));
                gaps.push(place);
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
            let spoken: Vec<String> = list(l, "languages")
                .iter()
                .map(|x| {
                    let code = text(x, "code");
                    format!("{} ({})", language_names.get(&code).unwrap_or(&code), x["offerings"])
                })
                .collect();
            format!(
                "<li><strong>{}: </strong>{}</li>",
                esc(&text(d, "name")),
                if spoken.is_empty() { none.to_owned() } else { esc(&spoken.join(", ")) }
            )
        })
        .collect();
    // The map is the server's drawing; the table beside it has the same figures.
    let figure = number_format(i18n, 1);
    let dash = |v: &Value| if v.is_null() { "–".to_owned() } else { figure(v.as_f64().unwrap_or_default()) };
    let map_rows: String = list(&map, "areas")
        .iter()
        .map(|a| {
            format!(
                "<tr><th scope=\"row\">{}</th><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td></tr>",
                esc(&text(&a["district"], "name")),
                a["count"],
                a["residents"].as_u64().map_or("–".to_owned(), |r| r.to_string()),
                dash(&a["perTenThousand"])
            )
        })
        .collect();
    view! {
        <section aria-labelledby="map-title" class="report-part">
            <h2 id="map-title">{t_string!(i18n, network_map)}</h2>
            <figure class="map" data-testid="network-map" inner_html=text(&map, "svg")></figure>
            <div class="table-scroll">
                <table class="data map-table" data-testid="network-map-table">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, map_col_district)}</th>
                            <th scope="col" class="number">{t_string!(i18n, map_col_offerings)}</th>
                            <th scope="col" class="number">{t_string!(i18n, map_col_residents)}</th>
                            <th scope="col" class="number">{t_string!(i18n, map_col_per_ten_thousand)}</th>
                        </tr>
                    </thead>
                    <tbody inner_html=map_rows></tbody>
                </table>
            </div>
        </section>
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
