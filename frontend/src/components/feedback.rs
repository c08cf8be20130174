//! Loading and error states: never a blank page.

use leptos::prelude::*;

use crate::{api::ApiError, i18n::*};

/// A polite loading notice.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            {t!(i18n, loading)}
        </p>
    }
}

/// An error where the person looks, with a way to try again.
#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let message = match &error {
        ApiError::Network => None,
        ApiError::Graphql { message, .. } => Some(message.clone()),
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || message.clone().unwrap_or_else(|| t_string!(i18n, error_network).to_string())}</p>
            <button type="button" on:click=move |_| on_retry.run(())>
                {t!(i18n, error_retry)}
            </button>
        </div>
    }
}

/// A resource's three states in one place: a loading notice, an error with a retry,
/// or what `render` makes of the data.
pub fn loaded<T>(data: LocalResource<Result<T, ApiError>>, render: impl Fn(T) -> AnyView + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    view! {
        <Transition fallback=Loading>
            {move || {
                data.get()
                    .map(|result| match result {
                        Ok(d) => render(d),
                        Err(e) => view! { <ErrorNotice error=e on_retry=move || data.refetch() /> }.into_any(),
                    })
            }}
        </Transition>
    }
}
