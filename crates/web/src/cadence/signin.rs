//! Sign-in by code: the host opens it on an activity's page (a code and its QR code, drawn
//! here as SVG), a member signed in enters the code on `/signin` — or scans the QR code,
//! which opens that page with the code filled in — and is marked present. Attempts are
//! limited per account, like logins, so that codes are not guessed.

use crate::api::ApiJson;
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, render, see_other, Errors, Layout, Me};
use crate::ratelimit::{Bucket, Slot};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Form, Json};
use serde::Deserialize;
use std::collections::BTreeMap;
use touyan_storage::cadence::{SignedIn, SigninView};
use touyan_storage::StorageError;

/// What a member sends to sign in.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = SignInBody)]
pub struct SignInBody {
    /// The 6-digit code the host shows.
    #[serde(default)]
    pub code: String,
}

/// One attempt of the account's allowance (wrong codes count; a success is given back).
fn take(st: &AppState, me: &Authed) -> WebResult<Slot> {
    let key = format!("user:{}", me.actor.user_id.unwrap_or_default());
    st.limiter
        .take(Bucket::SignIn, Some(&key))
        .map_err(WebError::Throttled)
}

async fn attempt(st: &AppState, me: &Authed, code: &str) -> WebResult<SignedIn> {
    let slot = take(st, me)?;
    let r = st.store.scoped(&me.actor).cadence().sign_in(code).await;
    if r.is_ok() {
        st.limiter.give_back(slot);
    }
    Ok(r?)
}

/// Opens sign-in on an activity held today: a new code, valid until the day ends.
#[utoipa::path(post, path = "/api/v1/activities/{id}/signin", tag = "cadence",
    params(("id" = i64, Path, description = "The activity")),
    responses((status = 201, body = SigninView), (status = 403, body = crate::api::ErrorBody),
    (status = 404, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn open_api(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<(StatusCode, Json<SigninView>)> {
    let v = st.store.scoped(&me.actor).cadence().open_signin(id).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// Signs the caller's own person in to the activity whose code this is: marked present on
/// its roster. Wrong or expired codes answer 422 on `code`; too many attempts 429.
#[utoipa::path(post, path = "/api/v1/signin", tag = "cadence", request_body = SignInBody,
    responses((status = 200, body = SignedIn), (status = 422, body = crate::api::ErrorBody),
    (status = 429, body = crate::api::ErrorBody)))]
pub async fn sign_in_api(
    State(st): State<AppState>,
    me: Authed,
    ApiJson(body): ApiJson<SignInBody>,
) -> WebResult<Json<SignedIn>> {
    Ok(Json(attempt(&st, &me, &body.code).await?))
}

/// The QR code of `text` as inline SVG.
pub(crate) fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let out = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    match out.find("<svg") {
        Some(i) => out[i..].to_string(),
        None => out,
    }
}

/// The sign-in page's address with the code, as the QR code carries it: absolute on the
/// host the page was asked from.
pub(crate) fn signin_url(headers: &HeaderMap, code: &str) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    match host {
        Some(h) => format!("{proto}://{h}/signin?code={code}"),
        None => format!("/signin?code={code}"),
    }
}

/// Opens sign-in from the activity's page.
pub(crate) async fn open(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let r = st.store.scoped(&me.actor).cadence().open_signin(id).await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/activities/{id}?ok=ok.cadence_signin_opened"
        ))),
        // The only field refused is the day: the page says so.
        Err(StorageError::Invalid(_)) => Ok(see_other(&format!("/activities/{id}?signin=day"))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "cadence/signin.html")]
struct SigninPage {
    l: Layout,
    code: String,
    done: Option<String>,
    errors: Errors,
}

#[derive(Deserialize, Default)]
pub(crate) struct CodeQ {
    code: Option<String>,
}

fn signin_layout(me: &Me) -> Layout {
    Layout::new(&me.ctx, "signin", "cadence.signin_title", "/signin")
}

/// The form to enter a code (filled in from the QR code's address).
pub(crate) async fn form(me: Me, Query(q): Query<CodeQ>) -> WebResult<Response> {
    let code: String = q
        .code
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    let p = SigninPage {
        l: signin_layout(&me),
        code,
        done: None,
        errors: Errors::default(),
    };
    Ok(render(StatusCode::OK, &p))
}

pub(crate) async fn submit(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<SignInBody>,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let (status, done, errors) = match attempt(&st, &me, &f.code).await {
        Ok(d) => {
            let text = tr.tf(
                "cadence.signin_done",
                &[("topic", &d.topic), ("held_at", &d.held_at)],
            );
            (StatusCode::OK, Some(text), BTreeMap::new())
        }
        Err(WebError::Throttled(s)) => {
            let mut e = BTreeMap::new();
            e.insert(
                "code".into(),
                tr.tf("err.rp_too_many", &[("s", &s.to_string())]),
            );
            (StatusCode::TOO_MANY_REQUESTS, None, e)
        }
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, form_failure(e, tr)?),
    };
    let p = SigninPage {
        l: signin_layout(&me),
        code: if done.is_some() {
            String::new()
        } else {
            f.code.chars().take(12).collect()
        },
        done,
        errors: Errors(errors),
    };
    Ok(render(status, &p))
}
