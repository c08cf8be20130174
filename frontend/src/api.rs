//! The GraphQL client: typed operations generated from the committed schema, sent with
//! the access token and the interface language; errors keep `extensions.code` and `field`.

use graphql_client::{GraphQLQuery, Response};

/// Scalars of the schema as the client sees them.
pub type DateTime = String;
pub type NaiveDate = String;
#[expect(clippy::upper_case_acronyms, reason = "the scalar's name in the schema")]
pub type JSON = serde_json::Value;

#[allow(unused_imports, reason = "named in `extern_enums` for the query that selects it first")]
pub use migraup_domain::TieSource;

/// How fresh an entry is, by the schema's names (the domain's `Freshness` has none
/// on the wire); ordered from current to hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Freshness {
    Current,
    Due,
    Stale,
    Hidden,
}

impl Freshness {
    /// The schema's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Freshness::Current => "CURRENT",
            Freshness::Due => "DUE",
            Freshness::Stale => "STALE",
            Freshness::Hidden => "HIDDEN",
        }
    }
}
/// The schema's enumerations are the domain's own types (`extern_enums`, the same
/// stable names): an answer is read into them in one typed parse (`decode`), so a
/// value the app does not know is an error the person sees, never a guessed value.
pub use migraup_domain::{
    ActionStatus, ConcernStatus, ConcernStep, ConcernVisibility, DuplicateReason, EventStatus, FieldVisibility, IdeaStatus, ImportAction,
    ImportField, ImportRowStatus, ImportState, OrganisationKind, ParticipationState, ProjectStatus, RegistrationStatus, RelationKind,
    RelationState, RequestKind, RequestState, Role, TokenScope, UserStatus, VerificationState, Visibility,
};

/// One typed operation: the derive checks `$file` against the committed schema.
/// (`tt` keeps the literal bare, as the derive expects.)
macro_rules! operation {
    ($(#[$doc:meta])* $name:ident, $file:tt) => {
        $(#[$doc])*
        #[derive(GraphQLQuery)]
        #[graphql(
            schema_path = "../crates/api/schema.graphql",
            query_path = $file,
            response_derives = "Clone",
            variables_derives = "Clone",
            extern_enums(
                "ActionStatus", "ConcernStatus", "ConcernStep", "ConcernVisibility", "DuplicateReason", "IdeaStatus", "EventStatus", "FieldVisibility", "Freshness", "ImportAction", "ImportField", "ImportRowStatus", "ImportState",
                "OrganisationKind", "ParticipationState", "ProjectStatus", "RegistrationStatus", "RelationKind", "RelationState",
                "RequestKind", "RequestState", "Role", "TieSource", "TokenScope", "UserStatus", "VerificationState", "Visibility"
            ),
        )]
        pub struct $name;
    };
    ($(#[$doc:meta])* $name:ident, $file:tt, input) => {
        $(#[$doc])*
        #[derive(GraphQLQuery)]
        #[graphql(
            schema_path = "../crates/api/schema.graphql",
            query_path = $file,
            response_derives = "Clone",
            variables_derives = "Clone, Default",
            skip_serializing_none,
            extern_enums(
                "ActionStatus", "ConcernStatus", "ConcernStep", "ConcernVisibility", "DuplicateReason", "IdeaStatus", "EventStatus", "FieldVisibility", "Freshness", "ImportAction", "ImportField", "ImportRowStatus", "ImportState",
                "OrganisationKind", "ParticipationState", "ProjectStatus", "RegistrationStatus", "RelationKind", "RelationState",
                "RequestKind", "RequestState", "Role", "TieSource", "TokenScope", "UserStatus", "VerificationState", "Visibility"
            ),
        )]
        pub struct $name;
    };
}

