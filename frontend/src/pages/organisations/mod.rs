//! Organisation pages: the directory, a profile, its edit form, and one's own organisations.

#[cfg(feature = "work")]
mod api_tokens;
#[cfg(feature = "work")]
mod conflict;
#[cfg(feature = "work")]
mod contact;
#[cfg(feature = "work")]
mod contact_consent;
pub mod detail;
pub mod directory;
#[cfg(feature = "work")]
pub mod edit;
#[cfg(feature = "work")]
mod embed_code;
#[cfg(feature = "work")]
mod form_types;
#[cfg(feature = "work")]
pub mod join;
#[cfg(feature = "work")]
pub mod mine;
#[cfg(feature = "work")]
mod preview;
#[cfg(feature = "work")]
mod upkeep;
