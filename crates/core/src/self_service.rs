//! Taking over and joining organisations. A profile nobody represents (entered by the
//! coordination team, imported) is *claimed* by a person who works there, signed in
//! or new; the coordination team decides. A person asks to *join* an organisation
//! that has representatives; they decide. Approval makes the person a member (a
//! multiplier becomes a representative); either way the person is told by e-mail,
//! and both sides see the request in their inbox.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use migraup_domain::{
    DomainError, Operation, Reason, RequestKind, RequestState, Role, UserStatus, VerificationState, error::DomainResult, validate,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core,
    accounts::{TokenPurpose, insert_membership},
    audit,
    entities::{membership, organisation, organisation_request as request, stored::Stored, user, working_group},
    errors::{DbResultExt, unique_or_internal},
    limits,
    mail_texts::{Mail, Recipient},
    organisations::Registrant,
    recipients::{coordination_team, group_coordinators, representatives},
    views::OrganisationRequest,
    visibility::can_view,
};

/// A claim: which profile, a message for the coordination team and, optionally, an
/// address at the organisation's domain as proof. A person without an account gives
/// `registrant`.
#[derive(Clone, Debug)]
pub struct ClaimInput {
    pub organisation_id: Uuid,
    pub message: Option<String>,
    pub proof_email: Option<String>,
    pub registrant: Option<Registrant>,
}

/// Whether an organisation has someone who acts for it: an active representative.
async fn has_representatives(db: &impl ConnectionTrait, organisation_id: Uuid) -> DomainResult<bool> {
    Ok(!representatives(db, organisation_id).await?.is_empty())
}

/// The operation that decides a request of `kind`.
fn deciding_operation(kind: RequestKind) -> Operation {
    match kind {
        RequestKind::Claim => Operation::DecideClaim,
        RequestKind::Join => Operation::ManageOrganisationMembers,
        RequestKind::GroupInvitation => Operation::RespondForOrganisation,
        RequestKind::GroupApplication => Operation::ManageGroup,
    }
}

/// Whether the actor decides a request; `coordinated`: the groups the actor runs.
fn may_decide(actor: &Actor, m: &request::Model, coordinated: &HashSet<Uuid>) -> bool {
    match m.kind.0 {
        RequestKind::GroupApplication => actor.may_as(Operation::ManageGroup, m.group_id.is_some_and(|g| coordinated.contains(&g))),
        kind => actor.may(deciding_operation(kind), Some(m.organisation_id)),
    }
}

fn view(
    actor: &Actor,
    m: request::Model,
    organisation: Option<&organisation::Model>,
    person: Option<&user::Model>,
    group: Option<&working_group::group::Model>,
    coordinated: &HashSet<Uuid>,
) -> OrganisationRequest {
    let decider = may_decide(actor, &m, coordinated);
    let pending = m.state.0 == RequestState::Pending;
    OrganisationRequest {
        group_id: m.group_id,
        group_name: group.map(|g| g.name.clone()),
        group_slug: group.map(|g| g.slug.clone()),
        id: m.id,
        kind: m.kind.0,
        state: m.state.0,
        organisation_id: m.organisation_id,
        organisation_name: organisation.map(|o| o.name.clone()).unwrap_or_default(),
        organisation_slug: organisation.map(|o| o.slug.clone()).unwrap_or_default(),
        person_name: person.map(|u| u.display_name.clone()).unwrap_or_default(),
        person_email: person.filter(|_| decider).map(|u| u.email.clone()),
        proof_email: m.proof_email.filter(|_| decider),
        message: m.message,
        reason: m.reason,
        created_at: m.created_at,
        decided_at: m.decided_at,
        version: m.version,
        can_decide: decider && pending,
        can_withdraw: pending && actor.user_id() == Some(m.user_id),
    }
}

