//! The migraup web app: a Leptos client-side rendered single-page app. Every string
//! goes through `i18n` (seven languages, German first); queries are typed from
//! the committed `crates/api/schema.graphql` with `graphql_client`.

// The public bundle leaves the work pages out; what only they use is unused there.
#![cfg_attr(not(feature = "work"), allow(dead_code, unused_imports))]

use wasm_bindgen::JsCast;

mod api;
mod app;
mod components;
mod language;
mod pages;
mod session;

mod i18n;

fn main() {
    console_error_panic_hook::set_once();
    // The texts of the reader's language first (German if they cannot be had), then
    // the app. Mounting sets up leptos' task executor; loading comes before it.
    wasm_bindgen_futures::spawn_local(async {
        if i18n::load(language::initial()).await || i18n::load(i18n::Locale::De).await {
            start();
        }
        // Else (only the public bundle, which has no texts of its own, when the server
        // cannot send them): the server's page stays; it works without the app.
    });
}

fn start() {
    let document = leptos::prelude::document();
    match document.get_element_by_id("ssr") {
        // A page the server rendered (`crates/server/src/pages`): the app draws its
        // own version off-screen, in an element outside the document, and takes the
        // server page's place in one step once its data has arrived. So the reader
        // never sees a blank moment, nothing jumps, and no id is in the page twice.
        Some(rendered) => {
            let root: web_sys::HtmlElement = document.create_element("div").expect("a div").unchecked_into();
            root.set_class_name("app-root");
            leptos::mount::mount_to(root.clone(), app::App).forget();
            later(move || hand_over(root, rendered, 200, false));
        }
        None => {
            leptos::mount::mount_to_body(app::App);
            mark_ready();
        }
    }
}

/// Puts the app in the server page's place once it has drawn its page (nothing has
/// been loading at two checks in a row: a loading notice appears a tick after the
/// first render) or after five seconds at the latest.
fn hand_over(root: web_sys::HtmlElement, rendered: web_sys::Element, tries: u32, drawn_before: bool) {
    let drawn = root.query_selector("main").ok().flatten().is_some() && root.query_selector(".loading").ok().flatten().is_none();
    if (drawn && drawn_before) || tries == 0 {
        let _ = rendered.replace_with_with_node_1(&root);
        mark_ready();
    } else {
        later(move || hand_over(root, rendered, tries - 1, drawn));
    }
}

fn later(f: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(f, std::time::Duration::from_millis(25));
}

/// `<html data-app="ready">`: the app runs (tests wait for it after loading a page).
fn mark_ready() {
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("data-app", "ready");
    }
}
