//! Server-rendered pages. Each handler gets a [`Scoped`] handle from the signed-in caller,
//! exactly as the API does, and renders an askama template in the caller's language.

mod forms;
mod frame;
mod listing;

pub use forms::{field, Fields, FormFailure};
pub use frame::Frame;
pub use listing::{parse_sort, Selected, SortHeads};

use crate::areas::AREAS;
use crate::ctx::{Authed, Ctx};
use crate::error::{ErrorInfo, WebError};
use crate::i18n::Tr;
use crate::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
use touyan_domain::paging::PageRequest;
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(
            AREAS
                .iter()
                .fold(crate::routes::Routes::new(), |r, a| r.merge((a.pages)())),
        )
        .route_layer(crate::require::writes_by_route(form_writes()))
        .merge(crate::api::health_routes())
}

/// Every area's page forms with what they need held, gathered once. In a debug build each
/// listed form is checked to be one of its area's pages (a misspelt path would leave the form
/// open to every caller).
fn form_writes() -> &'static [crate::area::FormWrite] {
    static ALL: std::sync::OnceLock<Vec<crate::area::FormWrite>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        if cfg!(debug_assertions) {
            for a in AREAS {
                let served: Vec<String> = (a.pages)().paths_under("").collect();
                for (path, _) in a.form_writes {
                    assert!(
                        served.iter().any(|p| p == path),
                        "area {}: the form {path} is not one of its pages",
                        a.name
                    );
                }
            }
        }
        AREAS
            .iter()
            .flat_map(|a| a.form_writes.iter().copied())
            .collect()
    })
}

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

/// What every page's frame needs: language, the caller, the CSRF token, the menu.
pub struct Layout {
    pub tr: Tr,
    pub lang: &'static str,
    pub user: Option<String>,
    pub csrf: String,
    /// The menus and the page's place in them.
    pub frame: Frame,
    pub title: String,
    /// A translated notice shown once (after a redirect).
    pub flash: Option<String>,
    pub path: String,
    pub kinds: Vec<touyan_storage::dict::DictEntry>,
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
        self.kinds = s.dict().kind_names().await?;
        Ok(self)
    }

    /// The page's own crumb after its menu entry: its title, unless that names the entry or
    /// its group already.
    pub fn crumb_title(&self) -> Option<&str> {
        let place = self.frame.place.as_ref()?;
        let own = ![place.entry, place.group, ""].contains(&self.title.as_str());
        own.then_some(self.title.as_str())
    }

    pub fn status(&self, code: &str) -> &'static str {
        self.t(&format!("status.{code}"))
    }

    pub fn new(ctx: &Ctx, section: &str, title_key: &str, path: &str) -> Layout {
        let tr = ctx.tr();
        let frame = Frame::build(AREAS, ctx.actor.as_ref().map(|a| &a.grants), section, tr);
        Layout {
            tr,
            lang: tr.lang.code(),
            user: ctx.actor.as_ref().map(|a| a.display_name.clone()),
            csrf: ctx.csrf.clone(),
            frame,
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
    pub per_page: u64,
    /// The list's query string without `page`, ending in `&` or empty.
    pub base: String,
    /// The list's filters that are set, for the form that jumps to a page.
    pub kept: Vec<(String, String)>,
    /// The total was counted only up to `total` and there are more.
    pub over: bool,
}

/// The page sizes a list offers.
pub const PAGE_SIZES: [u64; 4] = [10, 20, 50, 100];

/// A list's filters that are set, and its page size unless it is the default, as a query
/// string ending in `&` (or empty).
fn query_string(params: &[(&str, String)], per_page: u64) -> String {
    let mut q = String::new();
    for (k, v) in params {
        if !v.is_empty() {
            q.push_str(&format!("{k}={}&", urlencoding::encode(v)));
        }
    }
    // A size other than the default stays with the list's links.
    if per_page != touyan_domain::paging::DEFAULT_PER_PAGE {
        q.push_str(&format!("per_page={per_page}&"));
    }
    q
}

impl Pager {
    pub fn new(req: PageRequest, total: u64, params: &[(&str, String)]) -> Pager {
        let kept = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        Pager {
            page: req.page,
            pages: req.pages(total),
            total,
            per_page: req.per_page,
            base: query_string(params, req.per_page),
            kept,
            over: false,
        }
    }
    /// A list whose total was counted only up to a bound (`over`: there are more).
    pub fn bounded(mut self, over: bool) -> Pager {
        self.over = over;
        self
    }
    /// The sizes to choose from, with the current one among them.
    pub fn sizes(&self) -> Vec<u64> {
        let mut out = PAGE_SIZES.to_vec();
        if !out.contains(&self.per_page) {
            out.push(self.per_page);
            out.sort_unstable();
        }
        out
    }
    pub fn prev(&self) -> Option<u64> {
        (self.page > 1).then(|| self.page - 1)
    }
    pub fn next(&self) -> Option<u64> {
        (self.page < self.pages || self.over).then(|| self.page + 1)
    }
}

#[derive(Template)]
#[template(path = "kit/error.html")]
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

/// A page form's fields as a write's input, read through the input's own `Deserialize` (a
/// repeated name gives its first value); a field the input needs and the form left out is
/// reported as required.
pub fn read_fields<T: serde::de::DeserializeOwned>(
    fields: &[(String, String)],
) -> Result<T, WebError> {
    let mut seen = std::collections::HashSet::new();
    let first = fields
        .iter()
        .filter(|(k, _)| seen.insert(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()));
    touyan_domain::input::from_cells(first).map_err(|e| {
        let msg = e.to_string();
        match msg.split('`').nth(1) {
            Some(field) if msg.starts_with("missing field") => {
                touyan_storage::StorageError::field(field, "err.required").into()
            }
            _ => WebError::Internal(format!("a form read as an input: {msg}")),
        }
    })
}

/// A list page's `page` and `per_page` (the page size the user chose), validated.
pub fn parse_page(v: &Option<String>, size: &Option<String>) -> Result<PageRequest, WebError> {
    let n = opt_id("page", v)?;
    let size = opt_id("per_page", size)?;
    Ok(PageRequest::parse(n, size)?)
}

pub type Me = Authed;
