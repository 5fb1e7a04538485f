//! What a product area tells the rest of storage about itself, so that shared code (moving and
//! deleting organization nodes, deleting dictionary entries) asks the list of areas
//! (`crate::areas`) instead of naming each one.

use crate::entity::person;
use crate::kit::ledger::LedgerEvent;
use crate::kit::work::Work;
use crate::Result;
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use sea_orm_migration::MigrationTrait;
use std::future::Future;
use std::pin::Pin;
use touyan_domain::tree::TreePath;

pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// How many of an area's records hang on a node (by its id): a node with any cannot be deleted.
pub type NodeCheck = for<'a> fn(&'a DatabaseTransaction, i64) -> Answer<'a, u64>;

/// Work to do, in the move's transaction, once the subtree now at the path has moved.
pub type MoveHook = for<'a> fn(&'a DatabaseTransaction, &'a TreePath) -> Answer<'a, ()>;

/// How many of an area's records use a dictionary entry (dictionary, code): an entry in use
/// cannot be deleted.
pub type EntryCheck = for<'a> fn(&'a DatabaseTransaction, &'a str, &'a str) -> Answer<'a, u64>;

/// What the area records about a person, as events of the person's growth ledger; the person
/// was checked readable by the caller and only rows of that person are read.
pub type PersonEvents =
    for<'a> fn(&'a DatabaseConnection, &'a person::Model) -> Answer<'a, Vec<LedgerEvent>>;

/// The area's migrations, in any order (all areas' run together in the order of their names).
pub type Migrations = fn() -> Vec<Box<dyn MigrationTrait>>;

/// Stored data brought up to date with today's code, in its own transaction, right after the
/// migration it follows was applied (the schema is then complete): what a migration would do
/// by calling product code, which would make it mean something else tomorrow.
pub type Repair = for<'a> fn(&'a DatabaseTransaction) -> Answer<'a, ()>;

/// What another area asks of a tally: records about these nodes (none: any) by these people
/// (none: anyone), dated between two days inclusive, and for a node in `since` only from its
/// own day on (the day an enterprise joined a chain, say).
#[derive(Debug, Clone, Default)]
pub struct TallyQuery {
    pub node_ids: Vec<i64>,
    pub since: std::collections::HashMap<i64, chrono::NaiveDate>,
    pub person_ids: Vec<i64>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// One line of a tally: for a node and a person, how many records, how many items they
/// carry (problems found on visits) and how many of those are done (solved).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TallyRow {
    pub node_id: i64,
    pub person_id: Option<i64>,
    pub count: u64,
    pub items: u64,
    pub done: u64,
}

/// A figure an area offers to the others by name (`visits`), so that an area counts another's
/// records without reading its tables. The caller has already decided which nodes and people
/// it may count for.
pub type TallyFn = for<'a> fn(&'a DatabaseConnection, &'a TallyQuery) -> Answer<'a, Vec<TallyRow>>;

/// Records filed at these paths (nodes made, changed, moved or removed; people filed, moved
/// or changed in status) changed in this transaction: an area that keeps figures derived from
/// them brings those up to date.
pub type ChangeHook = for<'a> fn(&'a DatabaseTransaction, &'a [TreePath]) -> Answer<'a, ()>;

/// What the work cadence asks an area for credits: records dated between two days
/// inclusive, of these activity types, about nodes at or under a path.
#[derive(Debug, Clone)]
pub struct CreditQuery {
    pub under: TreePath,
    pub types: Vec<String>,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// Records of another area that count as activities toward the cadence's obligations: `count`
/// of them of `activity_type` held by the node on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    pub node_id: i64,
    pub activity_type: String,
    pub held_on: chrono::NaiveDate,
    pub count: u64,
}

/// What an area offers the work cadence: the parts nodes play that obligations may name (a
/// studio's host), the nodes at or under a path playing one, and credits for its records.
/// Credits are summed when compliance is read, from the area's own records, rather than
/// copied into the cadence's kept counts: a view asks once over the days of all its windows
/// and splits the dated credits by window itself, each answer being a grouped read, and a
/// copy would have to follow every write, move and removal of the other area's records.
pub struct CadenceOffer {
    /// The parts, as (code, Chinese, English).
    pub roles: &'static [(&'static str, &'static str, &'static str)],
    pub holders: HoldersFn,
    pub credits: CreditFn,
}

