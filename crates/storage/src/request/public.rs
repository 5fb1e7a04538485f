//! The complainant's side: the public form, the tracking page behind the code, and the
//! rating. Nothing beyond the public timeline leaves here: no contact data, no internal notes
//! (send-backs, extensions), no staff names.

use super::{act_in, insert_request};
use crate::entity::request_tables::{request_event, service_request as sr};
use crate::{Result, StorageError, Store};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde::Serialize;
use touyan_domain::request::intake::{normalize_tracking_code, Channel, RequestInput};
use touyan_domain::request::workflow::{ActionInput, Role, State};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicEvent {
    pub action: String,
    pub to_state: String,
    pub note: Option<String>,
    pub created_at: i64,
}

/// What the tracking code shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicRequest {
    pub code: String,
    pub category: String,
    pub description: String,
    pub state: String,
    /// `open` or `closed`.
    pub category_of_state: String,
    pub node_name: String,
    pub handling_node_name: Option<String>,
    pub created_at: i64,
    pub rating: Option<String>,
    /// Whether the complainant may rate now.
    pub can_rate: bool,
    pub events: Vec<PublicEvent>,
}

/// Notes of these actions are the unit's words to the complainant; other notes stay inside.
const PUBLIC_NOTES: [&str; 4] = ["reply", "close", "rate", "withdraw"];

impl Store {
    /// A request from the public form (no sign-in): answers its tracking code.
    pub async fn submit_public(&self, input: &RequestInput) -> Result<String> {
        let db = self.raw_connection();
        let txn = db.begin().await?;
        let cats = super::category_codes(&txn).await?;
        let mut input = input.clone();
        input.channel = Channel::PublicForm.code().into();
        input.hotline_no.clear();
        let new = input.parse(&cats)?;
        let m = insert_request(&txn, &new, None, None).await?;
        txn.commit().await?;
        Ok(m.code)
    }

    async fn by_code(&self, code: &str) -> Result<sr::Model> {
        let code = normalize_tracking_code(code).ok_or(StorageError::NotFound)?;
        sr::Entity::find()
            .filter(sr::Column::Code.eq(code))
            .one(self.raw_connection())
            .await?
            .ok_or(StorageError::NotFound)
    }

    /// The public timeline behind a tracking code.
    pub async fn track(&self, code: &str) -> Result<PublicRequest> {
        let db = self.raw_connection();
        let m = self.by_code(code).await?;
        let events = request_event::Entity::find()
            .filter(request_event::Column::RequestId.eq(m.id))
            .filter(request_event::Column::Public.eq(true))
            .order_by_asc(request_event::Column::Id)
            .all(db)
            .await?;
        let mut ids = vec![m.node_id];
        ids.extend(m.handling_node_id);
        let names = crate::org::node_names(db, ids).await?;
        let cat = super::category(db, &m.category).await?;
        let policy = super::policy_of(&cat);
        let now = super::to_local(crate::now_ms());
        let can_rate = touyan_domain::request::workflow::available_actions(
            &super::facts_of(&m),
            Role::Complainant,
            now,
            &policy,
        )
        .iter()
        .any(|a| a.code() == "rate");
        let state = State::from_code(&m.state).unwrap_or(State::Submitted);
        Ok(PublicRequest {
            code: m.code.clone(),
            category: m.category.clone(),
            description: m.description.clone(),
            state: m.state.clone(),
            category_of_state: if state.is_open() { "open" } else { "closed" }.into(),
            node_name: names.get(&m.node_id).cloned().unwrap_or_default(),
            handling_node_name: m.handling_node_id.and_then(|h| names.get(&h).cloned()),
            created_at: m.created_at,
            rating: m.rating.clone(),
            can_rate,
            events: events
                .into_iter()
                .map(|e| PublicEvent {
                    note: if PUBLIC_NOTES.contains(&e.action.as_str()) {
                        e.note
                    } else {
                        None
                    },
                    action: e.action,
                    to_state: e.to_state,
                    created_at: e.created_at,
                })
                .collect(),
        })
    }

    /// The complainant's rating through the tracking code (满意 / 基本满意 / 不满意); a
    /// 不满意 within the window reopens the request.
    pub async fn rate_public(
        &self,
        code: &str,
        rating: &str,
        comment: &str,
    ) -> Result<PublicRequest> {
        let db = self.raw_connection();
        let txn = db.begin().await?;
        let m = self.by_code(code).await?;
        let input = ActionInput {
            action: "rate".into(),
            rating: rating.to_string(),
            reason: comment.to_string(),
            ..Default::default()
        };
        act_in(&txn, &m, Role::Complainant, &input, None, "诉求人").await?;
        txn.commit().await?;
        self.track(&m.code).await
    }
}
