//! The figures of enterprise and household visits, with the requests raised from them.

use super::super::RequestRepo;
use super::read::Target;
use super::*;
use crate::entity::org_node;
use crate::entity::request_tables::{service_request as sr, visit};
use crate::Result;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use touyan_domain::access::Permission;
use touyan_domain::request::workflow::State;
use touyan_domain::tree::TreePath;

/// A visitor's or a park's visit figures.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct VisitFigures {
    /// Visits made.
    pub visits: i64,
    /// Distinct enterprises or households (nodes) visited.
    pub visited: i64,
    /// Problems recorded on the visits.
    pub problems: i64,
    /// Requests raised from the visits …
    pub requests: i64,
    /// … closed as solved.
    pub solved: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitLine {
    /// The visitor's person id (or name when not linked) / the park's node id, as text.
    pub key: String,
    pub name: String,
    pub figures: VisitFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VisitStats {
    pub node_id: Option<i64>,
    pub node_name: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub totals: VisitFigures,
    /// Per visitor (党建工作指导员, grid worker).
    pub by_visitor: Vec<VisitLine>,
    /// Per park (the nearest park at or above the visited node); visits outside any park
    /// under an empty key.
    pub by_park: Vec<VisitLine>,
}

impl RequestRepo<'_> {
    /// Enterprise and household visits under `under` (the caller's scope when `None`) made in
    /// `period`, with the requests raised from them: per visitor and per park.
    pub async fn visit_stats(&self, under: Option<i64>, period: Period) -> Result<VisitStats> {
        let db = self.s.db;
        let target = self.target(under, Permission::RequestRead).await?;
        let (paths, node_id, node_name) = match &target {
            Target::Node(n) => (vec![n.path.clone()], Some(n.id), n.name.clone()),
            Target::Tops(t) => (
                t.iter().map(|n| n.path.clone()).collect(),
                None,
                String::new(),
            ),
        };
        let scopes: Vec<TreePath> = paths
            .iter()
            .filter_map(|p| TreePath::parse(p).ok())
            .collect();
        let mut q = visit::Entity::find()
            .filter(crate::scope::within_any(visit::Column::NodePath, &scopes));
        if let Some(a) = period.from {
            q = q.filter(visit::Column::VisitedOn.gte(a));
        }
        if let Some(b) = period.to {
            q = q.filter(visit::Column::VisitedOn.lte(b));
        }
        let visits = q.order_by_asc(visit::Column::Id).all(db).await?;

        let raised = raised_on(db, &visits).await?;
        let parks = parks_of(db, &visits).await?;

        let mut totals = VisitFigures::default();
        let mut seen_total: HashSet<i64> = HashSet::new();
        let mut by_visitor: BTreeMap<String, (String, VisitFigures, HashSet<i64>)> =
            BTreeMap::new();
        let mut by_park: BTreeMap<String, (String, VisitFigures, HashSet<i64>)> = BTreeMap::new();
        for v in &visits {
            let r = raised.get(&v.id).copied().unwrap_or_default();
            add(&mut totals, &mut seen_total, v, r);
            let vk = v
                .visitor_person_id
                .map(|p| p.to_string())
                .unwrap_or_else(|| format!("name:{}", v.visitor_name));
            let e = by_visitor
                .entry(vk)
                .or_insert_with(|| (v.visitor_name.clone(), Default::default(), HashSet::new()));
            add(&mut e.1, &mut e.2, v, r);
            let park = TreePath::parse(&v.node_path)
                .map(|p| p.ids())
                .unwrap_or_default()
                .into_iter()
                .rev()
                .find(|i| parks.contains_key(i));
            let (pk, pn) = match park {
                Some(i) => (i.to_string(), parks[&i].clone()),
                None => (String::new(), String::new()),
            };
            let e = by_park
                .entry(pk)
                .or_insert_with(|| (pn, Default::default(), HashSet::new()));
            add(&mut e.1, &mut e.2, v, r);
        }
        Ok(VisitStats {
            node_id,
            node_name,
            from: period.from,
            to: period.to,
            totals,
            by_visitor: lines(by_visitor),
            by_park: lines(by_park),
        })
    }
}

/// (requests, solved) raised on each of the visits.
async fn raised_on(
    db: &sea_orm::DatabaseConnection,
    visits: &[visit::Model],
) -> Result<HashMap<i64, (i64, i64)>> {
    let ids: Vec<i64> = visits.iter().map(|v| v.id).collect();
    let mut raised: HashMap<i64, (i64, i64)> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Option<i64>, String, Option<bool>)> = sr::Entity::find()
            .select_only()
            .column(sr::Column::VisitId)
            .column(sr::Column::State)
            .column(sr::Column::Solved)
            .filter(sr::Column::VisitId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (v, state, solved) in rows {
            if let Some(v) = v {
                let e = raised.entry(v).or_default();
                e.0 += 1;
                e.1 += i64::from(state == State::Closed.code() && solved == Some(true));
            }
        }
    }
    Ok(raised)
}

/// The parks at or above the visited nodes: (id, name).
async fn parks_of(
    db: &sea_orm::DatabaseConnection,
    visits: &[visit::Model],
) -> Result<HashMap<i64, String>> {
    let mut anc: HashSet<i64> = HashSet::new();
    for v in visits {
        if let Ok(p) = TreePath::parse(&v.node_path) {
            anc.extend(p.ids());
        }
    }
    let mut parks: HashMap<i64, String> = HashMap::new();
    let anc: Vec<i64> = anc.into_iter().collect();
    for chunk in anc.chunks(500) {
        let rows: Vec<(i64, String)> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Name)
            .filter(org_node::Column::Id.is_in(chunk.to_vec()))
            .filter(org_node::Column::Kind.eq("park"))
            .into_tuple()
            .all(db)
            .await?;
        parks.extend(rows);
    }
    Ok(parks)
}

/// Counts a visit and the requests raised on it into `f`; `seen` keeps the nodes visited.
fn add(f: &mut VisitFigures, seen: &mut HashSet<i64>, v: &visit::Model, r: (i64, i64)) {
    f.visits += 1;
    if seen.insert(v.node_id) {
        f.visited += 1;
    }
    f.problems += i64::from(v.problems);
    f.requests += r.0;
    f.solved += r.1;
}

/// The lines of a breakdown, most visits first.
fn lines(m: BTreeMap<String, (String, VisitFigures, HashSet<i64>)>) -> Vec<VisitLine> {
    let mut out: Vec<VisitLine> = m
        .into_iter()
        .map(|(key, (name, figures, _))| VisitLine { key, name, figures })
        .collect();
    out.sort_by(|a, b| {
        b.figures
            .visits
            .cmp(&a.figures.visits)
            .then(a.key.cmp(&b.key))
    });
    out
}
