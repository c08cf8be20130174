//! The vocabulary page: topics, target groups and Ortsteile, one editable table each.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{ApiError, SaveTerm, Taxonomy, save_term, taxonomy},
    components::{data_table::DataTable, feedback::loaded, form::FormError},
    i18n::*,
    session::{Session, use_session},
};

/// Which vocabulary a table edits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Topic,
    TargetGroup,
    District,
}

/// One row as the form holds it: topics and target groups have a German and an
/// English label, districts a name and the larger district (region).
#[derive(Clone, Debug, Default, PartialEq)]
struct Term {
    id: Option<String>,
    slug: String,
    first: String,
    second: String,
    order: i64,
    version: i64,
}

fn label_in(labels: &[(String, String)], lang: &str) -> String {
    labels.iter().find(|(l, _)| l == lang).map(|(_, t)| t.clone()).unwrap_or_default()
}

fn some_if_filled(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// Sends a create (no id) or an update (with id and the version read).
async fn save(session: Session, kind: Kind, term: Term, lang: &str) -> Result<(), ApiError> {
    let Term { id, slug, first, second, order, version } = term;
    let slug = some_if_filled(slug);
    let is_new = id.is_none();
    let vars = save_term::Variables {
        id: id.unwrap_or_default(),
        expected_version: version,
        input: save_term::TaxonomyInput {
            slug: slug.clone(),
            label_de: Some(first.clone()),
            label_en: Some(second.clone()),
            sort_order: Some(order),
        },
        district: save_term::DistrictInput { slug, name: Some(first), region: Some(second), sort_order: Some(order) },
        create_topic: kind == Kind::Topic && is_new,
        update_topic: kind == Kind::Topic && !is_new,
        create_group: kind == Kind::TargetGroup && is_new,
        update_group: kind == Kind::TargetGroup && !is_new,
        create_district: kind == Kind::District && is_new,
        update_district: kind == Kind::District && !is_new,
    };
    // Only success matters; the fields left out by @include are absent from the answer.
    session.fetch::<SaveTerm>(vars, lang).await.map(drop)
}

/// A table's error and "saved" notice; they belong to the page, so they outlive the
/// reload that follows a save.
type Notes = (RwSignal<Option<ApiError>>, RwSignal<bool>);

/// The coordination team's vocabulary, one table per kind. Each row is edited in
/// place and saved on its own; a row changed meanwhile by someone else answers
/// `CONFLICT`, and the table is reloaded with the saved state.
#[component]
pub fn TaxonomyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let notes: [Notes; 3] = std::array::from_fn(|_| (RwSignal::new(None), RwSignal::new(false)));
    let data = session.resource(move || crate::api::body::<Taxonomy>(taxonomy::Variables));
    let reload = Callback::new(move |()| data.refetch());
    view! {
        <h1>{t_string!(i18n, taxonomy_title)}</h1>
        <p class="lead">{t_string!(i18n, taxonomy_lead)}</p>
        {loaded::<Taxonomy>(data, move |d| {
            let labelled = |id: String, slug: String, labels: Vec<(String, String)>, order: i64, version: i64| Term {
                id: Some(id),
                slug,
                first: label_in(&labels, "de"),
                second: label_in(&labels, "en"),
                order,
                version,
            };
            let topics: Vec<Term> = d
                .topics
                .into_iter()
                .map(|t| labelled(t.id, t.slug, t.labels.into_iter().map(|l| (l.lang, l.text)).collect(), t.sort_order, t.version))
                .collect();
            let groups: Vec<Term> = d
                .target_groups
                .into_iter()
                .map(|t| labelled(t.id, t.slug, t.labels.into_iter().map(|l| (l.lang, l.text)).collect(), t.sort_order, t.version))
                .collect();
            let districts: Vec<Term> = d
                .districts
                .into_iter()
                .map(|t| Term {
                    id: Some(t.id),
                    slug: t.slug,
                    first: t.name,
                    second: t.region,
                    order: t.sort_order,
                    version: t.version,
                })
                .collect();
            view! {
                <TermTable kind=Kind::Topic terms=topics reload=reload notes=notes[0] />
                <TermTable kind=Kind::TargetGroup terms=groups reload=reload notes=notes[1] />
                <TermTable kind=Kind::District terms=districts reload=reload notes=notes[2] />
            }
                .into_any()
        })}
    }
}

