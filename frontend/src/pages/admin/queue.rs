//! The verification queue page (ADMIN): verifying or rejecting new organisations.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{self, ApiError, ReviewOrganisation, VerificationQueue, review_organisation, verification_queue},
    components::{feedback::loaded, form::FormError, select::Labelled},
    i18n::*,
    session::use_session,
};

/// The queue page: entries from the actor analysis and registrations wait here until
/// the coordination team has checked them, or rejected them with a reason that is
/// e-mailed to the registrants.
#[component]
pub fn VerificationQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = session.resource(move || api::body::<VerificationQueue>(verification_queue::Variables));
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<(String, bool)>);
    // One document for both answers (`@include`/`@skip`), see ARCHITECTURE.md.
    let review = move |id: String, name: String, verify: bool, reason: String| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.fetch::<ReviewOrganisation>(review_organisation::Variables { id, verify, reject: !verify, reason }, &lang).await {
                Ok(_) => {
                    done.set(Some((name, verify)));
                    data.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h1>{t_string!(i18n, queue_title)}</h1>
        <FormError error=error />
        {move || {
            done.get()
                .map(|(name, verified)| {
                    view! {
                        <p class="notice" role="status" data-testid="verified">
                            {if verified {
                                t!(i18n, queue_verified, name = view! { <bdi>{name.clone()}</bdi> }).into_any()
                            } else {
                                t!(i18n, queue_rejected, name = view! { <bdi>{name.clone()}</bdi> }).into_any()
                            }}
                        </p>
                    }
                })
        }}
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
                                let kind = o.kind;
                                let href = format!("/organisations/{}", o.slug);
                                let (id, name) = (o.id.clone(), o.name.clone());
                                let target = (o.id.clone(), o.name.clone());
                                let reason = RwSignal::new(String::new());
                                let asking = RwSignal::new(false);
                                let field = format!("reject-{}", o.id);
                                let rejected = o.rejected_at.clone().map(|at| {
                                    (at.chars().take(10).collect::<String>(), o.rejection_reason.clone().unwrap_or_default())
                                });
                                let open = rejected.is_none();
                                view! {
                                    <li class="card" data-testid="queue-entry">
                                        <h2>
                                            <A href=href>{o.name.clone()}</A>
                                        </h2>
                                        <p class="meta">{kind.label(i18n)} " · " {crate::components::labels::instant(i18n, &o.created_at, false)}</p>
                                        {o.description.map(|d| view! { <p>{d}</p> })}
                                        {rejected
                                            .map(|(date, why)| {
                                                view! {
                                                    <p class="notice notice-error" data-testid="rejected">
                                                        {t!(i18n, queue_rejected_on, date = date.clone())} " " <bdi>{why}</bdi>
                                                    </p>
                                                }
                                            })}
                                        <div class="actions">
                                            <button type="button" on:click=move |_| review(id.clone(), name.clone(), true, String::new())>
                                                {t_string!(i18n, queue_verify)}
                                            </button>
                                            {open
                                                .then(|| {
                                                    view! {
                                                        <button type="button" class="link-button" on:click=move |_| asking.set(true)>
                                                            {t_string!(i18n, queue_reject)}
                                                        </button>
                                                    }
                                                })}
                                        </div>
                                        {move || {
                                            let (id, name) = target.clone();
                                            let field = field.clone();
                                            asking
                                                .get()
                                                .then(|| {
                                                    view! {
                                                        <div class="field inline-form">
                                                            <label for=field.clone()>{t_string!(i18n, queue_reject_reason)}</label>
                                                            <textarea
                                                                id=field
                                                                rows="3"
                                                                prop:value=move || reason.get()
                                                                on:input=move |ev| reason.set(event_target_value(&ev))
                                                            ></textarea>
                                                            <div class="actions">
                                                                <button
                                                                    type="button"
                                                                    on:click=move |_| review(id.clone(), name.clone(), false, reason.get_untracked())
                                                                >
                                                                    {t_string!(i18n, queue_reject_send)}
                                                                </button>
                                                                <button type="button" class="link-button" on:click=move |_| asking.set(false)>
                                                                    {t_string!(i18n, queue_reject_keep)}
                                                                </button>
                                                            </div>
                                                        </div>
                                                    }
                                                })
                                        }}
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
