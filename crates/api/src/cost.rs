//! The one cost table of the API: how long every list can be and what the fields
//! that run whole computations cost. The guard (`guard.rs`) reads the schema's types
//! and this table, so a document's cost is an upper bound of its answer's fields:
//! a list costs its bound times what one of its items costs. A test fails when a list
//! field of the schema has no entry here, so a new list cannot silently cost 1.

pub use migraup_domain::bounds::MAX_PAGE;
use migraup_domain::bounds::*;

/// The deepest selection a document may have (async-graphql checks it after the guard;
/// the guard's bound on brace nesting leaves room for the operation's own braces and
/// input objects).
pub const MAX_DEPTH: usize = 10;

/// How long one list field can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The items of a page: the enclosing field's `first` already multiplied them.
    Page,
    /// At most this many items.
    Max(u64),
}

/// Every list field of the schema, as `Type.field`, with its bound.
pub const LISTS: &[(&str, Bound)] = &[
    // Pages: the paged field's `first` counts.
    ("AuditEntryConnection.edges", Bound::Page),
    ("EventConnection.edges", Bound::Page),
    ("OrganisationConnection.edges", Bound::Page),
    ("ProjectConnection.edges", Bound::Page),
    ("UserConnection.edges", Bound::Page),
    ("NetworkOverview.completeness", Bound::Page),
    // Stored lists, bounded on write.
    ("Organisation.offerings", Bound::Max(OFFERINGS_PER_ORGANISATION)),
    ("Organisation.topics", Bound::Max(LINKS_PER_LIST)),
    ("Organisation.languages", Bound::Max(LINKS_PER_LIST)),
    ("Organisation.targetGroups", Bound::Max(LINKS_PER_LIST)),
    ("Organisation.translations", Bound::Max(TRANSLATIONS_PER_TEXT)),
    ("Organisation.contactPersons", Bound::Max(PEOPLE_PER_ORGANISATION)),
    ("Organisation.members", Bound::Max(PEOPLE_PER_ORGANISATION)),
    ("Organisation.workingGroups", Bound::Max(GROUPS)),
    ("Offering.topics", Bound::Max(LINKS_PER_LIST)),
    ("Offering.languages", Bound::Max(LINKS_PER_LIST)),
    ("Offering.targetGroups", Bound::Max(LINKS_PER_LIST)),
    ("Offering.translations", Bound::Max(TRANSLATIONS_PER_TEXT)),
    ("Event.topics", Bound::Max(LINKS_PER_LIST)),
    ("Event.languages", Bound::Max(LINKS_PER_LIST)),
    ("Event.organisers", Bound::Max(ORGANISERS_PER_EVENT)),
    ("Event.registrations", Bound::Max(REGISTRATIONS_PER_EVENT)),
    ("Project.partners", Bound::Max(PARTNERS_PER_PROJECT)),
    ("Project.topics", Bound::Max(LINKS_PER_LIST)),
    ("Project.events", Bound::Max(EVENTS_PER_PROJECT)),
    ("User.memberships", Bound::Max(PEOPLE_PER_ORGANISATION)),
    // Working groups: a district has tens; members, meetings and actions bounded on write.
    ("Query.workingGroups", Bound::Max(GROUPS)),
    ("WorkingGroup.topics", Bound::Max(LINKS_PER_LIST)),
    ("WorkingGroup.translations", Bound::Max(TRANSLATIONS_PER_TEXT)),
    ("WorkingGroup.members", Bound::Max(GROUP_MEMBERS)),
    ("WorkingGroup.meetings", Bound::Max(MEETINGS_PER_GROUP)),
    ("WorkingGroup.actions", Bound::Max(ACTIONS_PER_GROUP)),
    // Ideas and concerns: lists bounded by their query, stored lists on write.
    ("Query.ideas", Bound::Max(IDEAS)),
    ("Idea.topics", Bound::Max(LINKS_PER_LIST)),
    ("Idea.districts", Bound::Max(LINKS_PER_LIST)),
    ("Idea.targetGroups", Bound::Max(LINKS_PER_LIST)),
    ("Idea.translations", Bound::Max(TRANSLATIONS_PER_TEXT)),
    ("Idea.supports", Bound::Max(SUPPORTS_PER_IDEA)),
    ("Idea.comments", Bound::Max(COMMENTS_PER_IDEA)),
    ("Idea.timeline", Bound::Max(TIMELINE_STEPS)),
    ("Idea.canSupportFor", Bound::Max(PEOPLE_PER_ORGANISATION)),
    ("Query.concerns", Bound::Max(CONCERNS)),
    ("Concern.parties", Bound::Max(ORGANISATIONS_PER_CONCERN)),
    ("Concern.topics", Bound::Max(LINKS_PER_LIST)),
    ("Concern.timeline", Bound::Max(TIMELINE_STEPS)),
    ("Concern.canJoinFor", Bound::Max(PEOPLE_PER_ORGANISATION)),
    // The council's board: one row per status, topic, Ortsteil, gap and quarter.
    ("CouncilBoard.ideas", Bound::Max(6)),
    ("CouncilBoard.byTopic", Bound::Max(TAXONOMY_ROWS)),
    ("CouncilBoard.byDistrict", Bound::Max(DISTRICTS)),
    ("CouncilBoard.gaps", Bound::Max(TAXONOMY_ROWS * DISTRICTS)),
    ("CouncilBoard.concerns", Bound::Max(TAXONOMY_ROWS)),
    ("CouncilBoard.quarters", Bound::Max(BOARD_QUARTERS)),
    ("TopicIdeas.counts", Bound::Max(6)),
    ("DistrictIdeas.counts", Bound::Max(6)),
    ("MeetingNotes.documents", Bound::Max(DOCUMENTS_PER_MEETING)),
    ("MeetingNotes.attendance", Bound::Max(GROUP_MEMBERS)),
    ("Query.myActions", Bound::Max(ACTIONS_PER_GROUP)),
    ("Query.myNextMeetings", Bound::Max(20)),
    ("Query.groupParticipation", Bound::Max(TAXONOMY_ROWS)),
    ("GroupParticipation.districtsWithout", Bound::Max(DISTRICTS)),
    // Labels: one per interface language.
    ("Topic.labels", Bound::Max(TRANSLATIONS_PER_TEXT)),
    ("TargetGroup.labels", Bound::Max(TRANSLATIONS_PER_TEXT)),
    // Reference data.
    ("Query.topics", Bound::Max(TAXONOMY_ROWS)),
    ("Query.targetGroups", Bound::Max(TAXONOMY_ROWS)),
    ("Query.districts", Bound::Max(DISTRICTS)),
    ("Query.languages", Bound::Max(LANGUAGES)),
    ("Query.offeringCategories", Bound::Max(REFERENCE_ROWS)),
    // Live and ended tokens of one organisation.
    ("Query.apiTokens", Bound::Max(2 * API_TOKENS_PER_ORGANISATION)),
    ("OrganisationFacets.topics", Bound::Max(TAXONOMY_ROWS)),
    ("OrganisationFacets.districts", Bound::Max(DISTRICTS)),
    ("OrganisationFacets.languages", Bound::Max(LANGUAGES)),
    ("OrganisationFacets.kinds", Bound::Max(REFERENCE_ROWS)),
    ("OrganisationFacets.targetGroups", Bound::Max(TAXONOMY_ROWS)),
    ("Coverage.topics", Bound::Max(TAXONOMY_ROWS)),
    ("Coverage.districts", Bound::Max(DISTRICTS)),
    ("Coverage.languages", Bound::Max(DISTRICTS)),
    ("DistrictLanguages.languages", Bound::Max(LANGUAGES)),
    // Topic × Ortsteil: the gaps table.
    ("Coverage.cells", Bound::Max(TAXONOMY_ROWS * DISTRICTS)),
    ("ProfileCompleteness.missing", Bound::Max(20)),
    // The whole network.
    ("NetworkOverview.nodes", Bound::Max(NETWORK_ORGANISATIONS)),
    ("NetworkOverview.isolates", Bound::Max(NETWORK_ORGANISATIONS)),
    ("NetworkOverview.edges", Bound::Page),
    ("NetworkOverview.communities", Bound::Max(NETWORK_ORGANISATIONS)),
    ("NetworkOverview.districtMismatches", Bound::Max(NETWORK_ORGANISATIONS)),
    ("Query.networkSnapshots", Bound::Max(SNAPSHOTS)),
    ("NetworkChange.newOrganisations", Bound::Max(CHANGED_ORGANISATIONS)),
    ("NetworkChange.goneOrganisations", Bound::Max(CHANGED_ORGANISATIONS)),
    ("NetworkChange.gapsClosed", Bound::Max(TAXONOMY_ROWS * DISTRICTS)),
    ("NetworkChange.gapsOpened", Bound::Max(TAXONOMY_ROWS * DISTRICTS)),
    ("RegionMap.areas", Bound::Max(DISTRICTS)),
    // A community's members: all communities together hold each organisation once,
    // so the members of every community together count as the network once.
    ("NetworkCommunity.organisationIds", Bound::Max(1)),
    ("NetworkOverview.growth", Bound::Max(REFERENCE_ROWS)),
    ("NetworkOverview.kinds", Bound::Max(REFERENCE_ROWS)),
    ("NetworkEdge.sources", Bound::Max(10)),
    ("NetworkEdge.relationKinds", Bound::Max(10)),
    ("NetworkEdge.groupNames", Bound::Max(GROUPS)),
    // One organisation's relations, a person's requests and invitations.
    ("Query.relations", Bound::Max(PEOPLE_PER_ORGANISATION)),
    ("Query.myRelationRequests", Bound::Max(INBOX_ITEMS)),
    ("Query.myOrganiserInvitations", Bound::Max(INBOX_ITEMS)),
    ("Inbox.toDecide", Bound::Max(INBOX_ITEMS)),
    ("Inbox.mine", Bound::Max(INBOX_ITEMS)),
    ("Inbox.coOrganiserInvitations", Bound::Max(INBOX_ITEMS)),
    ("Inbox.partnerInvitations", Bound::Max(INBOX_ITEMS)),
    ("Inbox.relationProposals", Bound::Max(INBOX_ITEMS)),
    // The coordination team's work lists.
    ("Query.invitations", Bound::Max(WORK_LIST)),
    ("Query.mailOutbox", Bound::Max(WORK_LIST)),
    ("Query.backups", Bound::Max(BACKUP_RUNS)),
    ("Query.freshnessOverview", Bound::Max(WORK_LIST)),
    // The import preview: at most 500 rows shown, a cell per field, three candidates.
    ("ImportPreview.rows", Bound::Max(IMPORT_PREVIEW_ROWS)),
    ("ImportPreview.notices", Bound::Max(20)),
    ("ImportPreview.columns", Bound::Max(IMPORT_COLUMNS)),
    ("ImportColumn.samples", Bound::Max(3)),
    ("ImportRow.cells", Bound::Max(IMPORT_FIELDS)),
    ("ImportRow.candidates", Bound::Max(3)),
    ("ImportCandidate.reasons", Bound::Max(IMPORT_FIELDS)),
    ("ImportCandidate.differences", Bound::Max(IMPORT_FIELDS)),
    ("ImportDecision.takeFields", Bound::Max(IMPORT_FIELDS)),
    // An edge list: its lines, at most one error per column.
    ("RelationImport.rows", Bound::Max(RELATION_IMPORT_ROWS)),
    ("RelationImportRow.errors", Bound::Max(4)),
];

