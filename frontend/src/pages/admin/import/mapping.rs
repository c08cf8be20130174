//! The mapping table: each column of the file with a few of its values and the field it
//! is read as (or ignored); applying it previews the file again.

use leptos::prelude::*;

use super::model::{Column, ImportField};
use crate::{
    api::ApiError,
    components::{
        form::{FormError, field_message},
        select::{Binding, Layout, Select},
    },
    i18n::*,
};

/// The columns; `mapping` holds each column's index and chosen field (`None`: ignored).
#[component]
pub fn Mapping(
    columns: Vec<Column>,
    mapping: RwSignal<Vec<(i64, Option<ImportField>)>>,
    busy: RwSignal<bool>,
    locked: Signal<bool>,
    /// The error of applying a mapping.
    error: RwSignal<Option<ApiError>>,
    /// The import's error, shown here when it is about the mapping.
    commit_error: RwSignal<Option<ApiError>>,
    #[prop(into)] on_apply: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |index: i64, field: Option<ImportField>| {
        mapping.update(|m| {
            if let Some(entry) = m.iter_mut().find(|(i, _)| *i == index) {
                entry.1 = field;
            }
        });
    };
    view! {
        <section class="import-mapping" aria-labelledby="import-mapping-title">
            <h2 id="import-mapping-title">{t_string!(i18n, import_mapping_title)}</h2>
            <p class="hint">{t_string!(i18n, import_mapping_lead)}</p>
            <p class="field-error" role="alert" data-testid="import-mapping-error">
                {move || field_message(commit_error, "mapping")}
            </p>
            <div class="table-scroll">
                <table class="data import-mapping-table" data-testid="import-mapping">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, import_mapping_header)}</th>
                            <th scope="col">{t_string!(i18n, import_mapping_samples)}</th>
                            <th scope="col">{t_string!(i18n, import_mapping_field)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {columns
                            .into_iter()
                            .map(|column| {
                                let id = format!("import-column-{}", column.index);
                                let index = column.index;
                                let current = move || mapping.with(|m| m.iter().find(|(i, _)| *i == index).and_then(|(_, f)| *f));
                                view! {
                                    <tr data-testid="import-column">
                                        <th scope="row">
                                            <label for=id.clone()>
                                                <bdi>{column.header}</bdi>
                                            </label>
                                        </th>
                                        <td>
                                            <ul class="import-samples">
                                                {column
                                                    .samples
                                                    .into_iter()
                                                    .take(3)
                                                    .map(|s| view! { <li><bdi>{s}</bdi></li> })
                                                    .collect_view()}
                                            </ul>
                                        </td>
                                        <td>
                                            <Select
                                                id=id
                                                layout=Layout::Outside
                                                value=Binding::optional(current, move |field| choose(index, field))
                                                none=t_string!(i18n, import_field_ignore)
                                                disabled=locked
                                            />
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="actions">
                <button
                    type="button"
                    disabled=move || busy.get() || locked.get()
                    on:click=move |_| on_apply.run(())
                >
                    {t_string!(i18n, import_mapping_apply)}
                </button>
            </div>
            <FormError error=error />
        </section>
    }
}
