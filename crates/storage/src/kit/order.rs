//! A list read in a parsed order (`touyan_domain::sort`): each area maps its keys to a
//! [`By`]; rows without a value come last whichever the direction, and the id ends every
//! order so that pages neither overlap nor skip.

use sea_orm::sea_query::{CaseStatement, Expr, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, IntoSimpleExpr, Order, QueryOrder, Select};

/// What one sort key orders the rows by.
pub(crate) struct By {
    expr: SimpleExpr,
    /// The value may be empty (NULL).
    nullable: bool,
}

impl By {
    /// A column or expression that always holds a value.
    pub(crate) fn value(e: impl IntoSimpleExpr) -> By {
        By {
            expr: e.into_simple_expr(),
            nullable: false,
        }
    }

    /// A column that may be empty: its empty rows come last both ways (the backends
    /// disagree on where NULL sorts, so it is said outright).
    pub(crate) fn nullable(e: impl IntoSimpleExpr) -> By {
        By {
            expr: e.into_simple_expr(),
            nullable: true,
        }
    }

    /// Codes in their own order rather than the alphabet's (a status's place in its
    /// pipeline); a code not listed comes after them.
    pub(crate) fn rank<C: ColumnTrait>(col: C, codes: &[&str]) -> By {
        let mut case = CaseStatement::new();
        for (i, code) in codes.iter().enumerate() {
            case = case.case(col.eq(*code), i as i32);
        }
        let ranked: SimpleExpr = case.finally(codes.len() as i32).into();
        By::value(ranked)
    }
}

fn dir(desc: bool) -> Order {
    if desc {
        Order::Desc
    } else {
        Order::Asc
    }
}

/// `q` ordered by `by`, then by `id` the same way.
pub(crate) fn sorted<E: EntityTrait>(
    q: Select<E>,
    by: By,
    desc: bool,
    id: impl IntoSimpleExpr,
) -> Select<E> {
    let q = if by.nullable {
        q.order_by(Expr::expr(by.expr.clone()).is_null(), Order::Asc)
    } else {
        q
    };
    q.order_by(by.expr, dir(desc)).order_by(id, dir(desc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::person;
    use sea_orm::{DbBackend, QueryTrait};

    fn sql(q: Select<person::Entity>) -> String {
        q.build(DbBackend::Sqlite).to_string()
    }

    #[test]
    fn the_id_ends_the_order_the_same_way() {
        let q = sorted(
            person::Entity::find(),
            By::value(person::Column::Name),
            true,
            person::Column::Id,
        );
        assert!(
            sql(q).ends_with(r#"ORDER BY "person"."name" DESC, "person"."id" DESC"#),
            "ends with the name, then the id"
        );
    }

    #[test]
    fn empty_values_come_last_and_codes_keep_their_own_order() {
        let q = sorted(
            person::Entity::find(),
            By::nullable(person::Column::ActivistOn),
            false,
            person::Column::Id,
        );
        let s = sql(q);
        assert!(
            s.contains(
                r#"ORDER BY "person"."activist_on" IS NULL ASC, "person"."activist_on" ASC"#
            ),
            "{s}"
        );
        let q = sorted(
            person::Entity::find(),
            By::rank(person::Column::Status, &["masses", "full"]),
            false,
            person::Column::Id,
        );
        let s = sql(q);
        assert!(
            s.contains(r#"ORDER BY (CASE WHEN ("person"."status" = 'masses') THEN 0 WHEN ("person"."status" = 'full') THEN 1 ELSE 2 END) ASC, "person"."id" ASC"#),
            "{s}"
        );
    }
}
