//! What the public form offers: the categories and the places a request may be filed at.

use super::*;

impl Store {
    /// The active categories, in their set order.
    pub async fn public_categories(&self) -> Result<Vec<PublicCategory>> {
        Ok(request_category::Entity::find()
            .filter(request_category::Column::Active.eq(true))
            .order_by_asc(request_category::Column::SortOrder)
            .order_by_asc(request_category::Column::Code)
            .all(self.raw_connection())
            .await?
            .into_iter()
            .map(|c| PublicCategory {
                code: c.code,
                name_zh: c.name_zh,
                name_en: c.name_en,
                reply_days: c.reply_days,
            })
            .collect())
    }

    /// Active communities, grids, parks and streets whose name holds `q` (all of them, top
    /// levels first, when `q` is blank), at most [`MAX_LOCATIONS`], with their full names.
    pub async fn public_locations(&self, q: &str) -> Result<Vec<PublicLocation>> {
        let db = self.raw_connection();
        let q: String = q.trim().chars().take(50).collect();
        let mut sel = org_node::Entity::find()
            .filter(org_node::Column::Kind.is_in(LOCATION_KINDS))
            .filter(org_node::Column::Status.eq("active"));
        if !q.is_empty() {
            sel = sel.filter(crate::kit::sql::like_expr(org_node::Column::Name, &q));
        }
        let rows = sel
            .order_by_asc(org_node::Column::Depth)
            .order_by_asc(org_node::Column::Path)
            .limit(MAX_LOCATIONS)
            .all(db)
            .await?;
        let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        let full = name_paths(db, &paths).await?;
        Ok(rows
            .into_iter()
            .map(|r| PublicLocation {
                full_name: full.get(&r.id).map(|n| n.join(" / ")).unwrap_or_default(),
                id: r.id,
                name: r.name,
                kind: r.kind,
            })
            .collect())
    }

    /// One location by id, if the public may file requests there.
    pub async fn public_location(&self, id: i64) -> Result<Option<PublicLocation>> {
        let db = self.raw_connection();
        let Some(r) = org_node::Entity::find_by_id(id)
            .filter(org_node::Column::Kind.is_in(LOCATION_KINDS))
            .filter(org_node::Column::Status.eq("active"))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let full = name_paths(db, &[r.path.as_str()]).await?;
        Ok(Some(PublicLocation {
            full_name: full.get(&r.id).map(|n| n.join(" / ")).unwrap_or_default(),
            id: r.id,
            name: r.name,
            kind: r.kind,
        }))
    }

    /// The location a free-text address names: among active communities, grids, parks and
    /// streets whose whole name appears in `text`, the deepest (the longest name among
    /// equals). `None` when none does or two equally good ones do.
    pub async fn resolve_location(&self, text: &str) -> Result<Option<i64>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // The address contains the name: the reverse of a LIKE search, so the name is the
        // pattern. Candidates are confirmed below, since a name may hold % or _.
        let cond = match self.db_backend() {
            sea_orm::DbBackend::Postgres => Expr::cust_with_values(
                r#"$1 LIKE ('%' || "org_node"."name" || '%')"#,
                [text.to_string()],
            ),
            _ => Expr::cust_with_values(
                r#"? LIKE ('%' || "org_node"."name" || '%')"#,
                [text.to_string()],
            ),
        };
        let rows: Vec<(i64, String, i32)> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Name)
            .column(org_node::Column::Depth)
            .filter(org_node::Column::Kind.is_in(LOCATION_KINDS))
            .filter(org_node::Column::Status.eq("active"))
            .filter(cond)
            .limit(200)
            .into_tuple()
            .all(self.raw_connection())
            .await?;
        let mut found: Vec<(i64, String, i32)> = rows
            .into_iter()
            .filter(|(_, name, _)| !name.is_empty() && text.contains(name.as_str()))
            .collect();
        found.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then(b.1.chars().count().cmp(&a.1.chars().count()))
        });
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.0)),
            [a, b, ..] if a.2 == b.2 && a.1.chars().count() == b.1.chars().count() => Ok(None),
            [a, ..] => Ok(Some(a.0)),
        }
    }
}
