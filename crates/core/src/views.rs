//! What the core hands out: plain data, already filtered by the policy for the actor.

use chrono::{DateTime, Utc};
use migraup_domain::{
    EventStatus, FieldVisibility, Lang, OrganisationKind, ParticipationState, ProjectStatus, RegistrationStatus, Role, UserStatus,
    VerificationState, Visibility,
};
use uuid::Uuid;

/// Labels of a taxonomy entry per interface language (`de` always present).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Labels(pub Vec<(String, String)>);

impl Labels {
    /// The label in `lang`, else German, else the first one.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| self.0.iter().find(|(l, _)| l == "de"))
            .or_else(|| self.0.first())
            .map(|(_, t)| t.as_str())
            .unwrap_or_default()
    }
}

/// An organisation as the actor may see it; hidden contact fields are `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub legal_form: Option<String>,
    pub description: Option<String>,
    /// ISO 639-1 language of the description and the offerings' texts.
    pub content_language: String,
    pub founded_year: Option<i32>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// Per-field visibility; only shown to people who may edit.
    pub contact_visibility: Option<ContactVisibility>,
    pub district_id: Option<Uuid>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub visibility: Visibility,
    pub verification: VerificationState,
    pub verified_at: Option<DateTime<Utc>>,
    /// A rejected registration: when and why (for the coordination team and the registrants).
    pub rejected_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the actor may edit this organisation.
    pub can_edit: bool,
}

/// A text in one more language than the organisation's own (`translations`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    /// ISO 639-1.
    pub language: String,
    /// An offering's title; organisations have none (their name is not translated).
    pub title: Option<String>,
    pub description: Option<String>,
}

/// Who may see which contact field of an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContactVisibility {
    pub email: FieldVisibility,
    pub phone: FieldVisibility,
    pub address: FieldVisibility,
}

/// An offering of an organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offering {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub district_id: Option<Uuid>,
    pub schedule: Option<String>,
    pub cost: Option<String>,
    pub free_of_charge: bool,
    pub accessibility: Option<String>,
    pub topic_ids: Vec<Uuid>,
    pub language_codes: Vec<String>,
    pub target_group_ids: Vec<Uuid>,
    /// When someone of the organisation last said it is current (saving counts).
    pub confirmed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A topic, target group or district.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxonomyEntry {
    pub id: Uuid,
    pub slug: String,
    pub labels: Labels,
    pub sort_order: i32,
    pub version: i32,
}

/// An Ortsteil or other sub-district.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct District {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub region: String,
    pub sort_order: i32,
    pub version: i32,
}

/// A language offerings are delivered in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub labels: Labels,
    pub native_name: String,
    pub right_to_left: bool,
}

/// An account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: UserStatus,
    pub preferred_language: Lang,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Self-registered and waiting until the coordination team verifies the organisation.
    pub awaiting_verification: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

/// A membership of a user in an organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub user_id: Uuid,
    pub organisation_id: Uuid,
    pub is_contact_person: bool,
    pub contact_consent: bool,
    pub created_at: DateTime<Utc>,
}

/// A member of an organisation as shown to its editors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user: User,
    pub membership: Membership,
}

/// A contact person who consented to be shown to signed-in users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactPerson {
    pub organisation_id: Uuid,
    pub display_name: String,
    pub email: String,
}

/// One audit-log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    /// Who acted, by their name now; `None` for the system or an erased person.
    pub actor_name: Option<String>,
    pub action: String,
    /// What happened, in the reader's language.
    pub action_label: String,
    pub entity_type: String,
    /// The kind of record, in the reader's language.
    pub entity_label: String,
    pub entity_id: String,
    /// The record's name now (organisation, event, project, account), if it still exists.
    pub entity_name: Option<String>,
    pub changes: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// The integration token a program made the change with, by its name.
    pub via_token: Option<String>,
}

/// An organisation's integration token, as its keepers see it (never the secret).
#[derive(Clone, Debug)]
pub struct ApiToken {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub scope: migraup_domain::TokenScope,
    /// Who made it, by their name now.
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A signed-in session: a short-lived access token and a rotating refresh token.
#[derive(Clone, Debug)]
pub struct Session {
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub user: User,
}

/// An event as the actor may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub district_id: Option<Uuid>,
    pub online_url: Option<String>,
    pub capacity: Option<i32>,
    pub accessibility: Option<String>,
    pub visibility: Visibility,
    pub status: EventStatus,
    pub cancel_reason: Option<String>,
    pub project_id: Option<Uuid>,
    /// The working group whose meeting this is.
    pub group_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the actor may edit, publish, cancel and see the registrations.
    pub can_manage: bool,
}

/// An organisation's part in an event or a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participation {
    pub owner_id: Uuid,
    pub organisation_id: Uuid,
    pub state: ParticipationState,
    pub responded_at: Option<DateTime<Utc>>,
}

/// A person's registration; `position` is 1-based and only set on the waitlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub event_id: Uuid,
    pub status: RegistrationStatus,
    pub position: Option<u32>,
    pub created_at: DateTime<Utc>,
}

/// A registration as organisers see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registrant {
    pub display_name: String,
    pub email: String,
    /// Signed up as a visitor without an account (public events).
    pub guest: bool,
    pub registration: Registration,
}

/// Seats taken and people waiting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeatCounts {
    pub registered: u64,
    pub waitlisted: u64,
}

/// A shared project.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
    pub lead_organisation_id: Uuid,
    pub status: ProjectStatus,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub funding: Option<String>,
    pub outcomes: Option<String>,
    pub visibility: Visibility,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub can_manage: bool,
}

/// A relation between two organisations, with what the actor may do with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub id: Uuid,
    pub from_organisation_id: Uuid,
    pub to_organisation_id: Uuid,
    pub kind: migraup_domain::RelationKind,
    pub state: migraup_domain::RelationState,
    pub note: Option<String>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub proposed_at: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// A member of the other side may confirm or decline a proposal.
    pub can_respond: bool,
    /// Either side (and the coordination team) may end or withdraw it.
    pub can_end: bool,
}

/// A claim or join request, as the person who made it or who decides it sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationRequest {
    pub id: Uuid,
    pub kind: migraup_domain::RequestKind,
    /// The working group of a group invitation or application.
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub group_slug: Option<String>,
    pub state: migraup_domain::RequestState,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub organisation_slug: String,
    pub person_name: String,
    /// The person's address and the proof they gave: only for those who decide.
    pub person_email: Option<String>,
    pub proof_email: Option<String>,
    pub message: Option<String>,
    /// Why it was declined.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub can_decide: bool,
    pub can_withdraw: bool,
}
