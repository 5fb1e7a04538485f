//! A studio's achievements tab.

use super::*;

#[derive(Template)]
#[template(path = "studio/achievement_tab.html")]
pub(super) struct TabPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) items: Vec<AchievementView>,
    pub(super) pager: Pager,
    /// The tab's own address, for the pager.
    pub(super) base: String,
    pub(super) counts: AchievementCounts,
    pub(super) kinds: Vec<Opt>,
    pub(super) levels: Vec<Opt>,
    pub(super) ranks: Vec<&'static str>,
    pub(super) members: Vec<Opt>,
    pub(super) errors: Errors,
    /// Which form failed: `add` or `list`.
    pub(super) form: &'static str,
    pub(super) f: AForm,
}

impl Labels for TabPage {
    fn tr(&self) -> Tr {
        self.l.tr
    }
}

impl TabPage {
    pub(super) fn kind_count(&self, code: &str) -> u64 {
        self.counts.by_kind.get(code).copied().unwrap_or(0)
    }
}

pub(super) struct TabView {
    pub(super) flash: Option<String>,
    pub(super) errors: Errors,
    pub(super) form: &'static str,
    pub(super) f: AForm,
    pub(super) page: PageRequest,
    pub(super) status: StatusCode,
}

impl TabView {
    pub(super) fn ok(flash: Option<String>, page: PageRequest) -> TabView {
        TabView {
            flash,
            errors: Errors::default(),
            form: "",
            f: AForm::fresh(),
            page,
            status: StatusCode::OK,
        }
    }

    pub(super) fn failed(form: &'static str, f: AForm, errors: Errors) -> TabView {
        TabView {
            flash: None,
            errors,
            form,
            f,
            page: PageRequest::default(),
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Current members of the studio, for the contributors' select.
pub(super) async fn member_opts(st: &AppState, me: &Me, id: i64) -> WebResult<Vec<Opt>> {
    let today = today();
    Ok(st
        .store
        .scoped(&me.actor)
        .studios()
        .members(id)
        .await?
        .into_iter()
        .filter(|m| m.left_on.is_none_or(|d| d > today))
        .map(|m| Opt {
            code: m.person_id.to_string(),
            label: m.person_name,
        })
        .collect())
}

pub(super) async fn render_tab(st: &AppState, me: &Me, id: i64, v: TabView) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "achievements").await?;
    let repo = s.studio_achievements();
    let f = AchievementFilter {
        studio: Some(id),
        ..Default::default()
    };
    let p = repo.list(&f, v.page).await?;
    let counts = repo.counts(None, Some(id)).await?;
    let mut l = layout(
        me,
        "ach.title.studio",
        &format!("/studios/{id}/achievements"),
        v.flash.as_deref(),
    );
    l.title = format!("{} · {}", head.name, tr.t("ach.title.studio"));
    let page = TabPage {
        l,
        members: if head.open {
            member_opts(st, me, id).await?
        } else {
            vec![]
        },
        head,
        pager: Pager::new(v.page, p.total, &[]),
        base: format!("/studios/{id}/achievements"),
        items: p.items,
        counts,
        kinds: label_opts(tr, "ach.kind", &Kind::codes()),
        levels: label_opts(tr, "ach.level", &LEVELS),
        ranks: SUGGESTED_RANKS.to_vec(),
        errors: v.errors,
        form: v.form,
        f: v.f,
    };
    Ok(render(v.status, &page))
}

#[derive(Deserialize, Default)]
pub(super) struct TabQ {
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) ok: Option<String>,
}

pub(super) async fn tab(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<TabQ>,
) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    render_tab(&st, &me, id, TabView::ok(q.ok, req)).await
}

pub(super) async fn create(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    m: Multipart,
) -> WebResult<Response> {
    let f = read_form(m).await?;
    let r = async {
        let (a, people) = checked(&f)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_achievements()
                .create(id, a, people, f.evidence.clone())
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/achievements?ok=ach.ok.created"
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let mut f = f;
            f.evidence.clear();
            render_tab(&st, &me, id, TabView::failed("add", f, Errors(errors))).await
        }
    }
}

pub(super) async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .delete(id, aid)
        .await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/achievements?ok=ach.ok.deleted"
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            render_tab(
                &st,
                &me,
                id,
                TabView::failed("list", AForm::fresh(), Errors(errors)),
            )
            .await
        }
    }
}
