//! Who belongs to a working group: coordinators and individual people (added by a
//! coordinator) and organisations (invited or accepted through the request machinery
//! of `self_service`). Leaving and removal end a membership period; the row stays for
//! the record and the audit log says who ended it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use migraup_domain::{DomainError, MembershipEnd, Operation, Reason, Role, UserStatus, bounds, error::DomainResult, validate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use super::{Standing, active_key, load, load_managed, standings};
use crate::{
    Actor, Core, audit,
    entities::{organisation, user, working_group::member},
    errors::{DbResultExt, unique_or_internal},
};

/// One member of a group as the actor may see it: an organisation, or a person
/// (people are named only to signed-in members of the platform).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMember {
    pub id: Uuid,
    pub group_id: Uuid,
    pub organisation_id: Option<Uuid>,
    pub organisation_name: Option<String>,
    pub organisation_slug: Option<String>,
    pub person_id: Option<Uuid>,
    pub person_name: Option<String>,
    pub coordinator: bool,
    pub joined_at: DateTime<Utc>,
    /// The actor may end this membership (leave, or remove as coordinator).
    pub can_end: bool,
}

/// Adds a membership period in the caller's transaction; a party already in the group
/// is refused by the unique active key, also under concurrent requests.
pub(crate) async fn insert(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    organisation_id: Option<Uuid>,
    user_id: Option<Uuid>,
    coordinator: bool,
) -> DomainResult<Uuid> {
    let size = member::Entity::find()
        .filter(member::Column::GroupId.eq(group_id))
        .filter(member::Column::ActiveKey.is_not_null())
        .count(db)
        .await
        .internal()?;
    if size >= bounds::GROUP_MEMBERS {
        return Err(DomainError::invalid("members", Reason::TooManyItems { max: bounds::GROUP_MEMBERS as usize }));
    }
    let id = Uuid::now_v7();
    member::ActiveModel {
        id: Set(id),
        group_id: Set(group_id),
        organisation_id: Set(organisation_id),
        user_id: Set(user_id),
        coordinator: Set(coordinator),
        active_key: Set(Some(active_key(group_id, organisation_id, user_id))),
        joined_at: Set(Utc::now()),
        ended_at: Set(None),
        ended_how: Set(None),
        ended_by: Set(None),
    }
    .insert(db)
    .await
    .map_err(|e| match unique_or_internal(e, "members") {
        e if e.reason == Reason::AlreadyTaken => DomainError::invalid("members", Reason::AlreadyMember),
        e => e,
    })?;
    Ok(id)
}

/// Whether an organisation is an active member of a group.
pub(crate) async fn has_organisation(db: &impl ConnectionTrait, group_id: Uuid, organisation_id: Uuid) -> DomainResult<bool> {
    let key = active_key(group_id, Some(organisation_id), None);
    Ok(member::Entity::find().filter(member::Column::ActiveKey.eq(key)).count(db).await.internal()? > 0)
}

/// The active members of a group (rows).
pub(crate) async fn active(db: &impl ConnectionTrait, group_ids: &[Uuid]) -> DomainResult<Vec<member::Model>> {
    member::Entity::find()
        .filter(member::Column::GroupId.is_in(group_ids.to_vec()))
        .filter(member::Column::ActiveKey.is_not_null())
        .order_by_asc(member::Column::Id)
        .limit(bounds::GROUP_MEMBERS * group_ids.len().max(1) as u64)
        .all(db)
        .await
        .internal()
}

fn may_end(actor: &Actor, m: &member::Model, standing: Standing) -> bool {
    let own = m.user_id.is_some() && m.user_id == actor.user_id();
    let for_organisation = m.organisation_id.is_some_and(|o| actor.may(Operation::RespondForOrganisation, Some(o)));
    actor.may_as(Operation::ManageGroup, standing.coordinator) || own || for_organisation
}