/// The nodes at or under a path playing a part, as (node id, part code).
pub type HoldersFn =
    for<'a> fn(&'a DatabaseConnection, &'a TreePath) -> Answer<'a, Vec<(i64, String)>>;

/// The credits an area gives for a query, one per node, type and day (so that a caller may
/// split them into windows within the query's days).
pub type CreditFn = for<'a> fn(&'a DatabaseConnection, &'a CreditQuery) -> Answer<'a, Vec<Credit>>;

/// What a live figure is asked: records at or under a node, dated between two days
/// inclusive (a figure of a state, such as a coverage rate, reads it as of today).
#[derive(Debug, Clone)]
pub struct FigureQuery {
    pub under: TreePath,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// What a live figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// How many.
    Count,
    /// A share in percent: a numerator over a denominator.
    Rate,
}

impl FigureKind {
    pub fn code(self) -> &'static str {
        match self {
            FigureKind::Count => "count",
            FigureKind::Rate => "rate",
        }
    }
}

/// A live figure's answer: a count (the numerator alone) or a rate's numerator and
/// denominator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FigureValue {
    pub numerator: u64,
    pub denominator: Option<u64>,
}

impl FigureValue {
    /// The count, or the rate in percent with one decimal (none over a denominator of zero).
    pub fn value(&self) -> Option<f64> {
        match self.denominator {
            None => Some(self.numerator as f64),
            Some(0) => None,
            Some(d) => Some((self.numerator as f64 * 1000.0 / d as f64).round() / 10.0),
        }
    }
}

/// Reads a live figure for a query. The caller has already decided that the node's
/// subtree may be counted for it.
pub type FigureFn = for<'a> fn(&'a DatabaseConnection, &'a FigureQuery) -> Answer<'a, FigureValue>;

/// A figure an area offers by key (`enterprise.coverage_rate`), for campaigns' targets and
/// other areas' automatic indicators, with its labels in Chinese and English.
pub struct Figure {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: FigureKind,
    pub read: FigureFn,
    /// The same figure for many nodes at once (see [`FigureManyFn`]).
    pub read_many: FigureManyFn,
}

/// What a live figure is asked for many nodes at once: records at or under each of the
/// paths (which may lie inside one another, or repeat), dated between two days inclusive.
#[derive(Debug, Clone)]
pub struct FigureManyQuery {
    pub under: Vec<TreePath>,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// Reads a live figure for every path of a query in a few grouped statements rather than
/// one read per path, answering a value per path in the query's order, each equal to what
/// [`FigureFn`] answers for that path alone. The caller has already decided that every
/// subtree may be counted for it.
pub type FigureManyFn =
    for<'a> fn(&'a DatabaseConnection, &'a FigureManyQuery) -> Answer<'a, Vec<FigureValue>>;

/// One organization's result in a published evaluation round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundResult {
    pub node_id: i64,
    /// The total in hundredths of a point (a base of 100 with bonus items may pass 100).
    pub score_hundredths: i64,
    /// A veto indicator (一票否决) was triggered.
    pub vetoed: bool,
}

/// A published evaluation round as another area reads it: the node that ran it, the period it
/// covers and its results, which no longer change once published.
#[derive(Debug, Clone)]
pub struct RoundOutcome {
    pub round_id: i64,
    pub node_id: i64,
    pub node_path: TreePath,
    /// The period: `2026`, `2026H1` or `2026Q3`.
    pub period: String,
    pub title: String,
    pub results: Vec<RoundResult>,
}

/// A published round at or under a path, as (id, title, period), newest first.
pub type PublishedRoundsFn =
    for<'a> fn(&'a DatabaseConnection, &'a TreePath) -> Answer<'a, Vec<(i64, String, String)>>;

/// The outcome of the round of this id; none unless it is published. The caller decides
/// whether the round's node is within its reach.
pub type RoundOutcomeFn =
    for<'a> fn(&'a DatabaseConnection, i64) -> Answer<'a, Option<RoundOutcome>>;

/// One studio's result in a published studio round, with the lifecycle move the round's
/// rules propose (a studio state code: `demonstration`, `warned` or `delisted`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioRoundResult {
    pub round_id: i64,
    pub round_title: String,
    pub period: String,
    /// Milliseconds since the epoch.
    pub published_at: i64,
    pub studio_id: i64,
    pub score_hundredths: i64,
    pub vetoed: bool,
    pub proposal: Option<String>,
}

