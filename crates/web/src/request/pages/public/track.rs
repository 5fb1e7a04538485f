//! The confirmation, lookup and tracking pages.

use super::*;

#[derive(Template)]
#[template(path = "request/request_public_done.html")]
pub(super) struct DonePage {
    pub(super) l: Layout,
    pub(super) code: String,
    pub(super) display_code: String,
}

/// The tracking code of a request just submitted.
pub(super) async fn done(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> WebResult<Response> {
    limit(&st, &ctx, Bucket::Lookup)?;
    let p = st.store.track(&code).await?;
    Ok(page(&DonePage {
        l: Layout::new(
            &ctx,
            "",
            "rp.title.done",
            &format!("/report/done/{}", p.code),
        ),
        display_code: display_tracking_code(&p.code),
        code: p.code,
    }))
}

// ---------------------------------------------------------------------------------------
// Tracking.

#[derive(Template)]
#[template(path = "request/request_public_lookup.html")]
pub(super) struct LookupPage {
    pub(super) l: Layout,
    pub(super) code: String,
    pub(super) error: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct LookupQ {
    pub(super) code: Option<String>,
}

/// The box to type a tracking code into; a code typed there opens its page.
pub(super) async fn lookup(ctx: Ctx, Query(q): Query<LookupQ>) -> WebResult<Response> {
    let typed = q.code.unwrap_or_default();
    let mut error = String::new();
    if !typed.trim().is_empty() {
        match normalize_tracking_code(&typed) {
            Some(c) => return Ok(see_other(&format!("/track/{c}"))),
            None => error = ctx.tr().t("err.rp_code_format").to_string(),
        }
    }
    let p = LookupPage {
        l: Layout::new(&ctx, "", "rp.title.lookup", "/track"),
        code: typed,
        error,
    };
    Ok(if p.error.is_empty() {
        page(&p)
    } else {
        render(StatusCode::UNPROCESSABLE_ENTITY, &p)
    })
}

#[derive(Template)]
#[template(path = "request/request_public_track.html")]
pub(super) struct TrackPage {
    pub(super) l: Layout,
    pub(super) p: PublicRequest,
    pub(super) display_code: String,
    /// The form that failed (`rating`, `reopen`, `withdraw`) and its errors and values.
    pub(super) form: String,
    pub(super) errors: Errors,
    pub(super) input: BTreeMap<String, String>,
    /// What the last action did, said once after it.
    pub(super) notice: Option<String>,
}

impl TrackPage {
    pub(super) fn en(&self) -> bool {
        self.l.tr.lang == Lang::En
    }

    pub(super) fn state_label(&self) -> &'static str {
        match RState::from_code(&self.p.state) {
            Some(s) if self.en() => s.def().en,
            Some(s) => s.def().zh,
            None => "",
        }
    }

    pub(super) fn category_name(&self) -> &str {
        if self.en() {
            &self.p.category_name_en
        } else {
            &self.p.category_name_zh
        }
    }

    pub(super) fn event_label(&self, e: &PublicEvent) -> String {
        let tr = self.l.tr;
        let key = format!("rp.event.{}", e.action);
        match (&e.node_name, e.action.as_str()) {
            (Some(n), "dispatch" | "transfer") => tr.tf(&key, &[("unit", n)]),
            _ => tr.tf(&key, &[("unit", "")]),
        }
    }

    pub(super) fn rating_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("rp.rating.{code}"))
    }

    pub(super) fn has(&self, action: &str) -> bool {
        self.p.actions.iter().any(|a| a == action)
    }

    pub(super) fn val(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.input.get(field).map(String::as_str).unwrap_or("")
        } else {
            ""
        }
    }

    pub(super) fn err(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.errors.get(field)
        } else {
            ""
        }
    }
}

pub(super) fn track_view(ctx: &Ctx, p: PublicRequest) -> TrackPage {
    let mut l = Layout::new(ctx, "", "rp.title.track", &format!("/track/{}", p.code));
    l.title = format!("{} {}", l.title, display_tracking_code(&p.code));
    TrackPage {
        l,
        display_code: display_tracking_code(&p.code),
        p,
        form: String::new(),
        errors: Errors::default(),
        input: BTreeMap::new(),
        notice: None,
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct TrackQ {
    pub(super) done: Option<String>,
}

/// A lookup refused for too many from this address, as a page.
pub(super) fn lookup_refused(ctx: &Ctx, secs: i64) -> Response {
    let p = LookupPage {
        l: Layout::new(ctx, "", "rp.title.lookup", "/track"),
        code: String::new(),
        error: ctx.tr().tf("err.rp_too_many", &[("s", &secs.to_string())]),
    };
    too_many(page(&p), secs)
}

pub(super) async fn track_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<TrackQ>,
) -> WebResult<Response> {
    if let Err(WebError::Throttled(s)) = limit(&st, &ctx, Bucket::Lookup) {
        return Ok(lookup_refused(&ctx, s));
    }
    let p = st.store.track(&code).await?;
    if p.code != code {
        // Typed by hand: the page lives at the code as stored.
        return Ok(see_other(&format!("/track/{}", p.code)));
    }
    let mut view = track_view(&ctx, p);
    view.notice = match q.done.as_deref() {
        Some(d @ ("rated" | "reopened" | "withdrawn")) => {
            Some(ctx.tr().t(&format!("rp.done.{d}")).to_string())
        }
        _ => None,
    };
    Ok(page(&view))
}
