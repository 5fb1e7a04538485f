//! Server-rendered pages. Each handler gets a [`Scoped`] handle from the signed-in caller,
//! exactly as the API does, and renders an askama template in the caller's language.

use crate::ctx::{Authed, Ctx};
use crate::error::{ErrorInfo, WebError};
use crate::i18n::Tr;
use crate::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(crate::accounts::pages::routes())
        .merge(crate::home::pages::routes())
        .merge(crate::org::pages::routes())
        .merge(crate::audit::pages::routes())
        .merge(crate::dict::pages::routes())
        .merge(crate::people::pages::routes())
        .merge(crate::studio::pages::routes())
        .merge(crate::request::pages::routes())
        .merge(crate::calendar::pages::routes())
        .route_layer(crate::require::writes_by_route(FORM_WRITES))
        .merge(crate::api::health_routes())
}

/// What each state-changing page form needs held somewhere; a form not listed here is open
/// to every caller who reaches it (signing in and out, the language, one's own password and
/// tokens, the public request forms). Checked before the form is read, so a caller whose
/// roles lack the permission gets 403 whatever was sent.
const FORM_WRITES: &[(&str, &[Permission])] = {
    use Permission::*;
    const ORG: &[Permission] = &[OrgWrite];
    const USER: &[Permission] = &[UserWrite];
    const ROLE: &[Permission] = &[RoleManage];
    const DICT: &[Permission] = &[DictManage];
    const PERSON: &[Permission] = &[PersonWrite];
    const STUDIO: &[Permission] = &[StudioWrite];
    const STUDIO_MANAGE: &[Permission] = &[StudioManage];
    const REQUEST_WORK: &[Permission] = &[RequestDispatch, RequestHandle];
    const CALENDAR: &[Permission] = &[CalendarManage];
    &[
        ("/orgs", ORG),
        ("/orgs/{id}", ORG),
        ("/orgs/{id}/children", ORG),
        ("/orgs/{id}/move", ORG),
        ("/orgs/{id}/delete", ORG),
        ("/users/new", USER),
        ("/users/{id}", USER),
        ("/users/{id}/password", USER),
        ("/users/{id}/assignments", USER),
        ("/users/{id}/assignments/{aid}/delete", USER),
        ("/users/{id}/delete", USER),
        ("/roles", ROLE),
        ("/roles/{id}", ROLE),
        ("/roles/{id}/delete", ROLE),
        ("/org-kinds", DICT),
        ("/org-kinds/{code}", DICT),
        ("/org-kinds/{code}/delete", DICT),
        ("/dict/post", DICT),
        ("/dict/post/{code}", DICT),
        ("/dict/post/{code}/delete", DICT),
        ("/dict/studio_kind", DICT),
        ("/dict/studio_kind/{code}", DICT),
        ("/dict/studio_kind/{code}/delete", DICT),
        ("/people", PERSON),
        ("/people/{id}", PERSON),
        ("/people/{id}/transition", PERSON),
        ("/people/{id}/posts", PERSON),
        ("/people/{id}/honours", PERSON),
        ("/people/{id}/notes", PERSON),
        ("/people/{id}/delete", PERSON),
        ("/posts/{id}/end", PERSON),
        ("/posts/{id}/delete", PERSON),
        ("/honours/{id}/delete", PERSON),
        ("/quotas", &[QuotaManage]),
        // The ledger is named in the path; the import itself checks the ledger's own right.
        ("/people/import/{slug}", &[PersonWrite, QuotaManage]),
        ("/studios", STUDIO),
        ("/studios/{id}", STUDIO),
        ("/studios/{id}/move", STUDIO_MANAGE),
        ("/studios/{id}/delete", STUDIO),
        ("/studios/{id}/members", STUDIO),
        ("/studios/{id}/members/{mid}/leave", STUDIO),
        ("/studios/{id}/members/{mid}/remove", STUDIO),
        ("/studios/{id}/photos", STUDIO),
        ("/studios/{id}/photos/{fid}/cover", STUDIO),
        ("/studios/{id}/files/{fid}/delete", STUDIO),
        ("/alliances", STUDIO_MANAGE),
        ("/alliances/{id}/join", STUDIO_MANAGE),
        ("/alliances/{id}/leave/{sid}", &[StudioManage, StudioWrite]),
        ("/studios/{id}/achievements", STUDIO),
        ("/studios/{id}/achievements/{aid}", STUDIO),
        ("/studios/{id}/achievements/{aid}/delete", STUDIO),
        (
            "/studios/{id}/achievements/{aid}/evidence/{fid}/delete",
            STUDIO,
        ),
        ("/achievements/import", STUDIO),
        // Anyone who reads a studio may ask it a question.
        ("/studios/{id}/questions", &[StudioRead]),
        ("/studios/{id}/questions/{qid}/answer", STUDIO),
        ("/studios/{id}/questions/{qid}/delete", STUDIO),
        ("/studios/{id}/office-hours", STUDIO),
        ("/studios/{id}/office-hours/{hid}/delete", STUDIO),
        ("/studios/{id}/projects", STUDIO),
        ("/studios/{id}/projects/{pid}", STUDIO),
        ("/studios/{id}/projects/{pid}/delete", STUDIO),
        ("/studios/{id}/projects/{pid}/stage", STUDIO),
        ("/studios/{id}/projects/{pid}/milestones", STUDIO),
        ("/studios/{id}/projects/{pid}/milestones/{mid}/done", STUDIO),
        (
            "/studios/{id}/projects/{pid}/milestones/{mid}/delete",
            STUDIO,
        ),
        ("/studios/{id}/projects/{pid}/benefits", STUDIO),
        ("/studios/{id}/projects/{pid}/benefits/{bid}/delete", STUDIO),
        ("/studios/{id}/projects/{pid}/files", STUDIO),
        ("/studios/{id}/evaluations", STUDIO_MANAGE),
        ("/studios/{id}/evaluations/{eid}/delete", STUDIO_MANAGE),
        ("/studios/{id}/support", STUDIO),
        ("/studios/{id}/support/{sid}/delete", STUDIO),
        ("/studios/{id}/mentorships", STUDIO),
        ("/studios/{id}/mentorships/{mid}", STUDIO),
        ("/studios/{id}/mentorships/{mid}/delete", STUDIO),
        ("/studios/{id}/mentorships/{mid}/sessions", STUDIO),
        (
            "/studios/{id}/mentorships/{mid}/sessions/{rid}/delete",
            STUDIO,
        ),
        ("/studios/{id}/mentorships/{mid}/close", STUDIO),
        ("/studios/{id}/mentorships/{mid}/outcomes", STUDIO),
        (
            "/studios/{id}/mentorships/{mid}/outcomes/{oid}/delete",
            STUDIO,
        ),
        ("/studios/{id}/training", STUDIO),
        ("/studios/{id}/training/{tid}/materials", STUDIO),
        ("/studios/{id}/training/{tid}/delete", STUDIO),
        ("/requests", REQUEST_WORK),
        ("/requests/{id}/act", REQUEST_WORK),
        ("/requests/{id}/reply", REQUEST_WORK),
        ("/requests/{id}/files", REQUEST_WORK),
        ("/visits", REQUEST_WORK),
        ("/requests/import", &[RequestDispatch]),
        ("/request-categories", &[RequestManage]),
        ("/request-categories/{code}", &[RequestManage]),
        ("/calendar/days", CALENDAR),
        ("/calendar/days/delete", CALENDAR),
        ("/calendar/hours", CALENDAR),
        ("/calendar/import", CALENDAR),
    ]
};

