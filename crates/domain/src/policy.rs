//! The one authorization policy. Every use case in the core asks here first; the
//! table is tested as a matrix of operation × role × membership.
//!
//! The role says *what* someone may do; membership of an organisation says *where*.

use crate::{DomainError, EventStatus, FieldVisibility, RelationState, Role, TokenScope, Visibility, error::DomainResult};

/// Everything the policy decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Read a verified, public organisation and its offerings.
    ViewPublicOrganisation,
    /// Read a verified organisation whose visibility is `MEMBERS`.
    ViewMembersOnlyOrganisation,
    /// Read an organisation that the coordination team has not verified yet.
    ViewUnverifiedOrganisation,
    /// See the contact persons who consented to be shown.
    ViewContactPersons,
    /// Add an organisation to the directory (a multiplier's entry is a suggestion).
    CreateOrganisation,
    /// Edit an organisation's profile.
    UpdateOrganisation,
    /// Mark an organisation as checked, and see the verification queue.
    VerifyOrganisation,
    /// Add or remove members of an organisation.
    ManageOrganisationMembers,
    /// Create, edit and delete an organisation's offerings.
    ManageOfferings,
    /// Invite a person with any role.
    InviteUser,
    /// Invite a colleague as representative of one's own organisation.
    InviteColleague,
    /// List users, change roles, disable accounts.
    ManageUsers,
    /// Edit topics, districts, languages and target groups.
    ManageTaxonomy,
    /// Read the audit log.
    ReadAuditLog,
    /// Plan an event: the district administration with any organisations, a
    /// representative with their own (membership: of one of the organisers).
    CreateEvent,
    /// Edit, publish and cancel an event, invite co-organisers, see its registrations
    /// (membership: of an organiser that has confirmed).
    ManageEvent,
    /// See an event before it is published (membership: of any organiser, invited too).
    ViewDraftEvent,
    /// Confirm or decline an invitation to co-organise or to partner, for one's
    /// organisation (membership: of the invited organisation).
    RespondForOrganisation,
    /// Take a seat at an event, or give it back.
    RegisterForEvent,
    /// Start a project led by one's organisation (membership: of the lead).
    CreateProject,
    /// Edit a project and invite partners (membership: of the lead or a confirmed partner).
    ManageProject,
    /// Propose a relation from one's organisation to another (membership: of the
    /// proposing organisation); ADMIN records confirmed relations directly.
    ProposeRelation,
    /// End or withdraw a relation (membership: of either side).
    EndRelation,
    /// See relations between organisations.
    ViewRelations,
    /// See the network overview: the whole network, or (membership: of the
    /// organisation at its centre) one organisation's neighbourhood.
    ViewNetwork,
    /// See the mail outbox and send failed mails again.
    ManageOutbox,
    /// Ask to take over a profile nobody represents, or to join an organisation
    /// (a multiplier who is approved becomes a representative).
    RequestToActFor,
    /// Approve or decline a claim of a profile.
    DecideClaim,
    /// Suggest an organisation the directory lacks, without acting for it.
    SuggestOrganisation,
    /// See which entries are out of date, who was reminded and who answered.
    ViewFreshness,
    /// Import organisations and offerings from a spreadsheet (and merge rows into
    /// existing profiles).
    ImportOrganisations,
    /// Record relations from an edge list (an actor analysis), confirmed at once.
    ImportRelations,
    /// Start a working group (Fachnetzwerk); its founder becomes its first coordinator.
    CreateGroup,
    /// Edit a working group, invite and remove members, decide applications, plan
    /// its meetings, keep minutes and record agreed actions (membership: coordinator
    /// of the group).
    ManageGroup,
    /// Read a working group, meeting or minutes shown to members of the platform only.
    ViewMembersOnlyGroup,
    /// See the individual people in a working group (anonymous visitors see only
    /// the member organisations).
    ViewGroupPeople,
    /// Mark an agreed action done or dropped (membership: the person responsible, or
    /// a representative of the responsible organisation); coordinators always may.
    UpdateAgreedAction,
    /// Propose an idea (as a person; for an organisation only with `SupportIdea`'s
    /// membership). Anyone trusted and signed in.
    ProposeIdea,
    /// Give an organisation's support to an idea (membership: a representative of it).
    SupportIdea,
    /// Comment on an idea.
    CommentIdea,
    /// Remove someone's comment, with a reason that is kept.
    ModerateComments,
    /// Move an idea through discussion, measure, project and end.
    MoveIdea,
    /// Raise a concern to the administration, join one, reopen one's own (membership:
    /// a representative of the organisation).
    RaiseConcern,
    /// Take on, answer and close a concern: the district administration only.
    AnswerConcern,
    /// Read a concern shown to the administration only (membership: a representative
    /// of an organisation that raised or joined it).
    ViewAdministrationConcern,
    /// The council's board of ideas, measures and concerns, with its exports.
    ViewCouncilBoard,
    /// Keep a private calendar feed of the events one may see (its address is a
    /// secret; made anew or revoked by its owner only).
    KeepCalendarFeed,
    /// Make, list and revoke an organisation's integration tokens (membership: a
    /// representative of it); a token keeps working only while its maker still may.
    ManageApiTokens,
}

