//! The editable fields of an organisation and how input is checked and applied.

use crate::entities::stored::Stored;
use migraup_domain::{DomainError, FieldVisibility, OrganisationKind, Reason, Visibility, error::DomainResult, validate};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use crate::{
    entities::{district, organisation},
    errors::DbResultExt,
};

/// Input for creating or editing an organisation. `None` leaves a field unchanged;
/// `Some(None)` (or an empty text) clears a nullable one.
#[derive(Clone, Debug, Default)]
pub struct OrganisationInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub legal_form: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub founded_year: Option<Option<i32>>,
    pub website: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub email_visibility: Option<FieldVisibility>,
    pub phone: Option<Option<String>>,
    pub phone_visibility: Option<FieldVisibility>,
    pub street: Option<Option<String>>,
    pub postal_code: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub address_visibility: Option<FieldVisibility>,
    pub district_id: Option<Option<Uuid>>,
    pub latitude: Option<Option<f64>>,
    pub longitude: Option<Option<f64>>,
    pub visibility: Option<Visibility>,
    pub topic_ids: Option<Vec<Uuid>>,
    pub languages: Option<Vec<String>>,
    pub target_group_ids: Option<Vec<Uuid>>,
    /// ISO 639-1 language the description (and the offerings' texts) are written in.
    pub content_language: Option<String>,
    /// The description in more languages; replaces the earlier ones when given.
    pub translations: Option<Vec<crate::translations::TranslationInput>>,
}

fn opt_text(v: &Option<Option<String>>) -> Option<Option<&str>> {
    v.as_ref().map(|inner| inner.as_deref())
}

/// Checks `input` and writes it into `active`; returns the names of the fields it set.
pub(crate) async fn apply(
    db: &impl ConnectionTrait,
    input: &OrganisationInput,
    active: &mut organisation::ActiveModel,
    current_year: i32,
) -> DomainResult<Vec<&'static str>> {
    let mut changed = Vec::new();
    macro_rules! set {
        ($field:ident, $name:literal, $value:expr) => {{
            active.$field = Set($value);
            changed.push($name);
        }};
    }
    if let Some(name) = &input.name {
        set!(name, "name", validate::name("name", name, 2, 200)?);
    }
    if let Some(slug) = &input.slug {
        set!(slug, "slug", validate::slug("slug", slug)?);
    }
    if let Some(kind) = input.kind {
        set!(kind, "kind", Stored(kind));
    }
    if let Some(v) = opt_text(&input.legal_form) {
        set!(legal_form, "legalForm", validate::optional_line("legalForm", v, 100)?);
    }
    if let Some(v) = opt_text(&input.description) {
        set!(description, "description", validate::optional_text("description", v, 5000)?);
    }
    if let Some(v) = &input.content_language {
        set!(content_language, "contentLanguage", validate::language_code("contentLanguage", v)?);
    }
    if let Some(v) = input.founded_year {
        set!(founded_year, "foundedYear", validate::optional_year("foundedYear", v, current_year)?);
    }
    if let Some(v) = opt_text(&input.website) {
        set!(website, "website", validate::optional_url("website", v)?);
    }
    if let Some(v) = opt_text(&input.email) {
        let email = match v.map(str::trim).filter(|s| !s.is_empty()) {
            Some(e) => Some(validate::email("email", e)?),
            None => None,
        };
        set!(email, "email", email);
    }
    if let Some(v) = input.email_visibility {
        set!(email_visibility, "emailVisibility", Stored(v));
    }
    if let Some(v) = opt_text(&input.phone) {
        set!(phone, "phone", validate::optional_phone("phone", v)?);
    }
    if let Some(v) = input.phone_visibility {
        set!(phone_visibility, "phoneVisibility", Stored(v));
    }
    if let Some(v) = opt_text(&input.street) {
        set!(street, "street", validate::optional_line("street", v, 200)?);
    }
    if let Some(v) = opt_text(&input.postal_code) {
        set!(postal_code, "postalCode", validate::optional_line("postalCode", v, 20)?);
    }
    if let Some(v) = opt_text(&input.city) {
        set!(city, "city", validate::optional_line("city", v, 100)?);
    }
    if let Some(v) = input.address_visibility {
        set!(address_visibility, "addressVisibility", Stored(v));
    }
    if let Some(v) = input.district_id {
        if let Some(id) = v
            && district::Entity::find_by_id(id).one(db).await.internal()?.is_none()
        {
            return Err(DomainError::invalid("districtId", Reason::UnknownId));
        }
        set!(district_id, "districtId", v);
    }
    if input.latitude.is_some() || input.longitude.is_some() {
        let lat = input.latitude.flatten();
        let lon = input.longitude.flatten();
        let coords = validate::coordinates("coordinates", lat, lon)?;
        set!(latitude, "latitude", coords.map(|c| c.0));
        set!(longitude, "longitude", coords.map(|c| c.1));
    }
    if let Some(v) = input.visibility {
        set!(visibility, "visibility", Stored(v));
    }
    if input.topic_ids.is_some() {
        changed.push("topicIds");
    }
    if input.languages.is_some() {
        changed.push("languages");
    }
    if input.target_group_ids.is_some() {
        changed.push("targetGroupIds");
    }
    if input.translations.is_some() {
        changed.push("translations");
    }
    Ok(changed)
}
