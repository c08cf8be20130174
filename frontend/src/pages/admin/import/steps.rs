//! The import page's state, shared by its parts, and what its controls do: upload a
//! file and preview it, apply another mapping, start the import, begin again.

use leptos::{prelude::*, task::spawn_local};

use super::{
    model::{self, Action, Batch, Decision, ImportField, Preview},
    progress, upload,
};
use crate::{
    api::{ApiError, CommitImport, PreviewImport, commit_import, preview_import},
    components::form::local_error,
    i18n::*,
    session::Session,
};

/// What the page holds, one signal each; `Copy`, so every part and handler takes it.
#[derive(Clone, Copy)]
pub struct Steps {
    session: Session,
    i18n: I18nContext,
    /// A request is under way: the controls wait.
    pub busy: RwSignal<bool>,
    pub uploading: RwSignal<bool>,
    pub file_error: RwSignal<Option<ApiError>>,
    pub mapping_error: RwSignal<Option<ApiError>>,
    pub commit_error: RwSignal<Option<ApiError>>,
    pub preview: RwSignal<Option<Preview>>,
    /// Each column's index and the field it is read as (`None`: ignored).
    pub mapping: RwSignal<Vec<(i64, Option<ImportField>)>>,
    /// Each shown row's decision, by position.
    pub choices: RwSignal<Vec<Option<Decision>>>,
    /// The started import.
    pub batch: RwSignal<Option<Batch>>,
}

impl Steps {
    pub fn new(session: Session, i18n: I18nContext) -> Self {
        Steps {
            session,
            i18n,
            busy: RwSignal::new(false),
            uploading: RwSignal::new(false),
            file_error: RwSignal::new(None),
            mapping_error: RwSignal::new(None),
            commit_error: RwSignal::new(None),
            preview: RwSignal::new(None),
            mapping: RwSignal::new(Vec::new()),
            choices: RwSignal::new(Vec::new()),
            batch: RwSignal::new(None),
        }
    }

    fn lang(self) -> String {
        self.i18n.get_locale_untracked().as_str().to_owned()
    }

    /// Shows a preview with its mapping and the suggested decisions.
    fn show(self, p: Preview) {
        self.mapping.set(p.columns.iter().map(|c| (c.index, c.field)).collect());
        self.choices.set(p.rows.iter().map(|r| r.suggested.clone()).collect());
        self.preview.set(Some(p));
    }

    /// Forgets the file, its preview and the import.
    pub fn clear(self) {
        self.preview.set(None);
        self.batch.set(None);
        self.mapping.set(Vec::new());
        self.choices.set(Vec::new());
        for error in [self.file_error, self.mapping_error, self.commit_error] {
            error.set(None);
        }
    }

    /// Uploads `file` and previews it with the remembered or guessed mapping.
    pub fn upload(self, file: web_sys::File) {
        self.clear();
        if file.size() > upload::MAX_BYTES {
            self.file_error.set(Some(local_error("file", t_string!(self.i18n, import_file_too_large))));
            return;
        }
        self.busy.set(true);
        self.uploading.set(true);
        spawn_local(async move {
            let lang = self.lang();
            let result = match upload::upload(self.session, file, &lang).await {
                Ok(id) => preview_of(self.session, id, None, &lang).await,
                Err(e) => Err(e),
            };
            self.busy.set(false);
            self.uploading.set(false);
            match result {
                Ok(p) => self.show(p),
                Err(e) => self.file_error.set(Some(e)),
            }
        });
    }

    /// Previews the file again with the mapping as the person set it.
    pub fn apply(self) {
        let Some(id) = self.preview.with_untracked(|p| p.as_ref().map(|p| p.batch_id.clone())) else { return };
        self.mapping_error.set(None);
        self.commit_error.set(None);
        self.busy.set(true);
        spawn_local(async move {
            let result = preview_of(self.session, id, Some(self.mapping.get_untracked()), &self.lang()).await;
            self.busy.set(false);
            match result {
                Ok(p) => self.show(p),
                Err(e) => self.mapping_error.set(Some(e)),
            }
        });
    }

    /// Starts the import once every shown row is decided, and follows it.
    pub fn commit(self) {
        let Some(p) = self.preview.get_untracked() else { return };
        self.commit_error.set(None);
        let chosen = self.choices.get_untracked();
        if progress::plan(&p, &chosen).undecided > 0 {
            self.commit_error.set(Some(local_error("decisions", t_string!(self.i18n, import_decide_first))));
            focus_first_undecided();
            return;
        }
        let variables = commit_import::Variables { decisions: decisions(&p, &chosen), batch_id: p.batch_id };
        self.busy.set(true);
        spawn_local(async move {
            let lang = self.lang();
            let result = self.session.call::<CommitImport>(variables, &lang).await;
            self.busy.set(false);
            match result {
                Ok(data) => {
                    let started = Batch::from_commit(data.commit_import);
                    let follow = started.running();
                    self.batch.set(Some(started));
                    if follow {
                        progress::follow(self.session, lang, self.batch, self.commit_error).await;
                    }
                }
                Err(e) => self.commit_error.set(Some(e)),
            }
        });
    }
}

/// Previews the batch, with `mapping` or (`None`) the remembered one.
async fn preview_of(
    session: Session,
    batch_id: String,
    mapping: Option<Vec<(i64, Option<ImportField>)>>,
    lang: &str,
) -> Result<Preview, ApiError> {
    let mapping = mapping.map(|m| m.into_iter().map(|(index, field)| preview_import::ImportColumnInput { index, field }).collect());
    let data = session.call::<PreviewImport>(preview_import::Variables { batch_id, mapping }, lang).await?;
    Ok(model::preview_from(data.preview_import))
}

/// The decisions to send: every shown row's current choice.
fn decisions(preview: &Preview, choices: &[Option<Decision>]) -> Vec<commit_import::ImportDecisionInput> {
    preview
        .rows
        .iter()
        .zip(choices)
        .filter(|(row, _)| row.decidable())
        .filter_map(|(row, choice)| {
            let d = choice.as_ref()?;
            Some(commit_import::ImportDecisionInput {
                line: row.line,
                action: d.action,
                into: d.into.clone(),
                take_fields: (d.action == Action::Merge).then(|| d.take.clone()),
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
