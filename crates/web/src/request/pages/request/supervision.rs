//! The supervision page.

use super::*;

#[derive(Template)]
#[template(path = "request/request_supervision.html")]
pub(super) struct SupervisionPage {
    pub(super) l: Layout,
    pub(super) lb: Labels,
    pub(super) items: Vec<SupervisionItem>,
    pub(super) pager: Pager,
    pub(super) under: String,
    pub(super) card: String,
    pub(super) finished: bool,
    pub(super) cards: Vec<Opt>,
}

pub(super) async fn supervision(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<SupervisionQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let f = q.filter()?;
    let p = s.requests().supervision(&f, req).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("card", text(&q.card)),
        (
            "finished",
            if f.finished {
                "1".into()
            } else {
                String::new()
            },
        ),
    ];
    let pager = Pager::new(req, p.total, &params);
    Ok(page(&SupervisionPage {
        l: layout(
            &me,
            "supervision",
            "rq.title_supervision",
            "/supervision",
            None,
        ),
        lb: Labels::load(s, tr).await?,
        items: p.items,
        pager,
        under: params[0].1.clone(),
        card: params[1].1.clone(),
        finished: f.finished,
        cards: label_opts(tr, "rq.card", &["yellow", "red"]),
    }))
}
