//! The people list's charts over the API: the same filter as the list, the same figures as
//! its page draws.

use super::*;
use crate::people::charts::{people_charts, PeopleCharts};

/// The people a list with these filters shows, by status, age band and education.
#[utoipa::path(get, path = "/api/v1/people/charts", tag = "people", params(PeopleQuery),
    responses((status = 200, body = PeopleCharts)))]
pub async fn charts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> WebResult<Json<PeopleCharts>> {
    let profile = st
        .store
        .scoped(&me.actor)
        .people()
        .profile(&q.filter()?)
        .await?;
    Ok(Json(people_charts(me.ctx.tr(), &profile)))
}
