//! The achievement edit page and its writes.

use super::*;

#[derive(Template)]
#[template(path = "studio/achievement_edit.html")]
pub(super) struct EditPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) a: AchievementView,
    pub(super) kinds: Vec<Opt>,
    pub(super) levels: Vec<Opt>,
    pub(super) ranks: Vec<&'static str>,
    pub(super) members: Vec<Opt>,
    pub(super) errors: Errors,
    pub(super) f: AForm,
}

impl Labels for EditPage {
    fn tr(&self) -> Tr {
        self.l.tr
    }
}

pub(super) async fn render_edit(
    st: &AppState,
    me: &Me,
    id: i64,
    aid: i64,
    f: Option<AForm>,
    errors: Errors,
    flash: Option<&str>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "achievements").await?;
    let a = s.studio_achievements().get(id, aid).await?;
    let status = if errors.0.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut l = layout(
        me,
        "ach.title.edit",
        &format!("/studios/{id}/achievements/{aid}"),
        flash,
    );
    l.title = format!("{} · {}", a.title, tr.t("ach.title.edit"));
    let page = EditPage {
        l,
        members: if head.open {
            member_opts(st, me, id).await?
        } else {
            vec![]
        },
        head,
        f: f.unwrap_or_else(|| AForm::of(&a)),
        a,
        kinds: label_opts(tr, "ach.kind", &Kind::codes()),
        levels: label_opts(tr, "ach.level", &LEVELS),
        ranks: SUGGESTED_RANKS.to_vec(),
        errors,
    };
    Ok(render(status, &page))
}

pub(super) async fn edit_form(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
    Query(q): Query<TabQ>,
) -> WebResult<Response> {
    render_edit(&st, &me, id, aid, None, Errors::default(), q.ok.as_deref()).await
}

pub(super) async fn update(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
    m: Multipart,
) -> WebResult<Response> {
    let f = read_form(m).await?;
    let r = async {
        let (a, people) = checked(&f)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_achievements()
                .update(id, aid, a, Some(people), f.evidence.clone())
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/achievements?ok=ach.ok.saved"
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let mut f = f;
            f.evidence.clear();
            render_edit(&st, &me, id, aid, Some(f), Errors(errors), None).await
        }
    }
}

pub(super) async fn delete_evidence(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .remove_evidence(id, aid, fid)
        .await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/achievements/{aid}?ok=ach.ok.file_deleted"
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            render_edit(&st, &me, id, aid, None, Errors(errors), None).await
        }
    }
}
