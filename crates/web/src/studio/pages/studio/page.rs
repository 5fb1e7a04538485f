//! One studio's page, its mechanisms tab and the writes on the studio itself.

use super::*;

#[derive(Template)]
#[template(path = "studio/studio.html")]
pub(super) struct StudioPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) members: Vec<MemberView>,
    pub(super) moves: Vec<MoveView>,
    pub(super) photos: Vec<FileView>,
    pub(super) alliances: Vec<AllianceView>,
    /// The seven mechanisms at a glance: label, link, figures.
    pub(super) summary: Vec<(&'static str, String, String)>,
    pub(super) kinds: Vec<Opt>,
    pub(super) levels: Vec<Opt>,
    pub(super) roles: Vec<Opt>,
    pub(super) next: Vec<Opt>,
    pub(super) people: Vec<Opt>,
    /// The studio's evaluations, to name the one behind a status change.
    pub(super) evaluations: Vec<Opt>,
    /// Which form the errors belong to: `edit`, `move`, `member`, `photo`.
    pub(super) form: &'static str,
    pub(super) f: SForm,
    pub(super) errors: Errors,
    pub(super) today: String,
}

impl StudioPage {
    pub(super) fn role_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("studio.role.{code}"))
    }
    pub(super) fn state_label(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.l.t(&format!("studio.state.{c}")),
            None => "",
        }
    }
    pub(super) fn is_cover(&self, id: &i64) -> bool {
        self.head.studio.photo_id == Some(*id)
    }
}

/// Each evaluation as "2025 · 2025-12-20 · 92.5 分 · 优秀", latest first.
async fn evaluation_opts(s: Scoped<'_>, tr: Tr, id: i64) -> WebResult<Vec<Opt>> {
    let rows = s.studio_evaluations().list(id).await?;
    Ok(rows
        .into_iter()
        .map(|e| Opt {
            code: e.id.to_string(),
            label: format!(
                "{} · {} · {} · {}",
                e.period,
                e.evaluated_on,
                tr.t("eval.score_of").replace("{score}", &e.score),
                tr.t(&format!("eval.grade.{}", e.grade))
            ),
        })
        .collect())
}

pub(super) struct Failed {
    pub(super) form: &'static str,
    pub(super) f: SForm,
    pub(super) errors: Errors,
}

pub(super) async fn render_studio(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<Failed>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "overview").await?;
    let repo = s.studios();
    let state = StudioState::from_code(&head.state).unwrap_or(StudioState::Delisted);
    let next: Vec<&str> = next_states(state).iter().map(|s| s.code()).collect();
    let people = if head.open {
        people_opts(s, head.studio.node_id).await?
    } else {
        vec![]
    };
    let (status, form, f, errors) = match failed {
        Some(x) => (StatusCode::UNPROCESSABLE_ENTITY, x.form, x.f, x.errors),
        None => (
            StatusCode::OK,
            "",
            SForm::of(&head.studio),
            Errors::default(),
        ),
    };
    let summary = mechanisms(s, tr, id).await?;
    let evaluations = if head.can_manage && !next.is_empty() {
        evaluation_opts(s, tr, id).await?
    } else {
        vec![]
    };
    let p = StudioPage {
        evaluations,
        summary,
        l: layout(
            me,
            "studios",
            "studio.title.list",
            &format!("/studios/{id}"),
            flash,
        ),
        members: repo.members(id).await?,
        moves: repo.moves(id).await?,
        photos: repo.photos(id).await?,
        alliances: s.alliances().of_studio(id).await?,
        kinds: kind_opts(s, tr).await?,
        levels: label_opts(tr, "studio.level", &LEVELS),
        roles: label_opts(tr, "studio.role", &MEMBER_ROLES),
        next: label_opts(tr, "studio.state", &next),
        people,
        form,
        f,
        errors,
        today: today().to_string(),
        head,
    };
    Ok(render(status, &p))
}

