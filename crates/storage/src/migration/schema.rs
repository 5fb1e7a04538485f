//! The pieces every migration builds its tables with. Migrations import these and nothing
//! of one another, so an old migration reads the same whatever a later one changes.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub(crate) fn id(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}
pub(crate) fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}
pub(crate) fn t(name: &str) -> Alias {
    Alias::new(name)
}

/// Path columns must compare byte by byte for the subtree range scan: PostgreSQL's default
/// collation may not, so they get the "C" collation there. SQLite compares bytes already.
pub(crate) fn path_col(name: &str, backend: DbBackend) -> ColumnDef {
    let mut c = col(name);
    c.string().not_null();
    if backend == DbBackend::Postgres {
        c.extra("COLLATE \"C\"");
    }
    c
}

pub(crate) async fn idx(
    m: &SchemaManager<'_>,
    name: &str,
    table: &str,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(t(table));
    for c in cols {
        i.col(t(c));
    }
    if unique {
        i.unique();
    }
    m.create_index(i.to_owned()).await
}

pub(crate) fn fk(from: &str, col: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(t(from), t(col))
        .to(t(to), t("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}
