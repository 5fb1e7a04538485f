//! Rows of a people file that name, by identity number, someone already stored: the file is
//! then an edit of that person (an export read back in after changes), made only where the
//! importer may change the person and only when the whole file is good. A masked number or
//! phone, as an export without full numbers holds, names no one and is refused.

use super::super::{apply, person_json, PeopleRepo};
use super::CheckedPerson;
use crate::audit::Entry;
use crate::entity::{honour, person, person_event, person_note};
use crate::kit::work::Work;
use crate::{now_ms, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    TryIntoModel,
};
use touyan_domain::access::Permission;
use touyan_domain::people::PersonInput;
use touyan_domain::tree::TreePath;

/// A stored person and the checked row that replaces their fields.
pub(super) struct PersonUpdate {
    pub(super) before: person::Model,
    pub(super) checked: CheckedPerson,
}

/// The cells of a row that hold a masked value (`370702********1234`, `138****5678`), as
/// (field, message key).
pub(super) fn masked_cells(input: &PersonInput) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![];
    if input.id_number.as_deref().is_some_and(|v| v.contains('*')) {
        out.push(("id_number", "people.import_masked_id"));
    }
    if input.phone.as_deref().is_some_and(|v| v.contains('*')) {
        out.push(("phone", "people.import_masked_phone"));
    }
    out
}

/// Whether the importer may change this stored person (write rights over where they are
/// filed); anyone else named in a file is a cell error, never an update.
pub(super) fn may_update(repo: &PeopleRepo<'_>, m: &person::Model) -> bool {
    TreePath::parse(&m.node_path).is_ok_and(|p| repo.s.actor.can(Permission::PersonWrite, &p))
}

/// Writes the updates inside the import's transaction, each audited like a form's edit;
/// a row that changes nothing writes nothing. Returns how many rows named stored people.
pub(super) async fn write(work: &Work<'_>, updates: Vec<PersonUpdate>) -> Result<u64> {
    let txn = work.txn();
    let n = updates.len() as u64;
    for PersonUpdate { before, checked } in updates {
        let mut am: person::ActiveModel = before.clone().into();
        apply(&mut am, &checked.person);
        am.node_id = Set(checked.node_id);
        am.node_path = Set(checked.path.clone());
        if am.clone().try_into_model()? == before {
            continue;
        }
        am.updated_at = Set(now_ms());
        let after = am.update(txn).await?;
        if after.node_path != before.node_path {
            follow(txn, after.id, &after.node_path).await?;
        }
        let path = TreePath::parse(&after.node_path)?;
        work.record(Entry {
            action: "update",
            record_type: "person",
            record_id: Some(after.id.to_string()),
            node: Some((after.node_id, &path)),
            before: Some(person_json(&before)),
            after: Some(person_json(&after)),
        })
        .await?;
    }
    Ok(n)
}

/// A person's own records follow them to the node a file moved them to.
async fn follow(txn: &DatabaseTransaction, id: i64, path: &str) -> Result<()> {
    person_event::Entity::update_many()
        .col_expr(person_event::Column::NodePath, Expr::value(path))
        .filter(person_event::Column::PersonId.eq(id))
        .exec(txn)
        .await?;
    person_note::Entity::update_many()
        .col_expr(person_note::Column::NodePath, Expr::value(path))
        .filter(person_note::Column::PersonId.eq(id))
        .exec(txn)
        .await?;
    honour::Entity::update_many()
        .col_expr(honour::Column::NodePath, Expr::value(path))
        .filter(honour::Column::PersonId.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
