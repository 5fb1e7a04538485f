//! A studio's lifecycle (申报, 挂牌, 示范, 预警, 摘牌): its moves and their record.

use super::*;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MoveView {
    pub id: i64,
    pub from_state: Option<String>,
    pub to_state: String,
    pub moved_on: NaiveDate,
    pub reason: String,
    pub document_no: Option<String>,
    pub evaluation_id: Option<i64>,
    pub user_name: String,
    pub created_at: i64,
}

impl From<studio_move::Model> for MoveView {
    fn from(m: studio_move::Model) -> Self {
        MoveView {
            id: m.id,
            from_state: m.from_state,
            to_state: m.to_state,
            moved_on: m.moved_on,
            reason: m.reason,
            document_no: m.document_no,
            evaluation_id: m.evaluation_id,
            user_name: m.user_name,
            created_at: m.created_at,
        }
    }
}

impl StudioRepo<'_> {
    /// The lifecycle record, newest first.
    pub async fn moves(&self, id: i64) -> Result<Vec<MoveView>> {
        readable(&self.s, self.s.db, id).await?;
        Ok(studio_move::Entity::find()
            .filter(studio_move::Column::StudioId.eq(id))
            .order_by_desc(studio_move::Column::Id)
            .all(self.s.db)
            .await?
            .into_iter()
            .map(MoveView::from)
            .collect())
    }

    /// A lifecycle move (挂牌, 示范, 预警, 摘牌), checked by the domain's move table and made
    /// by someone holding `studio.manage` over the studio.
    pub async fn transition(&self, id: i64, input: &MoveInput) -> Result<MoveView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let mv = self.make_move(&work, id, input).await?;
        work.commit().await?;
        Ok(mv.into())
    }

    /// Makes a lifecycle move in the unit of work `work` (checked and audited as
    /// [`Self::transition`]), for a write that does more around it.
    pub(super) async fn make_move(
        &self,
        work: &Work<'_>,
        id: i64,
        input: &MoveInput,
    ) -> Result<studio_move::Model> {
        let txn = work.txn();
        let m = readable(&self.s, txn, id).await?;
        let path = TreePath::parse(&m.node_path)?;
        self.s
            .require(Permission::StudioManage, Permission::StudioRead, &path)?;
        let from = State::from_code(&m.state).ok_or(StorageError::NotFound)?;
        let rec = input.parse(from, today())?;
        let now = now_ms();
        let after = json!({"state": rec.to.code(), "on": rec.on, "reason": rec.reason,
            "document_no": rec.document_no, "evaluation_id": rec.evaluation_id});
        // The move is made only if nobody moved the studio meanwhile.
        let change = StateMove::<studio::Entity> {
            id_column: studio::Column::Id,
            id,
            state_column: studio::Column::State,
            from: Some(from.code().into()),
            set: vec![
                (studio::Column::State, rec.to.code().into()),
                (studio::Column::UpdatedAt, now.into()),
            ],
            unchanged: vec![],
            refused: "rule.studio_moved_meanwhile",
            entry: Entry {
                action: "lifecycle",
                record_type: "studio",
                record_id: Some(id.to_string()),
                node: Some((m.node_id, &path)),
                before: Some(json!({"state": from.code()})),
                after: Some(after),
            },
        };
        let history = studio_move::ActiveModel {
            studio_id: Set(id),
            from_state: Set(Some(from.code().into())),
            to_state: Set(rec.to.code().into()),
            moved_on: Set(rec.on),
            reason: Set(rec.reason),
            document_no: Set(rec.document_no),
            evaluation_id: Set(rec.evaluation_id),
            user_id: Set(self.s.actor.user_id),
            user_name: Set(self.s.actor.display_name.clone()),
            created_at: Set(now),
            ..Default::default()
        };
        work.move_state(change, history).await
    }
}
