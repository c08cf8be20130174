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
    events::form::{EditEventPage, NewEventPage},
    network::overview::NetworkPage,
    organisations::{edit::EditOrganisationPage, join::JoinPage, mine::MyOrganisationPage},
    projects::form::{EditProjectPage, NewProjectPage},
};
use crate::{
    components::header::Header,
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

/// The public bundle (built without the `work` feature) has the public pages only; a
/// work page reached from there is loaded from the server, which answers with the
/// whole app.
#[cfg(not(feature = "work"))]
macro_rules! loaded_in_full {
    ($($page:ident),+ $(,)?) => {$(
        #[allow(non_snake_case)]
        fn $page() -> impl IntoView {
            // The router's location, not the window's: a link followed inside the app
            // renders the route before the address bar changes.
            let location = leptos_router::hooks::use_location();
            let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
            // Only a path of this site (the router's own), never another host.
            let path = if path.starts_with('/') && !path.starts_with("//") { path } else { String::from("/") };
            let target = if search.is_empty() { path } else { format!("{path}?{search}") };
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(&target);
            }
            view! { <crate::components::feedback::Loading /> }
        }
    )+};
}

#[cfg(not(feature = "work"))]
loaded_in_full!(
    AcceptInvitationPage,
    LoginPage,
    ForgotPasswordPage,
    ResetPasswordPage,
    ConfirmEmailPage,
    RegisterPage,
    AccountPage,
    AuditLogPage,
    InvitationsPage,
    OutboxPage,
    VerificationQueuePage,
    TaxonomyPage,
    UsersPage,
    EditEventPage,
    NewEventPage,
    NetworkPage,
    EditOrganisationPage,
    MyOrganisationPage,
    EditProjectPage,
    NewProjectPage,
    InboxPage,
    StillCurrentPage,
    FreshnessPage,
    ImportPage,
    JoinPage,
);

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
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
    Session::provide(lang);
    // The texts are plain strings (not one reactive closure each, which costs WASM
    // size); switching the language renders the app anew instead.
    move || {
        let _ = rendered.get();
        view! {
        <Router>
            <a class="skip-link" href="#main">{t_string!(i18n, skip_to_content)}</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/organisations") view=DirectoryPage />
                    <Route path=path!("/organisations/:slug") view=OrganisationPage />
                    <Route path=path!("/organisations/:slug/edit") view=EditOrganisationPage />
                    <Route path=path!("/organisations/:slug/join") view=JoinPage />
                    <Route path=path!("/my-organisation") view=MyOrganisationPage />
                    <Route path=path!("/events") view=EventsPage />
                    <Route path=path!("/events/new") view=NewEventPage />
                    <Route path=path!("/events/:id") view=EventDetailPage />
                    <Route path=path!("/events/:id/edit") view=EditEventPage />
                    <Route path=path!("/projects") view=ProjectsPage />
                    <Route path=path!("/projects/new") view=NewProjectPage />
                    <Route path=path!("/projects/:id") view=ProjectDetailPage />
                    <Route path=path!("/projects/:id/edit") view=EditProjectPage />
                    <Route path=path!("/network") view=NetworkPage />
                    <Route path=path!("/admin/invitations") view=InvitationsPage />
                    <Route path=path!("/invitation") view=AcceptInvitationPage />
                    <Route path=path!("/admin/verification") view=VerificationQueuePage />
                    <Route path=path!("/admin/users") view=UsersPage />
                    <Route path=path!("/admin/audit-log") view=AuditLogPage />
                    <Route path=path!("/admin/mail") view=OutboxPage />
                    <Route path=path!("/admin/taxonomy") view=TaxonomyPage />
                    <Route path=path!("/admin/freshness") view=FreshnessPage />
                    <Route path=path!("/admin/import") view=ImportPage />
                    <Route path=path!("/inbox") view=InboxPage />
                    <Route path=path!("/still-current") view=StillCurrentPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/reset-password") view=ResetPasswordPage />
                    <Route path=path!("/register") view=RegisterPage />
                    <Route path=path!("/confirm-email") view=ConfirmEmailPage />
                    <Route path=path!("/login") view=LoginPage />
                </Routes>
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
                </p>
            </footer>
        </Router>
        }
    }
}
