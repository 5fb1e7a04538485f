//! Enterprise and household visits (走访): "累计走访企业223家" [003], "居民需求信息收集" [002].
//! A visit names the enterprise visited (its node) or a household (a grid or community node and
//! a description), who went, the day and notes; every problem found on it becomes a request of
//! channel `visit`, taken in by the domain's intake rules and received at once.
//!
//! Visits are filed under the visited node's path: `request.read` there shows them,
//! `request.dispatch` or `request.handle` there records them. Enterprise orders (企业下单
//! [003]) entered by staff on an enterprise's behalf live here too.

use super::{category_codes, insert_request, RequestFilter, RequestRepo, RequestView};
use crate::audit::Entry;
use crate::entity::request_tables::{request_category, service_request as sr, visit};
use crate::entity::{app_user, org_node, person};
use crate::kit::sql::like_expr;
use crate::kit::work::Work;
use crate::{fetch_page, now_ms, Page, Result, Scoped, StorageError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::request::intake::{Channel, RequestInput};
use touyan_domain::tree::TreePath;
use touyan_domain::{DomainError, FieldErrors};

mod check;
pub(crate) mod tally;
use check::ENTERPRISE_KIND;
pub use check::*;

/// Visits as the caller may see them.
pub struct VisitRepo<'a> {
    pub(crate) s: Scoped<'a>,
}

impl<'a> Scoped<'a> {
    pub fn visits(self) -> VisitRepo<'a> {
        VisitRepo { s: self }
    }
}

fn visit_json(m: &visit::Model) -> serde_json::Value {
    json!({"node_id": m.node_id, "kind": m.kind, "visited_on": m.visited_on,
           "visitor_name": m.visitor_name, "visitor_person_id": m.visitor_person_id,
           "household": m.household, "notes": m.notes, "problems": m.problems})
}

/// Whether the caller may record visits and enterprise orders at `path`.
fn may_write(s: &Scoped<'_>, path: &TreePath) -> bool {
    s.actor.can(Permission::RequestDispatch, path) || s.actor.can(Permission::RequestHandle, path)
}