/// The results of published studio rounds for the studios hosted at or under a path, newest
/// first. The caller decides whether the studios are within its reach.
pub type StudioResultsFn =
    for<'a> fn(&'a DatabaseConnection, &'a TreePath) -> Answer<'a, Vec<StudioRoundResult>>;

/// What the area that runs evaluation rounds offers the others: star ratings read the
/// published rounds of organizations (`published`, `outcome`), the studio area the results of
/// studio rounds (`studio_results`).
pub struct RoundOffer {
    pub published: PublishedRoundsFn,
    pub outcome: RoundOutcomeFn,
    pub studio_results: StudioResultsFn,
}

/// A studio as another area reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudioRef {
    pub id: i64,
    pub name: String,
    /// Its host node.
    pub node_id: i64,
    pub node_path: String,
    /// Its lifecycle state's code.
    pub state: String,
}

/// The studios hosted at or under a path, by name. The caller has already decided that the
/// subtree is within its reach.
pub type StudiosFn = for<'a> fn(&'a DatabaseConnection, &'a TreePath) -> Answer<'a, Vec<StudioRef>>;

/// A person holding a post at a node, with the term: the days from `start_on` to `end_on`
/// (inclusive; none: still in post).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostHolder {
    pub person_id: i64,
    pub person_name: String,
    pub node_id: i64,
    pub post_code: String,
    pub start_on: chrono::NaiveDate,
    pub end_on: Option<chrono::NaiveDate>,
}

/// The holders of these posts (codes of the `post` dictionary) at nodes at or under a path,
/// whose terms touch the days between two dates inclusive. The caller has already decided
/// that the subtree is within its reach.
pub type PostHoldersFn = for<'a> fn(
    &'a DatabaseConnection,
    &'a TreePath,
    &'a [&'a str],
    (chrono::NaiveDate, chrono::NaiveDate),
) -> Answer<'a, Vec<PostHolder>>;

/// A record that evidence links to, found and readable by the caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvidenceFound {
    /// The record its page belongs to, when it has no page of its own (an achievement's
    /// studio, say).
    pub parent_id: Option<i64>,
}

/// Whether the record `id` of an area exists and the caller reads it by the area's own rule
/// (none otherwise, the same answer for a missing record and one out of reach).
pub type EvidenceFn = for<'a> fn(crate::Scoped<'a>, i64) -> Answer<'a, Option<EvidenceFound>>;

/// An area's own read of a record as an evidence check's answer: a missing or unreadable
/// record is none, any other failure stays one.
pub(crate) fn found<T>(read: Result<T>, parent_id: Option<i64>) -> Result<Option<EvidenceFound>> {
    match read {
        Ok(_) => Ok(Some(EvidenceFound { parent_id })),
        Err(crate::StorageError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// An honour to record in the honours ledger for a person: what another area (a
/// commendation) gives a person, filed under the person's node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HonourGrant {
    pub person_id: i64,
    pub title: String,
    /// A level of the honours ledger (`district`, ...).
    pub level: String,
    pub awarded_on: chrono::NaiveDate,
    pub awarding_node_id: i64,
    pub note: Option<String>,
}

/// Records an honour inside the caller's unit of work (audited there); answers its id. The
/// caller has already decided that the person is within its reach.
pub(crate) type RecordHonourFn = for<'a, 'w> fn(&'a Work<'w>, &'a HonourGrant) -> Answer<'a, i64>;

/// Withdraws an honour recorded by [`RecordHonourFn`] (gone already: nothing to do), inside
/// the caller's unit of work (audited there).
pub(crate) type WithdrawHonourFn = for<'a, 'w> fn(&'a Work<'w>, i64) -> Answer<'a, ()>;

/// What the area that keeps the honours ledger offers the others.
pub(crate) struct HonourOffer {
    pub record: RecordHonourFn,
    pub withdraw: WithdrawHonourFn,
}

/// A label or a value on an organization's public page: plain text (a name, a period, stars),
/// or a locale key the web layer words in the visitor's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicText {
    Plain(String),
    Key(&'static str),
}

/// One line of a section of an organization's public page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicLine {
    pub label: PublicText,
    pub value: PublicText,
}

/// What one area shows on an organization's public page: a heading (a locale key) and its
/// lines (none: the section shows that there is nothing yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSection {
    pub heading: &'static str,
    pub lines: Vec<PublicLine>,
}

/// The sections an area shows on the public page of the organization of this id, read
/// without a signed-in caller: only what the area makes public by its own rule.
pub type PublicFactsFn = for<'a> fn(&'a DatabaseConnection, i64) -> Answer<'a, Vec<PublicSection>>;

