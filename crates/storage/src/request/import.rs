//! Orders transferred by the 12345 hotline (12345 热线转办 [003]), imported in batches from
//! the hotline's spreadsheet: all or nothing. Every row is checked by the same intake rules
//! as a form, its location resolved inside the importer's scope, its order number (工单编号)
//! kept and refused when it repeats in the file or is already recorded. Imported requests
//! keep the call time as their creation time and are received at once by the platform (the
//! domain lets the system role receive); the file is audited once.

use super::{category_codes, insert_request, plan_now, stats, write_action, RequestRepo};
use crate::audit::Entry;
use crate::entity::request_tables::{request_category, request_event, service_request as sr};
use crate::kit::import::{ImportOutcome, RowError};
use crate::kit::lookup::NodeResolver;
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::request::intake::{parse_hotline_no, Channel, NewRequest, RequestInput};
use touyan_domain::request::workflow::{ActionInput, Role};
use touyan_domain::tree::TreePath;
use touyan_domain::DomainError;

/// One row of a hotline file, every cell as text.
#[derive(Debug, Clone, Default)]
pub struct HotlineRow {
    /// The spreadsheet row, for the report.
    pub row: u32,
    /// 工单编号: the hotline's own order number.
    pub hotline_no: String,
    /// 来电时间: `2026-03-04 09:30`, `2026/3/4 9:30:15`, `2026-03-04T09:30`.
    pub called_at: String,
    /// A category code or name (Chinese or English).
    pub category: String,
    /// Node code, path of names or unique name.
    pub node: String,
    pub address: String,
    pub description: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// An urgency code (`normal`, `urgent`, `critical`); blank is normal.
    pub urgency: String,
}

/// "No limit" for the node list the rows resolve against (LIMIT binds as i64).
const ALL_NODES: u64 = i64::MAX as u64;

/// Order numbers looked up per statement.
const CHUNK: usize = 400;

/// A call may be logged a little ahead of the server's clock.
const CLOCK_SLACK_MINUTES: i64 = 10;

/// The earliest call time taken: the national 12345 platform dates from the 2020s, so
/// anything older is a typing error.
const EARLIEST_CALL_YEAR: i32 = 2000;

/// A call time as hotline files write it: date and time of day, separated by a space or
/// `T`, the date with `-`, `/` or `.`, seconds optional. A date alone is refused: the time
/// of day is part of the record. `now` is Beijing time.
pub fn parse_call_time(
    s: &str,
    now: NaiveDateTime,
) -> std::result::Result<NaiveDateTime, DomainError> {
    const FIELD: &str = "called_at";
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field(FIELD, "err.required"));
    }
    let norm: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' => '-',
            'T' => ' ',
            c => c,
        })
        .collect();
    let mut parts = norm.split_whitespace();
    let (Some(date), Some(time), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(DomainError::field(FIELD, "err.rimport_called_at_format"));
    };
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .ok();
    let (Some(date), Some(time)) = (date, time) else {
        return Err(DomainError::field(FIELD, "err.rimport_called_at_format"));
    };
    use chrono::Datelike;
    if date.year() < EARLIEST_CALL_YEAR {
        return Err(DomainError::field(FIELD, "err.rimport_called_at_format"));
    }
    let at = date.and_time(time);
    if at > now + Duration::minutes(CLOCK_SLACK_MINUTES) {
        return Err(DomainError::field(FIELD, "err.rimport_called_at_future"));
    }
    Ok(at)
}

fn err(row: u32, field: &str, key: &str) -> RowError {
    RowError {
        row,
        field: field.into(),
        key: key.into(),
    }
}

/// The column a field of the intake rules is reported under.
fn column_of(field: &str) -> &str {
    match field {
        "node_id" => "node",
        other => other,
    }
}

fn push_domain(errs: &mut Vec<RowError>, row: u32, e: DomainError) {
    match e {
        DomainError::Invalid(fe) => errs.extend(
            fe.0.into_iter()
                .map(|(f, key)| err(row, column_of(&f), &key)),
        ),
        DomainError::Refused(k) => errs.push(err(row, "hotline_no", k)),
    }
}

/// Category codes by code and by their names in either language (English without case).
async fn category_names<C: sea_orm::ConnectionTrait>(conn: &C) -> Result<HashMap<String, String>> {
    let mut m = HashMap::new();
    for c in request_category::Entity::find()
        .filter(request_category::Column::Active.eq(true))
        .all(conn)
        .await?
    {
        m.insert(c.name_zh.clone(), c.code.clone());
        m.insert(c.name_en.to_lowercase(), c.code.clone());
        m.insert(c.code.clone(), c.code);
    }
    Ok(m)
}

