//! What mentorship adds up to: a studio's figures for its overview and a person's
//! growth-ledger events.

use super::*;

/// The figures of [`MentorshipCounts`] for a studio already known to be readable.
pub(crate) async fn studio_counts<C: ConnectionTrait>(
    conn: &C,
    studio_id: i64,
) -> Result<MentorshipCounts> {
    let mut c = MentorshipCounts::default();
    let states: Vec<Option<NaiveDate>> = sm::Entity::find()
        .select_only()
        .column(sm::Column::ClosedOn)
        .filter(sm::Column::StudioId.eq(studio_id))
        .into_tuple()
        .all(conn)
        .await?;
    for closed in states {
        if closed.is_some() {
            c.mentorships_closed += 1;
        } else {
            c.mentorships_open += 1;
        }
    }
    let of_studio = || {
        Query::select()
            .column(sm::Column::Id)
            .from(sm::Entity)
            .and_where(sm::Column::StudioId.eq(studio_id))
            .to_owned()
    };
    let people: Vec<i64> = sma::Entity::find()
        .select_only()
        .column(sma::Column::PersonId)
        .distinct()
        .filter(sma::Column::MentorshipId.in_subquery(of_studio()))
        .into_tuple()
        .all(conn)
        .await?;
    c.apprentices = people.len() as u64;
    c.sessions = sms::Entity::find()
        .filter(sms::Column::MentorshipId.in_subquery(of_studio()))
        .count(conn)
        .await?;
    let kinds: Vec<(String, i64)> = smo::Entity::find()
        .select_only()
        .column(smo::Column::Kind)
        .column_as(smo::Column::Id.count(), "n")
        .filter(smo::Column::MentorshipId.in_subquery(of_studio()))
        .group_by(smo::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
    c.outcomes = kinds.into_iter().map(|(k, n)| (k, n as u64)).collect();
    let rows: Vec<(i32, i32)> = stt::Entity::find()
        .select_only()
        .column(stt::Column::Expected)
        .column(stt::Column::Attended)
        .filter(stt::Column::StudioId.eq(studio_id))
        .into_tuple()
        .all(conn)
        .await?;
    c.training_sessions = rows.len() as u64;
    for (e, a) in rows {
        c.training_expected += e.max(0) as u64;
        c.training_attended += a.max(0) as u64;
    }
    c.average_attendance = attendance_rate(c.training_attended as i64, c.training_expected as i64);
    Ok(c)
}

/// The growth-ledger events of mentorship for `p`: as an apprentice, the start (with the
/// mentor and the studio), each outcome and the closing grade; as a mentor, the start.
pub(crate) async fn ledger(db: &DatabaseConnection, p: &person::Model) -> Result<Vec<LedgerEvent>> {
    let as_apprentice: Vec<i64> = sma::Entity::find()
        .select_only()
        .column(sma::Column::MentorshipId)
        .filter(sma::Column::PersonId.eq(p.id))
        .into_tuple()
        .all(db)
        .await?;
    let rows = sm::Entity::find()
        .filter(
            sm::Column::MentorId
                .eq(p.id)
                .or(sm::Column::Id.is_in(as_apprentice.clone())),
        )
        .all(db)
        .await?;
    let outcomes = smo::Entity::find()
        .filter(smo::Column::PersonId.eq(p.id))
        .all(db)
        .await?;
    let studios = studio_names(db, rows.iter().map(|r| r.studio_id).collect()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let apprentices = apprentices_of(db, &ids).await?;
    let mut people: Vec<i64> = rows.iter().map(|r| r.mentor_id).collect();
    people.extend(apprentices.iter().map(|a| a.person_id));
    let names = names(db, people).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let ev = |on, kind: String, title: String, detail: Option<String>| LedgerEvent {
        on,
        kind,
        source: "mentorship".into(),
        title,
        detail,
        by: None,
    };
    let mut out = vec![];
    let mut with: HashMap<i64, String> = HashMap::new();
    for m in &rows {
        let studio = studios.get(&m.studio_id).cloned().unwrap_or_default();
        let mentor_in_studio = format!("{} ({studio})", name(m.mentor_id));
        with.insert(m.id, mentor_in_studio.clone());
        if m.mentor_id == p.id {
            let led: Vec<String> = apprentices
                .iter()
                .filter(|a| a.mentorship_id == m.id)
                .map(|a| name(a.person_id))
                .collect();
            out.push(ev(
                m.started_on,
                "ment.mentor_started".into(),
                format!("{} ({studio})", m.title),
                Some(led.join("、")).filter(|s| !s.is_empty()),
            ));
        }
        if as_apprentice.contains(&m.id) {
            out.push(ev(
                m.started_on,
                "ment.apprentice_started".into(),
                mentor_in_studio.clone(),
                Some(m.title.clone()),
            ));
            if let (Some(on), Some(grade)) = (m.closed_on, &m.grade) {
                out.push(ev(
                    on,
                    format!("ment.closed_{grade}"),
                    mentor_in_studio,
                    m.closing_comment.clone(),
                ));
            }
        }
    }
    for o in outcomes {
        out.push(ev(
            o.achieved_on,
            format!("ment.outcome_{}", o.kind),
            o.description,
            with.get(&o.mentorship_id).cloned(),
        ));
    }
    Ok(out)
}
