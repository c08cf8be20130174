//! Open data: everything the directory shows the public, as an HSDS 3.0 package
//! (Open Referral's Human Services Data Specification) and as a flat CSV of the
//! directory, both under the licence the operator configures. Built as an anonymous
//! visitor sees the directory, so nothing members-only, unverified, hidden (contact
//! fields, offerings unconfirmed for 18 months) or personal leaves through it.
//!
//! How our fields map to HSDS is in `docs/open-data.md`.

use std::{collections::HashMap, sync::Arc};

use migraup_domain::{Lang, VerificationState, Visibility, error::DomainResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    Actor, Core,
    entities::organisation,
    errors::DbResultExt,
    organisations::view,
    views::{Offering, Organisation},
};

/// The operator's licence for the open data.
#[derive(Clone, Debug)]
pub struct Licence {
    pub name: String,
    pub url: String,
}

/// A stable id for a part of an entry (its phone, its location, …): name-based (UUIDv5)
/// from the entry's id, so exports of the same data always agree.
fn part_id(owner: Uuid, part: &str) -> String {
    Uuid::new_v5(&owner, part.as_bytes()).to_string()
}

fn some(values: Vec<(&str, Value)>) -> Value {
    Value::Object(values.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_owned(), v)).collect())
}

/// What the export needs of the directory, read in a fixed number of queries.
struct Directory {
    organisations: Vec<Organisation>,
    offerings: HashMap<Uuid, Vec<Offering>>,
    languages: HashMap<Uuid, Vec<String>>,
    language_names: HashMap<String, String>,
    district_names: HashMap<Uuid, String>,
}

impl Core {
    /// The HSDS package as served at `/open-data/hsds.json`, built once per change of
    /// the data and day (offerings leave the public after 18 months without a write).
    pub async fn open_data_hsds(&self) -> DomainResult<Arc<String>> {
        let key = self.open_data_key("hsds").await?;
        self.cached_public_file(key, async {
            let licence = self.settings().open_data_licence.clone();
            serde_json::to_string_pretty(&self.hsds_package(&licence).await?).map_err(|e| {
                tracing::error!(error = %e, "writing the HSDS export failed");
                migraup_domain::DomainError::internal()
            })
        })
        .await
    }

    /// The public directory as CSV (`/open-data/directory.csv`), cached alike.
    pub async fn open_data_csv(&self) -> DomainResult<Arc<String>> {
        let key = self.open_data_key("csv").await?;
        self.cached_public_file(key, async { directory_csv(&self.public_directory().await?, &self.settings().public_url) }).await
    }

    /// HSDS's tabular form (`/open-data/hsds.zip`): one CSV per HSDS table and a
    /// `datapackage.json`, the same data as the JSON, cached alike.
    pub async fn open_data_hsds_tabular(&self) -> DomainResult<Arc<Vec<u8>>> {
        let key = self.open_data_key("hsds-zip").await?;
        self.cached_public_file(key, async {
            let licence = self.settings().open_data_licence.clone();
            hsds_tabular(&self.hsds_package(&licence).await?)
        })
        .await
    }

    /// The cache key of an open-data file: the data's change stamp and the day
    /// (offerings leave the public after 18 months without any write).
    async fn open_data_key(&self, name: &str) -> DomainResult<String> {
        Ok(format!("open-data|{name}|{:?}|{}", self.change_stamp().await?, chrono::Utc::now().date_naive()))
    }

    async fn public_directory(&self) -> DomainResult<Directory> {
        let actor = Actor::anonymous(Lang::De);
        let rows = organisation::Entity::find()
            .filter(organisation::Column::Verification.eq(VerificationState::Verified.as_str()))
            .filter(organisation::Column::Visibility.eq(Visibility::Public.as_str()))
            .order_by_asc(organisation::Column::SortName)
            .all(self.db())
            .await
            .internal()?;
        let organisations: Vec<Organisation> = rows.into_iter().map(|m| view(&actor, m)).collect();
        let ids: Vec<Uuid> = organisations.iter().map(|o| o.id).collect();
        let mut offerings: HashMap<Uuid, Vec<Offering>> = HashMap::new();
        for o in self.offerings_of(&actor, &ids).await? {
            offerings.entry(o.organisation_id).or_default().push(o);
        }
        let languages = self.organisation_languages(&actor, &ids).await?;
        let language_names = self.languages().await?.into_iter().map(|l| (l.code.clone(), l.labels.get("en").to_owned())).collect();
        let district_names = self.districts().await?.into_iter().map(|d| (d.id, d.name)).collect();
        Ok(Directory { organisations, offerings, languages, language_names, district_names })
    }

