//! The bare statements of the request list and the measures.

use super::*;

pub(super) const SCOPE: &str = "((\"node_path\" >= ? AND \"node_path\" < ?) OR (\"dispatcher_path\" >= ? AND \"dispatcher_path\" < ?) OR (\"handling_path\" >= ? AND \"handling_path\" < ?))";

impl Bare<'_> {
    pub(super) fn scope(p: &TreePath) -> Vec<Value> {
        let (a, b) = (p.as_str().to_string(), p.upper_bound());
        vec![
            a.clone().into(),
            b.clone().into(),
            a.clone().into(),
            b.clone().into(),
            a.into(),
            b.into(),
        ]
    }
    /// The list's total as the product counts it: the reach rows of the caller's node in the
    /// category.
    pub(super) async fn list_count(&self, node: i64) -> anyhow::Result<i64> {
        Ok(scalar_i64(
            self.conn,
            self.backend,
            "SELECT COUNT(*) FROM request_reach WHERE node_id = ? AND category = ?",
            vec![node.into(), LIST_CATEGORY.into()],
        )
        .await?
        .unwrap_or(0))
    }
    /// The list's page as the product reads it: the node's reach rows newest first, joined to
    /// the requests, every column, with the names of the request's three nodes.
    pub(super) fn page_sql() -> String {
        let cols: Vec<String> = REQUEST_COLS
            .iter()
            .map(|c| format!("service_request.\"{c}\""))
            .collect();
        let names: Vec<String> = [
            ("node_id", "node_name"),
            ("dispatcher_node_id", "dispatcher_node_name"),
            ("handling_node_id", "handling_node_name"),
        ]
        .iter()
        .map(|(c, a)| {
            format!(
                "(SELECT org_node.name FROM org_node WHERE org_node.id = service_request.{c}) AS {a}"
            )
        })
        .collect();
        format!(
            "SELECT {}, {} FROM service_request INNER JOIN request_reach \
             ON request_reach.request_id = service_request.id \
             WHERE request_reach.node_id = ? AND request_reach.category = ? \
             ORDER BY request_reach.created_at DESC, request_reach.request_id DESC LIMIT 20 OFFSET 0",
            cols.join(", "),
            names.join(", ")
        )
    }
    /// The page, every column of every row decoded into the product's row type.
    pub(super) async fn list_page(&self, node: i64) -> anyhow::Result<Vec<i64>> {
        let rows = self
            .conn
            .query_all(stmt(
                self.backend,
                &Self::page_sql(),
                vec![node.into(), LIST_CATEGORY.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                let row = RequestRow::from_query_result(r, "")?;
                for name in ["node_name", "dispatcher_node_name", "handling_node_name"] {
                    let _: Option<String> = r.try_get("", name)?;
                }
                Ok(row.id)
            })
            .collect()
    }
    /// The same total and page with the scope written as the three path ranges (located,
    /// dispatched, handled), the list's form before the reach rows.
    pub(super) async fn ranges_count(&self, p: &TreePath) -> anyhow::Result<i64> {
        let mut v = Self::scope(p);
        v.push(LIST_CATEGORY.into());
        Ok(scalar_i64(
            self.conn,
            self.backend,
            &format!("SELECT COUNT(*) FROM service_request WHERE {SCOPE} AND \"category\" = ?"),
            v,
        )
        .await?
        .unwrap_or(0))
    }
    pub(super) fn ranges_page_sql() -> String {
        format!(
            "SELECT id FROM service_request WHERE {SCOPE} AND \"category\" = ? \
             ORDER BY \"created_at\" DESC, \"id\" DESC LIMIT 20"
        )
    }
    pub(super) async fn ranges_page(&self, p: &TreePath) -> anyhow::Result<Vec<i64>> {
        let mut v = Self::scope(p);
        v.push(LIST_CATEGORY.into());
        let rows = self
            .conn
            .query_all(stmt(self.backend, &Self::ranges_page_sql(), v))
            .await?;
        rows.iter()
            .map(|r| Ok(r.try_get_by_index::<i64>(0)?))
            .collect()
    }
    pub(super) fn counters_sql() -> String {
        let sums: Vec<String> = COUNTER_COLUMNS
            .iter()
            .map(|c| format!("CAST(SUM(\"{c}\") AS BIGINT)"))
            .collect();
        format!(
            "SELECT category, channel, located, {} FROM request_stat WHERE node_id IN (?) \
             AND day >= ? AND day <= ? GROUP BY category, channel, located",
            sums.join(", ")
        )
    }
    /// The statement on the counters that the measures' totals come from.
    pub(super) async fn counters(&self, node: i64, from: i32, to: i32) -> anyhow::Result<usize> {
        Ok(self
            .conn
            .query_all(stmt(
                self.backend,
                &Self::counters_sql(),
                vec![node.into(), from.into(), to.into()],
            ))
            .await?
            .len())
    }
    pub(super) fn scan_sql() -> &'static str {
        "SELECT COUNT(*), \
         CAST(SUM(CASE WHEN \"state\" = 'closed' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN \"state\" = 'closed' AND \"solved\" = ? THEN 1 ELSE 0 END) AS BIGINT) \
         FROM service_request WHERE ((\"node_path\" >= ? AND \"node_path\" < ?) OR \
         (\"handling_path\" >= ? AND \"handling_path\" < ?)) AND \"created_at\" >= ? AND \"created_at\" < ?"
    }
    /// A plain scan of the requests for collected, closed and solved.
    pub(super) async fn scan(
        &self,
        p: &TreePath,
        from: i64,
        to: i64,
    ) -> anyhow::Result<(i64, i64, i64)> {
        let (a, b) = (p.as_str().to_string(), p.upper_bound());
        let r = self
            .conn
            .query_one(stmt(
                self.backend,
                Self::scan_sql(),
                vec![
                    true.into(),
                    a.clone().into(),
                    b.clone().into(),
                    a.into(),
                    b.into(),
                    from.into(),
                    to.into(),
                ],
            ))
            .await?
            .context("no row")?;
        let get = |i: usize| -> anyhow::Result<i64> {
            Ok(r.try_get_by_index::<Option<i64>>(i)?.unwrap_or(0))
        };
        Ok((get(0)?, get(1)?, get(2)?))
    }
    pub(super) async fn explain(
        &self,
        label: &str,
        sql: &str,
        values: Vec<Value>,
    ) -> anyhow::Result<String> {
        let prefix = match self.backend {
            DbBackend::Postgres => "EXPLAIN (ANALYZE, BUFFERS) ",
            _ => "EXPLAIN QUERY PLAN ",
        };
        let rows = self
            .conn
            .query_all(stmt(self.backend, &format!("{prefix}{sql}"), values))
            .await?;
        let mut out = format!("-- {label}\n");
        for r in rows {
            let line = match self.backend {
                DbBackend::Postgres => r.try_get_by_index::<String>(0)?,
                _ => r.try_get_by_index::<String>(3)?,
            };
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}