impl RequestRepo<'_> {
    /// The subtrees where the caller takes in hotline orders: where it dispatches.
    fn import_scopes(&self) -> Result<Vec<TreePath>> {
        let scopes = self.s.actor.grants.scopes(Permission::RequestDispatch);
        if !scopes.is_empty() {
            Ok(scopes)
        } else if self
            .s
            .actor
            .grants
            .scopes(Permission::RequestRead)
            .is_empty()
        {
            Err(StorageError::NotFound)
        } else {
            Err(StorageError::Forbidden)
        }
    }

    /// The nodes a hotline file may name, for the template's dropdown (at most `cap`).
    pub async fn import_nodes(&self, cap: u64) -> Result<NodeResolver> {
        NodeResolver::load(self.s.db, &self.import_scopes()?, cap).await
    }

    /// Checks every row and, when all are good, writes them in one transaction.
    pub async fn import_hotline(
        &self,
        rows: Vec<HotlineRow>,
        filename: &str,
    ) -> Result<ImportOutcome> {
        let db = self.s.db;
        let nodes = self.import_nodes(ALL_NODES).await?;
        let cats = category_codes(db).await?;
        let names = category_names(db).await?;
        let now = super::to_local(now_ms());
        let mut errs = vec![];
        let mut seen: HashMap<String, u32> = HashMap::with_capacity(rows.len());
        let mut good = Vec::with_capacity(rows.len());
        for r in &rows {
            let node = match r.node.trim() {
                "" => {
                    errs.push(err(r.row, "node", "err.required"));
                    None
                }
                n => nodes.resolve(n).map(|(id, _)| id).or_else(|| {
                    errs.push(err(r.row, "node", "err.node_missing"));
                    None
                }),
            };
            let called_at = parse_call_time(&r.called_at, now)
                .map_err(|e| push_domain(&mut errs, r.row, e))
                .ok();
            let category = r.category.trim();
            let input = RequestInput {
                channel: Channel::Hotline.code().into(),
                category: names
                    .get(category)
                    .or_else(|| names.get(&category.to_lowercase()))
                    .cloned()
                    .unwrap_or_else(|| category.to_string()),
                // Located or not, the other cells are checked all the same.
                node_id: Some(node.unwrap_or(0)),
                address: r.address.clone(),
                description: r.description.clone(),
                contact_name: r.contact_name.clone(),
                contact_phone: r.contact_phone.clone(),
                urgency: r.urgency.clone(),
                hotline_no: r.hotline_no.clone(),
                enterprise_name: String::new(),
            };
            if let Ok(no) = parse_hotline_no(&r.hotline_no) {
                if let Some(first) = seen.get(&no) {
                    errs.push(err(
                        r.row,
                        "hotline_no",
                        &format!("err.rimport_hotline_no_repeated|row={first}"),
                    ));
                } else {
                    seen.insert(no, r.row);
                }
            }
            match input.parse(&cats) {
                Ok(new) => {
                    if let (Some(_), Some(at)) = (node, called_at) {
                        good.push((r.row, new, at));
                    }
                }
                Err(e) => push_domain(&mut errs, r.row, e),
            }
        }
        numbers_taken(db, &seen, &mut errs).await?;
        if !errs.is_empty() {
            return refused(errs);
        }

        self.write_rows(&good, filename).await
    }

    /// Writes the checked rows in one transaction, each dated from its call, with one audit
    /// entry for the file.
    async fn write_rows(
        &self,
        good: &[(u32, NewRequest, NaiveDateTime)],
        filename: &str,
    ) -> Result<ImportOutcome> {
        let db = self.s.db;
        let a = self.s.actor;
        let work = Work::begin(db, a).await?;
        let txn = work.txn();
        let receive = ActionInput {
            action: "receive".into(),
            ..Default::default()
        };
        for (row, new, at) in good {
            let m = match insert_request(&work, new, None, None, crate::now_ms()).await {
                Ok(m) => m,
                // Recorded meanwhile by someone else: the file is refused like any repeat.
                Err(StorageError::Conflict(f, k)) => return refused(vec![err(*row, &f, &k)]),
                Err(e) => return Err(e),
            };
            // The request dates from the call, not from the import.
            let created = super::from_local(*at);
            sr::Entity::update_many()
                .col_expr(sr::Column::CreatedAt, Expr::value(created))
                .col_expr(sr::Column::CreatedBy, Expr::value(a.user_id))
                .filter(sr::Column::Id.eq(m.id))
                .exec(txn)
                .await?;
            request_event::Entity::update_many()
                .col_expr(request_event::Column::CreatedAt, Expr::value(created))
                .filter(request_event::Column::RequestId.eq(m.id))
                .filter(request_event::Column::Action.eq("submit"))
                .exec(txn)
                .await?;
            let dated = sr::Model {
                created_at: created,
                created_by: a.user_id,
                ..m.clone()
            };
            stats::on_change(txn, Some(&m), &dated).await?;
            let who = (a.user_id, a.display_name.as_str());
            let (after, event) = plan_now(txn, &dated, Role::System, &receive, who).await?;
            write_action(&work, &dated, &after, event, None).await?;
            stats::on_change(txn, Some(&dated), &after).await?;
        }
        let n = good.len() as u64;
        work.record(Entry {
            action: "import",
            record_type: "service_request",
            record_id: None,
            node: a.home_ref(),
            before: None,
            after: Some(json!({"rows": n, "file": filename, "channel": "hotline"})),
        })
        .await?;
        work.commit().await?;
        Ok(ImportOutcome::Imported(n))
    }
}