impl Core {
    /// The active members of each group the actor may see, coordinators first, then
    /// organisations and people by name.
    pub async fn group_members(&self, actor: &Actor, group_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<GroupMember>>> {
        let visible: Vec<Uuid> = crate::entities::working_group::group::Entity::find()
            .filter(crate::entities::working_group::group::Column::Id.is_in(group_ids.to_vec()))
            .all(self.db())
            .await
            .internal()?
            .into_iter()
            .filter(|g| super::can_view(actor, g.visibility.0))
            .map(|g| g.id)
            .collect();
        let rows = active(self.db(), &visible).await?;
        let (orgs, people) = crate::group_roles::names(
            self.db(),
            actor,
            rows.iter().filter_map(|r| r.organisation_id),
            rows.iter().filter_map(|r| r.user_id),
        )
        .await?;
        let standing = standings(self.db(), actor, &visible).await?;
        let mut out: HashMap<Uuid, Vec<GroupMember>> = group_ids.iter().map(|g| (*g, Vec::new())).collect();
        for r in rows {
            let s = standing.get(&r.group_id).copied().unwrap_or_default();
            let org = r.organisation_id.and_then(|o| orgs.get(&o));
            let person = r.user_id.and_then(|u| people.get(&u));
            // A hidden organisation or person is left out, not shown as a blank.
            if org.is_none() && person.is_none() {
                continue;
            }
            let can_end = may_end(actor, &r, s);
            out.entry(r.group_id).or_default().push(GroupMember {
                id: r.id,
                group_id: r.group_id,
                organisation_id: org.and(r.organisation_id),
                organisation_name: org.map(|o| o.0.clone()),
                organisation_slug: org.map(|o| o.1.clone()),
                person_id: person.and(r.user_id),
                person_name: person.cloned(),
                coordinator: r.coordinator,
                joined_at: r.joined_at,
                can_end,
            });
        }
        for list in out.values_mut() {
            list.sort_by(|a, b| {
                b.coordinator.cmp(&a.coordinator).then_with(|| {
                    let name = |m: &GroupMember| m.organisation_name.clone().or(m.person_name.clone()).unwrap_or_default().to_lowercase();
                    name(a).cmp(&name(b))
                })
            });
        }
        Ok(out)
    }

    /// A coordinator adds a person of the platform (by their address) to the group,
    /// as member or coordinator; a person already in it is made coordinator or member
    /// as asked. Self-made accounts not yet trusted cannot be added.
    pub async fn add_group_person(&self, actor: &Actor, group_id: Uuid, email: &str, coordinator: bool) -> DomainResult<GroupMember> {
        let email = validate::email("email", email)?;
        let txn = self.begin_write().await?;
        let (group, _) = load_managed(&txn, actor, group_id).await?;
        let person = user::Entity::find()
            .filter(user::Column::Email.eq(email.to_lowercase()))
            .one(&txn)
            .await
            .internal()?
            .filter(|u| u.status.0 == UserStatus::Active && !u.provisional)
            .ok_or_else(|| DomainError::invalid("email", Reason::UnknownId))?;
        let key = active_key(group_id, None, Some(person.id));
        let existing = member::Entity::find().filter(member::Column::ActiveKey.eq(&key)).one(&txn).await.internal()?;
        let id = match existing {
            Some(m) if m.coordinator == coordinator => return Err(DomainError::invalid("email", Reason::AlreadyMember)),
            Some(m) => {
                member::Entity::update_many()
                    .col_expr(member::Column::Coordinator, Expr::value(coordinator))
                    .filter(member::Column::Id.eq(m.id))
                    .exec(&txn)
                    .await
                    .internal()?;
                m.id
            }
            None => {
                let id = insert(&txn, group_id, None, Some(person.id), coordinator).await?;
                // The person learns of it, and where to leave again.
                let by = match actor.user_id() {
                    Some(me) => user::Entity::find_by_id(me).one(&txn).await.internal()?.map(|u| u.display_name).unwrap_or_default(),
                    None => String::new(),
                };
                let link = format!("{}/groups/{}", self.settings().public_url.trim_end_matches('/'), group.slug);
                let values = [("person", by.as_str()), ("group", group.name.as_str()), ("link", link.as_str())];
                crate::mail_texts::send(&txn, &(&person).into(), crate::mail_texts::Mail::GroupPersonAdded, &values).await?;
                id
            }
        };
        audit::record(&txn, actor, "add_group_person", "working_group", group_id, json!({ "user": person.id, "coordinator": coordinator }))
            .await?;
        txn.commit().await.internal()?;
        self.one_member(actor, group_id, id).await
    }

    async fn one_member(&self, actor: &Actor, group_id: Uuid, id: Uuid) -> DomainResult<GroupMember> {
        let mut all = self.group_members(actor, &[group_id]).await?;
        all.remove(&group_id).unwrap_or_default().into_iter().find(|m| m.id == id).ok_or_else(DomainError::internal)
    }

    /// Ends a membership: the person themself or a representative of the organisation
    /// leaves; a coordinator removes. The last coordinator stays (someone must run the group).
    pub async fn end_group_membership(&self, actor: &Actor, member_id: Uuid) -> DomainResult<()> {
        let me = actor.require_user()?.clone();
        let txn = self.begin_write().await?;
        let found = member::Entity::find_by_id(member_id)
            .one(&txn)
            .await
            .internal()?
            .filter(|m| m.active_key.is_some())
            .ok_or_else(DomainError::not_found)?;
        let (_, standing) = load(&txn, actor, found.group_id).await?;
        if !may_end(actor, &found, standing) {
            actor.authorize_as(Operation::ManageGroup, false)?;
        }
        if found.coordinator {
            let coordinators = member::Entity::find()
                .filter(member::Column::GroupId.eq(found.group_id))
                .filter(member::Column::ActiveKey.is_not_null())
                .filter(member::Column::Coordinator.eq(true))
                .count(&txn)
                .await
                .internal()?;
            if coordinators <= 1 {
                return Err(DomainError::invalid("memberId", Reason::InvalidState));
            }
        }
        let own = found.user_id == Some(me.id) || found.organisation_id.is_some_and(|o| actor.is_member(o));
        let how = if own { MembershipEnd::Left } else { MembershipEnd::Removed };
        let ended = member::Entity::update_many()
            .col_expr(member::Column::ActiveKey, Expr::value(Option::<String>::None))
            .col_expr(member::Column::EndedAt, Expr::value(Utc::now()))
            .col_expr(member::Column::EndedHow, Expr::value(how.as_str()))
            .col_expr(member::Column::EndedBy, Expr::value(me.id))
            .filter(member::Column::Id.eq(member_id))
            .filter(member::Column::ActiveKey.is_not_null())
            .exec(&txn)
            .await
            .internal()?;
        if ended.rows_affected != 1 {
            return Err(DomainError::not_found());
        }
        if how == MembershipEnd::Removed {
            self.notify_removed(&txn, &found).await?;
        }
        let action = if how == MembershipEnd::Left { "leave_group" } else { "remove_group_member" };
        audit::record(
            &txn,
            Some(me.id),
            action,
            "working_group",
            found.group_id,
            json!({ "member": member_id, "organisation": found.organisation_id, "user": found.user_id }),
        )
        .await?;
        txn.commit().await.internal()?;
        Ok(())
    }

    /// Tells a removed member (the person, or the organisation's representatives), in
    /// the caller's transaction; leaving needs no mail.
    async fn notify_removed(&self, db: &impl ConnectionTrait, m: &member::Model) -> DomainResult<()> {
        let Some(group) = crate::entities::working_group::group::Entity::find_by_id(m.group_id).one(db).await.internal()? else {
            return Ok(());
        };
        let (name, to) = match (m.organisation_id, m.user_id) {
            (Some(o), _) => {
                let name = organisation::Entity::find_by_id(o).one(db).await.internal()?.map(|o| o.name).unwrap_or_default();
                (name, crate::recipients::representatives(db, o).await?)
            }
            (None, Some(u)) => match user::Entity::find_by_id(u).one(db).await.internal()? {
                Some(person) => (person.display_name.clone(), vec![(&person).into()]),
                None => return Ok(()),
            },
            (None, None) => return Ok(()),
        };
        let link = format!("{}/groups/{}", self.settings().public_url.trim_end_matches('/'), group.slug);
        for r in to {
            let values = [("name", name.as_str()), ("group", group.name.as_str()), ("link", link.as_str())];
            crate::mail_texts::send(db, &r, crate::mail_texts::Mail::GroupMemberRemoved, &values).await?;
        }
        Ok(())
    }

    /// Whether the actor may invite (or be invited) for a group: its coordinators.
    pub(crate) async fn coordinated_groups(&self, db: &impl ConnectionTrait, actor: &Actor) -> DomainResult<Vec<Uuid>> {
        let Some(user) = actor.user.as_ref().filter(|_| !actor.is_provisional()) else { return Ok(Vec::new()) };
        if user.role == Role::Admin {
            return crate::entities::working_group::group::Entity::find()
                .select_only()
                .column(crate::entities::working_group::group::Column::Id)
                .into_tuple()
                .all(db)
                .await
                .internal();
        }
        member::Entity::find()
            .select_only()
            .column(member::Column::GroupId)
            .filter(member::Column::UserId.eq(user.id))
            .filter(member::Column::Coordinator.eq(true))
            .filter(member::Column::ActiveKey.is_not_null())
            .into_tuple()
            .all(db)
            .await
            .internal()
    }
}

impl Core {
    /// A coordinator invites an organisation; its representatives answer in their inbox.
    pub async fn invite_organisation_to_group(
        &self,
        actor: &Actor,
        group_id: Uuid,
        organisation_id: Uuid,
        message: Option<String>,
    ) -> DomainResult<crate::views::OrganisationRequest> {
        self.open_group_request(actor, migraup_domain::RequestKind::GroupInvitation, group_id, organisation_id, message).await
    }

