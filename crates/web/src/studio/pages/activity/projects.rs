//! 项目孵化: the projects tab, its team rows and the new-project form.

use super::*;

/// Team rows of a project form: `team_person` and `team_role`, repeated, blank rows skipped.
pub(super) fn team_of(f: &Fields, fe: &mut FieldErrors) -> Vec<TeamInput> {
    let people = f.all("team_person");
    let roles = f.all("team_role");
    let mut out = vec![];
    for (i, p) in people.iter().enumerate() {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        match p.parse::<i64>() {
            Ok(person_id) => out.push(TeamInput {
                person_id,
                role: roles.get(i).cloned(),
            }),
            Err(_) => fe.add("team", "err.number_invalid"),
        }
    }
    out
}

/// Team rows a form shows: those typed when it failed, else the current team, then blanks.
pub struct TeamRow {
    pub person: String,
    pub role: String,
}

pub(super) fn team_rows(
    typed: Option<&Fields>,
    current: &[touyan_storage::studio::activity::TeamMemberView],
) -> Vec<TeamRow> {
    let mut rows: Vec<TeamRow> = match typed {
        Some(f) => {
            let roles = f.all("team_role");
            f.all("team_person")
                .into_iter()
                .enumerate()
                .filter(|(_, p)| !p.trim().is_empty())
                .map(|(i, person)| TeamRow {
                    person,
                    role: roles.get(i).cloned().unwrap_or_default(),
                })
                .collect()
        }
        None => current
            .iter()
            .map(|m| TeamRow {
                person: m.person_id.to_string(),
                role: m.role.clone().unwrap_or_default(),
            })
            .collect(),
    };
    for _ in 0..2 {
        rows.push(TeamRow {
            person: String::new(),
            role: String::new(),
        });
    }
    rows
}

#[derive(Deserialize, Default)]
pub(super) struct ProjectsQ {
    pub(super) stage: Option<String>,
    pub(super) q: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/project_tab.html")]
pub(super) struct ProjectsPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) items: Vec<ProjectView>,
    pub(super) pager: Pager,
    pub(super) stage: String,
    pub(super) q: String,
    pub(super) stages: Vec<Opt>,
    pub(super) counts: Vec<(String, u64)>,
    pub(super) people: Vec<Opt>,
    pub(super) team: Vec<TeamRow>,
    pub(super) today: String,
    pub(super) fs: FormState,
}

impl ProjectsPage {
    pub(super) fn list_path(&self) -> String {
        format!("/studios/{}/projects", self.head.id)
    }
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        self.fs.val(form, field)
    }
    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        self.fs.err(form, field)
    }
    pub(super) fn stage_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("proj.stage.{code}"))
    }
    pub(super) fn count(&self, code: &str) -> u64 {
        self.counts
            .iter()
            .find(|(c, _)| c == code)
            .map(|x| x.1)
            .unwrap_or(0)
    }
    pub(super) fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    pub(super) fn wan(&self, fen: &i64) -> String {
        wan(fen)
    }
}

pub(super) async fn render_projects(
    st: &AppState,
    me: &Me,
    id: i64,
    q: ProjectsQ,
    f: Failed,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "projects").await?;
    let req = parse_page(&q.page, &q.per_page)?;
    let repo = s.studio_projects();
    let filter = ProjectFilter {
        stage: q.stage.clone(),
        q: q.q.clone(),
    };
    let page = repo.list(id, &filter, req).await?;
    let status = if f.form.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let codes: Vec<&str> = Stage::ALL.iter().map(|s| s.code()).collect();
    let stage = q.stage.clone().unwrap_or_default();
    let qtext = q.q.clone().unwrap_or_default();
    let team = team_rows((f.form == "create").then_some(&f.input), &[]);
    let p = ProjectsPage {
        l: layout(
            me,
            &head,
            &format!("/studios/{id}/projects"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(
            req,
            page.total,
            &[("stage", stage.clone()), ("q", qtext.clone())],
        ),
        items: page.items,
        stage,
        q: qtext,
        stages: label_opts(tr, "proj.stage", &codes),
        counts: repo.stage_counts(id).await?,
        people: studio_people(s, tr, &head).await?,
        team,
        today: today().to_string(),
        fs: FormState::of(f),
        head,
    };
    Ok(render(status, &p))
}

pub(super) async fn projects(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ProjectsQ>,
) -> WebResult<Response> {
    render_projects(&st, &me, id, q, Failed::none()).await
}

pub(super) fn project_input(f: &Fields, team: Vec<TeamInput>) -> ProjectInput {
    ProjectInput {
        title: f.get("title"),
        description: f.get("description"),
        started_on: f.get("started_on"),
        investment: f.get("investment"),
        shared: f.checked("shared"),
        team,
    }
}

pub(super) async fn create_project(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let team = team_of(&f, &mut fe);
        fe.into_result()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_projects()
                .create(id, &project_input(&f, team))
                .await?,
        )
    }
    .await;
    match r {
        Ok(d) => Ok(see_other(&format!(
            "/studios/{id}/projects/{}?ok=ok.act_project_created",
            d.project.id
        ))),
        Err(e) => {
            let fl = failed(e, me.ctx.tr(), "create", 0, f)?;
            render_projects(&st, &me, id, ProjectsQ::default(), fl).await
        }
    }
}
