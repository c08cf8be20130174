//! The one error type that crosses from the domain and core to the API.

use serde::{Deserialize, Serialize};

/// The machine-readable codes clients branch on (`extensions.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    BadUserInput,
    NotFound,
    Conflict,
    RateLimited,
    /// The database cannot be reached for the moment; trying again shortly helps.
    Unavailable,
    Internal,
}

impl ErrorCode {
    /// The wire form, e.g. `BAD_USER_INPUT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::NotFound => "NOT_FOUND",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::Unavailable => "UNAVAILABLE",
            Self::Internal => "INTERNAL",
        }
    }
}

/// Why something failed, precise enough to be translated for the person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    ControlCharacters,
    InvalidEmail,
    InvalidUrl,
    InvalidPhone,
    InvalidYear {
        min: i32,
        max: i32,
    },
    InvalidSlug,
    InvalidLanguage,
    InvalidCoordinates,
    OutOfRange {
        min: i64,
        max: i64,
    },
    UnknownId,
    AlreadyTaken,
    PasswordTooCommon,
    InvalidCredentials,
    InvalidToken,
    NotSignedIn,
    NotAllowed,
    NotFound,
    StaleVersion,
    TooManyAttempts,
    Internal,
    EndBeforeStart,
    InvalidDateTime,
    PlaceOrLinkRequired,
    OrganisersNotConfirmed,
    InvalidState,
    AlreadyInvited,
    /// The inviter's own invitation of this address is still open.
    PersonAlreadyInvited,
    SameOrganisation,
    AlreadyRelated,
    /// A request of the same person for the same organisation is still open.
    AlreadyRequested,
    /// The person already acts for the organisation.
    AlreadyMember,
    /// A profile with representatives is joined, not claimed.
    HasRepresentatives,
    /// An organisation without representatives is claimed, not joined.
    NoRepresentatives,
    /// The person has not confirmed their e-mail address yet.
    EmailNotConfirmed,
    /// A GraphQL document over the bounds (depth, size, cost).
    DocumentTooComplex,
    /// A GraphQL document that does not fit the schema (unknown field, wrong type).
    InvalidDocument,
    /// A request body over the size limit.
    BodyTooLarge,
    /// The database is unreachable for the moment.
    Unavailable,
    /// An uploaded file that is neither CSV nor an Excel workbook (.xlsx).
    UnreadableFile,
    /// An uploaded file without rows below its header.
    EmptyFile,
    /// A list longer than its bound (`crate::bounds`): topics, offerings, organisers, …
    TooManyItems {
        max: usize,
    },
    /// An uploaded file with more rows than one import takes.
    TooManyRows {
        max: usize,
    },
    /// An uploaded file over the size limit (MiB).
    FileTooLarge {
        max: usize,
    },
    /// A spreadsheet cell (`Sheet!A2`) with more characters than one cell may hold.
    CellTooLong {
        cell: String,
        max: usize,
    },
    /// A workbook whose cells together hold more text than one import reads (MiB).
    TextTooLarge {
        max: usize,
    },
    /// A kind of relation the edge list import does not know.
    UnknownRelationKind,
    /// A name several organisations share: the id says which one.
    AmbiguousName,
    /// A spreadsheet formula where a value belongs.
    Formula,
    /// A name that starts with `=`, `+`, `-` or `@`, which spreadsheets read as a formula.
    FormulaStart,
    /// A kind of organisation the import does not know.
    UnknownKind,
    /// The column mapping assigns no column to the organisation's name.
    NameColumnMissing,
    /// Two columns are mapped to the same field.
    DuplicateColumn,
    /// Another import is running.
    ImportRunning,
    /// Possible duplicates the person has not decided on (the file's line numbers).
    DecisionRequired {
        lines: String,
    },
    /// A date that has already passed where a future one belongs (an action's due date).
    DateInPast,
    /// A comment can be edited only for a short while after it was written.
    EditWindowClosed,
    /// A concern can be reopened once.
    ReopenedOnce,
}

/// A failure with its code, reason and, for bad input, the offending field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} ({:?}{})", code.as_str(), reason, field.as_deref().map(|f| format!(", field {f}")).unwrap_or_default())]
pub struct DomainError {
    pub code: ErrorCode,
    pub reason: Reason,
    /// The input field at fault, in the API's camelCase spelling.
    pub field: Option<String>,
    /// With `CONFLICT`: the version the record has now.
    pub current_version: Option<i32>,
    /// With `RATE_LIMITED`: seconds until a new attempt may succeed.
    pub retry_after: Option<u64>,
}

impl DomainError {
    fn new(code: ErrorCode, reason: Reason) -> Self {
        Self { code, reason, field: None, current_version: None, retry_after: None }
    }
    /// Bad input in `field`.
    pub fn invalid(field: &str, reason: Reason) -> Self {
        Self { field: Some(field.to_owned()), ..Self::new(ErrorCode::BadUserInput, reason) }
    }
    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, Reason::NotSignedIn)
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, Reason::NotAllowed)
    }
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, Reason::NotFound)
    }
    /// Someone else saved first; the client is told the version it must merge with.
    pub fn conflict(current_version: i32) -> Self {
        Self { current_version: Some(current_version), ..Self::new(ErrorCode::Conflict, Reason::StaleVersion) }
    }
    pub fn rate_limited() -> Self {
        Self::new(ErrorCode::RateLimited, Reason::TooManyAttempts)
    }
    /// Too many attempts; a new one may succeed after `seconds`.
    pub fn rate_limited_for(seconds: u64) -> Self {
        Self { retry_after: Some(seconds.max(1)), ..Self::rate_limited() }
    }
    /// Wrong e-mail or password: the same answer for both, on purpose.
    pub fn invalid_credentials() -> Self {
        Self::new(ErrorCode::Unauthenticated, Reason::InvalidCredentials)
    }
    /// An invitation, reset or refresh token that is unknown, used or expired.
    pub fn invalid_token(field: &str) -> Self {
        Self { field: Some(field.to_owned()), ..Self::new(ErrorCode::BadUserInput, Reason::InvalidToken) }
    }
    /// The database cannot be reached; the request may succeed when tried again.
    pub fn unavailable() -> Self {
        Self::new(ErrorCode::Unavailable, Reason::Unavailable)
    }
    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, Reason::Internal)
    }
}

/// Results of domain and core functions.
pub type DomainResult<T> = Result<T, DomainError>;
