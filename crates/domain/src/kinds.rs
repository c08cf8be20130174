//! The enumerations of the data model, with their stable wire and storage names.

use serde::{Deserialize, Serialize};

/// An enumeration with a stable name per value: how it is stored and sent.
/// The core keeps such values in typed columns through this trait, so a
/// stored name it does not know is an error, never a silent downgrade.
pub trait Named: Copy + Send + Sync + std::fmt::Debug + 'static {
    /// The type's name, for error messages.
    const TYPE: &'static str;
    /// The stable name of this value.
    fn name(self) -> &'static str;
    /// The value with this stable name, if there is one.
    fn from_name(text: &str) -> Option<Self>;
}

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stable name used in the database and on the wire.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
            /// Parses the stable name.
            pub fn parse(text: &str) -> Option<Self> { match text { $($text => Some($name::$variant),)+ _ => None } }
        }
        impl Named for $name {
            const TYPE: &'static str = stringify!($name);
            fn name(self) -> &'static str { self.as_str() }
            fn from_name(text: &str) -> Option<Self> { Self::parse(text) }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

named_enum!(
    /// What an integration token (a program acting without a person's password) may
    /// do. The organisation it belongs to decides *where*.
    TokenScope {
        ReadPublic = "READ_PUBLIC",
        ReadMembers = "READ_MEMBERS",
        ManageEventsAndOfferings = "MANAGE_EVENTS_AND_OFFERINGS",
    }
);

named_enum!(
    /// What a signed-in person may do in general; membership decides *where*.
    Role {
        Admin = "ADMIN",
        Administration = "ADMINISTRATION",
        MoRepresentative = "MO_REPRESENTATIVE",
        Multiplier = "MULTIPLIER",
        Council = "COUNCIL",
    }
);

named_enum!(
    /// The kind of an organisation in the directory.
    OrganisationKind {
        MigrantOrganisation = "MIGRANT_ORGANISATION",
        Initiative = "INITIATIVE",
        InformalNetwork = "INFORMAL_NETWORK",
        WelfareProvider = "WELFARE_PROVIDER",
        PublicInstitution = "PUBLIC_INSTITUTION",
        Network = "NETWORK",
        Other = "OTHER",
    }
);

named_enum!(
    /// Who may see an organisation at all.
    Visibility { Public = "PUBLIC", Members = "MEMBERS" }
);

named_enum!(
    /// Who may see one contact field (e-mail, phone, address) of an organisation.
    FieldVisibility { Public = "PUBLIC", Members = "MEMBERS", Administration = "ADMINISTRATION" }
);

named_enum!(
    /// Whether the coordination team has checked an organisation.
    VerificationState { Unverified = "UNVERIFIED", Verified = "VERIFIED" }
);

named_enum!(
    /// The life of an account: invited or registered (pending), active, disabled.
    UserStatus { Pending = "PENDING", Active = "ACTIVE", Disabled = "DISABLED" }
);

named_enum!(
    /// The life of an event: planned, public, called off.
    EventStatus { Draft = "DRAFT", Published = "PUBLISHED", Cancelled = "CANCELLED" }
);

named_enum!(
    /// An organisation asked to co-organise an event or join a project as partner.
    ParticipationState { Invited = "INVITED", Confirmed = "CONFIRMED", Declined = "DECLINED" }
);

named_enum!(
    /// A person's place at an event: a seat, the waitlist, or given back.
    RegistrationStatus { Registered = "REGISTERED", Waitlisted = "WAITLISTED", Cancelled = "CANCELLED" }
);

named_enum!(
    /// Where a shared project stands.
    ProjectStatus { Planned = "PLANNED", Active = "ACTIVE", Completed = "COMPLETED" }
);

named_enum!(
    /// How two organisations are tied to each other.
    RelationKind {
        Cooperation = "COOPERATION",
        Membership = "MEMBERSHIP",
        Funding = "FUNDING",
        Referral = "REFERRAL",
        SharedPremises = "SHARED_PREMISES",
        Other = "OTHER",
    }
);

named_enum!(
    /// The life of a relation: proposed by one side, confirmed or declined by the
    /// other, ended by either. Only confirmed relations count in the network.
    RelationState { Proposed = "PROPOSED", Confirmed = "CONFIRMED", Declined = "DECLINED", Ended = "ENDED" }
);

named_enum!(
    /// What a person asks of an organisation: to take over a profile nobody represents
    /// (decided by the coordination team), or to join one (decided by its
    /// representatives); and the two ways an organisation comes into a working group:
    /// invited by a coordinator (decided by the organisation's representatives) or
    /// asking for it (decided by the group's coordinators).
    RequestKind { Claim = "CLAIM", Join = "JOIN", GroupInvitation = "GROUP_INVITATION", GroupApplication = "GROUP_APPLICATION" }
);

named_enum!(
    /// Where an action a working group agreed on stands.
    ActionStatus { Open = "OPEN", Done = "DONE", Dropped = "DROPPED" }
);

named_enum!(
    /// Where an idea stands on its way to a measure and a project.
    IdeaStatus {
        Proposed = "PROPOSED",
        UnderDiscussion = "UNDER_DISCUSSION",
        Adopted = "ADOPTED",
        UnderWay = "UNDER_WAY",
        Done = "DONE",
        NotPursued = "NOT_PURSUED",
    }
);

impl IdeaStatus {
    /// Whether the coordination team or the administration may move an idea from
    /// `self` to `to` by hand. `UNDER_WAY` is reached only by making the project;
    /// `DONE` and `NOT_PURSUED` are final.
    pub fn can_move_to(self, to: IdeaStatus) -> bool {
        use IdeaStatus::*;
        matches!(
            (self, to),
            (Proposed, UnderDiscussion | Adopted | NotPursued)
                | (UnderDiscussion, Adopted | NotPursued)
                | (Adopted, UnderDiscussion | NotPursued)
                | (UnderWay, Done | NotPursued)
        )
    }

    /// A measure was adopted and is not given up: adopted, under way or done.
    pub fn is_measure(self) -> bool {
        matches!(self, IdeaStatus::Adopted | IdeaStatus::UnderWay | IdeaStatus::Done)
    }
}

named_enum!(
    /// Where a concern (Anliegen) to the administration stands.
    ConcernStatus { Open = "OPEN", InProgress = "IN_PROGRESS", Answered = "ANSWERED", Closed = "CLOSED" }
);

named_enum!(
    /// Who reads a concern and its answers: everyone, members of the platform, or the
    /// administration with the organisations that raised or joined it.
    ConcernVisibility { Public = "PUBLIC", Members = "MEMBERS", Administration = "ADMINISTRATION" }
);

named_enum!(
    /// One step in a concern's timeline.
    ConcernStep {
        Raised = "RAISED",
        Joined = "JOINED",
        Taken = "TAKEN",
        Answered = "ANSWERED",
        Closed = "CLOSED",
        Reopened = "REOPENED",
        Flagged = "FLAGGED",
    }
);

named_enum!(
    /// How a membership of a working group ended.
    MembershipEnd { Left = "LEFT", Removed = "REMOVED" }
);

named_enum!(
    /// The life of a claim or join request.
    RequestState { Pending = "PENDING", Approved = "APPROVED", Declined = "DECLINED", Withdrawn = "WITHDRAWN" }
);

named_enum!(
    /// Where a tie in the network comes from.
    TieSource { Relation = "RELATION", Event = "EVENT", Project = "PROJECT", Group = "GROUP" }
);

named_enum!(
    /// The languages of the user interface (not the languages offerings are delivered in),
    /// in the order the language picker lists them.
    Lang { De = "de", En = "en", Ar = "ar", Tr = "tr", Uk = "uk", Ru = "ru", Fa = "fa" }
);

/// The writing direction (`dir`) of a text in the ISO 639-1 language `code`: right to
/// left for the languages written in Arabic or Hebrew script.
pub fn direction_of(code: &str) -> &'static str {
    const RIGHT_TO_LEFT: [&str; 10] = ["ar", "fa", "he", "ur", "ps", "yi", "dv", "sd", "ug", "ckb"];
    if RIGHT_TO_LEFT.contains(&code) { "rtl" } else { "ltr" }
}

