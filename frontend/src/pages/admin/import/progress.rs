//! Starting the import and following it: the button says what will happen, the batch is
//! asked for every half second while it runs, and its result is shown at the end.

use leptos::prelude::*;
use leptos_router::components::A;

use super::model::{Action, Batch, Decision, ImportRowStatus, ImportState, Preview};
use crate::{
    api::{ApiError, ImportBatch, import_batch},
    components::form::FormError,
    i18n::*,
    session::Session,
};

/// How many rows the import will create, merge and skip, and how many shown rows still
/// need a decision. Rows the preview does not show keep their suggestion: new ones are
/// created, changed ones imported before are merged.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Plan {
    pub new: i64,
    pub merged: i64,
    pub skipped: i64,
    pub undecided: i64,
}

/// The plan for `preview` with the rows' `choices`.
pub fn plan(preview: &Preview, choices: &[Option<Decision>]) -> Plan {
    let mut plan = Plan::default();
    for (row, choice) in preview.rows.iter().zip(choices) {
        if !row.decidable() {
            continue;
        }
        match choice.as_ref().map(|d| d.action) {
            Some(Action::New) => plan.new += 1,
            Some(Action::Merge) => plan.merged += 1,
            Some(Action::Skip) => plan.skipped += 1,
            None => plan.undecided += 1,
        }
    }
    let shown = |status: ImportRowStatus| preview.rows.iter().filter(|r| r.status == status).count() as i64;
    let s = &preview.summary;
    plan.new += (s.new - shown(ImportRowStatus::New)).max(0);
    plan.merged += (s.known - shown(ImportRowStatus::Known)).max(0);
    plan.skipped += s.invalid + s.unchanged;
    plan
}

/// The import button with what it will do, and the errors that belong to no field.
#[component]
pub fn CommitBar(
    plan: Memo<Plan>,
    busy: RwSignal<bool>,
    locked: Signal<bool>,
    error: RwSignal<Option<ApiError>>,
    #[prop(into)] on_commit: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="import-commit">
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="import-commit"
                    disabled=move || busy.get() || locked.get()
                    on:click=move |_| on_commit.run(())
                >
                    {move || {
                        let p = plan.get();
                        t!(i18n, import_commit, new = p.new, merged = p.merged, skipped = p.skipped)
                    }}
                </button>
                {move || {
                    let count = plan.get().undecided;
                    (count > 0).then(|| view! { <span class="needs-decision-note">{t!(i18n, import_undecided_left, count = count)}</span> })
                }}
            </div>
            <FormError error=error fields=&["decisions", "mapping"] />
        </div>
    }
}

/// The running import's progress, then its result. The live region is always there,
/// so that screen readers announce what changes in it.
#[component]
pub fn Progress(batch: RwSignal<Option<Batch>>, #[prop(into)] on_again: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = Memo::new(move |_| batch.with(|b| b.as_ref().map(|b| b.state)));
    let number = move |get: fn(&Batch) -> i64| batch.with(|b| b.as_ref().map(get).unwrap_or_default());
    let status = move || {
        let state = state.get()?;
        Some(match state {
            ImportState::Done => view! {
                <div class="notice" data-testid="import-done">
                    <p>
                        {t!(
                            i18n,
                            import_done,
                            created = number(|b| b.created),
                            merged = number(|b| b.merged),
                            skipped = number(|b| b.skipped),
                            unchanged = number(|b| b.unchanged),
                        )}
                    </p>
                    <p class="actions">
                        <A href="/organisations">{t_string!(i18n, import_to_directory)}</A>
                        <button type="button" class="link-button" on:click=move |_| on_again.run(())>
                            {t_string!(i18n, import_again)}
                        </button>
                    </p>
                </div>
            }
            .into_any(),
            ImportState::Failed => view! {
                <div class="notice notice-error" role="alert" data-testid="import-failed">
                    <p>{t_string!(i18n, import_failed)}</p>
                    {batch.with_untracked(|b| b.as_ref().and_then(|b| b.error.clone())).map(|e| view! { <p>{e}</p> })}
                    <button type="button" on:click=move |_| on_again.run(())>
                        {t_string!(i18n, import_again)}
                    </button>
                </div>
            }
            .into_any(),
            ImportState::Preview | ImportState::Running => view! {
                <div class="import-running">
                    <label for="import-progress">{t_string!(i18n, import_progress_label)}</label>
                    <progress
                        id="import-progress"
                        aria-describedby="import-progress-text"
                        max=move || number(|b| b.total.max(1)).to_string()
                        value=move || number(|b| b.processed).to_string()
                    ></progress>
                </div>
            }
            .into_any(),
        })
    };
    // The result is shown where the person looks: the section comes into view and
    // takes focus when the import ends ("Import abgeschlossen" was out of view).
    let section = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if matches!(state.get(), Some(ImportState::Done | ImportState::Failed))
            && let Some(el) = section.get_untracked()
        {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
    view! {
        <section
            class="import-progress"
            tabindex="-1"
            node_ref=section
            aria-labelledby="import-progress-title"
            hidden=move || state.with(Option::is_none)
        >
            <h2 id="import-progress-title">{t_string!(i18n, import_progress_title)}</h2>
            {status}
            <p id="import-progress-text" aria-live="polite" data-testid="import-progress-text">
                {move || {
                    state
                        .get()
                        .is_some()
                        .then(|| t!(i18n, import_progress, count = number(|b| b.total), processed = number(|b| b.processed)))
                }}
            </p>
        </section>
    }
}

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Asks for the batch every 500 ms while it runs; stops when it is done or failed, or
/// when the page is left (its signals are gone then).
pub async fn follow(session: Session, lang: String, batch: RwSignal<Option<Batch>>, error: RwSignal<Option<ApiError>>) {
    loop {
        sleep(500).await;
        let Some(Some(current)) = batch.try_get_untracked() else { return };
        if !current.running() {
            return;
        }
        match session.call::<ImportBatch>(import_batch::Variables { id: current.id.clone() }, &lang).await {
            Ok(data) => {
                let Some(next) = data.import_batch else { return };
                if batch.try_set(Some(Batch::from_query(next))).is_some() {
                    return;
                }
                if error.try_with_untracked(Option::is_some) == Some(true) {
                    error.set(None);
                }
            }
            // A lost connection may come back; being signed out or refused will not.
            Err(e @ ApiError::Network) => {
                if error.try_set(Some(e)).is_some() {
                    return;
                }
            }
            Err(e) => {
                let _ = error.try_set(Some(e));
                return;
            }
        }
    }
}
