//! How long the lists of the data can grow. The GraphQL guard counts every list at
//! its bound (see `migraup_api::cost`), so that one document's cost says how large
//! its answer can be; the writes that fill a stored list refuse to pass its bound.

/// The largest page of a paged list (the directory, events, projects, audit, users).
pub const MAX_PAGE: u64 = 50;
/// The page size when none is asked for.
pub const DEFAULT_PAGE: u64 = 20;

/// Offerings of one organisation (a large welfare provider lists a few dozen).
pub const OFFERINGS_PER_ORGANISATION: u64 = 100;
/// Topics, languages or target groups of one organisation, offering, event or project.
pub const LINKS_PER_LIST: u64 = 30;
/// Co-organisers of one event.
pub const ORGANISERS_PER_EVENT: u64 = 30;
/// Partners of one project.
pub const PARTNERS_PER_PROJECT: u64 = 30;
/// Events of one project.
pub const EVENTS_PER_PROJECT: u64 = 200;
/// Seats of one event.
pub const MAX_CAPACITY: u64 = 5_000;
/// Registrations of one event as the guard counts them: the seats and as many on the waitlist.
pub const REGISTRATIONS_PER_EVENT: u64 = 2 * MAX_CAPACITY;
/// Translations of one text.
pub const TRANSLATIONS_PER_TEXT: u64 = 20;

// Lists whose length is the data itself (the whole network, the taxonomy, the
// coordination team's work lists). The guard counts them at these sizes; a larger
// network is still answered, up to the answer's size limit.

/// Organisations in one network overview (the synthetic benchmark goes to 8,000).
pub const NETWORK_ORGANISATIONS: u64 = 10_000;
/// Ties in one network overview.
pub const NETWORK_TIES: u64 = 20_000;
/// Topics, or target groups, of the taxonomy (bounded when the coordination team adds one).
pub const TAXONOMY_ROWS: u64 = 200;
/// Ortsteile of the region (bounded when one is added).
pub const DISTRICTS: u64 = 100;
/// Languages: ISO 639-1 codes are two letters, so there are at most 26 × 26.
pub const LANGUAGES: u64 = 26 * 26;
/// Other short reference lists (offering categories, kinds, months of growth).
pub const REFERENCE_ROWS: u64 = 200;
/// Members, contact persons or relations of one organisation, memberships of one person.
pub const PEOPLE_PER_ORGANISATION: u64 = 500;
/// Decisions of one kind the inbox lists at once, the oldest first (claims and joins,
/// co-organiser and partner invitations, relation proposals); nobody has more waiting.
pub const INBOX_ITEMS: u64 = 200;
/// A work list of the coordination team (invitations, outbox, requests, freshness).
pub const WORK_LIST: u64 = 2_000;
/// Rows an import preview shows (the first ones and every one that needs a look).
pub const IMPORT_PREVIEW_ROWS: u64 = 500;
/// Columns of an imported table.
pub const IMPORT_COLUMNS: u64 = 100;
/// Lines of an edge list of relations (`previewRelationImport`).
pub const RELATION_IMPORT_ROWS: u64 = 1_000;
/// Fields a row of an import fills.
pub const IMPORT_FIELDS: u64 = crate::kinds::ImportField::ALL.len() as u64;
/// Working groups a list shows (a district has tens of them).
pub const GROUPS: u64 = 200;
/// Members (organisations and people) of one working group, and a meeting's attendance.
pub const GROUP_MEMBERS: u64 = 300;
/// Meetings of one working group a page lists.
pub const MEETINGS_PER_GROUP: u64 = 200;
/// Documents (links) of one meeting.
pub const DOCUMENTS_PER_MEETING: u64 = 20;
/// Agreed actions of one working group (open and done), and a person's open actions.
pub const ACTIONS_PER_GROUP: u64 = 500;
/// Ideas and measures a list shows, and the council's board counts them all.
pub const IDEAS: u64 = 300;
/// Organisations supporting one idea.
pub const SUPPORTS_PER_IDEA: u64 = 200;
/// Comments on one idea.
pub const COMMENTS_PER_IDEA: u64 = 500;
/// Steps of one idea's or one concern's timeline.
pub const TIMELINE_STEPS: u64 = 100;
/// Concerns a list shows.
pub const CONCERNS: u64 = 300;
/// Organisations that raised or joined one concern.
pub const ORGANISATIONS_PER_CONCERN: u64 = 100;
/// Quarters the council's board shows (five years).
pub const BOARD_QUARTERS: u64 = 20;
/// Places (organisations with coordinates) drawn on one map.
pub const MAP_PLACES: u64 = 2_000;
/// Monthly snapshots listed (twenty years).
pub const SNAPSHOTS: u64 = 240;
/// Organisations named in a change between two dates (new or gone).
pub const CHANGED_ORGANISATIONS: u64 = 500;
/// Integration tokens an organisation keeps at once (revoked and expired ones do not count).
pub const API_TOKENS_PER_ORGANISATION: u64 = 20;
/// The longest an integration token lives, in days (a year).
pub const API_TOKEN_MAX_DAYS: u64 = 365;
/// The longest name of an integration token, in characters.
pub const API_TOKEN_NAME: u64 = 80;
/// Backups listed for the coordination team (two weeks of daily ones).
pub const BACKUP_RUNS: u64 = 14;
