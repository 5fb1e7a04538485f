//! The party organization tied to an enterprise — its own, filed elsewhere in the tree, or a
//! joint or incubation branch covering it — kept as a dated history, and what incubation
//! branches (孵化育新党支部, [003]) have done: the enterprises they cover, the applicants
//! recruited in them while covered, and those that graduated to an organization of their own.

use super::*;
use crate::audit::Entry;
use crate::entity::enterprise_tables::enterprise_link;
use crate::entity::person;
use crate::kit::lookup::node_for;
use crate::kit::today;
use crate::kit::work::Work;
use crate::now_ms;
use crate::scope::within_any;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::links::{outcome_of, Link, LinkKind, OUTCOME_GRADUATED};
use touyan_domain::tree::TreePath;

/// A link as pages and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    pub id: i64,
    /// `own`, `joint` or `incubation`.
    pub kind: String,
    pub org_node_id: i64,
    pub org_name: String,
    pub from_on: chrono::NaiveDate,
    pub until_on: Option<chrono::NaiveDate>,
    /// `graduated` or `ended` once it ended.
    pub outcome: Option<String>,
}

/// The current links of the enterprises at `paths`, by path.
pub(crate) async fn current_by_path<C: ConnectionTrait>(
    conn: &C,
    paths: &[String],
) -> Result<HashMap<String, enterprise_link::Model>> {
    let mut out = HashMap::new();
    for chunk in paths.chunks(crate::IN_CHUNK) {
        let rows = enterprise_link::Entity::find()
            .filter(enterprise_link::Column::NodePath.is_in(chunk.to_vec()))
            .filter(enterprise_link::Column::UntilOn.is_null())
            .all(conn)
            .await?;
        out.extend(rows.into_iter().map(|r| (r.node_path.clone(), r)));
    }
    Ok(out)
}

async fn views_of<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<enterprise_link::Model>,
) -> Result<Vec<LinkView>> {
    let names =
        crate::kit::sql::node_names(conn, rows.iter().map(|r| r.org_node_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| LinkView {
            id: r.id,
            kind: r.kind,
            org_name: names.get(&r.org_node_id).cloned().unwrap_or_default(),
            org_node_id: r.org_node_id,
            from_on: r.from_on,
            until_on: r.until_on,
            outcome: r.outcome,
        })
        .collect())
}

/// Views of links, by their enterprise's node.
pub(crate) async fn views_by_node<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<enterprise_link::Model>,
) -> Result<HashMap<i64, LinkView>> {
    let nodes: Vec<i64> = rows.iter().map(|r| r.node_id).collect();
    Ok(nodes.into_iter().zip(views_of(conn, rows).await?).collect())
}

fn link_json(m: &enterprise_link::Model) -> serde_json::Value {
    json!({"kind": m.kind, "org_node_id": m.org_node_id, "from_on": m.from_on,
           "until_on": m.until_on, "outcome": m.outcome})
}

/// Incubation branch figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncubatorView {
    /// The branch's node.
    pub id: i64,
    pub name: String,
    /// Enterprises it covers now.
    pub covering: u64,
    /// Enterprises it covered until they set up their own organization (孵化); a joint
    /// branch has none (its enterprises that do so just leave it).
    pub graduated: u64,
    /// People who applied to join the party with the branch, or in an enterprise while the
    /// branch covered it.
    pub applicants: u64,
}

