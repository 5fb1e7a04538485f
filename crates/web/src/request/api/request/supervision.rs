//! The supervision list over the API.

use super::*;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupervisionQuery {
    pub under: Option<String>,
    /// `yellow` (any card) or `red`.
    pub card: Option<String>,
    /// `true`: also finished requests that were carded.
    pub finished: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl SupervisionQuery {
    pub fn filter(&self) -> WebResult<SupervisionFilter> {
        let card = blank(&self.card);
        if card.as_deref().is_some_and(|c| c != "yellow" && c != "red") {
            return Err(StorageError::field("card", "err.choice_invalid").into());
        }
        Ok(SupervisionFilter {
            under: number("under", &self.under)?,
            card,
            finished: matches!(blank(&self.finished).as_deref(), Some("true" | "1" | "on")),
        })
    }
}

/// Requests holding supervision cards and those running over their time, newest card first,
/// with how long each is overdue in working time.
#[utoipa::path(get, path = "/api/v1/requests/supervision", tag = "requests", params(SupervisionQuery),
    responses((status = 200, body = PageOf<SupervisionItem>), (status = 422, body = crate::api::ErrorBody)))]
pub async fn supervision(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<SupervisionQuery>,
) -> WebResult<Json<PageOf<SupervisionItem>>> {
    let page = page_request(number("page", &q.page)?, number("per_page", &q.per_page)?)?;
    Ok(Json(
        st.store
            .scoped(&me.actor)
            .requests()
            .supervision(&q.filter()?, page)
            .await?
            .into(),
    ))
}