/// What an area offers organizations' public pages: its sections for organizations of these
/// kinds. An organization of a kind no area offers anything for has no public page.
pub struct PublicOffer {
    /// Codes of the organization kinds (the node-kind dictionary).
    pub kinds: &'static [&'static str],
    pub facts: PublicFactsFn,
}

/// A work-list task as another area reads it: its title, due moment, and the counts kept for
/// it (only for a caller reading its issuing node; a caller reading it as a recipient alone
/// gets none, as on the task's own page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub id: i64,
    pub title: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub due_at: String,
    pub past_due: bool,
    pub withdrawn: bool,
    pub recipients: Option<i64>,
    /// Accepted, in whole percent of the recipients.
    pub completion_pct: Option<i64>,
    /// Accepted having submitted on time, in whole percent of the recipients.
    pub on_time_pct: Option<i64>,
}

/// The tasks of these ids that the caller reads by the area's own rule, in the order asked;
/// the others (missing or out of reach) are left out.
pub type TaskRefsFn = for<'a> fn(crate::Scoped<'a>, &'a [i64]) -> Answer<'a, Vec<TaskRef>>;

/// Up to so many tasks issued at or under a path, not withdrawn, that the caller reads,
/// latest first.
pub type TasksUnderFn =
    for<'a> fn(crate::Scoped<'a>, &'a TreePath, u64) -> Answer<'a, Vec<TaskRef>>;

/// What the area that keeps work lists offers the others (a campaign lists the tasks issued
/// for it): tasks by id, and the tasks issued in a subtree to choose from.
pub struct TaskOffer {
    pub refs: TaskRefsFn,
    pub issued_under: TasksUnderFn,
}

/// A party-mass service centre as another area reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreRef {
    pub id: i64,
    pub name: String,
    pub address: Option<String>,
    /// `open` or `closed`.
    pub status: String,
}

/// The centres an organization at a path may hold its activities at, by name: those hosted
/// at its node or above it, and those under it (a park's shared station serves the branches
/// in the park).
pub type UsableCentresFn =
    for<'a> fn(&'a DatabaseTransaction, &'a TreePath) -> Answer<'a, Vec<CentreRef>>;

/// The centres of these ids (missing ones left out).
pub type CentresByIdFn =
    for<'a> fn(&'a DatabaseConnection, &'a [i64]) -> Answer<'a, Vec<CentreRef>>;

/// What the area that keeps service centres offers the others: the centres an organization
/// may use (an activity's place), and centres by id.
pub struct CentreOffer {
    pub usable: UsableCentresFn,
    pub by_id: CentresByIdFn,
}

/// An activity held at a centre, as the centre's pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldActivity {
    /// None on the public page, which links to nothing.
    pub id: Option<i64>,
    pub held_on: chrono::NaiveDate,
    /// The types' names, as (Chinese, English).
    pub types: Vec<(String, String)>,
    pub topic: String,
    /// The organization that held it.
    pub node_name: String,
}

/// Up to so many activities held at the centre of this id that the caller reads, latest
/// first.
pub type HeldReadableFn = for<'a> fn(crate::Scoped<'a>, i64, u64) -> Answer<'a, Vec<HeldActivity>>;

/// What a centre's public page shows of the activities held at it: the latest already held
/// (on or before the day given), and how many were held in that day's year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicHeld {
    pub latest: Vec<HeldActivity>,
    pub this_year: u64,
}

/// The public part of the activities held at the centre of this id, as of a day.
pub type PublicHeldFn =
    for<'a> fn(&'a DatabaseConnection, i64, chrono::NaiveDate) -> Answer<'a, PublicHeld>;

/// How many records name the centre of this id as where they were held: a centre with any
/// is not deleted.
pub type HeldCountFn = for<'a> fn(&'a DatabaseTransaction, i64) -> Answer<'a, u64>;

/// What the area that records activities offers centres' pages.
pub struct HeldAtCentreOffer {
    pub readable: HeldReadableFn,
    pub public: PublicHeldFn,
    pub count: HeldCountFn,
}

