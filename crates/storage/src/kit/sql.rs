//! SQL helpers shared by every area: statements written once for both backends, LIKE
//! patterns, the names of nodes by id.

use crate::entity::org_node;
use crate::Result;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Statement};
use std::collections::HashMap;

/// `?` placeholders become `$n` on PostgreSQL.
pub fn stmt(backend: sea_orm::DbBackend, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    let sql = if backend == sea_orm::DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Escapes `%`, `_` and `\` for a LIKE pattern that uses `\` as its escape character.
pub fn like_contains(q: &str) -> String {
    let mut s = String::from("%");
    for ch in q.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(ch);
    }
    s.push('%');
    s
}

/// Names of the nodes `ids`, for views that show where a record is filed (the record was
/// already checked readable; a node name says no more than the record does).
pub(crate) async fn node_names<C: ConnectionTrait>(
    conn: &C,
    mut ids: Vec<i64>,
) -> Result<HashMap<i64, String>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = org_node::Entity::find()
        .select_only()
        .column(org_node::Column::Id)
        .column(org_node::Column::Name)
        .filter(org_node::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

pub(crate) fn like_expr(
    col: impl sea_orm::sea_query::IntoColumnRef,
    q: &str,
) -> sea_orm::sea_query::SimpleExpr {
    Expr::col(col).like(sea_orm::sea_query::LikeExpr::new(like_contains(q)).escape('\\'))
}

/// A trimmed, non-blank filter value.
pub(crate) fn nonblank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
