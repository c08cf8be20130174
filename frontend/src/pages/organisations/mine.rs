//! "My organisation": the organisations a representative speaks for, and inviting colleagues.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{ApiError, InviteUser, MyOrganisations, invite_user, my_organisations},
    components::{
        feedback::loaded,
        form::{Field, FormError},
    },
    i18n::*,
    session::use_session,
};

use super::{contact_consent::ContactConsent, upkeep::UpkeepSection};

/// The list of one's own organisations with links to edit them.
#[component]
pub fn MyOrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Signed out, `me` is null: the page asks to sign in (and refetches on sign-in).
    let data = session.resource(move || crate::api::body::<MyOrganisations>(my_organisations::Variables));
    view! {
        <h1>{t_string!(i18n, my_title)}</h1>
        {loaded::<MyOrganisations>(data, move |d| {
                            let Some(me) = d.me else {
                                return view! { <p class="notice">{t_string!(i18n, login_required)}</p> }.into_any();
                            };
                            let orgs: Vec<_> = me
                                .memberships
                                .into_iter()
                                .filter_map(|m| m.organisation.map(|o| (o, m.is_contact_person, m.contact_consent)))
                                .collect();
                            if orgs.is_empty() {
                                view! { <p>{t_string!(i18n, my_none)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards">
                                        {orgs
                                            .into_iter()
                                            .map(|(o, is_contact_person, consent)| {
                                                let edit = format!("/organisations/{}/edit", o.slug);
                                                let profile = format!("/organisations/{}", o.slug);
                                                let org_id = o.id.clone();
                                                let slug = o.slug.clone();
                                                view! {
                                                    <li class="card">
                                                        <h2>{o.name}</h2>
                                                        <p class="actions">
                                                            {o.can_edit.then(|| view! { <A href=edit attr:class="button">{t_string!(i18n, my_edit)}</A> })}
                                                            " "
                                                            <A href=profile>{t_string!(i18n, my_view)}</A>
                                                        </p>
                                                        {o.can_edit.then(|| view! { <UpkeepSection slug=slug.clone() /> })}
                                                        {o.can_edit.then(|| view! { <InviteColleague organisation_id=org_id.clone() /> })}
                                                        <ContactConsent organisation_id=org_id.clone() is_contact_person consent />
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

/// Invites a colleague as representative of the same organisation.
#[component]
fn InviteColleague(organisation_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let email = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(None::<String>);
    let id = format!("colleague-{organisation_id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        sent.set(None);
        let organisation_id = organisation_id.clone();
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let input = invite_user::InviteUserInput {
                email: email.get_untracked(),
                role: migraup_domain::Role::MoRepresentative,
                organisation_id: Some(organisation_id),
                // The colleague's e-mail in the inviting person's language.
                language: None,
            };
            match session.call::<InviteUser>(invite_user::Variables { input }, &lang).await {
                Ok(d) => {
                    sent.set(Some(d.invite_user.email));
                    email.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form inline-form" on:submit=submit novalidate>
            <h3>{t_string!(i18n, colleague_title)}</h3>
            <FormError error=error fields=&["email"] />
            {move || sent.get().map(|to| view! { <p class="notice" role="status">{t!(i18n, inv_sent, email = view! { <bdi>{to.clone()}</bdi> })}</p> })}
            <Field id=id field="email" label=Signal::derive(move || t_string!(i18n, inv_email).to_string()) value=email error=error kind="email" />
            <button type="submit">{t_string!(i18n, colleague_submit)}</button>
        </form>
    }
}
