//! The invitations page (ADMIN): inviting people, and the open invitations.

use leptos::{prelude::*, task::spawn_local};
use migraup_domain::Role;

use crate::{
    api::{ApiError, Directory, Invitations, InviteUser, RevokeInvitation, directory, invitations, invite_user, revoke_invitation},
    components::{
        feedback::loaded,
        form::{Field, FormError},
        select::{Labelled, Select},
    },
    i18n::*,
    session::use_session,
};

/// The invitations page.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let open = session.resource(move || crate::api::body::<Invitations>(invitations::Variables));
    let organisations = LocalResource::new(move || {
        let lang = i18n.get_locale_untracked().as_str().to_owned();
        let _user = session.user.get();
        async move {
            let vars = directory::Variables { filter: None, first: Some(50), after: None };
            session
                .call::<Directory>(vars, &lang)
                .await
                .map(|d| d.organisations.edges.into_iter().map(|e| (e.node.id, e.node.name)).collect::<Vec<_>>())
        }
    });
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::MoRepresentative);
    let organisation = RwSignal::new(String::new());
    // The invited person's language: their e-mail's and, later, their account's.
    let language = RwSignal::new(i18n.get_locale_untracked());
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        sent.set(None);
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let input = invite_user::InviteUserInput {
                email: email.get_untracked(),
                role: role.get_untracked(),
                organisation_id: Some(organisation.get_untracked()).filter(|o| !o.is_empty()),
                language: Some(language.get_untracked().as_str().to_owned()),
            };
            match session.call::<InviteUser>(invite_user::Variables { input }, &lang).await {
                Ok(d) => {
                    sent.set(Some(d.invite_user.email));
                    email.set(String::new());
                    open.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{t_string!(i18n, inv_title)}</h1>
        <FormError error=error fields=&["email", "role", "organisationId", "language"] />
        {move || sent.get().map(|to| view! { <p class="notice" role="status" data-testid="invitation-sent">{t!(i18n, inv_sent, email = view! { <bdi>{to.clone()}</bdi> })}</p> })}
        <form class="form narrow" on:submit=submit novalidate>
            <Field
                id="invite-email"
                field="email"
                label=Signal::derive(move || t_string!(i18n, inv_email).to_string())
                value=email
                error=error
                kind="email"
            />
            <Select id="invite-role" label=t_string!(i18n, inv_role) value=role field="role" error=error />
            <Select
                id="invite-organisation"
                label=t_string!(i18n, inv_organisation)
                value=organisation
                options=Signal::derive(move || organisations.get().and_then(Result::ok).unwrap_or_default())
                none="–"
                field="organisationId"
                error=error
            />
            <Select id="invite-language" label=t_string!(i18n, inv_language) value=language field="language" error=error />
            <button type="submit" disabled=move || busy.get()>
                {t_string!(i18n, inv_submit)}
            </button>
        </form>
        <h2>{t_string!(i18n, inv_open)}</h2>
        <OpenInvitations open error />

    }
}

/// The open invitations, each with a button to withdraw it.
#[component]
fn OpenInvitations(open: LocalResource<Result<serde_json::Value, ApiError>>, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Withdrawing an invitation makes its link useless at once.
    let revoke = move |id: String| {
        error.set(None);
        spawn_local(async move {
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            match session.call::<RevokeInvitation>(revoke_invitation::Variables { id }, &lang).await {
                Ok(_) => open.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    loaded::<Invitations>(open, move |d| match d {
        d if d.invitations.is_empty() => view! { <p>{t_string!(i18n, inv_none)}</p> }.into_any(),
        d => view! {
            <ul class="cards">
                {d
                    .invitations
                    .into_iter()
                    .map(|inv| {
                        let role = inv.role.label(i18n);
                        let until = crate::components::labels::instant(i18n, &inv.expires_at, false);
                        let id = inv.id.clone();
                        view! {
                            <li class="card" data-testid="open-invitation">
                                <strong>{inv.email}</strong>
                                " · "
                                {role}
                                {inv.organisation.map(|o| view! { " · " {o.name} })}
                                " · "
                                {t!(i18n, inv_until, date = until.clone())}
                                " "
                                <button type="button" class="link-button" on:click=move |_| revoke(id.clone())>
                                    {t_string!(i18n, inv_revoke)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    })
}
