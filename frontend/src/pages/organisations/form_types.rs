//! The profile form's values, shared by the form and its parts (contact fields,
//! preview, conflict view): `Fields` as the form holds them at one moment, `Inputs`
//! one signal each, and what a save sends.

use leptos::prelude::*;
use migraup_domain::{FieldVisibility, Visibility};

use crate::{
    api::{ApiError, organisation_edit, update_organisation},
    components::form::{Choices, local_error, number_input},
    i18n::*,
};

use crate::components::translations::{self as texts, TranslationRow};

/// The founding year's input (read again on saving: see `number_input`).
pub(super) const FOUNDED_YEAR_ID: &str = "org-founded-year";
/// The coordinates' inputs (read again on saving: see `number_input`).
pub(super) const LATITUDE_ID: &str = "org-latitude";
pub(super) const LONGITUDE_ID: &str = "org-longitude";

/// The editable fields: text as text, numbers as the inputs hold them, choices as ids
/// (sorted, so sets compare equal), visibilities as themselves (a contact field's
/// `None` only where the API gave none: nothing is sent for it then).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Fields {
    pub(super) name: String,
    pub(super) legal_form: String,
    pub(super) founded_year: String,
    pub(super) description: String,
    pub(super) website: String,
    pub(super) email: String,
    pub(super) email_visibility: Option<FieldVisibility>,
    pub(super) phone: String,
    pub(super) phone_visibility: Option<FieldVisibility>,
    pub(super) street: String,
    pub(super) postal_code: String,
    pub(super) city: String,
    pub(super) address_visibility: Option<FieldVisibility>,
    pub(super) latitude: String,
    pub(super) longitude: String,
    pub(super) district: String,
    pub(super) visibility: Visibility,
    pub(super) topics: Vec<String>,
    pub(super) languages: Vec<String>,
    pub(super) target_groups: Vec<String>,
    pub(super) content_language: String,
    /// The description in more languages: (language, text), in the form's order.
    pub(super) translations: Vec<(String, String)>,
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

impl From<&organisation_edit::OrganisationEditOrganisation> for Fields {
    fn from(o: &organisation_edit::OrganisationEditOrganisation) -> Self {
        let address = o.address.as_ref();
        let text = |v: Option<&Option<String>>| v.cloned().flatten().unwrap_or_default();
        // Editors always get `contactVisibility`.
        let contact = o.contact_visibility.as_ref();
        Fields {
            name: o.name.clone(),
            legal_form: o.legal_form.clone().unwrap_or_default(),
            founded_year: o.founded_year.map(|y| y.to_string()).unwrap_or_default(),
            description: o.description.clone().unwrap_or_default(),
            website: o.website.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            email_visibility: contact.map(|c| c.email),
            phone: o.phone.clone().unwrap_or_default(),
            phone_visibility: contact.map(|c| c.phone),
            street: text(address.map(|a| &a.street)),
            postal_code: text(address.map(|a| &a.postal_code)),
            city: text(address.map(|a| &a.city)),
            address_visibility: contact.map(|c| c.address),
            latitude: o.coordinates.as_ref().map(|c| c.latitude.to_string()).unwrap_or_default(),
            longitude: o.coordinates.as_ref().map(|c| c.longitude.to_string()).unwrap_or_default(),
            district: o.district.as_ref().map(|d| d.id.clone()).unwrap_or_default(),
            visibility: o.visibility,
            topics: sorted(o.topics.iter().map(|t| t.id.clone()).collect()),
            languages: sorted(o.languages.iter().map(|l| l.code.clone()).collect()),
            target_groups: sorted(o.target_groups.iter().map(|t| t.id.clone()).collect()),
            content_language: o.content_language.clone(),
            translations: o.translations.iter().map(|t| (t.language.clone(), t.description.clone().unwrap_or_default())).collect(),
        }
    }
}

impl From<&organisation_edit::ResponseData> for Choices {
    fn from(d: &organisation_edit::ResponseData) -> Self {
        Choices {
            districts: d.districts.iter().map(|x| (x.id.clone(), x.name.clone())).collect(),
            topics: d.topics.iter().map(|x| (x.id.clone(), x.label.clone())).collect(),
            // By name in the reader's language ("Englisch, Persisch, Spanisch"), not by code.
            languages: {
                let mut languages: Vec<(String, String)> = d
                    .languages
                    .iter()
                    .map(|l| {
                        let label = if l.native_name == l.name { l.name.clone() } else { format!("{} ({})", l.name, l.native_name) };
                        (l.code.clone(), label)
                    })
                    .collect();
                languages.sort_by_key(|a| a.1.to_lowercase());
                languages
            },
            target_groups: d.target_groups.iter().map(|x| (x.id.clone(), x.label.clone())).collect(),
        }
    }
}

/// The editable fields as the inputs hold them, one signal each.
#[derive(Clone, Copy)]
pub(super) struct Inputs {
    pub(super) name: RwSignal<String>,
    pub(super) legal_form: RwSignal<String>,
    pub(super) founded_year: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) website: RwSignal<String>,
    pub(super) email: RwSignal<String>,
    pub(super) email_visibility: RwSignal<Option<FieldVisibility>>,
    pub(super) phone: RwSignal<String>,
    pub(super) phone_visibility: RwSignal<Option<FieldVisibility>>,
    pub(super) street: RwSignal<String>,
    pub(super) postal_code: RwSignal<String>,
    pub(super) city: RwSignal<String>,
    pub(super) address_visibility: RwSignal<Option<FieldVisibility>>,
    pub(super) latitude: RwSignal<String>,
    pub(super) longitude: RwSignal<String>,
    pub(super) district: RwSignal<String>,
    pub(super) visibility: RwSignal<Visibility>,
    pub(super) topics: RwSignal<Vec<String>>,
    pub(super) languages: RwSignal<Vec<String>>,
    pub(super) target_groups: RwSignal<Vec<String>>,
    pub(super) content_language: RwSignal<String>,
    pub(super) translations: RwSignal<Vec<TranslationRow>>,
}

