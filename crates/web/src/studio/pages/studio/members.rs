//! The writes on a studio's members.

use super::*;

pub(super) async fn add_member(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some(person) = opt_id("person_id", &f.person_id)? else {
            return Err(StorageError::field("person_id", "err.required").into());
        };
        Ok::<_, WebError>(
            s.studios()
                .add_member(
                    id,
                    person,
                    &f.val("role"),
                    &f.val("joined_on"),
                    &f.val("left_on"),
                )
                .await?,
        )
    }
    .await;
    done(&st, &me, id, r, "ok.member_added", "member", f).await
}

pub(super) async fn member_leaves(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let m = s
        .studios()
        .members(id)
        .await?
        .into_iter()
        .find(|m| m.id == mid)
        .ok_or(WebError::NotFound)?;
    let r = s
        .studios()
        .update_member(
            id,
            mid,
            &m.role,
            &m.joined_on.to_string(),
            &today().to_string(),
        )
        .await
        .map_err(WebError::from);
    done(
        &st,
        &me,
        id,
        r,
        "ok.member_saved",
        "member",
        SForm::default(),
    )
    .await
}

pub(super) async fn remove_member(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s
        .studios()
        .remove_member(id, mid)
        .await
        .map_err(WebError::from);
    done(
        &st,
        &me,
        id,
        r,
        "ok.member_removed",
        "member",
        SForm::default(),
    )
    .await
}
