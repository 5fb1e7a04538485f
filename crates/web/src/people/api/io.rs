//! The people spreadsheets over the API: export, blank template, import and its report.

use super::*;
use crate::import_answer::AdmittedFile;

pub(super) async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PeopleQuery>,
    picked: Selected,
    l: Ledger,
) -> WebResult<Response> {
    let f = ExportFilter {
        people: PersonFilter {
            ids: picked.ids,
            ..q.filter()?
        },
        year: q.year,
        reveal: q.reveal,
    };
    people_io::export(&st.store.scoped(&me.actor), l, me.ctx.tr(), &f).await
}

pub(super) async fn template(
    State(st): State<AppState>,
    me: Authed,
    l: Ledger,
) -> WebResult<Response> {
    people_io::template(&st.store.scoped(&me.actor), l, me.ctx.tr()).await
}

/// All or nothing: 200 with the count, or 422 with every bad cell and a link to the file
/// with those cells marked.
pub(super) async fn import(
    State(st): State<AppState>,
    me: Authed,
    up: AdmittedFile,
    l: Ledger,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let imported = people_io::import(
        &st.store.scoped(&me.actor),
        l,
        tr,
        &up.name,
        up.bytes.into(),
    )
    .await?;
    Ok(crate::import_answer::api_answer(tr, imported))
}

#[utoipa::path(get, path = "/api/v1/import-reports/{token}", tag = "people", params(("token" = String, Path, description = "Token of the import report")), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = crate::api::ErrorBody)))]
pub async fn report(
    State(st): State<AppState>,
    me: Authed,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}

/// Documents the spreadsheet routes of one ledger (they share handlers).
#[utoipa::path(post, path = "/api/v1/people/import", tag = "people",
    request_body(content_type = "multipart/form-data", description = "`file`: an .xlsx filled from the template"),
    responses((status = 200, body = crate::import_answer::ImportDone), (status = 400, body = crate::api::ErrorBody), (status = 403, body = crate::api::ErrorBody), (status = 413, body = crate::api::ErrorBody), (status = 422, body = crate::import_answer::ImportUnprocessable), (status = 429, body = crate::api::ErrorBody)))]
#[allow(dead_code)]
pub(super) fn import_doc() {}

/// The ledger as .xlsx. The people ledger comes in the list's order (`sort`, `dir`) and may
/// be limited to ticked rows (`ids`); the other ledgers take neither.
#[utoipa::path(get, path = "/api/v1/people/export.xlsx", tag = "people", params(PeopleQuery, Selected),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 400, body = crate::api::ErrorBody)))]
#[allow(dead_code)]
pub(super) fn export_doc() {}

#[utoipa::path(get, path = "/api/v1/people/import-template.xlsx", tag = "people",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
#[allow(dead_code)]
pub(super) fn template_doc() {}
