//! The home page and the directory: search, facet filters and paging as a plain GET
//! form, so they work before (and without) the web app.

use std::collections::HashMap;

use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use maud::{Markup, html};
use migraup_core::{
    Actor,
    organisations::{Facets, OrganisationFilter},
    paging::PageRequest,
    taxonomy::TaxonomyKind,
    views::Organisation,
};
use migraup_domain::{
    OrganisationKind,
    directory::{Dimension, DirectoryQuery},
};
use uuid::Uuid;

use super::{
    PageState, Reference, failed,
    shell::Page,
    texts::{Key, Texts, key, kind_key},
};

const PAGE_SIZE: i32 = 20;

/// `GET /`: what the network is, its figures and its key topics.
pub(crate) async fn home(State(state): State<PageState>, headers: HeaderMap) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    let filter = OrganisationFilter::default();
    let (page, facets, topics) = match tokio::try_join!(
        state.core.organisations(&actor, &filter, &PageRequest { first: Some(1), after: None }),
        state.core.organisation_facets(&actor, &filter),
        state.core.taxonomy(TaxonomyKind::Topic),
    ) {
        Ok(found) => found,
        Err(e) => return failed(&state, t, e),
    };
    let figure = |key: Key, n: usize| html! { div { dt { (t.get(key)) } dd { (t.number(n as u64)) } } };
    let content = html! {
        section class="hero" {
            h1 { (t.get(key::home_title)) }
            p class="lead" { (t.get(key::home_lead)) }
            p { a class="button" href="/organisations" { (t.get(key::home_cta_directory)) } " " a href="/register" { (t.get(key::register_link)) } }
        }
        section aria-labelledby="figures-title" {
            h2 id="figures-title" { (t.get(key::home_figures)) }
            dl class="figures" {
                div { dt { (t.get(key::home_organisations)) } dd data-testid="figure-organisations" { (t.number(page.total_count)) } }
                (figure(key::home_districts, facets.districts.len()))
                (figure(key::home_languages, facets.languages.len()))
                (figure(key::home_topics, facets.topics.len()))
            }
            h2 { (t.get(key::home_key_topics)) }
            ul class="chips" {
                @for topic in topics.iter().take(6) {
                    li { a href=(format!("/organisations?topics={}", topic.id)) { (topic.labels.get(t.lang.as_str())) } }
                }
            }
        }
    };
    state.shell.render(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::home_title).to_owned(),
        description: t.get(key::home_lead).to_owned(),
        path: "/".into(),
        index: true,
        kind: "website",
        json_ld: Some(serde_json::json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "migraup",
            "url": state.shell.url("/"),
            "description": t.get(key::home_lead),
        })),
        content,
    })
}

/// The core's filter for a selection; values that are no id or kind are ignored.
pub(super) fn filter(selection: &DirectoryQuery) -> OrganisationFilter {
    let ids = |values: &[String]| values.iter().filter_map(|v| v.parse::<Uuid>().ok()).collect();
    OrganisationFilter {
        search: Some(selection.search.clone()).filter(|s| !s.is_empty()),
        topic_ids: ids(&selection.topics),
        district_ids: ids(&selection.districts),
        languages: selection.languages.clone(),
        kinds: selection.kinds.iter().filter_map(|k| OrganisationKind::parse(k)).collect(),
        target_group_ids: ids(&selection.target_groups),
        verified: None,
    }
}

