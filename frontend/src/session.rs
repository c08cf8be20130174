//! The signed-in session: the access token lives in memory only; the refresh token
//! is an httpOnly cookie, so a reload restores the session silently.

use std::{future::Future, pin::Pin};

/// A boxed fetcher: one type for every page's resource.
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<serde_json::Value, ApiError>>>>>;

use leptos::{prelude::*, task::spawn_local};
use migraup_domain::Role;

use crate::api::{self, ApiError};

/// The signed-in person.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Registered themselves; until the coordination team verifies the organisation
    /// they see what the public sees and edit only their pending profile.
    pub awaiting_verification: bool,
}

/// Session state shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: RwSignal<Option<User>>,
    token: RwSignal<Option<String>>,
    /// False until the first silent refresh has answered.
    pub ready: RwSignal<bool>,
    /// Why the silent refresh could not restore a session it found (an answer the
    /// app cannot read, such as a role it does not know): shown, not taken as signed out.
    pub problem: RwSignal<Option<ApiError>>,
    /// Counts decisions taken on this page, so the header's inbox count is read anew.
    pub decided: RwSignal<u32>,
}

impl User {
    /// Whether the web app offers `op` to this person, asked of the domain policy the API
    /// enforces (for their own organisation, where the operation concerns one; the API
    /// decides per organisation). A provisional account gets what the policy grants it.
    pub fn may(&self, op: migraup_domain::policy::Operation) -> bool {
        if self.awaiting_verification {
            migraup_domain::policy::is_allowed_provisional(op, true)
        } else {
            migraup_domain::policy::is_allowed(Some(self.role), op, true)
        }
    }
}

fn user_from(id: String, email: String, display_name: String, role: Role, awaiting_verification: bool) -> User {
    User { id, email, display_name, role, awaiting_verification }
}

impl Session {
    /// Creates the session, provides it and tries to restore a previous sign-in.
    pub fn provide(lang: Signal<String>) -> Session {
        let session = Session {
            user: RwSignal::new(None),
            token: RwSignal::new(None),
            ready: RwSignal::new(false),
            problem: RwSignal::new(None),
            decided: RwSignal::new(0),
        };
        provide_context(session);
        spawn_local(async move {
            session.refresh(&lang.get_untracked()).await;
            session.ready.set(true);
        });
        session
    }

