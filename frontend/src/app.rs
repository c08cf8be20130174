//! The shell: i18n and session context, header with navigation and language switch,
//! the routes, and the footer.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

#[cfg(feature = "work")]
use crate::pages::{
    account::{
        accept_invitation::AcceptInvitationPage,
        inbox::InboxPage,
        login::LoginPage,
        password::{ForgotPasswordPage, ResetPasswordPage},
        register::{ConfirmEmailPage, RegisterPage},
        settings::AccountPage,
        still_current::StillCurrentPage,
    },
    admin::{
        audit::AuditLogPage, freshness::FreshnessPage, import::ImportPage, invitations::InvitationsPage, outbox::OutboxPage,
        queue::VerificationQueuePage, taxonomy::TaxonomyPage, users::UsersPage,
    },
    concerns::{detail::ConcernDetailPage, form::NewConcernPage, list::ConcernsPage},
    events::{
        form::{EditEventPage, NewEventPage},
        sign_up::EventSignUpPage,
    },
    groups::{
        detail::GroupDetailPage,
        form::{EditGroupPage, NewGroupPage},
        list::GroupsPage,
    },
    ideas::{board::CouncilBoardPage, detail::IdeaDetailPage, form::NewIdeaPage, list::IdeasPage},
    network::{overview::NetworkPage, report::NetworkReportPage},
    organisations::{edit::EditOrganisationPage, join::JoinPage, mine::MyOrganisationPage},
    projects::form::{EditProjectPage, NewProjectPage},
};
use crate::{
    components::{form::FormError, header::Header},
    i18n::*,
    pages::{
        events::{detail::EventDetailPage, list::EventsPage},
        home::HomePage,
        not_found::NotFound,
        organisations::{detail::OrganisationPage, directory::DirectoryPage},
        projects::{detail::ProjectDetailPage, list::ProjectsPage},
    },
    session::Session,
};

/// The routes: the public pages, then (`work` feature) the pages for signed-in work.
/// The public bundle (built without `work`) has the public pages only; any other path
/// is loaded from the server (`LoadedInFull`), which answers a work page with the
/// whole app.
macro_rules! pages {
    (public: $($path:tt => $page:ident),+ ; work: $($work_path:tt => $work_page:ident),+ $(,)?) => {
        #[cfg(feature = "work")]
        #[component]
        fn Pages() -> impl IntoView {
            view! {
                <Routes fallback=|| view! { <NotFound /> }>
                    // First: routes match in order, and `/events/new` is no event id.
                    $(<Route path=path!($work_path) view=$work_page />)+
                    $(<Route path=path!($path) view=$page />)+
                </Routes>
            }
        }

        #[cfg(not(feature = "work"))]
        #[component]
        fn Pages() -> impl IntoView {
            view! {
                <Routes fallback=LoadedInFull>
                    $(<Route path=path!($path) view=$page />)+
                </Routes>
            }
        }
    };
}