/// `GET /organisations`: the public directory.
pub(crate) async fn directory(State(state): State<PageState>, headers: HeaderMap, Query(pairs): Query<Vec<(String, String)>>) -> Response {
    let t = Texts::for_request(&headers);
    let actor = Actor::anonymous(t.lang);
    // The web app folds the filters away on phones so the results come first; the page
    // does the same for phones (client hint or user agent), so the app takes over the
    // same layout (else the results move up at that moment).
    let phone = headers.get("sec-ch-ua-mobile").is_some_and(|v| v == "?1")
        || headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).is_some_and(|ua| ua.contains("Mobi"));
    let mut selection = DirectoryQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let filter = filter(&selection);
    let paging = |after: Option<String>| PageRequest { first: Some(PAGE_SIZE), after };
    let page = match state.core.organisations(&actor, &filter, &paging(selection.after.clone())).await {
        // A cursor from elsewhere is a bad request, not an error of ours: show the first page.
        Err(e) if e.field.as_deref() == Some("after") => {
            selection = selection.at(None);
            state.core.organisations(&actor, &filter, &paging(None)).await
        }
        other => other,
    };
    let found = tokio::try_join!(state.core.organisation_facets(&actor, &filter), Reference::load(&state.core, t));
    let (page, (facets, reference)) = match page.and_then(|page| found.map(|found| (page, found))) {
        Ok(all) => all,
        Err(e) => return failed(&state, t, e),
    };
    let (cursors, organisations): (Vec<String>, Vec<Organisation>) = page.items.into_iter().unzip();
    let cards = match super::cards(&state.core, &actor, &organisations).await {
        Ok(cards) => cards,
        Err(e) => return failed(&state, t, e),
    };
    let next = cursors.last().filter(|_| page.has_next_page).map(|cursor| selection.at(Some(cursor)).path());
    let content = html! {
        h1 { (t.get(key::dir_title)) }
        // The checkboxes and the button belong to the search form through `form=`, so the
        // page keeps the web app's layout (the form holds only the search row there).
        form id="directory-form" role="search" class="search" method="get" action="/organisations" {
            label for="directory-search" { (t.get(key::dir_search_label)) }
            div class="search-row" {
                input id="directory-search" type="search" name="q" value=(selection.search);
                button type="submit" { (t.get(key::dir_search_button)) }
            }
        }
        div class="directory" {
            aside class="filters" aria-labelledby="filters-title" {
                details open[!phone] {
                    summary { h2 id="filters-title" { (t.get(key::dir_filters)) } }
                    (facet_fields(t, &selection, &facets, &reference, true))
                    @if selection.is_filtered() { a href="/organisations" { (t.get(key::dir_reset_filters)) } }
                    noscript { p { button type="submit" form="directory-form" { (t.get(key::dir_apply_filters)) } } }
                }
            }
            section class="results" aria-labelledby="results-count" {
                h2 id="results-count" class="result-count" data-testid="result-count" {
                    (t.count(key::dir_results, page.total_count, &[]))
                }
                p { a href=(selection.map_path()) data-testid="show-map" { (t.get(key::map_show_map)) } }
                @if organisations.is_empty() { p { (t.get(key::dir_no_results)) } }
                ul class="cards" {
                    @for (o, card) in organisations.iter().zip(&cards) { (super::card(t, o, card, &reference)) }
                }
                nav class="paging" aria-label=(t.get(key::dir_pages)) {
                    @if selection.after.is_some() { a href=(selection.at(None).path()) { (t.get(key::dir_first_page)) } " " }
                    @if let Some(href) = &next { a href=(href) rel="next" { (t.get(key::dir_next_page)) } }
                }
            }
        }
    };
    state.shell.render(Page {
        status: StatusCode::OK,
        texts: t,
        title: t.get(key::dir_title).to_owned(),
        description: t.get(key::home_lead).to_owned(),
        path: selection.path(),
        index: !selection.is_filtered() && selection.after.is_none(),
        kind: "website",
        json_ld: None,
        content,
    })
}

/// The facets as checkboxes of the GET form, with their counts: all five, or on the
/// map all but the Ortsteile (the map is their choice there).
pub(super) fn facet_fields(t: Texts, selection: &DirectoryQuery, facets: &Facets, reference: &Reference, with_districts: bool) -> Markup {
    let topics: Vec<(String, String, u64)> =
        facets.topics.iter().map(|(id, n)| (id.to_string(), reference.topic(id).to_owned(), *n)).collect();
    let districts = facets.districts.iter().map(|(id, n)| (id.to_string(), reference.district(id).to_owned(), *n)).collect();
    let languages = facets.languages.iter().map(|(code, n)| (code.clone(), reference.language(code).to_owned(), *n)).collect();
    let kinds = facets.kinds.iter().map(|(k, n)| (k.as_str().to_owned(), t.get(kind_key(*k)).to_owned(), *n)).collect();
    let counts: HashMap<Uuid, u64> = facets.target_groups.iter().copied().collect();
    let groups =
        (reference.target_groups.iter()).filter_map(|(id, label)| counts.get(id).map(|n| (id.to_string(), label.clone(), *n))).collect();
    html! {
        (facet(t.get(key::dir_topics), Dimension::Topics, selection, topics))
        (facet(t.get(key::dir_target_groups), Dimension::TargetGroups, selection, groups))
        @if with_districts { (facet(t.get(key::dir_districts), Dimension::Districts, selection, districts)) }
        (facet(t.get(key::dir_languages), Dimension::Languages, selection, languages))
        (facet(t.get(key::dir_kinds), Dimension::Kinds, selection, kinds))
    }
}

fn facet(title: &str, dim: Dimension, selection: &DirectoryQuery, items: Vec<(String, String, u64)>) -> Markup {
    html! {
        fieldset class="facet" {
            legend { (title) }
            ul {
                @for (value, label, count) in items {
                    li { label {
                        input type="checkbox" form="directory-form" name=(dim.key()) value=(value) checked[selection.has(dim, &value)];
                        span { (label) }
                        span class="count" { (count) }
                    } }
                }
            }
        }
    }
}

/// Labels of topics, Ortsteile and languages in the reader's language.
impl Reference {
    pub async fn load(core: &migraup_core::Core, t: Texts) -> migraup_domain::error::DomainResult<Reference> {
        let (topics, districts, languages, groups) = tokio::try_join!(
            core.taxonomy(TaxonomyKind::Topic),
            core.districts(),
            core.languages(),
            core.taxonomy(TaxonomyKind::TargetGroup)
        )?;
        let lang = t.lang.as_str();
        Ok(Reference {
            topics: topics.into_iter().map(|e| (e.id, e.labels.get(lang).to_owned())).collect::<HashMap<_, _>>(),
            target_groups: groups.into_iter().map(|e| (e.id, e.labels.get(lang).to_owned())).collect(),
            districts: districts.into_iter().map(|d| (d.id, d.name)).collect(),
            languages: languages.into_iter().map(|l| (l.code.clone(), l.labels.get(lang).to_owned())).collect(),
        })
    }
}
