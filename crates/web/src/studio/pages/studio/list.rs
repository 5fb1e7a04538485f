//! The studios list, the new-studio page and the caller's own studio.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct ListQ {
    pub(super) under: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) level: Option<String>,
    pub(super) state: Option<String>,
    pub(super) leader: Option<String>,
    pub(super) q: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) sort: Option<String>,
    pub(super) dir: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/studios.html")]
pub(super) struct StudiosPage {
    pub(super) l: Layout,
    pub(super) items: Vec<StudioView>,
    pub(super) pager: Pager,
    pub(super) heads: SortHeads,
    pub(super) q: ListQ,
    pub(super) kinds: Vec<Opt>,
    pub(super) levels: Vec<Opt>,
    pub(super) states: Vec<Opt>,
    pub(super) counts: StudioCounts,
    pub(super) kind_names: HashMap<String, String>,
    pub(super) can_create: bool,
    pub(super) export_href: String,
    /// The export of the ticked rows.
    pub(super) selected_href: &'static str,
    pub(super) members_href: String,
    /// The listed studios by state, kind and level; none when the list is empty.
    pub(super) charts: Option<crate::studio::charts::StudioCharts>,
}

impl StudiosPage {
    pub(super) fn kind_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.kind_names
            .get(code)
            .map(String::as_str)
            .unwrap_or(code)
    }
    pub(super) fn v(&self, o: &Option<String>) -> String {
        text(o)
    }
    pub(super) fn state_count(&self, code: &str) -> u64 {
        self.counts.by_state.get(code).copied().unwrap_or(0)
    }
}

/// The studios' export, of the list or of the rows ticked in it.
const EXPORT: &str = "/api/v1/studios/export.xlsx";

pub(super) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page, &q.per_page)?;
    let filter = StudioFilter {
        under: opt_id("under", &q.under)?,
        kind: blank(&q.kind),
        level: blank(&q.level),
        state: blank(&q.state),
        leader: opt_id("leader", &q.leader)?,
        q: blank(&q.q),
        ids: None,
        sort: parse_sort(&q.sort, &q.dir)?,
    };
    let p = s.studios().list(&filter, req).await?;
    let counts = s.studios().counts(filter.under).await?;
    let mut params = vec![
        ("under", text(&q.under)),
        ("kind", text(&q.kind)),
        ("level", text(&q.level)),
        ("state", text(&q.state)),
        ("leader", text(&q.leader)),
        ("q", text(&q.q)),
    ];
    let heads = SortHeads::new("/studios", &params, req, filter.sort);
    params.extend(heads.kept());
    let pager = Pager::new(req, p.total, &params);
    let query = pager.base.trim_end_matches('&').to_string();
    let states: Vec<&str> = StudioState::ALL.iter().map(|s| s.code()).collect();
    let kind_names = crate::studio::io::kind_names(s, tr).await?;
    let charts = if p.total > 0 {
        let profile = s.studios().profile(&filter).await?;
        Some(crate::studio::charts::studio_charts(
            tr,
            &kind_names,
            &profile,
        ))
    } else {
        None
    };
    Ok(page(&StudiosPage {
        charts,
        l: layout(
            &me,
            "studios",
            "studio.title.list",
            "/studios",
            q.ok.as_deref(),
        ),
        items: p.items,
        export_href: format!("{EXPORT}?{query}"),
        selected_href: EXPORT,
        heads,
        members_href: format!("/api/v1/studios/members/export.xlsx?{query}"),
        pager,
        kinds: kind_opts(s, tr).await?,
        levels: label_opts(tr, "studio.level", &LEVELS),
        states: label_opts(tr, "studio.state", &states),
        counts,
        kind_names,
        can_create: !me.actor.grants.scopes(Permission::StudioWrite).is_empty(),
        q,
    }))
}

// ---------------------------------------------------------------------------------------
// A new studio.

#[derive(Template)]
#[template(path = "studio/studio_new.html")]
pub(super) struct NewPage {
    pub(super) l: Layout,
    pub(super) f: SForm,
    pub(super) errors: Errors,
    pub(super) kinds: Vec<Opt>,
    pub(super) levels: Vec<Opt>,
}

pub(super) async fn new_page(
    me: &Me,
    s: Scoped<'_>,
    f: SForm,
    errors: Errors,
) -> WebResult<NewPage> {
    let tr = me.ctx.tr();
    Ok(NewPage {
        l: layout(me, "studios", "studio.title.new", "/studios/new", None),
        f,
        errors,
        kinds: kind_opts(s, tr).await?,
        levels: label_opts(tr, "studio.level", &LEVELS),
    })
}

pub(super) async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    Ok(page(
        &new_page(&me, s, SForm::default(), Errors::default()).await?,
    ))
}

pub(super) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async { Ok::<_, WebError>(s.studios().create(f.studio_new(s).await?).await?) }.await;
    match r {
        Ok(v) => Ok(see_other(&format!(
            "/studios/{}?ok=ok.studio_created",
            v.id
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_page(&me, s, f, errors).await?,
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------
// A studio's overview: registry, members, photos, lifecycle, alliances.

#[derive(Template)]
#[template(path = "studio/my_studio.html")]
pub(super) struct MinePage {
    pub(super) l: Layout,
    pub(super) items: Vec<StudioView>,
    pub(super) kind_names: HashMap<String, String>,
}

impl MinePage {
    pub(super) fn kind_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.kind_names
            .get(code)
            .map(String::as_str)
            .unwrap_or(code)
    }
}

pub(super) async fn mine(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let items = match s.studios().mine().await {
        Ok(v) => v,
        Err(StorageError::NotFound) => vec![],
        Err(e) => return Err(e.into()),
    };
    Ok(page(&MinePage {
        l: layout(&me, "my_studio", "studio.title.mine", "/my-studio", None),
        items,
        kind_names: crate::studio::io::kind_names(s, tr).await?,
    }))
}