/// One choice of a select: its code and its label in the page's language.
pub struct Opt {
    pub code: String,
    pub label: String,
}

/// Choices whose labels are the translations of `{prefix}.{code}`.
pub fn label_opts(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<Opt> {
    codes
        .iter()
        .map(|c| Opt {
            code: c.to_string(),
            label: tr.t(&format!("{prefix}.{c}")).to_string(),
        })
        .collect()
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What every page's frame needs: language, the caller, the CSRF token, the menu.
pub struct Layout {
    pub tr: Tr,
    pub lang: &'static str,
    pub user: Option<String>,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub title: String,
    /// A translated notice shown once (after a redirect).
    pub flash: Option<String>,
    pub path: String,
    pub kinds: Vec<touyan_storage::org::OrgKind>,
}

impl Layout {
    pub fn t(&self, key: &str) -> &'static str {
        self.tr.t(key)
    }

    pub fn when(&self, ms: &i64) -> String {
        crate::xlsx::fmt_ms(*ms)
    }

    pub fn when_opt(&self, ms: &Option<i64>) -> String {
        ms.map(crate::xlsx::fmt_ms).unwrap_or_default()
    }

    /// The name of an organization kind in the page's language, from the dictionary that
    /// `with_kinds` loaded.
    pub fn kind<'a>(&'a self, code: &'a str) -> &'a str {
        match self.kinds.iter().find(|k| k.code == code) {
            Some(k) if self.tr.lang == crate::i18n::Lang::En => &k.name_en,
            Some(k) => &k.name,
            None => code,
        }
    }

    /// Loads the organization-kind dictionary for pages that show kinds.
    pub async fn with_kinds(mut self, s: touyan_storage::Scoped<'_>) -> Result<Self, WebError> {
        self.kinds = s.dict().kinds().await?;
        Ok(self)
    }

    pub fn status(&self, code: &str) -> &'static str {
        self.t(&format!("status.{code}"))
    }

    pub fn new(ctx: &Ctx, section: &str, title_key: &str, path: &str) -> Layout {
        let tr = ctx.tr();
        let mut nav = vec![];
        if let Some(a) = &ctx.actor {
            let g = &a.grants;
            let has = |p: Permission| !g.scopes(p).is_empty();
            let mut push = |href: &'static str, key: &'static str, id: &str| {
                nav.push(NavItem {
                    href,
                    label: tr.t(key),
                    active: section == id,
                });
            };
            push("/", "nav.home", "home");
            if has(Permission::OrgRead) {
                push("/orgs", "nav.orgs", "orgs");
            }
            if has(Permission::PersonRead) {
                push("/people", "pnav.people", "people");
                push("/quotas", "pnav.quotas", "quotas");
                push("/honours", "pnav.honours", "honours");
            }
            if has(Permission::StudioRead) {
                push("/studios", "nav.studios", "studios");
                push("/my-studio", "nav.my_studio", "my_studio");
                push("/alliances", "nav.alliances", "alliances");
            }
            if has(Permission::UserRead) {
                push("/users", "nav.users", "users");
                if g.allows_global(Permission::UserRead) {
                    push("/users/locks", "auth.locks.nav", "login_locks");
                }
                push("/roles", "nav.roles", "roles");
            }
            if has(Permission::AuditRead) {
                push("/audit", "nav.audit", "audit");
            }
            if has(Permission::RequestRead) {
                push("/requests", "nav.rq_requests", "requests");
            }
            if has(Permission::RequestRead) {
                push("/supervision", "nav.rq_supervision", "supervision");
            }
            if has(Permission::RequestRead) {
                push("/requests/stats", "rstats.nav", "request_stats");
            }
            push("/tokens", "nav.tokens", "tokens");
            if g.allows_global(Permission::DictManage) {
                push("/org-kinds", "nav.dict", "dict");
            }
            if g.allows_global(Permission::CalendarManage) {
                push("/calendar", "nav.calendar", "calendar");
            }
            push("/account", "nav.account", "account");
        }
        Layout {
            tr,
            lang: tr.lang.code(),
            user: ctx.actor.as_ref().map(|a| a.display_name.clone()),
            csrf: ctx.csrf.clone(),
            nav,
            title: tr.t(title_key).to_string(),
            flash: None,
            path: path.to_string(),
            kinds: Vec::new(),
        }
    }

    pub fn with_flash(mut self, key: Option<&str>) -> Self {
        self.flash = key
            .filter(|k| k.starts_with("ok."))
            .map(|k| self.tr.t(k).to_string());
        self
    }
}

