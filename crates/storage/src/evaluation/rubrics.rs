//! Rubrics: the list, one version with its indicators, writing a rubric, editing a version
//! that no round uses yet, and making the next version (the only change a frozen one takes).

use super::{EvaluationRepo, GuidanceView, IndicatorView, RubricDetail, RubricView, VersionView};
use crate::audit::Entry;
use crate::entity::evaluation_tables::{rubric, rubric_indicator as ind, rubric_version as ver};
use crate::entity::org_node;
use crate::kit::lookup::node_for;
use crate::kit::sql::{like_expr, node_names, nonblank};
use crate::kit::work::Work;
use crate::{fetch_page, now_ms, Page, Result, StorageError};
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Select,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::{template, Rubric, RubricInput};
use touyan_domain::paging::PageRequest;

#[derive(Debug, Clone, Default)]
pub struct RubricFilter {
    /// Rubrics of nodes in this node's subtree.
    pub under: Option<i64>,
    /// Part of the name.
    pub q: Option<String>,
}

/// The live figures offered, by key.
pub(super) fn figure_keys() -> Vec<&'static str> {
    crate::areas::figure_keys().map(|f| f.key).collect()
}

/// Writes the checked indicators of version `version_id` in their order, parents first.
pub(super) async fn write_indicators(
    txn: &DatabaseTransaction,
    version_id: i64,
    node_path: &str,
    r: &Rubric,
) -> Result<()> {
    let mut ids: Vec<i64> = Vec::with_capacity(r.indicators.len());
    for (i, x) in r.indicators.iter().enumerate() {
        let guidance = (!x.guidance.is_empty())
            .then(|| serde_json::to_string(&x.guidance).expect("a list of pairs"));
        let m = ind::ActiveModel {
            version_id: Set(version_id),
            node_path: Set(node_path.to_string()),
            parent_id: Set(x.parent.map(|p| ids[p])),
            position: Set(i as i32),
            title: Set(x.title.clone()),
            kind: Set(x.kind.code().into()),
            max_hundredths: Set(x.max),
            section: Set(x.section),
            department_id: Set(x.department_id),
            figure: Set(x.figure.clone()),
            full_at: Set(x.full_at),
            evidence_required: Set(x.evidence_required),
            guidance: Set(guidance),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.push(m.id);
    }
    Ok(())
}

/// The departments named exist; otherwise a field error at the first that does not.
async fn check_departments(txn: &DatabaseTransaction, r: &Rubric) -> Result<()> {
    for (i, x) in r.indicators.iter().enumerate() {
        if let Some(d) = x.department_id {
            let n = org_node::Entity::find_by_id(d).count(txn).await?;
            if n == 0 {
                return Err(StorageError::field(
                    &format!("indicators[{i}].department_id"),
                    "err.node_missing",
                ));
            }
        }
    }
    Ok(())
}

/// The indicators of version `version_id` as views, in order.
pub(super) async fn indicator_views<C: ConnectionTrait>(
    conn: &C,
    version_id: i64,
) -> Result<Vec<IndicatorView>> {
    let rows = ind::Entity::find()
        .filter(ind::Column::VersionId.eq(version_id))
        .order_by_asc(ind::Column::Position)
        .all(conn)
        .await?;
    let names = node_names(conn, rows.iter().filter_map(|r| r.department_id).collect()).await?;
    let mut key: HashMap<i64, (String, i32)> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let parent = r.parent_id.and_then(|p| key.get(&p).cloned());
        let depth = parent.as_ref().map_or(1, |(_, d)| d + 1);
        let own = (r.position + 1).to_string();
        key.insert(r.id, (own.clone(), depth));
        let guidance: Vec<(i64, String)> = r
            .guidance
            .as_deref()
            .and_then(|g| serde_json::from_str(g).ok())
            .unwrap_or_default();
        out.push(IndicatorView {
            id: r.id,
            parent_id: r.parent_id,
            key: own,
            parent_key: parent.map(|(k, _)| k),
            depth,
            title: r.title,
            kind: r.kind,
            max: r.max_hundredths,
            section: r.section,
            department_name: r.department_id.and_then(|d| names.get(&d).cloned()),
            department_id: r.department_id,
            figure: r.figure,
            full_at: r.full_at,
            evidence_required: r.evidence_required,
            guidance: guidance
                .into_iter()
                .map(|(score, text)| GuidanceView { score, text })
                .collect(),
        });
    }
    Ok(out)
}