impl From<Fields> for Inputs {
    fn from(f: Fields) -> Self {
        Inputs {
            name: RwSignal::new(f.name),
            legal_form: RwSignal::new(f.legal_form),
            founded_year: RwSignal::new(f.founded_year),
            description: RwSignal::new(f.description),
            website: RwSignal::new(f.website),
            email: RwSignal::new(f.email),
            email_visibility: RwSignal::new(f.email_visibility),
            phone: RwSignal::new(f.phone),
            phone_visibility: RwSignal::new(f.phone_visibility),
            street: RwSignal::new(f.street),
            postal_code: RwSignal::new(f.postal_code),
            city: RwSignal::new(f.city),
            address_visibility: RwSignal::new(f.address_visibility),
            latitude: RwSignal::new(f.latitude),
            longitude: RwSignal::new(f.longitude),
            district: RwSignal::new(f.district),
            visibility: RwSignal::new(f.visibility),
            topics: RwSignal::new(f.topics),
            languages: RwSignal::new(f.languages),
            target_groups: RwSignal::new(f.target_groups),
            content_language: RwSignal::new(f.content_language),
            translations: RwSignal::new(texts::rows(&f.translations)),
        }
    }
}

impl Inputs {
    /// What the person has typed (tracked: a view reading it follows the inputs).
    pub(super) fn read(&self) -> Fields {
        Fields {
            name: self.name.get(),
            legal_form: self.legal_form.get(),
            founded_year: self.founded_year.get(),
            description: self.description.get(),
            website: self.website.get(),
            email: self.email.get(),
            email_visibility: self.email_visibility.get(),
            phone: self.phone.get(),
            phone_visibility: self.phone_visibility.get(),
            street: self.street.get(),
            postal_code: self.postal_code.get(),
            city: self.city.get(),
            address_visibility: self.address_visibility.get(),
            latitude: self.latitude.get(),
            longitude: self.longitude.get(),
            district: self.district.get(),
            visibility: self.visibility.get(),
            topics: sorted(self.topics.get()),
            languages: sorted(self.languages.get()),
            target_groups: sorted(self.target_groups.get()),
            content_language: self.content_language.get(),
            translations: self.translations.with(|rows| rows.iter().map(|r| (r.language.get(), r.text.get())).collect()),
        }
    }
}

/// The profile's numbers as the API takes them.
pub(super) struct Numbers {
    founded_year: Option<i64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

impl Numbers {
    /// The numbers in `f`, or the error to show at the field that holds no number.
    pub(super) fn read(i18n: I18nContext, f: &Fields) -> Result<Numbers, ApiError> {
        let not_a_year = || local_error("foundedYear", t_string!(i18n, form_not_a_year));
        let founded_year = match number_input(FOUNDED_YEAR_ID, &f.founded_year).map_err(|_| not_a_year())? {
            Some(y) if y.fract() != 0.0 || y.abs() > f64::from(i32::MAX) => return Err(not_a_year()),
            y => y.map(|y| y as i64),
        };
        let number = |id, text, field| number_input(id, text).map_err(|_| local_error(field, t_string!(i18n, form_not_a_number)));
        Ok(Numbers {
            founded_year,
            latitude: number(LATITUDE_ID, &f.latitude, "latitude")?,
            longitude: number(LONGITUDE_ID, &f.longitude, "longitude")?,
        })
    }

    /// The fields whose input is empty: they are saved as `null` (see `api::clearing`).
    pub(super) fn cleared(&self) -> Vec<&'static str> {
        [("foundedYear", self.founded_year.is_none()), ("latitude", self.latitude.is_none()), ("longitude", self.longitude.is_none())]
            .into_iter()
            .filter_map(|(field, empty)| empty.then_some(field))
            .collect()
    }
}

impl Fields {
    /// What a save sends: every field, empty texts clearing theirs (empty numbers are
    /// cleared by `Numbers::cleared`, an empty Ortsteil id clears the Ortsteil).
    pub(super) fn input(&self, numbers: &Numbers) -> update_organisation::OrganisationInput {
        let sent = |value: &String| Some(value.clone());
        update_organisation::OrganisationInput {
            name: sent(&self.name),
            legal_form: sent(&self.legal_form),
            founded_year: numbers.founded_year,
            description: sent(&self.description),
            website: sent(&self.website),
            email: sent(&self.email),
            email_visibility: self.email_visibility,
            phone: sent(&self.phone),
            phone_visibility: self.phone_visibility,
            street: sent(&self.street),
            postal_code: sent(&self.postal_code),
            city: sent(&self.city),
            address_visibility: self.address_visibility,
            latitude: numbers.latitude,
            longitude: numbers.longitude,
            district_id: sent(&self.district),
            visibility: Some(self.visibility),
            topic_ids: Some(self.topics.clone()),
            languages: Some(self.languages.clone()),
            target_group_ids: Some(self.target_groups.clone()),
            content_language: sent(&self.content_language),
            translations: Some(
                self.translations
                    .iter()
                    // A row added and left empty is no translation (it used to block the
                    // whole profile with "unknown language code").
                    .filter(|(language, text)| !(language.is_empty() && text.trim().is_empty()))
                    .map(|(language, text)| update_organisation::TranslationInput {
                        language: language.clone(),
                        title: None,
                        description: Some(text.clone()),
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }
}
