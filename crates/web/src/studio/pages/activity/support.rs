//! 激励保障: the support tab.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct SupportQ {
    pub(super) kind: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/activity_support.html")]
pub(super) struct SupportPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) items: Vec<SupportView>,
    pub(super) pager: Pager,
    pub(super) kind: String,
    pub(super) kinds: Vec<Opt>,
    pub(super) totals: ActivityTotals,
    pub(super) today: String,
    pub(super) fs: FormState,
}

impl SupportPage {
    pub(super) fn list_path(&self) -> String {
        format!("/studios/{}/support", self.head.id)
    }
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    pub(super) fn kind_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("sup.kind.{code}"))
    }
    pub(super) fn amount(&self, fen: &Option<i64>) -> String {
        fen.map(|f| Fen(f).yuan()).unwrap_or_default()
    }
    pub(super) fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    pub(super) fn wan(&self, fen: &i64) -> String {
        wan(fen)
    }
}

pub(super) async fn render_support(
    st: &AppState,
    me: &Me,
    id: i64,
    q: SupportQ,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "support").await?;
    let req: PageRequest = parse_page(&q.page, &q.per_page)?;
    let repo = s.studio_support();
    let filter = SupportFilter {
        kind: q.kind.clone(),
        year: None,
    };
    let page = repo.list(id, &filter, req).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let kind = q.kind.clone().unwrap_or_default();
    let p = SupportPage {
        l: layout(
            me,
            &head,
            &format!("/studios/{id}/support"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(req, page.total, &[("kind", kind.clone())]),
        items: page.items,
        kind,
        kinds: label_opts(tr, "sup.kind", &SUPPORT_KINDS),
        totals: repo.totals(id).await?,
        today: today().to_string(),
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

pub(super) async fn support(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<SupportQ>,
) -> WebResult<Response> {
    render_support(&st, &me, id, q, Failed::none()).await
}

pub(super) async fn support_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/support"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, 0, input)?;
            render_support(st, me, id, SupportQ::default(), f).await
        }
    }
}

pub(super) async fn add_support(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let input: SupportInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_support()
                .create(id, &input)
                .await?,
        )
    }
    .await;
    support_done(&st, &me, id, r, "ok.act_support_added", "support", f).await
}

pub(super) async fn delete_support(
    State(st): State<AppState>,
    me: Me,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_support()
        .delete(id, sid)
        .await
        .map_err(WebError::from);
    support_done(
        &st,
        &me,
        id,
        r,
        "ok.act_support_deleted",
        "supports",
        Fields::default(),
    )
    .await
}
