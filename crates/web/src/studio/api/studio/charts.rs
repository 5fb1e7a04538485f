//! The studio list's and achievement list's charts over the API: the same filters as the
//! lists, the same figures as their pages draw.

use super::*;
use crate::studio::api::achievement::AchievementQuery;
use crate::studio::charts::{achievement_charts, studio_charts, AchievementCharts, StudioCharts};

/// The studios a list with these filters shows, by state, kind and level.
#[utoipa::path(get, path = "/api/v1/studios/charts", tag = "studios", params(StudioQuery),
    responses((status = 200, body = StudioCharts)))]
pub async fn charts(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<StudioQuery>,
) -> WebResult<Json<StudioCharts>> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let profile = s.studios().profile(&q.filter()?).await?;
    let names = crate::studio::io::kind_names(s, tr).await?;
    Ok(Json(studio_charts(tr, &names, &profile)))
}

/// The achievements a list with these filters shows, by year and kind.
#[utoipa::path(get, path = "/api/v1/achievements/charts", tag = "studios",
    params(AchievementQuery), responses((status = 200, body = AchievementCharts),
    (status = 404, body = crate::api::ErrorBody)))]
pub async fn achievement_chart(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AchievementQuery>,
) -> WebResult<Json<AchievementCharts>> {
    let profile = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .profile(&q.filter()?)
        .await?;
    Ok(Json(achievement_charts(me.ctx.tr(), &profile)))
}
