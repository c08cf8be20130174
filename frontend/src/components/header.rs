//! The site header: brand, main navigation (per role), session and language switch.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_navigate};

use migraup_domain::{Lang, Operation};

use crate::{
    components::{
        select::{Binding, Labelled, Layout, Select},
        signed_in_only,
    },
    i18n::*,
    session::use_session,
};

/// The header on every page.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <header class="site-header">
            <div class="brand">
                <A href="/">
                    <span class="brand-name">{t_string!(i18n, app_name)}</span>
                </A>
                <span class="brand-tagline">{t_string!(i18n, tagline)}</span>
            </div>
            <nav aria-label=move || t_string!(i18n, main_navigation)>
                <ul class="nav-list">
                    <li>
                        <A href="/">{t_string!(i18n, nav_home)}</A>
                    </li>
                    <li>
                        <A href="/organisations">{t_string!(i18n, nav_directory)}</A>
                    </li>
                    <li>
                        <A href="/events">{t_string!(i18n, nav_events)}</A>
                    </li>
                    <li>
                        <A href="/projects">{t_string!(i18n, nav_projects)}</A>
                    </li>
                    // Each role sees what it can do; the API enforces the rules.
                    {signed_in_only(move || view! { <RoleLinks /> })}
                </ul>
            </nav>
            <div class="session">
                {signed_in_only(move || view! { <SignedIn /> })}
                {move || session.user.get().is_none().then(|| view! { <A href="/login">{t_string!(i18n, nav_login)}</A> })}
            </div>
            <LanguageSwitch />
        </header>
    }
}

/// The pages of signed-in work, each with the operation that opens it to a role.
const ROLE_LINKS: [(Operation, &str, usize); 10] = [
    (Operation::UpdateOrganisation, "/my-organisation", key::nav_my_organisation),
    (Operation::ViewNetwork, "/network", key::nav_network),
    (Operation::VerifyOrganisation, "/admin/verification", key::nav_queue),
    (Operation::VerifyOrganisation, "/admin/invitations", key::nav_users),
    (Operation::VerifyOrganisation, "/admin/users", key::nav_admin_users),
    (Operation::VerifyOrganisation, "/admin/taxonomy", key::nav_taxonomy),
    (Operation::VerifyOrganisation, "/admin/audit-log", key::nav_audit),
    (Operation::VerifyOrganisation, "/admin/mail", key::nav_outbox),
    (Operation::VerifyOrganisation, "/admin/freshness", key::nav_freshness),
    (Operation::ImportOrganisations, "/admin/import", key::nav_import),
];

/// The links of the pages the signed-in person's role may use.
#[component]
fn RoleLinks() -> impl IntoView {
    let session = use_session();
    move || {
        let user = session.user.get();
        ROLE_LINKS
            .iter()
            .filter(|(op, _, _)| user.as_ref().is_some_and(|u| u.may(*op)))
            .map(|(_, href, text)| view! { <li><A href=*href>{crate::i18n::text(*text)}</A></li> })
            .collect_view()
    }
}

/// Who is signed in, their inbox and the way out.
#[component]
fn SignedIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session.logout(i18n.get_locale_untracked().as_str()).await;
            navigate("/", Default::default());
        });
    };
    move || {
        session.user.get().map(|user| {
            view! {
                <span class="who" data-testid="signed-in-user">
                    <span class="visually-hidden">{t_string!(i18n, signed_in_as)} " "</span>
                    <A href="/account">
                        <strong>{user.display_name.clone()}</strong>
                    </A>
                    " · "
                    <span data-testid="role">{user.role.label(i18n)}</span>
                </span>
                <A href="/inbox">{t_string!(i18n, nav_inbox)}</A>
                <button type="button" class="link-button" on:click=logout.clone()>
                    {t_string!(i18n, nav_logout)}
                </button>
            }
        })
    }
}

/// Picks the interface language, each named in its own language and script. A form, as
/// on the server-rendered pages, where it works before the app runs (`GET /language`);
/// here choosing is enough.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = i18n.get_locale_untracked();
    view! {
        <form
            class="lang-switch"
            method="get"
            action="/language"
            on:submit=move |ev| {
                ev.prevent_default();
            }
        >
            <Select
                id="language-choice"
                label=t_string!(i18n, language)
                layout=Layout::Hidden
                name="lang"
                value=Binding::of(move || current, move |lang: Lang| i18n.set_locale(lang))
            />
        </form>
    }
}
