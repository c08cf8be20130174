//! The GraphQL client: typed operations generated from the committed schema, sent with
//! the access token and the interface language; errors keep `extensions.code` and `field`.

use graphql_client::{GraphQLQuery, Response};

/// Scalars of the schema as the client sees them.
pub type DateTime = String;
#[expect(clippy::upper_case_acronyms, reason = "the scalar's name in the schema")]
pub type JSON = serde_json::Value;

/// The directory with facets.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/directory.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Directory;

/// One organisation's profile.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/organisation.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct OrganisationPage;

/// Key figures for the home page.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/home.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Home;

/// Sign-in.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/session.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Login;

/// Silent session renewal with the refresh cookie.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/session.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct RefreshSession;

/// Sign-out.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/session.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Logout;

/// The organisations the signed-in person is a member of.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/edit.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct MyOrganisations;

/// An organisation's editable fields.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/edit.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct OrganisationEdit;

/// Saves a profile; fields left `None` are not sent, so they stay as they are.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/edit.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, Default",
    skip_serializing_none
)]
pub struct UpdateOrganisation;

/// Open invitations (ADMIN).
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/accounts.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Invitations;

/// Sends an invitation.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/accounts.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct InviteUser;

/// Creates the invited account and signs in.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/accounts.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct AcceptInvitation;

/// Asks for a reset link.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/public.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct RequestPasswordReset;

/// Sets a new password from a reset link.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/public.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct ResetPassword;

/// Registers an organisation with a pending representative.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/public.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, Default",
    skip_serializing_none
)]
pub struct RegisterOrganisation;

/// Confirms a registration's e-mail address and signs in.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/public.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct ConfirmEmail;

/// Unverified organisations (ADMIN).
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/public.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct VerificationQueue;

/// Marks an organisation as verified.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/public.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct VerifyOrganisation;

/// The signed-in person's account.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Account;

/// Saves name and interface language.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, Default",
    skip_serializing_none
)]
pub struct UpdateMyProfile;

/// Changes the password.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct ChangePassword;

/// All accounts (ADMIN).
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct Users;

/// The audit log (ADMIN).
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/account.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct AuditLog;

/// Adds an offering.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/edit.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, Default",
    skip_serializing_none
)]
pub struct CreateOffering;

/// Edits an offering; fields left `None` stay.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/edit.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone, Default",
    skip_serializing_none
)]
pub struct UpdateOffering;

/// Deletes an offering.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../crates/api/schema.graphql",
    query_path = "queries/edit.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct DeleteOffering;

/// Why a call failed, as the UI needs to know it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server could not be reached or answered nonsense.
    Network,
    /// A GraphQL error with its code, the field at fault and a translated message.
    Graphql { code: String, field: Option<String>, message: String },
}

impl ApiError {
    /// The `extensions.code`, or `NETWORK`.
    pub fn code(&self) -> &str {
        match self {
            ApiError::Network => "NETWORK",
            ApiError::Graphql { code, .. } => code,
        }
    }
}

/// Sends one operation.
pub async fn call<Q: GraphQLQuery>(variables: Q::Variables, token: Option<String>, lang: &str) -> Result<Q::ResponseData, ApiError> {
    let body = Q::build_query(variables);
    let mut request = gloo_net::http::Request::post("/graphql").header("Accept-Language", lang);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request.json(&body).map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)?;
    let parsed: Response<Q::ResponseData> = response.json().await.map_err(|_| ApiError::Network)?;
    if let Some(error) = parsed.errors.as_ref().and_then(|e| e.first()) {
        let ext = error.extensions.as_ref();
        let text = |key: &str| ext.and_then(|x| x.get(key)).and_then(|v| v.as_str()).map(str::to_owned);
        return Err(ApiError::Graphql {
            code: text("code").unwrap_or_else(|| "INTERNAL".into()),
            field: text("field"),
            message: error.message.clone(),
        });
    }
    parsed.data.ok_or(ApiError::Network)
}

/// A GraphQL enum value as its schema name (e.g. `MIGRANT_ORGANISATION`).
pub fn enum_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