impl Operation {
    /// Every operation, for the matrix test and for documentation.
    pub const ALL: &'static [Operation] = &[
        Operation::ViewPublicOrganisation,
        Operation::ViewMembersOnlyOrganisation,
        Operation::ViewUnverifiedOrganisation,
        Operation::ViewContactPersons,
        Operation::CreateOrganisation,
        Operation::UpdateOrganisation,
        Operation::VerifyOrganisation,
        Operation::ManageOrganisationMembers,
        Operation::ManageOfferings,
        Operation::InviteUser,
        Operation::InviteColleague,
        Operation::ManageUsers,
        Operation::ManageTaxonomy,
        Operation::ReadAuditLog,
        Operation::CreateEvent,
        Operation::ManageEvent,
        Operation::ViewDraftEvent,
        Operation::RespondForOrganisation,
        Operation::RegisterForEvent,
        Operation::CreateProject,
        Operation::ManageProject,
        Operation::ProposeRelation,
        Operation::EndRelation,
        Operation::ViewRelations,
        Operation::ViewNetwork,
        Operation::ManageOutbox,
        Operation::RequestToActFor,
        Operation::DecideClaim,
        Operation::SuggestOrganisation,
        Operation::ViewFreshness,
        Operation::ImportOrganisations,
        Operation::ImportRelations,
        Operation::CreateGroup,
        Operation::ManageGroup,
        Operation::ViewMembersOnlyGroup,
        Operation::ViewGroupPeople,
        Operation::UpdateAgreedAction,
        Operation::ProposeIdea,
        Operation::SupportIdea,
        Operation::CommentIdea,
        Operation::ModerateComments,
        Operation::MoveIdea,
        Operation::RaiseConcern,
        Operation::AnswerConcern,
        Operation::ViewAdministrationConcern,
        Operation::ViewCouncilBoard,
        Operation::KeepCalendarFeed,
        Operation::ManageApiTokens,
    ];
}

