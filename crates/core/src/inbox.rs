//! One inbox: every decision that waits for the person. Each area keeps its own list
//! (claims and joins in `self_service`, co-organiser invitations in `events`, partner
//! invitations in `projects`, relation proposals in `relations`); this room counts
//! them for the header, so a new kind of decision is added here once.

use migraup_domain::error::DomainResult;

use crate::{Actor, Core};

/// How many decisions wait, by kind (each list holds at most `bounds::INBOX_ITEMS`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InboxCount {
    pub requests: usize,
    pub co_organiser_invitations: usize,
    pub partner_invitations: usize,
    pub relation_proposals: usize,
}

impl InboxCount {
    pub fn total(&self) -> usize {
        self.requests + self.co_organiser_invitations + self.partner_invitations + self.relation_proposals
    }
}

impl Core {
    /// The decisions waiting for a signed-in person, counted as the inbox lists them.
    pub async fn inbox_count(&self, actor: &Actor) -> DomainResult<InboxCount> {
        actor.require_user()?;
        Ok(InboxCount {
            requests: self.requests_to_decide(actor).await?.len(),
            co_organiser_invitations: self.organiser_invitations(actor).await?.len(),
            partner_invitations: self.partner_invitations(actor).await?.len(),
            relation_proposals: self.my_relation_requests(actor).await?.len(),
        })
    }
}
