//! One request's page: its timeline and the forms to act on it.

use super::*;

/// One line of the timeline as the page shows it.
pub struct Line {
    pub when: i64,
    pub action: &'static str,
    pub role: &'static str,
    pub actor: String,
    pub to_state: &'static str,
    pub node_name: Option<String>,
    pub note: Option<String>,
    /// What else the action carried: days, rating, solved, evidence.
    pub extra: Vec<String>,
    /// "Round n" for the rounds after a reopening.
    pub round: Option<String>,
    pub internal: bool,
}

pub(super) fn line(tr: Tr, e: &EventView, files: &HashMap<i64, String>) -> Line {
    let mut extra = vec![];
    if let Some(d) = &e.detail {
        if let Some(n) = d.get("days").and_then(|v| v.as_u64()) {
            extra.push(format!("{}: {n}", tr.t("rq.col.days")));
        }
        if let Some(r) = d.get("rating").and_then(|v| v.as_str()) {
            extra.push(format!(
                "{}: {}",
                tr.t("rq.col.rating"),
                tr.t(&format!("rq.rating.{r}"))
            ));
        }
        if let Some(b) = d.get("solved").and_then(|v| v.as_bool()) {
            extra.push(
                tr.t(if b { "rq.solved_yes" } else { "rq.solved_no" })
                    .to_string(),
            );
        }
        if let Some(ev) = d.get("evidence").and_then(|v| v.as_array()) {
            let names: Vec<String> = ev
                .iter()
                .filter_map(|x| x.as_i64())
                .map(|id| files.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
                .collect();
            if !names.is_empty() {
                extra.push(format!("{}: {}", tr.t("rq.evidence"), names.join("、")));
            }
        }
    }
    Line {
        when: e.created_at,
        action: tr.t(&format!("rq.action.{}", e.action)),
        role: tr.t(&format!("rq.role.{}", e.role)),
        actor: e.actor_name.clone(),
        to_state: tr.t(&format!("rq.state.{}", e.to_state)),
        node_name: e.node_name.clone(),
        note: e.note.clone(),
        extra,
        round: (e.round > 1).then(|| tr.tf("rq.round", &[("n", &e.round.to_string())])),
        internal: !e.public,
    }
}

/// An action form as submitted (every field a string).
#[derive(Deserialize, Default, Clone)]
pub(super) struct ActForm {
    pub(super) action: Option<String>,
    pub(super) reason: Option<String>,
    /// A unit of the dispatching chain, from the select.
    pub(super) unit_id: Option<String>,
    /// A node of the caller's scope, from the picker.
    pub(super) node_id: Option<String>,
    pub(super) days: Option<String>,
    pub(super) result: Option<String>,
    pub(super) answer: Option<String>,
    pub(super) rating: Option<String>,
    pub(super) solved: Option<String>,
    /// Ids of files already attached, cited by a reply.
    pub(super) evidence: Option<String>,
}

impl ActForm {
    pub(super) fn get(&self, field: &str) -> String {
        text(match field {
            "action" => &self.action,
            "reason" => &self.reason,
            "unit_id" => &self.unit_id,
            "node_id" => &self.node_id,
            "days" => &self.days,
            "result" => &self.result,
            "answer" => &self.answer,
            "rating" => &self.rating,
            "solved" => &self.solved,
            _ => &self.evidence,
        })
    }

    pub(super) fn input(&self) -> WebResult<ActionInput> {
        let id = |field: &str, v: &Option<String>| -> WebResult<Option<i64>> {
            match v.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
            }
        };
        let node_id = match id("node_id", &self.unit_id)? {
            Some(n) => Some(n),
            None => id("node_id", &self.node_id)?,
        };
        let mut evidence = vec![];
        for part in text(&self.evidence).split(',') {
            if let Some(n) = id("evidence", &Some(part.to_string()))? {
                evidence.push(n);
            }
        }
        Ok(ActionInput {
            action: text(&self.action),
            reason: text(&self.reason),
            node_id,
            days: text(&self.days),
            result: text(&self.result),
            evidence,
            answer: text(&self.answer),
            rating: text(&self.rating),
            solved: match self.solved.as_deref().map(str::trim) {
                Some("yes") | Some("true") => Some(true),
                Some("no") | Some("false") => Some(false),
                _ => None,
            },
        })
    }
}

