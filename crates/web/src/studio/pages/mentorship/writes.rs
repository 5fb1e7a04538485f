//! The writes on one mentorship: edits, sessions, outcomes, closing and deletion.

use super::*;

pub(super) async fn update_mentorship(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let patch = MentorshipPatch {
        title: Some(f.val("title").to_string()),
        started_on: Some(f.val("started_on").to_string()),
        planned_end_on: Some(f.val("planned_end_on").to_string()),
        goals: Some(f.val("goals").to_string()),
        plan: Some(f.val("plan").to_string()),
        ..MentorshipPatch::default()
    };
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .update(ids.0, ids.1, patch)
        .await
        .map_err(WebError::from);
    detail_done(&st, &me, ids, r, "ok.ment_saved", "edit", f).await
}

pub(super) async fn delete_mentorship(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete(id, mid)
        .await
        .map_err(WebError::from);
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/mentorships?ok=ok.ment_deleted"
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_detail(
                &st,
                &me,
                (id, mid),
                None,
                Some(("", Vals::default(), errors)),
            )
            .await
        }
    }
}

pub(super) async fn add_session(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let r = async {
        let input: SessionInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_mentorships()
                .add_session(ids.0, ids.1, &input)
                .await?,
        )
    }
    .await;
    detail_done(&st, &me, ids, r, "ok.ment_session_added", "session", f).await
}

pub(super) async fn delete_session(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid, rid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete_session(id, mid, rid)
        .await
        .map_err(WebError::from);
    let f = Vals::default();
    detail_done(&st, &me, (id, mid), r, "ok.ment_session_deleted", "", f).await
}

pub(super) async fn close(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let r = async {
        let input: CloseInput = f.read()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_mentorships()
                .close(ids.0, ids.1, &input)
                .await?,
        )
    }
    .await;
    detail_done(&st, &me, ids, r, "ok.ment_closed", "close", f).await
}

pub(super) async fn add_outcome(
    State(st): State<AppState>,
    me: Me,
    Path(ids): Path<(i64, i64)>,
    body: Bytes,
) -> WebResult<Response> {
    let f = Vals::parse(&body);
    let r = async {
        // The person is a number the form gives as text, checked on its own.
        let input = OutcomeInput {
            person_id: f.id("person_id")?,
            kind: f.val("kind").to_string(),
            achieved_on: f.val("achieved_on").to_string(),
            description: f.val("description").to_string(),
        };
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_mentorships()
                .add_outcome(ids.0, ids.1, &input)
                .await?,
        )
    }
    .await;
    detail_done(&st, &me, ids, r, "ok.ment_outcome_added", "outcome", f).await
}

pub(super) async fn delete_outcome(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid, oid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_mentorships()
        .delete_outcome(id, mid, oid)
        .await
        .map_err(WebError::from);
    let f = Vals::default();
    detail_done(&st, &me, (id, mid), r, "ok.ment_outcome_deleted", "", f).await
}

// ---- training sessions
