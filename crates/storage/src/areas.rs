//! The list of product areas: each declares, in its own manifest, the path copies it keeps,
//! what of it hangs on a node, its work after a subtree moves and the dictionary entries it
//! uses. A new area adds its line here.

use crate::kit::area::{
    AreaManifest, Credit, CreditQuery, Figure, FigureManyQuery, FigureQuery, FigureValue,
    PostHolder, RoundOutcome, StudioRef, StudioRoundResult, TallyQuery, TallyRow,
};
use sea_orm::DatabaseConnection;

pub(crate) const AREAS: &[&AreaManifest] = &[
    &crate::org::manifest::MANIFEST,
    &crate::accounts::MANIFEST,
    &crate::audit::MANIFEST,
    &crate::people::manifest::MANIFEST,
    &crate::studio::manifest::MANIFEST,
    &crate::request::manifest::MANIFEST,
    &crate::enterprise::manifest::MANIFEST,
    &crate::centre::manifest::MANIFEST,
    &crate::cadence::manifest::MANIFEST,
    &crate::notice::manifest::MANIFEST,
    &crate::task::manifest::MANIFEST,
    &crate::campaign::manifest::MANIFEST,
    &crate::evaluation::manifest::MANIFEST,
    &crate::rating::manifest::MANIFEST,
    &crate::commendation::manifest::MANIFEST,
];

/// Every live figure the areas offer, in the order of the areas (see
/// [`crate::kit::area::Figure`]).
pub fn figure_keys() -> impl Iterator<Item = &'static Figure> {
    AREAS.iter().flat_map(|a| a.figures.iter())
}

/// The live figure `key` for `q`; none when no area offers it.
pub async fn figure(
    db: &DatabaseConnection,
    key: &str,
    q: &FigureQuery,
) -> crate::Result<Option<FigureValue>> {
    match figure_keys().find(|f| f.key == key) {
        Some(f) => Ok(Some((f.read)(db, q).await?)),
        None => Ok(None),
    }
}

/// The live figure `key` for every path of `q`, a value per path in `q`'s order, read in a
/// few grouped statements (see [`crate::kit::area::FigureManyFn`]); none when no area
/// offers it.
pub async fn figures_many(
    db: &DatabaseConnection,
    key: &str,
    q: &FigureManyQuery,
) -> crate::Result<Option<Vec<FigureValue>>> {
    match figure_keys().find(|f| f.key == key) {
        Some(_) if q.under.is_empty() => Ok(Some(Vec::new())),
        Some(f) => Ok(Some((f.read_many)(db, q).await?)),
        None => Ok(None),
    }
}

/// Published evaluation rounds at or under `under`, as (id, title, period), from the area
/// that runs them (none while no area does).
pub async fn published_rounds(
    db: &DatabaseConnection,
    under: &touyan_domain::tree::TreePath,
) -> crate::Result<Vec<(i64, String, String)>> {
    match AREAS.iter().find_map(|a| a.rounds.as_ref()) {
        Some(offer) => (offer.published)(db, under).await,
        None => Ok(Vec::new()),
    }
}

/// The outcome of published round `id` (see [`crate::kit::area::RoundOffer`]).
pub async fn round_outcome(
    db: &DatabaseConnection,
    id: i64,
) -> crate::Result<Option<RoundOutcome>> {
    match AREAS.iter().find_map(|a| a.rounds.as_ref()) {
        Some(offer) => (offer.outcome)(db, id).await,
        None => Ok(None),
    }
}

/// The results of published studio rounds for studios hosted at or under `under` (see
/// [`crate::kit::area::StudioResultsFn`]).
pub async fn studio_round_results(
    db: &DatabaseConnection,
    under: &touyan_domain::tree::TreePath,
) -> crate::Result<Vec<StudioRoundResult>> {
    match AREAS.iter().find_map(|a| a.rounds.as_ref()) {
        Some(offer) => (offer.studio_results)(db, under).await,
        None => Ok(Vec::new()),
    }
}

/// The studios hosted at or under `under`, from the area that keeps them (none while no area
/// does; see [`crate::kit::area::StudiosFn`]).
pub async fn studios_under(
    db: &DatabaseConnection,
    under: &touyan_domain::tree::TreePath,
) -> crate::Result<Vec<StudioRef>> {
    let mut out = Vec::new();
    for f in AREAS.iter().filter_map(|a| a.studios) {
        out.extend(f(db, under).await?);
    }
    Ok(out)
}

/// Holders of `posts` at or under `under` whose terms touch the days `within`, from the area
/// that keeps people's posts (none while no area does; see
/// [`crate::kit::area::PostHoldersFn`]).
pub async fn post_holders(
    db: &DatabaseConnection,
    under: &touyan_domain::tree::TreePath,
    posts: &[&str],
    within: (chrono::NaiveDate, chrono::NaiveDate),
) -> crate::Result<Vec<PostHolder>> {
    let mut out = Vec::new();
    for f in AREAS.iter().filter_map(|a| a.post_holders) {
        out.extend(f(db, under, posts, within).await?);
    }
    Ok(out)
}