    /// The current access token.
    pub fn token(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// Renews the access token with the refresh cookie; false when there is no session.
    pub async fn refresh(&self, lang: &str) -> bool {
        let before = self.token.get_untracked();
        let answer = api::call::<api::RefreshSession>(api::refresh_session::Variables, None, lang).await;
        // A sign-in while this was under way (a confirmation link signs in at once) is
        // newer than the cookie this asked about: it stays.
        if self.token.get_untracked() != before {
            return self.token.get_untracked().is_some();
        }
        match answer {
            Ok(data) => {
                let s = data.refresh_session;
                self.token.set(Some(s.access_token));
                self.user.set(Some(user_from(s.user.id, s.user.email, s.user.display_name, s.user.role, s.user.awaiting_verification)));
                whole_app_when_signed_in(true);
                true
            }
            Err(e) => {
                if matches!(e, ApiError::UnknownValue(_)) {
                    self.problem.set(Some(e));
                }
                self.token.set(None);
                self.user.set(None);
                whole_app_when_signed_in(false);
                false
            }
        }
    }

    fn signed_in(&self, token: String, user: User) {
        self.token.set(Some(token));
        self.user.set(Some(user));
        whole_app_when_signed_in(true);
    }

    /// Signs in.
    pub async fn login(&self, email: String, password: String, lang: &str) -> Result<User, ApiError> {
        let data = api::call::<api::Login>(api::login::Variables { email, password }, None, lang).await?;
        let s = data.login;
        let user = user_from(s.user.id, s.user.email, s.user.display_name, s.user.role, s.user.awaiting_verification);
        self.signed_in(s.access_token, user.clone());
        Ok(user)
    }

    /// Creates the invited account and signs it in.
    pub async fn accept_invitation(&self, token: String, display_name: String, password: String, lang: &str) -> Result<User, ApiError> {
        let vars = api::accept_invitation::Variables { token, display_name, password };
        let s = api::call::<api::AcceptInvitation>(vars, None, lang).await?.accept_invitation;
        let user = user_from(s.user.id, s.user.email, s.user.display_name, s.user.role, s.user.awaiting_verification);
        self.signed_in(s.access_token, user.clone());
        Ok(user)
    }

    /// Confirms a registration's e-mail address; the server signs the person in.
    pub async fn confirm_email(&self, token: String, lang: &str) -> Result<User, ApiError> {
        let s = api::call::<api::ConfirmEmail>(api::confirm_email::Variables { token }, None, lang).await?.confirm_email;
        let user = user_from(s.user.id, s.user.email, s.user.display_name, s.user.role, s.user.awaiting_verification);
        self.signed_in(s.access_token, user.clone());
        Ok(user)
    }

    /// Signs out (server-side too).
    pub async fn logout(&self, lang: &str) {
        let _ = api::call::<api::Logout>(api::logout::Variables, self.token(), lang).await;
        self.token.set(None);
        self.user.set(None);
        whole_app_when_signed_in(false);
    }

    /// Calls the API as the signed-in person; an expired access token is renewed once.
    pub async fn call<Q: graphql_client::GraphQLQuery>(&self, variables: Q::Variables, lang: &str) -> Result<Q::ResponseData, ApiError> {
        api::decode::<Q>(self.send(api::body::<Q>(variables)?, lang).await?)
    }

    /// An operation's untyped answer, for resources (see `components::feedback::loaded`).
    pub async fn fetch<Q: graphql_client::GraphQLQuery>(&self, variables: Q::Variables, lang: &str) -> Result<serde_json::Value, ApiError> {
        self.send(api::body::<Q>(variables)?, lang).await
    }

    /// A resource for a page: `body` builds the request (reading the signals it
    /// depends on); it refetches when they change or someone signs in or out.
    ///
    /// The fetcher is boxed on purpose: every page then shares one copy of the
    /// resource machinery in the WASM instead of one per page.
    pub fn resource(&self, body: impl Fn() -> Result<String, ApiError> + 'static) -> LocalResource<Result<serde_json::Value, ApiError>> {
        let session = *self;
        let i18n = crate::i18n::use_i18n();
        let body: Box<dyn Fn() -> Result<String, ApiError>> = Box::new(body);
        let fetch: Fetch = Box::new(move || {
            let _user = session.user.get();
            let lang = i18n.get_locale_untracked().as_str().to_owned();
            let body = body();
            Box::pin(async move { session.send(body?, &lang).await })
        });
        LocalResource::new(fetch)
    }

    /// The untyped part of [`Session::call`], shared by every operation.
    pub(crate) async fn send(&self, body: String, lang: &str) -> Result<serde_json::Value, ApiError> {
        match api::post(body.clone(), self.token(), lang).await {
            Err(e) if e.code() == "UNAUTHENTICATED" && self.token().is_some() => {
                let token = if self.refresh(lang).await { self.token() } else { None };
                api::post(body, token, lang).await
            }
            other => other,
        }
    }
}

/// The session from context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The cookie that tells the server to answer public pages with the whole app (a
/// person is signed in) instead of the public bundle. Not a credential: it only picks
/// which build of the app the page loads.
const WHOLE_APP_COOKIE: &str = "migraup_app=whole";

/// Keeps the cookie in step with the session. The public bundle has no pages for a
/// signed-in person, so on finding one it loads the page again, now as the whole app.
pub fn whole_app_when_signed_in(signed_in: bool) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok()) else {
        return;
    };
    let had = document.cookie().unwrap_or_default().split("; ").any(|c| c == WHOLE_APP_COOKIE);
    let cookie = if signed_in {
        format!("{WHOLE_APP_COOKIE}; Path=/; Max-Age=31536000; SameSite=Lax")
    } else {
        format!("{WHOLE_APP_COOKIE}; Path=/; Max-Age=0; SameSite=Lax")
    };
    if had != signed_in {
        let _ = document.set_cookie(&cookie);
    }
    // Only once: had the server ignored the cookie, the page would not load forever.
    if cfg!(not(feature = "work"))
        && signed_in
        && !had
        && let Some(window) = web_sys::window()
    {
        let _ = window.location().reload();
    }
}
