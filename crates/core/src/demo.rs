//! The demo network: fictional but realistic organisations, offerings, events, a project,
//! ties and one account per role. What it holds is data (`crates/core/data/demo.json`,
//! also read by the README check and the black-box and browser tests); this module
//! seeds it through the same use cases people use, so the policy is exercised.
//! Idempotent: nothing is added when the demo admin exists.

mod groups;
mod ideas;

use std::{collections::HashMap, sync::LazyLock};

use chrono::Utc;
use migraup_domain::{
    DomainError, FieldVisibility, Lang, OrganisationKind, ProjectStatus, RelationKind, Role, UserStatus, Visibility, error::DomainResult,
    validate,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    Actor, Core,
    accounts::insert_membership,
    actor::ActorUser,
    entities::{district, membership, stored::Stored, topic, user},
    errors::{DbResultExt, unique_or_internal},
    events::EventInput,
    offerings::OfferingInput,
    organisations::OrganisationInput,
    projects::ProjectInput,
    relations::RelationInput,
    sessions::user_view,
    translations::TranslationInput,
    views::User,
};

/// The demo network as written in `data/demo.json`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DemoData {
    #[serde(rename = "_comment")]
    _comment: String,
    /// One account per role (and a second representative and multiplier); the first is the admin.
    pub accounts: Vec<DemoAccount>,
    organisations: Vec<DemoOrganisation>,
    offerings_by_topic: HashMap<String, Vec<DemoOffering>>,
    offering_schedules: Vec<String>,
    memberships: Vec<DemoMembership>,
    event_defaults: EventDefaults,
    events: Vec<DemoEvent>,
    projects: Vec<DemoProject>,
    relations: DemoRelations,
    groups: Vec<groups::DemoGroup>,
    ideas: Vec<ideas::DemoIdea>,
    concerns: Vec<ideas::DemoConcern>,
}

