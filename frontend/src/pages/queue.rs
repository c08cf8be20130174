//! The verification queue (ADMIN): entries from the actor analysis and registrations
//! wait here until the coordination team has checked them.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{self, ApiError, VerificationQueue, VerifyOrganisation, verification_queue, verify_organisation},
    components::{feedback::loaded, form::FormError, labels::kind_label},
    i18n::*,
    session::use_session,
};

/// The queue page.
#[component]
pub fn VerificationQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<VerificationQueue>(verification_queue::Variables));
    let error = RwSignal::new(None::<ApiError>);
    let verified = RwSignal::new(None::<String>);
    let verify = move |id: String, name: String| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<VerifyOrganisation>(verify_organisation::Variables { id }, &lang).await {
                Ok(_) => {
                    verified.set(Some(name));
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{t_string!(i18n, queue_title)}</h1>
        <FormError error=error />
        {move || verified.get().map(|name| view! { <p class="notice" role="status" data-testid="verified">{t!(i18n, queue_verified, name = name.clone())}</p> })}
        {loaded::<VerificationQueue>(data, move |d| match d {
            d if d.organisations.edges.is_empty() => view! { <p>{t_string!(i18n, queue_none)}</p> }.into_any(),
            d => {
                view! {
                    <ul class="cards">
                        {d
                            .organisations
                            .edges
                            .into_iter()
                            .map(|edge| {
                                let o = edge.node;
                                let kind = api::enum_name(&o.kind);
                                let href = format!("/organisations/{}", o.slug);
                                let (id, name) = (o.id.clone(), o.name.clone());
                                view! {
                                    <li class="card" data-testid="queue-entry">
                                        <h2>
                                            <A href=href>{o.name.clone()}</A>
                                        </h2>
                                        <p class="meta">{move || kind_label(i18n, &kind)} " · " {o.created_at.chars().take(10).collect::<String>()}</p>
                                        {o.description.map(|d| view! { <p>{d}</p> })}
                                        <button type="button" on:click=move |_| verify(id.clone(), name.clone())>
                                            {t_string!(i18n, queue_verify)}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        })}

    }
}
