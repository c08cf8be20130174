//! Test helpers: a fresh database per test (SQLite file or PostgreSQL database), the
//! real router, a GraphQL client and fixtures.

use std::net::SocketAddr;

use axum::{
    Router,
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{HeaderMap, Request, StatusCode},
};
use http_body_util::BodyExt;
use migraup_core::{Core, organisations::OrganisationInput};
use migraup_domain::{OrganisationKind, Role, Visibility};
use migraup_server::Settings;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub use migraup_blackbox::postgres_admin_url;

/// A running app on a fresh database.
pub struct TestApp {
    pub router: Router,
    pub core: Core,
    database_url: String,
    /// Dropped (and the database with it) when the test ends, also when it panics.
    db: migraup_blackbox::TestDb,
}

/// A GraphQL answer with its HTTP details.
pub struct Answer {
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The first error's `extensions.code`.
    pub fn code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }
    /// The first error's `extensions.field`.
    pub fn field(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["field"].as_str()
    }
    /// `data`, asserting there were no errors.
    pub fn data(&self) -> &Value {
        assert!(self.body.get("errors").is_none(), "unexpected errors: {}", self.body);
        &self.body["data"]
    }
}

pub fn settings(database_url: String) -> Settings {
    Settings {
        database_url,
        bind: "127.0.0.1:0".parse().unwrap(),
        env: "development".into(),
        jwt_secret: Some("test-secret-that-is-long-enough-for-hs256-keys".into()),
        public_url: Some("http://migraup.test".into()),
        smtp_url: None,
        mail_from: "migraup <noreply@migraup.test>".into(),
        static_dir: "/nonexistent".into(),
        demo: false,
        trusted_proxies: None,
        allow_http: false,
        mail_retry_seconds: 1,
        retention_months: 12,
        open_data_licence: "CC BY 4.0".into(),
        open_data_licence_url: "https://creativecommons.org/licenses/by/4.0/".into(),
        imprint_file: None,
        privacy_file: None,
        metrics_token: None,
        region_dir: None,
        migrate_on_start: true,
        backup_dir: None,
        backup_hour: 3,
        shutdown_drain_seconds: 0,
    }
}

impl TestApp {
    /// Starts the router on a new database of `backend`.
    pub async fn spawn(backend: Backend) -> TestApp {
        let db = match backend {
            Backend::Sqlite => migraup_blackbox::TestDb::sqlite(),
            Backend::Postgres => migraup_blackbox::TestDb::postgres(),
        };
        let url = db.url.clone();
        let settings = settings(url.clone());
        let core = migraup_server::build_core(&settings).await.expect("build core");
        let router = migraup_server::router(core.clone(), &settings, std::path::Path::new(&settings.static_dir))
            .expect("router")
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        TestApp { router, core, database_url: url, db }
    }

    /// Starts the router for another region (`MIGRAUP_REGION_DIR`) on an empty database
    /// (the template has Pankow's Ortsteile).
    pub async fn spawn_in_region(backend: Backend, region_dir: &std::path::Path) -> TestApp {
        let db = match backend {
            Backend::Sqlite => migraup_blackbox::TestDb::sqlite(),
            Backend::Postgres => migraup_blackbox::TestDb::postgres_empty(),
        };
        let url = db.url.clone();
        let settings = Settings { region_dir: Some(region_dir.to_owned()), ..settings(url.clone()) };
        let core = migraup_server::build_core(&settings).await.expect("build core");
        let router = migraup_server::router(core.clone(), &settings, std::path::Path::new(&settings.static_dir))
            .expect("router")
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        TestApp { router, core, database_url: url, db }
    }

    /// The database URL, to connect a second server to the same database.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// The PostgreSQL database of this test, if it runs on PostgreSQL.
    pub fn postgres_name(&self) -> Option<&str> {
        self.db.postgres_name()
    }

    /// Sends a raw HTTP request to the router.
    pub async fn raw(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        (status, headers, bytes)
    }