#[derive(Template)]
#[template(path = "request/request_detail.html")]
pub(super) struct DetailPage {
    pub(super) l: Layout,
    pub(super) lb: Labels,
    pub(super) d: RequestDetail,
    pub(super) r: RequestView,
    pub(super) lines: Vec<Line>,
    pub(super) units: Vec<HandlingUnit>,
    pub(super) ratings: Vec<Opt>,
    /// The action forms to show, in the order of the loop.
    pub(super) actions: Vec<&'static str>,
    pub(super) can_upload: bool,
    pub(super) errors: Errors,
    /// The action whose form failed (`upload` for the file form).
    pub(super) form: String,
    pub(super) input: ActForm,
}

impl DetailPage {
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else {
            String::new()
        }
    }

    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }

    /// The error of a form the page does not show (an action the caller may not take now).
    pub(super) fn stray(&self) -> String {
        if self.form.is_empty()
            || self.form == "upload"
            || self.actions.contains(&self.form.as_str())
        {
            return String::new();
        }
        [self.errors.form(), self.errors.get("action")]
            .into_iter()
            .filter(|e| !e.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(super) fn pending(&self, days: &i32) -> String {
        self.l
            .tr
            .tf("rq.pending_extension", &[("d", &days.to_string())])
    }

    pub(super) fn is_image(&self, content_type: &str) -> bool {
        content_type.starts_with("image/")
    }

    pub(super) fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / 1024.0 / 1024.0)
        } else {
            format!("{} KB", (bytes + 1023) / 1024)
        }
    }
}

pub(super) struct View {
    pub(super) flash: Option<String>,
    pub(super) errors: Errors,
    pub(super) form: String,
    pub(super) input: ActForm,
    pub(super) status: StatusCode,
}

impl View {
    pub(super) fn ok(flash: Option<String>) -> View {
        View {
            flash,
            errors: Errors::default(),
            form: String::new(),
            input: ActForm::default(),
            status: StatusCode::OK,
        }
    }
}

pub(super) async fn render_detail(st: &AppState, me: &Me, id: i64, v: View) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let repo = s.requests();
    let d = repo.get(id).await?;
    let files: HashMap<i64, String> = d
        .files
        .iter()
        .map(|f| (f.id, f.file_name.clone()))
        .collect();
    let lines = d.events.iter().map(|e| line(tr, e, &files)).collect();
    let actions: Vec<&'static str> = ACTIONS
        .iter()
        .map(|a| a.code)
        .filter(|c| d.actions.iter().any(|x| x == c))
        .collect();
    let units = if actions.iter().any(|a| *a == "dispatch" || *a == "transfer") {
        repo.handling_units(id).await?
    } else {
        vec![]
    };
    let dispatches = !me
        .actor
        .grants
        .scopes(Permission::RequestDispatch)
        .is_empty();
    let handles = !me.actor.grants.scopes(Permission::RequestHandle).is_empty();
    let can_upload = (dispatches || handles)
        && d.request.state != "withdrawn"
        && (!d.actions.is_empty() || d.request.category_of_state == "closed");
    let ratings: Vec<&str> = Rating::ALL.iter().map(|r| r.code()).collect();
    let mut l = layout(
        me,
        "requests",
        "rq.details",
        &format!("/requests/{id}"),
        None,
    );
    l.flash = v.flash;
    l.title = display_tracking_code(&d.request.code);
    let p = DetailPage {
        l,
        lb: Labels::load(s, tr).await?,
        r: d.request.clone(),
        d,
        lines,
        units,
        ratings: label_opts(tr, "rq.rating", &ratings),
        actions,
        can_upload,
        errors: v.errors,
        form: v.form,
        input: v.input,
    };
    Ok(render(v.status, &p))
}

pub(super) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let flash =
        q.ok.as_deref()
            .filter(|k| k.starts_with("ok."))
            .map(|k| tr.t(k).to_string());
    render_detail(&st, &me, id, View::ok(flash)).await
}

/// A failed action form: its errors beside its fields (422, or 409 when a rule refused it).
pub(super) async fn failed(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &str,
    input: ActForm,
    e: WebError,
) -> WebResult<Response> {
    let status = match &e {
        WebError::Storage(StorageError::Refused(_)) => StatusCode::CONFLICT,
        WebError::Storage(StorageError::Conflict(..)) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = form_failure(e, me.ctx.tr())?;
    let v = View {
        flash: None,
        errors: Errors(errors),
        form: form.to_string(),
        input,
        status,
    };
    render_detail(st, me, id, v).await
}