/// One line per mechanism: its tab's label, its path and what it holds.
pub(crate) async fn mechanisms(
    s: Scoped<'_>,
    tr: Tr,
    id: i64,
) -> WebResult<Vec<(&'static str, String, String)>> {
    use touyan_domain::studio::activity::Fen;
    let m = s.studio_mentorships().counts(id).await?;
    let a = s.studio_achievements().counts(None, Some(id)).await?;
    let t = touyan_storage::studio::activity::studio_totals(s, id).await?;
    let fill = |key: &str, args: Vec<(&str, String)>| {
        let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tr.tf(key, &refs)
    };
    let path = |p: &str| format!("/studios/{id}{p}");
    let evaluation = match &t.latest_evaluation {
        Some(e) => fill(
            "studio.sum.evaluation",
            vec![("period", e.period.clone()), ("score", e.score.clone())],
        ),
        None => tr.t("studio.none").to_string(),
    };
    Ok(vec![
        (
            tr.t("studio.tab.training"),
            path("/training"),
            fill(
                "studio.sum.training",
                vec![
                    ("n", m.training_sessions.to_string()),
                    ("rate", format!("{:.1}", m.average_attendance)),
                ],
            ),
        ),
        (
            tr.t("studio.tab.mentorships"),
            path("/mentorships"),
            fill(
                "studio.sum.mentorships",
                vec![
                    ("open", m.mentorships_open.to_string()),
                    ("closed", m.mentorships_closed.to_string()),
                    ("apprentices", m.apprentices.to_string()),
                    ("outcomes", m.outcomes.values().sum::<u64>().to_string()),
                ],
            ),
        ),
        (
            tr.t("studio.tab.questions"),
            path("/questions"),
            fill(
                "studio.sum.questions",
                vec![
                    ("n", t.questions.to_string()),
                    ("open", t.unanswered.to_string()),
                ],
            ),
        ),
        (
            tr.t("studio.tab.projects"),
            path("/projects"),
            fill(
                "studio.sum.projects",
                vec![
                    ("n", t.projects.to_string()),
                    ("benefit", Fen(t.total_benefit_fen).wan()),
                ],
            ),
        ),
        (
            tr.t("studio.tab.achievements"),
            path("/achievements"),
            fill("studio.sum.achievements", vec![("n", a.total.to_string())]),
        ),
        (
            tr.t("studio.tab.evaluations"),
            path("/evaluations"),
            evaluation,
        ),
        (
            tr.t("studio.tab.support"),
            path("/support"),
            fill(
                "studio.sum.support",
                vec![
                    ("funding", Fen(t.funding_fen).wan()),
                    ("rewards", Fen(t.rewards_fen).wan()),
                ],
            ),
        ),
    ])
}

#[derive(Deserialize, Default)]
pub(super) struct OkQ {
    pub(super) ok: Option<String>,
}

pub(super) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_studio(&st, &me, id, q.ok.as_deref(), None).await
}

/// Redirects back to the studio with a notice, or re-renders it with the form's errors.
pub(super) async fn done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    f: SForm,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/studios/{id}?ok={ok}"))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_studio(st, me, id, None, Some(Failed { form, f, errors })).await
        }
    }
}

pub(super) async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r =
        async { Ok::<_, WebError>(s.studios().update(id, f.studio_new(s).await?).await?) }.await;
    done(&st, &me, id, r, "ok.studio_saved", "edit", f).await
}

pub(super) async fn transition(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let input = MoveInput {
            to: f.val("to"),
            on: f.val("on"),
            reason: f.val("reason"),
            document_no: f.val("document_no"),
            evaluation_id: opt_id("evaluation_id", &f.evaluation_id)?,
        };
        Ok::<_, WebError>(s.studios().transition(id, &input).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.studio_moved", "move", f).await
}

pub(super) async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    match s.studios().delete(id).await {
        Ok(()) => Ok(see_other("/studios?ok=ok.studio_deleted")),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            render_studio(
                &st,
                &me,
                id,
                None,
                Some(Failed {
                    form: "delete",
                    f: SForm::default(),
                    errors,
                }),
            )
            .await
        }
    }
}