/// Refuses the rows whose hotline numbers are recorded already.
async fn numbers_taken(
    db: &DatabaseConnection,
    seen: &HashMap<String, u32>,
    errs: &mut Vec<RowError>,
) -> Result<()> {
    let numbers: Vec<String> = seen.keys().cloned().collect();
    for chunk in numbers.chunks(CHUNK) {
        let taken: Vec<String> = sr::Entity::find()
            .select_only()
            .column(sr::Column::HotlineNo)
            .filter(sr::Column::HotlineNo.is_in(chunk.to_vec()))
            .into_tuple::<Option<String>>()
            .all(db)
            .await?
            .into_iter()
            .flatten()
            .collect();
        for no in taken {
            if let Some(row) = seen.get(&no) {
                errs.push(err(*row, "hotline_no", "err.request_hotline_no_taken"));
            }
        }
    }
    Ok(())
}

/// The refusal of a file: every problem, in row order.
fn refused(mut errs: Vec<RowError>) -> Result<ImportOutcome> {
    errs.sort_by(|a, b| a.row.cmp(&b.row).then(a.field.cmp(&b.field)));
    errs.dedup();
    Ok(ImportOutcome::Refused(errs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn call_times() {
        let now = at("2026-03-04 12:00:00");
        for (s, want) in [
            ("2026-03-04 09:30", "2026-03-04 09:30:00"),
            ("2026-03-04 09:30:15", "2026-03-04 09:30:15"),
            ("2026/3/4 9:05", "2026-03-04 09:05:00"),
            ("2026.03.04 09:30", "2026-03-04 09:30:00"),
            ("2026-03-04T09:30:00", "2026-03-04 09:30:00"),
            (" 2026-03-04  12:05 ", "2026-03-04 12:05:00"),
        ] {
            assert_eq!(parse_call_time(s, now), Ok(at(want)), "{s}");
        }
        let key = |s: &str| match parse_call_time(s, now) {
            Err(DomainError::Invalid(fe)) => fe.0["called_at"].clone(),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(key(""), "err.required");
        for bad in [
            "2026-03-04",
            "09:30",
            "2026-02-30 09:30",
            "2026-03-04 25:00",
            "1999-12-31 09:00",
            "昨天上午",
            "2026-03-04 09:30 下午",
        ] {
            assert_eq!(key(bad), "err.rimport_called_at_format", "{bad}");
        }
        assert_eq!(key("2026-03-04 12:11"), "err.rimport_called_at_future");
        assert_eq!(key("2026-03-05 08:00"), "err.rimport_called_at_future");
    }

    #[test]
    fn refusals_are_in_row_order_without_repeats() {
        let out = refused(vec![
            err(5, "node", "err.node_missing"),
            err(2, "hotline_no", "err.required"),
            err(5, "category", "err.choice"),
            err(5, "node", "err.node_missing"),
        ])
        .unwrap();
        let ImportOutcome::Refused(e) = out else {
            panic!("refused")
        };
        let got: Vec<(u32, &str)> = e.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(got, [(2, "hotline_no"), (5, "category"), (5, "node")]);
    }
}