impl EnterpriseRepo<'_> {
    /// The enterprise's links, the current one first.
    pub async fn links(&self, id: i64) -> Result<Vec<LinkView>> {
        self.readable(id).await?;
        let rows = enterprise_link::Entity::find()
            .filter(enterprise_link::Column::NodeId.eq(id))
            .order_by_asc(enterprise_link::Column::UntilOn.is_not_null())
            .order_by_desc(enterprise_link::Column::FromOn)
            .order_by_desc(enterprise_link::Column::Id)
            .all(self.s.db)
            .await?;
        views_of(self.s.db, rows).await
    }

    /// Ties the enterprise to a party organization from a day on, ending the tie it had (an
    /// incubation left for an organization of its own is a graduation).
    pub async fn set_link(&self, id: i64, link: Link) -> Result<LinkView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (profile, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        let (org, _) = node_for(
            &self.s,
            txn,
            link.org_node_id,
            Permission::EnterpriseRead,
            "org_node_id",
        )
        .await?;
        if !PARTY_ORGANIZATION_KINDS.contains(&org.kind.as_str()) {
            return Err(StorageError::field("org_node_id", "err.ent_not_party_org"));
        }
        let ended = self
            .end_current(txn, id, link.from_on, Some(link.kind))
            .await?;
        let m = enterprise_link::ActiveModel {
            node_id: Set(id),
            node_path: Set(profile.node_path.clone()),
            kind: Set(link.kind.code().to_string()),
            org_node_id: Set(org.id),
            org_path: Set(org.path.clone()),
            from_on: Set(link.from_on),
            until_on: Set(None),
            outcome: Set(None),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        // The link is the record from now on; the old flag is not read any more.
        if profile.cover.is_some() {
            let mut am: enterprise::ActiveModel = profile.into();
            am.cover = Set(None);
            am.update(txn).await?;
        }
        marks::remark(txn, id).await?;
        work.record(Entry {
            action: "link",
            record_type: "enterprise",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: ended.as_ref().map(link_json),
            after: Some(link_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(views_of(self.s.db, vec![m]).await?.remove(0))
    }

    /// Ends the enterprise's current link on `until_on`.
    pub async fn end_link(&self, id: i64, until_on: chrono::NaiveDate) -> Result<()> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (_, path) = self
            .s
            .load_for_write::<enterprise::Entity, _>(txn, id)
            .await?;
        let ended = self
            .end_current(txn, id, until_on, None)
            .await?
            .ok_or(StorageError::NotFound)?;
        marks::remark(txn, id).await?;
        work.record(Entry {
            action: "unlink",
            record_type: "enterprise",
            record_id: Some(id.to_string()),
            node: Some((id, &path)),
            before: None,
            after: Some(link_json(&ended)),
        })
        .await?;
        work.commit().await
    }

    /// Ends the current link of `id` (if any) on `on`, as the next link (or none) decides.
    async fn end_current<C: ConnectionTrait>(
        &self,
        txn: &C,
        id: i64,
        on: chrono::NaiveDate,
        next: Option<LinkKind>,
    ) -> Result<Option<enterprise_link::Model>> {
        let Some(cur) = enterprise_link::Entity::find()
            .filter(enterprise_link::Column::NodeId.eq(id))
            .filter(enterprise_link::Column::UntilOn.is_null())
            .one(txn)
            .await?
        else {
            return Ok(None);
        };
        let field = if next.is_some() {
            "from_on"
        } else {
            "until_on"
        };
        let on = touyan_domain::enterprise::links::end_day(cur.from_on, on, today())
            .map_err(|_| StorageError::field(field, "err.ent_until_before_from"))?;
        let kind = LinkKind::from_code(&cur.kind).unwrap_or(LinkKind::Own);
        let own_under = facts::facts_of(txn, std::slice::from_ref(&cur.node_path))
            .await?
            .first()
            .is_some_and(|f| f.own_organizations > 0);
        let mut am: enterprise_link::ActiveModel = cur.into();
        am.until_on = Set(Some(on));
        am.outcome = Set(Some(outcome_of(kind, next, own_under).to_string()));
        Ok(Some(am.update(txn).await?))
    }

    /// Incubation branches the caller reads that cover or covered enterprises, with what
    /// each has done.
    pub async fn incubators(&self, under: Option<i64>) -> Result<Vec<IncubatorView>> {
        self.covering_branches(under, "incubation").await
    }

    /// Joint branches (联合党支部) with the enterprises they cover, those that have since
    /// set up their own organization and the applicants recruited while covering.
    pub async fn joint_branches(&self, under: Option<i64>) -> Result<Vec<IncubatorView>> {
        self.covering_branches(under, "joint").await
    }

    /// The branches in the caller's subtrees linked to enterprises as `kind`, with their
    /// figures.
    async fn covering_branches(
        &self,
        under: Option<i64>,
        kind: &str,
    ) -> Result<Vec<IncubatorView>> {
        let scopes = self.s.list_scopes::<enterprise::Entity>(under).await?;
        let rows = enterprise_link::Entity::find()
            .filter(within_any(enterprise_link::Column::OrgPath, &scopes))
            .filter(enterprise_link::Column::Kind.eq(kind))
            .all(self.s.db)
            .await?;
        let mut enterprises: Vec<TreePath> = Vec::new();
        let mut branches: Vec<TreePath> = Vec::new();
        // The branch recruits from the day it first covered an enterprise.
        let mut began: HashMap<i64, chrono::NaiveDate> = HashMap::new();
        for r in &rows {
            enterprises.push(TreePath::parse(&r.node_path)?);
            let b = TreePath::parse(&r.org_path)?;
            if !branches.contains(&b) {
                branches.push(b);
            }
            let d = began.entry(r.org_node_id).or_insert(r.from_on);
            *d = (*d).min(r.from_on);
        }
        enterprises.sort();
        enterprises.dedup();
        // Applications filed in the covered enterprises, matched to the links by date, and
        // those filed with the branch itself (applicants apply to the organization).
        let in_enterprises = applied_under(self.s.db, &enterprises).await?;
        let at_branch = applied_under(self.s.db, &branches).await?;
        let mut by_org: std::collections::BTreeMap<i64, IncubatorView> = Default::default();
        let end = today();
        for r in &rows {
            let since = began.get(&r.org_node_id).copied().unwrap_or(r.from_on);
            let v = by_org
                .entry(r.org_node_id)
                .or_insert_with(|| IncubatorView {
                    id: r.org_node_id,
                    name: String::new(),
                    covering: 0,
                    graduated: 0,
                    applicants: count_applied(&at_branch, &r.org_path, since, end),
                });
            v.covering += u64::from(r.until_on.is_none());
            v.graduated += u64::from(r.outcome.as_deref() == Some(OUTCOME_GRADUATED));
            let until = r.until_on.unwrap_or(end);
            v.applicants += count_applied(&in_enterprises, &r.node_path, r.from_on, until);
        }
        let names =
            crate::kit::sql::node_names(self.s.db, by_org.keys().copied().collect()).await?;
        Ok(by_org
            .into_values()
            .map(|mut v| {
                v.name = names.get(&v.id).cloned().unwrap_or_default();
                v
            })
            .collect())
    }
}

/// (path, day applied) of everyone filed under `paths` who applied to join the party.
async fn applied_under<C: ConnectionTrait>(
    conn: &C,
    paths: &[TreePath],
) -> Result<Vec<(String, chrono::NaiveDate)>> {
    let mut out = Vec::new();
    for chunk in paths.chunks(crate::IN_CHUNK) {
        let got: Vec<(String, Option<chrono::NaiveDate>)> = person::Entity::find()
            .select_only()
            .column(person::Column::NodePath)
            .column(person::Column::AppliedOn)
            .filter(within_any(person::Column::NodePath, chunk))
            .filter(person::Column::AppliedOn.is_not_null())
            .into_tuple()
            .all(conn)
            .await?;
        out.extend(got.into_iter().filter_map(|(p, d)| d.map(|d| (p, d))));
    }
    Ok(out)
}

/// How many of `applied` are filed under `path` and applied between two days inclusive.
fn count_applied(
    applied: &[(String, chrono::NaiveDate)],
    path: &str,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> u64 {
    applied
        .iter()
        .filter(|(p, d)| p.starts_with(path) && *d >= from && *d <= until)
        .count() as u64
}