    /// A representative asks for their organisation to take part; the group's
    /// coordinators answer in their inbox.
    pub async fn apply_to_group(
        &self,
        actor: &Actor,
        group_id: Uuid,
        organisation_id: Uuid,
        message: Option<String>,
    ) -> DomainResult<crate::views::OrganisationRequest> {
        self.open_group_request(actor, migraup_domain::RequestKind::GroupApplication, group_id, organisation_id, message).await
    }

    /// Opens an invitation (coordinators) or an application (the organisation's
    /// representatives) through the request machinery of claims and joins. The policy is
    /// asked before anything is counted or written; invitations mail others, so they
    /// count against the proposals limit, applications against the requests limit.
    async fn open_group_request(
        &self,
        actor: &Actor,
        kind: migraup_domain::RequestKind,
        group_id: Uuid,
        organisation_id: Uuid,
        message: Option<String>,
    ) -> DomainResult<crate::views::OrganisationRequest> {
        use migraup_domain::RequestKind;
        let user = actor.require_user()?.clone();
        let message = validate::optional_text("message", message.as_deref(), 2000)?;
        let (_, standing) = load(self.db(), actor, group_id).await?;
        let limit = match kind {
            RequestKind::GroupInvitation => {
                actor.authorize_as(Operation::ManageGroup, standing.coordinator)?;
                crate::limits::PROPOSALS_PER_ACCOUNT
            }
            _ => {
                actor.authorize(Operation::RespondForOrganisation, Some(organisation_id))?;
                crate::limits::REQUESTS_PER_ACCOUNT
            }
        };
        self.hit(limit, &user.id.to_string()).await?;
        let txn = self.begin_write().await?;
        // Asked again in the transaction: a coordinator removed meanwhile invites nobody.
        let (group, _) = match kind {
            RequestKind::GroupInvitation => load_managed(&txn, actor, group_id).await?,
            _ => load(&txn, actor, group_id).await?,
        };
        let target = self.group_candidate(&txn, actor, group_id, organisation_id).await?;
        let id = crate::self_service::insert_request(&txn, kind, target.id, user.id, message.clone(), None, Some(group_id)).await?;
        self.notify_request(&txn, kind, &target, user.id, message.as_deref(), Some(&group)).await?;
        txn.commit().await.internal()?;
        self.one_request(actor, id).await
    }

