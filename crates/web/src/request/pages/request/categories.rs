//! The request categories page and its forms.

use super::*;

#[derive(Deserialize, Default, Clone)]
pub(super) struct CatForm {
    pub(super) code: Option<String>,
    pub(super) name_zh: Option<String>,
    pub(super) name_en: Option<String>,
    pub(super) default_node_id: Option<String>,
    pub(super) accept_within_hours: Option<String>,
    pub(super) reply_within_days: Option<String>,
    pub(super) follow_up_within_days: Option<String>,
    pub(super) reopen_window_days: Option<String>,
    pub(super) red_after_work_hours: Option<String>,
    pub(super) sort_order: Option<String>,
    pub(super) active: Option<String>,
}

impl CatForm {
    pub(super) fn get(&self, field: &str) -> String {
        text(match field {
            "code" => &self.code,
            "name_zh" => &self.name_zh,
            "name_en" => &self.name_en,
            "default_node_id" => &self.default_node_id,
            "accept_within_hours" => &self.accept_within_hours,
            "reply_within_days" => &self.reply_within_days,
            "follow_up_within_days" => &self.follow_up_within_days,
            "reopen_window_days" => &self.reopen_window_days,
            "red_after_work_hours" => &self.red_after_work_hours,
            "sort_order" => &self.sort_order,
            _ => &self.active,
        })
    }

    pub(super) fn of(c: &CategoryView) -> CatForm {
        let s = |v: i32| Some(v.to_string());
        CatForm {
            code: Some(c.code.clone()),
            name_zh: Some(c.name_zh.clone()),
            name_en: Some(c.name_en.clone()),
            default_node_id: c.default_node_id.map(|n| n.to_string()),
            accept_within_hours: s(c.accept_within_hours),
            reply_within_days: s(c.reply_within_days),
            follow_up_within_days: s(c.follow_up_within_days),
            reopen_window_days: s(c.reopen_window_days),
            red_after_work_hours: c.red_after_work_hours.map(|h| h.to_string()),
            sort_order: s(c.sort_order),
            active: c.active.then(|| "1".to_string()),
        }
    }

    /// The numbers the form gives besides the policy: the default unit and the order.
    pub(super) fn ids(&self) -> WebResult<(Option<i64>, Option<i32>)> {
        let num = |field: &str, v: &Option<String>| -> WebResult<Option<i64>> {
            match v.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
            }
        };
        let node = num("default_node_id", &self.default_node_id)?;
        let order = num("sort_order", &self.sort_order)?
            .map(|n| {
                i32::try_from(n)
                    .map_err(|_| StorageError::field("sort_order", "err.sort_order_range"))
            })
            .transpose()?;
        Ok((node, order))
    }

    pub(super) fn policy(&self) -> PolicyInput {
        PolicyInput {
            accept_within_hours: text(&self.accept_within_hours),
            reply_within_days: text(&self.reply_within_days),
            follow_up_within_days: text(&self.follow_up_within_days),
            reopen_window_days: text(&self.reopen_window_days),
            red_after_work_hours: text(&self.red_after_work_hours),
        }
    }
}

/// One row of the dictionary with its edit form's values.
pub(super) struct CatRow {
    pub(super) c: CategoryView,
    pub(super) f: CatForm,
}

#[derive(Template)]
#[template(path = "request/request_categories.html")]
pub(super) struct CategoriesPage {
    pub(super) l: Layout,
    pub(super) rows: Vec<CatRow>,
    pub(super) can_manage: bool,
    pub(super) errors: Errors,
    /// The failed form: `new` or a category code.
    pub(super) form: String,
    pub(super) input: CatForm,
}

impl CategoriesPage {
    pub(super) fn val(&self, form: &str, f: &CatForm, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else {
            f.get(field)
        }
    }

    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }

    pub(super) fn blank(&self) -> CatForm {
        CatForm {
            reopen_window_days: Some("7".into()),
            active: Some("1".into()),
            ..Default::default()
        }
    }
}

pub(super) async fn render_categories(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    form: &str,
    input: CatForm,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).requests();
    let rows = repo
        .categories()
        .await?
        .into_iter()
        .map(|c| CatRow {
            f: CatForm::of(&c),
            c,
        })
        .collect();
    let p = CategoriesPage {
        l: layout(
            me,
            "request_categories",
            "rq.title_categories",
            "/request-categories",
            flash,
        ),
        rows,
        can_manage: repo.can_manage_categories(),
        errors,
        form: form.to_string(),
        input,
    };
    Ok(render(status, &p))
}

pub(super) async fn categories(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_categories(
        &st,
        &me,
        q.ok.as_deref(),
        "",
        CatForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

pub(super) async fn cat_failed(
    st: &AppState,
    me: &Me,
    form: &str,
    f: CatForm,
    e: WebError,
) -> WebResult<Response> {
    let status = match &e {
        WebError::Storage(StorageError::Conflict(..)) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = form_failure(e, me.ctx.tr())?;
    render_categories(st, me, None, form, f, Errors(errors), status).await
}

pub(super) async fn create_category(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<CatForm>,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).requests();
    let r = match f.ids() {
        Ok((node, order)) => {
            let p = f.policy();
            let input = CategoryInput {
                code: text(&f.code),
                name_zh: text(&f.name_zh),
                name_en: text(&f.name_en),
                default_node_id: node,
                accept_within_hours: p.accept_within_hours,
                reply_within_days: p.reply_within_days,
                follow_up_within_days: p.follow_up_within_days,
                reopen_window_days: p.reopen_window_days,
                red_after_work_hours: p.red_after_work_hours,
                sort_order: order,
                active: f.active.is_some(),
            };
            repo.create_category(&input).await.map_err(WebError::from)
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other("/request-categories?ok=ok.rq_category_created")),
        Err(e) => cat_failed(&st, &me, "new", f, e).await,
    }
}

pub(super) async fn update_category(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
    Form(f): Form<CatForm>,
) -> WebResult<Response> {
    let repo = st.store.scoped(&me.actor).requests();
    let r = match f.ids() {
        Ok((node, order)) => {
            let p = f.policy();
            let patch = CategoryPatch {
                name_zh: Some(text(&f.name_zh)),
                name_en: Some(text(&f.name_en)),
                default_node_id: Some(node),
                accept_within_hours: Some(p.accept_within_hours),
                reply_within_days: Some(p.reply_within_days),
                follow_up_within_days: Some(p.follow_up_within_days),
                reopen_window_days: Some(p.reopen_window_days),
                red_after_work_hours: Some(p.red_after_work_hours),
                sort_order: order,
                active: Some(f.active.is_some()),
            };
            repo.update_category(&code, &patch)
                .await
                .map_err(WebError::from)
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other("/request-categories?ok=ok.rq_category_saved")),
        Err(e) => cat_failed(&st, &me, &code, f, e).await,
    }
}
