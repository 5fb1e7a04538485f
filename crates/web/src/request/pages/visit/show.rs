//! One visit's page.

use super::*;

/// A request of the visit as its table shows it.
pub(super) struct RequestLine {
    pub(super) id: i64,
    pub(super) code: String,
    pub(super) category: String,
    pub(super) description: String,
    pub(super) state: String,
    pub(super) urgency: String,
    pub(super) contact: String,
}

#[derive(Template)]
#[template(path = "request/request_visit.html")]
pub(super) struct ShowPage {
    pub(super) l: Layout,
    pub(super) v: VisitView,
    pub(super) requests: Vec<RequestLine>,
    pub(super) can_record: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct ShowQ {
    pub(super) ok: Option<String>,
}

pub(super) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ShowQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let VisitDetail { visit, requests } = s.visits().get(id).await?;
    let names: HashMap<String, String> = category_opts(s, tr)
        .await?
        .into_iter()
        .map(|o| (o.code, o.label))
        .collect();
    let requests = requests
        .into_iter()
        .map(|r| RequestLine {
            id: r.id,
            category: names.get(&r.category).cloned().unwrap_or(r.category),
            state: state_label(tr, &r.state),
            urgency: tr.t(&format!("rvisit.urgency.{}", r.urgency)).to_string(),
            contact: match (r.contact_name, r.contact_phone) {
                (Some(n), Some(p)) => format!("{n} {p}"),
                (Some(n), None) => n,
                (None, Some(p)) => p,
                (None, None) => String::new(),
            },
            code: touyan_domain::request::intake::display_tracking_code(&r.code),
            description: r.description,
        })
        .collect();
    Ok(page(&ShowPage {
        l: layout(
            &me,
            "rvisit.title",
            &format!("/visits/{id}"),
            q.ok.as_deref(),
        ),
        v: visit,
        requests,
        can_record: s.visits().can_record(),
    }))
}
