//! Request categories (诉求类别): one dictionary for the whole tree, each category with its
//! default handling unit and its time limits (工单类别时限) — acceptance in working hours, reply
//! and follow-up in working days, the reopen window, and when a yellow card turns red. Everyone
//! signed in reads it; only a whole-tree `request.manage` changes it.

use super::RequestRepo;
use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::request_tables::request_category;
use crate::kit::work::Work;
use crate::{Result, StorageError};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder};
use serde::Serialize;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::fields::parse_text;
use touyan_domain::request::workflow::Policy;
use touyan_domain::FieldErrors;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategoryView {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// The unit requests of this category usually go to (offered first when dispatching).
    pub default_node_id: Option<i64>,
    pub default_node_name: Option<String>,
    /// Accept within this many working hours of dispatch (接单时限).
    pub accept_within_hours: i32,
    /// Reply within this many working days of acceptance (答复时限).
    pub reply_within_days: i32,
    /// Follow up within this many working days of the reply (回访时限).
    pub follow_up_within_days: i32,
    /// Calendar days after closing in which the complainant may reopen.
    pub reopen_window_days: i32,
    /// Working hours after the due time when a yellow card turns red; `null`: the step's
    /// own limit once more.
    pub red_after_work_hours: Option<i32>,
    pub sort_order: i32,
    pub active: bool,
}

pub use touyan_domain::request::workflow::{CategoryInput, CategoryPatch};

/// A category's checked fields.
struct Checked {
    name_zh: String,
    name_en: String,
    policy: Policy,
}

fn category_json(m: &request_category::Model) -> serde_json::Value {
    json!({"code": m.code, "name_zh": m.name_zh, "name_en": m.name_en,
           "default_node_id": m.default_node_id, "accept_hours": m.accept_hours,
           "reply_days": m.reply_days, "follow_up_days": m.follow_up_days,
           "reopen_days": m.reopen_days, "red_after_hours": m.red_after_hours,
           "sort_order": m.sort_order, "active": m.active})
}

/// 2–40 lower-case letters, digits or `_`, starting with a letter (codes are kept in every
/// request and in the 12345 import's column).
fn code_ok(c: &str) -> bool {
    let b = c.as_bytes();
    (2..=40).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || *x == b'_')
}

fn check(input: &CategoryInput) -> std::result::Result<Checked, StorageError> {
    let mut fe = FieldErrors::new();
    let name_zh = match fe.check(
        "name_zh",
        parse_text("name_zh", &input.name_zh, 50, "err.too_long_50"),
    ) {
        Some(Some(n)) => Some(n),
        Some(None) => {
            fe.add("name_zh", "err.required");
            None
        }
        None => None,
    };
    let name_en = fe
        .check(
            "name_en",
            parse_text("name_en", &input.name_en, 100, "err.too_long_100"),
        )
        .flatten();
    if let Some(n) = input.sort_order {
        if !(-1_000_000..=1_000_000).contains(&n) {
            fe.add("sort_order", "err.sort_order_range");
        }
    }
    let policy = fe.check("accept_within_hours", input.policy().parse());
    if !fe.is_empty() {
        return Err(StorageError::Invalid(fe));
    }
    let name_zh = name_zh.expect("checked");
    Ok(Checked {
        name_en: name_en.unwrap_or_else(|| name_zh.clone()),
        name_zh,
        policy: policy.expect("checked"),
    })
}