impl VisitRepo<'_> {
    async fn views(&self, rows: Vec<visit::Model>) -> Result<Vec<VisitView>> {
        let db = self.s.db;
        let names =
            crate::kit::sql::node_names(db, rows.iter().map(|r| r.node_id).collect()).await?;
        let mut users: Vec<i64> = rows.iter().filter_map(|r| r.user_id).collect();
        users.sort_unstable();
        users.dedup();
        let accounts: HashMap<i64, String> = if users.is_empty() {
            HashMap::new()
        } else {
            app_user::Entity::find()
                .select_only()
                .column(app_user::Column::Id)
                .column(app_user::Column::DisplayName)
                .filter(app_user::Column::Id.is_in(users))
                .into_tuple::<(i64, String)>()
                .all(db)
                .await?
                .into_iter()
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|m| VisitView {
                id: m.id,
                node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
                recorded_by: m.user_id.and_then(|u| accounts.get(&u).cloned()),
                node_id: m.node_id,
                kind: m.kind,
                visited_on: m.visited_on,
                visitor_name: m.visitor_name,
                visitor_person_id: m.visitor_person_id,
                household: m.household,
                notes: m.notes,
                problems: m.problems,
                created_at: m.created_at,
            })
            .collect())
    }

    async fn select(&self, f: &VisitFilter) -> Result<sea_orm::Select<visit::Entity>> {
        let seen = self.s.list_filter::<visit::Entity>(f.under).await?;
        let mut q = visit::Entity::find().filter(seen);
        if let Some(k) = f.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            q = q.filter(visit::Column::Kind.eq(k));
        }
        if let Some(d) = f.from {
            q = q.filter(visit::Column::VisitedOn.gte(d));
        }
        if let Some(d) = f.to {
            q = q.filter(visit::Column::VisitedOn.lte(d));
        }
        if let Some(p) = f.visitor_person_id {
            q = q.filter(visit::Column::VisitorPersonId.eq(p));
        }
        if let Some(t) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            q = q.filter(
                Condition::any()
                    .add(like_expr(visit::Column::VisitorName, t))
                    .add(like_expr(visit::Column::Household, t))
                    .add(like_expr(visit::Column::Notes, t)),
            );
        }
        Ok(q.order_by_desc(visit::Column::VisitedOn)
            .order_by_desc(visit::Column::Id))
    }

    /// Visits in the caller's subtrees (or under a node), the latest first.
    pub async fn list(&self, f: &VisitFilter, page: PageRequest) -> Result<Page<VisitView>> {
        let q = self.select(f).await?;
        let mut p = fetch_page(self.s.db, q, |q| q, page).await?;
        let rows = std::mem::take(&mut p.items);
        Ok(p.with_items(self.views(rows).await?))
    }

    /// A visit with the requests raised on it.
    pub async fn get(&self, id: i64) -> Result<VisitDetail> {
        let db = self.s.db;
        let (m, _) = self.s.load_for_read::<visit::Entity, _>(db, id).await?;
        let requests = self.s.requests();
        let rows = requests
            .select(&RequestFilter::default())
            .await?
            .filter(sr::Column::VisitId.eq(id))
            .order_by_asc(sr::Column::Id)
            .all(db)
            .await?;
        Ok(VisitDetail {
            visit: self.views(vec![m]).await?.remove(0),
            requests: requests.views(rows).await?,
        })
    }

    /// Whether the caller may record visits anywhere (forms ask before they show).
    pub fn can_record(&self) -> bool {
        let g = &self.s.actor.grants;
        !g.scopes(Permission::RequestDispatch).is_empty()
            || !g.scopes(Permission::RequestHandle).is_empty()
    }

    /// The active request categories, in their order, for forms and templates.
    pub async fn categories(&self) -> Result<Vec<CategoryChoice>> {
        Ok(request_category::Entity::find()
            .filter(request_category::Column::Active.eq(true))
            .order_by_asc(request_category::Column::SortOrder)
            .order_by_asc(request_category::Column::Code)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(|c| CategoryChoice {
                code: c.code,
                name_zh: c.name_zh,
                name_en: c.name_en,
            })
            .collect())
    }

    /// Records a visit and turns each problem into a request, all in one transaction: the
    /// visit is audited, and so is every request.
    pub async fn create(&self, input: &VisitInput) -> Result<VisitDetail> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let mut fe = FieldErrors::new();
        let node = match input.node_id {
            None => {
                fe.add("node_id", "err.node_required");
                None
            }
            Some(id) => {
                let n = org_node::Entity::find_by_id(id).one(txn).await?;
                let p = n.as_ref().map(|n| TreePath::parse(&n.path)).transpose()?;
                match (n, p) {
                    (Some(n), Some(p)) if may_write(&self.s, &p) => Some(n),
                    (Some(_), Some(p)) if self.s.actor.can(Permission::RequestRead, &p) => {
                        return Err(StorageError::Forbidden)
                    }
                    _ => {
                        fe.add("node_id", "err.node_missing");
                        None
                    }
                }
            }
        };
        let person = match input.visitor_person_id {
            None => None,
            Some(pid) => {
                let p = person::Entity::find_by_id(pid).one(txn).await?.filter(|p| {
                    TreePath::parse(&p.node_path)
                        .is_ok_and(|path| self.s.actor.can(Permission::PersonRead, &path))
                });
                if p.is_none() {
                    fe.add("visitor_person_id", "err.person_missing");
                }
                p
            }
        };
        let cats = category_codes(txn).await?;
        let visited = node.as_ref().map(|n| VisitedNode {
            id: n.id,
            kind: &n.kind,
            name: &n.name,
        });
        let checked = match check_visit(input, visited, crate::kit::today(), &cats) {
            Ok(c) => Some(c),
            Err(DomainError::Invalid(errs)) => {
                for (f, k) in errs.0 {
                    fe.add(&f, &k);
                }
                None
            }
            Err(DomainError::Refused(k)) => return Err(StorageError::Refused(k)),
        };
        if !fe.is_empty() {
            return Err(StorageError::Invalid(fe));
        }
        let (node, checked) = (node.expect("checked"), checked.expect("checked"));
        let visitor_name = checked
            .visitor_name
            .clone()
            .or_else(|| person.as_ref().map(|p| p.name.clone()))
            .unwrap_or_else(|| self.s.actor.display_name.clone());
        let m = visit::ActiveModel {
            node_id: Set(node.id),
            node_path: Set(node.path.clone()),
            kind: Set(checked.kind.into()),
            visited_on: Set(checked.visited_on),
            visitor_name: Set(visitor_name),
            visitor_person_id: Set(person.as_ref().map(|p| p.id)),
            household: Set(checked.household.clone()),
            notes: Set(checked.notes.clone()),
            problems: Set(checked.requests.len() as i32),
            user_id: Set(self.s.actor.user_id),
            created_at: Set(now_ms()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        for new in &checked.requests {
            insert_request(&work, new, Some(self.s), Some(m.id), crate::now_ms()).await?;
        }
        let path = TreePath::parse(&node.path)?;
        work.record(Entry {
            action: "create",
            record_type: "visit",
            record_id: Some(m.id.to_string()),
            node: Some((node.id, &path)),
            before: None,
            after: Some(visit_json(&m)),
        })
        .await?;
        work.commit().await?;
        self.get(m.id).await
    }
}

