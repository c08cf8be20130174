//! What to do with one row: its possible duplicates, the choice (new, merge into one of
//! them, skip), and for a merge the fields taken from the file.

use leptos::prelude::*;
use leptos_router::components::A;

use super::model::{Action, Candidate, Decision, Row, percent, reason_label};
use crate::{components::select::Labelled, i18n::*};

/// The decision preselected for a merge into `candidate`: the suggested fields when that
/// merge is the suggestion, otherwise the fields the organisation has no value for.
pub fn merge_into(row: &Row, candidate: &Candidate) -> Option<Decision> {
    let (id, _) = candidate.organisation.clone()?;
    let take = match &row.suggested {
        Some(s) if s.action == Action::Merge && s.into.as_deref() == Some(id.as_str()) => s.take.clone(),
        _ => candidate.differences.iter().filter(|d| d.current.as_deref().is_none_or(str::is_empty)).map(|d| d.field).collect(),
    };
    Some(Decision { action: Action::Merge, into: Some(id), take })
}

/// The candidates of a row and the choice: new, merge into one of them, or skip.
#[component]
pub fn Choice(
    row: Row,
    at: usize,
    choices: RwSignal<Vec<Option<Decision>>>,
    choice: Memo<Option<Decision>>,
    locked: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let line = row.line;
    let name = format!("import-row-{line}");
    let set = move |decision: Option<Decision>| {
        choices.update(|c| {
            if let Some(slot) = c.get_mut(at) {
                *slot = decision;
            }
        })
    };
    let simple = move |action: Action| Some(Decision { action, into: None, take: Vec::new() });
    let is = move |action: Action, into: Option<String>| choice.with(|c| c.as_ref().is_some_and(|d| d.action == action && d.into == into));
    let candidates = row
        .candidates
        .iter()
        .map(|c| {
            let candidate_name = c.name.clone();
            let who = match (&c.organisation, c.line) {
                (Some((_, slug)), _) => view! {
                    <A href=format!("/organisations/{slug}")>
                        <bdi>{candidate_name}</bdi>
                    </A>
                }
                .into_any(),
                (None, line) => view! {
                    {t!(i18n, import_candidate_line, line = line.unwrap_or_default())}
                    " ("
                    <bdi>{candidate_name}</bdi>
                    ")"
                }
                .into_any(),
            };
            let reasons = c.reasons.iter().map(|r| reason_label(i18n, *r)).collect::<Vec<_>>().join(", ");
            let similarity = percent(c.similarity);
            view! {
                <li data-testid="import-candidate">
                    {who}
                    <span class="meta">" · " {reasons} " · " {t!(i18n, import_similarity, percent = similarity)}</span>
                </li>
            }
        })
        .collect_view();
    let merges = row
        .candidates
        .iter()
        .filter_map(|c| {
            let decision = merge_into(&row, c)?;
            let into = decision.into.clone();
            let id = format!("{name}-merge-{}", into.clone().unwrap_or_default());
            let candidate_name = c.name.clone();
            let label_for = id.clone();
            Some(view! {
                <label class="choice" for=label_for>
                    <input
                        type="radio"
                        id=id
                        name=name.clone()
                        disabled=move || locked.get()
                        prop:checked=move || is(Action::Merge, into.clone())
                        on:change=move |_| set(Some(decision.clone()))
                    />
                    {t!(i18n, import_action_merge, name = view! { <bdi>{candidate_name}</bdi> })}
                </label>
            })
        })
        .collect::<Vec<_>>();
    // Only the organisation merged into redraws the differences, not each field ticked.
    let target = Memo::new(move |_| choice.with(|c| c.as_ref().filter(|d| d.action == Action::Merge).and_then(|d| d.into.clone())));
    let differences = {
        let row = row.clone();
        move || {
            let into = target.get()?;
            let candidate = row.candidates.iter().find(|c| c.organisation.as_ref().is_some_and(|(id, _)| *id == into))?.clone();
            Some(view! { <Differences line=line candidate=candidate at=at choices=choices choice=choice locked=locked /> })
        }
    };
    // "New" and "skip": a radio without a candidate.
    let plain = {
        let name = name.clone();
        move |action: Action, label: String| {
            let id = format!("{name}-{}", if action == Action::New { "new" } else { "skip" });
            let label_for = id.clone();
            view! {
                <label class="choice" for=label_for>
                    <input
                        type="radio"
                        id=id
                        name=name.clone()
                        disabled=move || locked.get()
                        prop:checked=move || is(action, None)
                        on:change=move |_| set(simple(action))
                    />
                    {label}
                </label>
            }
        }
    };
    view! {
        <div class="import-decision-body">
            {(!row.candidates.is_empty())
                .then(|| {
                    view! {
                        <div class="import-candidates">
                            <h3>{t_string!(i18n, import_candidates)}</h3>
                            <ul>{candidates}</ul>
                        </div>
                    }
                })}
            <fieldset class="import-choice" data-testid="import-choice">
                <legend>{t!(i18n, import_decision_legend, line = line)}</legend>
                {plain(Action::New, t_string!(i18n, import_action_new).to_string())}
                {merges}
                {plain(Action::Skip, t_string!(i18n, import_action_skip).to_string())}
            </fieldset>
            {differences}
        </div>
    }
}