/// Whether `role` (`None`: anonymous) may perform `op`; `member` says whether the
/// person is a member of the organisation the operation concerns.
pub fn is_allowed(role: Option<Role>, op: Operation, member: bool) -> bool {
    use Operation::*;
    use Role::*;
    let Some(role) = role else { return op == ViewPublicOrganisation };
    match op {
        ViewPublicOrganisation | ViewMembersOnlyOrganisation | ViewContactPersons => true,
        ViewUnverifiedOrganisation => matches!(role, Admin | Administration) || member,
        CreateOrganisation => matches!(role, Admin | Administration | MoRepresentative | Multiplier),
        UpdateOrganisation | ManageOrganisationMembers | ManageOfferings | InviteColleague | ManageApiTokens => {
            role == Admin || (role == MoRepresentative && member)
        }
        VerifyOrganisation | InviteUser | ManageUsers | ManageTaxonomy | ReadAuditLog | ManageOutbox | DecideClaim | ViewFreshness
        | ImportOrganisations | ImportRelations => role == Admin,
        // People who work at an organisation: representatives and multipliers. The
        // council and the administration act for no organisation through a claim.
        RequestToActFor => matches!(role, MoRepresentative | Multiplier),
        SuggestOrganisation => true,
        // The district administration plans with everyone; a representative for their own.
        CreateEvent | ManageEvent | CreateProject | ManageProject => {
            matches!(role, Admin | Administration) || (role == MoRepresentative && member)
        }
        ViewDraftEvent => matches!(role, Admin | Administration) || member,
        RespondForOrganisation => role == Admin || (member && matches!(role, MoRepresentative | Administration)),
        RegisterForEvent | ViewRelations | KeepCalendarFeed => true,
        ProposeRelation | EndRelation => role == Admin || (role == MoRepresentative && member),
        // The council, the administration and the coordination team see the whole
        // network; a representative their own organisation's neighbourhood.
        ViewNetwork => matches!(role, Admin | Administration | Council) || (role == MoRepresentative && member),
        // Working groups are the network's own work: everyone who works in it may
        // start one; only its coordinators (and the coordination team) run it.
        CreateGroup => matches!(role, Admin | Administration | MoRepresentative | Multiplier),
        ManageGroup => role == Admin || member,
        ViewMembersOnlyGroup | ViewGroupPeople => true,
        UpdateAgreedAction => role == Admin || member,
        // Ideas and concerns: organisations speak through their representatives; the
        // coordination team and the administration move ideas; only the administration
        // answers concerns, and the coordination team does not read the ones addressed
        // to the administration alone.
        ProposeIdea | CommentIdea => true,
        SupportIdea | RaiseConcern => role == MoRepresentative && member,
        ModerateComments => role == Admin,
        MoveIdea => matches!(role, Admin | Administration),
        AnswerConcern => role == Administration,
        ViewAdministrationConcern => role == Administration || (role == MoRepresentative && member),
        ViewCouncilBoard => matches!(role, Admin | Administration | Council),
    }
}

/// What a *provisional* account may do: one that registered itself with
/// "register your organisation" and whose organisation the coordination team has not
/// verified yet. It counts as anonymous, except that it may look after the pending
/// profile it registered (`member`: of that organisation). Trust follows verification.
pub fn is_allowed_provisional(op: Operation, member: bool) -> bool {
    use Operation::*;
    op == ViewPublicOrganisation || (member && matches!(op, ViewUnverifiedOrganisation | UpdateOrganisation | ManageOfferings))
}

/// [`is_allowed_provisional`] as a result (`FORBIDDEN`: the person is signed in).
pub fn authorize_provisional(op: Operation, member: bool) -> DomainResult<()> {
    if is_allowed_provisional(op, member) { Ok(()) } else { Err(DomainError::forbidden()) }
}

/// Whether a role can act for an organisation through membership. A representative
/// demoted to multiplier or council member loses their memberships with the role.
pub fn may_hold_memberships(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Administration | Role::MoRepresentative)
}

/// [`is_allowed`] as a result: `UNAUTHENTICATED` for anonymous callers, `FORBIDDEN` otherwise.
pub fn authorize(role: Option<Role>, op: Operation, member: bool) -> DomainResult<()> {
    if is_allowed(role, op, member) {
        Ok(())
    } else if role.is_none() {
        Err(DomainError::unauthenticated())
    } else {
        Err(DomainError::forbidden())
    }
}