operation!(
    /// The Ortsteil a profile's coordinates lie in.
    LocateDistrict, "queries/edit.graphql"
);
operation!(
    /// The ideas, filtered.
    Ideas, "queries/ideas.graphql"
);
operation!(
    /// One idea with its supporters, timeline and comments.
    IdeaPage, "queries/ideas.graphql"
);
operation!(
    /// What the idea form offers.
    IdeaForm, "queries/ideas.graphql"
);
operation!(
    /// Proposes an idea.
    ProposeIdea, "queries/ideas.graphql"
);
operation!(
    /// Gives an organisation's support.
    SupportIdea, "queries/ideas.graphql"
);
operation!(
    /// Comments on an idea.
    CommentOnIdea, "queries/ideas.graphql"
);
operation!(
    /// Edits one's comment.
    EditComment, "queries/ideas.graphql"
);
operation!(
    /// Removes a comment (coordination team).
    RemoveComment, "queries/ideas.graphql"
);
operation!(
    /// Moves an idea on.
    MoveIdea, "queries/ideas.graphql"
);
operation!(
    /// Makes the project of a measure.
    IdeaToProject, "queries/ideas.graphql"
);
operation!(
    /// The council's board.
    CouncilBoard, "queries/ideas.graphql"
);
operation!(
    /// The concerns, filtered.
    Concerns, "queries/concerns.graphql"
);
operation!(
    /// One concern with its timeline.
    ConcernPage, "queries/concerns.graphql"
);
operation!(
    /// What the concern form offers.
    ConcernForm, "queries/concerns.graphql"
);
operation!(
    /// Raises a concern.
    RaiseConcern, "queries/concerns.graphql"
);
operation!(
    /// Joins a concern.
    JoinConcern, "queries/concerns.graphql"
);
operation!(
    /// Takes a concern on.
    TakeConcern, "queries/concerns.graphql"
);
operation!(
    /// Answers a concern.
    AnswerConcern, "queries/concerns.graphql"
);
operation!(
    /// Closes a concern.
    CloseConcern, "queries/concerns.graphql"
);
operation!(
    /// Reopens a concern.
    ReopenConcern, "queries/concerns.graphql"
);
operation!(
    /// The network overview (its answer is read untyped, see `pages/network/`).
    Network, "queries/network.graphql", input
);
operation!(
    /// One of the network's exports, asked for when it is downloaded (read untyped).
    NetworkExport, "queries/network.graphql", input
);
operation!(
    /// The monthly snapshots of the network (read untyped like the overview).
    NetworkSnapshots, "queries/network.graphql"
);
operation!(
    /// What changed between two dates (read untyped like the overview).
    NetworkChange, "queries/network.graphql"
);
operation!(
    /// An organisation's relations (read untyped).
    OrganisationRelations, "queries/relations.graphql"
);
operation!(
    /// Proposes a relation from one's organisation.
    ProposeRelation, "queries/relations.graphql"
);
operation!(
    /// Confirms or declines a proposed relation.
    RespondToRelation, "queries/relations.graphql"
);
operation!(
    /// A signed-in person suggests an organisation the directory lacks.
    SuggestOrganisation, "queries/self_service.graphql", input
);
operation!(
    /// A visitor signs up for a public event (no account).
    SignUpForEvent, "queries/events.graphql"
);
operation!(
    /// Opens a visitor's sign-up link: confirms or shows the sign-up.
    ConfirmEventSignUp, "queries/events.graphql"
);
operation!(
    /// Gives a visitor's place back.
    CancelEventSignUp, "queries/events.graphql"
);
operation!(
    /// How many decisions wait in the inbox (the header's count).
    InboxCount, "queries/self_service.graphql"
);
operation!(
    /// Ends a relation or withdraws a proposal.
    EndRelation, "queries/relations.graphql"
);
operation!(
    /// The directory with facets.
    Directory, "queries/directory.graphql"
);
operation!(
    /// One organisation's profile.
    OrganisationPage, "queries/organisation.graphql"
);
operation!(
    /// Key figures for the home page.
    Home, "queries/home.graphql"
);
operation!(
    /// Sign-in.
    Login, "queries/session.graphql"
);
operation!(
    /// Silent session renewal with the refresh cookie.
    RefreshSession, "queries/session.graphql"
);
operation!(
    /// Sign-out.
    Logout, "queries/session.graphql"
);
operation!(
    /// The organisations the signed-in person is a member of.
    MyOrganisations, "queries/edit.graphql"
);
operation!(
    /// An organisation's editable fields.
    OrganisationEdit, "queries/edit.graphql"
);
operation!(
    /// Saves a profile; fields left `None` are not sent, so they stay as they are.
    UpdateOrganisation, "queries/edit.graphql", input
);
operation!(
    /// Open invitations (ADMIN).
    Invitations, "queries/accounts.graphql"
);
operation!(
    /// Sends an invitation.
    InviteUser, "queries/accounts.graphql"
);
operation!(
    /// Withdraws an open invitation.
    RevokeInvitation, "queries/accounts.graphql"
);
operation!(
    /// Creates the invited account and signs in.
    AcceptInvitation, "queries/accounts.graphql"
);
operation!(
    /// Asks for a reset link.
    RequestPasswordReset, "queries/public.graphql"
);
operation!(
    /// Sets a new password from a reset link.
    ResetPassword, "queries/public.graphql"
);
operation!(
    /// Registers an organisation with a pending representative.
    RegisterOrganisation, "queries/public.graphql", input
);
operation!(
    /// Confirms a registration's e-mail address and signs in.
    ConfirmEmail, "queries/public.graphql"
);
operation!(
    /// Unverified organisations (ADMIN).
    VerificationQueue, "queries/public.graphql"
);
operation!(
    /// Verifies an organisation (`verify`) or rejects its registration with a reason.
    ReviewOrganisation, "queries/public.graphql"
);
operation!(
    /// The signed-in person's account.
    Account, "queries/account.graphql"
);
operation!(
    /// Saves name and interface language.
    UpdateMyProfile, "queries/account.graphql", input
);
operation!(
    /// Changes the password.
    ChangePassword, "queries/account.graphql"
);
operation!(
    /// All accounts (ADMIN).
    Users, "queries/account.graphql"
);
operation!(
    /// Changes an account's role or status (ADMIN).
    UpdateUser, "queries/account.graphql"
);
operation!(
    /// The latest daily backups (coordination team).
    Backups, "queries/account.graphql"
);
operation!(
    /// An organisation's integration tokens.
    ApiTokens, "queries/edit.graphql"
);
operation!(
    /// A new integration token: its secret, shown once.
    CreateApiToken, "queries/edit.graphql"
);
operation!(
    /// Ends an integration token.
    RevokeApiToken, "queries/edit.graphql"
);
operation!(
    /// Whether I keep a private calendar feed.
    MyCalendarFeed, "queries/account.graphql"
);
operation!(
    /// A new private calendar feed: its address, shown once.
    RenewCalendarFeed, "queries/account.graphql"
);
operation!(
    /// Ends my private calendar feed.
    RevokeCalendarFeed, "queries/account.graphql"
);
operation!(
    /// Everything stored about me (read untyped, offered as a JSON download).
    MyData, "queries/account.graphql"
);
operation!(
    /// Deletes my account.
    DeleteMyAccount, "queries/account.graphql"
);
operation!(
    /// The mail outbox (ADMIN).
    MailOutbox, "queries/account.graphql"
);
operation!(
    /// Sends a failed mail again (ADMIN).
    ResendMail, "queries/account.graphql"
);
operation!(
    /// The audit log (ADMIN).
    AuditLog, "queries/account.graphql"
);
operation!(
    /// Adds (`create`) or edits an offering; fields left `None` stay.
    SaveOffering, "queries/edit.graphql", input
);
operation!(
    /// Deletes an offering.
    DeleteOffering, "queries/edit.graphql"
);
operation!(
    /// Whether I am a contact person of an organisation, and my consent to being shown.
    UpdateMyMembership, "queries/edit.graphql"
);
operation!(
    /// Upcoming events or a month, with the filter options and the caller's invitations to co-organise.
    Events, "queries/event_list.graphql"
);
operation!(
    /// One event with everything its page shows.
    EventPage, "queries/events.graphql"
);
operation!(
    /// Who registered (organisers only), with the CSV.
    EventRegistrations, "queries/events.graphql"
);
operation!(
    /// Choices of the event form, and organisations matching a search.
    EventFormOptions, "queries/events.graphql"
);
operation!(
    /// Plans an event.
    CreateEvent, "queries/events.graphql"
);
operation!(
    /// Saves the event form.
    UpdateEvent, "queries/events.graphql"
);
operation!(
    /// Publish, cancel, register or give the seat back (one flag set).
    EventChange, "queries/events.graphql"
);
operation!(
    /// Invite a co-organiser, or answer an invitation.
    OrganiserChange, "queries/events.graphql"
);
operation!(
    /// Projects, newest first, with a status filter.
    Projects, "queries/projects.graphql"
);
operation!(
    /// One project with partners and events.
    ProjectPage, "queries/projects.graphql"
);
operation!(
    /// Creates or saves a project (`create` picks).
    SaveProject, "queries/projects.graphql"
);
operation!(
    /// Invite a partner, or answer an invitation.
    PartnerChange, "queries/projects.graphql"
);
operation!(
    /// Topics, target groups and districts with every label and version (ADMIN page).
    Taxonomy, "queries/taxonomy.graphql"
);
operation!(
    /// Creates or edits a topic, target group or district (one flag set).
    SaveTerm, "queries/taxonomy.graphql"
);

