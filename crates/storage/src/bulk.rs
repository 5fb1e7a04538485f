//! Bulk loads into a table that holds (almost) nothing yet: the table's secondary indexes
//! (and, on PostgreSQL, its foreign keys) are set aside for the load and built again from all
//! the rows at the end, inside the load's own transaction. Building an index once from its
//! rows is cheaper than growing it row by row, and checking a foreign key once for the whole
//! table is cheaper than once per row; both databases' manuals give this advice for
//! populating a table (PostgreSQL, "Populating a Database").
//!
//! The definitions come from the database's catalog, so whatever the migrations declare is
//! what is built again. The whole change is transactional on both backends: a load that
//! fails or is dropped rolls the definitions back with its rows, and a load that broke a
//! unique index or a foreign key fails when it is built again. On PostgreSQL this locks the
//! table against readers, and the tables its foreign keys point to against writers, until
//! the load commits; loads take this path only while the table is nearly empty (see the
//! callers). SQLite cannot drop a foreign key without rebuilding the table, and checks one
//! cheaply, so its foreign keys stay.

use crate::Result;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// One index or foreign key of a table, as the catalog records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    /// The statement that builds it.
    pub sql: String,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Index,
    ForeignKey,
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The table's indexes that no constraint owns (the primary key keeps its own), and on
/// PostgreSQL its foreign keys; each kind by name.
pub async fn definitions<C: ConnectionTrait>(conn: &C, table: &str) -> Result<Vec<Definition>> {
    let backend = conn.get_database_backend();
    let stmt = match backend {
        DbBackend::Postgres => Statement::from_sql_and_values(
            backend,
            "SELECT 'i' AS kind, i.relname::text AS name, pg_get_indexdef(i.oid) AS sql \
             FROM pg_index x \
             JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_class t ON t.oid = x.indrelid \
             WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) \
             UNION ALL \
             SELECT 'f', c.conname::text, pg_get_constraintdef(c.oid) \
             FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
             WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace \
             AND c.contype = 'f' \
             ORDER BY 1, 2",
            [table.into()],
        ),
        // Indexes SQLite makes for constraints itself have no SQL text.
        _ => Statement::from_sql_and_values(
            backend,
            "SELECT 'i' AS kind, name, sql FROM sqlite_master \
             WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
            [table.into()],
        ),
    };
    let mut out = Vec::new();
    for row in conn.query_all(stmt).await? {
        let kind: String = row.try_get("", "kind")?;
        let name: String = row.try_get("", "name")?;
        let sql: String = row.try_get("", "sql")?;
        out.push(if kind == "f" {
            Definition {
                sql: format!(
                    "ALTER TABLE {} ADD CONSTRAINT {} {sql}",
                    quoted(table),
                    quoted(&name)
                ),
                name,
                kind: Kind::ForeignKey,
            }
        } else {
            Definition {
                name,
                sql,
                kind: Kind::Index,
            }
        });
    }
    Ok(out)
}

/// Drops what [`definitions`] lists and hands it back. Only inside a transaction that ends
/// with [`build_again`] or is rolled back.
pub async fn set_aside<C: ConnectionTrait>(conn: &C, table: &str) -> Result<Vec<Definition>> {
    let defs = definitions(conn, table).await?;
    for d in &defs {
        let sql = match d.kind {
            Kind::Index => format!("DROP INDEX {}", quoted(&d.name)),
            Kind::ForeignKey => format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                quoted(table),
                quoted(&d.name)
            ),
        };
        conn.execute_unprepared(&sql).await?;
    }
    Ok(defs)
}

/// Builds again what [`set_aside`] dropped. A unique index or a foreign key that the load
/// broke fails here, and the transaction with it.
pub async fn build_again<C: ConnectionTrait>(conn: &C, defs: &[Definition]) -> Result<()> {
    for d in defs {
        conn.execute_unprepared(&d.sql).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn names_are_quoted_with_their_quotes_doubled() {
        assert_eq!(quoted("ix_person_scope"), "\"ix_person_scope\"");
        assert_eq!(quoted("a\"b"), "\"a\"\"b\"");
    }
}