/// Renders a template as a page with the given status.
pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => WebError::Internal(format!("template: {e}")).into_response(),
    }
}

pub fn page<T: Template>(t: &T) -> Response {
    render(StatusCode::OK, t)
}

pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Field errors of a failed form, translated; `None` when the error is not about fields.
pub fn form_errors(e: &WebError, tr: Tr) -> Option<BTreeMap<String, String>> {
    match e {
        WebError::Storage(StorageError::Invalid(fe)) => {
            Some(fe.0.iter().map(|(k, v)| (k.clone(), tr.msg(v))).collect())
        }
        WebError::Storage(StorageError::Conflict(f, k)) => {
            Some([(f.clone(), tr.msg(k))].into_iter().collect())
        }
        WebError::Storage(StorageError::Refused(k)) => Some(
            [("_form".to_string(), tr.t(k).to_string())]
                .into_iter()
                .collect(),
        ),
        _ => None,
    }
}

/// Either the form's errors (to show beside the fields, with 422) or the error itself.
pub fn form_failure(e: WebError, tr: Tr) -> Result<BTreeMap<String, String>, WebError> {
    form_errors(&e, tr).ok_or(e)
}

/// Field errors as a template reads them.
#[derive(Default)]
pub struct Errors(pub BTreeMap<String, String>);

