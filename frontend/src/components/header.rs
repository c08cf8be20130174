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

/// The header on every page. Phone first: the brand, the inbox with its count and a
/// menu button in one row (at most 64 px); the menu is a `<details>` disclosure, as on
/// the server-rendered pages, so it opens without the app, and on wide screens its
/// panel shows inline (`main.css`). It closes when a link in it is followed.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a").ok().flatten());
        if link.is_some()
            && let Some(menu) = menu.get()
        {
            menu.set_open(false);
            if let Ok(Some(open)) = menu.query_selector("details[open]") {
                let _ = open.remove_attribute("open");
            }
        }
    };
    view! {
        <header class="site-header">
            <div class="brand">
                <A href="/">
                    <span class="brand-name">{t_string!(i18n, app_name)}</span>
                </A>
                <span class="brand-tagline">{t_string!(i18n, tagline)}</span>
            </div>
            {
                #[cfg(feature = "work")]
                view! { <InboxLink /> }
            }
            <details class="menu" node_ref=menu on:click=close>
                <summary>{t_string!(i18n, menu_open)}</summary>
                <div class="menu-panel">
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
                            <li>
                                <A href="/groups">{t_string!(i18n, nav_groups)}</A>
                            </li>
                            <li>
                                <A href="/ideas">{t_string!(i18n, nav_ideas)}</A>
                            </li>
                            <li>
                                <A href="/concerns">{t_string!(i18n, nav_concerns)}</A>
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
                </div>
            </details>
        </header>
    }
}

/// The pages of a person's own work, each with the operation that opens it to a role.
const WORK_LINKS: [(Operation, &str, usize); 3] = [
    (Operation::UpdateOrganisation, "/my-organisation", key::nav_my_organisation),
    (Operation::ViewNetwork, "/network", key::nav_network),
    (Operation::ViewCouncilBoard, "/council", key::nav_council),
];

/// The coordination team's pages, grouped in one menu.
const COORDINATION_LINKS: [(Operation, &str, usize); 8] = [
    (Operation::VerifyOrganisation, "/admin/verification", key::nav_queue),
    (Operation::VerifyOrganisation, "/admin/invitations", key::nav_users),
    (Operation::VerifyOrganisation, "/admin/users", key::nav_admin_users),
    (Operation::VerifyOrganisation, "/admin/taxonomy", key::nav_taxonomy),
    (Operation::VerifyOrganisation, "/admin/audit-log", key::nav_audit),
    (Operation::VerifyOrganisation, "/admin/mail", key::nav_outbox),
    (Operation::VerifyOrganisation, "/admin/freshness", key::nav_freshness),
    (Operation::ImportOrganisations, "/admin/import", key::nav_import),
];

/// The links of the pages the signed-in person's role may use; the coordination
/// team's in a menu of their own.
#[component]
fn RoleLinks() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let links = move |list: &'static [(Operation, &'static str, usize)]| {
        let user = session.user.get();
        list.iter()
            .filter(|(op, _, _)| user.as_ref().is_some_and(|u| u.may(*op)))
            .map(|(_, href, text)| view! { <li><A href=*href>{crate::i18n::text(*text)}</A></li> })
            .collect::<Vec<_>>()
    };
    move || {
        let coordination = links(&COORDINATION_LINKS);
        view! {
            {links(&WORK_LINKS)}
            {(!coordination.is_empty())
                .then(|| {
                    view! {
                        <li>
                            <details class="submenu">
                                <summary>{t_string!(i18n, nav_coordination)}</summary>
                                <ul>{coordination}</ul>
                            </details>
                        </li>
                    }
                })}
        }
    }
}

/// The inbox with the number of decisions waiting, counted anew on every page. Drawn
/// only once someone is signed in, so it never asks before the session is restored.
#[cfg(feature = "work")]
#[component]
fn InboxLink() -> impl IntoView {
    let session = use_session();
    move || session.user.get().map(|_| view! { <InboxCountLink /> })
}

#[cfg(feature = "work")]
#[component]
fn InboxCountLink() -> impl IntoView {
    use crate::api::{self, InboxCount, inbox_count};
    let i18n = use_i18n();
    let session = use_session();
    let location = leptos_router::hooks::use_location();
    let count = session.resource(move || {
        location.pathname.track();
        session.decided.track();
        api::body::<InboxCount>(inbox_count::Variables)
    });
    let waiting = move || {
        count.get().and_then(|r| r.ok()).and_then(|v| v.pointer("/inbox/count").and_then(serde_json::Value::as_u64)).unwrap_or_default()
    };
    view! {
        <A href="/inbox" attr:class="inbox-link" attr:data-testid="inbox-link">
            {t_string!(i18n, nav_inbox)}
            {move || {
                let n = waiting();
                (n > 0)
                    .then(|| {
                        view! {
                            <span class="badge" data-testid="inbox-count" aria-hidden="true">{n}</span>
                            <span class="visually-hidden">" (" {t!(i18n, inbox_waiting, count = n)} ")"</span>
                        }
                    })
            }}
        </A>
    }
}

/// Who is signed in and the way out.
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
                    // The role is read out everywhere, shown on phones (in the menu).
                    <span class="who-role">
                        " · "
                        <span data-testid="role">{user.role.label(i18n)}</span>
                    </span>
                </span>
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