    /// Runs a GraphQL operation, optionally signed in and with extra headers.
    pub async fn gql_with(&self, token: Option<&str>, headers: &[(&str, &str)], query: &str, variables: Value) -> Answer {
        let mut builder = Request::post("/graphql").header("content-type", "application/json");
        if let Some(t) = token {
            builder = builder.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (status, headers, bytes) = self.raw(builder.body(Body::from(body)).unwrap()).await;
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| json!({ "raw": String::from_utf8_lossy(&bytes) }));
        let _ = status;
        Answer { headers, body }
    }

    /// Runs a GraphQL operation.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Answer {
        self.gql_with(token, &[], query, variables).await
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let a = self
            .gql(
                None,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
                json!({ "e": email, "p": password }),
            )
            .await;
        a.data()["login"]["accessToken"].as_str().expect("access token").to_owned()
    }
}

/// An access token for `user_id`, signed as the server signs them: the fixture's
/// accounts are "signed in" without six password checks (Argon2) per test. Sign-in
/// itself is tested through `login` in the accounts tests.
pub fn token_for(user_id: uuid::Uuid) -> String {
    let now = chrono::Utc::now();
    let claims = json!({
        "iss": "migraup", "aud": "migraup-api", "sub": user_id.to_string(),
        "exp": now.timestamp() + 900, "nbf": now.timestamp() - 5, "iat": now.timestamp(),
        "jti": uuid::Uuid::now_v7().to_string(), "iat_ms": now.timestamp_millis() + 1,
    });
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.typ = Some("at+jwt".into());
    let key = jsonwebtoken::EncodingKey::from_secret(settings(String::new()).jwt_secret.unwrap().as_bytes());
    jsonwebtoken::encode(&header, &claims, &key).expect("signing a test token")
}

