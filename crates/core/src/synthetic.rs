//! A synthetic network for benchmarks: thousands of organisations with ties from
//! relations, joint events and shared projects, written in bulk (not through the
//! use cases, which would take minutes for 80,000 ties). Deterministic per size.

use crate::entities::stored::Stored;
use chrono::{Duration, Utc};
use migraup_domain::{
    EventStatus, FieldVisibility, OrganisationKind, ParticipationState, ProjectStatus, RelationKind, RelationState, VerificationState,
    Visibility, error::DomainResult,
};
use rand::{Rng, SeedableRng, rngs::StdRng};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;

use crate::{
    Core,
    entities::{
        district, event,
        link_tables::organisation_topic,
        organisation,
        participation::{event_organiser, project_partner},
        project, relation, topic,
    },
    errors::DbResultExt,
};

const CHUNK: usize = 500;

async fn insert_chunks<A, E>(db: &impl ConnectionTrait, rows: Vec<A>) -> DomainResult<()>
where
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(db).await.internal()?;
    }
    Ok(())
}

impl Core {
    /// Adds `organisations` verified organisations and about `ties` ties among them:
    /// 70 % relations, 20 % joint events, 10 % shared projects. Half of the ties stay
    /// within groups of 40 neighbours, so the network has communities.
    pub async fn seed_synthetic_network(&self, organisations: usize, ties: usize) -> DomainResult<()> {
        let mut rng = StdRng::seed_from_u64(organisations as u64);
        let txn = self.begin_write().await?;
        let districts: Vec<Uuid> = district::Entity::find().all(&txn).await.internal()?.into_iter().map(|d| d.id).collect();
        let topics: Vec<Uuid> = topic::Entity::find().all(&txn).await.internal()?.into_iter().map(|t| t.id).collect();
        let now = Utc::now();
        let ids: Vec<Uuid> = (0..organisations).map(|_| Uuid::now_v7()).collect();
        let kinds = OrganisationKind::ALL;
        let orgs = ids.iter().enumerate().map(|(i, id)| {
            let name = format!("Synthetische Organisation {i:05}");
            organisation::ActiveModel {
                id: Set(*id),
                slug: Set(format!("synthetisch-{}", id.simple())),
                sort_name: Set(name.to_lowercase()),
                search_text: Set(name.to_lowercase()),
                rejected_at: Set(None),
                rejection_reason: Set(None),
                name: Set(name),
                kind: Set(Stored(kinds[i % kinds.len()])),
                legal_form: Set(None),
                description: Set(None),
                content_language: Set("de".into()),
                founded_year: Set(None),
                website: Set(None),
                email: Set(None),
                email_visibility: Set(Stored(FieldVisibility::Public)),
                phone: Set(None),
                phone_visibility: Set(Stored(FieldVisibility::Members)),
                street: Set(None),
                postal_code: Set(None),
                city: Set(None),
                address_visibility: Set(Stored(FieldVisibility::Public)),
                district_id: Set(districts.get(i % districts.len().max(1)).copied()),
                latitude: Set(None),
                longitude: Set(None),
                visibility: Set(Stored(Visibility::Public)),
                verification: Set(Stored(VerificationState::Verified)),
                verified_at: Set(Some(now)),
                confirmed_at: Set(Some(now)),
                confirmed_by: Set(None),
                reminded_at: Set(None),
                external_id: Set(None),
                created_by: Set(None),
                version: Set(1),
                created_at: Set(now - Duration::days((i % 700) as i64)),
                updated_at: Set(now),
            }
        });
        insert_chunks(&txn, orgs.collect()).await?;
        if !topics.is_empty() {
            let links: Vec<_> = ids
                .iter()
                .enumerate()
                .flat_map(|(i, id)| {
                    let first = i % topics.len();
                    [first, (first + 1 + i / 7) % topics.len()]
                        .into_iter()
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .map(move |t| (*id, t))
                })
                .map(|(id, t)| organisation_topic::ActiveModel { organisation_id: Set(id), topic_id: Set(topics[t]) })
                .collect();
            insert_chunks(&txn, links).await?;
        }

        let n = organisations.max(2);
        let pair = |rng: &mut StdRng| loop {
            let a = rng.random_range(0..n);
            let b = if rng.random_bool(0.5) {
                let group = a / 40 * 40;
                (group + rng.random_range(0..40)).min(n - 1)
            } else {
                rng.random_range(0..n)
            };
            if a != b {
                return (ids[a.min(organisations - 1)], ids[b.min(organisations - 1)]);
            }
        };
        let (mut relations, mut events, mut organisers, mut projects, mut partners) = (vec![], vec![], vec![], vec![], vec![]);
        for k in 0..ties {
            let (a, b) = pair(&mut rng);
            let when = now - Duration::days(rng.random_range(0..700));
            match k % 10 {
                0..=6 => relations.push(relation::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    from_organisation_id: Set(a),
                    to_organisation_id: Set(b),
                    kind: Set(Stored(RelationKind::ALL[k % RelationKind::ALL.len()])),
                    state: Set(Stored(RelationState::Confirmed)),
                    note: Set(None),
                    starts_on: Set(None),
                    ends_on: Set(None),
                    proposed_by: Set(None),
                    proposed_at: Set(when),
                    responded_by: Set(None),
                    responded_at: Set(Some(when)),
                    ended_by: Set(None),
                    ended_at: Set(None),
                    version: Set(1),
                    created_at: Set(when),
                    updated_at: Set(when),
                }),
                7 | 8 => {
                    let id = Uuid::now_v7();
                    events.push(event::ActiveModel {
                        id: Set(id),
                        title: Set(format!("Gemeinsame Veranstaltung {k}")),
                        description: Set(None),
                        starts_at: Set(when),
                        ends_at: Set(when + Duration::hours(2)),
                        venue: Set(Some("Rathaus Pankow".into())),
                        street: Set(None),
                        postal_code: Set(None),
                        district_id: Set(None),
                        group_id: Set(None),
                        online_url: Set(None),
                        capacity: Set(None),
                        accessibility: Set(None),
                        visibility: Set(Stored(Visibility::Public)),
                        status: Set(Stored(EventStatus::Published)),
                        cancel_reason: Set(None),
                        project_id: Set(None),
                        created_by: Set(None),
                        queue_seq: Set(0),
                        anonymised_registrations: Set(0),
                        version: Set(1),
                        created_at: Set(when),
                        updated_at: Set(when),
                    });
                    for o in [a, b] {
                        organisers.push(event_organiser::ActiveModel {
                            event_id: Set(id),
                            organisation_id: Set(o),
                            state: Set(Stored(ParticipationState::Confirmed)),
                            invited_at: Set(when),
                            invited_by: Set(None),
                            responded_at: Set(Some(when)),
                            responded_by: Set(None),
                        });
                    }
                }
                _ => {
                    let id = Uuid::now_v7();
                    projects.push(project::ActiveModel {
                        id: Set(id),
                        title: Set(format!("Gemeinsames Projekt {k}")),
                        description: Set(None),
                        lead_organisation_id: Set(a),
                        status: Set(Stored(ProjectStatus::Active)),
                        starts_on: Set(Some(when.date_naive())),
                        ends_on: Set(None),
                        funding: Set(None),
                        outcomes: Set(None),
                        visibility: Set(Stored(Visibility::Public)),
                        created_by: Set(None),
                        version: Set(1),
                        created_at: Set(when),
                        updated_at: Set(when),
                    });
                    partners.push(project_partner::ActiveModel {
                        project_id: Set(id),
                        organisation_id: Set(b),
                        state: Set(Stored(ParticipationState::Confirmed)),
                        invited_at: Set(when),
                        invited_by: Set(None),
                        responded_at: Set(Some(when)),
                        responded_by: Set(None),
                    });
                }
            }
        }
        insert_chunks(&txn, relations).await?;
        insert_chunks(&txn, events).await?;
        insert_chunks(&txn, organisers).await?;
        insert_chunks(&txn, projects).await?;
        insert_chunks(&txn, partners).await?;
        txn.commit().await.internal()?;
        Ok(())
    }
}