impl Core {
    /// Views of request rows, with their organisations and people read in one query each.
    async fn request_views(&self, actor: &Actor, rows: Vec<request::Model>) -> DomainResult<Vec<OrganisationRequest>> {
        let org_ids: Vec<Uuid> = rows.iter().map(|r| r.organisation_id).collect();
        let user_ids: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
        let orgs: HashMap<Uuid, organisation::Model> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(org_ids))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let people: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let group_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.group_id).collect();
        let groups: HashMap<Uuid, working_group::group::Model> = if group_ids.is_empty() {
            HashMap::new()
        } else {
            working_group::group::Entity::find()
                .filter(working_group::group::Column::Id.is_in(group_ids))
                .all(self.db())
                .await
                .internal()?
                .into_iter()
                .map(|g| (g.id, g))
                .collect()
        };
        let coordinated: HashSet<Uuid> = self.coordinated_groups(self.db(), actor).await?.into_iter().collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let (o, u) = (orgs.get(&r.organisation_id), people.get(&r.user_id));
                let g = r.group_id.and_then(|g| groups.get(&g));
                view(actor, r, o, u, g, &coordinated)
            })
            .collect())
    }

    pub(crate) async fn one_request(&self, actor: &Actor, id: Uuid) -> DomainResult<OrganisationRequest> {
        let found = request::Entity::find_by_id(id).one(self.db()).await.internal()?.ok_or_else(DomainError::not_found)?;
        self.request_views(actor, vec![found]).await?.pop().ok_or_else(DomainError::not_found)
    }

    /// "This is my organisation": asks the coordination team to make the actor (or a
    /// new person, who first confirms their address) a representative of a verified
    /// profile nobody represents. A new person gets `None`, whether their address was
    /// known or not (its owner is told by e-mail).
    pub async fn claim_organisation(
        &self,
        actor: &Actor,
        input: ClaimInput,
        address: Option<std::net::IpAddr>,
    ) -> DomainResult<Option<OrganisationRequest>> {
        let message = validate::optional_text("message", input.message.as_deref(), 2000)?;
        let proof_email = match input.proof_email.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(e) => Some(validate::email("proofEmail", e)?),
            None => None,
        };
        let target = organisation::Entity::find_by_id(input.organisation_id)
            .one(self.db())
            .await
            .internal()?
            .filter(|o| can_view(actor, o))
            .ok_or_else(|| DomainError::invalid("organisationId", Reason::UnknownId))?;
        if target.verification.0 != VerificationState::Verified {
            return Err(DomainError::invalid("organisationId", Reason::InvalidState));
        }
        if actor.user.is_none() {
            let registrant = input.registrant.ok_or_else(DomainError::unauthenticated)?;
            if has_representatives(self.db(), target.id).await? {
                return Err(DomainError::invalid("organisationId", Reason::HasRepresentatives));
            }
            let Some((txn, user_id, email)) = self.begin_provisional_account(&registrant, address).await? else { return Ok(None) };
            insert_request(&txn, RequestKind::Claim, target.id, user_id, message, proof_email, None).await?;
            let (_, link, _) =
                self.create_token(&txn, TokenPurpose::EmailConfirmation, &email, Some(user_id), None, None, None, None).await?;
            let to = Recipient { email, lang: registrant.language };
            crate::mail_texts::send(&txn, &to, Mail::ClaimConfirmation, &[("name", &target.name), ("link", &link)]).await?;
            txn.commit().await.internal()?;
            return Ok(None);
        }
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::RequestToActFor, Some(target.id))?;
        if actor.is_member(target.id) {
            return Err(DomainError::invalid("organisationId", Reason::AlreadyMember));
        }
        self.hit(limits::REQUESTS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        if has_representatives(&txn, target.id).await? {
            return Err(DomainError::invalid("organisationId", Reason::HasRepresentatives));
        }
        let id = insert_request(&txn, RequestKind::Claim, target.id, user.id, message.clone(), proof_email, None).await?;
        self.notify_request(&txn, RequestKind::Claim, &target, user.id, message.as_deref(), None).await?;
        txn.commit().await.internal()?;
        self.one_request(actor, id).await.map(Some)
    }

    /// Asks the representatives of a listed organisation to let the actor join it.
    pub async fn request_to_join(
        &self,
        actor: &Actor,
        organisation_id: Uuid,
        message: Option<String>,
    ) -> DomainResult<OrganisationRequest> {
        let user = actor.require_user()?.clone();
        actor.authorize(Operation::RequestToActFor, Some(organisation_id))?;
        let message = validate::optional_text("message", message.as_deref(), 2000)?;
        let target = organisation::Entity::find_by_id(organisation_id)
            .one(self.db())
            .await
            .internal()?
            .filter(|o| can_view(actor, o) && o.verification.0 == VerificationState::Verified)
            .ok_or_else(|| DomainError::invalid("organisationId", Reason::UnknownId))?;
        if actor.is_member(target.id) {
            return Err(DomainError::invalid("organisationId", Reason::AlreadyMember));
        }
        self.hit(limits::REQUESTS_PER_ACCOUNT, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        if !has_representatives(&txn, target.id).await? {
            return Err(DomainError::invalid("organisationId", Reason::NoRepresentatives));
        }
        let id = insert_request(&txn, RequestKind::Join, target.id, user.id, message.clone(), None, None).await?;
        self.notify_request(&txn, RequestKind::Join, &target, user.id, message.as_deref(), None).await?;
        txn.commit().await.internal()?;
        self.one_request(actor, id).await
    }

    /// Approves or declines a pending request (a decline needs a reason). A claim is
    /// decided by the coordination team, a join by the organisation's representatives.
    pub async fn decide_request(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: i32,
        approve: bool,
        reason: Option<String>,
    ) -> DomainResult<OrganisationRequest> {
        let decider = actor.require_user()?.clone();
        let reason = match approve {
            true => validate::optional_text("reason", reason.as_deref(), 1000)?,
            false => Some(validate::line("reason", reason.as_deref().unwrap_or_default(), 2, 1000)?),
        };
        let txn = self.begin_write().await?;
        let found = request::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if let Some(group_id) = found.group_id {
            let coordinated: HashSet<Uuid> = self.coordinated_groups(&txn, actor).await?.into_iter().collect();
            if !may_decide(actor, &found, &coordinated) {
                actor.authorize_as(deciding_operation(found.kind.0), false)?;
            }
            if found.state.0 != RequestState::Pending {
                return Err(DomainError::invalid("id", Reason::InvalidState));
            }
            self.decide_group_request(&txn, &decider, &found, group_id, expected_version, approve, reason).await?;
            txn.commit().await.internal()?;
            return self.one_request(actor, id).await;
        }
        actor.authorize(deciding_operation(found.kind.0), Some(found.organisation_id))?;
        if found.state.0 != RequestState::Pending {
            return Err(DomainError::invalid("id", Reason::InvalidState));
        }
        let person = user::Entity::find_by_id(found.user_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if approve && person.status.0 == UserStatus::Pending {
            return Err(DomainError::invalid("approve", Reason::EmailNotConfirmed));
        }
        // Someone disabled, or given a role that acts for no organisation since asking,
        // is not let in.
        if approve && (person.status.0 != UserStatus::Active || !matches!(person.role.0, Role::MoRepresentative | Role::Multiplier)) {
            return Err(DomainError::invalid("approve", Reason::InvalidState));
        }
        let target =
            organisation::Entity::find_by_id(found.organisation_id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let now = Utc::now();
        let state = if approve { RequestState::Approved } else { RequestState::Declined };
        let also = vec![
            (request::Column::State, Expr::value(state.as_str())),
            (request::Column::PendingKey, Expr::value(Option::<String>::None)),
            (request::Column::DecidedBy, Expr::value(decider.id)),
            (request::Column::DecidedAt, Expr::value(now)),
            (request::Column::Reason, Expr::value(reason.clone())),
            (request::Column::UpdatedAt, Expr::value(now)),
        ];
        crate::versions::claim_with::<request::Entity>(&txn, id, expected_version, also, None).await?;
        let base = self.settings().public_url.trim_end_matches('/').to_owned();
        if approve {
            let already = membership::Entity::find_by_id((person.id, target.id)).one(&txn).await.internal()?.is_some();
            if !already {
                insert_membership(&txn, person.id, target.id).await?;
            }
            // A multiplier who works at the organisation now acts for it; the person is
            // trusted from now on (the coordination team or a representative vouched).
            let mut active: user::ActiveModel = person.clone().into();
            if person.role.0 == Role::Multiplier {
                active.role = Set(Stored(Role::MoRepresentative));
            }
            active.provisional = Set(false);
            active.updated_at = Set(now);
            active.update(&txn).await.internal()?;
            let link = format!("{base}/organisations/{}/edit", target.slug);
            crate::mail_texts::send(&txn, &(&person).into(), Mail::RequestApproved, &[("name", &target.name), ("link", &link)]).await?;
        } else {
            let why = reason.clone().unwrap_or_default();
            crate::mail_texts::send(&txn, &(&person).into(), Mail::RequestDeclined, &[("name", &target.name), ("reason", &why)]).await?;
        }
        let action = if approve { "approve_request" } else { "decline_request" };
        audit::record(
            &txn,
            Some(decider.id),
            action,
            "organisation",
            target.id,
            json!({ "request": id, "kind": found.kind.0.as_str(), "user": person.id, "reason": reason }),
        )
        .await?;
        txn.commit().await.internal()?;
        self.one_request(actor, id).await
    }

    /// The person who asked takes a pending request back.
    pub async fn withdraw_request(&self, actor: &Actor, id: Uuid) -> DomainResult<OrganisationRequest> {
        let me = actor.require_user()?.clone();
        let txn = self.begin_write().await?;
        let found = request::Entity::find_by_id(id)
            .one(&txn)
            .await
            .internal()?
            .filter(|r| r.user_id == me.id)
            .ok_or_else(DomainError::not_found)?;
        if found.state.0 != RequestState::Pending {
            return Err(DomainError::invalid("id", Reason::InvalidState));
        }
        let also = vec![
            (request::Column::State, Expr::value(RequestState::Withdrawn.as_str())),
            (request::Column::PendingKey, Expr::value(Option::<String>::None)),
            (request::Column::UpdatedAt, Expr::value(Utc::now())),
        ];
        crate::versions::claim_with::<request::Entity>(&txn, id, found.version, also, None).await?;
        audit::record(&txn, Some(me.id), "withdraw_request", "organisation", found.organisation_id, json!({ "request": id })).await?;
        txn.commit().await.internal()?;
        self.one_request(actor, id).await
    }

    /// Pending requests the actor decides, oldest first: every claim and join for the
    /// coordination team, joins of their organisations for representatives. Requests
    /// of people who have not confirmed their address yet wait out of sight.
    pub async fn requests_to_decide(&self, actor: &Actor) -> DomainResult<Vec<OrganisationRequest>> {
        let user = actor.require_user()?;
        let mut query = request::Entity::find().filter(request::Column::State.eq(RequestState::Pending.as_str()));
        let coordinated = self.coordinated_groups(self.db(), actor).await?;
        let kind = |k: RequestKind| request::Column::Kind.eq(k.as_str());
        let mine = || request::Column::OrganisationId.is_in(user.organisations.clone());
        // Claims and joins as before; group invitations of one's own organisations;
        // applications to the groups one coordinates.
        let organisation_requests = if actor.may(Operation::DecideClaim, None) {
            Condition::any().add(kind(RequestKind::Claim)).add(kind(RequestKind::Join))
        } else {
            Condition::all().add(kind(RequestKind::Join)).add(mine())
        };
        query = query.filter(
            Condition::any()
                .add(organisation_requests)
                .add(Condition::all().add(kind(RequestKind::GroupInvitation)).add(mine()))
                .add(Condition::all().add(kind(RequestKind::GroupApplication)).add(request::Column::GroupId.is_in(coordinated))),
        );
        let confirmed = sea_orm::sea_query::Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::Status.eq(UserStatus::Active.as_str()))
            .to_owned();
        let rows = query
            .filter(request::Column::UserId.in_subquery(confirmed))
            .order_by_asc(request::Column::Id)
            .limit(migraup_domain::bounds::INBOX_ITEMS)
            .all(self.db())
            .await
            .internal()?;
        let views = self.request_views(actor, rows).await?;
        Ok(views.into_iter().filter(|r| r.can_decide).collect())
    }

    /// The actor's own requests, newest first.
    pub async fn my_requests(&self, actor: &Actor) -> DomainResult<Vec<OrganisationRequest>> {
        let user = actor.require_user()?;
        let rows = request::Entity::find()
            .filter(request::Column::UserId.eq(user.id))
            .order_by_desc(request::Column::Id)
            .limit(migraup_domain::bounds::INBOX_ITEMS)
            .all(self.db())
            .await
            .internal()?;
        self.request_views(actor, rows).await
    }

    /// Which of these organisations someone acts for (an active representative).
    pub async fn organisations_represented(&self, organisation_ids: &[Uuid]) -> DomainResult<std::collections::HashSet<Uuid>> {
        let reps = sea_orm::sea_query::Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::Role.eq(Role::MoRepresentative.as_str()))
            .and_where(user::Column::Status.eq(UserStatus::Active.as_str()))
            .to_owned();
        let rows: Vec<Uuid> = membership::Entity::find()
            .select_only()
            .column(membership::Column::OrganisationId)
            .filter(membership::Column::OrganisationId.is_in(organisation_ids.to_vec()))
            .filter(membership::Column::UserId.in_subquery(reps))
            .into_tuple()
            .all(self.db())
            .await
            .internal()?;
        Ok(rows.into_iter().collect())
    }

    /// Which of these organisations the actor has a pending request for.
    pub async fn pending_requests_for(&self, actor: &Actor, organisation_ids: &[Uuid]) -> DomainResult<Vec<Uuid>> {
        let Some(user) = actor.user.as_ref() else { return Ok(Vec::new()) };
        let keys: Vec<String> = organisation_ids.iter().map(|o| pending_key(*o, user.id)).collect();
        request::Entity::find()
            .select_only()
            .column(request::Column::OrganisationId)
            .filter(request::Column::PendingKey.is_in(keys))
            .into_tuple()
            .all(self.db())
            .await
            .internal()
    }

    /// Tells whoever decides about a new request (into the outbox, in the caller's transaction).
    pub(crate) async fn notify_request(
        &self,
        db: &impl ConnectionTrait,
        kind: RequestKind,
        target: &organisation::Model,
        user_id: Uuid,
        message: Option<&str>,
        group: Option<&working_group::group::Model>,
    ) -> DomainResult<()> {
        let person = user::Entity::find_by_id(user_id).one(db).await.internal()?.map(|u| u.display_name).unwrap_or_default();
        let (recipients, mail) = match (kind, group) {
            (RequestKind::Claim, _) => (coordination_team(db).await?, Mail::RequestReceived),
            (RequestKind::Join, _) => (representatives(db, target.id).await?, Mail::RequestReceived),
            (RequestKind::GroupInvitation, _) => (representatives(db, target.id).await?, Mail::GroupInvitation),
            (RequestKind::GroupApplication, Some(g)) => (group_coordinators(db, g.id).await?, Mail::GroupApplication),
            (RequestKind::GroupApplication, None) => return Err(DomainError::internal()),
        };
        let link = format!("{}/inbox", self.settings().public_url.trim_end_matches('/'));
        let message = message.unwrap_or("–");
        let group_name = group.map(|g| g.name.as_str()).unwrap_or_default();
        for to in recipients {
            let values = [
                ("person", person.as_str()),
                ("name", target.name.as_str()),
                ("group", group_name),
                ("message", message),
                ("link", link.as_str()),
            ];
            crate::mail_texts::send(db, &to, mail, &values).await?;
        }
        Ok(())
    }

    /// After a new person confirmed their address: the coordination team learns of
    /// their claims now (not before, so unconfirmed sign-ups cause no mail).
    pub(crate) async fn notify_confirmed_claims(&self, db: &impl ConnectionTrait, user_id: Uuid) -> DomainResult<()> {
        let pending = request::Entity::find()
            .filter(request::Column::UserId.eq(user_id))
            .filter(request::Column::State.eq(RequestState::Pending.as_str()))
            .all(db)
            .await
            .internal()?;
        for r in pending {
            if let Some(target) = organisation::Entity::find_by_id(r.organisation_id).one(db).await.internal()? {
                self.notify_request(db, r.kind.0, &target, user_id, r.message.as_deref(), None).await?;
            }
        }
        Ok(())
    }
}

