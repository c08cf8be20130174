//! The spreadsheet import (coordination team): a CSV or XLSX file is uploaded, its
//! columns' mapping checked, the rows looked through (errors at their cells, possible
//! duplicates with a decision each), and the import started and followed to its end.

mod decision;
mod mapping;
mod model;
mod progress;
mod rows;
mod upload;

use leptos::{prelude::*, task::spawn_local};
use migraup_domain::Operation;

use self::{
    mapping::Mapping,
    model::{Action, Batch, Column, Decision, Preview},
    progress::{CommitBar, Progress},
    rows::{Overview, Rows},
};
use crate::{
    api::{self, ApiError, CommitImport, PreviewImport, commit_import, preview_import},
    components::{feedback::Loading, form::local_error},
    i18n::*,
    session::{Session, use_session},
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

/// An error's text for the person.
fn message(i18n: I18nContext, error: &ApiError) -> String {
    match error {
        ApiError::Network => t_string!(i18n, error_network).to_owned(),
        ApiError::Graphql { message, .. } => message.clone(),
    }
}

/// Previews the batch, with `mapping` (index, field name; "" = ignore) or the remembered one.
async fn preview_of(session: Session, batch_id: String, mapping: Option<Vec<(i64, String)>>, lang: &str) -> Result<Preview, ApiError> {
    let mapping = mapping
        .map(|m| m.into_iter().map(|(index, field)| preview_import::ImportColumnInput { index, field: api::from_name(&field) }).collect());
    let data = session.call::<PreviewImport>(preview_import::Variables { batch_id, mapping }, lang).await?;
    Ok(model::preview_from(data.preview_import))
}

/// The decisions to send: every shown row's current choice.
fn decisions(preview: &Preview, choices: &[Option<Decision>]) -> Vec<commit_import::ImportDecisionInput> {
    let name = |action: Action| match action {
        Action::New => "NEW",
        Action::Merge => "MERGE",
        Action::Skip => "SKIP",
    };
    preview
        .rows
        .iter()
        .zip(choices)
        .filter(|(row, _)| row.decidable())
        .filter_map(|(row, choice)| {
            let d = choice.as_ref()?;
            Some(commit_import::ImportDecisionInput {
                line: row.line,
                action: api::from_name(name(d.action))?,
                into: d.into.clone(),
                take_fields: (d.action == Action::Merge).then(|| d.take.iter().filter_map(|f| api::from_name(f)).collect()),
            })
        })
        .collect()
}

/// Moves the focus to the first row that still needs a decision.
fn focus_first_undecided() {
    use wasm_bindgen::JsCast;
    let first = document().query_selector(".needs-decision input[type=radio]").ok().flatten();
    if let Some(input) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = input.focus();
    }
}

/// The steps: file, preview (notices, counts, mapping, rows), import and progress.
#[component]
fn Importer() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let lang = move || i18n.get_locale_untracked().as_str().to_owned();
    let busy = RwSignal::new(false);
    let uploading = RwSignal::new(false);
    let file_error = RwSignal::new(None::<ApiError>);
    let mapping_error = RwSignal::new(None::<ApiError>);
    let commit_error = RwSignal::new(None::<ApiError>);
    let preview = RwSignal::new(None::<Preview>);
    let mapping = RwSignal::new(Vec::<(i64, String)>::new());
    let choices = RwSignal::new(Vec::<Option<Decision>>::new());
    let batch = RwSignal::new(None::<Batch>);
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

    let show = move |p: Preview| {
        mapping.set(p.columns.iter().map(|c| (c.index, c.field.clone().unwrap_or_default())).collect());
        choices.set(p.rows.iter().map(|r| r.suggested.clone()).collect());
        preview.set(Some(p));
    };
    let clear = move || {
        preview.set(None);
        batch.set(None);
        mapping.set(Vec::new());
        choices.set(Vec::new());
        for error in [file_error, mapping_error, commit_error] {
            error.set(None);
        }
    };
    let choose = move |_| {
        let Some(file) = file_input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0)) else { return };
        clear();
        if file.size() > upload::MAX_BYTES {
            file_error.set(Some(local_error("file", t_string!(i18n, import_file_too_large))));
            return;
        }
        busy.set(true);
        uploading.set(true);
        spawn_local(async move {
            let lang = lang();
            let result = match upload::upload(session, file, &lang).await {
                Ok(id) => preview_of(session, id, None, &lang).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            uploading.set(false);
            match result {
                Ok(p) => show(p),
                Err(e) => file_error.set(Some(e)),
            }
        });
    };
    let apply = move |()| {
        let Some(id) = preview.with_untracked(|p| p.as_ref().map(|p| p.batch_id.clone())) else { return };
        mapping_error.set(None);
        commit_error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = preview_of(session, id, Some(mapping.get_untracked()), &lang()).await;
            busy.set(false);
            match result {
                Ok(p) => show(p),
                Err(e) => mapping_error.set(Some(e)),
            }
        });
    };
    let commit = move |()| {
        let Some(p) = preview.get_untracked() else { return };
        commit_error.set(None);
        let chosen = choices.get_untracked();
        if progress::plan(&p, &chosen).undecided > 0 {
            commit_error.set(Some(local_error("decisions", t_string!(i18n, import_decide_first))));
            focus_first_undecided();
            return;
        }
        let variables = commit_import::Variables { decisions: decisions(&p, &chosen), batch_id: p.batch_id };
        busy.set(true);
        spawn_local(async move {
            let lang = lang();
            let result = session.call::<CommitImport>(variables, &lang).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    let started = Batch::from_commit(data.commit_import);
                    let follow = started.running();
                    batch.set(Some(started));
                    if follow {
                        progress::follow(session, lang, batch, commit_error).await;
                    }
                }
                Err(e) => commit_error.set(Some(e)),
            }
        });
    };
    let again = move |()| {
        clear();
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
            let _ = input.focus();
        }
    };

    view! {
        <p class="lead">{t_string!(i18n, import_lead)}</p>
        <div class="field import-file">
            <label for="import-file">{t_string!(i18n, import_file_label)}</label>
            <input
                id="import-file"
                type="file"
                accept=".csv,.xlsx,text/csv"
                node_ref=file_input
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
                {move || file_error.with(|e| e.as_ref().map(|e| message(i18n, e)))}
            </p>
            <p class="loading" role="status">
                {move || uploading.get().then(|| t_string!(i18n, import_uploading))}
            </p>
        </div>
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
                            on_apply=apply
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
                        <CommitBar plan=plan busy=busy locked=locked error=commit_error on_commit=commit />
                    }
                })
        }}
        <Progress batch=batch on_again=again />
    }
}