/// The newest kept e-mail to `to` (some leave just after the answer).
/// Mails to `to`, waiting (up to a deadline, not a fixed time) until at least `n` arrived:
/// some are sent after the answer.
pub async fn mails_to(app: &TestApp, to: &str, n: usize) -> Vec<migraup_core::mail::SentMail> {
    for _ in 0..200 {
        let found: Vec<_> = app.core.dev_outbox().await.into_iter().filter(|m| m.to == to).collect();
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    app.core.dev_outbox().await.into_iter().filter(|m| m.to == to).collect()
}

pub async fn mail_to(app: &TestApp, to: &str) -> migraup_core::mail::SentMail {
    for _ in 0..200 {
        if let Some(mail) = app.core.dev_outbox().await.into_iter().rev().find(|m| m.to == to) {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("no e-mail to {to}");
}

/// An event of the fixture's organisation, created and published by its representative;
/// `input` is an `EventInput` (title, times, venue, …). Returns the event's id.
pub async fn published_event(app: &TestApp, f: &Fixture, input: Value) -> Value {
    let created = app
        .gql(
            Some(&f.representative),
            "mutation($o: [ID!]!, $i: EventInput!) { createEvent(organisationIds: $o, input: $i) { id } }",
            json!({ "o": [f.org], "i": input }),
        )
        .await;
    let id = created.data()["createEvent"]["id"].clone();
    app.gql(Some(&f.representative), "mutation($id: ID!) { publishEvent(id: $id) { id } }", json!({ "id": id })).await.data();
    id
}

/// The password every fixture account has.
pub const PASSWORD: &str = "ein langes Test-Passwort";

/// Accounts of every role, organisations in every state, signed in.
pub struct Fixture {
    pub admin: String,
    pub administration: String,
    pub representative: String,
    pub other_representative: String,
    pub multiplier: String,
    pub council: String,
    /// Verified, public; `representative` is its member.
    pub org: String,
    /// Verified, members-only; `representative` is its member.
    pub members_only: String,
    /// Unverified; `other_representative` is its member.
    pub unverified: String,
    pub topic: String,
    pub district: String,
}

impl Fixture {
    pub async fn new(app: &TestApp) -> Fixture {
        let core = &app.core;
        let mut ids = Vec::new();
        for (email, role) in [
            ("admin@test.org", Role::Admin),
            ("verwaltung@test.org", Role::Administration),
            ("vertretung@test.org", Role::MoRepresentative),
            ("andere@test.org", Role::MoRepresentative),
            ("multi@test.org", Role::Multiplier),
            ("beirat@test.org", Role::Council),
        ] {
            ids.push(core.create_user(email, email, role, PASSWORD).await.expect("user").id);
        }
        let admin = token_for(ids[0]);
        let topics = app.gql(None, "{ topics { id } districts { id } }", json!({})).await;
        let topic = topics.data()["topics"][0]["id"].as_str().unwrap().to_owned();
        let district = topics.data()["districts"][0]["id"].as_str().unwrap().to_owned();
        let create = |name: &'static str, vis: &'static str| {
            let admin = admin.clone();
            let topic = topic.clone();
            async move {
                let a = app
                    .gql(
                        Some(&admin),
                        "mutation($i: OrganisationInput!) { createOrganisation(input: $i) { id } }",
                        json!({ "i": { "name": name, "kind": "MIGRANT_ORGANISATION", "visibility": vis, "topicIds": [topic], "languages": ["de", "ar"] } }),
                    )
                    .await;
                a.data()["createOrganisation"]["id"].as_str().unwrap().to_owned()
            }
        };
        let org = create("Verein Sonnenblume e.V.", "PUBLIC").await;
        let members_only = create("Geschützter Kreis", "MEMBERS").await;
        // An unverified suggestion, made through the core as a multiplier would.
        let multiplier_actor = migraup_core::Actor {
            user: Some(migraup_core::actor::ActorUser { id: ids[4], role: Role::Multiplier, organisations: vec![], provisional: false }),
            lang: Default::default(),
            token: None,
        };
        let unverified = core
            .create_organisation(
                &multiplier_actor,
                OrganisationInput {
                    name: Some("Neue Initiative".into()),
                    kind: Some(OrganisationKind::Initiative),
                    visibility: Some(Visibility::Public),
                    ..Default::default()
                },
            )
            .await
            .expect("suggestion")
            .id
            .to_string();
        for (user, org_id) in [(ids[2], &org), (ids[2], &members_only), (ids[3], &unverified)] {
            let a = app
                .gql(
                    Some(&admin),
                    "mutation($o: ID!, $u: ID!) { addOrganisationMember(organisationId: $o, userId: $u) { isContactPerson } }",
                    json!({ "o": org_id, "u": user.to_string() }),
                )
                .await;
            a.data();
        }
        Fixture {
            administration: token_for(ids[1]),
            representative: token_for(ids[2]),
            other_representative: token_for(ids[3]),
            multiplier: token_for(ids[4]),
            council: token_for(ids[5]),
            admin,
            org,
            members_only,
            unverified,
            topic,
            district,
        }
    }
}

/// A second verified organisation, with the other representative as member.
pub async fn partner_org(app: &TestApp, f: &Fixture) -> String {
    let a = app
        .gql(
            Some(&f.admin),
            "mutation { createOrganisation(input: { name: \"Frauentreff Weißensee\", kind: MIGRANT_ORGANISATION }) { id } }",
            json!({}),
        )
        .await;
    let org = a.data()["createOrganisation"]["id"].as_str().unwrap().to_owned();
    let users = app.gql(Some(&f.admin), "{ users(first: 50) { edges { node { id email } } } }", json!({})).await;
    let other =
        users.data()["users"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["email"] == "andere@test.org").unwrap()["node"]["id"]
            .clone();
    app.gql(
        Some(&f.admin),
        "mutation($o: ID!, $u: ID!) { addOrganisationMember(organisationId: $o, userId: $u) { isContactPerson } }",
        json!({ "o": org, "u": other }),
    )
    .await
    .data();
    org
}

/// Defines `NAME::sqlite` and `NAME::postgres`, running the same body on each database.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}
