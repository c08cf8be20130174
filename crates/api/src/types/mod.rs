//! GraphQL types: their own structs around the core's views, never entities.

pub(crate) mod concern;
pub(crate) mod event;
pub(crate) mod group;
pub(crate) mod idea;
pub(crate) mod network;
pub(crate) mod organisation;
pub(crate) mod project;
pub(crate) mod taxonomy;
pub(crate) mod user;

use async_graphql::{Enum, SimpleObject};

macro_rules! mirror_enum {
    ($(#[$m:meta])* $name:ident = $domain:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
        pub enum $name { $($variant),+ }
        const _: () = {
            type D = $domain;
            impl From<D> for $name {
                fn from(v: D) -> Self { match v { $(D::$variant => $name::$variant),+ } }
            }
            impl From<$name> for D {
                fn from(v: $name) -> Self { match v { $($name::$variant => D::$variant),+ } }
            }
        };
    };
}

mirror_enum!(
    /// What a person may do in general; membership decides where.
    Role = migraup_domain::Role { Admin, Administration, MoRepresentative, Multiplier, Council }
);
mirror_enum!(
    /// The kind of an organisation.
    OrganisationKind = migraup_domain::OrganisationKind {
        MigrantOrganisation, Initiative, InformalNetwork, WelfareProvider, PublicInstitution, Network, Other
    }
);
mirror_enum!(
    /// Who may see an organisation: everyone (once verified) or signed-in people only.
    Visibility = migraup_domain::Visibility { Public, Members }
);
mirror_enum!(
    /// Who may see one contact field.
    FieldVisibility = migraup_domain::FieldVisibility { Public, Members, Administration }
);
mirror_enum!(
    /// Whether the coordination team has checked an organisation.
    VerificationState = migraup_domain::VerificationState { Unverified, Verified }
);
mirror_enum!(
    /// The state of an account.
    UserStatus = migraup_domain::UserStatus { Pending, Active, Disabled }
);

mirror_enum!(
    /// The life of an event: planned, public, called off.
    EventStatus = migraup_domain::EventStatus { Draft, Published, Cancelled }
);
mirror_enum!(
    /// An organisation asked to co-organise or to partner: invited, then confirmed or declined.
    ParticipationState = migraup_domain::ParticipationState { Invited, Confirmed, Declined }
);
mirror_enum!(
    /// A person's place at an event.
    RegistrationStatus = migraup_domain::RegistrationStatus { Registered, Waitlisted, Cancelled }
);
mirror_enum!(
    /// Where a shared project stands.
    ProjectStatus = migraup_domain::ProjectStatus { Planned, Active, Completed }
);

mirror_enum!(
    /// How two organisations are tied: cooperation, membership of a network or
    /// umbrella, funding, referral, shared premises, other.
    RelationKind = migraup_domain::RelationKind { Cooperation, Membership, Funding, Referral, SharedPremises, Other }
);
mirror_enum!(
    /// Proposed by one side, confirmed or declined by the other, ended by either.
    RelationState = migraup_domain::RelationState { Proposed, Confirmed, Declined, Ended }
);
mirror_enum!(
    /// Where a tie in the network comes from.
    TieSource = migraup_domain::TieSource { Relation, Event, Project, Group }
);

mirror_enum!(
    /// Take over a profile nobody represents, or join an organisation; an invitation
    /// of an organisation into a working group, or its request to take part.
    RequestKind = migraup_domain::RequestKind { Claim, Join, GroupInvitation, GroupApplication }
);
mirror_enum!(
    /// Where an agreed action stands: open, done, or dropped with a reason.
    ActionStatus = migraup_domain::ActionStatus { Open, Done, Dropped }
);
mirror_enum!(
    /// Waiting, approved, declined (with a reason) or taken back by the person.
    RequestState = migraup_domain::RequestState { Pending, Approved, Declined, Withdrawn }
);
mirror_enum!(
    /// How fresh an entry is: current; reminder due (after 11 months); possibly
    /// outdated (after 12); hidden from the public (offerings, after 18).
    Freshness = migraup_domain::freshness::Freshness { Current, Due, Stale, Hidden }
);

/// Relay page information.
#[derive(SimpleObject, Clone, Debug)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub(crate) fn of<T>(page: &migraup_core::paging::Page<T>) -> Self {
        PageInfo { has_next_page: page.has_next_page, end_cursor: page.items.last().map(|(c, _)| c.clone()) }
    }
}

/// Generates `XConnection` and `XEdge` for a node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        #[doc = concat!("An edge of [`", stringify!($connection), "`].")]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $edge {
            pub cursor: String,
            pub node: $node,
        }

        #[doc = "A page of a list, Relay style."]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $connection {
            pub edges: Vec<$edge>,
            pub page_info: $crate::types::PageInfo,
            pub total_count: u64,
        }

        impl $connection {
            pub(crate) fn from_page<T>(page: migraup_core::paging::Page<T>, wrap: impl Fn(T) -> $node) -> Self {
                let page_info = $crate::types::PageInfo::of(&page);
                $connection {
                    edges: page.items.into_iter().map(|(cursor, item)| $edge { cursor, node: wrap(item) }).collect(),
                    page_info,
                    total_count: page.total_count,
                }
            }
        }
    };
}
pub(crate) use connection;

mirror_enum!(
    /// A field of an organisation a column of an imported spreadsheet fills.
    ImportField = migraup_domain::ImportField {
        ExternalId, Name, Kind, LegalForm, Description, Website, Email, Phone, Street, PostalCode, City, FoundedYear, Languages, Offerings
    }
);
mirror_enum!(
    /// What becomes of a row: a new organisation, merged into an existing one, or nothing.
    ImportAction = migraup_domain::ImportAction { New, Merge, Skip }
);
mirror_enum!(
    /// New; invalid (skipped); a possible duplicate; imported before with changes
    /// (known); imported before and unchanged.
    ImportRowStatus = migraup_domain::ImportRowStatus { New, Invalid, Duplicate, Known, Unchanged }
);
mirror_enum!(
    /// Waiting for its import, being imported, imported, or failed (nothing written).
    ImportState = migraup_domain::ImportState { Preview, Running, Done, Failed }
);
mirror_enum!(
    /// Why a row looks like an existing organisation or an earlier row.
    DuplicateReason = migraup_domain::DuplicateReason { ExternalId, SameWebsite, SameEmail, SamePhone, SameName, SimilarName }
);
mirror_enum!(
    /// Where an idea stands: proposed, under discussion, adopted as a measure, under way
    /// (a project), done, or not pursued (with a reason).
    IdeaStatus = migraup_domain::IdeaStatus { Proposed, UnderDiscussion, Adopted, UnderWay, Done, NotPursued }
);
mirror_enum!(
    /// Where a concern stands: open, taken on by the administration, answered, closed.
    ConcernStatus = migraup_domain::ConcernStatus { Open, InProgress, Answered, Closed }
);
mirror_enum!(
    /// Who reads a concern: everyone, members of the platform, or the administration
    /// with the organisations that raised or joined it.
    ConcernVisibility = migraup_domain::ConcernVisibility { Public, Members, Administration }
);
mirror_enum!(
    /// One step in a concern's timeline.
    ConcernStep = migraup_domain::ConcernStep { Raised, Joined, Taken, Answered, Closed, Reopened, Flagged }
);
