//! The bare statements' selected columns and the ids read from their rows.

use super::*;

pub(super) const AUDIT_SELECT: &str =
    "\"audit_log\".\"id\", \"audit_log\".\"at\", \"audit_log\".\"actor_id\", \
    \"audit_log\".\"actor_name\", \"audit_log\".\"ip\", \"audit_log\".\"action\", \
    \"audit_log\".\"record_type\", \"audit_log\".\"record_id\", \"audit_log\".\"node_id\", \
    \"audit_log\".\"node_path\", \"audit_log\".\"before\", \"audit_log\".\"after\"";

pub(super) const ORG_SELECT: &str =
    "\"org_node\".\"id\", \"org_node\".\"parent_id\", \"org_node\".\"path\", \
    \"org_node\".\"depth\", \"org_node\".\"name\", \"org_node\".\"kind\", \"org_node\".\"code\", \
    \"org_node\".\"sort_order\", \"org_node\".\"status\", \"org_node\".\"created_at\", \
    \"org_node\".\"updated_at\"";

/// The first page of 20, bound as parameters the way sea-query renders `LIMIT`/`OFFSET`.
pub(super) fn paged(mut values: Vec<Value>) -> Vec<Value> {
    values.push(Value::BigUnsigned(Some(20)));
    values.push(Value::BigUnsigned(Some(0)));
    values
}

/// Reads every column of every row, as the ORM would, and returns the ids.
pub(super) fn audit_ids(rows: Vec<QueryResult>) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let _: i64 = r.try_get_by_index(1)?;
        let _: Option<i64> = r.try_get_by_index(2)?;
        let _: String = r.try_get_by_index(3)?;
        let _: Option<String> = r.try_get_by_index(4)?;
        let _: String = r.try_get_by_index(5)?;
        let _: String = r.try_get_by_index(6)?;
        let _: Option<String> = r.try_get_by_index(7)?;
        let _: Option<i64> = r.try_get_by_index(8)?;
        let _: String = r.try_get_by_index(9)?;
        let _: Option<String> = r.try_get_by_index(10)?;
        let _: Option<String> = r.try_get_by_index(11)?;
        ids.push(id);
    }
    Ok(ids)
}

pub(super) fn org_ids(rows: Vec<QueryResult>) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get_by_index(0)?;
        let _: Option<i64> = r.try_get_by_index(1)?;
        let _: String = r.try_get_by_index(2)?;
        let _: i32 = r.try_get_by_index(3)?;
        let _: String = r.try_get_by_index(4)?;
        let _: String = r.try_get_by_index(5)?;
        let _: Option<String> = r.try_get_by_index(6)?;
        let _: i32 = r.try_get_by_index(7)?;
        let _: String = r.try_get_by_index(8)?;
        let _: i64 = r.try_get_by_index(9)?;
        let _: i64 = r.try_get_by_index(10)?;
        ids.push(id);
    }
    Ok(ids)
}