    /// The public directory as HSDS 3.0: `organizations` and `services` (each valid
    /// against the HSDS schemas), with the licence and where it comes from.
    pub async fn hsds_package(&self, licence: &Licence) -> DomainResult<Value> {
        let d = self.public_directory().await?;
        let base = self.settings().public_url.trim_end_matches('/').to_owned();
        let organizations: Vec<Value> = d.organisations.iter().map(|o| hsds_organization(o, &base)).collect();
        let services: Vec<Value> = d
            .organisations
            .iter()
            .flat_map(|org| d.offerings.get(&org.id).into_iter().flatten().map(move |s| (org, s)))
            .map(|(org, s)| hsds_service(org, s, &d))
            .collect();
        Ok(json!({
            "profile": "https://docs.openreferral.org/en/3.0/",
            "hsds_version": "3.0",
            "publisher": base,
            "license": { "name": licence.name, "path": licence.url },
            "organizations": organizations,
            "services": services,
        }))
    }
}

fn hsds_organization(o: &Organisation, base: &str) -> Value {
    let phones = match &o.phone {
        Some(number) => json!([{ "id": part_id(o.id, "phone"), "organization_id": o.id, "number": number }]),
        None => json!([]),
    };
    // A location only with a complete, public address (HSDS requires its parts).
    let locations = match (&o.street, &o.postal_code, &o.city) {
        (Some(street), Some(postal_code), Some(city)) => json!([some(vec![
            ("id", json!(part_id(o.id, "location"))),
            ("organization_id", json!(o.id)),
            ("location_type", json!("physical")),
            ("name", json!(o.name)),
            ("latitude", json!(o.latitude)),
            ("longitude", json!(o.longitude)),
            (
                "addresses",
                json!([{
                    "id": part_id(o.id, "address"),
                    "location_id": part_id(o.id, "location"),
                    "address_1": street,
                    "city": city,
                    "state_province": "Berlin",
                    "postal_code": postal_code,
                    "country": "DE",
                    "address_type": "physical",
                }]),
            ),
        ])]),
        _ => json!([]),
    };
    some(vec![
        ("id", json!(o.id)),
        ("name", json!(o.name)),
        // HSDS requires a description; an organisation without one is described by its name.
        ("description", json!(o.description.clone().unwrap_or_else(|| o.name.clone()))),
        ("email", json!(o.email)),
        ("website", json!(o.website)),
        ("legal_status", json!(o.legal_form)),
        ("year_incorporated", json!(o.founded_year)),
        ("uri", json!(format!("{base}/organisations/{}", o.slug))),
        ("phones", phones),
        ("locations", locations),
        // Contact persons consent to be shown to signed-in people only: none are public.
        ("contacts", json!([])),
    ])
}

fn hsds_service(org: &Organisation, s: &Offering, d: &Directory) -> Value {
    let languages: Vec<Value> = s
        .language_codes
        .iter()
        .map(|code| {
            some(vec![
                ("id", json!(part_id(s.id, &format!("language-{code}")))),
                ("service_id", json!(s.id)),
                ("name", json!(d.language_names.get(code))),
                ("code", json!(code)),
            ])
        })
        .collect();
    let schedules = match &s.schedule {
        Some(text) => json!([{ "id": part_id(s.id, "schedule"), "service_id": s.id, "description": text }]),
        None => json!([]),
    };
    let area = s.district_id.or(org.district_id).and_then(|id| d.district_names.get(&id));
    let service_areas = match area {
        Some(name) => {
            json!([{ "id": part_id(s.id, "area"), "service_id": s.id, "name": name, "description": format!("Berlin-Pankow, Ortsteil {name}") }])
        }
        None => json!([]),
    };
    let fees = match (&s.cost, s.free_of_charge) {
        (Some(cost), _) => Some(cost.clone()),
        (None, true) => Some("free of charge / kostenlos".to_owned()),
        (None, false) => None,
    };
    some(vec![
        ("id", json!(s.id)),
        ("organization_id", json!(org.id)),
        ("name", json!(s.title)),
        ("description", json!(s.description)),
        ("status", json!("active")),
        ("fees_description", json!(fees)),
        ("accreditations", Value::Null),
        ("eligibility_description", Value::Null),
        ("application_process", Value::Null),
        ("last_modified", json!(s.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))),
        ("assured_date", json!(s.confirmed_at.map(|at| at.date_naive().to_string()))),
        ("languages", json!(languages)),
        ("schedules", schedules),
        ("service_areas", service_areas),
    ])
}

