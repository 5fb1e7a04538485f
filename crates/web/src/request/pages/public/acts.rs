//! What a reporter may do on a tracked request: rate, reopen, withdraw, and its photos.

use super::*;

#[derive(Debug, Deserialize)]
pub(super) struct ActForm {
    pub(super) rating: Option<String>,
    pub(super) comment: Option<String>,
    pub(super) reason: Option<String>,
}

/// One of the complainant's actions from the tracking page; back to the page with what it
/// did, or the page again with the errors.
pub(super) async fn act(
    st: AppState,
    ctx: Ctx,
    code: String,
    form: &str,
    f: ActForm,
) -> WebResult<Response> {
    let tr = ctx.tr();
    let input = match form {
        "rating" => ActionInput {
            action: "rate".into(),
            rating: f.rating.clone().unwrap_or_default(),
            reason: f.comment.clone().unwrap_or_default(),
            ..Default::default()
        },
        other => ActionInput {
            action: other.into(),
            reason: f.reason.clone().unwrap_or_default(),
            ..Default::default()
        },
    };
    let slot = match limit(&st, &ctx, Bucket::Act) {
        Ok(s) => s,
        Err(WebError::Throttled(s)) => {
            let p = st.store.track(&code).await?;
            let mut view = track_view(&ctx, p);
            view.form = form.into();
            view.errors.0.insert(
                "_form".into(),
                tr.tf("err.rp_too_many", &[("s", &s.to_string())]),
            );
            return Ok(too_many(page(&view), s));
        }
        Err(e) => return Err(e),
    };
    let r = st.store.act_public(&code, &input, ctx.ip.clone()).await;
    refund(&st, slot, &r);
    let (status, errors) = match r {
        Ok((p, reopened)) => {
            let done = match form {
                _ if reopened => "reopened",
                "withdraw" => "withdrawn",
                _ => "rated",
            };
            return Ok(see_other(&format!("/track/{}?done={done}", p.code)));
        }
        Err(StorageError::Invalid(fe)) => (StatusCode::UNPROCESSABLE_ENTITY, translated(&fe, tr)),
        Err(StorageError::Refused(k)) => (
            StatusCode::CONFLICT,
            Errors([("_form".to_string(), tr.t(k).to_string())].into()),
        ),
        Err(e) => return Err(e.into()),
    };
    let p = st.store.track(&code).await?;
    let mut view = track_view(&ctx, p);
    view.form = form.into();
    view.errors = errors;
    for (k, v) in [
        ("rating", f.rating),
        ("comment", f.comment),
        ("reason", f.reason),
    ] {
        if let Some(v) = v {
            view.input.insert(k.into(), v);
        }
    }
    Ok(render(status, &view))
}

pub(super) async fn rate(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    act(st, ctx, code, "rating", f).await
}

pub(super) async fn reopen(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    act(st, ctx, code, "reopen", f).await
}

pub(super) async fn withdraw(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    act(st, ctx, code, "withdraw", f).await
}

/// A photo sent with the request.
pub(super) async fn photo(
    State(st): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
) -> WebResult<Response> {
    limit(&st, &ctx, Bucket::Lookup)?;
    let (ct, bytes) = st.store.public_file(&code, id).await?;
    Ok(crate::download::public_picture(&ct, bytes))
}
