//! 考核评价: the evaluations tab.

use super::*;
use touyan_storage::studio::proposals::StudioRoundView;

#[derive(Template)]
#[template(path = "studio/activity_evaluations.html")]
pub(super) struct EvaluationsPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) items: Vec<EvaluationView>,
    /// The published studio rounds that assessed the studio: its evaluations of record.
    pub(super) rounds: Vec<StudioRoundView>,
    pub(super) moves: Vec<MoveView>,
    pub(super) grades: Vec<Opt>,
    pub(super) today: String,
    pub(super) fs: FormState,
}

impl EvaluationsPage {
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    pub(super) fn grade(&self, code: &str) -> &'static str {
        self.l.t(&format!("eval.grade.{code}"))
    }
    pub(super) fn state(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.l.t(&format!("studio.state.{c}")),
            None => "",
        }
    }
    pub(super) fn state_of(&self, code: &str) -> &'static str {
        self.l.t(&format!("studio.state.{code}"))
    }
    pub(super) fn score(&self, tenths: &i32) -> String {
        fmt_score(*tenths)
    }
    pub(super) fn pts(&self, hundredths: &i64) -> String {
        crate::studio::evaluation::show_points(*hundredths)
    }
}

pub(super) async fn render_evaluations(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "evaluations").await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = EvaluationsPage {
        l: layout(me, &head, &format!("/studios/{id}/evaluations"), flash),
        items: s.studio_evaluations().list(id).await?,
        rounds: s.studios().evaluation_history(id).await?,
        moves: s.studios().moves(id).await?,
        grades: label_opts(tr, "eval.grade", &GRADES),
        today: today().to_string(),
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

pub(super) async fn evaluations(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_evaluations(&st, &me, id, q.ok.as_deref(), Failed::none()).await
}

pub(super) async fn evaluations_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/evaluations"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, 0, input)?;
            render_evaluations(st, me, id, None, f).await
        }
    }
}

pub(super) async fn add_evaluation(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let input: EvaluationInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_evaluations()
                .create(id, &input)
                .await?,
        )
    }
    .await;
    evaluations_done(&st, &me, id, r, "ok.act_eval_added", "eval", f).await
}

pub(super) async fn delete_evaluation(
    State(st): State<AppState>,
    me: Me,
    Path((id, eid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_evaluations()
        .delete(id, eid)
        .await
        .map_err(WebError::from);
    evaluations_done(
        &st,
        &me,
        id,
        r,
        "ok.act_eval_deleted",
        "evals",
        Fields::default(),
    )
    .await
}