impl RequestRepo<'_> {
    fn may_manage(&self) -> Result<()> {
        if self.s.actor.grants.allows_global(Permission::RequestManage) {
            Ok(())
        } else {
            Err(StorageError::Forbidden)
        }
    }

    /// Whether the caller maintains the categories.
    pub fn can_manage_categories(&self) -> bool {
        self.may_manage().is_ok()
    }

    async fn category_views(
        &self,
        rows: Vec<request_category::Model>,
    ) -> Result<Vec<CategoryView>> {
        let names = crate::kit::sql::node_names(
            self.s.db,
            rows.iter().filter_map(|r| r.default_node_id).collect(),
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|m| CategoryView {
                default_node_name: m.default_node_id.and_then(|n| names.get(&n).cloned()),
                code: m.code,
                name_zh: m.name_zh,
                name_en: m.name_en,
                default_node_id: m.default_node_id,
                accept_within_hours: m.accept_hours,
                reply_within_days: m.reply_days,
                follow_up_within_days: m.follow_up_days,
                reopen_window_days: m.reopen_days,
                red_after_work_hours: m.red_after_hours,
                sort_order: m.sort_order,
                active: m.active,
            })
            .collect())
    }

    /// Every category, active or not, in the dictionary's order.
    pub async fn categories(&self) -> Result<Vec<CategoryView>> {
        let rows = request_category::Entity::find()
            .order_by_asc(request_category::Column::SortOrder)
            .order_by_asc(request_category::Column::Code)
            .all(self.s.db)
            .await?;
        self.category_views(rows).await
    }

    async fn default_node<C: ConnectionTrait>(&self, conn: &C, id: Option<i64>) -> Result<()> {
        if let Some(id) = id {
            org_node::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or_else(|| StorageError::field("default_node_id", "err.node_missing"))?;
        }
        Ok(())
    }

    /// A new category (`request.manage` over the whole tree).
    pub async fn create_category(&self, input: &CategoryInput) -> Result<CategoryView> {
        self.may_manage()?;
        let code = input.code.trim();
        let checked = match (code_ok(code), check(input)) {
            (true, r) => r?,
            (false, Err(StorageError::Invalid(mut fe))) => {
                fe.add("code", "err.rq_category_code_format");
                return Err(StorageError::Invalid(fe));
            }
            (false, _) => return Err(StorageError::field("code", "err.rq_category_code_format")),
        };
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        if request_category::Entity::find_by_id(code.to_string())
            .one(txn)
            .await?
            .is_some()
        {
            return Err(StorageError::conflict("code", "err.code_taken"));
        }
        self.default_node(txn, input.default_node_id).await?;
        let sort_order = match input.sort_order {
            Some(n) => n,
            None => {
                let last = request_category::Entity::find()
                    .order_by_desc(request_category::Column::SortOrder)
                    .one(txn)
                    .await?;
                last.map(|c| c.sort_order + 10).unwrap_or(10)
            }
        };
        let p = checked.policy;
        let m = request_category::ActiveModel {
            code: Set(code.to_string()),
            name_zh: Set(checked.name_zh),
            name_en: Set(checked.name_en),
            default_node_id: Set(input.default_node_id),
            accept_hours: Set(p.accept_within_hours as i32),
            reply_days: Set(p.reply_within_days as i32),
            follow_up_days: Set(p.follow_up_within_days as i32),
            reopen_days: Set(p.reopen_window_days as i32),
            red_after_hours: Set(p.red_after_work_hours.map(|h| h as i32)),
            sort_order: Set(sort_order),
            active: Set(input.active),
        }
        .insert(txn)
        .await?;
        work.record(Entry {
            action: "create",
            record_type: "request_category",
            record_id: Some(m.code.clone()),
            node: None,
            before: None,
            after: Some(category_json(&m)),
        })
        .await?;
        work.commit().await?;
        Ok(self.category_views(vec![m]).await?.remove(0))
    }

    /// Changes a category; its new limits apply to steps started from now on, the running
    /// ones keep the due times they were given.
    pub async fn update_category(&self, code: &str, patch: &CategoryPatch) -> Result<CategoryView> {
        self.may_manage()?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let m = request_category::Entity::find_by_id(code.to_string())
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let pick = |v: &Option<String>, cur: String| v.clone().unwrap_or(cur);
        let input = CategoryInput {
            code: m.code.clone(),
            name_zh: pick(&patch.name_zh, m.name_zh.clone()),
            name_en: pick(&patch.name_en, m.name_en.clone()),
            default_node_id: patch.default_node_id.unwrap_or(m.default_node_id),
            accept_within_hours: pick(&patch.accept_within_hours, m.accept_hours.to_string()),
            reply_within_days: pick(&patch.reply_within_days, m.reply_days.to_string()),
            follow_up_within_days: pick(&patch.follow_up_within_days, m.follow_up_days.to_string()),
            reopen_window_days: pick(&patch.reopen_window_days, m.reopen_days.to_string()),
            red_after_work_hours: pick(
                &patch.red_after_work_hours,
                m.red_after_hours.map(|h| h.to_string()).unwrap_or_default(),
            ),
            sort_order: Some(patch.sort_order.unwrap_or(m.sort_order)),
            active: patch.active.unwrap_or(m.active),
        };
        let checked = check(&input)?;
        self.default_node(txn, input.default_node_id).await?;
        let before = category_json(&m);
        let p = checked.policy;
        let mut am: request_category::ActiveModel = m.into();
        am.name_zh = Set(checked.name_zh);
        am.name_en = Set(checked.name_en);
        am.default_node_id = Set(input.default_node_id);
        am.accept_hours = Set(p.accept_within_hours as i32);
        am.reply_days = Set(p.reply_within_days as i32);
        am.follow_up_days = Set(p.follow_up_within_days as i32);
        am.reopen_days = Set(p.reopen_window_days as i32);
        am.red_after_hours = Set(p.red_after_work_hours.map(|h| h as i32));
        am.sort_order = Set(input.sort_order.unwrap_or_default());
        am.active = Set(input.active);
        let after = am.update(txn).await?;
        work.record(Entry {
            action: "update",
            record_type: "request_category",
            record_id: Some(after.code.clone()),
            node: None,
            before: Some(before),
            after: Some(category_json(&after)),
        })
        .await?;
        work.commit().await?;
        Ok(self.category_views(vec![after]).await?.remove(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(code_ok("environment"));
        assert!(code_ok("a1_b"));
        assert!(!code_ok("a"));
        assert!(!code_ok("1abc"));
        assert!(!code_ok("Abc"));
        assert!(!code_ok("ab-c"));
    }

    #[test]
    fn checks_every_field() {
        let bad = CategoryInput {
            name_zh: " ".into(),
            accept_within_hours: "0".into(),
            reply_within_days: "x".into(),
            follow_up_within_days: "3".into(),
            reopen_window_days: "7".into(),
            ..Default::default()
        };
        let Err(StorageError::Invalid(fe)) = check(&bad) else {
            panic!("refused")
        };
        assert_eq!(fe.0["name_zh"], "err.required");
        assert_eq!(
            fe.0["accept_within_hours"],
            "err.request_accept_hours_range"
        );
        assert_eq!(fe.0["reply_within_days"], "err.number_invalid");
        let good = CategoryInput {
            name_zh: "供水".into(),
            accept_within_hours: "4".into(),
            reply_within_days: "5".into(),
            follow_up_within_days: "3".into(),
            reopen_window_days: "7".into(),
            red_after_work_hours: "8".into(),
            ..Default::default()
        };
        let c = check(&good).unwrap_or_else(|_| panic!("accepted"));
        assert_eq!(c.name_en, "供水");
        assert_eq!(c.policy.red_after_work_hours, Some(8));
    }
}
