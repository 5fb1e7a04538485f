//! Whom a task's steps are told to, in the bell: the people who act for the recipients
//! (`task.write` over them) learn of a task issued, returned or reminded; those on the
//! issuing side (`task.manage` over the issuing node) and the one acting are not told of
//! their own doing.

use crate::kit::notice::{holders, holders_of_any, notify};
use crate::Result;
use sea_orm::ConnectionTrait;
use std::collections::BTreeSet;
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

/// Tells the recipients at `paths` of task `task_id` (issued at `issuing`) that `kind`
/// happened, with the task's title.
pub(super) async fn tell<C: ConnectionTrait>(
    txn: &C,
    actor: Option<i64>,
    issuing: &TreePath,
    paths: &[TreePath],
    kind: &str,
    task_id: i64,
    title: &str,
) -> Result<()> {
    let mut users: BTreeSet<i64> = holders_of_any(txn, Permission::TaskWrite, paths)
        .await?
        .into_iter()
        .collect();
    for u in holders(txn, Permission::TaskManage, issuing).await? {
        users.remove(&u);
    }
    if let Some(me) = actor {
        users.remove(&me);
    }
    let users: Vec<i64> = users.into_iter().collect();
    let title: String = title.chars().take(60).collect();
    notify(
        txn,
        &users,
        kind,
        &format!("/tasks/{task_id}"),
        &[("title", &title)],
    )
    .await
}