operation!(
    /// Requests I decide and my own.
    Inbox, "queries/self_service.graphql"
);
operation!(
    /// Approves or declines a claim or join request.
    DecideRequest, "queries/self_service.graphql"
);
operation!(
    /// Takes my pending request back.
    WithdrawRequest, "queries/self_service.graphql"
);
operation!(
    /// The organisation a claim or join request is for.
    JoinTarget, "queries/self_service.graphql"
);
operation!(
    /// "This is my organisation".
    ClaimOrganisation, "queries/self_service.graphql", input
);
operation!(
    /// Asks to join an organisation.
    RequestToJoin, "queries/self_service.graphql"
);
operation!(
    /// "Still current" from a reminder's link.
    ConfirmCurrentByLink, "queries/self_service.graphql"
);
operation!(
    /// Freshness and completeness of one's organisation.
    Upkeep, "queries/self_service.graphql"
);
operation!(
    /// Confirms profile and offerings as current.
    ConfirmOrganisationCurrent, "queries/self_service.graphql"
);
operation!(
    /// Entries not current, for the coordination team.
    FreshnessOverview, "queries/self_service.graphql"
);
operation!(
    /// The preview of an uploaded spreadsheet: its columns' mapping, notices and rows
    /// with their possible duplicates (ADMIN); `mapping` left `None` keeps the remembered one.
    PreviewImport, "queries/import.graphql", input
);
operation!(
    /// Starts the import with the decisions on the previewed rows (ADMIN).
    CommitImport, "queries/import.graphql"
);
operation!(
    /// An import's progress and result (ADMIN).
    ImportBatch, "queries/import.graphql"
);