#[component]
fn TermTable(kind: Kind, terms: Vec<Term>, reload: Callback<()>, notes: Notes) -> impl IntoView {
    let i18n = use_i18n();
    let (error, saved) = notes;
    let heading = move || match kind {
        Kind::Topic => t_string!(i18n, taxonomy_topics),
        Kind::TargetGroup => t_string!(i18n, taxonomy_target_groups),
        Kind::District => t_string!(i18n, taxonomy_districts),
    };
    let first_label = match kind {
        Kind::District => t_string!(i18n, taxonomy_name),
        _ => t_string!(i18n, taxonomy_label_de),
    }
    .to_string();
    let second_label = match kind {
        Kind::District => t_string!(i18n, taxonomy_region),
        _ => t_string!(i18n, taxonomy_label_en),
    }
    .to_string();
    let next_order = terms.iter().map(|t| t.order).max().unwrap_or(0) + 10;
    let section_id = format!("taxonomy-{kind:?}").to_lowercase();
    let (labelled_by, testid) = (section_id.clone(), section_id.clone());
    view! {
        <section class="taxonomy" aria-labelledby=labelled_by data-testid=testid>
            <h2 id=section_id>{heading}</h2>
            <FormError error=error />
            {move || saved.get().then(|| view! { <p class="notice" role="status">{t_string!(i18n, taxonomy_saved)}</p> })}
            <DataTable headers=vec![first_label, second_label, t_string!(i18n, taxonomy_slug).to_string(), t_string!(i18n, taxonomy_order).to_string()] actions=t_string!(i18n, taxonomy_actions)>
                {terms
                    .into_iter()
                    .map(|term| view! { <TermRow kind term error saved reload /> })
                    .collect_view()}
                <TermRow kind term=Term { order: next_order, ..Term::default() } error saved reload />
            </DataTable>
        </section>
    }
}

/// One editable row; the last row of a table, without id, adds a new term.
#[component]
fn TermRow(kind: Kind, term: Term, error: RwSignal<Option<ApiError>>, saved: RwSignal<bool>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let is_new = term.id.is_none();
    let first = RwSignal::new(term.first.clone());
    let second = RwSignal::new(term.second.clone());
    let slug = RwSignal::new(term.slug.clone());
    let order = RwSignal::new(term.order.to_string());
    let busy = RwSignal::new(false);
    let name = if is_new { t_string!(i18n, taxonomy_new).to_string() } else { term.first.clone() };
    let submit = move |_| {
        let term = Term {
            first: first.get_untracked(),
            second: second.get_untracked(),
            slug: slug.get_untracked(),
            order: order.get_untracked().trim().parse().unwrap_or(0),
            ..term.clone()
        };
        busy.set(true);
        error.set(None);
        saved.set(false);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match save(session, kind, term, &lang).await {
                Ok(()) => {
                    saved.set(true);
                    reload.run(());
                }
                Err(e) => {
                    // A conflict shows its message and the saved state comes back.
                    if e.code() == "CONFLICT" {
                        reload.run(());
                    }
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    let input = move |value: RwSignal<String>, label: String, kind: &'static str| {
        view! { <input type=kind aria-label=label bind:value=value /> }
    };
    let first_label =
        format!("{name}: {}", if kind == Kind::District { t_string!(i18n, taxonomy_name) } else { t_string!(i18n, taxonomy_label_de) });
    let second_label =
        format!("{name}: {}", if kind == Kind::District { t_string!(i18n, taxonomy_region) } else { t_string!(i18n, taxonomy_label_en) });
    let slug_label = format!("{name}: {}", t_string!(i18n, taxonomy_slug));
    let order_label = format!("{name}: {}", t_string!(i18n, taxonomy_order));
    view! {
        <tr data-testid=if is_new { "term-new" } else { "term-row" } class:new-row=is_new>
            <td>{input(first, first_label, "text")}</td>
            <td>{input(second, second_label, "text")}</td>
            <td>{input(slug, slug_label, "text")}</td>
            <td class="order">{input(order, order_label, "number")}</td>
            <td>
                <button type="button" on:click=submit disabled=move || busy.get()>
                    {move || if is_new { t_string!(i18n, taxonomy_add) } else { t_string!(i18n, taxonomy_save) }}
                </button>
            </td>
        </tr>
    }
}
