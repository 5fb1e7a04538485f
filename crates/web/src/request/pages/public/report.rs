//! The public report form, its location choices and its submission.

use super::*;

/// The form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    pub(super) requester: String,
    pub(super) enterprise_name: String,
    pub(super) category: String,
    pub(super) node_id: String,
    pub(super) location_q: String,
    pub(super) address: String,
    pub(super) description: String,
    pub(super) contact_name: String,
    pub(super) contact_phone: String,
}

impl ReportForm {
    pub(super) fn node(&self) -> Option<i64> {
        self.node_id.trim().parse().ok()
    }
}

#[derive(Template)]
#[template(path = "request/request_public_form.html")]
pub(super) struct ReportPage {
    pub(super) l: Layout,
    pub(super) f: ReportForm,
    pub(super) errors: Errors,
    /// Code and name in the page's language.
    pub(super) categories: Vec<(String, String)>,
    pub(super) locations: Vec<PublicLocation>,
    /// A search was made (so "nothing found" can be said).
    pub(super) searched: bool,
    /// Photos were sent with a form that failed: they must be chosen again.
    pub(super) photos_again: bool,
    /// Why nothing was taken: too many submissions from here.
    pub(super) refused: Option<String>,
}

#[derive(Template)]
#[template(path = "request/request_public_locations.html")]
pub(super) struct LocationOptions {
    pub(super) l: Layout,
    pub(super) f: ReportForm,
    pub(super) locations: Vec<PublicLocation>,
    pub(super) searched: bool,
}

pub(super) struct ReportState {
    pub(super) errors: Errors,
    pub(super) photos_again: bool,
    pub(super) refused: Option<String>,
}

pub(super) async fn report_page(
    st: &AppState,
    ctx: &Ctx,
    f: ReportForm,
    s: ReportState,
) -> WebResult<ReportPage> {
    let en = ctx.lang == Lang::En;
    let categories = st
        .store
        .public_categories()
        .await?
        .into_iter()
        .map(|c| (c.code, if en { c.name_en } else { c.name_zh }))
        .collect();
    let (locations, searched) = locations_for(st, &f).await?;
    Ok(ReportPage {
        l: Layout::new(ctx, "", "rp.title.report", "/report"),
        f,
        errors: s.errors,
        categories,
        locations,
        searched,
        photos_again: s.photos_again,
        refused: s.refused,
    })
}

/// The chosen location (if any) and those matching the search box.
pub(super) async fn locations_for(
    st: &AppState,
    f: &ReportForm,
) -> WebResult<(Vec<PublicLocation>, bool)> {
    let mut out = vec![];
    if let Some(id) = f.node() {
        out.extend(st.store.public_location(id).await?);
    }
    let q = f.location_q.trim();
    let searched = !q.is_empty();
    if searched {
        for loc in st.store.public_locations(q).await? {
            if !out.iter().any(|o| o.id == loc.id) {
                out.push(loc);
            }
        }
    }
    Ok((out, searched))
}

pub(super) async fn report_form(State(st): State<AppState>, ctx: Ctx) -> WebResult<Response> {
    let f = ReportForm {
        requester: "resident".into(),
        ..Default::default()
    };
    let p = report_page(
        &st,
        &ctx,
        f,
        ReportState {
            errors: Errors::default(),
            photos_again: false,
            refused: None,
        },
    )
    .await?;
    Ok(page(&p))
}

#[derive(Debug, Deserialize)]
pub(super) struct LocationQ {
    pub(super) location_q: Option<String>,
}

/// The options of the location picker for what was typed (the form's search box, by htmx).
pub(super) async fn location_options(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LocationQ>,
) -> WebResult<Response> {
    let f = ReportForm {
        location_q: q.location_q.unwrap_or_default(),
        ..Default::default()
    };
    let tr = ctx.tr();
    if let Err(WebError::Throttled(s)) = limit(&st, &ctx, Bucket::Search) {
        // The fragment replaces the options, so the reason goes there, not to an error page.
        let msg = tr.tf("err.rp_too_many", &[("s", &s.to_string())]);
        return Ok(too_many(
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                format!(
                    "<p class=\"error\" role=\"alert\">{}</p>",
                    msg.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                ),
            )
                .into_response(),
            s,
        ));
    }
    let (locations, searched) = locations_for(&st, &f).await?;
    Ok(page(&LocationOptions {
        l: Layout::new(&ctx, "", "rp.title.report", "/report"),
        f,
        locations,
        searched,
    }))
}

/// Reads the multipart form: its fields, the photos (empty file inputs skipped), and whether
/// the location search button (for browsers without scripts) was pressed.
pub(super) async fn read_report(m: &mut Multipart) -> WebResult<(ReportForm, Vec<Upload>, bool)> {
    let too_large = |_| WebError::BadRequest("err.body_too_large");
    let mut f = ReportForm::default();
    let mut photos = vec![];
    let mut find = false;
    while let Some(field) = m.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "photos" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(too_large)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                photos.push(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        let v = crate::input_guard::multipart_text(field, too_large).await?;
        match name.as_str() {
            "requester" => f.requester = v,
            "enterprise_name" => f.enterprise_name = v,
            "category" => f.category = v,
            "node_id" => f.node_id = v,
            "location_q" => f.location_q = v,
            "address" => f.address = v,
            "description" => f.description = v,
            "contact_name" => f.contact_name = v,
            "contact_phone" => f.contact_phone = v,
            "find" => find = true,
            _ => {}
        }
    }
    Ok((f, photos, find))
}

pub(super) async fn report_submit(
    State(st): State<AppState>,
    ctx: Ctx,
    mut m: Multipart,
) -> WebResult<Response> {
    let tr = ctx.tr();
    let (f, photos, find) = read_report(&mut m).await?;
    let fresh = |errors, photos_again, refused| ReportState {
        errors,
        photos_again,
        refused,
    };
    if find {
        limit(&st, &ctx, Bucket::Search)?;
        let again = !photos.is_empty();
        let p = report_page(&st, &ctx, f, fresh(Errors::default(), again, None)).await?;
        return Ok(page(&p));
    }
    let slot = match limit(&st, &ctx, Bucket::Submit) {
        Ok(s) => s,
        Err(WebError::Throttled(s)) => {
            let msg = tr.tf("err.rp_too_many", &[("s", &s.to_string())]);
            let again = !photos.is_empty();
            let p = report_page(&st, &ctx, f, fresh(Errors::default(), again, Some(msg))).await?;
            return Ok(too_many(page(&p), s));
        }
        Err(e) => return Err(e),
    };
    let (requester, input) = PublicRequestInput {
        requester: f.requester.clone(),
        enterprise_name: f.enterprise_name.clone(),
        category: f.category.clone(),
        node_id: f.node(),
        address: f.address.clone(),
        description: f.description.clone(),
        contact_name: f.contact_name.clone(),
        contact_phone: f.contact_phone.clone(),
    }
    .into_parts();
    let sub = PublicSubmission {
        requester,
        input,
        photos,
        ip: ctx.ip.clone(),
    };
    let again = !sub.photos.is_empty();
    let r = st.store.submit_public(&sub).await;
    refund(&st, slot, &r);
    match r {
        Ok(code) => Ok(see_other(&format!("/report/done/{code}"))),
        Err(StorageError::Invalid(fe)) => {
            let p = report_page(&st, &ctx, f, fresh(translated(&fe, tr), again, None)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => Err(e.into()),
    }
}