operation!(
    /// The working groups, narrowed to topics.
    Groups, "queries/groups.graphql"
);
operation!(
    /// One working group with members, meetings (and their notes) and agreed actions.
    GroupPage, "queries/groups.graphql"
);
operation!(
    /// The group form's topics and, when editing, the group.
    GroupForm, "queries/groups.graphql"
);
operation!(
    /// Founds or saves a working group.
    SaveGroup, "queries/groups.graphql"
);
operation!(
    /// Invites an organisation into a group, or asks for one's own.
    GroupRequest, "queries/groups.graphql"
);
operation!(
    /// Adds a person to a group.
    AddGroupPerson, "queries/groups.graphql"
);
operation!(
    /// Ends a membership of a group (leaving or removal).
    EndGroupMembership, "queries/groups.graphql"
);
operation!(
    /// Plans a meeting of a group.
    PlanMeeting, "queries/groups.graphql"
);
operation!(
    /// Publishes a meeting (inviting the members) or its minutes.
    PublishMeeting, "queries/groups.graphql"
);
operation!(
    /// Saves a meeting's agenda, minutes, documents and attendance.
    SaveNotes, "queries/groups.graphql", input
);
operation!(
    /// Records an agreed action.
    RecordAction, "queries/groups.graphql", input
);
operation!(
    /// Marks an agreed action done or dropped.
    SetActionStatus, "queries/groups.graphql"
);
operation!(
    /// Makes a project of an agreed action.
    ActionToProject, "queries/groups.graphql"
);
operation!(
    /// The person's open agreed actions and next meetings (start page).
    MyWork, "queries/groups.graphql"
);
operation!(
    /// The working group whose meeting an event is.
    EventGroup, "queries/events.graphql"
);
operation!(
    /// The agreed action a project was made from.
    ProjectOrigin, "queries/projects.graphql"
);
operation!(
    /// Participation in working groups per key topic (the council's view).
    GroupParticipationTable, "queries/groups.graphql"
);