/// A demo account; `key` is how the rest of the file names it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DemoAccount {
    pub key: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoOrganisation {
    name: String,
    kind: OrganisationKind,
    legal_form: Option<String>,
    founded_year: Option<i32>,
    /// The Ortsteil by its name.
    ortsteil: String,
    topics: Vec<String>,
    languages: Vec<String>,
    #[serde(default)]
    members_only: bool,
    /// Unverified entries are suggested by the demo multiplier and wait for the team.
    #[serde(default = "yes")]
    verified: bool,
    description: String,
    /// The description in more languages.
    #[serde(default)]
    translations: Vec<DemoTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoTranslation {
    language: String,
    description: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoOffering {
    title: String,
    category: String,
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoMembership {
    account: String,
    organisation: String,
    #[serde(default)]
    contact_person: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EventDefaults {
    description: String,
    starts_at: String,
    ends_at: String,
    languages: Vec<String>,
    accessibility: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoEvent {
    title: String,
    /// Days from the day of seeding, so the demo always has coming events.
    in_days: i64,
    venue: Option<String>,
    ortsteil: Option<String>,
    online_url: Option<String>,
    capacity: Option<i32>,
    created_by: String,
    organisers: Vec<String>,
    published: bool,
    /// Organisers whose representatives have not answered yet (their inbox).
    #[serde(default)]
    unanswered: Vec<String>,
    #[serde(default)]
    registrations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoProject {
    title: String,
    description: String,
    status: ProjectStatus,
    /// Month and day in the year of seeding.
    starts_on_month_day: String,
    funding: String,
    created_by: String,
    lead: String,
    partners: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoRelations {
    #[serde(rename = "_comment")]
    _comment: String,
    kinds: Vec<RelationKind>,
    untied: usize,
    proposals: Vec<DemoProposal>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DemoProposal {
    from: String,
    to: String,
    kind: RelationKind,
    proposed_by: String,
}

/// The demo network, parsed once; the file is part of the binary.
pub static DEMO: LazyLock<DemoData> =
    LazyLock::new(|| serde_json::from_str(include_str!("../data/demo.json")).expect("data/demo.json is valid (tested)"));

/// What seeding has made so far: ids by the names the file uses.
struct Seeded {
    accounts: HashMap<String, User>,
    organisations: HashMap<String, Uuid>,
    districts: HashMap<String, Uuid>,
    /// Member organisations per account key.
    memberships: HashMap<String, Vec<Uuid>>,
}

impl Seeded {
    fn account(&self, key: &str) -> DomainResult<&User> {
        self.accounts.get(key).ok_or_else(|| missing("account", key))
    }

    fn organisation(&self, name: &str) -> DomainResult<Uuid> {
        self.organisations.get(name).copied().ok_or_else(|| missing("organisation", name))
    }

    fn district(&self, name: &str) -> DomainResult<Uuid> {
        self.districts.get(name).copied().ok_or_else(|| missing("Ortsteil", name))
    }

    /// The account acting with its memberships, as a signed-in person would.
    fn actor(&self, key: &str) -> DomainResult<Actor> {
        let user = self.account(key)?;
        Ok(Actor {
            user: Some(ActorUser {
                id: user.id,
                role: user.role,
                organisations: self.memberships.get(key).cloned().unwrap_or_default(),
                provisional: false,
            }),
            lang: Default::default(),
            token: None,
        })
    }

    /// The demo account that speaks for `organisation`.
    /// A demo account that acts for `organisation`, if one does.
    fn speaking_for(&self, organisation: Uuid) -> Option<Actor> {
        let key = self.memberships.iter().find(|(_, orgs)| orgs.contains(&organisation)).map(|(key, _)| key.clone())?;
        self.actor(&key).ok()
    }

    fn representative_of(&self, organisation: Uuid) -> DomainResult<Actor> {
        let key = self
            .memberships
            .iter()
            .find(|(_, orgs)| orgs.contains(&organisation))
            .map(|(key, _)| key.clone())
            .ok_or_else(|| missing("representative of", &organisation.to_string()))?;
        self.actor(&key)
    }
}

fn missing(what: &str, name: &str) -> DomainError {
    tracing::error!(what, name, "data/demo.json names something it does not define");
    DomainError::internal()
}

impl Core {
    /// Creates an active account directly (CLI `create-admin`, demo data).
    pub async fn create_user(&self, email: &str, display_name: &str, role: Role, password: &str) -> DomainResult<User> {
        let email = validate::email("email", email)?;
        let display_name = validate::name("displayName", display_name, 1, 120)?;
        self.inner.passwords.check_new("password", password)?;
        let hash = self.inner.passwords.hash(password).await?;
        let now = Utc::now();
        let created = user::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(email),
            display_name: Set(display_name),
            password_hash: Set(Some(hash)),
            role: Set(Stored(role)),
            status: Set(Stored(UserStatus::Active)),
            preferred_language: Set(Stored(Lang::De)),
            tokens_valid_after: Set(now),
            last_login_at: Set(None),
            provisional: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(self.db())
        .await
        .map_err(|e| unique_or_internal(e, "email"))?;
        crate::audit::record(self.db(), None, "create_user", "user", created.id, serde_json::json!({ "role": role.as_str() })).await?;
        Ok(user_view(&created))
    }

    /// Seeds the demo network; returns false when it was there already.
    pub async fn seed_demo(&self) -> DomainResult<bool> {
        let data = &*DEMO;
        if user::Entity::find().filter(user::Column::Email.eq(&data.accounts[0].email)).count(self.db()).await.internal()? > 0 {
            return Ok(false);
        }
        let mut seeded = Seeded {
            accounts: HashMap::new(),
            organisations: HashMap::new(),
            districts: district::Entity::find().all(self.db()).await.internal()?.into_iter().map(|d| (d.name, d.id)).collect(),
            memberships: HashMap::new(),
        };
        for a in &data.accounts {
            let user = self.create_user(&a.email, &a.display_name, a.role, &a.password).await?;
            seeded.accounts.insert(a.key.clone(), user);
        }
        self.seed_demo_organisations(data, &mut seeded).await?;
        for m in &data.memberships {
            let (user, org) = (seeded.account(&m.account)?.id, seeded.organisation(&m.organisation)?);
            insert_membership(self.db(), user, org).await?;
            if m.contact_person {
                let mut row: membership::ActiveModel =
                    membership::Entity::find_by_id((user, org)).one(self.db()).await.internal()?.ok_or_else(DomainError::internal)?.into();
                row.is_contact_person = Set(true);
                row.contact_consent_at = Set(Some(Utc::now()));
                row.update(self.db()).await.internal()?;
            }
            seeded.memberships.entry(m.account.clone()).or_default().push(org);
        }
        self.seed_demo_events(data, &seeded).await?;
        self.seed_demo_projects(data, &seeded).await?;
        self.seed_demo_relations(data, &seeded).await?;
        self.seed_demo_groups(data, &seeded).await?;
        self.seed_demo_ideas(data, &seeded).await?;
        tracing::info!(organisations = data.organisations.len(), "demo network seeded");
        Ok(true)
    }

    /// Organisations with made-up contact details, and their offerings from the
    /// templates of their first two topics.
    async fn seed_demo_organisations(&self, data: &DemoData, seeded: &mut Seeded) -> DomainResult<()> {
        let admin = seeded.actor(&data.accounts[0].key)?;
        let suggester = seeded.actor("multiplier")?;
        let topics = topic::Entity::find().all(self.db()).await.internal()?;
        let topic_id = |slug: &str| topics.iter().find(|t| t.slug == slug).map(|t| t.id);
        for (n, o) in data.organisations.iter().enumerate() {
            let slug_base = migraup_domain::search::slugify(&o.name);
            let district = Some(seeded.district(&o.ortsteil)?);
            // A place inside its Ortsteil, so coordinates and Ortsteil agree.
            let place = self.region().area(&o.ortsteil).and_then(|a| self.region().point_inside(a, n));
            let input = OrganisationInput {
                name: Some(o.name.clone()),
                kind: Some(o.kind),
                legal_form: Some(o.legal_form.clone()),
                description: Some(Some(o.description.clone())),
                founded_year: Some(o.founded_year),
                website: Some(Some(format!("https://{slug_base}.example.org"))),
                email: Some(Some(format!("kontakt@{slug_base}.example.org"))),
                email_visibility: Some(FieldVisibility::Public),
                phone: Some(Some(format!("+49 30 4{:03} {:04}", 100 + n, 1000 + n * 37))),
                phone_visibility: Some(if n % 3 == 0 { FieldVisibility::Members } else { FieldVisibility::Public }),
                street: Some(Some(format!("Beispielstraße {}", n + 1))),
                postal_code: Some(Some("13187".into())),
                city: Some(Some("Berlin".into())),
                address_visibility: Some(if o.members_only { FieldVisibility::Administration } else { FieldVisibility::Public }),
                district_id: Some(district),
                latitude: Some(place.map(|p| p.1)),
                longitude: Some(place.map(|p| p.0)),
                visibility: Some(if o.members_only { Visibility::Members } else { Visibility::Public }),
                topic_ids: Some(o.topics.iter().filter_map(|s| topic_id(s)).collect()),
                languages: Some(o.languages.clone()),
                target_group_ids: Some(Vec::new()),
                slug: None,
                content_language: Some("de".into()),
                translations: Some(
                    o.translations
                        .iter()
                        .map(|t| TranslationInput { language: t.language.clone(), title: None, description: Some(t.description.clone()) })
                        .collect(),
                ),
            };
            let created = self.create_organisation(if o.verified { &admin } else { &suggester }, input).await?;
            seeded.organisations.insert(o.name.clone(), created.id);
            for (t, slug) in o.topics.iter().enumerate().take(2) {
                let templates = data.offerings_by_topic.get(slug).map(Vec::as_slice).unwrap_or_default();
                for template in templates.iter().take(if t == 0 { 2 } else { 1 }) {
                    let offering = OfferingInput {
                        title: Some(template.title.clone()),
                        description: Some(Some(template.description.clone())),
                        category: Some(template.category.clone()),
                        district_id: Some(district),
                        schedule: Some(Some(data.offering_schedules[(n + t) % data.offering_schedules.len()].clone())),
                        cost: Some(None),
                        free_of_charge: Some(true),
                        accessibility: Some((n % 2 == 0).then(|| "Stufenloser Zugang, barrierefreies WC".into())),
                        topic_ids: Some(topic_id(slug).into_iter().collect()),
                        languages: Some(o.languages.clone()),
                        target_group_ids: None,
                        translations: None,
                    };
                    self.create_offering(&admin, created.id, offering).await?;
                }
            }
        }
        Ok(())
    }

    /// Events from the day of seeding on: each organiser's representative answers
    /// (unless the file lists it as unanswered), then the creator publishes.
    async fn seed_demo_events(&self, data: &DemoData, seeded: &Seeded) -> DomainResult<()> {
        let defaults = &data.event_defaults;
        for e in &data.events {
            let day = crate::berlin::local(Utc::now() + chrono::Duration::days(e.in_days)).format("%Y-%m-%d").to_string();
            let input = EventInput {
                title: e.title.clone(),
                description: Some(defaults.description.clone()),
                starts_at: format!("{day}T{}", defaults.starts_at),
                ends_at: format!("{day}T{}", defaults.ends_at),
                venue: e.venue.clone(),
                street: e.venue.as_ref().map(|_| format!("Beispielstraße {}", 10 + e.in_days)),
                postal_code: e.venue.as_ref().map(|_| "13187".into()),
                district_id: e.ortsteil.as_deref().map(|o| seeded.district(o)).transpose()?,
                online_url: e.online_url.clone(),
                capacity: e.capacity,
                accessibility: e.venue.as_ref().map(|_| defaults.accessibility.clone()),
                visibility: Some(Visibility::Public),
                languages: defaults.languages.clone(),
                ..Default::default()
            };
            let creator = seeded.actor(&e.created_by)?;
            let organisers = e.organisers.iter().map(|name| seeded.organisation(name)).collect::<DomainResult<Vec<_>>>()?;
            let event = self.create_event(&creator, &organisers, input).await?;
            for (name, org) in e.organisers.iter().zip(&organisers) {
                if !e.unanswered.contains(name) && !creator.is_member(*org) {
                    self.respond_to_organiser_invitation(&seeded.representative_of(*org)?, event.id, *org, true).await?;
                }
            }
            if e.published {
                self.publish_event(&creator, event.id).await?;
            }
            for key in &e.registrations {
                self.register_for_event(&seeded.actor(key)?, event.id).await?;
            }
        }
        Ok(())
    }

    /// Shared projects; the partners' representatives accept.
    async fn seed_demo_projects(&self, data: &DemoData, seeded: &Seeded) -> DomainResult<()> {
        for p in &data.projects {
            let partners = p.partners.iter().map(|name| seeded.organisation(name)).collect::<DomainResult<Vec<_>>>()?;
            let project = self
                .create_project(
                    &seeded.actor(&p.created_by)?,
                    seeded.organisation(&p.lead)?,
                    &partners,
                    ProjectInput {
                        title: p.title.clone(),
                        description: Some(p.description.clone()),
                        status: Some(p.status),
                        starts_on: Some(format!("{}-{}", Utc::now().format("%Y"), p.starts_on_month_day)),
                        ends_on: None,
                        funding: Some(p.funding.clone()),
                        outcomes: None,
                        visibility: Some(Visibility::Public),
                        topic_ids: Vec::new(),
                    },
                )
                .await?;
            for partner in partners {
                self.respond_to_partner_invitation(&seeded.representative_of(partner)?, project.id, partner, true).await?;
            }
        }
        Ok(())
    }

    /// Ties recorded by the coordination team: the verified organisations in groups of
    /// six working in a ring, the groups linked in a chain (so the network has
    /// communities, bridges and brokers), the last few without ties; then the proposals
    /// of the file, waiting for an answer.
    async fn seed_demo_relations(&self, data: &DemoData, seeded: &Seeded) -> DomainResult<()> {
        let admin = seeded.actor(&data.accounts[0].key)?;
        let orgs =
            data.organisations.iter().filter(|o| o.verified).map(|o| seeded.organisation(&o.name)).collect::<DomainResult<Vec<_>>>()?;
        let kinds = &data.relations.kinds;
        let n = orgs.len().saturating_sub(data.relations.untied);
        let record = |from: Uuid, to: Uuid, kind: RelationKind| RelationInput {
            from_organisation_id: from,
            to_organisation_id: to,
            kind,
            note: None,
            starts_on: None,
        };
        for i in 0..n {
            let group = i / 6 * 6;
            let next = group + (i - group + 1) % 6;
            if next < n && next != i && !(next == group && i == group + 1) {
                self.propose_relation(&admin, record(orgs[i], orgs[next], kinds[i % kinds.len()])).await?;
            }
            if i % 6 == 0 && i + 6 < n {
                self.propose_relation(&admin, record(orgs[i], orgs[i + 6], RelationKind::Membership)).await?;
            }
        }
        for p in &data.relations.proposals {
            let input = record(seeded.organisation(&p.from)?, seeded.organisation(&p.to)?, p.kind);
            self.propose_relation(&seeded.actor(&p.proposed_by)?, input).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name the file uses is defined in it: accounts, organisations, topics, Ortsteile.
    #[test]
    fn the_demo_file_is_consistent() {
        let data = &*DEMO;
        let accounts: Vec<&str> = data.accounts.iter().map(|a| a.key.as_str()).collect();
        let orgs: Vec<&str> = data.organisations.iter().map(|o| o.name.as_str()).collect();
        let pankow = crate::region::Region::pankow();
        let ortsteile: Vec<&str> = pankow.areas.iter().map(|a| a.name.as_str()).collect();
        let topics: Vec<&str> = crate::reference::TOPICS.iter().map(|t| t.0).collect();
        assert_eq!(data.accounts[0].role, Role::Admin, "the first account is the admin");
        for o in &data.organisations {
            assert!(ortsteile.contains(&o.ortsteil.as_str()), "{}: Ortsteil {}", o.name, o.ortsteil);
            for t in &o.topics {
                assert!(topics.contains(&t.as_str()), "{}: topic {t}", o.name);
            }
        }
        assert!(data.offerings_by_topic.keys().all(|t| topics.contains(&t.as_str())));
        for m in &data.memberships {
            assert!(accounts.contains(&m.account.as_str()) && orgs.contains(&m.organisation.as_str()), "{m:?}");
        }
        for e in &data.events {
            assert!(accounts.contains(&e.created_by.as_str()), "{}", e.title);
            assert!(e.organisers.iter().chain(&e.unanswered).all(|o| orgs.contains(&o.as_str())), "{}", e.title);
            assert!(e.registrations.iter().all(|a| accounts.contains(&a.as_str())), "{}", e.title);
            assert!(e.ortsteil.iter().all(|o| ortsteile.contains(&o.as_str())), "{}", e.title);
        }
        let mut names = orgs.clone();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), orgs.len(), "organisation names are unique");
    }

    /// The README's table of demo accounts is the file's list, password for password.
    #[test]
    fn the_readme_lists_every_demo_account() {
        let readme = include_str!("../../../README.md");
        for a in &DEMO.accounts {
            let row = readme.lines().find(|l| l.contains(&format!("`{}`", a.email))).unwrap_or_else(|| panic!("README lists {}", a.email));
            assert!(row.contains(&format!("`{}`", a.password)) && row.contains(&format!("`{}`", a.role)), "{row}");
        }
        let rows = readme.lines().filter(|l| l.contains("@demo.migraup.org`")).count();
        assert_eq!(rows, DEMO.accounts.len(), "the README lists no account the demo does not have");
    }
}
