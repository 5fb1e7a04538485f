//! The writes on one person's page: edits, status moves, posts, honours, notes, deletion.

use super::*;

pub(super) async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        // The edit form sends every field: one left out is blank, not unchanged; the status
        // is not on it (it moves through transitions).
        let mut patch = PersonInput {
            status: None,
            node_id: opt_id("node_id", &f.node_id)?,
            ..f.person.clone().whole()
        };
        // Numbers not shown in full are only replaced when a new one is typed.
        if f.revealed.as_deref() != Some("1") {
            for number in [&mut patch.id_number, &mut patch.phone] {
                if number.as_deref().is_some_and(|t| t.trim().is_empty()) {
                    *number = None;
                }
            }
        }
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .people()
                .update(id, patch)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.saved"))),
        Err(e) => failed(&st, &me, id, "edit", f, e).await,
    }
}

pub(super) async fn transition(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let code = text(&f.step);
        let months = if code == "extend_probation" {
            i32_of("months", "err.number_invalid", opt_id("months", &f.months)?)?
                .map(|m| u32::try_from(m).unwrap_or(0))
        } else {
            None
        };
        let t = crate::people::api::transition_input(
            code.trim(),
            f.on.as_deref().unwrap_or(""),
            months,
            blank(&f.note),
        )?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .people()
                .transition(id, t)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.transitioned"))),
        Err(e) => failed(&st, &me, id, "step", f, e).await,
    }
}

pub(super) async fn add_post(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let code = text(&f.post_code);
        if code.trim().is_empty() {
            fe.add("post_code", "err.required");
        }
        let node = match opt_id("node_id", &f.post_node_id) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                fe.add("node_id", "err.node_required");
                None
            }
            Err(_) => {
                fe.add("node_id", "err.number_invalid");
                None
            }
        };
        let term = fe.check(
            "start_on",
            parse_term(
                f.start_on.as_deref().unwrap_or(""),
                f.end_on.as_deref().unwrap_or(""),
                today(),
            ),
        );
        if let Err(DomainError::Invalid(x)) = parse_note(f.note.as_deref().unwrap_or("")) {
            for (k, v) in x.0 {
                fe.add(&k, &v);
            }
        }
        fe.into_result()?;
        let (node, term) = (node.expect("checked"), term.expect("checked"));
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .posts()
                .create(id, code.trim(), node, term, f.note.as_deref().unwrap_or(""))
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.post_added"))),
        Err(e) => failed(&st, &me, id, "post", f, e).await,
    }
}

/// The person a post or honour form came from (to return to their page).
pub(super) fn person_of(f: &PForm) -> WebResult<i64> {
    opt_id("person_id", &f.person_id)?.ok_or(WebError::NotFound)
}

pub(super) async fn end_post(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let person = person_of(&f)?;
    let s = st.store.scoped(&me.actor);
    let held = s
        .posts()
        .list(
            &PostFilter {
                person: Some(person),
                ..Default::default()
            },
            ALL,
        )
        .await?
        .items
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(WebError::NotFound)?;
    let r = async {
        let end = text(&f.end_on);
        if end.trim().is_empty() {
            return Err(StorageError::field("end_on", "err.required").into());
        }
        let term = parse_term(&held.start_on.to_string(), &end, today())?;
        Ok::<_, WebError>(
            s.posts()
                .update(id, term, held.note.as_deref().unwrap_or(""))
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{person}?ok=pok.post_ended"))),
        Err(e) => failed(&st, &me, person, "posts", f, e).await,
    }
}

pub(super) async fn delete_post(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let person = person_of(&f)?;
    match st.store.scoped(&me.actor).posts().delete(id).await {
        Ok(()) => Ok(see_other(&format!("/people/{person}?ok=pok.post_deleted"))),
        Err(e) => failed(&st, &me, person, "posts", f, e.into()).await,
    }
}

pub(super) async fn add_honour(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let awarding = match opt_id("awarding_node_id", &f.awarding_node_id) {
            Ok(n) => n,
            Err(_) => {
                fe.add("awarding_node_id", "err.number_invalid");
                None
            }
        };
        let h = fe.check(
            "title",
            parse_honour(
                f.title.as_deref().unwrap_or(""),
                f.level.as_deref().unwrap_or(""),
                f.awarded_on.as_deref().unwrap_or(""),
                f.note.as_deref().unwrap_or(""),
                today(),
            ),
        );
        fe.into_result()?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .honours()
                .create(id, h.expect("checked"), awarding)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/people/{id}?ok=pok.honour_added"))),
        Err(e) => failed(&st, &me, id, "honour", f, e).await,
    }
}

pub(super) async fn delete_honour(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let person = person_of(&f)?;
    match st.store.scoped(&me.actor).honours().delete(id).await {
        Ok(()) => Ok(see_other(&format!(
            "/people/{person}?ok=pok.honour_deleted"
        ))),
        Err(e) => failed(&st, &me, person, "honours", f, e.into()).await,
    }
}

pub(super) async fn add_note(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let r = async {
        let on = required_date("on_date", &f.on_date)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .people()
                .add_note(id, on, f.body.as_deref().unwrap_or(""))
                .await?,
        )
    }
    .await;
    match r {
        Ok(()) => Ok(see_other(&format!("/people/{id}?ok=pok.note_added"))),
        Err(e) => failed(&st, &me, id, "note", f, e).await,
    }
}

pub(super) async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    match st.store.scoped(&me.actor).people().delete(id).await {
        Ok(()) => Ok(see_other("/people?ok=pok.deleted")),
        Err(e) => failed(&st, &me, id, "delete", PForm::default(), e.into()).await,
    }
}
