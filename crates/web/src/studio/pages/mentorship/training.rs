//! The training tab and its materials.

use super::*;

#[derive(Template)]
#[template(path = "studio/training.html")]
pub(super) struct TrainingPage {
    pub(super) l: Layout,
    pub(super) head: StudioHead,
    pub(super) items: Vec<TrainingView>,
    pub(super) pager: Pager,
    pub(super) list_path: String,
    pub(super) counts: MentorshipCounts,
    /// Which form failed: `new`, or `material-{id}`.
    pub(super) form: String,
    pub(super) f: Vals,
    pub(super) errors: Errors,
}

impl TrainingPage {
    pub(super) fn rate(&self, r: &f64) -> String {
        format!("{r:.1}%")
    }
    pub(super) fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / (1024.0 * 1024.0))
        } else {
            format!("{} KB", (*bytes + 1023) / 1024)
        }
    }
    pub(super) fn material_error(&self, id: &i64) -> &str {
        if self.form == format!("material-{id}") {
            self.errors.get("file")
        } else {
            ""
        }
    }
    pub(super) fn new_error(&self, field: &str) -> &str {
        if self.form == "new" {
            self.errors.get(field)
        } else {
            ""
        }
    }
}

pub(super) async fn render_training(
    st: &AppState,
    me: &Me,
    id: i64,
    q: ListQ,
    failed: Option<(String, Vals, Errors)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "training").await?;
    let req = parse_page(&q.page, &q.per_page)?;
    let list = s.studio_training().list(id, req).await?;
    let (status, form, f, errors) = match failed {
        Some((form, f, e)) => (StatusCode::UNPROCESSABLE_ENTITY, form, f, e),
        None => {
            let mut f = Vals::default();
            f.set("held_on", today().to_string());
            (StatusCode::OK, String::new(), f, Errors::default())
        }
    };
    let p = TrainingPage {
        l: layout(
            me,
            "train.title_list",
            &format!("/studios/{id}/training"),
            q.ok.as_deref(),
        ),
        pager: Pager::new(req, list.total, &[]),
        list_path: format!("/studios/{id}/training"),
        items: list.items,
        counts: s.studio_mentorships().counts(id).await?,
        form,
        f,
        errors,
        head,
    };
    Ok(render(status, &p))
}

pub(super) async fn training_page(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    render_training(&st, &me, id, q, None).await
}

/// The text parts of a multipart page form, and its files named `file_field` (an empty
/// file input sends a part with no name and no bytes: skipped).
pub(super) async fn multipart_form(
    m: &mut Multipart,
    file_field: &str,
) -> WebResult<(Vals, Vec<Upload>)> {
    let bad = |_| WebError::BadRequest("err.body_too_large");
    let mut vals = Vals::default();
    let mut files = vec![];
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == file_field {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(bad)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                files.push(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let text = crate::input_guard::multipart_text(field, bad).await?;
            vals.set(&name, text);
        }
    }
    Ok((vals, files))
}

pub(super) async fn create_training(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (f, files) = multipart_form(&mut m, "materials").await?;
    let input = TrainingInput {
        topic: f.val("topic").to_string(),
        held_on: f.val("held_on").to_string(),
        expected: f.val("expected").to_string(),
        attended: f.val("attended").to_string(),
        place: f.val("place").to_string(),
        summary: f.val("summary").to_string(),
        shared: f.checked("shared"),
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_training()
        .create(id, &input, &files)
        .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/training?ok=ok.train_created"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            render_training(
                &st,
                &me,
                id,
                ListQ::default(),
                Some(("new".into(), f, errors)),
            )
            .await
        }
    }
}

pub(super) async fn add_material(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (_, mut files) = multipart_form(&mut m, "file").await?;
    let r = match files.pop() {
        None => Err(WebError::from(StorageError::field(
            "file",
            "err.file_missing",
        ))),
        Some(up) => st
            .store
            .scoped(&me.actor)
            .studio_training()
            .add_material(id, tid, &up)
            .await
            .map_err(WebError::from),
    };
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/training?ok=ok.train_material_added"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            let failed = (format!("material-{tid}"), Vals::default(), errors);
            render_training(&st, &me, id, ListQ::default(), Some(failed)).await
        }
    }
}

pub(super) async fn delete_training(
    State(st): State<AppState>,
    me: Me,
    Path((id, tid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_training()
        .delete(id, tid)
        .await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/training?ok=ok.train_deleted"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            render_training(
                &st,
                &me,
                id,
                ListQ::default(),
                Some((String::new(), Vals::default(), errors)),
            )
            .await
        }
    }
}