/// Whether a request made with an integration token of `scope` may perform `op`, on
/// top of what the token's actor may (see [`token_actor_role`]). A token reads; only
/// the managing scope writes, and only its organisation's events and offerings.
pub fn token_allows(scope: TokenScope, op: Operation) -> bool {
    use Operation::*;
    let reads = matches!(
        op,
        ViewPublicOrganisation
            | ViewMembersOnlyOrganisation
            | ViewContactPersons
            | ViewDraftEvent
            | ViewRelations
            | ViewMembersOnlyGroup
            | ViewGroupPeople
    );
    match scope {
        TokenScope::ReadPublic => op == ViewPublicOrganisation,
        TokenScope::ReadMembers => reads,
        TokenScope::ManageEventsAndOfferings => reads || matches!(op, CreateEvent | ManageEvent | ManageOfferings),
    }
}

/// The role a token's requests act with: none (anonymous) for public reading, and a
/// representative of the token's organisation otherwise, whatever its maker's role,
/// so that a token of the coordination team reads and writes no more than its scope.
pub fn token_actor_role(scope: TokenScope) -> Option<Role> {
    match scope {
        TokenScope::ReadPublic => None,
        TokenScope::ReadMembers | TokenScope::ManageEventsAndOfferings => Some(Role::MoRepresentative),
    }
}

/// Which organisations a list shows to a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationScope {
    /// Verified organisations with visibility `PUBLIC`.
    VerifiedPublic,
    /// All verified organisations, plus unverified ones the person is a member of.
    VerifiedAndOwn,
    /// Everything, the verification queue included.
    Everything,
    /// What anonymous visitors see, plus one's own pending organisations (provisional accounts).
    PublicAndOwn,
}

/// The list scope of a role; consistent with [`is_allowed`] for the view operations.
pub fn organisation_scope(role: Option<Role>) -> OrganisationScope {
    match role {
        None => OrganisationScope::VerifiedPublic,
        Some(Role::Admin | Role::Administration) => OrganisationScope::Everything,
        Some(_) => OrganisationScope::VerifiedAndOwn,
    }
}

/// Whether a contact field with visibility `field` is shown to `role`.
pub fn can_see_field(role: Option<Role>, field: FieldVisibility, member: bool) -> bool {
    match field {
        FieldVisibility::Public => true,
        FieldVisibility::Members => role.is_some(),
        FieldVisibility::Administration => matches!(role, Some(Role::Admin | Role::Administration)) || (role.is_some() && member),
    }
}

/// Whether an event is shown: drafts only to those who plan it (`member`: of any of
/// its organisers, invited ones included), published and cancelled ones by visibility.
pub fn can_view_event(role: Option<Role>, visibility: Visibility, status: EventStatus, member: bool) -> bool {
    match status {
        EventStatus::Draft => is_allowed(role, Operation::ViewDraftEvent, member),
        EventStatus::Published | EventStatus::Cancelled => visibility == Visibility::Public || role.is_some(),
    }
}

/// Whether a relation is shown: confirmed and ended ones to every signed-in person,
/// proposals and declines only to the two sides (`member`: of either) and ADMIN.
pub fn can_view_relation(role: Option<Role>, state: RelationState, member: bool) -> bool {
    match state {
        RelationState::Confirmed | RelationState::Ended => role.is_some(),
        RelationState::Proposed | RelationState::Declined => role == Some(Role::Admin) || (role.is_some() && member),
    }
}

/// Whether a proposed relation counts at once: the coordination team records
/// relations, and one's own organisation on the other side needs no answer.
pub fn relation_confirmed_on_proposal(role: Role, member_of_other_side: bool) -> bool {
    role == Role::Admin || member_of_other_side
}