pages!(
    public:
    "/" => HomePage,
    "/organisations" => DirectoryPage,
    "/organisations/:slug" => OrganisationPage,
    "/events" => EventsPage,
    "/events/:id" => EventDetailPage,
    "/projects" => ProjectsPage,
    "/projects/:id" => ProjectDetailPage;
    work:
    "/organisations/:slug/edit" => EditOrganisationPage,
    "/organisations/:slug/join" => JoinPage,
    "/my-organisation" => MyOrganisationPage,
    "/events/new" => NewEventPage,
    "/events/:id/edit" => EditEventPage,
    "/projects/new" => NewProjectPage,
    "/projects/:id/edit" => EditProjectPage,
    "/network" => NetworkPage,
    "/network/report" => NetworkReportPage,
    "/groups" => GroupsPage,
    "/groups/new" => NewGroupPage,
    "/groups/:slug/edit" => EditGroupPage,
    "/groups/:slug" => GroupDetailPage,
    "/ideas" => IdeasPage,
    "/ideas/new" => NewIdeaPage,
    "/ideas/:id" => IdeaDetailPage,
    "/concerns" => ConcernsPage,
    "/concerns/new" => NewConcernPage,
    "/concerns/:id" => ConcernDetailPage,
    "/council" => CouncilBoardPage,
    "/admin/invitations" => InvitationsPage,
    "/invitation" => AcceptInvitationPage,
    "/admin/verification" => VerificationQueuePage,
    "/admin/users" => UsersPage,
    "/admin/audit-log" => AuditLogPage,
    "/admin/mail" => OutboxPage,
    "/admin/taxonomy" => TaxonomyPage,
    "/admin/freshness" => FreshnessPage,
    "/admin/import" => ImportPage,
    "/inbox" => InboxPage,
    "/still-current" => StillCurrentPage,
    "/event-sign-up" => EventSignUpPage,
    "/account" => AccountPage,
    "/forgot-password" => ForgotPasswordPage,
    "/reset-password" => ResetPasswordPage,
    "/register" => RegisterPage,
    "/confirm-email" => ConfirmEmailPage,
    "/login" => LoginPage,
);

#[cfg(not(feature = "work"))]
thread_local! {
    /// The path of the document the server sent, read when the app starts.
    static DOCUMENT_PATH: String = leptos::prelude::window().location().pathname().unwrap_or_default();
}

/// A path the public bundle has no page for: loaded from the server in full. Only
/// when this very document is the server's answer for it (a page the app cannot draw)
/// does it say "not found", so a page never reloads itself.
#[cfg(not(feature = "work"))]
#[component]
fn LoadedInFull() -> impl IntoView {
    // The router's location, not the window's: a link followed inside the app
    // renders the route before the address bar changes.
    let location = leptos_router::hooks::use_location();
    let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
    if DOCUMENT_PATH.with(|first| *first == path) {
        return view! { <NotFound /> }.into_any();
    }
    // Only a path of this site (the router's own), never another host.
    let path = if path.starts_with('/') && !path.starts_with("//") { path } else { String::from("/") };
    let target = if search.is_empty() { path } else { format!("{path}?{search}") };
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&target);
    }
    view! { <crate::components::feedback::Loading /> }.into_any()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    #[cfg(not(feature = "work"))]
    DOCUMENT_PATH.with(|_| ());
    view! {
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    // The language the app is rendered in. It follows the chosen language one turn
    // later (an effect runs after the reactive updates), so that everything reading
    // the language has updated before the old page is disposed.
    let rendered = RwSignal::new(i18n.get_locale_untracked());
    Effect::new(move |before: Option<()>| {
        let locale = i18n.get_locale();
        // A choice (not the first render, which follows the browser) is remembered.
        if before.is_some() {
            crate::language::remember(locale);
        }
        rendered.set(locale);
    });
    let lang = Signal::derive(move || i18n.get_locale().as_str().to_owned());
    let session = Session::provide(lang);
    // The texts are plain strings (not one reactive closure each, which costs WASM
    // size); switching the language renders the app anew instead.
    move || {
        let _ = rendered.get();
        view! {
        <Router>
            <a class="skip-link" href="#main">{t_string!(i18n, skip_to_content)}</a>
            <Header />
            <main id="main" tabindex="-1">
                <FormError error=session.problem />
                <Pages />
            </main>
            <footer class="site-footer">
                <p>{t_string!(i18n, footer_text)}</p>
                // Served by the server (the operator's texts), not by the app's router.
                <p class="legal-links">
                    <a href="/impressum" rel="external">{t_string!(i18n, footer_imprint)}</a>
                    " · "
                    <a href="/datenschutz" rel="external">{t_string!(i18n, footer_privacy)}</a>
                    " · "
                    <a href="/open-data" rel="external">{t_string!(i18n, footer_open_data)}</a>
                    " · "
                    <a href="/api" rel="external">{t_string!(i18n, footer_api)}</a>
                </p>
            </footer>
        </Router>
        }
    }
}