/// The language a reader who wants `wanted` gets a text in: `wanted` when the text
/// exists in it, else the organisation's own (`own`). The server's pages and the web
/// app choose alike.
pub fn language_to_show<'a>(own: &'a str, available: &[&'a str], wanted: &str) -> &'a str {
    available.iter().copied().find(|l| *l == wanted).unwrap_or(own)
}

#[expect(clippy::derivable_impls, reason = "the enum comes from a macro shared by enums without a default")]
impl Default for Lang {
    fn default() -> Self {
        Lang::De
    }
}

impl Lang {
    /// The language's name in itself, as the language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Tr => "Türkçe",
            Lang::Uk => "Українська",
            Lang::Ru => "Русский",
            Lang::Fa => "فارسی",
        }
    }

    /// Written from right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::Fa)
    }

    /// The `dir` attribute of a page in this language.
    pub fn dir(self) -> &'static str {
        direction_of(self.as_str())
    }

    /// The reader's language from an `Accept-Language` header: the supported one with
    /// the highest quality (`q=0` means "not this one"), German if there is none.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut ranked: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let quality = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
                Some((quality, Lang::parse(tag.split('-').next().unwrap_or_default())?))
            })
            .filter(|(quality, _)| *quality > 0.0)
            .collect();
        // A stable sort keeps the header's order among equal qualities.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, lang)| *lang).unwrap_or_default()
    }
}

named_enum!(
    /// A field of an organisation a column of an imported spreadsheet can fill.
    ImportField {
        ExternalId = "EXTERNAL_ID",
        Name = "NAME",
        Kind = "KIND",
        LegalForm = "LEGAL_FORM",
        Description = "DESCRIPTION",
        Website = "WEBSITE",
        Email = "EMAIL",
        Phone = "PHONE",
        Street = "STREET",
        PostalCode = "POSTAL_CODE",
        City = "CITY",
        FoundedYear = "FOUNDED_YEAR",
        Languages = "LANGUAGES",
        Offerings = "OFFERINGS",
    }
);

named_enum!(
    /// What becomes of one row of an import: a new organisation, merged into an
    /// existing one (field by field), or nothing.
    ImportAction { New = "NEW", Merge = "MERGE", Skip = "SKIP" }
);

named_enum!(
    /// How a row of an import looks: new; invalid (skipped); a possible duplicate;
    /// imported before with changes (known); imported before unchanged.
    ImportRowStatus { New = "NEW", Invalid = "INVALID", Duplicate = "DUPLICATE", Known = "KNOWN", Unchanged = "UNCHANGED" }
);

named_enum!(
    /// An uploaded file waiting for its import, being imported, imported, or failed.
    ImportState { Preview = "PREVIEW", Running = "RUNNING", Done = "DONE", Failed = "FAILED" }
);

named_enum!(
    /// Why a row looks like an organisation that exists (or an earlier row).
    DuplicateReason {
        ExternalId = "EXTERNAL_ID",
        SameWebsite = "SAME_WEBSITE",
        SameEmail = "SAME_EMAIL",
        SamePhone = "SAME_PHONE",
        SameName = "SAME_NAME",
        SimilarName = "SIMILAR_NAME",
    }
);
