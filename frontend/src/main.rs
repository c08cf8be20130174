//! The migraup web app: a Leptos client-side rendered single-page app. Every string
//! goes through `leptos_i18n` (German first, English second); queries are typed from
//! the committed `crates/api/schema.graphql` with `graphql_client`.

mod api;
mod app;
mod components;
mod pages;
mod session;

// The macro reads the locales at compile time; a build.rs code generator is the
// newer way, worth moving to when the locales grow.
#[expect(deprecated, reason = "load_locales! still works in leptos_i18n 0.6")]
mod locales {
    leptos_i18n::load_locales!();
}
pub use locales::i18n;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