/// For a merge: each field where the file differs, current value against the file's,
/// with "take from file".
#[component]
fn Differences(
    line: i64,
    candidate: Candidate,
    at: usize,
    choices: RwSignal<Vec<Option<Decision>>>,
    choice: Memo<Option<Decision>>,
    locked: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    if candidate.differences.is_empty() {
        return view! { <p class="hint">{t_string!(i18n, import_no_differences)}</p> }.into_any();
    }
    let empty = t_string!(i18n, import_empty_value);
    view! {
        <fieldset class="import-take" data-testid="import-take">
            <legend>{t_string!(i18n, import_take_legend)}</legend>
            <div class="table-scroll">
                <table class="data import-diff">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, import_mapping_field)}</th>
                            <th scope="col">{t_string!(i18n, import_diff_current)}</th>
                            <th scope="col">{t_string!(i18n, import_diff_incoming)}</th>
                            <th scope="col">{t_string!(i18n, import_take_from_file)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {candidate
                            .differences
                            .into_iter()
                            .map(|d| {
                                let id = format!("import-row-{line}-take-{}", d.field.as_str().to_lowercase());
                                let label_for = id.clone();
                                let field = d.field;
                                let checked = move || choice.with(|c| c.as_ref().is_some_and(|c| c.take.contains(&field)));
                                let toggle = move |ev: leptos::ev::Event| {
                                    let on = event_target_checked(&ev);
                                    choices.update(|c| {
                                        if let Some(Some(decision)) = c.get_mut(at) {
                                            decision.take.retain(|f| *f != field);
                                            if on {
                                                decision.take.push(field);
                                            }
                                        }
                                    });
                                };
                                let current = d.current.filter(|c| !c.is_empty());
                                let no_value = current.is_none();
                                view! {
                                    <tr>
                                        <th scope="row">{field.label(i18n)}</th>
                                        <td class:empty=no_value>
                                            <bdi>{current.unwrap_or_else(|| empty.to_owned())}</bdi>
                                        </td>
                                        <td>
                                            <bdi>{d.incoming}</bdi>
                                        </td>
                                        <td>
                                            <label class="choice" for=label_for>
                                                <input
                                                    type="checkbox"
                                                    id=id
                                                    disabled=move || locked.get()
                                                    prop:checked=checked
                                                    on:change=toggle
                                                />
                                                <span class="visually-hidden">{field.label(i18n)} ": "</span>
                                                {t_string!(i18n, import_take_from_file)}
                                            </label>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </fieldset>
    }
    .into_any()
}
