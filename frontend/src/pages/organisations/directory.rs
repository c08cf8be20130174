//! The directory of organisations: search, facet filters with counts, cursor paging.

use leptos::{callback::UnsyncCallback, prelude::*};
use leptos_router::{
    NavigateOptions,
    components::A,
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
};

use migraup_domain::directory::{Dimension, DirectoryQuery};

use crate::{
    api::{self, Directory, directory},
    components::{feedback::loaded, select::Labelled},
    i18n::*,
    session::use_session,
};

const PAGE_SIZE: i64 = 20;

/// The directory's state as kept in the URL (the format is the domain's, shared with
/// the server-rendered page).
type Selection = DirectoryQuery;

fn from_query(map: &ParamsMap) -> Selection {
    let keys = ["q", "after"].into_iter().chain(Dimension::ALL.map(Dimension::key));
    let pairs: Vec<(&str, String)> = keys.flat_map(|key| map.get_all(key).unwrap_or_default().into_iter().map(move |v| (key, v))).collect();
    DirectoryQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
}

fn variables(s: &Selection) -> directory::Variables {
    let kinds = s.kinds.iter().filter_map(|k| serde_json::from_value(serde_json::Value::String(k.clone())).ok()).collect();
    directory::Variables {
        filter: Some(directory::OrganisationFilter {
            search: Some(s.search.clone()).filter(|s| !s.trim().is_empty()),
            topic_ids: s.topics.clone(),
            district_ids: s.districts.clone(),
            languages: s.languages.clone(),
            kinds,
            target_group_ids: s.target_groups.clone(),
            verified: None,
        }),
        first: Some(PAGE_SIZE),
        after: s.after.clone(),
    }
}

/// The directory page. Everything is kept in the URL, so a filtered view can be
/// shared and the back button works.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let selection = Memo::new(move |_| from_query(&query.get()));
    let navigate = use_navigate();
    let go = UnsyncCallback::new(move |s: Selection| navigate(&s.path(), NavigateOptions { scroll: false, ..Default::default() }));
    let data = session.resource(move || {
        let vars = variables(&selection.get());
        api::body::<Directory>(vars)
    });
    // On phones the filters start folded away, so the results come first.
    let narrow = web_sys::window().and_then(|w| w.match_media("(max-width: 48rem)").ok().flatten()).is_some_and(|m| m.matches());
    let filters_open = RwSignal::new(!narrow);
    let search = RwSignal::new(selection.get_untracked().search);
    Effect::new(move |_| search.set(selection.get().search));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = selection.get_untracked();
        next.search = search.get_untracked();
        next.after = None;
        go.run(next);
    };
    view! {
        <h1>{t_string!(i18n, dir_title)}</h1>
        <form role="search" class="search" on:submit=submit>
            <label for="directory-search">{t_string!(i18n, dir_search_label)}</label>
            <div class="search-row">
                <input id="directory-search" type="search" name="q" bind:value=search />
                <button type="submit">{t_string!(i18n, dir_search_button)}</button>
            </div>
        </form>
        {loaded::<Directory>(data, move |d| view! { <Results data=d.organisations selection=selection go=go filters_open=filters_open /> }.into_any())}

    }
}

