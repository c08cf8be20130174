//! Taking part as an organisation: co-organisers of events and partners of projects
//! follow the same rules (invited → confirmed or declined; declined ones may be
//! invited again), so the same functions serve both tables.

macro_rules! participation {
    ($name:ident, $entity:ident, $owner:ident, $max:path) => {
        #[doc = concat!("Invitations and answers in `", stringify!($entity), "`.")]
        pub(crate) mod $name {
            use chrono::Utc;
            use migraup_domain::{DomainError, ParticipationState, Reason, error::DomainResult};
            use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
            use uuid::Uuid;

            use crate::{
                entities::{participation::$entity as p, stored::Stored},
                errors::DbResultExt,
                views::Participation,
            };

            /// Adds an organisation; one's own organisation is confirmed at once.
            pub(crate) async fn insert(
                db: &impl ConnectionTrait,
                owner: Uuid,
                organisation_id: Uuid,
                state: ParticipationState,
                by: Uuid,
            ) -> DomainResult<()> {
                let now = Utc::now();
                let confirmed = state == ParticipationState::Confirmed;
                p::ActiveModel {
                    $owner: Set(owner),
                    organisation_id: Set(organisation_id),
                    state: Set(Stored(state)),
                    invited_at: Set(now),
                    invited_by: Set(Some(by)),
                    responded_at: Set(confirmed.then_some(now)),
                    responded_by: Set(confirmed.then_some(by)),
                }
                .insert(db)
                .await
                .internal()?;
                Ok(())
            }

            /// Invites an organisation that is not on the list, or again after it declined.
            pub(crate) async fn invite(
                db: &impl ConnectionTrait,
                current: &[p::Model],
                owner: Uuid,
                organisation_id: Uuid,
                state: ParticipationState,
                by: Uuid,
            ) -> DomainResult<()> {
                // The API counts the list at this bound (`migraup_domain::bounds`).
                if current.len() as u64 >= $max && !current.iter().any(|x| x.organisation_id == organisation_id) {
                    return Err(DomainError::invalid("organisationId", Reason::TooManyItems { max: $max as usize }));
                }
                match current.iter().find(|x| x.organisation_id == organisation_id) {
                    Some(x) if x.state.0 != ParticipationState::Declined => {
                        Err(DomainError::invalid("organisationId", Reason::AlreadyInvited))
                    }
                    Some(x) => {
                        let mut again: p::ActiveModel = x.clone().into();
                        again.state = Set(Stored(state));
                        again.invited_at = Set(Utc::now());
                        again.invited_by = Set(Some(by));
                        again.responded_at = Set(None);
                        again.responded_by = Set(None);
                        again.update(db).await.internal()?;
                        Ok(())
                    }
                    None => insert(db, owner, organisation_id, state, by).await,
                }
            }

            /// Records the answer to a pending invitation.
            pub(crate) async fn answer(
                db: &impl ConnectionTrait,
                row: p::Model,
                accept: bool,
                by: Option<Uuid>,
            ) -> DomainResult<ParticipationState> {
                if row.state.0 != ParticipationState::Invited {
                    return Err(DomainError::invalid("accept", Reason::InvalidState));
                }
                let state = if accept { ParticipationState::Confirmed } else { ParticipationState::Declined };
                let mut answer: p::ActiveModel = row.into();
                answer.state = Set(Stored(state));
                answer.responded_at = Set(Some(Utc::now()));
                answer.responded_by = Set(by);
                answer.update(db).await.internal()?;
                Ok(state)
            }

            pub(crate) fn view(m: p::Model) -> Participation {
                Participation { owner_id: m.$owner, organisation_id: m.organisation_id, state: m.state.0, responded_at: m.responded_at }
            }
        }
    };
}

participation!(organisers, event_organiser, event_id, migraup_domain::bounds::ORGANISERS_PER_EVENT);
participation!(partners, project_partner, project_id, migraup_domain::bounds::PARTNERS_PER_PROJECT);
