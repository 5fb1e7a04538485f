use crate::ctx::{set_cookie, Authed, Ctx, LANG_COOKIE, SESSION_COOKIE};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::pages::{page, render, see_other, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_storage::auth::{LoginError, SESSION_IDLE_MS};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/login", get(show).post(submit))
        .route("/logout", post(logout))
        .route("/lang", post(set_lang))
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    l: Layout,
    username: String,
    next: String,
    error: String,
}

#[derive(Deserialize)]
struct NextQ {
    next: Option<String>,
    ok: Option<String>,
}

/// Where `next=` and `back=` may send a browser: only a path on this site. It must start
/// with `/` followed by a character that is not `/`, `\`, white space or a control
/// character (`//host`, `/\host` and `/<TAB>/host` all lead off-site in some browser), and
/// hold no control character anywhere (a line break cannot go into a `Location` header);
/// anything else goes to `/`.
pub(crate) fn safe_next(n: Option<&str>) -> String {
    let Some(p) = n else {
        return "/".to_string();
    };
    let mut chars = p.chars();
    let local = chars.next() == Some('/')
        && chars
            .next()
            .is_none_or(|c| !(c == '/' || c == '\\' || c.is_whitespace() || c.is_control()))
        && !p.chars().any(char::is_control);
    if local {
        p.to_string()
    } else {
        "/".to_string()
    }
}

async fn show(ctx: Ctx, Query(q): Query<NextQ>) -> Response {
    if ctx.actor.is_some() {
        return see_other(&safe_next(q.next.as_deref()));
    }
    page(&LoginPage {
        l: Layout::new(&ctx, "login", "title.login", "/login").with_flash(q.ok.as_deref()),
        username: String::new(),
        next: safe_next(q.next.as_deref()),
        error: String::new(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

async fn submit(
    State(st): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> WebResult<Response> {
    let tr = ctx.tr();
    let next = safe_next(f.next.as_deref());
    match st
        .store
        .auth()
        .login(&f.username, &f.password, ctx.ip.clone())
        .await
    {
        Ok(ok) => {
            let cookie = set_cookie(
                SESSION_COOKIE,
                &ok.session_token,
                Some(SESSION_IDLE_MS / 1000),
                st.config.secure_cookies,
                "Lax",
            );
            Ok(([(header::SET_COOKIE, cookie)], see_other(&next)).into_response())
        }
        Err(e) => {
            let (status, error) = match e {
                LoginError::Throttled(s) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    tr.tf("err.throttled_seconds", &[("s", &s.to_string())]),
                ),
                LoginError::BadCredentials => (
                    StatusCode::UNAUTHORIZED,
                    tr.t("err.bad_credentials").to_string(),
                ),
                LoginError::Storage(e) => return Err(e.into()),
            };
            let p = LoginPage {
                l: Layout::new(&ctx, "login", "title.login", "/login"),
                username: f.username,
                next,
                error,
            };
            Ok(render(status, &p))
        }
    }
}

async fn logout(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    if let Some(s) = &me.ctx.session {
        st.store.auth().logout(s.id, &me.actor).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", Some(0), st.config.secure_cookies, "Lax");
    Ok((
        [(header::SET_COOKIE, cookie)],
        see_other("/login?ok=ok.signed_out"),
    )
        .into_response())
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    back: Option<String>,
}

/// Switches the language: remembered in a cookie, and on the account when signed in.
async fn set_lang(
    State(st): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LangForm>,
) -> WebResult<Response> {
    let lang = Lang::from_code(&f.lang).ok_or(WebError::BadRequest("err.locale_invalid"))?;
    if let Some(a) = &ctx.actor {
        if !ctx.via_token {
            st.store.auth().set_locale(a, lang.code()).await?;
        }
    }
    let cookie = set_cookie(
        LANG_COOKIE,
        lang.code(),
        Some(365 * 86400),
        st.config.secure_cookies,
        "Lax",
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        see_other(&safe_next(f.back.as_deref())),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_after_login() {
        for good in ["/", "/orgs/5", "/requests?status=open&page=2", "/人员"] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.example",
            "http://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "/\n/evil.example",
            "/orgs\r\nSet-Cookie: x=1",
            "/orgs\u{7f}",
            "orgs",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
