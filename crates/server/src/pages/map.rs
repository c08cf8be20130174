//! `GET /map`: the directory's second view. The same filters as the directory; the
//! organisations per 10,000 residents of each Ortsteil on a map drawn by the server
//! (no tiles, no script, no third party), places where profiles have coordinates, and
//! a table of the same figures for screen readers and print. A click on an Ortsteil
//! opens the directory filtered to it.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use maud::{PreEscaped, html};
use migraup_core::{
    Actor,
    region::{MapRequest, Measure},
    views::District,
};
use migraup_domain::directory::{Dimension, DirectoryQuery};

use super::{
    PageState, Reference,
    directory::{facet_fields, filter},
    failed,
    shell::Page,
    texts::{Texts, key},
};

pub(crate) async fn map(State(state): State<PageState>, headers: HeaderMap, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    // The map is the choice of Ortsteil: a district filter from the list is dropped.
    let mut selection =
        DirectoryQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).filter(|(k, _)| *k != Dimension::Districts.key()));
    selection = selection.at(None);
    let filter = filter(&selection);
    let found = tokio::try_join!(
        state.core.organisation_facets(&actor, &filter),
        state.core.organisation_places(&actor, &filter),
        Reference::load(&state.core, t)
    );
    let (facets, places, reference) = match found {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    // Each Ortsteil's count with every other filter: the directory's own facet.
    let counts: HashMap<uuid::Uuid, u64> = facets.districts.iter().copied().collect();
    let base = selection.clone();
    let href = move |d: &District| {
        let mut one = base.clone();
        one.values_mut(Dimension::Districts).push(d.id.to_string());
        one.path()
    };
    let request = MapRequest { id: "directory-map", measure: Measure::Organisations, counts: &counts, places, href: &href };
    let map = match state.core.region_map(t.lang, request).await {
        Ok(map) => map,
        Err(e) => return failed(&state, t, e),
    };
    let figure = |v: Option<f64>| v.map(|v| migraup_domain::texts::decimal(t.lang, v, 1)).unwrap_or_else(|| "–".into());
    let content = html! {
        h1 { (t.get(key::map_title)) }
        p class="lead" { (t.get(key::map_lead)) }
        form id="directory-form" role="search" class="search" method="get" action="/map" {
            label for="directory-search" { (t.get(key::dir_search_label)) }
            div class="search-row" {
                input id="directory-search" type="search" name="q" value=(selection.search);
                button type="submit" { (t.get(key::dir_search_button)) }
            }
        }
        div class="directory" {
            aside class="filters" aria-labelledby="filters-title" {
                details open {
                    summary { h2 id="filters-title" { (t.get(key::dir_filters)) } }
                    (facet_fields(t, &selection, &facets, &reference, false))
                    @if selection.is_filtered() { a href="/map" { (t.get(key::dir_reset_filters)) } }
                    p { button type="submit" form="directory-form" { (t.get(key::dir_apply_filters)) } }
                }
            }
            section class="results" aria-labelledby="map-figures" {
                p { a href=(selection.path()) data-testid="show-list" { (t.get(key::map_show_list)) } }
                figure class="map" data-testid="region-map" { (PreEscaped(&map.svg)) }
                div class="table-scroll" { table class="data map-table" data-testid="map-table" {
                    caption id="map-figures" { (t.get(key::map_table_caption)) }
                    thead { tr {
                        th scope="col" { (t.get(key::map_col_district)) }
                        th scope="col" class="number" { (t.get(key::map_col_organisations)) }
                        th scope="col" class="number" { (t.get(key::map_col_residents)) }
                        th scope="col" class="number" { (t.get(key::map_col_per_ten_thousand)) }
                    } }
                    tbody {
                        @for a in &map.areas {
                            tr {
                                th scope="row" { a href=(href(&a.district)) { (a.district.name) } }
                                td class="number" { (t.number(a.count)) }
                                td class="number" { (a.residents.map(|r| t.number(r)).unwrap_or_else(|| "–".into())) }
                                td class="number" { (figure(a.per_ten_thousand)) }
                            }
                        }
                    }
                } }
                p class="source" { (map.source) }
            }
        }
    };
    state.shell.render_without_app(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::map_title).to_owned(),
        description: t.get(key::map_lead).to_owned(),
        path: selection.map_path(),
        index: !selection.is_filtered(),
        kind: "website",
        json_ld: None,
        content,
    })
}
