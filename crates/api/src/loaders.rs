//! DataLoaders: a page of organisations with topics, languages and offering counts
//! costs a fixed number of statements, whatever the page size. Made per request.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use migraup_core::groups::{WorkingGroup, actions::AgreedAction, meetings::MeetingNotes, members::GroupMember};
use migraup_core::{
    Actor, Core, DomainError,
    views::{
        ContactPerson, District, Event, Language, Membership, Offering, Organisation, Participation, Registration, SeatCounts,
        TaxonomyEntry, Translation,
    },
};
use migraup_core::{
    concerns::ConcernStepView,
    ideas::{comments::Comment, steps::IdeaStep},
};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// Loads through the core with the request's actor.
pub(crate) struct CoreLoader {
    core: Core,
    actor: Actor,
}

macro_rules! batch_loader {
    ($key:ident, $value:ty, |$this:ident, $ids:ident| $body:expr) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) struct $key(pub Uuid);

        impl Loader<$key> for CoreLoader {
            type Value = $value;
            type Error = DomainError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, DomainError> {
                let $this = self;
                let $ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
                let map: HashMap<Uuid, $value> = $body;
                Ok(map.into_iter().map(|(k, v)| ($key(k), v)).collect())
            }
        }
    };
}

batch_loader!(OrgTopics, Vec<Uuid>, |this, ids| this.core.organisation_topic_ids(&this.actor, &ids).await?);
batch_loader!(OrgLanguages, Vec<String>, |this, ids| this.core.organisation_languages(&this.actor, &ids).await?);
batch_loader!(OrgTargetGroups, Vec<Uuid>, |this, ids| this.core.organisation_target_group_ids(&this.actor, &ids).await?);
batch_loader!(OfferingCount, u64, |this, ids| this.core.offering_counts(&this.actor, &ids).await?);
batch_loader!(OrgContacts, Vec<ContactPerson>, |this, ids| this.core.contact_persons(&this.actor, &ids).await?);
batch_loader!(OrgOfferings, Vec<Offering>, |this, ids| {
    let mut map: HashMap<Uuid, Vec<Offering>> = ids.iter().map(|id| (*id, Vec::new())).collect();
    for o in this.core.offerings_of(&this.actor, &ids).await? {
        map.entry(o.organisation_id).or_default().push(o);
    }
    map
});
batch_loader!(OrgRepresented, bool, |this, ids| {
    let found = this.core.organisations_represented(&ids).await?;
    ids.iter().map(|id| (*id, found.contains(id))).collect()
});
// Every key gets an answer, so the misses are cached too.
batch_loader!(MyPendingRequest, bool, |this, ids| {
    let found = this.core.pending_requests_for(&this.actor, &ids).await?;
    ids.iter().map(|id| (*id, found.contains(id))).collect()
});
batch_loader!(Translations, Vec<Translation>, |this, ids| this.core.translations_of(&this.actor, &ids).await?);
batch_loader!(OrgById, Organisation, |this, ids| {
    this.core.organisations_by_ids(&this.actor, &ids).await?.into_iter().map(|o| (o.id, o)).collect()
});
batch_loader!(UserMemberships, Vec<Membership>, |this, ids| {
    let mut map: HashMap<Uuid, Vec<Membership>> = ids.iter().map(|id| (*id, Vec::new())).collect();
    for m in this.core.memberships_of(&this.actor, &ids).await? {
        map.entry(m.user_id).or_default().push(m);
    }
    map
});