/// One row per organisation: the public fields, its languages and its offerings' titles.
fn directory_csv(d: &Directory, public_url: &str) -> DomainResult<String> {
    let header = [
        "id",
        "name",
        "kind",
        "legal_form",
        "ortsteil",
        "description",
        "website",
        "email",
        "phone",
        "street",
        "postal_code",
        "city",
        "latitude",
        "longitude",
        "founded_year",
        "languages",
        "offerings",
        "profile",
        "last_confirmed",
    ];
    let base = public_url.trim_end_matches('/');
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let rows = d.organisations.iter().map(|o| {
        let offerings = d.offerings.get(&o.id).map(|list| list.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join("; "));
        vec![
            o.id.to_string(),
            o.name.clone(),
            o.kind.as_str().to_owned(),
            text(&o.legal_form),
            o.district_id.and_then(|id| d.district_names.get(&id).cloned()).unwrap_or_default(),
            text(&o.description),
            text(&o.website),
            text(&o.email),
            text(&o.phone),
            text(&o.street),
            text(&o.postal_code),
            text(&o.city),
            number(o.latitude),
            number(o.longitude),
            o.founded_year.map(|y| y.to_string()).unwrap_or_default(),
            d.languages.get(&o.id).map(|l| l.join(" ")).unwrap_or_default(),
            offerings.unwrap_or_default(),
            format!("{base}/organisations/{}", o.slug),
            o.confirmed_at.map(|at| at.date_naive().to_string()).unwrap_or_default(),
        ]
    });
    migraup_formats::csv::write(&header, rows)
}

/// The HSDS table a list field's items go to: `phones` → `phone`, `addresses` → `address`.
fn table_of(field: &str) -> String {
    field.strip_suffix("es").filter(|f| f.ends_with("ss")).or_else(|| field.strip_suffix('s')).unwrap_or(field).to_owned()
}

/// Columns (in first-seen order, `id` first) and rows of each HSDS table.
type Tables = std::collections::BTreeMap<String, (Vec<String>, Vec<serde_json::Map<String, Value>>)>;

/// Puts `item` as a row into `table` and its lists of objects into their own tables,
/// each child row carrying its parent's id (`organization_id`, `location_id`, …).
fn flatten(tables: &mut Tables, table: &str, parent: Option<(String, Value)>, item: &Value) {
    let Some(object) = item.as_object() else { return };
    let mut row = serde_json::Map::new();
    if let Some((key, id)) = parent
        && !object.contains_key(&key)
    {
        row.insert(key, id);
    }
    for (key, value) in object {
        match value {
            Value::Array(items) if items.iter().all(Value::is_object) => {
                for child in items {
                    flatten(tables, &table_of(key), Some((format!("{table}_id"), object["id"].clone())), child);
                }
            }
            _ => {
                row.insert(key.clone(), value.clone());
            }
        }
    }
    let (columns, rows) = tables.entry(table.to_owned()).or_default();
    for key in row.keys() {
        if !columns.contains(key) {
            columns.push(key.clone());
        }
    }
    columns.sort_by_key(|c| c != "id");
    rows.push(row);
}

/// HSDS's tabular form, zipped: `organization.csv`, `service.csv`, `phone.csv`,
/// `location.csv`, `address.csv`, `language.csv`, `schedule.csv`, `service_area.csv`
/// (tables without rows are left out) and a `datapackage.json` naming them.
fn hsds_tabular(package: &Value) -> DomainResult<Vec<u8>> {
    use std::io::Write as _;
    let fail = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "writing the HSDS tables failed");
        migraup_domain::DomainError::internal()
    };
    let mut tables = Tables::new();
    for (list, table) in [("organizations", "organization"), ("services", "service")] {
        for item in package[list].as_array().into_iter().flatten() {
            flatten(&mut tables, table, None, item);
        }
    }
    let cell = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut resources = Vec::new();
    for (name, (columns, rows)) in &tables {
        let csv =
            migraup_formats::csv::write_verbatim(columns, rows.iter().map(|r| columns.iter().map(|c| cell(r.get(c))).collect::<Vec<_>>()))?;
        zip.start_file(format!("{name}.csv"), options).map_err(|e| fail(&e))?;
        zip.write_all(csv.as_bytes()).map_err(|e| fail(&e))?;
        resources
            .push(json!({ "name": name, "path": format!("{name}.csv"), "format": "csv", "mediatype": "text/csv", "encoding": "utf-8" }));
    }
    let datapackage = json!({
        "name": "migraup-hsds",
        "profile": "tabular-data-package",
        "title": "HSDS 3.0 (Open Referral)",
        "homepage": package["publisher"],
        "licenses": [{ "name": package["license"]["name"], "path": package["license"]["path"] }],
        "resources": resources,
    });
    zip.start_file("datapackage.json", options).map_err(|e| fail(&e))?;
    zip.write_all(serde_json::to_string_pretty(&datapackage).map_err(|e| fail(&e))?.as_bytes()).map_err(|e| fail(&e))?;
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}