fn pending_key(organisation_id: Uuid, user_id: Uuid) -> String {
    format!("{organisation_id}:{user_id}")
}

/// One open request per group and organisation, whichever side asked.
fn group_pending_key(group_id: Uuid, organisation_id: Uuid) -> String {
    format!("group:{group_id}:{organisation_id}")
}

/// Stores a pending request; a second open one of the same person for the same
/// organisation is refused by the unique `pending_key`, also under concurrent requests.
pub(crate) async fn insert_request(
    db: &impl ConnectionTrait,
    kind: RequestKind,
    organisation_id: Uuid,
    user_id: Uuid,
    message: Option<String>,
    proof_email: Option<String>,
    group_id: Option<Uuid>,
) -> DomainResult<Uuid> {
    let key = match group_id {
        Some(g) => group_pending_key(g, organisation_id),
        None => pending_key(organisation_id, user_id),
    };
    let open = request::Entity::find().filter(request::Column::PendingKey.eq(&key)).one(db).await.internal()?;
    if open.is_some() {
        return Err(DomainError::invalid("organisationId", Reason::AlreadyRequested));
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    request::ActiveModel {
        id: Set(id),
        kind: Set(Stored(kind)),
        organisation_id: Set(organisation_id),
        user_id: Set(user_id),
        message: Set(message),
        proof_email: Set(proof_email),
        state: Set(Stored(RequestState::Pending)),
        pending_key: Set(Some(key)),
        decided_by: Set(None),
        decided_at: Set(None),
        reason: Set(None),
        group_id: Set(group_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .map_err(|e| match unique_or_internal(e, "organisationId") {
        e if e.reason == Reason::AlreadyTaken => DomainError::invalid("organisationId", Reason::AlreadyRequested),
        e => e,
    })?;
    let (entity, entity_id) = match group_id {
        Some(g) => ("working_group", g),
        None => ("organisation", organisation_id),
    };
    audit::record(
        db,
        Some(user_id),
        &format!("request_{}", kind.as_str().to_lowercase()),
        entity,
        entity_id,
        json!({ "request": id, "organisation": organisation_id }),
    )
    .await?;
    Ok(id)
}
