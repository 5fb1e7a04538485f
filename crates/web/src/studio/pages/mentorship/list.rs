//! The mentorships tab and the new-mentorship form.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct ListQ {
    pub(super) ok: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) state: Option<String>,
}

/// Current members of the studio, to pick the mentor and apprentices from.
pub(super) async fn member_opts(s: Scoped<'_>, tr: Tr, studio_id: i64) -> WebResult<Vec<Opt>> {
    let today = today();
    Ok(s.studios()
        .members(studio_id)
        .await?
        .into_iter()
        .filter(|m| m.left_on.is_none_or(|d| d > today))
        .map(|m| Opt {
            code: m.person_id.to_string(),
            label: format!(
                "{}（{}）",
                m.person_name,
                tr.t(&format!("studio.role.{}", m.role))
            ),
        })
        .collect())
}

// ---- the list and the new-mentorship form

#[derive(Template)]
#[template(path = "studio/mentorships.html")]
pub(super) struct ListPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) items: Vec<MentorshipView>,
    pub(super) pager: Pager,
    pub(super) list_path: String,
    pub(super) state: String,
    pub(super) counts: MentorshipCounts,
    pub(super) export_href: String,
    pub(super) members: Vec<Opt>,
    pub(super) shapes: Vec<Opt>,
    pub(super) tiers: Vec<Opt>,
    pub(super) f: Vals,
    pub(super) errors: Errors,
    /// Errors about the apprentices (the list, or one of them by name).
    pub(super) apprentice_errors: Vec<String>,
}

impl ListPage {
    pub(super) fn shape_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.shape_{code}"))
    }
    pub(super) fn grade_label(&self, g: &Option<String>) -> &'static str {
        match g {
            Some(g) => self.l.t(&format!("ment.grade_{g}")),
            None => "",
        }
    }
    pub(super) fn picked(&self, pid: &str) -> bool {
        self.f.has("apprentice", pid)
    }
    pub(super) fn tier_is(&self, pid: &str, tier: &str) -> bool {
        match self.f.val(&format!("tier_{pid}")) {
            "" => tier == "other",
            t => t == tier,
        }
    }
    pub(super) fn names(&self, m: &MentorshipView) -> String {
        m.apprentices
            .iter()
            .map(|a| a.person_name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

pub(super) async fn render_list(
    st: &AppState,
    me: &Me,
    id: i64,
    q: ListQ,
    failed: Option<(Vals, Errors, Vec<String>)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "mentorships").await?;
    let req = parse_page(&q.page, &q.per_page)?;
    let state = q.state.unwrap_or_default();
    let repo = s.studio_mentorships();
    let filter = MentorshipFilter {
        state: Some(state.clone()).filter(|s| !s.is_empty()),
        person: None,
    };
    let list = repo.list(id, &filter, req).await?;
    let members = if head.open {
        member_opts(s, tr, id).await?
    } else {
        vec![]
    };
    let (status, f, errors, apprentice_errors) = match failed {
        Some((f, e, a)) => (StatusCode::UNPROCESSABLE_ENTITY, f, e, a),
        None => {
            let mut f = Vals::default();
            f.set("started_on", today().to_string());
            (StatusCode::OK, f, Errors::default(), vec![])
        }
    };
    let p = ListPage {
        l: layout(
            me,
            "ment.title_list",
            &format!("/studios/{id}/mentorships"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(req, list.total, &[("state", state.clone())]),
        items: list.items,
        list_path: format!("/studios/{id}/mentorships"),
        state,
        counts: repo.counts(id).await?,
        export_href: format!("/api/v1/studios/{id}/mentorships/export.xlsx"),
        members,
        shapes: opts(tr, "ment.shape_", &SHAPES),
        tiers: opts(tr, "ment.tier_", &TIERS),
        f,
        errors,
        apprentice_errors,
        head,
    };
    Ok(render(status, &p))
}

pub(super) async fn list_page(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    render_list(&st, &me, id, q, None).await
}

/// The mentorship a new-mentorship form describes; apprentices are the ticked members, each
/// with the tier chosen beside them.
pub(super) fn mentorship_input(f: &Vals) -> Result<MentorshipInput, WebError> {
    let mut apprentices = vec![];
    for (i, v) in f.all("apprentice").into_iter().enumerate() {
        let pid = v.trim().parse::<i64>().map_err(|_| {
            StorageError::field(&format!("apprentices.{i}.person_id"), "err.number_invalid")
        })?;
        apprentices.push(ApprenticeInput {
            person_id: Some(pid),
            tier: f.val(&format!("tier_{pid}")).to_string(),
        });
    }
    Ok(MentorshipInput {
        title: f.val("title").to_string(),
        mentor_id: f.id("mentor_id")?,
        shape: f.val("shape").to_string(),
        apprentices,
        started_on: f.val("started_on").to_string(),
        goals: f.val("goals").to_string(),
        plan: f.val("plan").to_string(),
        planned_end_on: f.val("planned_end_on").to_string(),
    })
}

/// Messages about the apprentices, naming the one each is about.
pub(super) fn apprentice_errors(errors: &Errors, f: &Vals, names: &[Opt]) -> Vec<String> {
    let picked = f.all("apprentice");
    errors
        .0
        .iter()
        .filter(|(k, _)| k.starts_with("apprentices"))
        .map(|(k, msg)| {
            let who = k
                .split('.')
                .nth(1)
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| picked.get(i))
                .and_then(|pid| names.iter().find(|o| o.code == *pid))
                .map(|o| o.label.clone());
            match who {
                Some(w) => format!("{w}：{msg}"),
                None => msg.clone(),
            }
        })
        .collect()
}

pub(super) async fn create_mentorship(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    body: Bytes,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let f = Vals::parse(&body);
    let r = async {
        let input = mentorship_input(&f)?;
        Ok::<_, WebError>(s.studio_mentorships().create(id, &input).await?)
    }
    .await;
    match r {
        Ok(m) => Ok(see_other(&format!(
            "/studios/{id}/mentorships/{}?ok=ok.ment_created",
            m.id
        ))),
        Err(e) => {
            let tr = me.ctx.tr();
            let errors = Errors(form_failure(e, tr)?);
            let names = member_opts(s, tr, id).await?;
            let a = apprentice_errors(&errors, &f, &names);
            render_list(&st, &me, id, ListQ::default(), Some((f, errors, a))).await
        }
    }
}

// ---- one mentorship
