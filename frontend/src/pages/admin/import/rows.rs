//! What the preview found: notices, the counts, and the rows with their values and
//! errors, each with the decision about it (`decision.rs`).

use leptos::prelude::*;

use super::{
    decision::Choice,
    model::{Decision, ImportField, ImportRowStatus, Preview, Row, percent, status_label},
};
use crate::{
    api::ApiError,
    components::{form::field_message, select::Labelled},
    i18n::*,
};

/// The notices about reading the file, the counts and the similarity threshold.
#[component]
pub fn Overview(preview: Preview) -> impl IntoView {
    let i18n = use_i18n();
    let s = preview.summary.clone();
    let counts = [
        (t_string!(i18n, import_summary_rows), s.rows, "rows"),
        (t_string!(i18n, import_summary_new), s.new, "new"),
        (t_string!(i18n, import_summary_invalid), s.invalid, "invalid"),
        (t_string!(i18n, import_summary_duplicates), s.duplicates, "duplicates"),
        (t_string!(i18n, import_summary_known), s.known, "known"),
        (t_string!(i18n, import_summary_unchanged), s.unchanged, "unchanged"),
        (t_string!(i18n, import_summary_undecided), s.undecided, "undecided"),
    ];
    let threshold = percent(preview.similarity_threshold);
    view! {
        <section class="import-overview" aria-labelledby="import-overview-title">
            <h2 id="import-overview-title">{t_string!(i18n, import_summary_title)}</h2>
            {(!preview.notices.is_empty())
                .then(|| {
                    view! {
                        <div class="notice import-notices">
                            <h3>{t_string!(i18n, import_notices)}</h3>
                            <ul data-testid="import-notices">
                                {preview.notices.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                            </ul>
                        </div>
                    }
                })}
            <dl class="figures import-summary" data-testid="import-summary">
                {counts
                    .into_iter()
                    .map(|(label, count, name)| {
                        view! {
                            <div data-count=name>
                                <dt>{label}</dt>
                                <dd>{count}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="hint" data-testid="import-threshold">
                {t!(i18n, import_threshold, percent = threshold)}
            </p>
        </section>
    }
}

/// The previewed rows; `choices` holds each row's decision (by position).
#[component]
pub fn Rows(
    preview: Preview,
    choices: RwSignal<Vec<Option<Decision>>>,
    locked: Signal<bool>,
    commit_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = preview.fields();
    let span = fields.len() + 2;
    let shown = preview.rows.len();
    let total = preview.summary.rows;
    view! {
        <section class="import-rows" aria-labelledby="import-rows-title">
            <h2 id="import-rows-title">{t_string!(i18n, import_rows_title)}</h2>
            <p class="hint">{t!(i18n, import_rows_shown, count = total, shown = shown)}</p>
            <p class="field-error" role="alert" data-testid="import-decisions-error">
                {move || field_message(commit_error, "decisions")}
            </p>
            <div class="table-scroll">
                <table class="data import-table" data-testid="import-rows">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, import_line)}</th>
                            <th scope="col">{t_string!(i18n, import_status)}</th>
                            {fields.iter().map(|f| view! { <th scope="col">{f.label(i18n)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    {preview
                        .rows
                        .into_iter()
                        .enumerate()
                        .map(|(at, row)| view! { <RowView row=row at=at fields=fields.clone() span=span choices=choices locked=locked /> })
                        .collect_view()}
                </table>
            </div>
        </section>
    }
}

/// One row (its own `tbody`: the values, and under them what to do with it).
#[component]
fn RowView(
    row: Row,
    at: usize,
    fields: Vec<ImportField>,
    span: usize,
    choices: RwSignal<Vec<Option<Decision>>>,
    locked: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choice = Memo::new(move |_| choices.with(|c| c.get(at).cloned().flatten()));
    let decidable = row.decidable();
    let undecided = move || decidable && choice.with(Option::is_none);
    let status = row.status.as_str();
    let skipped_note = match row.status {
        ImportRowStatus::Invalid => Some(t_string!(i18n, import_invalid_skipped)),
        ImportRowStatus::Unchanged => Some(t_string!(i18n, import_unchanged_skipped)),
        ImportRowStatus::New | ImportRowStatus::Duplicate | ImportRowStatus::Known => None,
    };
    let cells = fields
        .iter()
        .map(|f| {
            let cell = row.cells.iter().find(|c| c.field == *f).cloned();
            let invalid = cell.as_ref().is_some_and(|c| c.error.is_some());
            // A kind that was understood shows as the app names it.
            let (value, error) = cell.map(|c| (c.kind.map_or(c.value, |k| k.label(i18n).to_owned()), c.error)).unwrap_or_default();
            view! {
                <td class:cell-invalid=invalid>
                    <bdi class="cell-value">{value}</bdi>
                    {error.map(|e| view! { <p class="cell-error">{e}</p> })}
                </td>
            }
        })
        .collect_view();
    view! {
        <tbody class="import-row" class:needs-decision=undecided data-testid="import-row" data-line=row.line.to_string() data-status=status>
            <tr>
                <th scope="row">{row.line}</th>
                <td>
                    <span class=format!("badge status status-{}", status.to_lowercase())>{status_label(i18n, row.status)}</span>
                    {move || undecided().then(|| view! { <p class="needs-decision-note">{t_string!(i18n, import_needs_decision)}</p> })}
                    {skipped_note.map(|n| view! { <p class="hint">{n}</p> })}
                </td>
                {cells}
            </tr>
            {decidable
                .then(|| {
                    view! {
                        <tr class="import-decision">
                            <td colspan=span.to_string()>
                                <Choice row=row.clone() at=at choices=choices choice=choice locked=locked />
                            </td>
                        </tr>
                    }
                })}
        </tbody>
    }
}
