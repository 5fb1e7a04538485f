//! 驻室答疑: the questions tab, its answers and the office hours.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct QuestionsQ {
    pub(super) q: Option<String>,
    pub(super) answered: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/question_tab.html")]
pub(super) struct QuestionsPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) hours: Vec<OfficeHourView>,
    pub(super) items: Vec<QuestionView>,
    pub(super) pager: Pager,
    pub(super) q: String,
    pub(super) answered: String,
    pub(super) people: Vec<Opt>,
    pub(super) weekdays: Vec<Opt>,
    /// The studio takes new records (a reader may ask).
    pub(super) takes: bool,
    pub(super) fs: FormState,
}

impl QuestionsPage {
    pub(super) fn list_path(&self) -> String {
        format!("/studios/{}/questions", self.head.id)
    }
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    pub(super) fn weekday(&self, d: &i32) -> &'static str {
        self.l.t(&format!("qa.weekday.{d}"))
    }
    pub(super) fn when(&self, ms: &i64) -> String {
        self.l.when(ms)
    }
    /// The answer form's value for question `id`: as typed when it failed, else the answer.
    pub(super) fn answer_val(&self, q: &QuestionView) -> String {
        if self.fs.form == "answer" && self.fs.target == q.id {
            self.fs.input.get("answer")
        } else {
            q.answer.clone().unwrap_or_default()
        }
    }
    pub(super) fn answerer_val(&self, q: &QuestionView) -> String {
        if self.fs.form == "answer" && self.fs.target == q.id {
            self.fs.input.get("answerer_id")
        } else {
            q.answerer_id.map(|p| p.to_string()).unwrap_or_default()
        }
    }
    pub(super) fn answer_err(&self, q: &QuestionView, field: &str) -> &str {
        if self.fs.form == "answer" && self.fs.target == q.id {
            self.fs.errors.get(field)
        } else {
            ""
        }
    }
}

pub(super) async fn render_questions(
    st: &AppState,
    me: &Me,
    id: i64,
    q: QuestionsQ,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "questions").await?;
    let answered = match q.answered.as_deref() {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    };
    let filter = QuestionFilter {
        q: q.q.clone(),
        answered,
        under: None,
    };
    let req = parse_page(&q.page, &q.per_page)?;
    let repo = s.studio_questions();
    let page = repo.list(id, &filter, req).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let qtext = q.q.clone().unwrap_or_default();
    let atext = q.answered.clone().unwrap_or_default();
    let p = QuestionsPage {
        l: layout(
            me,
            &head,
            &format!("/studios/{id}/questions"),
            q.ok.as_deref(),
        ),
        hours: repo.office_hours(id).await?,
        pager: Pager::new(
            req,
            page.total,
            &[("q", qtext.clone()), ("answered", atext.clone())],
        ),
        items: page.items,
        q: qtext,
        answered: atext,
        people: studio_people(s, tr, &head).await?,
        weekdays: (1..=7)
            .map(|d| Opt {
                code: d.to_string(),
                label: tr.t(&format!("qa.weekday.{d}")).to_string(),
            })
            .collect(),
        takes: head.state != "delisted",
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

pub(super) async fn questions(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<QuestionsQ>,
) -> WebResult<Response> {
    render_questions(&st, &me, id, q, Failed::none()).await
}

/// Back to the questions tab, or the tab again with the form's errors.
#[allow(clippy::too_many_arguments)]
pub(super) async fn questions_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    target: i64,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/questions"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, target, input)?;
            render_questions(st, me, id, QuestionsQ::default(), f).await
        }
    }
}

pub(super) async fn ask(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let input: QuestionInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_questions()
                .ask(id, &input)
                .await?,
        )
    }
    .await;
    questions_done(&st, &me, id, r, "ok.act_asked", "ask", 0, f).await
}

pub(super) async fn answer(
    State(st): State<AppState>,
    me: Me,
    Path((id, qid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let input = AnswerInput {
            answer: f.get("answer"),
            answerer_id: f.opt_id("answerer_id", &mut fe),
        };
        fe.into_result()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_questions()
                .answer(id, qid, &input.answer, input.answerer_id)
                .await?,
        )
    }
    .await;
    questions_done(&st, &me, id, r, "ok.act_answered", "answer", qid, f).await
}

pub(super) async fn delete_question(
    State(st): State<AppState>,
    me: Me,
    Path((id, qid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .delete(id, qid)
        .await
        .map_err(WebError::from);
    questions_done(
        &st,
        &me,
        id,
        r,
        "ok.act_question_deleted",
        "questions",
        qid,
        Fields::default(),
    )
    .await
}

pub(super) async fn add_hour(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let host = f.opt_id("host_id", &mut fe);
        fe.into_result()?;
        let input = OfficeHourInput {
            weekday: f.get("weekday"),
            starts: f.get("starts"),
            ends: f.get("ends"),
            place: f.get("place"),
            host_id: host,
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_questions()
                .add_office_hour(id, &input)
                .await?,
        )
    }
    .await;
    questions_done(&st, &me, id, r, "ok.act_hour_added", "hour", 0, f).await
}

pub(super) async fn delete_hour(
    State(st): State<AppState>,
    me: Me,
    Path((id, hid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_questions()
        .delete_office_hour(id, hid)
        .await
        .map_err(WebError::from);
    questions_done(
        &st,
        &me,
        id,
        r,
        "ok.act_hour_deleted",
        "hours",
        hid,
        Fields::default(),
    )
    .await
}
