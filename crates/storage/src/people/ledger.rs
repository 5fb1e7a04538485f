//! The personal growth ledger (个人台账): one timeline assembled from every module that
//! records something about a person. Each source turns its rows into [`LedgerEvent`]s; the
//! page shows events whatever their source, so a later module (training, certificates,
//! mentorship, achievements, evaluations) declares its source in its area manifest
//! (`person_events`) and nothing else changes.

use super::node_names;
use super::post::post_names;
use crate::areas::AREAS;
use crate::entity::{honour, person, person_event, person_note, person_post};
pub use crate::kit::ledger::LedgerEvent;
use crate::Result;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

fn ev(
    on: NaiveDate,
    kind: String,
    source: &str,
    title: String,
    detail: Option<String>,
) -> LedgerEvent {
    LedgerEvent {
        on,
        kind,
        source: source.to_string(),
        title,
        detail,
        by: None,
    }
}

async fn posts(db: &DatabaseConnection, p: &person::Model, en: bool) -> Result<Vec<LedgerEvent>> {
    let rows = person_post::Entity::find()
        .filter(person_post::Column::PersonId.eq(p.id))
        .all(db)
        .await?;
    let kinds = post_names(db, en).await?;
    let nodes = node_names(db, rows.iter().map(|r| r.node_id).collect()).await?;
    let mut out = vec![];
    for r in rows {
        let title = format!(
            "{} · {}",
            nodes.get(&r.node_id).cloned().unwrap_or_default(),
            kinds
                .get(&r.post_code)
                .cloned()
                .unwrap_or(r.post_code.clone())
        );
        out.push(ev(
            r.start_on,
            "post_start".into(),
            "post",
            title.clone(),
            r.note.clone(),
        ));
        if let Some(end) = r.end_on {
            out.push(ev(end, "post_end".into(), "post", title, None));
        }
    }
    Ok(out)
}

async fn pipeline(db: &DatabaseConnection, p: &person::Model) -> Result<Vec<LedgerEvent>> {
    let rows = person_event::Entity::find()
        .filter(person_event::Column::PersonId.eq(p.id))
        .all(db)
        .await?;
    let mut out: Vec<LedgerEvent> = rows
        .into_iter()
        .map(|r| LedgerEvent {
            by: Some(r.actor_name.clone()),
            ..ev(
                r.on_date,
                format!("step.{}", r.step),
                "pipeline",
                r.months.map(|m| m.to_string()).unwrap_or_default(),
                r.note,
            )
        })
        .collect();
    // Stages entered with the record (imported or typed in, not stepped through here) still
    // belong on the timeline, from the record's own dates.
    let recorded = [
        ("apply", p.applied_on),
        ("make_activist", p.activist_on),
        ("make_development_object", p.development_object_on),
        ("admit", p.probation_on),
        ("confirm", p.full_on),
    ];
    for (step, on) in recorded {
        let kind = format!("step.{step}");
        if let Some(on) = on.filter(|_| !out.iter().any(|e| e.kind == kind)) {
            out.push(ev(on, kind, "pipeline", String::new(), None));
        }
    }
    Ok(out)
}

async fn honours(db: &DatabaseConnection, p: &person::Model) -> Result<Vec<LedgerEvent>> {
    let rows = honour::Entity::find()
        .filter(honour::Column::PersonId.eq(p.id))
        .all(db)
        .await?;
    let nodes = node_names(db, rows.iter().filter_map(|r| r.awarding_node_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let by = r.awarding_node_id.and_then(|n| nodes.get(&n).cloned());
            ev(
                r.awarded_on,
                format!("honour.{}", r.level),
                "honour",
                r.title,
                match (by, r.note) {
                    (Some(b), Some(n)) => Some(format!("{b} · {n}")),
                    (b, n) => b.or(n),
                },
            )
        })
        .collect())
}

async fn notes(db: &DatabaseConnection, p: &person::Model) -> Result<Vec<LedgerEvent>> {
    let rows = person_note::Entity::find()
        .filter(person_note::Column::PersonId.eq(p.id))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerEvent {
            by: Some(r.actor_name),
            ..ev(r.on_date, "note".into(), "note", r.body, None)
        })
        .collect())
}

/// Every source's events for `p`, newest first. The person was checked readable by the
/// caller; each source reads only rows of that person.
pub(crate) async fn assemble(
    db: &DatabaseConnection,
    p: &person::Model,
    en: bool,
) -> Result<Vec<LedgerEvent>> {
    let mut all = vec![];
    // Sources, one per module that records events about a person.
    all.extend(posts(db, p, en).await?);
    all.extend(pipeline(db, p).await?);
    all.extend(honours(db, p).await?);
    all.extend(notes(db, p).await?);
    for events in AREAS.iter().filter_map(|a| a.person_events) {
        all.extend(events(db, p).await?);
    }
    all.sort_by(|a, b| b.on.cmp(&a.on).then_with(|| a.kind.cmp(&b.kind)));
    Ok(all)
}
