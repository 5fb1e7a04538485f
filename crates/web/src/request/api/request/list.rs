//! The requests list over the API and its filters.

use super::*;
use crate::pages::parse_sort;
use touyan_domain::request::workflow::{Waiting, WAITING};

/// The list's filters as the query string gives them; the pages use the same.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// Requests located, dispatched or handled under this node.
    pub under: Option<String>,
    /// A state code (`submitted`, `received`, `dispatched`, `accepted`, `replied`, `closed`,
    /// `withdrawn`) or a state category: `open`, `closed`.
    pub state: Option<String>,
    /// A category code.
    pub category: Option<String>,
    /// `public_form`, `window`, `doorstep`, `enterprise`, `visit`, `patrol` or `hotline`.
    pub channel: Option<String>,
    /// `true`: only requests whose running step is past its due time.
    pub overdue: Option<String>,
    /// `yellow` (any card) or `red`.
    pub card: Option<String>,
    /// Created on or after this day, Beijing time (YYYY-MM-DD).
    pub from: Option<String>,
    /// Created on or before this day, Beijing time (YYYY-MM-DD).
    pub to: Option<String>,
    /// Part of the description or address, a tracking code or a 12345 order number.
    pub q: Option<String>,
    /// Only the requests waiting on the caller's step: `receive`, `dispatch` (as the
    /// dispatching unit), `accept`, `reply` (as the handling unit), `extension` (more time
    /// asked, to approve), `close` (replied, to follow up and close).
    pub waiting: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    /// The order: `created` (when it came in: the default, newest first), `due` (when the
    /// running step falls due; none running last), `state` (in workflow order) or
    /// `category`. Another key answers 400.
    pub sort: Option<String>,
    /// `asc` or `desc`; a chosen key runs ascending unless told otherwise.
    pub dir: Option<String>,
}

pub(super) fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Unix ms of the start of a Beijing day.
pub(super) fn day_start(d: NaiveDate) -> i64 {
    from_local(d.and_time(NaiveTime::MIN))
}

impl RequestQuery {
    /// The filter, every bad parameter reported at once (422); an order the list does not
    /// offer first (400).
    pub fn filter(&self) -> WebResult<RequestFilter> {
        let sort = parse_sort(&self.sort, &self.dir)?;
        let mut fe = FieldErrors::new();
        let under = match blank(&self.under) {
            None => None,
            Some(s) => s.parse::<i64>().map(Some).unwrap_or_else(|_| {
                fe.add("under", "err.number_invalid");
                None
            }),
        };
        let state = blank(&self.state);
        if let Some(s) = &state {
            if s != "open" && s != "closed" && RState::from_code(s).is_none() {
                fe.add("state", "err.choice_invalid");
            }
        }
        let channel = blank(&self.channel);
        if channel
            .as_deref()
            .is_some_and(|c| Channel::from_code(c).is_none())
        {
            fe.add("channel", "err.choice_invalid");
        }
        let waiting = blank(&self.waiting);
        if waiting
            .as_deref()
            .is_some_and(|w| Waiting::from_code(w).is_none())
        {
            fe.add("waiting", "err.choice_invalid");
        }
        let card = blank(&self.card);
        if card.as_deref().is_some_and(|c| c != "yellow" && c != "red") {
            fe.add("card", "err.choice_invalid");
        }
        let overdue = match blank(&self.overdue).as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") | Some("on") => true,
            Some(_) => {
                fe.add("overdue", "err.choice_invalid");
                false
            }
        };
        let from = fe
            .check(
                "from",
                parse_date("from", self.from.as_deref().unwrap_or("")),
            )
            .flatten();
        let to = fe
            .check("to", parse_date("to", self.to.as_deref().unwrap_or("")))
            .flatten();
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                fe.add("to", "err.rq_to_before_from");
            }
        }
        if !fe.is_empty() {
            return Err(StorageError::Invalid(fe).into());
        }
        Ok(RequestFilter {
            under,
            state,
            category: blank(&self.category),
            channel,
            overdue,
            card,
            from: from.map(day_start),
            to: to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map(day_start),
            q: blank(&self.q),
            waiting,
            ids: None,
            sort,
        })
    }

    /// The query string of the filters (for links), ending in `&` or empty.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let t = |v: &Option<String>| blank(v).unwrap_or_default();
        vec![
            ("under", t(&self.under)),
            ("state", t(&self.state)),
            ("category", t(&self.category)),
            ("channel", t(&self.channel)),
            ("overdue", t(&self.overdue)),
            ("card", t(&self.card)),
            ("from", t(&self.from)),
            ("to", t(&self.to)),
            ("q", t(&self.q)),
            ("waiting", t(&self.waiting)),
        ]
    }
}

pub(super) fn number(field: &str, v: &Option<String>) -> WebResult<Option<i64>> {
    match blank(v) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| StorageError::field(field, "err.number_invalid").into()),
    }
}

/// The requests the caller sees, newest first unless `sort` says otherwise.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(RequestQuery),
    responses((status = 200, body = PageOf<RequestView>), (status = 400, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<RequestQuery>,
) -> WebResult<Json<PageOf<RequestView>>> {
    let page = page_request(number("page", &q.page)?, number("per_page", &q.per_page)?)?;
    let f = q.filter()?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .list(&f, page)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/requests/waiting", tag = "requests",
    responses((status = 200, body = Vec<WaitingCount>)))]
/// The caller's to-dos: for each step the caller may take somewhere, the requests waiting on
/// it, how many are past due and how many hold a card; each the total of the list filtered
/// by `waiting=` that step (with `overdue=true`, `card=yellow`).
pub async fn waiting(State(st): State<AppState>, me: Authed) -> WebResult<Json<Vec<WaitingCount>>> {
    Ok(Json(st.store.scoped(&me.actor).requests().waiting().await?))
}

/// The steps as options of the list's filter.
pub(crate) fn waiting_codes() -> Vec<&'static str> {
    WAITING.iter().map(|w| w.code).collect()
}
