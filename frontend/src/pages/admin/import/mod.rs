//! The spreadsheet import (coordination team): a CSV or XLSX file is uploaded, its
//! columns' mapping checked, the rows looked through (errors at their cells, possible
//! duplicates with a decision each), and the import started and followed to its end.

mod decision;
mod mapping;
mod model;
mod progress;
mod rows;
mod steps;
mod upload;

use leptos::prelude::*;
use migraup_domain::Operation;

use self::{
    mapping::Mapping,
    model::{Batch, Column},
    progress::{CommitBar, Progress},
    rows::{Overview, Rows},
    steps::Steps,
};
use crate::{
    components::feedback::{Loading, error_text},
    i18n::*,
    session::use_session,
};

/// The import page; only those the policy lets import see its form.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // A memo: a renewed session sets the same person again, which must not redraw the
    // page and lose the preview.
    let allowed = Memo::new(move |_| {
        session.ready.get().then(|| session.user.with(|u| u.as_ref().is_some_and(|u| u.may(Operation::ImportOrganisations))))
    });
    view! {
        <h1>{t_string!(i18n, import_title)}</h1>
        {move || match allowed.get() {
            None => view! { <Loading /> }.into_any(),
            Some(true) => view! { <Importer /> }.into_any(),
            Some(false) => view! { <p class="notice" role="status">{t_string!(i18n, import_not_allowed)}</p> }.into_any(),
        }}
    }
}

/// The steps: file, preview (notices, counts, mapping, rows), import and progress.
#[component]
fn Importer() -> impl IntoView {
    let i18n = use_i18n();
    let steps = Steps::new(use_session(), i18n);
    let Steps { busy, preview, mapping, choices, batch, mapping_error, commit_error, .. } = steps;
    // Once the import is started nothing on the page changes it any more.
    let locked: Signal<bool> = Memo::new(move |_| batch.with(Option::is_some)).into();
    let running = Memo::new(move |_| batch.with(|b| b.as_ref().is_some_and(Batch::running)));
    let plan = Memo::new(move |_| preview.with(|p| p.as_ref().map(|p| choices.with(|c| progress::plan(p, c))).unwrap_or_default()));
    // The uploaded file and its columns, without the fields they are read as.
    let file = Memo::new(move |_| {
        preview.with(|p| {
            p.as_ref().map(|p| {
                let columns: Vec<Column> = p.columns.iter().map(|c| Column { field: None, ..c.clone() }).collect();
                (p.batch_id.clone(), p.file_name.clone(), columns)
            })
        })
    });
    let file_input = NodeRef::<leptos::html::Input>::new();
    let again = move |()| {
        steps.clear();
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
            let _ = input.focus();
        }
    };
    view! {
        <p class="lead">{t_string!(i18n, import_lead)}</p>
        <FileChoice steps=steps input=file_input running=running />
        // The mapping stays while it is applied (the focus stays on its button); the
        // counts and rows are drawn anew from each preview.
        {move || {
            file.get()
                .map(|(_, name, columns)| {
                    view! {
                        <p class="meta" data-testid="import-file-name">
                            {t!(i18n, import_file_name, name = view! { <bdi>{name}</bdi> })}
                        </p>
                        <Mapping
                            columns=columns
                            mapping=mapping
                            busy=busy
                            locked=locked
                            error=mapping_error
                            commit_error=commit_error
                            on_apply=move |()| steps.apply()
                        />
                    }
                })
        }}
        {move || {
            preview
                .get()
                .map(|p| {
                    view! {
                        <Overview preview=p.clone() />
                        <Rows preview=p choices=choices locked=locked commit_error=commit_error />
                        <CommitBar plan=plan busy=busy locked=locked error=commit_error on_commit=move |()| steps.commit() />
                    }
                })
        }}
        <Progress batch=batch on_again=again />
    }
}

/// The file input, its hint with the example file, and what uploading it says.
#[component]
fn FileChoice(steps: Steps, input: NodeRef<leptos::html::Input>, running: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let Steps { busy, uploading, file_error, .. } = steps;
    let choose = move |_| {
        if let Some(file) = input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0)) {
            steps.upload(file);
        }
    };
    view! {
        <div class="field import-file">
            <label for="import-file">{t_string!(i18n, import_file_label)}</label>
            <input
                id="import-file"
                type="file"
                accept=".csv,.xlsx,text/csv"
                node_ref=input
                aria-describedby="import-file-hint import-file-error"
                disabled=move || busy.get() || running.get()
                on:change=choose
            />
            <p id="import-file-hint" class="hint">
                {t_string!(i18n, import_columns_hint)} " "
                <a href="/import-example.csv" download="import-example.csv" rel="external">
                    {t_string!(i18n, import_example)}
                </a>
            </p>
            <p id="import-file-error" class="field-error" role="alert" data-testid="import-file-error">
                {move || file_error.with(|e| e.as_ref().map(|e| error_text(i18n, e)))}
            </p>
            <p class="loading" role="status">
                {move || uploading.get().then(|| t_string!(i18n, import_uploading))}
            </p>
        </div>
    }
}
