//! Loading and error states: never a blank page.

use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    i18n::*,
};

/// A polite loading notice.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            {t_string!(i18n, loading)}
        </p>
    }
}

/// An error's text for the person: the server's translated message, or the app's own.
pub fn error_text(i18n: I18nContext, error: &ApiError) -> String {
    match error {
        ApiError::Network => t_string!(i18n, error_network).to_owned(),
        ApiError::Graphql { message, .. } => message.clone(),
        ApiError::UnknownValue(value) if value.is_empty() => t_string!(i18n, error_unknown_value).to_owned(),
        ApiError::UnknownValue(value) => format!("{} ({value})", t_string!(i18n, error_unknown_value)),
    }
}

/// An error where the person looks, with a way to try again.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error_text(i18n, &error)}</p>
            <button type="button" on:click=move |_| on_retry.run(())>
                {t_string!(i18n, error_retry)}
            </button>
        </div>
    }
}

/// A resource's three states in one place: a loading notice, an error with a retry,
/// or what `render` makes of the data, decoded as operation `Q`'s answer.
///
/// Resources hold the untyped answer and the boundary below is not generic: one copy
/// of the suspense and resource machinery serves every page (much smaller WASM than
/// one copy per answer type).
pub fn loaded<Q: graphql_client::GraphQLQuery>(
    data: LocalResource<Result<serde_json::Value, ApiError>>,
    render: impl Fn(Q::ResponseData) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    shown(data, Box::new(move |value| api::decode::<Q>(value).map(&render)))
}

/// Like [`loaded`], for pages that read the answer untyped; what `render` reads of it
/// as a typed value (`api::read`) may be an error to show instead.
pub fn loaded_json(
    data: LocalResource<Result<serde_json::Value, ApiError>>,
    render: impl Fn(serde_json::Value) -> Result<AnyView, ApiError> + Send + Sync + 'static,
) -> AnyView {
    shown(data, Box::new(render))
}

type Render = Box<dyn Fn(serde_json::Value) -> Result<AnyView, ApiError> + Send + Sync>;

fn shown(data: LocalResource<Result<serde_json::Value, ApiError>>, render: Render) -> AnyView {
    view! {
        <Transition fallback=Loading>
            {move || {
                data.get()
                    .map(|result| match result.and_then(&render) {
                        Ok(view) => view,
                        Err(e) => view! { <ErrorNotice error=e on_retry=move || data.refetch() /> }.into_any(),
                    })
            }}
        </Transition>
    }
    .into_any()
}
