//! Pieces shared by several pages.

pub mod data_table;
pub mod events;
pub mod feedback;
pub mod form;
pub mod header;
pub mod labels;
pub mod offerings_editor;
pub mod organisation_picker;
pub mod projects;
pub mod relations;
pub mod select;
#[cfg(feature = "work")]
pub mod translations;
pub mod url;

/// What only a signed-in person sees. The public bundle (without the `work` feature)
/// serves anonymous visitors only (a signed-in person is moved to the whole app, see
/// `session::whole_app_when_signed_in`), so it leaves this out and is smaller.
#[cfg(feature = "work")]
pub fn signed_in_only<V: leptos::prelude::IntoView>(view: impl FnOnce() -> V) -> impl leptos::prelude::IntoView {
    view()
}

/// Whether this build draws what only a signed-in person sees, for conditions (the
/// views themselves go through `signed_in_only`); constant, so the public bundle
/// leaves out what it guards.
pub const SIGNED_IN_VIEWS: bool = cfg!(feature = "work");

/// See the `work` version. Nothing of `view`'s type is kept: a view type in the
/// answer, even one never drawn, would bring its rendering code into the bundle.
#[cfg(not(feature = "work"))]
pub fn signed_in_only<V: leptos::prelude::IntoView>(_view: impl FnOnce() -> V) -> impl leptos::prelude::IntoView {}
