//! Telling users that something happened, from inside another area's write: a row of the
//! `notice` table per user (the table is the notice area's, which lists and marks them),
//! written in the caller's transaction so the notification exists exactly when the change
//! does. And who should be told: the users holding a permission over a node.

use crate::entity::notice_tables::notice;
use crate::{now_ms, Result, StorageError};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use std::collections::BTreeSet;
use touyan_domain::access::Permission;
use touyan_domain::notify::check_notice;
use touyan_domain::tree::TreePath;

/// Tells each user of `users` (duplicates told once) that something happened, in the
/// transaction of the write that made it happen — one line in the calling area:
///
/// ```ignore
/// crate::kit::notice::notify(work.txn(), &[assignee], "task.notice_issued",
///     &format!("/tasks/{id}"), &[("title", &t.title)]).await?;
/// ```
///
/// `kind` is a translation key of the calling area's locale file (`task.notice_issued =
/// "新任务：{title}"`), filled with `args` in the reader's language when shown; `link` is the
/// path of the record. The notification is the user's own: it is not audited apart from the
/// write that made it (which the caller records).
pub async fn notify<C: ConnectionTrait>(
    txn: &C,
    users: &[i64],
    kind: &str,
    link: &str,
    args: &[(&str, &str)],
) -> Result<()> {
    check_notice(kind, link, args).map_err(StorageError::from)?;
    let users: BTreeSet<i64> = users.iter().copied().collect();
    if users.is_empty() {
        return Ok(());
    }
    let args: serde_json::Map<String, serde_json::Value> = args
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    let args = serde_json::Value::Object(args).to_string();
    let now = now_ms();
    let rows = users.into_iter().map(|user_id| notice::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.to_string()),
        link: Set(link.to_string()),
        args: Set(args.clone()),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    });
    notice::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// The active users holding `perm` over the node at `node` (an assignment at the node, at
/// one of its ancestors or over the whole tree, whose role has it), by id — whom to
/// notify about a record filed there:
///
/// ```ignore
/// let to = crate::kit::notice::holders(work.txn(), Permission::TaskWrite, &path).await?;
/// ```
pub async fn holders<C: ConnectionTrait>(
    conn: &C,
    perm: Permission,
    node: &TreePath,
) -> Result<Vec<i64>> {
    holders_of_any(conn, perm, std::slice::from_ref(node)).await
}

/// The active users holding `perm` over any of the nodes at `nodes`, by id, read in one
/// statement (many recipients of one task, say).
pub async fn holders_of_any<C: ConnectionTrait>(
    conn: &C,
    perm: Permission,
    nodes: &[TreePath],
) -> Result<Vec<i64>> {
    let mut scopes = BTreeSet::from([TreePath::everything().as_str().to_string()]);
    for node in nodes {
        for id in node.ids() {
            if let Some(p) = node.prefix_to(id) {
                scopes.insert(p.as_str().to_string());
            }
        }
    }
    let marks = vec!["?"; scopes.len()].join(", ");
    let sql = format!(
        "SELECT a.user_id, r.permissions FROM assignment a \
         JOIN role r ON r.id = a.role_id JOIN app_user u ON u.id = a.user_id \
         WHERE u.status = 'active' AND a.node_path IN ({marks})"
    );
    let values = scopes.into_iter().map(Into::into).collect();
    let rows = conn
        .query_all(crate::kit::sql::stmt(
            conn.get_database_backend(),
            &sql,
            values,
        ))
        .await?;
    let mut out = BTreeSet::new();
    for row in rows {
        let user: i64 = row.try_get_by_index(0)?;
        let perms: String = row.try_get_by_index(1)?;
        if perms.split(',').any(|c| c == perm.code()) {
            out.insert(user);
        }
    }
    Ok(out.into_iter().collect())
}