impl EvaluationRepo<'_> {
    async fn rubric_select(&self, f: &RubricFilter) -> Result<Select<rubric::Entity>> {
        let seen = self.s.list_filter::<rubric::Entity>(f.under).await?;
        let mut q = rubric::Entity::find().filter(seen);
        if let Some(t) = nonblank(&f.q) {
            q = q.filter(like_expr(rubric::Column::Name, &t));
        }
        Ok(q)
    }

    pub async fn rubrics(&self, f: &RubricFilter, page: PageRequest) -> Result<Page<RubricView>> {
        let order = |q: Select<rubric::Entity>| q.order_by_desc(rubric::Column::Id);
        let mut p = fetch_page(self.s.db, self.rubric_select(f).await?, order, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.rubric_views(rows).await?))
    }

    pub(super) async fn rubric_views(&self, rows: Vec<rubric::Model>) -> Result<Vec<RubricView>> {
        let names = node_names(self.s.db, rows.iter().map(|m| m.node_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| RubricView {
                id: m.id,
                node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                node_id: m.node_id,
                name: m.name,
                description: m.description,
                template: m.template,
                latest_version: m.latest_version,
                created_by: m.created_by,
            })
            .collect())
    }

    /// Rubric `id` with version `version` (the latest when none).
    pub async fn rubric(&self, id: i64, version: Option<i32>) -> Result<RubricDetail> {
        let db = self.s.db;
        let (m, path) = self.s.load_for_read::<rubric::Entity, _>(db, id).await?;
        let versions = ver::Entity::find()
            .filter(ver::Column::RubricId.eq(id))
            .order_by_desc(ver::Column::Version)
            .all(db)
            .await?;
        let v = versions
            .iter()
            .find(|v| v.version == version.unwrap_or(m.latest_version))
            .cloned()
            .ok_or(StorageError::NotFound)?;
        let indicators = indicator_views(db, v.id).await?;
        let can_manage = self.s.actor.can(Permission::EvaluationManage, &path);
        Ok(RubricDetail {
            rubric: self.rubric_views(vec![m]).await?.remove(0),
            version: v.version,
            frozen: v.frozen,
            base: v.base_hundredths,
            indicators,
            versions: versions
                .iter()
                .map(|v| VersionView {
                    version: v.version,
                    frozen: v.frozen,
                    base: v.base_hundredths,
                    created_by: v.created_by.clone(),
                    created_at: v.created_at,
                })
                .collect(),
            can_manage,
        })
    }

    /// Writes a rubric, as its version 1, at a node the caller manages.
    pub async fn create_rubric(&self, input: &RubricInput) -> Result<RubricDetail> {
        self.create_rubric_as(input, None).await
    }

    /// Copies the template `code` to `node_id` as a rubric of that node (its version 1).
    pub async fn copy_template(&self, code: &str, node_id: i64) -> Result<RubricDetail> {
        let input = template(code, node_id).ok_or(StorageError::NotFound)?;
        self.create_rubric_as(&input, Some(code)).await
    }

    pub(super) async fn create_rubric_as(
        &self,
        input: &RubricInput,
        template: Option<&str>,
    ) -> Result<RubricDetail> {
        let r = input.parse(&figure_keys())?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (node, path) = node_for(
            &self.s,
            txn,
            r.node_id,
            Permission::EvaluationManage,
            "node_id",
        )
        .await?;
        check_departments(txn, &r).await?;
        let now = now_ms();
        let m = rubric::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            name: Set(r.name.clone()),
            description: Set(r.description.clone()),
            template: Set(template.map(str::to_string)),
            latest_version: Set(1),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let v = self.insert_version(txn, &m, 1, &r).await?;
        work.record(Entry {
            action: "create",
            record_type: "rubric",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(
                json!({"name": m.name, "version": 1, "base": v.base_hundredths,
                               "indicators": r.indicators.len(), "template": template}),
            ),
        })
        .await?;
        work.commit().await?;
        self.rubric(m.id, None).await
    }

    async fn insert_version(
        &self,
        txn: &DatabaseTransaction,
        m: &rubric::Model,
        version: i32,
        r: &Rubric,
    ) -> Result<ver::Model> {
        let v = ver::ActiveModel {
            rubric_id: Set(m.id),
            node_path: Set(m.node_path.clone()),
            version: Set(version),
            frozen: Set(false),
            base_hundredths: Set(r.base()),
            created_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        write_indicators(txn, v.id, &m.node_path, r).await?;
        Ok(v)
    }

    /// Checks a body for rubric `m`: it stays at its node.
    fn parse_for(&self, m: &rubric::Model, input: &RubricInput) -> Result<Rubric> {
        let mut body = input.clone();
        if body.node_id.trim().is_empty() {
            body.node_id = m.node_id.to_string();
        }
        let r = body.parse(&figure_keys())?;
        if r.node_id != m.node_id {
            return Err(StorageError::field("node_id", "err.evaluation_node_fixed"));
        }
        Ok(r)
    }

    /// Rewrites version `version` of rubric `id` in place; refused once a round uses it
    /// (frozen): the change is then made as the next version.
    pub async fn edit_version(
        &self,
        id: i64,
        version: i32,
        input: &RubricInput,
    ) -> Result<RubricDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.s.load_for_write::<rubric::Entity, _>(txn, id).await?;
        let v = ver::Entity::find()
            .filter(ver::Column::RubricId.eq(id))
            .filter(ver::Column::Version.eq(version))
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        if v.frozen {
            return Err(StorageError::Refused("rule.evaluation_rubric_frozen"));
        }
        let r = self.parse_for(&m, input)?;
        check_departments(txn, &r).await?;
        // Unfrozen: no round and no score points at its indicators.
        ind::Entity::update_many()
            .col_expr(ind::Column::ParentId, Expr::value(Option::<i64>::None))
            .filter(ind::Column::VersionId.eq(v.id))
            .exec(txn)
            .await?;
        ind::Entity::delete_many()
            .filter(ind::Column::VersionId.eq(v.id))
            .exec(txn)
            .await?;
        write_indicators(txn, v.id, &m.node_path, &r).await?;
        ver::Entity::update_many()
            .col_expr(ver::Column::BaseHundredths, Expr::value(r.base()))
            .filter(ver::Column::Id.eq(v.id))
            .exec(txn)
            .await?;
        self.rename(txn, &m, &r).await?;
        work.record(Entry {
            action: "update",
            record_type: "rubric",
            record_id: Some(m.id.to_string()),
            node: Some((m.node_id, &path)),
            before: Some(json!({"name": m.name, "version": version, "base": v.base_hundredths})),
            after: Some(json!({"name": r.name, "version": version, "base": r.base(),
                               "indicators": r.indicators.len()})),
        })
        .await?;
        work.commit().await?;
        self.rubric(id, Some(version)).await
    }

    async fn rename(&self, txn: &DatabaseTransaction, m: &rubric::Model, r: &Rubric) -> Result<()> {
        rubric::Entity::update_many()
            .col_expr(rubric::Column::Name, Expr::value(r.name.clone()))
            .col_expr(
                rubric::Column::Description,
                Expr::value(r.description.clone()),
            )
            .col_expr(rubric::Column::UpdatedAt, Expr::value(now_ms()))
            .filter(rubric::Column::Id.eq(m.id))
            .exec(txn)
            .await?;
        Ok(())
    }

    /// Makes the next version of rubric `id` from the body (the earlier ones stay as they
    /// are, with the rounds that use them).
    pub async fn new_version(&self, id: i64, input: &RubricInput) -> Result<RubricDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.s.load_for_write::<rubric::Entity, _>(txn, id).await?;
        let r = self.parse_for(&m, input)?;
        check_departments(txn, &r).await?;
        let next = m.latest_version + 1;
        let bumped = rubric::Entity::update_many()
            .col_expr(rubric::Column::LatestVersion, Expr::value(next))
            .filter(rubric::Column::Id.eq(m.id))
            .filter(rubric::Column::LatestVersion.eq(m.latest_version))
            .exec(txn)
            .await?;
        if bumped.rows_affected != 1 {
            return Err(StorageError::Refused("rule.evaluation_rubric_moved"));
        }
        let v = self.insert_version(txn, &m, next, &r).await?;
        self.rename(txn, &m, &r).await?;
        work.record(Entry {
            action: "create",
            record_type: "rubric_version",
            record_id: Some(v.id.to_string()),
            node: Some((m.node_id, &path)),
            before: None,
            after: Some(json!({"rubric_id": m.id, "name": r.name, "version": next, "base": v.base_hundredths,
                               "indicators": r.indicators.len()})),
        })
        .await?;
        work.commit().await?;
        self.rubric(id, Some(next)).await
    }
}