/// The roles someone may give by invitation: ADMIN any, a representative only their own.
pub fn may_invite_role(inviter: Role, invitee: Role) -> bool {
    match inviter {
        Role::Admin => true,
        Role::MoRepresentative => invitee == Role::MoRepresentative,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use Operation::*;

    /// The expected table: for each operation, which roles may act as member and as non-member.
    /// Columns: anonymous, ADMIN, ADMINISTRATION, MO_REPRESENTATIVE, MULTIPLIER, COUNCIL.
    fn expected(op: Operation) -> ([bool; 6], [bool; 6]) {
        //             (non-member)                                  (member)
        match op {
            ViewPublicOrganisation => ([true; 6], [true; 6]),
            ViewMembersOnlyOrganisation | ViewContactPersons => {
                ([false, true, true, true, true, true], [false, true, true, true, true, true])
            }
            ViewUnverifiedOrganisation => ([false, true, true, false, false, false], [false, true, true, true, true, true]),
            CreateOrganisation => ([false, true, true, true, true, false], [false, true, true, true, true, false]),
            UpdateOrganisation | ManageOrganisationMembers | ManageOfferings | InviteColleague | ManageApiTokens => {
                ([false, true, false, false, false, false], [false, true, false, true, false, false])
            }
            VerifyOrganisation | InviteUser | ManageUsers | ManageTaxonomy | ReadAuditLog | ManageOutbox | DecideClaim | ViewFreshness
            | ImportOrganisations | ImportRelations => {
                ([false, true, false, false, false, false], [false, true, false, false, false, false])
            }
            RequestToActFor => ([false, false, false, true, true, false], [false, false, false, true, true, false]),
            SuggestOrganisation => ([false, true, true, true, true, true], [false, true, true, true, true, true]),
            CreateEvent | ManageEvent | CreateProject | ManageProject => {
                ([false, true, true, false, false, false], [false, true, true, true, false, false])
            }
            ViewDraftEvent => ([false, true, true, false, false, false], [false, true, true, true, true, true]),
            RespondForOrganisation => ([false, true, false, false, false, false], [false, true, true, true, false, false]),
            RegisterForEvent | ViewRelations | KeepCalendarFeed => {
                ([false, true, true, true, true, true], [false, true, true, true, true, true])
            }
            ProposeRelation | EndRelation => ([false, true, false, false, false, false], [false, true, false, true, false, false]),
            ViewNetwork => ([false, true, true, false, false, true], [false, true, true, true, false, true]),
            CreateGroup => ([false, true, true, true, true, false], [false, true, true, true, true, false]),
            // member: coordinator of the group, or the one responsible for the action.
            ManageGroup | UpdateAgreedAction => ([false, true, false, false, false, false], [false, true, true, true, true, true]),
            ViewMembersOnlyGroup | ViewGroupPeople => ([false, true, true, true, true, true], [false, true, true, true, true, true]),
            ProposeIdea | CommentIdea => ([false, true, true, true, true, true], [false, true, true, true, true, true]),
            // member: a representative of the organisation (that raised or joined the concern).
            SupportIdea | RaiseConcern => ([false, false, false, false, false, false], [false, false, false, true, false, false]),
            ViewAdministrationConcern => ([false, false, true, false, false, false], [false, false, true, true, false, false]),
            ModerateComments => ([false, true, false, false, false, false], [false, true, false, false, false, false]),
            MoveIdea => ([false, true, true, false, false, false], [false, true, true, false, false, false]),
            AnswerConcern => ([false, false, true, false, false, false], [false, false, true, false, false, false]),
            ViewCouncilBoard => ([false, true, true, false, false, true], [false, true, true, false, false, true]),
        }
    }

    const ROLES: [Option<Role>; 6] =
        [None, Some(Role::Admin), Some(Role::Administration), Some(Role::MoRepresentative), Some(Role::Multiplier), Some(Role::Council)];

    #[test]
    fn authorization_matrix() {
        for &op in Operation::ALL {
            let (non_member, member) = expected(op);
            for (i, role) in ROLES.iter().enumerate() {
                assert_eq!(is_allowed(*role, op, false), non_member[i], "{op:?} {role:?} non-member");
                assert_eq!(is_allowed(*role, op, true), member[i], "{op:?} {role:?} member");
                let result = authorize(*role, op, false);
                match (result, role) {
                    (Ok(()), _) => assert!(non_member[i]),
                    (Err(e), None) => assert_eq!(e.code, ErrorCode::Unauthenticated),
                    (Err(e), Some(_)) => assert_eq!(e.code, ErrorCode::Forbidden),
                }
            }
        }
    }

    #[test]
    fn provisional_accounts_only_look_after_their_pending_profile() {
        for &op in Operation::ALL {
            let expected_member = matches!(op, ViewPublicOrganisation | ViewUnverifiedOrganisation | UpdateOrganisation | ManageOfferings);
            assert_eq!(is_allowed_provisional(op, false), op == ViewPublicOrganisation, "{op:?} non-member");
            assert_eq!(is_allowed_provisional(op, true), expected_member, "{op:?} member");
            // Never more than a representative member could do.
            assert!(!is_allowed_provisional(op, true) || is_allowed(Some(Role::MoRepresentative), op, true), "{op:?}");
        }
        assert_eq!(authorize_provisional(CreateEvent, true).unwrap_err().code, ErrorCode::Forbidden);
        assert!(!may_hold_memberships(Role::Multiplier) && !may_hold_memberships(Role::Council));
        assert!(may_hold_memberships(Role::MoRepresentative));
    }

    #[test]
    fn representative_plans_only_for_own_organisation() {
        assert!(!is_allowed(Some(Role::MoRepresentative), CreateEvent, false));
        assert!(is_allowed(Some(Role::MoRepresentative), CreateEvent, true));
        assert!(!is_allowed(Some(Role::MoRepresentative), ManageEvent, false));
        assert!(!is_allowed(Some(Role::Multiplier), RespondForOrganisation, true));
        assert!(is_allowed(Some(Role::Administration), CreateEvent, false));
    }

    #[test]
    fn representative_cannot_edit_foreign_organisation() {
        assert!(!is_allowed(Some(Role::MoRepresentative), UpdateOrganisation, false));
        assert!(is_allowed(Some(Role::MoRepresentative), UpdateOrganisation, true));
    }

    #[test]
    fn scope_matches_view_operations() {
        for role in ROLES {
            let scope = organisation_scope(role);
            let sees_unverified = is_allowed(role, ViewUnverifiedOrganisation, false);
            assert_eq!(scope == OrganisationScope::Everything, sees_unverified, "{role:?}");
            let sees_members_only = is_allowed(role, ViewMembersOnlyOrganisation, false);
            assert_eq!(scope != OrganisationScope::VerifiedPublic, sees_members_only, "{role:?}");
        }
    }

    #[test]
    fn contact_fields_follow_their_visibility() {
        assert!(can_see_field(None, FieldVisibility::Public, false));
        assert!(!can_see_field(None, FieldVisibility::Members, false));
        assert!(can_see_field(Some(Role::Multiplier), FieldVisibility::Members, false));
        assert!(!can_see_field(Some(Role::Multiplier), FieldVisibility::Administration, false));
        assert!(can_see_field(Some(Role::MoRepresentative), FieldVisibility::Administration, true));
        assert!(can_see_field(Some(Role::Administration), FieldVisibility::Administration, false));
    }

    #[test]
    fn drafts_only_for_planners() {
        assert!(!can_view_event(None, Visibility::Public, EventStatus::Draft, false));
        assert!(!can_view_event(Some(Role::Multiplier), Visibility::Public, EventStatus::Draft, false));
        assert!(can_view_event(Some(Role::MoRepresentative), Visibility::Public, EventStatus::Draft, true));
        assert!(can_view_event(Some(Role::Administration), Visibility::Members, EventStatus::Draft, false));
        assert!(can_view_event(None, Visibility::Public, EventStatus::Published, false));
        assert!(!can_view_event(None, Visibility::Members, EventStatus::Cancelled, false));
    }

    #[test]
    fn proposals_only_for_the_two_sides() {
        assert!(!can_view_relation(None, RelationState::Confirmed, false));
        assert!(can_view_relation(Some(Role::Council), RelationState::Confirmed, false));
        assert!(!can_view_relation(Some(Role::Council), RelationState::Proposed, false));
        assert!(can_view_relation(Some(Role::MoRepresentative), RelationState::Declined, true));
        assert!(can_view_relation(Some(Role::Admin), RelationState::Proposed, false));
        assert!(relation_confirmed_on_proposal(Role::Admin, false));
        assert!(!relation_confirmed_on_proposal(Role::MoRepresentative, false));
    }

    #[test]
    fn groups_are_run_by_their_coordinators() {
        // A self-made account runs nothing, reads only what visitors read.
        for op in [CreateGroup, ManageGroup, ViewMembersOnlyGroup, ViewGroupPeople, UpdateAgreedAction] {
            assert!(!is_allowed_provisional(op, true), "{op:?}");
            assert!(!is_allowed(None, op, true), "{op:?}");
        }
        assert!(!is_allowed(Some(Role::Administration), ManageGroup, false));
        assert!(is_allowed(Some(Role::Council), ManageGroup, true));
        assert!(!is_allowed(Some(Role::Council), CreateGroup, false));
    }

    #[test]
    fn only_the_administration_answers_and_reads_what_is_addressed_to_it() {
        for op in [ProposeIdea, SupportIdea, CommentIdea, RaiseConcern, AnswerConcern, ViewAdministrationConcern, ViewCouncilBoard] {
            assert!(!is_allowed_provisional(op, true), "{op:?}");
        }
        assert!(!is_allowed(Some(Role::Admin), AnswerConcern, true));
        assert!(!is_allowed(Some(Role::Admin), ViewAdministrationConcern, true));
        assert!(!is_allowed(Some(Role::Multiplier), SupportIdea, true));
        assert!(is_allowed(Some(Role::MoRepresentative), ViewAdministrationConcern, true));
        assert!(!is_allowed(Some(Role::MoRepresentative), ViewAdministrationConcern, false));
    }

    #[test]
    fn a_token_never_does_more_than_a_representative_of_its_organisation() {
        for &op in Operation::ALL {
            for &scope in TokenScope::ALL {
                if token_allows(scope, op) {
                    // What the token's actor may (as member of the token's organisation)
                    // is at most what a representative member may.
                    assert!(!is_allowed(token_actor_role(scope), op, true) || is_allowed(Some(Role::MoRepresentative), op, true));
                }
            }
            assert_eq!(token_allows(TokenScope::ReadPublic, op), op == ViewPublicOrganisation, "{op:?}");
        }
        // Reading scopes write nothing; the managing scope only events and offerings.
        for op in [CreateEvent, ManageEvent, ManageOfferings] {
            assert!(!token_allows(TokenScope::ReadMembers, op));
            assert!(token_allows(TokenScope::ManageEventsAndOfferings, op));
        }
        for op in [UpdateOrganisation, ManageOrganisationMembers, ManageApiTokens, KeepCalendarFeed, ProposeIdea, ManageUsers] {
            assert!(!token_allows(TokenScope::ManageEventsAndOfferings, op), "{op:?}");
        }
        assert_eq!(token_actor_role(TokenScope::ReadPublic), None);
    }

    #[test]
    fn representatives_invite_only_colleagues() {
        assert!(may_invite_role(Role::MoRepresentative, Role::MoRepresentative));
        assert!(!may_invite_role(Role::MoRepresentative, Role::Admin));
        assert!(!may_invite_role(Role::Council, Role::Multiplier));
        assert!(may_invite_role(Role::Admin, Role::Council));
    }
}