impl RequestRepo<'_> {
    /// 企业下单 [003]: staff enter an order on behalf of an enterprise of the tree. The
    /// request is located at the enterprise's node and carries its name; the rest of `input`
    /// is the staff intake's. Someone who may not read the node gets 404.
    pub async fn enterprise_order(
        &self,
        node_id: i64,
        input: &RequestInput,
    ) -> Result<RequestView> {
        let n = org_node::Entity::find_by_id(node_id)
            .one(self.s.db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let path = TreePath::parse(&n.path)?;
        let a = self.s.actor;
        if !may_write(&self.s, &path) {
            let reads = a.can(Permission::RequestRead, &path) || a.can(Permission::OrgRead, &path);
            return Err(if reads {
                StorageError::Forbidden
            } else {
                StorageError::NotFound
            });
        }
        if n.kind != ENTERPRISE_KIND {
            return Err(StorageError::field("node_id", "err.rvisit_not_enterprise"));
        }
        let order = RequestInput {
            channel: Channel::Enterprise.code().into(),
            node_id: Some(n.id),
            enterprise_name: n.name.clone(),
            hotline_no: String::new(),
            ..input.clone()
        };
        self.create(&order).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn cats() -> Vec<String> {
        vec!["enterprise".into(), "municipal".into()]
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn problem(category: &str, description: &str) -> ProblemInput {
        ProblemInput {
            category: category.into(),
            description: description.into(),
            ..Default::default()
        }
    }

    fn enterprise_visit() -> VisitInput {
        VisitInput {
            node_id: Some(7),
            visited_on: "2026-03-02".into(),
            contact_name: "刘经理".into(),
            contact_phone: "13912345678".into(),
            problems: vec![
                problem("enterprise", "用工招聘难，希望对接招聘会"),
                ProblemInput {
                    contact_name: "王会计".into(),
                    contact_phone: "0536-8234567".into(),
                    urgency: "urgent".into(),
                    ..problem("municipal", "厂区门口路灯损坏两周")
                },
                ProblemInput::default(),
            ],
            ..Default::default()
        }
    }

    const FIRM: VisitedNode<'static> = VisitedNode {
        id: 7,
        kind: "enterprise",
        name: "潍坊润丰化工股份有限公司",
    };
    const GRID: VisitedNode<'static> = VisitedNode {
        id: 9,
        kind: "grid",
        name: "第一网格",
    };

    fn fields(r: std::result::Result<CheckedVisit, DomainError>) -> Vec<(String, String)> {
        match r {
            Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
            other => panic!("{other:?}"),
        }
    }

    fn f(field: &str, key: &str) -> (String, String) {
        (field.into(), key.into())
    }

    #[test]
    fn an_enterprise_visit_with_two_problems() {
        let v = check_visit(&enterprise_visit(), Some(FIRM), day("2026-03-02"), &cats()).unwrap();
        assert_eq!(v.kind, "enterprise");
        assert_eq!(v.requests.len(), 2, "the blank row is skipped");
        let (a, b) = (&v.requests[0], &v.requests[1]);
        assert_eq!(a.channel, Channel::Visit);
        assert_eq!(a.node_id, 7);
        assert_eq!(a.enterprise_name.as_deref(), Some(FIRM.name));
        assert_eq!(
            a.contact.as_ref().unwrap().name,
            "刘经理",
            "the visit's contact"
        );
        assert_eq!(
            b.contact.as_ref().unwrap().name,
            "王会计",
            "its own contact"
        );
        assert_eq!(
            b.contact.as_ref().unwrap().phone.as_string(),
            "0536-8234567"
        );
        assert_eq!(b.urgency.code(), "urgent");
    }

    #[test]
    fn households_are_described_and_enterprises_are_not() {
        let household = VisitInput {
            household: "滨城绿洲 3 号楼 2 单元 501 王大爷家".into(),
            problems: vec![problem("municipal", "楼道灯不亮，老人夜里出行不便")],
            ..enterprise_visit()
        };
        let v = check_visit(&household, Some(GRID), day("2026-03-02"), &cats()).unwrap();
        assert_eq!(v.kind, "household");
        assert_eq!(v.requests[0].enterprise_name, None);
        assert_eq!(
            fields(check_visit(
                &household,
                Some(FIRM),
                day("2026-03-02"),
                &cats()
            )),
            [f("household", "err.rvisit_household_enterprise")]
        );
        assert_eq!(
            fields(check_visit(
                &enterprise_visit(),
                Some(GRID),
                day("2026-03-02"),
                &cats()
            )),
            [f("household", "err.rvisit_household_required")]
        );
        let quiet = VisitInput {
            problems: vec![],
            ..household
        };
        let v = check_visit(&quiet, Some(GRID), day("2026-03-02"), &cats()).unwrap();
        assert!(v.requests.is_empty(), "a visit may find nothing");
    }

    #[test]
    fn every_bad_field_of_the_visit_and_its_problems() {
        let bad = VisitInput {
            visited_on: "2026-03-03".into(),
            visitor_name: "名".repeat(51),
            contact_name: "".into(),
            contact_phone: "".into(),
            problems: vec![
                problem("weather", "短"),
                ProblemInput {
                    contact_name: "张".into(),
                    contact_phone: "12".into(),
                    ..problem("enterprise", "厂房屋顶漏雨需要协调维修")
                },
                problem("enterprise", "希望协调办理环评手续"),
            ],
            ..enterprise_visit()
        };
        assert_eq!(
            fields(check_visit(&bad, Some(FIRM), day("2026-03-02"), &cats())),
            [
                f("contact_name", "err.required"),
                f("contact_phone", "err.required"),
                f("problems.0.category", "err.choice"),
                f("problems.0.description", "err.too_short_5"),
                f("problems.1.contact_phone", "err.request_phone_format"),
                f("visited_on", "err.date_future"),
                f("visitor_name", "err.too_long_50"),
            ]
        );
        let many = VisitInput {
            problems: vec![
                problem("enterprise", "希望协调办理环评手续");
                MAX_PROBLEMS + 1
            ],
            ..enterprise_visit()
        };
        assert_eq!(
            fields(check_visit(&many, Some(FIRM), day("2026-03-02"), &cats())),
            [f("problems", "err.rvisit_too_many_problems")]
        );
        let missing = VisitInput {
            visited_on: "".into(),
            ..enterprise_visit()
        };
        assert_eq!(
            fields(check_visit(&missing, None, day("2026-03-02"), &cats())),
            [f("visited_on", "err.required")],
            "a missing node is the caller's to report"
        );
    }
}
