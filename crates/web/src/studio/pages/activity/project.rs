//! One project's page: its stage, milestones, benefits and files.

use super::*;

#[derive(Template)]
#[template(path = "studio/project_detail.html")]
pub(super) struct ProjectPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) d: ProjectDetail,
    /// Stages in order, with whether each is reached.
    pub(super) bar: Vec<(Opt, bool)>,
    pub(super) next: Option<Opt>,
    pub(super) people: Vec<Opt>,
    pub(super) team: Vec<TeamRow>,
    pub(super) today: String,
    pub(super) fs: FormState,
}

impl ProjectPage {
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    /// A field of the edit form: as typed when it failed, else the project's own.
    pub(super) fn edit_val(&self, field: &str) -> String {
        if self.fs.form == "edit" {
            return self.fs.input.get(field);
        }
        let p = &self.d.project;
        match field {
            "title" => p.title.clone(),
            "description" => p.description.clone().unwrap_or_default(),
            "started_on" => p.started_on.to_string(),
            "investment" => Fen(p.investment_fen).plain(),
            _ => String::new(),
        }
    }
    pub(super) fn edit_shared(&self) -> bool {
        if self.fs.form == "edit" {
            self.fs.input.checked("shared")
        } else {
            self.d.project.shared
        }
    }
    pub(super) fn stage_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("proj.stage.{code}"))
    }
    pub(super) fn stage_opt(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.stage_label(c),
            None => self.l.t("proj.history_start"),
        }
    }
    pub(super) fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    pub(super) fn wan(&self, fen: &i64) -> String {
        wan(fen)
    }
    pub(super) fn payback(&self) -> String {
        match self.d.totals.payback {
            Some(r) => format!("{:.2}", r),
            None => self.l.t("proj.payback_none").to_string(),
        }
    }
    pub(super) fn records_benefit(&self) -> bool {
        Stage::from_code(&self.d.project.stage).is_some_and(Stage::records_benefit)
    }
    pub(super) fn size(&self, n: &i64) -> String {
        if *n >= 1024 * 1024 {
            format!("{:.1} MB", *n as f64 / 1048576.0)
        } else {
            format!("{:.0} KB", (*n as f64 / 1024.0).ceil())
        }
    }
}

pub(super) async fn render_project(
    st: &AppState,
    me: &Me,
    id: i64,
    pid: i64,
    flash: Option<&str>,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "projects").await?;
    let d = s.studio_projects().get(id, pid).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let current = Stage::from_code(&d.project.stage).unwrap_or(Stage::Idea);
    let opt = |s: Stage| Opt {
        code: s.code().to_string(),
        label: tr.t(&format!("proj.stage.{}", s.code())).to_string(),
    };
    let bar = Stage::ALL
        .iter()
        .map(|s| (opt(*s), *s <= current))
        .collect();
    let team = team_rows((f.form == "edit").then_some(&f.input), &d.project.team);
    let mut l = layout(me, &head, &format!("/studios/{id}/projects/{pid}"), flash);
    l.title = d.project.title.clone();
    // Team members named through the API may be anyone in reach: keep them choosable.
    let mut people = studio_people(s, tr, &head).await?;
    for t in &d.project.team {
        let code = t.person_id.to_string();
        if !people.iter().any(|o| o.code == code) {
            people.push(Opt {
                code,
                label: t.person_name.clone(),
            });
        }
    }
    let p = ProjectPage {
        l,
        bar,
        next: current.next().map(opt),
        people,
        team,
        today: today().to_string(),
        fs: FormState::of(f),
        head,
        d,
    };
    Ok(render(status, &p))
}

#[derive(Deserialize, Default)]
pub(super) struct OkQ {
    pub(super) ok: Option<String>,
}

pub(super) async fn project(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_project(&st, &me, id, pid, q.ok.as_deref(), Failed::none()).await
}

/// Back to the project's page, or the page again with the form's errors.
#[allow(clippy::too_many_arguments)]
pub(super) async fn project_done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    pid: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    input: Fields,
) -> WebResult<Response> {
    match done(r, format!("/studios/{id}/projects/{pid}"), ok) {
        Ok(resp) => Ok(resp),
        Err(e) => {
            let f = failed(e, me.ctx.tr(), form, pid, input)?;
            render_project(st, me, id, pid, None, f).await
        }
    }
}

pub(super) async fn update_project(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let team = team_of(&f, &mut fe);
        fe.into_result()?;
        let patch = ProjectPatch {
            title: Some(f.get("title")),
            description: Some(f.get("description")),
            started_on: Some(f.get("started_on")),
            investment: Some(f.get("investment")),
            shared: Some(f.checked("shared")),
            team: Some(team),
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .update(id, pid, &patch)
                .await?,
        )
    }
    .await;
    project_done(&st, &me, id, pid, r, "ok.act_project_saved", "edit", f).await
}

pub(super) async fn delete_project(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    match st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .delete(id, pid)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/projects?ok=ok.act_project_deleted"
        ))),
        Err(e) => {
            let f = failed(e.into(), me.ctx.tr(), "delete", pid, Fields::default())?;
            render_project(&st, &me, id, pid, None, f).await
        }
    }
}

pub(super) async fn move_stage(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let input: StageMoveInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .move_stage(id, pid, &input)
                .await?,
        )
    }
    .await;
    project_done(&st, &me, id, pid, r, "ok.act_stage_moved", "stage", f).await
}

pub(super) async fn add_milestone(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let input: MilestoneInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .add_milestone(id, pid, &input)
                .await?,
        )
    }
    .await;
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_milestone_added",
        "milestone",
        f,
    )
    .await
}

/// Marks a milestone done on the date given (today when blank), or not done (`undo`).
pub(super) async fn milestone_done(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let done_on = if f.checked("undo") {
        String::new()
    } else {
        let d = f.get("done_on");
        if d.trim().is_empty() {
            today().to_string()
        } else {
            d
        }
    };
    let patch = MilestonePatch {
        done_on: Some(done_on),
        ..Default::default()
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .update_milestone(id, pid, mid, &patch)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_milestone_saved",
        "milestones",
        f,
    )
    .await
}

pub(super) async fn delete_milestone(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid, mid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .delete_milestone(id, pid, mid)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_milestone_deleted",
        "milestones",
        Fields::default(),
    )
    .await
}

pub(super) async fn add_benefit(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let input: BenefitInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .add_benefit(id, pid, &input)
                .await?,
        )
    }
    .await;
    project_done(&st, &me, id, pid, r, "ok.act_benefit_added", "benefit", f).await
}

pub(super) async fn delete_benefit(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid, bid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_projects()
        .delete_benefit(id, pid, bid)
        .await
        .map_err(WebError::from);
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_benefit_deleted",
        "benefits",
        Fields::default(),
    )
    .await
}

pub(super) async fn upload_file(
    State(st): State<AppState>,
    me: Me,
    Path((id, pid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<Response> {
    let r = async {
        let Some((file_name, bytes)) = form_file(&mut m).await? else {
            return Err(StorageError::field("file", "err.file_missing").into());
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .attach(id, pid, &Upload { file_name, bytes })
                .await?,
        )
    }
    .await;
    project_done(
        &st,
        &me,
        id,
        pid,
        r,
        "ok.act_file_added",
        "file",
        Fields::default(),
    )
    .await
}