#[component]
fn Results(
    data: directory::DirectoryOrganisations,
    selection: Memo<Selection>,
    go: UnsyncCallback<Selection>,
    filters_open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = selection.get_untracked();
    let facets = data.facets;
    let facet = move |dim: Dimension, title: String, items: Vec<(String, String, i64)>| {
        let current = current.clone();
        view! {
            <fieldset class="facet">
                <legend>{title}</legend>
                <ul>
                    {items
                        .into_iter()
                        .map(|(value, label, count)| {
                            let checked = current.has(dim, &value);
                            let next = current.toggled(dim, &value);
                            view! {
                                <li>
                                    <label>
                                        <input type="checkbox" prop:checked=checked on:change=move |_| go.run(next.clone()) />
                                        <span>{label}</span>
                                        <span class="count">{count}</span>
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </fieldset>
        }
    };
    let topics = facets.topics.into_iter().map(|f| (f.topic.id, f.topic.label, f.count)).collect();
    let districts = facets.districts.into_iter().map(|f| (f.district.id, f.district.name, f.count)).collect();
    let languages = facets.languages.into_iter().map(|f| (f.language.code, f.language.name, f.count)).collect();
    let kinds = facets.kinds.into_iter().map(|f| (f.kind.as_str().to_owned(), f.kind.label(i18n).to_owned(), f.count)).collect();
    let groups = facets.target_groups.into_iter().map(|f| (f.target_group.id, f.target_group.label, f.count)).collect();
    let total = data.total_count;
    let first_page = selection.get_untracked().after.is_some().then(|| selection.get_untracked().at(None).path());
    let next_page =
        data.page_info.end_cursor.filter(|_| data.page_info.has_next_page).map(|cursor| selection.get_untracked().at(Some(&cursor)).path());
    let filtered = selection.get_untracked().is_filtered();
    view! {
        <div class="directory">
            <aside class="filters" aria-labelledby="filters-title">
                <details
                    prop:open=move || filters_open.get()
                    on:toggle=move |ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                            filters_open.set(d.open());
                        }
                    }
                >
                <summary>
                    <h2 id="filters-title">{t_string!(i18n, dir_filters)}</h2>
                </summary>
                {facet(Dimension::Topics, t_string!(i18n, dir_topics).to_string(), topics)}
                {facet(Dimension::TargetGroups, t_string!(i18n, dir_target_groups).to_string(), groups)}
                {facet(Dimension::Districts, t_string!(i18n, dir_districts).to_string(), districts)}
                {facet(Dimension::Languages, t_string!(i18n, dir_languages).to_string(), languages)}
                {facet(Dimension::Kinds, t_string!(i18n, dir_kinds).to_string(), kinds)}
                {filtered.then(|| view! { <A href="/organisations">{t_string!(i18n, dir_reset_filters)}</A> })}
                </details>
            </aside>
            <section class="results" aria-labelledby="results-count">
                <h2 id="results-count" class="result-count" data-testid="result-count" aria-live="polite">
                    {t!(i18n, dir_results, count = total)}
                </h2>
                // The map is a server page (no app code): a full page load with the same filters.
                <p>
                    <a href=selection.get_untracked().map_path() rel="external" data-testid="show-map">
                        {t_string!(i18n, map_show_map)}
                    </a>
                </p>
                {(data.edges.is_empty()).then(|| view! { <p>{t_string!(i18n, dir_no_results)}</p> })}
                <ul class="cards">
                    {data.edges.into_iter().map(|edge| view! { <Card node=edge.node /> }).collect_view()}
                </ul>
                <nav class="paging" aria-label=move || t_string!(i18n, dir_pages)>
                    {first_page.map(|href| view! { <A href=href>{t_string!(i18n, dir_first_page)}</A> })}
                    {next_page.map(|href| view! { <A href=href attr:rel="next">{t_string!(i18n, dir_next_page)}</A> })}
                </nav>
            </section>
        </div>
    }
}

#[component]
fn Card(node: directory::DirectoryOrganisationsEdgesNode) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/organisations/{}", node.slug);
    let kind = node.kind;
    // The reader's language when the organisation wrote one, as the server's page picks it.
    let available: Vec<&str> = node.translations.iter().map(|t| t.language.as_str()).collect();
    let language =
        migraup_domain::kinds::language_to_show(&node.content_language, &available, i18n.get_locale_untracked().as_str()).to_owned();
    let chosen = node.translations.iter().find(|t| t.language == language && language != node.content_language);
    let description = chosen
        .map_or(node.description.clone(), |t| t.description.clone())
        .map(|d| if d.chars().count() > 220 { format!("{}…", d.chars().take(220).collect::<String>()) } else { d });
    let dir = migraup_domain::kinds::direction_of(&language);
    let offerings = node.offering_count;
    let stale = node.is_stale;
    view! {
        <li class="card" data-testid="organisation-card">
            <h3>
                <A href=href attr:dir="auto">{node.name}</A>
            </h3>
            <p class="meta">
                <span>{kind.label(i18n)}</span>
                {node.district.map(|d| view! { " · " <span>{d.name}</span> })}
                {stale.then(|| view! { " · " <span class="badge" data-testid="stale">{t_string!(i18n, stale_badge)}</span> })}
            </p>
            {description.map(|d| view! { <p lang=language.clone() dir=dir>{d}</p> })}
            <ul class="tags">{node.topics.into_iter().map(|t| view! { <li>{t.label}</li> }).collect_view()}</ul>
            <p class="languages">{node.languages.into_iter().map(|l| l.name).collect::<Vec<_>>().join(", ")}</p>
            <p class="offerings">{t!(i18n, dir_offerings, count = offerings)}</p>
        </li>
    }
}
