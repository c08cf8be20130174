//! Cursor paging (Relay style): opaque cursors over a stable sort key.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use migraup_domain::{DomainError, Reason, error::DomainResult};

/// The largest page anyone may ask for.
pub const MAX_PAGE_SIZE: u64 = migraup_domain::bounds::MAX_PAGE;
/// The page size when none is given.
pub const DEFAULT_PAGE_SIZE: u64 = migraup_domain::bounds::DEFAULT_PAGE;

/// A page request.
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    pub first: Option<i32>,
    pub after: Option<String>,
}

impl PageRequest {
    /// The page size, checked against the limit.
    pub fn size(&self) -> DomainResult<u64> {
        match self.first {
            None => Ok(DEFAULT_PAGE_SIZE),
            Some(n) if (1..=MAX_PAGE_SIZE as i32).contains(&n) => Ok(n as u64),
            Some(_) => Err(DomainError::invalid("first", Reason::OutOfRange { min: 1, max: MAX_PAGE_SIZE as i64 })),
        }
    }

    /// The decoded cursor: the sort key parts it was made from.
    pub fn after_key(&self) -> DomainResult<Option<Vec<String>>> {
        let Some(cursor) = &self.after else { return Ok(None) };
        let bad = || DomainError::invalid("after", Reason::InvalidToken);
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
        let parts: Vec<String> = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        // A made-up cursor may carry a NUL, which PostgreSQL cannot compare with.
        if parts.iter().any(|p| p.contains('\0')) {
            return Err(bad());
        }
        Ok(Some(parts))
    }
}

/// Makes a cursor from sort key parts.
pub fn cursor(parts: &[&str]) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(parts).unwrap_or_default())
}

/// One page of results.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub has_next_page: bool,
    /// Whether the page started after a cursor (so items come before it), as Relay
    /// allows when paging forward.
    pub has_previous_page: bool,
    pub total_count: u64,
}
