//! The requests list.

use super::*;

#[derive(Template)]
#[template(path = "request/request_list.html")]
pub(super) struct ListPage {
    pub(super) l: Layout,
    pub(super) lb: Labels,
    pub(super) items: Vec<RequestView>,
    pub(super) pager: Pager,
    pub(super) heads: SortHeads,
    pub(super) q: RequestQuery,
    pub(super) states: Vec<Opt>,
    pub(super) categories: Vec<Opt>,
    pub(super) channels: Vec<Opt>,
    pub(super) cards: Vec<Opt>,
    pub(super) waitings: Vec<Opt>,
    pub(super) can_create: bool,
    pub(super) export_href: String,
    /// The export of the ticked rows.
    pub(super) selected_href: &'static str,
}

impl ListPage {
    pub(super) fn v(&self, field: &str) -> String {
        self.q
            .params()
            .into_iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }
}

/// The requests' export, of the list or of the rows ticked in it.
const EXPORT: &str = "/api/v1/requests/export.xlsx";

pub(super) fn all_states(tr: Tr) -> Vec<Opt> {
    let mut codes: Vec<&str> = vec!["open"];
    codes.extend(STATES.iter().map(|s| s.code));
    label_opts(tr, "rq.state", &codes)
}

pub(super) fn all_channels(tr: Tr) -> Vec<Opt> {
    let codes: Vec<&str> = touyan_domain::request::intake::Channel::ALL
        .iter()
        .map(|c| c.code())
        .collect();
    label_opts(tr, "rq.channel", &codes)
}

/// May take requests in somewhere.
pub(super) fn takes_in(me: &Me) -> bool {
    let g = &me.actor.grants;
    !g.scopes(Permission::RequestDispatch).is_empty()
        || !g.scopes(Permission::RequestHandle).is_empty()
}

pub(super) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<RequestQuery>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let filter = q.filter()?;
    let p = s.requests().list(&filter, req).await?;
    let mut params = q.params();
    let heads = SortHeads::new("/requests", &params, req, filter.sort);
    params.extend(heads.kept());
    let pager = Pager::new(req, p.total, &params);
    let export_href = match pager.base.trim_end_matches('&') {
        "" => EXPORT.to_string(),
        b => format!("{EXPORT}?{b}"),
    };
    let cats = s.requests().categories().await?;
    Ok(page(&ListPage {
        l: layout(&me, "requests", "rq.title", "/requests", None),
        lb: Labels::load(s, tr).await?,
        items: p.items,
        pager,
        states: all_states(tr),
        categories: category_opts(&cats, tr.lang, false),
        channels: all_channels(tr),
        cards: label_opts(tr, "rq.card", &["yellow", "red"]),
        waitings: label_opts(
            tr,
            "todo.rq",
            &crate::request::api::request::waiting_codes(),
        ),
        can_create: takes_in(&me),
        export_href,
        selected_href: EXPORT,
        heads,
        q,
    }))
}
