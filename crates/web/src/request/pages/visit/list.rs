//! The visits list.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct ListQ {
    pub(super) under: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    pub(super) q: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Template)]
#[template(path = "request/request_visits.html")]
pub(super) struct ListPage {
    pub(super) l: Layout,
    pub(super) items: Vec<VisitView>,
    pub(super) pager: Pager,
    pub(super) under: String,
    pub(super) kind: String,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) q: String,
    pub(super) can_record: bool,
}

pub(super) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    require_read(&me)?;
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let day = |field: &str, v: &Option<String>| -> WebResult<_> {
        Ok(parse_date(field, v.as_deref().unwrap_or(""))?)
    };
    let filter = VisitFilter {
        under: opt_id("under", &q.under)?,
        kind: blank(&q.kind),
        from: day("from", &q.from)?,
        to: day("to", &q.to)?,
        q: blank(&q.q),
        visitor_person_id: None,
    };
    let p = s.visits().list(&filter, req).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("kind", text(&q.kind)),
        ("from", text(&q.from)),
        ("to", text(&q.to)),
        ("q", text(&q.q)),
    ];
    let pager = Pager::new(req, p.total, &params);
    Ok(page(&ListPage {
        l: layout(&me, "rvisit.title", "/visits", q.ok.as_deref()),
        items: p.items,
        pager,
        under: params[0].1.clone(),
        kind: params[1].1.clone(),
        from: params[2].1.clone(),
        to: params[3].1.clone(),
        q: params[4].1.clone(),
        can_record: s.visits().can_record(),
    }))
}