impl Errors {
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or("")
    }
    pub fn form(&self) -> &str {
        self.get("_form")
    }
}

/// Links to the other pages of a list.
pub struct Pager {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    /// The list's query string without `page`, ending in `&` or empty.
    pub base: String,
}

impl Pager {
    pub fn new(req: PageRequest, total: u64, params: &[(&str, String)]) -> Pager {
        let mut base = String::new();
        for (k, v) in params {
            if !v.is_empty() {
                base.push_str(&format!("{k}={}&", urlencoding::encode(v)));
            }
        }
        Pager {
            page: req.page,
            pages: req.pages(total),
            total,
            base,
        }
    }
    pub fn prev(&self) -> Option<u64> {
        (self.page > 1).then(|| self.page - 1)
    }
    pub fn next(&self) -> Option<u64> {
        (self.page < self.pages).then(|| self.page + 1)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    status: u16,
    message: String,
}

pub fn error_page(info: &ErrorInfo, tr: Tr, ctx: Option<&Ctx>, _state: &AppState) -> Response {
    let fallback;
    let ctx = match ctx {
        Some(c) => c,
        None => {
            fallback = Ctx {
                actor: None,
                session: None,
                lang: tr.lang,
                ip: None,
                csrf: String::new(),
                via_token: false,
            };
            &fallback
        }
    };
    let mut message = tr.msg(&info.key);
    for (f, k) in &info.fields {
        message.push_str(&format!(" {f}: {}", tr.msg(k)));
    }
    let p = ErrorPage {
        l: Layout::new(ctx, "", "title.error", ""),
        status: info.status.as_u16(),
        message,
    };
    render(info.status, &p)
}

/// Parses an optional numeric form or query field ("" is none).
pub fn opt_id(field: &str, v: &Option<String>) -> Result<Option<i64>, WebError> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
    }
}

pub fn parse_page(v: &Option<String>) -> Result<PageRequest, WebError> {
    let n = opt_id("page", v)?;
    Ok(PageRequest::parse(n, None)?)
}

pub type Me = Authed;
