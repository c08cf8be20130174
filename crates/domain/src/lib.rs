//! The domain of migraup: roles, kinds, error codes, validation rules and the one
//! authorization policy. Pure Rust without IO, so that it also builds for
//! `wasm32-unknown-unknown` and the SPA shares exactly these rules.

pub mod bounds;
pub mod directory;
pub mod error;
pub mod freshness;
pub mod html;
pub mod kinds;
pub mod messages;
pub mod plural;
pub mod policy;
pub mod search;
pub mod texts;
pub mod validate;

pub use error::{DomainError, ErrorCode, Reason};
pub use kinds::{
    ActionStatus, ConcernStatus, ConcernStep, ConcernVisibility, DuplicateReason, EventStatus, FieldVisibility, IdeaStatus, ImportAction,
    ImportField, ImportRowStatus, ImportState, Lang, MembershipEnd, OrganisationKind, ParticipationState, ProjectStatus,
    RegistrationStatus, RelationKind, RelationState, RequestKind, RequestState, Role, TieSource, TokenScope, UserStatus, VerificationState,
    Visibility,
};
pub use policy::{Operation, OrganisationScope};
