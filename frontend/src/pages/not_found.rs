//! Unknown addresses.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;

/// The page for unknown addresses.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t_string!(i18n, not_found_title)}</h1>
        <p>{t_string!(i18n, not_found_text)}</p>
        <p>
            <A href="/">{t_string!(i18n, nav_home)}</A>
        </p>
    }
}