/// One area's entry in the list of areas.
pub struct AreaManifest {
    pub name: &'static str,
    /// Tables whose rows keep a copy of their node's path in `node_path`; a subtree move
    /// rewrites them with the nodes.
    pub path_tables: &'static [&'static str],
    /// Other copies of a path, as (table, column), rewritten alike.
    pub path_columns: &'static [(&'static str, &'static str)],
    /// Paths kept as they were when something was counted, which the area's `after_move`
    /// brings up to date itself, as (table, column).
    pub counted_paths: &'static [(&'static str, &'static str)],
    pub attached_to_node: Option<NodeCheck>,
    pub after_move: Option<MoveHook>,
    pub uses_entry: Option<EntryCheck>,
    pub person_events: Option<PersonEvents>,
    pub migrations: Migrations,
    /// Repairs, each after the migration named (see [`Repair`]).
    pub repairs: &'static [(&'static str, Repair)],
    /// Figures offered to other areas, by name (see [`TallyFn`]).
    pub tallies: &'static [(&'static str, TallyFn)],
    pub records_changed: Option<ChangeHook>,
    /// Parts and credits offered to the work cadence (see [`CadenceOffer`]).
    pub cadence: Option<CadenceOffer>,
    /// Live figures offered to the others by key (see [`Figure`]).
    pub figures: &'static [Figure],
    /// Published evaluation rounds offered to the others (see [`RoundOffer`]).
    pub rounds: Option<RoundOffer>,
    /// Holders of posts with their terms offered to the others (see [`PostHoldersFn`]).
    pub post_holders: Option<PostHoldersFn>,
    /// The kinds of evidence an evaluation score may link to that the area keeps, as (kind,
    /// check) (see [`EvidenceFn`]).
    pub evidence: &'static [(&'static str, EvidenceFn)],
    /// Recording honours in the honours ledger, offered to the others (see [`HonourOffer`]).
    pub(crate) honours: Option<HonourOffer>,
    /// Studios offered to the others (see [`StudiosFn`]).
    pub studios: Option<StudiosFn>,
    /// What organizations' public pages show from the area (see [`PublicOffer`]).
    pub public_facts: Option<PublicOffer>,
    /// Work-list tasks offered to the others (see [`TaskOffer`]).
    pub tasks: Option<TaskOffer>,
    /// Service centres offered to the others (see [`CentreOffer`]).
    pub centres: Option<CentreOffer>,
    /// Activities held at service centres offered to the centres' pages (see
    /// [`HeldAtCentreOffer`]).
    pub held_at_centre: Option<HeldAtCentreOffer>,
}

fn no_migrations() -> Vec<Box<dyn MigrationTrait>> {
    Vec::new()
}

impl AreaManifest {
    /// A manifest that declares nothing yet; areas fill in what they have.
    pub const fn named(name: &'static str) -> Self {
        AreaManifest {
            name,
            path_tables: &[],
            path_columns: &[],
            counted_paths: &[],
            attached_to_node: None,
            after_move: None,
            uses_entry: None,
            person_events: None,
            migrations: no_migrations,
            repairs: &[],
            tallies: &[],
            records_changed: None,
            cadence: None,
            figures: &[],
            rounds: None,
            post_holders: None,
            evidence: &[],
            honours: None,
            studios: None,
            public_facts: None,
            tasks: None,
            centres: None,
            held_at_centre: None,
        }
    }

    /// Every path copy the area keeps, as (table, column).
    pub fn path_copies(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.path_tables
            .iter()
            .map(|t| (*t, "node_path"))
            .chain(self.path_columns.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_its_share_in_percent_and_a_count_its_number() {
        let rate = |n, d| FigureValue {
            numerator: n,
            denominator: Some(d),
        };
        assert_eq!(rate(44, 44).value(), Some(100.0));
        assert_eq!(rate(1, 3).value(), Some(33.3));
        assert_eq!(rate(0, 0).value(), None);
        let count = FigureValue {
            numerator: 34,
            denominator: None,
        };
        assert_eq!(count.value(), Some(34.0));
    }

    #[test]
    fn path_copies_are_the_node_path_of_each_table_then_the_other_columns() {
        let m = AreaManifest {
            path_tables: &["a", "b"],
            path_columns: &[("a", "other_path")],
            ..AreaManifest::named("x")
        };
        let all: Vec<_> = m.path_copies().collect();
        assert_eq!(
            all,
            vec![("a", "node_path"), ("b", "node_path"), ("a", "other_path")]
        );
    }
}
