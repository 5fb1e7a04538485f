//! The mentorships export.

use super::*;

pub(super) const HEADERS: [&str; 16] = [
    "ment.col.id",
    "ment.col.studio",
    "ment.col.title",
    "ment.col.mentor",
    "ment.col.shape",
    "ment.col.apprentices",
    "ment.col.started_on",
    "ment.col.planned_end_on",
    "ment.col.goals",
    "ment.col.sessions",
    "ment.col.hours",
    "ment.col.state",
    "ment.col.closed_on",
    "ment.col.grade",
    "ment.col.comment",
    "ment.col.outcomes",
];

pub(super) fn row(tr: Tr, m: MentorshipView) -> Vec<Cell> {
    let apprentices: Vec<String> = m
        .apprentices
        .iter()
        .map(|a| {
            format!(
                "{}（{}）",
                a.person_name,
                tr.t(&format!("ment.tier_{}", a.tier))
            )
        })
        .collect();
    let outcomes: Vec<String> = m
        .outcomes
        .iter()
        .map(|o| {
            format!(
                "{} {} {}：{}",
                o.achieved_on,
                o.person_name,
                tr.t(&format!("ment.outcome_{}", o.kind)),
                o.description
            )
        })
        .collect();
    let tenths = (m.hours * 10.0).round() as i32;
    vec![
        m.id.into(),
        m.studio_name.into(),
        m.title.into(),
        m.mentor_name.into(),
        tr.t(&format!("ment.shape_{}", m.shape)).into(),
        apprentices.join("、").into(),
        m.started_on.to_string().into(),
        m.planned_end_on.map(|d| d.to_string()).into(),
        m.goals.into(),
        (m.sessions.len() as i64).into(),
        hours_text(tenths).into(),
        tr.t(if m.closed_on.is_some() {
            "ment.closed"
        } else {
            "ment.open"
        })
        .into(),
        m.closed_on.map(|d| d.to_string()).into(),
        m.grade
            .map(|g| tr.t(&format!("ment.grade_{g}")).to_string())
            .into(),
        m.closing_comment.into(),
        outcomes.join("；").into(),
    ]
}

pub(super) fn sheet(tr: Tr, rows: Vec<MentorshipView>) -> WebResult<Response> {
    let rows = rows.into_iter().map(|m| row(tr, m)).collect();
    let name = format!("{}.xlsx", tr.t("ment.sheet"));
    xlsx::download_keys(tr, &name, "ment.sheet", &HEADERS, rows)
}

/// The studio's mentorships as .xlsx, with headers in the caller's language.
#[utoipa::path(get, path = "/api/v1/studios/{id}/mentorships/export.xlsx", tag = "studios", params(("id" = i64, Path, description = "Id of the studio")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 404, body = crate::api::ErrorBody)))]
pub async fn export_studio(
    State(st): State<AppState>,
    me: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let rows = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .all_in_studio(id, EXPORT_CAP)
        .await?;
    sheet(me.ctx.tr(), rows)
}

/// Every mentorship of the studios in the caller's scope as .xlsx.
#[utoipa::path(get, path = "/api/v1/mentorships/export.xlsx", tag = "studios",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_all(State(st): State<AppState>, me: Authed) -> WebResult<Response> {
    let rows = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .all(EXPORT_CAP)
        .await?;
    sheet(me.ctx.tr(), rows)
}
