//! The requests export and the parts it shares with the pages: category names, the upload part.

use super::*;
use crate::pages::Selected;

/// Category names in the caller's language, by code.
pub(crate) async fn category_names(s: Scoped<'_>, tr: Tr) -> WebResult<HashMap<String, String>> {
    Ok(s.requests()
        .categories()
        .await?
        .into_iter()
        .map(|c| {
            let name = if tr.lang == Lang::En {
                c.name_en
            } else {
                c.name_zh
            };
            (c.code, name)
        })
        .collect())
}

pub(super) const EXPORT_HEADERS: [&str; 26] = [
    "rq.col.code",
    "rq.col.channel",
    "rq.col.category",
    "rq.col.urgency",
    "rq.col.state",
    "rq.col.node",
    "rq.col.dispatcher",
    "rq.col.handler",
    "rq.col.address",
    "rq.col.description",
    "rq.col.contact_name",
    "rq.col.contact_phone",
    "rq.col.enterprise_name",
    "rq.col.hotline_no",
    "rq.col.created_at",
    "rq.col.dispatched_at",
    "rq.col.accepted_at",
    "rq.col.replied_at",
    "rq.col.closed_at",
    "rq.col.step",
    "rq.col.step_due_at",
    "rq.col.overdue",
    "rq.col.card",
    "rq.col.round",
    "rq.col.rating",
    "rq.col.solved",
];

/// The filtered list, in its order, as an .xlsx file with Chinese (or English) headers;
/// contacts masked unless the caller dispatches the request. `ids` limits it to ticked rows.
#[utoipa::path(get, path = "/api/v1/requests/export.xlsx", tag = "requests", params(RequestQuery, Selected),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 400, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RequestQuery>,
    picked: Selected,
) -> WebResult<Response> {
    let f = RequestFilter {
        ids: picked.ids,
        ..q.filter()?
    };
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let items = s.requests().all(&f, xlsx::EXPORT_CAP).await?;
    let cats = category_names(s, tr).await?;
    let label = |prefix: &str, code: &str| tr.t(&format!("{prefix}.{code}")).to_string();
    let yes_no = |b: bool| tr.t(if b { "rq.yes" } else { "rq.no" }).to_string();
    let when = |v: Option<i64>| Cell::from(v.map(xlsx::fmt_ms));
    let rows = items
        .into_iter()
        .map(|r| {
            vec![
                Cell::from(display_tracking_code(&r.code)),
                label("rq.channel", &r.channel).into(),
                Cell::from(cats.get(&r.category).cloned().unwrap_or(r.category.clone())),
                label("rq.urgency", &r.urgency).into(),
                label("rq.state", &r.state).into(),
                r.node_name.into(),
                r.dispatcher_node_name.into(),
                r.handling_node_name.into(),
                r.address.into(),
                r.description.into(),
                r.contact_name.into(),
                r.contact_phone.into(),
                r.enterprise_name.into(),
                r.hotline_no.into(),
                Cell::from(xlsx::fmt_ms(r.created_at)),
                when(r.dispatched_at),
                when(r.accepted_at),
                when(r.replied_at),
                when(r.closed_at),
                Cell::from(r.step.as_deref().map(|s| label("rq.step", s))),
                when(r.step_due_at),
                Cell::from(yes_no(r.overdue)),
                Cell::from(r.card.as_deref().map(|c| label("rq.card", c))),
                Cell::Int(i64::from(r.round)),
                Cell::from(r.rating.as_deref().map(|c| label("rq.rating", c))),
                Cell::from(r.solved.map(yes_no)),
            ]
        })
        .collect();
    xlsx::download_keys(
        tr,
        tr.t("rq.export_file"),
        "rq.sheet",
        &EXPORT_HEADERS,
        rows,
    )
}

/// The `file` part of a multipart body; a missing one is named as an attachment's.
pub(crate) async fn upload_part(m: &mut Multipart) -> WebResult<(String, Vec<u8>)> {
    match file_part(m).await {
        Err(WebError::Storage(StorageError::Invalid(fe)))
            if fe.0.get("file").is_some_and(|k| k == "err.file_required") =>
        {
            Err(StorageError::field("file", "err.rq_file_required").into())
        }
        other => other,
    }
}
