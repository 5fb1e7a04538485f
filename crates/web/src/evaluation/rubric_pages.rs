//! The list of rubrics (paginated, in the caller's scope, by node and by name) with the form
//! that copies a template (过硬, studio, grid worker) to a node as its own rubric.

use super::pages::{field, Fields};
use crate::error::{WebError, WebResult};
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::evaluation::TEMPLATES;
use touyan_domain::DomainError;
use touyan_storage::evaluation::{RubricFilter, RubricView};

#[derive(Deserialize, Default)]
pub(crate) struct ListQ {
    under: Option<String>,
    q: Option<String>,
    ok: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/rubrics.html")]
struct ListPage {
    l: Layout,
    rows: Vec<RubricView>,
    pager: Pager,
    f: BTreeMap<&'static str, String>,
    templates: Vec<&'static str>,
    can_manage: bool,
    /// What the copy form was sent with, and its errors.
    copy: BTreeMap<String, String>,
    errors: Errors,
}

impl ListPage {
    fn val(&self, k: &str) -> &str {
        self.f.get(k).map(String::as_str).unwrap_or("")
    }
    fn copy_val(&self, k: &str) -> &str {
        self.copy.get(k).map(String::as_str).unwrap_or("")
    }
}

async fn list_page(
    st: &AppState,
    me: &Me,
    q: &ListQ,
    copy: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
) -> WebResult<ListPage> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default().trim().to_string();
    let filter = RubricFilter {
        under: opt_id("under", &q.under)?,
        q: q.q.clone(),
    };
    let p = s.evaluation().rubrics(&filter, req).await?;
    let params = vec![("under", text(&q.under)), ("q", text(&q.q))];
    let pager = Pager::new(req, p.total, &params);
    Ok(ListPage {
        l: Layout::new(&me.ctx, "rubrics", "nav.rubrics", "/rubrics").with_flash(q.ok.as_deref()),
        rows: p.items,
        pager,
        f: params.into_iter().collect(),
        templates: TEMPLATES.iter().map(|(code, _, _)| *code).collect(),
        can_manage: me.actor.grants.holds_anywhere(Permission::EvaluationManage),
        copy,
        errors: Errors(errors),
    })
}

pub(crate) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    Ok(page(
        &list_page(&st, &me, &q, BTreeMap::new(), BTreeMap::new()).await?,
    ))
}

/// Copies the template chosen to the node chosen, then opens the copy.
pub(crate) async fn copy(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let code = field(&fields, "template");
    let node = field(&fields, "node_id");
    let s = st.store.scoped(&me.actor);
    let copied = match node.parse::<i64>().ok().filter(|n| *n > 0) {
        None => Err(WebError::from(DomainError::field(
            "node_id",
            "err.required",
        ))),
        Some(_) if !TEMPLATES.iter().any(|(c, _, _)| *c == code) => {
            Err(WebError::from(DomainError::field("template", "err.choice")))
        }
        Some(n) => s
            .evaluation()
            .copy_template(&code, n)
            .await
            .map_err(WebError::from),
    };
    match copied {
        Ok(d) => Ok(see_other(&format!(
            "/rubrics/{}?ok=ok.evaluation_rubric_copied",
            d.rubric.id
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let values = fields.into_iter().collect();
            let p = list_page(&st, &me, &ListQ::default(), values, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