/// Why a call failed, as the UI needs to know it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server could not be reached or answered nonsense.
    Network,
    /// A GraphQL error with its code, the field at fault and a translated message.
    Graphql { code: String, field: Option<String>, message: String },
    /// An answer this app cannot read: a value it does not know (an enumeration's new
    /// value from a newer server), named when it is one, for the person to report.
    UnknownValue(String),
}

impl ApiError {
    /// The `extensions.code`, or `NETWORK`.
    pub fn code(&self) -> &str {
        match self {
            ApiError::Network => "NETWORK",
            ApiError::Graphql { code, .. } => code,
            ApiError::UnknownValue(_) => "UNKNOWN_VALUE",
        }
    }
}

/// An operation as the JSON body to send.
pub fn body<Q: GraphQLQuery>(variables: Q::Variables) -> Result<String, ApiError> {
    serde_json::to_string(&Q::build_query(variables)).map_err(|_| ApiError::Network)
}

/// `body` with `null` for each of `fields` of its `input` variable. The input types
/// leave out what is `None`, which keeps the saved value; a number input the person
/// emptied has no empty text to send, so it clears its field with `null`.
pub fn clearing(body: String, fields: &[&str]) -> Result<String, ApiError> {
    if fields.is_empty() {
        return Ok(body);
    }
    let mut query: serde_json::Value = serde_json::from_str(&body).map_err(|_| ApiError::Network)?;
    let input = query.pointer_mut("/variables/input").and_then(serde_json::Value::as_object_mut).ok_or(ApiError::Network)?;
    for field in fields {
        input.insert((*field).to_owned(), serde_json::Value::Null);
    }
    serde_json::to_string(&query).map_err(|_| ApiError::Network)
}

/// Sends a JSON body and returns `data`. Not generic on purpose: one copy of the
/// transport serves every operation, which keeps the WASM small.
pub async fn post(body: String, token: Option<String>, lang: &str) -> Result<serde_json::Value, ApiError> {
    let mut request = gloo_net::http::Request::post("/graphql").header("Accept-Language", lang).header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let response = request.body(body).map_err(|_| ApiError::Network)?.send().await.map_err(|_| ApiError::Network)?;
    let parsed: Response<serde_json::Value> = response.json().await.map_err(|_| ApiError::Network)?;
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

/// Reads `data` as the operation's typed answer.
pub fn decode<Q: GraphQLQuery>(data: serde_json::Value) -> Result<Q::ResponseData, ApiError> {
    read(data)
}

/// The one typed parse of what the server sends: an answer, or a value of an answer
/// read untyped. What does not fit (an enumeration's value this app does not know) is
/// an error to show, never a default.
pub fn read<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        // serde says "unknown variant `X`, expected one of …" (in English): only X is shown.
        let text = e.to_string();
        let value = text.strip_prefix("unknown variant `").and_then(|rest| rest.split_once('`')).map(|(value, _)| value.to_owned());
        ApiError::UnknownValue(value.unwrap_or_default())
    })
}

/// Sends one operation without the session (sign-in, refresh).
pub async fn call<Q: GraphQLQuery>(variables: Q::Variables, token: Option<String>, lang: &str) -> Result<Q::ResponseData, ApiError> {
    decode::<Q>(post(body::<Q>(variables)?, token, lang).await?)
}
