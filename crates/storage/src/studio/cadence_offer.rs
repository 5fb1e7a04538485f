//! What studios offer the work cadence: the organizations hosting a listed studio play the
//! part "studio host", whose 三个一 [001] the cadence's obligations name, and a studio's
//! records that are real meetings count toward them — a training session (学习培训) as the
//! month's theme, a mentorship session (名师帮带) as the quarter's exchange.

use crate::entity::mentorship_tables::studio_training as stt;
use crate::entity::mentorship_tables::{studio_mentorship as sm, studio_mentorship_session as sms};
use crate::entity::studio;
use crate::kit::area::{Answer, CadenceOffer, Credit, CreditQuery};
use crate::scope::within;
use crate::{Result, IN_CHUNK};
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap};
use touyan_domain::tree::TreePath;

/// The part a host of a listed studio plays.
const HOST: &str = "studio_host";
/// The activity type a training session counts as.
const THEME: &str = "studio_theme";
/// The activity type a mentorship session counts as.
const EXCHANGE: &str = "studio_exchange";
/// Studios in these states are on the list (挂牌、示范、预警): their hosts keep the 三个一.
const LISTED: [&str; 3] = ["listed", "demonstration", "warned"];

pub(super) const OFFER: CadenceOffer = CadenceOffer {
    roles: &[(HOST, "工作室所在组织", "Studio host")],
    holders,
    credits,
};

fn holders<'a>(db: &'a DatabaseConnection, under: &'a TreePath) -> Answer<'a, Vec<(i64, String)>> {
    Box::pin(async move {
        let ids: Vec<i64> = studio::Entity::find()
            .select_only()
            .column(studio::Column::NodeId)
            .distinct()
            .filter(within(studio::Column::NodePath, under))
            .filter(studio::Column::State.is_in(LISTED))
            .into_tuple()
            .all(db)
            .await?;
        Ok(ids.into_iter().map(|id| (id, HOST.to_string())).collect())
    })
}

/// Rows of (owner id, day, count) grouped from `E` for owners in `owners`, days in the query.
async fn per_day<E>(
    db: &DatabaseConnection,
    owner: E::Column,
    day: E::Column,
    owners: &[i64],
    q: &CreditQuery,
) -> Result<Vec<(i64, NaiveDate, i64)>>
where
    E: EntityTrait,
{
    let mut out = Vec::new();
    for part in owners.chunks(IN_CHUNK) {
        let rows: Vec<(i64, NaiveDate, i64)> = E::find()
            .select_only()
            .column(owner)
            .column(day)
            .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
            .filter(owner.is_in(part.to_vec()))
            .filter(day.between(q.from, q.to))
            .group_by(owner)
            .group_by(day)
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

async fn credits_of(db: &DatabaseConnection, q: &CreditQuery) -> Result<Vec<Credit>> {
    let wants = |t: &str| q.types.iter().any(|x| x == t);
    if !wants(THEME) && !wants(EXCHANGE) {
        return Ok(Vec::new());
    }
    let studios: HashMap<i64, i64> = studio::Entity::find()
        .select_only()
        .column(studio::Column::Id)
        .column(studio::Column::NodeId)
        .filter(within(studio::Column::NodePath, &q.under))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let ids: Vec<i64> = studios.keys().copied().collect();
    let mut sum: BTreeMap<(i64, &str, NaiveDate), u64> = BTreeMap::new();
    if wants(THEME) {
        let rows =
            per_day::<stt::Entity>(db, stt::Column::StudioId, stt::Column::HeldOn, &ids, q).await?;
        for (sid, day, n) in rows {
            *sum.entry((studios[&sid], THEME, day)).or_default() += n.max(0) as u64;
        }
    }
    if wants(EXCHANGE) {
        let mut of_studio: HashMap<i64, i64> = HashMap::new();
        for part in ids.chunks(IN_CHUNK) {
            let rows: Vec<(i64, i64)> = sm::Entity::find()
                .select_only()
                .column(sm::Column::Id)
                .column(sm::Column::StudioId)
                .filter(sm::Column::StudioId.is_in(part.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            of_studio.extend(rows);
        }
        let ms: Vec<i64> = of_studio.keys().copied().collect();
        let rows =
            per_day::<sms::Entity>(db, sms::Column::MentorshipId, sms::Column::HeldOn, &ms, q)
                .await?;
        for (mid, day, n) in rows {
            let node = studios[&of_studio[&mid]];
            *sum.entry((node, EXCHANGE, day)).or_default() += n.max(0) as u64;
        }
    }
    Ok(sum
        .into_iter()
        .map(|((node_id, ty, held_on), count)| Credit {
            node_id,
            activity_type: ty.to_string(),
            held_on,
            count,
        })
        .collect())
}

fn credits<'a>(db: &'a DatabaseConnection, q: &'a CreditQuery) -> Answer<'a, Vec<Credit>> {
    Box::pin(credits_of(db, q))
}
