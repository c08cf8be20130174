//! The code an organisation puts on its own website to show its card and upcoming
//! events (`/embed/organisations/{slug}`, a page made for an `<iframe>`), in the
//! language its website is written in.

use leptos::prelude::*;
use migraup_domain::Lang;

use crate::i18n::*;

#[component]
pub fn EmbedCode(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = RwSignal::new(Lang::De);
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let code = move || {
        format!(
            "<iframe src=\"{origin}/embed/organisations/{slug}?lang={}\" title=\"migraup\" width=\"100%\" height=\"420\" style=\"border:0\" loading=\"lazy\"></iframe>",
            lang.get().as_str()
        )
    };
    view! {
        <section aria-labelledby="embed-title" class="narrow no-print" data-testid="embed-code">
            <h2 id="embed-title">{t_string!(i18n, embed_code_title)}</h2>
            <p>{t_string!(i18n, embed_code_hint)}</p>
            <label for="embed-lang">{t_string!(i18n, embed_code_language)}</label>
            <select id="embed-lang" on:change=move |ev| {
                if let Some(l) = Lang::parse(&event_target_value(&ev)) {
                    lang.set(l);
                }
            }>
                {Lang::ALL.iter().map(|l| view! { <option value=l.as_str() lang=l.as_str()>{l.native_name()}</option> }).collect_view()}
            </select>
            <label for="embed-snippet">{t_string!(i18n, embed_code_label)}</label>
            <textarea id="embed-snippet" readonly rows="4" prop:value=code data-testid="embed-snippet"></textarea>
        </section>
    }
}
