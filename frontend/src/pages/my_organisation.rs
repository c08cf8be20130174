//! "My organisation": the organisations a representative speaks for.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::{MyOrganisations, my_organisations},
    components::feedback::{ErrorNotice, Loading},
    i18n::*,
    session::use_session,
};

/// The list of one's own organisations with links to edit them.
#[component]
pub fn MyOrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let data = LocalResource::new(move || {
        let lang = i18n.get_locale().as_str().to_owned();
        let signed_in = session.user.get().is_some();
        async move { if signed_in { Some(session.call::<MyOrganisations>(my_organisations::Variables, &lang).await) } else { None } }
    });
    view! {
        <h1>{t!(i18n, my_title)}</h1>
        <Transition fallback=Loading>
            {move || {
                data.get()
                    .map(|result| match result {
                        None => view! { <p class="notice">{t!(i18n, login_required)}</p> }.into_any(),
                        Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move || data.refetch() /> }.into_any(),
                        Some(Ok(d)) => {
                            let orgs: Vec<_> = d.me.map(|me| me.memberships).unwrap_or_default().into_iter().filter_map(|m| m.organisation).collect();
                            if orgs.is_empty() {
                                view! { <p>{t!(i18n, my_none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards">
                                        {orgs
                                            .into_iter()
                                            .map(|o| {
                                                let edit = format!("/organisations/{}/edit", o.slug);
                                                let profile = format!("/organisations/{}", o.slug);
                                                view! {
                                                    <li class="card">
                                                        <h2>{o.name}</h2>
                                                        <p class="actions">
                                                            {o.can_edit.then(|| view! { <A href=edit attr:class="button">{t!(i18n, my_edit)}</A> })}
                                                            " "
                                                            <A href=profile>{t!(i18n, my_view)}</A>
                                                        </p>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        }
                    })
            }}
        </Transition>
    }
}