// Event loaders are keyed by ids of events the core has already shown to the actor.
batch_loader!(EventOrganisers, Vec<Participation>, |this, ids| this.core.event_organisers(&this.actor, &ids).await?);
batch_loader!(EventTopics, Vec<Uuid>, |this, ids| this.core.event_topic_ids(&this.actor, &ids).await?);
batch_loader!(EventLanguages, Vec<String>, |this, ids| this.core.event_languages(&this.actor, &ids).await?);
batch_loader!(EventSeats, SeatCounts, |this, ids| this.core.seat_counts(&this.actor, &ids).await?);
// Every key gets an answer (`None`: not registered), so that the cache also keeps
// the misses and no later node starts a batch of its own.
batch_loader!(MyRegistration, Option<Registration>, |this, ids| {
    let mut found = this.core.my_registrations(&this.actor, &ids).await?;
    ids.iter().map(|id| (*id, found.remove(id))).collect()
});
batch_loader!(ProjectPartners, Vec<Participation>, |this, ids| this.core.project_partners(&this.actor, &ids).await?);
// Working groups: members of a page's groups, the groups of its meetings, notes of meetings.
batch_loader!(GroupMembers, Vec<GroupMember>, |this, ids| this.core.group_members(&this.actor, &ids).await?);
batch_loader!(GroupById, WorkingGroup, |this, ids| {
    this.core.working_groups_by_ids(&this.actor, &ids).await?.into_iter().map(|g| (g.id, g)).collect()
});
batch_loader!(MeetingNotesOf, MeetingNotes, |this, ids| this.core.meeting_notes(&this.actor, &ids).await?);
batch_loader!(GroupMeetings, Vec<Event>, |this, ids| this.core.meetings_of_groups(&this.actor, &ids).await?);
batch_loader!(GroupActions, Vec<AgreedAction>, |this, ids| this.core.actions_of_groups(&this.actor, &ids).await?);
// Ideas and concerns: the timelines and comments of a page's items.
batch_loader!(IdeaTimeline, Vec<IdeaStep>, |this, ids| this.core.idea_timelines(&this.actor, &ids).await?);
batch_loader!(IdeaComments, Vec<Comment>, |this, ids| this.core.comments_of(&this.actor, &ids).await?);
batch_loader!(ConcernTimeline, Vec<ConcernStepView>, |this, ids| this.core.concern_timelines(&this.actor, &ids).await?);
batch_loader!(ProjectTopics, Vec<Uuid>, |this, ids| this.core.project_topic_ids(&this.actor, &ids).await?);

/// The whole taxonomy, read once per request when first needed (four statements).
pub(crate) struct Taxonomy {
    pub topics: HashMap<Uuid, TaxonomyEntry>,
    pub target_groups: HashMap<Uuid, TaxonomyEntry>,
    pub districts: HashMap<Uuid, District>,
    pub languages: HashMap<String, Language>,
}

/// The loaders of one request.
pub(crate) struct Loaders {
    pub batch: DataLoader<CoreLoader, HashMapCache>,
    core: Core,
    taxonomy: OnceCell<Arc<Taxonomy>>,
}

impl Loaders {
    pub(crate) fn new(core: Core, actor: Actor) -> Self {
        let loader = CoreLoader { core: core.clone(), actor };
        Loaders { batch: DataLoader::with_cache(loader, tokio::spawn, HashMapCache::default()), core, taxonomy: OnceCell::new() }
    }

    /// The taxonomy, loaded on first use.
    pub(crate) async fn taxonomy(&self) -> Result<Arc<Taxonomy>, DomainError> {
        self.taxonomy
            .get_or_try_init(|| async {
                use migraup_core::taxonomy::TaxonomyKind;
                Ok(Arc::new(Taxonomy {
                    topics: self.core.taxonomy(TaxonomyKind::Topic).await?.into_iter().map(|t| (t.id, t)).collect(),
                    target_groups: self.core.taxonomy(TaxonomyKind::TargetGroup).await?.into_iter().map(|t| (t.id, t)).collect(),
                    districts: self.core.districts().await?.into_iter().map(|d| (d.id, d)).collect(),
                    languages: self.core.languages().await?.into_iter().map(|l| (l.code.clone(), l)).collect(),
                }))
            })
            .await
            .cloned()
    }
}
