//! The caller's requests as a list: seen from the caller's scopes (see
//! [`crate::scope::Listed`]), filtered, counted and paged in the order asked for (newest
//! first unless told otherwise).

use super::*;
use touyan_domain::request::workflow::Waiting;
use touyan_domain::sort::Sort;

/// Adds the names of the request's nodes to its columns, each a lookup by primary key.
fn with_names(q: sea_orm::Select<sr::Entity>) -> sea_orm::Select<sr::Entity> {
    let name = |col: &str| {
        sea_orm::sea_query::Expr::cust(format!(
            "(SELECT org_node.name FROM org_node WHERE org_node.id = service_request.{col})"
        ))
    };
    q.column_as(name("node_id"), "node_name")
        .column_as(name("dispatcher_node_id"), "dispatcher_node_name")
        .column_as(name("handling_node_id"), "handling_node_name")
}

/// A caller's filtered requests, ready to count and page.
struct RequestQuery {
    select: sea_orm::Select<sr::Entity>,
    /// Counts the same requests from the reach index alone, when the filter allows.
    count: Option<sea_orm::Select<request_reach::Entity>>,
    /// The statement joins the reach rows of one node, whose copy of the time is ordered.
    newest_reach: bool,
}

impl RequestQuery {
    /// The statement in the order `s` asks for, the id last. By time, the reach rows' own
    /// ordered copy of it is read when the statement joins them.
    fn ordered(self, s: Sort<RequestSort>) -> sea_orm::Select<sr::Entity> {
        super::order::sorted(self.select, s, self.newest_reach)
    }
}

impl RequestRepo<'_> {
    pub(crate) async fn select(&self, f: &RequestFilter) -> Result<sea_orm::Select<sr::Entity>> {
        Ok(self.query(f).await?.select)
    }

    /// The caller's requests that pass `f`: the statement, whether it joins one node's reach
    /// rows and, when the filter needs nothing but the reach rows, the cheaper statement that counts.
    ///
    /// A caller seen from one node (the common case, and every `under`) reads the reach rows
    /// of that node in time order and joins the requests; the category and the period are
    /// answered by the reach index itself. Several scopes select the requests whose reach
    /// holds any of them, each once.
    async fn query(&self, f: &RequestFilter) -> Result<RequestQuery> {
        let scopes = self.s.list_scopes::<sr::Entity>(f.under).await?;
        // Seen from one node: the same filter as `seen_from`, written as a join.
        let one_node = match scopes.as_slice() {
            [one] => one.id(),
            _ => None,
        };
        let nonblank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let category = nonblank(&f.category);
        let mut q = sr::Entity::find();
        let mut count = None;
        let newest_reach = one_node.is_some();
        match one_node {
            Some(node) => {
                let mut reach = Condition::all().add(request_reach::Column::NodeId.eq(node));
                if let Some(c) = &category {
                    reach = reach.add(request_reach::Column::Category.eq(c.clone()));
                }
                if let Some(a) = f.from {
                    reach = reach.add(request_reach::Column::CreatedAt.gte(a));
                }
                if let Some(b) = f.to {
                    reach = reach.add(request_reach::Column::CreatedAt.lt(b));
                }
                count = Some(request_reach::Entity::find().filter(reach.clone()));
                q = q
                    .join_rev(JoinType::InnerJoin, request_reach::Relation::Request.def())
                    .filter(reach);
            }
            None => q = q.filter(sr::Entity::seen_from(&scopes)),
        }
        if !newest_reach {
            if let Some(c) = &category {
                q = q.filter(sr::Column::Category.eq(c.clone()));
            }
            if let Some(a) = f.from {
                q = q.filter(sr::Column::CreatedAt.gte(a));
            }
            if let Some(b) = f.to {
                q = q.filter(sr::Column::CreatedAt.lt(b));
            }
        }
        // Every further filter reads the request row, so the count joins too.
        let mut on_request = false;
        if let Some(ids) = &f.ids {
            on_request = true;
            q = q.filter(sr::Column::Id.is_in(ids.clone()));
        }
        if let Some(st) = nonblank(&f.state) {
            on_request = true;
            q = match st.as_str() {
                // The state categories as filters too.
                "open" => q.filter(sr::Column::State.is_in(open_states())),
                "closed" => q.filter(sr::Column::State.is_not_in(open_states())),
                _ => q.filter(sr::Column::State.eq(st)),
            };
        }
        if let Some(c) = nonblank(&f.channel) {
            on_request = true;
            q = q.filter(sr::Column::Channel.eq(c));
        }
        if f.overdue {
            on_request = true;
            let now = now_ms();
            q = q.filter(
                Condition::any()
                    .add(sr::Column::StepDueAt.lt(now))
                    .add(sr::Column::FollowUpDueAt.lt(now)),
            );
        }
        match nonblank(&f.card).as_deref() {
            Some("red") => {
                on_request = true;
                q = q.filter(sr::Column::Card.eq("red"));
            }
            Some(_) => {
                on_request = true;
                q = q.filter(sr::Column::Card.is_not_null());
            }
            None => {}
        }
        if let Some(code) = nonblank(&f.waiting) {
            let w = Waiting::from_code(&code)
                .ok_or_else(|| StorageError::field("waiting", "err.choice_invalid"))?;
            on_request = true;
            q = q.filter(self.waiting_on(w));
        }
        if let Some(t) = nonblank(&f.q) {
            on_request = true;
            q = q.filter(text_search(&t));
        }
        Ok(RequestQuery {
            select: q,
            count: if on_request { None } else { count },
            newest_reach,
        })
    }

    pub async fn list(&self, f: &RequestFilter, page: PageRequest) -> Result<Page<RequestView>> {
        let q = self.query(f).await?;
        let db = self.s.db;
        let (by_reach, all) = (q.count.clone(), q.select.clone());
        let count = async {
            match by_reach {
                Some(c) => crate::count_rows(db, c).await,
                None => crate::count_rows(db, all).await,
            }
        };
        let rows = with_names(q.ordered(f.sort))
            .offset(page.offset())
            .limit(page.per_page)
            .into_model::<NamedRow>()
            .all(db);
        // Two reads on two connections, side by side: sent one after the other they would
        // not see one snapshot either.
        let (total, rows) = tokio::try_join!(count, rows)?;
        Ok(Page {
            items: self.named_views(rows),
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn all(&self, f: &RequestFilter, cap: u64) -> Result<Vec<RequestView>> {
        let rows = self
            .query(f)
            .await?
            .ordered(f.sort)
            .limit(cap)
            .all(self.s.db)
            .await?;
        self.views(rows).await
    }
}

/// A search box's words: in the description or the address, the hotline number, or the
/// tracking code.
fn text_search(t: &str) -> Condition {
    let mut any = Condition::any()
        .add(crate::kit::sql::like_expr(sr::Column::Description, t))
        .add(crate::kit::sql::like_expr(sr::Column::Address, t))
        .add(sr::Column::HotlineNo.eq(t));
    // The tracking code as shown (dashes, any case) or its first characters, read
    // the way the public tracking page reads it.
    if let Some(p) = tracking_code_prefix(t) {
        any = any.add(sr::Column::Code.starts_with(p));
    }
    any
}