/// Fields that compute over the whole directory, network or a file: their own cost,
/// before their selections are added.
pub const COMPUTATIONS: &[(&str, u64)] = &[
    // Betweenness, communities and layout over the whole network: a few per document.
    ("Query.networkOverview", 200_000),
    // Today's side of a change is the whole network's overview.
    ("Query.networkChange", 200_000),
    // A whole uploaded file against the whole directory.
    ("Mutation.previewImport", 50_000),
    ("Mutation.commitImport", 50_000),
    // An edge list against the whole directory and every relation.
    ("Mutation.previewRelationImport", 50_000),
    ("Mutation.commitRelationImport", 50_000),
    // Files built from whole lists.
    ("Event.registrationsCsv", 20_000),
    ("NetworkOverview.metricsCsv", 20_000),
    ("NetworkOverview.coverageCsv", 20_000),
    ("NetworkOverview.graphml", 20_000),
    ("NetworkOverview.gexf", 20_000),
    // Draws the region's boundaries (a few thousand points) once.
    ("NetworkOverview.map", 2_000),
    ("NetworkChange.map", 2_000),
    ("NetworkOverview.xlsxBase64", 20_000),
    // The council's board reads the network's coverage and every idea and concern.
    ("Query.councilBoard", 200_000),
    ("CouncilBoard.csv", 20_000),
    ("CouncilBoard.xlsxBase64", 20_000),
    // Comments are for one idea's page: asked of a whole list they pass the budget.
    ("Idea.comments", 4_000),
];

/// The largest `first` a paged field takes: its bound where it has one, else a page.
pub fn max_first(type_field: &str) -> u64 {
    match type_field {
        "NetworkOverview.completeness" => NETWORK_ORGANISATIONS,
        "NetworkOverview.edges" => NETWORK_TIES,
        _ => MAX_PAGE,
    }
}

/// The page a paged field answers when `first` is left out.
pub fn default_first(type_field: &str) -> u64 {
    match type_field {
        "NetworkOverview.edges" => NETWORK_TIES,
        _ => MAX_PAGE,
    }
}

/// The bound of a list field, `None` when the table lacks it.
pub fn list_bound(type_field: &str) -> Option<Bound> {
    LISTS.iter().find(|(name, _)| *name == type_field).map(|(_, b)| *b)
}

/// The own cost of a field: 1, or what its computation costs.
pub fn own_cost(type_field: &str) -> u64 {
    COMPUTATIONS.iter().find(|(name, _)| *name == type_field).map_or(1, |(_, c)| *c)
}
