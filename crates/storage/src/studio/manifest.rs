//! The studio area's entry in the list of areas.

use crate::entity::achievement_tables::studio_achievement;
use crate::entity::activity_tables::{
    studio_evaluation, studio_office_hour, studio_project, studio_question, studio_support,
};
use crate::entity::mentorship_tables::{studio_mentorship, studio_training};
use crate::entity::person;
use crate::entity::{alliance, studio, studio_file, studio_member};
use crate::kit::area::{Answer, AreaManifest, StudioRef};
use crate::kit::ledger::LedgerEvent;
use crate::scope::{within, FiledUnder, Guarded};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use touyan_domain::access::Permission;
use touyan_domain::tree::TreePath;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    path_tables: &["studio", "alliance"],
    attached_to_node: Some(attached_to_node),
    uses_entry: Some(uses_entry),
    person_events: Some(person_events),
    migrations: super::migration::all,
    cadence: Some(super::cadence_offer::OFFER),
    evidence: &[("achievement", super::evidence::achievement)],
    studios: Some(studios_under),
    ..AreaManifest::named("studio")
};

/// Studios hosted at or under a path, by name, for other areas (evaluation rounds of
/// studios).
fn studios_under<'a>(
    db: &'a DatabaseConnection,
    under: &'a TreePath,
) -> Answer<'a, Vec<StudioRef>> {
    Box::pin(async move {
        Ok(studio::Entity::find()
            .filter(within(studio::Column::NodePath, under))
            .order_by_asc(studio::Column::Name)
            .order_by_asc(studio::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|m| StudioRef {
                id: m.id,
                name: m.name,
                node_id: m.node_id,
                node_path: m.node_path,
                state: m.state,
            })
            .collect())
    })
}

/// Studios and alliances at the node.
fn attached_to_node(txn: &DatabaseTransaction, node_id: i64) -> Answer<'_, u64> {
    Box::pin(async move {
        Ok(studio::Entity::find()
            .filter(studio::Column::NodeId.eq(node_id))
            .count(txn)
            .await?
            + alliance::Entity::find()
                .filter(alliance::Column::NodeId.eq(node_id))
                .count(txn)
                .await?)
    })
}

/// Studios of a kind of the `studio_kind` dictionary.
fn uses_entry<'a>(txn: &'a DatabaseTransaction, dict: &'a str, code: &'a str) -> Answer<'a, u64> {
    Box::pin(async move {
        if dict != "studio_kind" {
            return Ok(0);
        }
        Ok(studio::Entity::find()
            .filter(studio::Column::Kind.eq(code))
            .count(txn)
            .await?)
    })
}

/// A person's mentorships and achievements, for the person's growth ledger.
fn person_events<'a>(
    db: &'a DatabaseConnection,
    p: &'a person::Model,
) -> Answer<'a, Vec<LedgerEvent>> {
    Box::pin(async move {
        let mut all = super::mentorship::ledger(db, p).await?;
        all.extend(super::achievement::ledger_events(db, p).await?);
        Ok(all)
    })
}

/// The area's repositories, reached from the caller's scoped handle.
impl<'a> crate::Scoped<'a> {
    pub fn studios(self) -> super::StudioRepo<'a> {
        super::StudioRepo { s: self }
    }
    pub fn studio_files(self) -> super::StudioFiles<'a> {
        super::StudioFiles { s: self }
    }
    pub fn alliances(self) -> super::AllianceRepo<'a> {
        super::AllianceRepo { s: self }
    }
    pub fn studio_questions(self) -> super::activity::QuestionRepo<'a> {
        super::activity::QuestionRepo { s: self }
    }
    pub fn studio_projects(self) -> super::activity::ProjectRepo<'a> {
        super::activity::ProjectRepo { s: self }
    }
    pub fn studio_evaluations(self) -> super::activity::EvaluationRepo<'a> {
        super::activity::EvaluationRepo { s: self }
    }
    pub fn studio_support(self) -> super::activity::SupportRepo<'a> {
        super::activity::SupportRepo { s: self }
    }
    pub fn studio_achievements(self) -> super::achievement::AchievementRepo<'a> {
        super::achievement::AchievementRepo { s: self }
    }
    pub fn studio_mentorships(self) -> super::mentorship::MentorshipRepo<'a> {
        super::mentorship::MentorshipRepo { s: self }
    }
    pub fn studio_training(self) -> super::mentorship::TrainingRepo<'a> {
        super::mentorship::TrainingRepo { s: self }
    }
}

/// A studio is read with `studio.read` and changed with `studio.write` over its host node.
impl Guarded for studio::Entity {
    const READ: Permission = Permission::StudioRead;
    const WRITE: Permission = Permission::StudioWrite;
    fn path_column() -> studio::Column {
        studio::Column::NodePath
    }
    fn path_of(m: &studio::Model) -> &str {
        &m.node_path
    }
}

/// An alliance is filed under its own node: read with `studio.read` and run with
/// `studio.manage` there. Member studios of other trees see it too (see `AllianceRepo`).
impl Guarded for alliance::Entity {
    const READ: Permission = Permission::StudioRead;
    const WRITE: Permission = Permission::StudioManage;
    fn path_column() -> alliance::Column {
        alliance::Column::NodePath
    }
    fn path_of(m: &alliance::Model) -> &str {
        &m.node_path
    }
}

/// Declares kinds of record kept inside a studio (by their `studio_id`): read with
/// `studio.read` over the studio, changed with `studio.write` (or the permission given), and
/// taking no changes while the studio is delisted.
macro_rules! filed_under_studio {
    ($($m:ident $(=> $write:ident)?),* $(,)?) => {$(
        impl FiledUnder for $m::Entity {
            type Parent = studio::Entity;
            $(const WRITE: Permission = Permission::$write;)?
            fn parent_column() -> $m::Column {
                $m::Column::StudioId
            }
            fn parent_open(st: &studio::Model) -> crate::Result<()> {
                super::takes_records(st)
            }
        }
    )*};
}

filed_under_studio!(
    studio_member,
    studio_file,
    studio_achievement,
    studio_mentorship,
    studio_training,
    studio_project,
    studio_question,
    studio_office_hour,
    studio_support,
    studio_evaluation => StudioManage,
);