/// The record `id` of evidence kind `kind` as the caller reads it, from the area that keeps
/// that kind (none when it is missing, out of reach or of a kind no area keeps).
pub async fn evidence_record(
    s: crate::Scoped<'_>,
    kind: &str,
    id: i64,
) -> crate::Result<Option<crate::kit::area::EvidenceFound>> {
    for (offered, check) in AREAS.iter().flat_map(|a| a.evidence.iter()) {
        if *offered == kind {
            if let Some(found) = check(s, id).await? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// The tasks of `ids` the caller reads, from the area that keeps work lists (none while no
/// area does; see [`crate::kit::area::TaskRefsFn`]).
pub async fn task_refs(
    s: crate::Scoped<'_>,
    ids: &[i64],
) -> crate::Result<Vec<crate::kit::area::TaskRef>> {
    let mut out = Vec::new();
    for offer in AREAS.iter().filter_map(|a| a.tasks.as_ref()) {
        out.extend((offer.refs)(s, ids).await?);
    }
    Ok(out)
}

/// Up to `limit` tasks issued at or under `under` that the caller reads, latest first, from
/// the area that keeps work lists (see [`crate::kit::area::TasksUnderFn`]).
pub async fn tasks_issued_under(
    s: crate::Scoped<'_>,
    under: &touyan_domain::tree::TreePath,
    limit: u64,
) -> crate::Result<Vec<crate::kit::area::TaskRef>> {
    let mut out = Vec::new();
    for offer in AREAS.iter().filter_map(|a| a.tasks.as_ref()) {
        out.extend((offer.issued_under)(s, under, limit).await?);
    }
    Ok(out)
}

/// Records an honour in the honours ledger inside `work`, through the area that keeps it;
/// answers its id (refused while no area keeps one; see [`crate::kit::area::HonourOffer`]).
pub(crate) async fn record_honour(
    work: &crate::kit::work::Work<'_>,
    grant: &crate::kit::area::HonourGrant,
) -> crate::Result<i64> {
    match AREAS.iter().find_map(|a| a.honours.as_ref()) {
        Some(offer) => (offer.record)(work, grant).await,
        None => Err(crate::StorageError::Refused("rule.honours_unavailable")),
    }
}

/// Withdraws honour `id` inside `work`, through the area that keeps the honours ledger.
pub(crate) async fn withdraw_honour(
    work: &crate::kit::work::Work<'_>,
    id: i64,
) -> crate::Result<()> {
    match AREAS.iter().find_map(|a| a.honours.as_ref()) {
        Some(offer) => (offer.withdraw)(work, id).await,
        None => Ok(()),
    }
}

/// Tells every area that records at `paths` changed (see [`crate::kit::area::ChangeHook`]).
pub(crate) async fn records_changed(
    txn: &sea_orm::DatabaseTransaction,
    paths: &[touyan_domain::tree::TreePath],
) -> crate::Result<()> {
    for hook in AREAS.iter().filter_map(|a| a.records_changed) {
        hook(txn, paths).await?;
    }
    Ok(())
}

/// The tally `name` as the areas that offer it count it (none when no area does).
pub(crate) async fn tally(
    db: &DatabaseConnection,
    name: &str,
    q: &TallyQuery,
) -> crate::Result<Vec<TallyRow>> {
    let mut out = Vec::new();
    for area in AREAS {
        for (offered, count) in area.tallies {
            if *offered == name {
                out.extend(count(db, q).await?);
            }
        }
    }
    Ok(out)
}

/// The parts of organizations the areas offer the work cadence, as (code, Chinese, English).
pub(crate) fn cadence_roles() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    AREAS
        .iter()
        .filter_map(|a| a.cadence.as_ref())
        .flat_map(|o| o.roles.iter().copied())
}

/// The nodes at or under `under` playing a part an area knows, as (node id, part).
pub(crate) async fn cadence_holders(
    db: &DatabaseConnection,
    under: &touyan_domain::tree::TreePath,
) -> crate::Result<Vec<(i64, String)>> {
    // Each area's statement on its own connection, all at once.
    let asked = AREAS
        .iter()
        .filter_map(|a| a.cadence.as_ref())
        .map(|offer| (offer.holders)(db, under));
    Ok(futures_util::future::try_join_all(asked)
        .await?
        .into_iter()
        .flatten()
        .collect())
}

/// The credits every area gives toward the work cadence's obligations for `q`.
pub(crate) async fn cadence_credits(
    db: &DatabaseConnection,
    q: &CreditQuery,
) -> crate::Result<Vec<Credit>> {
    let asked = AREAS
        .iter()
        .filter_map(|a| a.cadence.as_ref())
        .map(|offer| (offer.credits)(db, q));
    Ok(futures_util::future::try_join_all(asked)
        .await?
        .into_iter()
        .flatten()
        .collect())
}

/// Whether some area shows anything on the public page of an organization of kind `kind`
/// (only such organizations have one; see [`crate::kit::area::PublicOffer`]).
pub fn public_kind(kind: &str) -> bool {
    AREAS
        .iter()
        .filter_map(|a| a.public_facts.as_ref())
        .any(|o| o.kinds.contains(&kind))
}

/// The sections of the public page of organization `node_id` of kind `kind`, from every area
/// offering them for the kind, in the list's order.
pub async fn public_facts(
    db: &DatabaseConnection,
    node_id: i64,
    kind: &str,
) -> crate::Result<Vec<crate::kit::area::PublicSection>> {
    let mut out = Vec::new();
    for o in AREAS.iter().filter_map(|a| a.public_facts.as_ref()) {
        if o.kinds.contains(&kind) {
            out.extend((o.facts)(db, node_id).await?);
        }
    }
    Ok(out)
}

/// The centres an organization at `path` may hold its activities at, from the area that
/// keeps service centres (none while no area does; see
/// [`crate::kit::area::UsableCentresFn`]).
pub(crate) async fn usable_centres(
    txn: &sea_orm::DatabaseTransaction,
    path: &touyan_domain::tree::TreePath,
) -> crate::Result<Vec<crate::kit::area::CentreRef>> {
    let mut out = Vec::new();
    for offer in AREAS.iter().filter_map(|a| a.centres.as_ref()) {
        out.extend((offer.usable)(txn, path).await?);
    }
    Ok(out)
}

/// The centres of `ids`, from the area that keeps service centres.
pub(crate) async fn centres_by_id(
    db: &DatabaseConnection,
    ids: &[i64],
) -> crate::Result<Vec<crate::kit::area::CentreRef>> {
    let mut out = Vec::new();
    for offer in AREAS.iter().filter_map(|a| a.centres.as_ref()) {
        out.extend((offer.by_id)(db, ids).await?);
    }
    Ok(out)
}

/// Up to `limit` activities held at centre `id` that the caller reads, latest first, from
/// the area that records them (see [`crate::kit::area::HeldReadableFn`]).
pub async fn held_at_centre(
    s: crate::Scoped<'_>,
    id: i64,
    limit: u64,
) -> crate::Result<Vec<crate::kit::area::HeldActivity>> {
    let mut out = Vec::new();
    for offer in AREAS.iter().filter_map(|a| a.held_at_centre.as_ref()) {
        out.extend((offer.readable)(s, id, limit).await?);
    }
    Ok(out)
}

/// The public part of the activities held at centre `id` as of `today` (see
/// [`crate::kit::area::PublicHeldFn`]).
pub async fn public_held_at_centre(
    db: &DatabaseConnection,
    id: i64,
    today: chrono::NaiveDate,
) -> crate::Result<crate::kit::area::PublicHeld> {
    let mut out = crate::kit::area::PublicHeld::default();
    for offer in AREAS.iter().filter_map(|a| a.held_at_centre.as_ref()) {
        let part = (offer.public)(db, id, today).await?;
        out.latest.extend(part.latest);
        out.this_year += part.this_year;
    }
    Ok(out)
}

/// How many records of every area name centre `id` as where they were held.
pub(crate) async fn held_at_centre_count(
    txn: &sea_orm::DatabaseTransaction,
    id: i64,
) -> crate::Result<u64> {
    let mut n = 0;
    for offer in AREAS.iter().filter_map(|a| a.held_at_centre.as_ref()) {
        n += (offer.count)(txn, id).await?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::AREAS;
    use crate::Store;
    use sea_orm::{ConnectionTrait, Statement};
    use std::collections::BTreeSet;

    /// Every column of the schema that keeps a tree path (`path`, `node_path`, `*_path`) is
    /// the tree's own or declared by an area, so that a subtree move rewrites it (or the
    /// area's hook brings it up to date).
    #[tokio::test]
    async fn every_path_column_of_the_schema_is_declared_by_an_area() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/a.db", dir.path().display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        let db = store.raw_connection();
        let rows = db
            .query_all(Statement::from_string(
                db.get_database_backend(),
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND (p.name = 'path' OR p.name LIKE '%\\_path' ESCAPE '\\')",
            ))
            .await
            .unwrap();
        let in_schema: BTreeSet<(String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                )
            })
            .collect();
        let mut declared: BTreeSet<(String, String)> = AREAS
            .iter()
            .flat_map(|a| a.path_copies().chain(a.counted_paths.iter().copied()))
            .map(|(t, c)| (t.to_string(), c.to_string()))
            .collect();
        declared.insert(("org_node".into(), "path".into()));
        assert_eq!(in_schema, declared);
    }
}
