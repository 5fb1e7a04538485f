//! The alliances list and one alliance's page, with joining and leaving.

use super::*;

#[derive(Template)]
#[template(path = "studio/alliances.html")]
pub(super) struct AlliancesPage {
    pub(super) l: Layout,
    pub(super) items: Vec<AllianceView>,
    pub(super) can_create: bool,
    pub(super) f: SForm,
    pub(super) errors: Errors,
}

pub(super) async fn alliances_page(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    f: SForm,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    Ok(render(
        status,
        &AlliancesPage {
            l: layout(
                me,
                "alliances",
                "studio.title.alliances",
                "/alliances",
                flash,
            ),
            items: s.alliances().list().await?,
            can_create: !me.actor.grants.scopes(Permission::StudioManage).is_empty(),
            f,
            errors,
        },
    ))
}

pub(super) async fn alliances(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    alliances_page(
        &st,
        &me,
        q.ok.as_deref(),
        SForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

pub(super) async fn create_alliance(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some(node) = opt_id("node_id", &f.node_id)? else {
            return Err(StorageError::field("node_id", "err.required").into());
        };
        Ok::<_, WebError>(
            s.alliances()
                .create(node, &f.val("name"), &f.val("description"))
                .await?,
        )
    }
    .await;
    match r {
        Ok(a) => Ok(see_other(&format!(
            "/alliances/{}?ok=ok.alliance_created",
            a.id
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            alliances_page(&st, &me, None, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "studio/alliance.html")]
pub(super) struct AlliancePage {
    pub(super) l: Layout,
    pub(super) a: AllianceView,
    pub(super) members: Vec<AllianceMemberView>,
    pub(super) shared: Vec<SharedItem>,
    /// Studios the caller may add (those it reads that are not members now).
    pub(super) candidates: Vec<Opt>,
    pub(super) errors: Errors,
}

impl AlliancePage {
    pub(super) fn kind_label(&self, kind: &str) -> &'static str {
        self.l.t(&format!("alliance.kind_{kind}"))
    }
}

pub(super) async fn render_alliance(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<Errors>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let a = s.alliances().get(id).await?;
    let members = s.alliances().members(id).await?;
    let shared = s.alliances().shared(id).await?;
    let current: Vec<i64> = members
        .iter()
        .filter(|m| m.left_on.is_none())
        .map(|m| m.studio_id)
        .collect();
    let candidates = if a.manage {
        let all = match s.studios().all(&StudioFilter::default(), 500).await {
            Ok(v) => v,
            Err(StorageError::NotFound) => vec![],
            Err(e) => return Err(e.into()),
        };
        all.into_iter()
            .filter(|v| !current.contains(&v.id) && v.state != "delisted")
            .map(|v| Opt {
                code: v.id.to_string(),
                label: format!("{} · {}", v.name, v.node_name),
            })
            .collect()
    } else {
        vec![]
    };
    let (status, errors) = match failed {
        Some(e) => (StatusCode::UNPROCESSABLE_ENTITY, e),
        None => (StatusCode::OK, Errors::default()),
    };
    let mut l = layout(
        me,
        "alliances",
        "studio.title.alliance",
        &format!("/alliances/{id}"),
        flash,
    );
    l.title = a.name.clone();
    Ok(render(
        status,
        &AlliancePage {
            l,
            a,
            members,
            shared,
            candidates,
            errors,
        },
    ))
}

pub(super) async fn alliance(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_alliance(&st, &me, id, q.ok.as_deref(), None).await
}

pub(super) async fn join_alliance(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some(sid) = opt_id("studio_id", &f.studio_id)? else {
            return Err(StorageError::field("studio_id", "err.required").into());
        };
        Ok::<_, WebError>(s.alliances().join(id, sid, &f.val("joined_on")).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/alliances/{id}?ok=ok.alliance_joined"))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_alliance(&st, &me, id, None, Some(errors)).await
        }
    }
}

pub(super) async fn leave_alliance(
    State(st): State<AppState>,
    me: Me,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .alliances()
        .leave(id, sid)
        .await?;
    Ok(see_other(&format!("/alliances/{id}?ok=ok.alliance_left")))
}
