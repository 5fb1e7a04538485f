//! The people list and its filters.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct ListQ {
    pub(super) under: Option<String>,
    pub(super) status: Option<String>,
    pub(super) post: Option<String>,
    pub(super) q: Option<String>,
    pub(super) due: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) sort: Option<String>,
    pub(super) dir: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Template)]
#[template(path = "people/people.html")]
pub(super) struct PeoplePage {
    pub(super) l: Layout,
    pub(super) items: Vec<PersonView>,
    pub(super) pager: Pager,
    pub(super) heads: SortHeads,
    pub(super) under: String,
    pub(super) status: String,
    pub(super) post: String,
    pub(super) q: String,
    pub(super) due: String,
    pub(super) dues: Vec<Opt>,
    pub(super) statuses: Vec<Opt>,
    pub(super) posts: Vec<Opt>,
    pub(super) can_create: bool,
    pub(super) export_href: String,
    /// The export of the ticked rows.
    pub(super) selected_href: &'static str,
    /// The same export with full numbers, for those who may see them (audited).
    pub(super) export_full_href: Option<String>,
    /// The listed people by status, age and education; none when the list is empty.
    pub(super) charts: Option<crate::people::charts::PeopleCharts>,
}

impl PeoplePage {
    pub(super) fn label(&self, prefix: &str, code: &str) -> &'static str {
        label(&self.l, prefix, code)
    }
}

/// The people ledger's export, of the list or of the rows ticked in it.
const EXPORT: &str = "/api/v1/people/export.xlsx";

pub(super) fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(super) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let filter = PersonFilter {
        under: opt_id("under", &q.under)?,
        status: blank(&q.status),
        post: blank(&q.post),
        q: blank(&q.q),
        due: blank(&q.due),
        ids: None,
        sort: parse_sort(&q.sort, &q.dir)?,
    };
    let p = s.people().list(&filter, req, false).await?;
    let mut params = vec![
        ("under", text(&q.under)),
        ("status", text(&q.status)),
        ("post", text(&q.post)),
        ("q", text(&q.q)),
        ("due", text(&q.due)),
    ];
    let heads = SortHeads::new("/people", &params, req, filter.sort);
    params.extend(heads.kept());
    let pager = Pager::new(req, p.total, &params);
    let export_href = with_query(EXPORT, &pager);
    let sep = if export_href.contains('?') { '&' } else { '?' };
    let export_full_href = (!me
        .actor
        .grants
        .scopes(Permission::PersonSensitive)
        .is_empty())
    .then(|| format!("{export_href}{sep}reveal=true"));
    let tr = me.ctx.tr();
    let charts = if p.total > 0 {
        let profile = s.people().profile(&filter).await?;
        Some(crate::people::charts::people_charts(tr, &profile))
    } else {
        None
    };
    Ok(page(&PeoplePage {
        charts,
        l: layout(&me, "people", "ptitle.people", "/people", q.ok.as_deref()),
        items: p.items,
        pager,
        heads,
        under: params[0].1.clone(),
        status: params[1].1.clone(),
        post: params[2].1.clone(),
        q: params[3].1.clone(),
        due: params[4].1.clone(),
        dues: label_opts(tr, "todo.pp", &due_codes()),
        statuses: status_opts(tr),
        posts: post_opts(s, tr).await?,
        can_create: !me.actor.grants.scopes(Permission::PersonWrite).is_empty(),
        export_href,
        selected_href: EXPORT,
        export_full_href,
    }))
}

/// The pipeline steps falling due, as the list filter's options.
pub(super) fn due_codes() -> Vec<&'static str> {
    touyan_domain::people::DUE.iter().map(|d| d.code).collect()
}
