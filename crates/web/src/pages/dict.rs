//! The organization-kind dictionary page (whole-tree `dict.manage`).

use super::{form_failure, opt_id, render, see_other, Errors, Layout, Me};
use crate::error::{WebError, WebResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::org::KindDraft;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/org-kinds", get(index).post(create))
        .route("/org-kinds/{code}", post(update))
        .route("/org-kinds/{code}/delete", post(delete))
}

#[derive(Deserialize, Default)]
struct KindForm {
    code: Option<String>,
    name: Option<String>,
    name_en: Option<String>,
    sort_order: Option<String>,
}

impl KindForm {
    fn draft(&self, code: &str) -> WebResult<KindDraft> {
        let sort = opt_id("sort_order", &self.sort_order)?;
        Ok(KindDraft::parse(
            code,
            self.name.as_deref().unwrap_or(""),
            self.name_en.as_deref().unwrap_or(""),
            sort,
        )?)
    }
}

#[derive(Template)]
#[template(path = "dict.html")]
struct DictPage {
    l: Layout,
    /// Which row's form failed (`new` for the add form).
    failed: String,
    input: KindForm,
    errors: Errors,
}

#[derive(Deserialize)]
struct Q {
    ok: Option<String>,
}

async fn show(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    failed: String,
    input: KindForm,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    if !me.actor.grants.allows_global(Permission::DictManage) {
        return Err(WebError::Storage(touyan_storage::StorageError::NotFound));
    }
    let l = Layout::new(&me.ctx, "dict", "title.dict", "/org-kinds")
        .with_flash(flash)
        .with_kinds(st.store.scoped(&me.actor))
        .await?;
    Ok(render(
        status,
        &DictPage {
            l,
            failed,
            input,
            errors,
        },
    ))
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<Q>) -> WebResult<Response> {
    show(
        &st,
        &me,
        q.ok.as_deref(),
        String::new(),
        KindForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn fail(st: &AppState, me: &Me, row: &str, f: KindForm, e: WebError) -> WebResult<Response> {
    let errors = form_failure(e, me.ctx.tr())?;
    show(
        st,
        me,
        None,
        row.to_string(),
        f,
        Errors(errors),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<KindForm>,
) -> WebResult<Response> {
    let r = async {
        let d = f.draft(f.code.as_deref().unwrap_or(""))?;
        Ok::<_, WebError>(st.store.scoped(&me.actor).dict().create_kind(d).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other("/org-kinds?ok=ok.created")),
        Err(e) => fail(&st, &me, "new", f, e).await,
    }
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
    Form(f): Form<KindForm>,
) -> WebResult<Response> {
    let r = async {
        let d = f.draft(&code)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .dict()
                .update_kind(&code, d)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other("/org-kinds?ok=ok.saved")),
        Err(e) => fail(&st, &me, &code, f, e).await,
    }
}

async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
) -> WebResult<Response> {
    match st.store.scoped(&me.actor).dict().delete_kind(&code).await {
        Ok(()) => Ok(see_other("/org-kinds?ok=ok.deleted")),
        Err(e) => fail(&st, &me, &code, KindForm::default(), e.into()).await,
    }
}
