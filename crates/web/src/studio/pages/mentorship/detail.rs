//! One mentorship's page.

use super::*;

#[derive(Template)]
#[template(path = "studio/mentorship.html")]
pub(super) struct DetailPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) m: MentorshipView,
    /// Sessions may be added: the studio takes records and the mentorship is not closed.
    pub(super) session_open: bool,
    pub(super) apprentices: Vec<Opt>,
    pub(super) grades: Vec<Opt>,
    pub(super) kinds: Vec<Opt>,
    /// Which form failed: `edit`, `session`, `outcome` or `close`.
    pub(super) form: &'static str,
    pub(super) f: Vals,
    pub(super) errors: Errors,
}

impl DetailPage {
    pub(super) fn shape_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.shape_{code}"))
    }
    pub(super) fn tier_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.tier_{code}"))
    }
    pub(super) fn kind_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("ment.outcome_{code}"))
    }
    pub(super) fn closed_note(&self) -> String {
        match (&self.m.closed_on, &self.m.grade) {
            (Some(on), Some(g)) => self.l.tr.tf(
                "ment.closed_note",
                &[
                    ("on", &on.to_string()),
                    ("grade", self.l.t(&format!("ment.grade_{g}"))),
                ],
            ),
            _ => String::new(),
        }
    }
    /// A form field's value: as typed when that form failed, else the default given.
    pub(super) fn v(&self, form: &str, field: &str, default: &str) -> String {
        if self.form == form {
            self.f.val(field).to_string()
        } else {
            default.to_string()
        }
    }
    pub(super) fn sel(&self, form: &str, field: &str, code: &str) -> bool {
        self.form == form && self.f.val(field) == code
    }
}

pub(super) fn edit_vals(m: &MentorshipView) -> Vals {
    let mut f = Vals::default();
    f.set("title", m.title.clone());
    f.set("started_on", m.started_on.to_string());
    f.set(
        "planned_end_on",
        m.planned_end_on.map(|d| d.to_string()).unwrap_or_default(),
    );
    f.set("goals", m.goals.clone());
    f.set("plan", m.plan.clone().unwrap_or_default());
    f
}

pub(super) async fn render_detail(
    st: &AppState,
    me: &Me,
    (id, mid): (i64, i64),
    flash: Option<&str>,
    failed: Option<(&'static str, Vals, Errors)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "mentorships").await?;
    let m = s.studio_mentorships().get(id, mid).await?;
    let (status, form, f, errors) = match failed {
        Some((form, f, e)) => (StatusCode::UNPROCESSABLE_ENTITY, form, f, e),
        None => (StatusCode::OK, "", edit_vals(&m), Errors::default()),
    };
    let p = DetailPage {
        l: layout(
            me,
            "ment.detail",
            &format!("/studios/{id}/mentorships/{mid}"),
            flash,
        ),
        session_open: head.open && m.closed_on.is_none(),
        apprentices: m
            .apprentices
            .iter()
            .map(|a| Opt {
                code: a.person_id.to_string(),
                label: a.person_name.clone(),
            })
            .collect(),
        grades: opts(tr, "ment.grade_", &GRADES),
        kinds: opts(tr, "ment.outcome_", &OUTCOME_KINDS),
        form,
        f,
        errors,
        head,
        m,
    };
    Ok(render(status, &p))
}

#[derive(Deserialize, Default)]
pub(super) struct OkQ {
    pub(super) ok: Option<String>,
}

pub(super) async fn detail_page(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_detail(&st, &me, (id, mid), q.ok.as_deref(), None).await
}

/// Back to the mentorship with a notice, or its page again with the failed form's errors.
pub(super) async fn detail_done<T>(
    st: &AppState,
    me: &Me,
    ids: (i64, i64),
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    f: Vals,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{}/mentorships/{}?ok={ok}",
            ids.0, ids.1
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_detail(st, me, ids, None, Some((form, f, errors))).await
        }
    }
}
