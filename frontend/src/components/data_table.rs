//! A data table: a scrolling box, one header row of column names, the rows as children.

use leptos::prelude::*;

/// A table of class `data` in a `table-scroll` box. `headers` are the column names
/// (translated); `actions`, if given, names a last column of buttons for screen
/// readers only; `children` are the rows.
#[component]
pub fn DataTable(
    headers: Vec<String>,
    #[prop(optional, into)] actions: Option<String>,
    #[prop(optional)] test_id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data" data-testid=test_id>
                <thead>
                    <tr>
                        {headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                        {actions
                            .map(|a| {
                                view! {
                                    <th scope="col">
                                        <span class="visually-hidden">{a}</span>
                                    </th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
