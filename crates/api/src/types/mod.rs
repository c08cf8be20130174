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
    ($(#[$m:meta])* $name:ident = $domain:ty { $($(#[$vm:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
        pub enum $name { $($(#[$vm])* $variant),+ }
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
    /// What a signed-in person may do in general; membership of an organisation decides
    /// where (for example which profiles a representative edits).
    Role = migraup_domain::Role {
        /// The coordination team: verifies organisations, manages accounts, invitations,
        /// the taxonomy, imports, the mail outbox and reads the audit log.
        Admin,
        /// The district administration: sees every organisation, plans events and
        /// projects, moves ideas and answers concerns.
        Administration,
        /// A representative who speaks for the organisations they are a member of: edits
        /// their profiles and offerings, plans with them and answers for them.
        MoRepresentative,
        /// A multiplier who works in the field without speaking for an organisation: may
        /// suggest organisations, register for events and ask to claim or join one.
        Multiplier,
        /// A member of the integration council: sees the whole network and the council's
        /// board of ideas and concerns.
        Council,
    }
);
mirror_enum!(
    /// What an integration token may do, for its organisation.
    TokenScope = migraup_domain::TokenScope {
        /// Read what anonymous visitors read (the public directory, events, …).
        ReadPublic,
        /// Read what a representative of the organisation reads (members-only
        /// organisations and events, its drafts), never a person's own account.
        ReadMembers,
        /// Read as `READ_MEMBERS`, and create, edit, publish and cancel the
        /// organisation's events and offerings.
        ManageEventsAndOfferings,
    }
);
mirror_enum!(
    /// The kind of an organisation.
    OrganisationKind = migraup_domain::OrganisationKind {
        /// An organisation founded and run by migrants (Migrant*innenorganisation).
        MigrantOrganisation,
        /// A citizens' initiative or self-help group.
        Initiative,
        /// An informal network of people or groups without a legal form.
        InformalNetwork,
        /// A welfare organisation or independent provider of social services.
        WelfareProvider,
        /// A public body, such as an office of the district or a school.
        PublicInstitution,
        /// A formal network or umbrella of organisations.
        Network,
        /// Any other kind.
        Other,
    }
);
mirror_enum!(
    /// Who may see an organisation: everyone (once verified) or signed-in people only.
    Visibility = migraup_domain::Visibility {
        /// Everyone, anonymous visitors included (once the organisation is verified).
        Public,
        /// Signed-in people only.
        Members,
    }
);
mirror_enum!(
    /// Who may see one contact field (e-mail, phone, address) of an organisation. Those
    /// who may edit the organisation always see every field.
    FieldVisibility = migraup_domain::FieldVisibility {
        /// Everyone who may see the organisation.
        Public,
        /// Signed-in people only.
        Members,
        /// The coordination team, the district administration and the organisation's
        /// own members only.
        Administration,
    }
);
mirror_enum!(
    /// Whether the coordination team has checked an organisation.
    VerificationState = migraup_domain::VerificationState {
        /// Not checked yet: hidden from the public; seen only by the coordination team,
        /// the district administration and the organisation's own members.
        Unverified,
        /// Checked by the coordination team and listed in the directory.
        Verified,
    }
);
mirror_enum!(
    /// The state of an account.
    UserStatus = migraup_domain::UserStatus {
        /// Registered but the e-mail address is not confirmed yet; cannot sign in.
        Pending,
        /// In use: may sign in.
        Active,
        /// Switched off by the coordination team: cannot sign in, and its sessions ended.
        Disabled,
    }
);

mirror_enum!(
    /// The life of an event: planned, public, called off.
    EventStatus = migraup_domain::EventStatus {
        /// Being planned: seen only by those who plan it (its organisers, the district
        /// administration and the coordination team).
        Draft,
        /// Public (within its visibility): people may register.
        Published,
        /// Called off; still shown, marked as cancelled.
        Cancelled,
    }
);
mirror_enum!(
    /// An organisation asked to co-organise or to partner: invited, then confirmed or declined.
    ParticipationState = migraup_domain::ParticipationState {
        /// Asked and not answered yet.
        Invited,
        /// The organisation said yes.
        Confirmed,
        /// The organisation said no.
        Declined,
    }
);
mirror_enum!(
    /// A person's place at an event.
    RegistrationStatus = migraup_domain::RegistrationStatus {
        /// Has a seat.
        Registered,
        /// On the waitlist: moves up when a seat is given back.
        Waitlisted,
        /// The place was given back.
        Cancelled,
    }
);
mirror_enum!(
    /// Where a shared project stands.
    ProjectStatus = migraup_domain::ProjectStatus {
        /// Agreed on, not started yet.
        Planned,
        /// Under way.
        Active,
        /// Finished.
        Completed,
    }
);

mirror_enum!(
    /// How two organisations are tied: cooperation, membership of a network or
    /// umbrella, funding, referral, shared premises, other.
    RelationKind = migraup_domain::RelationKind {
        /// They work together.
        Cooperation,
        /// One is a member of the other (a network or umbrella).
        Membership,
        /// One funds the other.
        Funding,
        /// One refers people to the other.
        Referral,
        /// They share rooms or a building.
        SharedPremises,
        /// Any other tie.
        Other,
    }
);
mirror_enum!(
    /// Proposed by one side, confirmed or declined by the other, ended by either.
    /// Only confirmed relations count in the network.
    RelationState = migraup_domain::RelationState {
        /// Proposed by one side, waiting for the other's answer.
        Proposed,
        /// Confirmed by the other side: the tie counts in the network.
        Confirmed,
        /// Declined by the other side.
        Declined,
        /// Ended by either side.
        Ended,
    }
);
mirror_enum!(
    /// Where a tie in the network comes from.
    TieSource = migraup_domain::TieSource {
        /// A confirmed relation between the two organisations.
        Relation,
        /// An event both organised.
        Event,
        /// A project both are partners in.
        Project,
        /// A working group both belong to.
        Group,
    }
);

mirror_enum!(
    /// Take over a profile nobody represents, or join an organisation; an invitation
    /// of an organisation into a working group, or its request to take part.
    RequestKind = migraup_domain::RequestKind {
        /// A person asks to take over a profile nobody represents; the coordination team decides.
        Claim,
        /// A person asks to join an organisation that has representatives; they decide.
        Join,
        /// A working group's coordinator invites an organisation; its representatives decide.
        GroupInvitation,
        /// An organisation asks to take part in a working group; the group's coordinators decide.
        GroupApplication,
    }
);
mirror_enum!(
    /// Where an agreed action stands: open, done, or dropped with a reason.
    ActionStatus = migraup_domain::ActionStatus {
        /// Still to be done.
        Open,
        /// Done.
        Done,
        /// Given up, with a reason.
        Dropped,
    }
);
mirror_enum!(
    /// Waiting, approved, declined (with a reason) or taken back by the person.
    RequestState = migraup_domain::RequestState {
        /// Waiting for a decision.
        Pending,
        /// Approved.
        Approved,
        /// Declined, with a reason the person is told.
        Declined,
        /// Taken back by the person who asked.
        Withdrawn,
    }
);
mirror_enum!(
    /// How fresh an entry is: current; reminder due (after 11 months); possibly
    /// outdated (after 12); hidden from the public (offerings, after 18).
    Freshness = migraup_domain::freshness::Freshness {
        /// Confirmed within the last 11 months.
        Current,
        /// Confirmed 11 months ago or earlier: a reminder is due; still shown as current.
        Due,
        /// Confirmed 12 months ago or earlier: marked as possibly outdated.
        Stale,
        /// Confirmed 18 months ago or earlier: an offering is hidden from everyone but its
        /// organisation, the coordination team and the district administration until confirmed.
        Hidden,
    }
);

/// Where a page stands in its list, as the Relay connection specification has it.
/// Lists are paged forward only: ask again with `after: endCursor` while
/// `hasNextPage` is true.
#[derive(SimpleObject, Clone, Debug)]
pub struct PageInfo {
    /// Whether items follow this page.
    pub has_next_page: bool,
    /// Whether items come before this page (it was asked for `after` a cursor).
    pub has_previous_page: bool,
    /// The cursor of the page's first item; null for an empty page.
    pub start_cursor: Option<String>,
    /// The cursor of the page's last item, to pass as `after` for the next page; null
    /// for an empty page.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub(crate) fn of<T>(page: &migraup_core::paging::Page<T>) -> Self {
        PageInfo {
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            start_cursor: page.items.first().map(|(c, _)| c.clone()),
            end_cursor: page.items.last().map(|(c, _)| c.clone()),
        }
    }
}

/// Generates `XConnection` and `XEdge` for a node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        #[doc = concat!("One item of a `", stringify!($connection), "` page, with its cursor.")]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $edge {
            /// An opaque cursor for this item: pass it as `after` to get the items that follow it.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        #[doc = "A page of a list, Relay style: ask again with `after: pageInfo.endCursor` while `pageInfo.hasNextPage` is true."]
        #[derive(async_graphql::SimpleObject, Clone)]
        pub struct $connection {
            /// The items of this page, in the list's order, each with its cursor.
            pub edges: Vec<$edge>,
            /// Whether more items follow, and the cursor to ask for them.
            pub page_info: $crate::types::PageInfo,
            /// How many items the whole list has (all pages, with the same filter).
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
        /// The organisation's id in the source list, to recognise it in later imports.
        ExternalId,
        /// The name (required: some column must fill it).
        Name,
        /// The kind of organisation, by its name in any interface language.
        Kind,
        /// The legal form, such as „e.V.“ or „gGmbH“.
        LegalForm,
        /// The description.
        Description,
        /// The website (`www.x.de` becomes `https://www.x.de`).
        Website,
        /// The e-mail address.
        Email,
        /// The phone number.
        Phone,
        /// The street and house number.
        Street,
        /// The postal code.
        PostalCode,
        /// The city.
        City,
        /// The founding year.
        FoundedYear,
        /// The languages spoken, as a list of names or ISO 639-1 codes.
        Languages,
        /// The titles of its offerings, as a list; each becomes an offering.
        Offerings,
    }
);
mirror_enum!(
    /// What becomes of a row: a new organisation, merged into an existing one, or nothing.
    ImportAction = migraup_domain::ImportAction {
        /// Create a new organisation from the row.
        New,
        /// Merge the row into one of its candidate organisations, field by field.
        Merge,
        /// Leave the row out.
        Skip,
    }
);
mirror_enum!(
    /// New; invalid (skipped); a possible duplicate; imported before with changes
    /// (known); imported before and unchanged.
    ImportRowStatus = migraup_domain::ImportRowStatus {
        /// Matches no organisation: becomes a new one.
        New,
        /// Has a cell that fails the checks: can only be skipped.
        Invalid,
        /// Looks like an existing organisation or an earlier row: a person decides.
        Duplicate,
        /// Imported before, with changes: what the organisation lacks can be merged.
        Known,
        /// Imported before and unchanged: nothing to do.
        Unchanged,
    }
);
mirror_enum!(
    /// Waiting for its import, being imported, imported, or failed (nothing written).
    ImportState = migraup_domain::ImportState {
        /// Uploaded and waiting: previews may be asked for, then the import started.
        Preview,
        /// Being imported in the background.
        Running,
        /// Imported.
        Done,
        /// Failed at one row; nothing was written.
        Failed,
    }
);
mirror_enum!(
    /// Why a row looks like an existing organisation or an earlier row.
    DuplicateReason = migraup_domain::DuplicateReason {
        /// The same external id.
        ExternalId,
        /// The same website domain (without `www.`).
        SameWebsite,
        /// The same e-mail address.
        SameEmail,
        /// The same phone number (digits compared, +49 read as 0).
        SamePhone,
        /// The same name, ignoring case, accents and legal forms.
        SameName,
        /// A similar name (about one typo in seven letters).
        SimilarName,
    }
);
mirror_enum!(
    /// Where an idea stands: proposed, under discussion, adopted as a measure, under way
    /// (a project), done, or not pursued (with a reason).
    IdeaStatus = migraup_domain::IdeaStatus {
        /// Proposed, not discussed yet.
        Proposed,
        /// Being discussed.
        UnderDiscussion,
        /// Adopted as a measure.
        Adopted,
        /// Under way as a project (reached only by making the project).
        UnderWay,
        /// Done (final).
        Done,
        /// Not pursued, with a reason (final).
        NotPursued,
    }
);
mirror_enum!(
    /// Where a concern stands: open, taken on by the administration, answered, closed.
    ConcernStatus = migraup_domain::ConcernStatus {
        /// Raised and not taken on yet.
        Open,
        /// Taken on by someone of the district administration.
        InProgress,
        /// The administration has answered.
        Answered,
        /// Closed by the administration.
        Closed,
    }
);
mirror_enum!(
    /// Who reads a concern: everyone, members of the platform, or the administration
    /// with the organisations that raised or joined it.
    ConcernVisibility = migraup_domain::ConcernVisibility {
        /// Everyone, anonymous visitors included.
        Public,
        /// Signed-in people only.
        Members,
        /// The district administration and the organisations that raised or joined it only.
        Administration,
    }
);
mirror_enum!(
    /// One step in a concern's timeline.
    ConcernStep = migraup_domain::ConcernStep {
        /// An organisation raised the concern.
        Raised,
        /// Another organisation joined it.
        Joined,
        /// Someone of the district administration took it on.
        Taken,
        /// The administration answered.
        Answered,
        /// The administration closed it.
        Closed,
        /// The organisation that raised it reopened it (once, with a reason).
        Reopened,
        /// No first answer after 14 days: the administration and the coordination team were told.
        Flagged,
    }
);
