//! The people area's entry in the list of areas.

use crate::entity::{honour, person, person_post, quota};
use crate::kit::area::{Answer, AreaManifest};
use crate::scope::Guarded;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use touyan_domain::access::Permission;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &[
        "person",
        "person_post",
        "person_event",
        "person_note",
        "honour",
        "quota",
    ],
    attached_to_node: Some(attached_to_node),
    uses_entry: Some(uses_entry),
    migrations: super::migration::all,
    figures: super::figures::FIGURES,
    post_holders: Some(post_holders),
    honours: Some(crate::kit::area::HonourOffer {
        record: super::honour::record_offered,
        withdraw: super::honour::withdraw_offered,
    }),
    ..AreaManifest::named("people")
};

/// People, posts, honours awarded and quotas held at the node.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(person::Entity::find()
            .filter(person::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + person_post::Entity::find()
                .filter(person_post::Column::NodeId.eq(node_id))
                .count(txn)
                .await?
            + honour::Entity::find()
                .filter(honour::Column::AwardingNodeId.eq(node_id))
                .count(txn)
                .await?
            + quota::Entity::find()
                .filter(quota::Column::NodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

/// Holders of the posts at nodes at or under the path, with terms touching the days, in the
/// order of node and person (see [`crate::kit::area::PostHoldersFn`]).
fn post_holders<'a>(
    db: &'a sea_orm::DatabaseConnection,
    under: &'a touyan_domain::tree::TreePath,
    posts: &'a [&'a str],
    within: (chrono::NaiveDate, chrono::NaiveDate),
) -> Answer<'a, Vec<crate::kit::area::PostHolder>> {
    use sea_orm::{Condition, QueryOrder};
    Box::pin(async move {
        let codes: Vec<String> = posts.iter().map(|p| p.to_string()).collect();
        let rows = person_post::Entity::find()
            .filter(crate::scope::within(person_post::Column::NodePath, under))
            .filter(person_post::Column::PostCode.is_in(codes))
            .filter(person_post::Column::StartOn.lte(within.1))
            .filter(
                Condition::any()
                    .add(person_post::Column::EndOn.is_null())
                    .add(person_post::Column::EndOn.gte(within.0)),
            )
            .order_by_asc(person_post::Column::NodeId)
            .order_by_asc(person_post::Column::PersonId)
            .order_by_asc(person_post::Column::Id)
            .all(db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
        let names: std::collections::HashMap<i64, String> = person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| crate::kit::area::PostHolder {
                person_name: names.get(&r.person_id).cloned().unwrap_or_default(),
                person_id: r.person_id,
                node_id: r.node_id,
                post_code: r.post_code,
                start_on: r.start_on,
                end_on: r.end_on,
            })
            .collect())
    })
}

/// Posts held under a post title of the `post` dictionary.
fn uses_entry<'a>(txn: &'a DatabaseTransaction, dict: &'a str, code: &'a str) -> Answer<'a, u64> {
    Box::pin(async move {
        if dict != "post" {
            return Ok(0);
        }
        Ok(person_post::Entity::find()
            .filter(person_post::Column::PostCode.eq(code))
            .count(txn)
            .await?)
    })
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn people(self) -> super::PeopleRepo<'a> {
        super::PeopleRepo { s: self }
    }
    pub fn posts(self) -> super::PostRepo<'a> {
        super::PostRepo { s: self }
    }
    pub fn honours(self) -> super::HonourRepo<'a> {
        super::HonourRepo { s: self }
    }
    pub fn quotas(self) -> super::QuotaRepo<'a> {
        super::QuotaRepo { s: self }
    }
}

/// People, their posts and their honours are read with `person.read` and changed with
/// `person.write` over the node they are filed under.
macro_rules! filed_as_people {
    ($($entity:ident),*) => {$(
        impl Guarded for $entity::Entity {
            const READ: Permission = Permission::PersonRead;
            const WRITE: Permission = Permission::PersonWrite;
            fn path_column() -> $entity::Column {
                $entity::Column::NodePath
            }
            fn path_of(m: &$entity::Model) -> &str {
                &m.node_path
            }
        }
    )*};
}
filed_as_people!(person, person_post, honour);
