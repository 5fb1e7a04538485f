//! The task part of the cadence benchmark: a task issued from the city to every party
//! branch in it through the product, a share of the recipients taken through receiving,
//! submitting and acceptance by the product's own steps, then its rates at a district read
//! from the kept counters against the same lines counted from the recipients' rows.

use crate::bench::{stmt, AdminAt};
use anyhow::bail;
use chrono::{Duration, NaiveDateTime};
use sea_orm::ConnectionTrait;
use std::collections::BTreeMap;
use std::time::Instant;
use touyan_domain::task::{flags, FeedbackInput, State, Task};
use touyan_domain::tree::TreePath;
use touyan_storage::Store;

/// What issuing and stepping took.
pub(super) struct Issued {
    pub(super) id: i64,
    pub(super) recipients: i64,
    pub(super) issue_secs: f64,
    pub(super) steps: usize,
    pub(super) step_ms: f64,
}

/// Issues the task from the city admin's node to every party branch under it, then takes
/// every second recipient through receiving, every third through submitting and every
/// sixth through acceptance.
pub(super) async fn issue(store: &Store, city: &AdminAt) -> anyhow::Result<Issued> {
    let due: NaiveDateTime = touyan_storage::task::now_beijing() + Duration::days(20);
    let task = Task {
        node_id: city.node_id,
        title: "年度党建工作台账报送".into(),
        body: Some("请各党支部报送本年度组织生活台账。".into()),
        due_at: due,
        chosen: vec![],
        by_kind: Some(("party_branch".into(), city.node_id)),
        fields: vec![],
    };
    let s = store.scoped(&city.actor);
    let t = Instant::now();
    let d = s.tasks().issue(task).await?;
    let issue_secs = t.elapsed().as_secs_f64();
    let conn = store.raw_connection();
    let rows = conn
        .query_all(stmt(
            store.db_backend(),
            "SELECT id FROM task_recipient WHERE task_id = ? ORDER BY id",
            vec![d.task.id.into()],
        ))
        .await?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get_by_index(0))
        .collect::<Result<_, _>>()?;
    let t = Instant::now();
    let mut steps = 0;
    for (i, rid) in ids.iter().enumerate() {
        if i % 2 != 0 {
            continue;
        }
        s.tasks().receive(d.task.id, *rid).await?;
        steps += 1;
        if i % 3 == 0 {
            s.tasks()
                .submit(d.task.id, *rid, FeedbackInput::default())
                .await?;
            steps += 1;
        }
        if i % 6 == 0 {
            s.tasks().accept(d.task.id, *rid).await?;
            steps += 1;
        }
    }
    Ok(Issued {
        id: d.task.id,
        recipients: d.task.recipients.unwrap_or_default(),
        issue_secs,
        steps,
        step_ms: t.elapsed().as_secs_f64() * 1000.0 / steps.max(1) as f64,
    })
}

/// The lines below `under` counted from the recipients' rows: per child of `under`,
/// (total, received, submitted, accepted, on time).
pub(super) async fn counted(
    store: &Store,
    task_id: i64,
    under: &TreePath,
) -> anyhow::Result<BTreeMap<i64, [i64; 5]>> {
    let rows = store
        .raw_connection()
        .query_all(stmt(
            store.db_backend(),
            "SELECT node_path, state, late FROM task_recipient \
             WHERE task_id = ? AND node_path >= ? AND node_path < ?",
            vec![
                task_id.into(),
                under.as_str().into(),
                under.upper_bound().into(),
            ],
        ))
        .await?;
    let depth = under.ids().len();
    let mut out: BTreeMap<i64, [i64; 5]> = BTreeMap::new();
    for r in rows {
        let path: String = r.try_get_by_index(0)?;
        let state: String = r.try_get_by_index(1)?;
        let late: bool = r.try_get_by_index(2)?;
        let Some(child) = TreePath::parse(&path)
            .map_err(|e| anyhow::anyhow!("{path}: {e:?}"))?
            .ids()
            .get(depth)
            .copied()
        else {
            continue;
        };
        let f = flags(State::from_code(&state).unwrap_or(State::Issued), late);
        let line = out.entry(child).or_default();
        for (a, b) in line.iter_mut().zip(f) {
            *a += b;
        }
    }
    Ok(out)
}

/// The product's lines below `under` (as the issuing city admin) checked against the rows.
pub(super) async fn check(
    store: &Store,
    city: &AdminAt,
    task_id: i64,
    under: &AdminAt,
) -> anyhow::Result<usize> {
    let rates = store
        .scoped(&city.actor)
        .tasks()
        .rates(task_id, Some(under.node_id))
        .await?;
    let rows = counted(store, task_id, &under.path).await?;
    let kept: BTreeMap<i64, [i64; 5]> = rates
        .children
        .iter()
        .map(|l| {
            (
                l.node_id,
                [l.total, l.received, l.submitted, l.accepted, l.on_time],
            )
        })
        .collect();
    if kept != rows {
        bail!("task {task_id}: the kept counters and the recipients' rows disagree");
    }
    Ok(kept.len())
}