    /// A verified organisation the actor may see and that is not in the group yet.
    async fn group_candidate(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        group_id: Uuid,
        organisation_id: Uuid,
    ) -> DomainResult<organisation::Model> {
        let target = organisation::Entity::find_by_id(organisation_id)
            .one(db)
            .await
            .internal()?
            .filter(|o| crate::visibility::can_view(actor, o) && o.verification.0 == migraup_domain::VerificationState::Verified)
            .ok_or_else(|| DomainError::invalid("organisationId", Reason::UnknownId))?;
        if has_organisation(db, group_id, organisation_id).await? {
            return Err(DomainError::invalid("organisationId", Reason::AlreadyMember));
        }
        Ok(target)
    }

    /// Decides a group invitation or application in the caller's transaction (the
    /// caller checked who may): claims the request's version, adds the organisation on
    /// approval, tells the side that asked.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn decide_group_request(
        &self,
        txn: &impl ConnectionTrait,
        decider: &crate::actor::ActorUser,
        found: &crate::entities::organisation_request::Model,
        group_id: Uuid,
        expected_version: i32,
        approve: bool,
        reason: Option<String>,
    ) -> DomainResult<()> {
        use crate::entities::organisation_request as request;
        use migraup_domain::{RequestKind, RequestState};
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
        crate::versions::claim_with::<request::Entity>(txn, found.id, expected_version, also, None).await?;
        let group = crate::entities::working_group::group::Entity::find_by_id(group_id)
            .one(txn)
            .await
            .internal()?
            .ok_or_else(DomainError::not_found)?;
        let target =
            organisation::Entity::find_by_id(found.organisation_id).one(txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        if approve && !has_organisation(txn, group_id, target.id).await? {
            insert(txn, group_id, Some(target.id), None, false).await?;
        }
        // The side that asked: the inviting coordinator, or the asking representative.
        let to = match found.kind.0 {
            RequestKind::GroupInvitation => crate::recipients::group_coordinators(txn, group_id).await?,
            _ => user::Entity::find_by_id(found.user_id).one(txn).await.internal()?.iter().map(Into::into).collect(),
        };
        let base = self.settings().public_url.trim_end_matches('/').to_owned();
        let link = format!("{base}/groups/{}", group.slug);
        let why = reason.clone().unwrap_or_default();
        for r in to {
            if approve {
                let values = [("name", target.name.as_str()), ("group", group.name.as_str()), ("link", link.as_str())];
                crate::mail_texts::send(txn, &r, crate::mail_texts::Mail::GroupRequestApproved, &values).await?;
            } else {
                let values = [("name", target.name.as_str()), ("group", group.name.as_str()), ("reason", why.as_str())];
                crate::mail_texts::send(txn, &r, crate::mail_texts::Mail::GroupRequestDeclined, &values).await?;
            }
        }
        let action = if approve { "approve_group_request" } else { "decline_group_request" };
        audit::record(
            txn,
            Some(decider.id),
            action,
            "working_group",
            group_id,
            json!({ "request": found.id, "kind": found.kind.0.as_str(), "organisation": target.id, "reason": reason }),
        )
        .await?;
        Ok(())
    }
}
