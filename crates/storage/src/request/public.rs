//! The complainant's side: the public form, the tracking page behind the code, the rating
//! (and the other actions the complainant may take there), and the public listing that the
//! Open311 interface reads. Nothing beyond the public timeline leaves here: no contact data,
//! no internal notes (send-backs, extensions, transfer reasons), no staff names.
//!
//! Public writes carry no signed-in caller: they are audited as `public` with the client's
//! address.

mod listing;
mod places;

pub use listing::{PublicListFilter, PublicListed};

use super::{category_codes, facts_of, insert_request, open_states, plan_now, policy_of};
use super::{stats, to_local, write_action};
use crate::audit::Entry;
use crate::entity::org_node;
use crate::entity::request_tables::{
    request_category, request_event, request_file, service_request as sr,
};
use crate::kit::files::Upload;
use crate::kit::work::Work;
use crate::Actor;
use crate::{now_ms, Result, StorageError, Store};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use touyan_domain::files::{check_upload, CheckedUpload};
use touyan_domain::request::intake::{normalize_tracking_code, Channel, RequestInput};
use touyan_domain::request::workflow::{available_actions, ActionInput, Role, State};
use touyan_domain::tree::TreePath;
use touyan_domain::FieldErrors;

/// Node kinds a resident or an enterprise files a request at: where they live or work.
pub const LOCATION_KINDS: [&str; 4] = ["community", "grid", "park", "street"];
/// Most locations one search answers.
pub const MAX_LOCATIONS: u64 = 50;
/// Most photos on one public request.
pub const MAX_PHOTOS: usize = 3;
/// Largest photo taken from the public form: 10 MiB, half of what signed-in staff may upload.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// What the complainant may do through the tracking code.
pub const COMPLAINANT_ACTIONS: [&str; 3] = ["rate", "reopen", "withdraw"];
/// Most requests one public listing answers (GeoReport v2: "first 1000 requests").
pub const MAX_LISTED: u64 = 1000;

/// Notes of these actions are words to the complainant; other notes stay inside.
const PUBLIC_NOTES: [&str; 4] = ["reply", "close", "rate", "withdraw"];
/// Notes the unit wrote for the public: its reply and its closing words.
const UNIT_NOTES: [&str; 2] = ["reply", "close"];
/// The name public writes are audited under.
const PUBLIC_ACTOR: &str = "public";

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicCategory {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Working days the unit has to reply once it accepts.
    pub reply_days: i32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicLocation {
    pub id: i64,
    pub name: String,
    /// `community`, `grid`, `park` or `street`.
    pub kind: String,
    /// The names from the top of the tree down to the node, joined by " / ".
    pub full_name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicFile {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicEvent {
    pub action: String,
    pub to_state: String,
    /// The unit a dispatch or transfer went to.
    pub node_name: Option<String>,
    /// The unit's reply or closing words, the complainant's own rating comment.
    pub note: Option<String>,
    /// The rating given by a rating.
    pub rating: Option<String>,
    pub created_at: i64,
}

/// What the tracking code shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicRequest {
    pub code: String,
    pub category: String,
    pub category_name_zh: String,
    pub category_name_en: String,
    pub description: String,
    pub address: Option<String>,
    pub state: String,
    /// `open` or `closed`.
    pub category_of_state: String,
    /// 1, and one more each time the request is reopened.
    pub round: i32,
    pub node_id: i64,
    /// Where the request is: the names from the top of the tree down.
    pub node_name: String,
    /// The unit handling it, once dispatched.
    pub handling_node_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub replied_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// When the unit's reply is due, while it is handling the request.
    pub reply_due_at: Option<i64>,
    /// The unit's reply in this round.
    pub reply: Option<String>,
    /// The closing words in this round.
    pub closing_note: Option<String>,
    pub rating: Option<String>,
    /// Whether the complainant may rate now.
    pub can_rate: bool,
    /// What the complainant may do now: `rate`, `reopen`, `withdraw`.
    pub actions: Vec<String>,
    /// The photos sent with the request.
    pub files: Vec<PublicFile>,
    pub events: Vec<PublicEvent>,
}

/// A request from the public form or a public API.
#[derive(Debug, Clone, Default)]
pub struct PublicSubmission {
    /// `resident` or `enterprise`; an enterprise names itself in `enterprise_name`.
    pub requester: String,
    /// The request as typed; its channel, urgency and hotline number are set here.
    pub input: RequestInput,
    /// Up to [`MAX_PHOTOS`] images.
    pub photos: Vec<Upload>,
    /// The client's address, for the audit log.
    pub ip: Option<String>,
}

fn state_category(state: &str) -> &'static str {
    if State::from_code(state)
        .unwrap_or(State::Submitted)
        .is_open()
    {
        "open"
    } else {
        "closed"
    }
}

/// The row as the audit log keeps it for public writes (the phone masked).
fn audit_json(m: &sr::Model) -> serde_json::Value {
    json!({"code": m.code, "channel": m.channel, "category": m.category,
           "node_id": m.node_id, "state": m.state, "round": m.round,
           "rating": m.rating,
           "contact_phone": m.contact_phone.as_deref().map(super::mask_phone)})
}

/// The names from the root down to each node of `paths` (keyed by the node's id).
async fn name_paths<C: ConnectionTrait>(
    conn: &C,
    paths: &[&str],
) -> Result<HashMap<i64, Vec<String>>> {
    let parsed: Vec<TreePath> = paths
        .iter()
        .map(|p| TreePath::parse(p))
        .collect::<std::result::Result<_, _>>()?;
    let all: Vec<i64> = parsed.iter().flat_map(|p| p.ids()).collect();
    let names = crate::kit::sql::node_names(conn, all).await?;
    Ok(parsed
        .iter()
        .filter_map(|p| {
            let ids = p.ids();
            let id = *ids.last()?;
            Some((
                id,
                ids.iter()
                    .filter_map(|i| names.get(i).cloned())
                    .collect::<Vec<_>>(),
            ))
        })
        .collect())
}

async fn by_code<C: ConnectionTrait>(conn: &C, code: &str) -> Result<sr::Model> {
    let code = normalize_tracking_code(code).ok_or(StorageError::NotFound)?;
    sr::Entity::find()
        .filter(sr::Column::Code.eq(code))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

impl Store {
    /// A request from the public form (no sign-in), with its photos: answers its tracking
    /// code. Every bad field is reported at once; nothing is written unless all is well.
    pub async fn submit_public(&self, sub: &PublicSubmission) -> Result<String> {
        let db = self.raw_connection();
        let cats = category_codes(db).await?;
        let mut input = sub.input.clone();
        input.channel = Channel::PublicForm.code().into();
        input.hotline_no.clear();
        // The dispatcher weighs urgency; the public does not set it.
        input.urgency.clear();
        let mut fe = FieldErrors::new();
        if input.node_id.is_none() {
            fe.add("node_id", "err.rp_location_required");
        }
        match sub.requester.trim() {
            "resident" => input.enterprise_name.clear(),
            "enterprise" => {
                if input.enterprise_name.trim().is_empty() {
                    fe.add("enterprise_name", "err.required");
                }
            }
            "" => fe.add("requester", "err.required"),
            _ => fe.add("requester", "err.choice"),
        }
        let new = fe.check("description", input.parse(&cats));
        if let Some(id) = input.node_id {
            if self.public_location(id).await?.is_none() {
                fe.add("node_id", "err.rp_location");
            }
        }
        let mut checked: Vec<CheckedUpload> = Vec::new();
        if sub.photos.len() > MAX_PHOTOS {
            fe.add("photos", "err.rp_photos_too_many");
        } else {
            for p in &sub.photos {
                if p.bytes.len() > MAX_PHOTO_BYTES {
                    fe.add("photos", "err.rp_photo_too_large");
                } else if let Some(c) = fe.check(
                    "photos",
                    check_upload("photos", &p.file_name, &p.bytes, true),
                ) {
                    checked.push(c);
                }
            }
        }
        fe.into_result()?;
        let new = new.ok_or_else(|| StorageError::field("description", "err.invalid"))?;
        // Bytes first: a transaction that then fails leaves an unreferenced copy, never a row
        // without its bytes.
        let mut keys = Vec::with_capacity(sub.photos.len());
        for p in &sub.photos {
            keys.push(self.files.put(&p.bytes).await?);
        }
        let public = Actor::unsigned(None, PUBLIC_ACTOR, sub.ip.clone());
        let work = Work::begin(db, &public).await?;
        let txn = work.txn();
        let m = insert_request(&work, &new, None, None, crate::now_ms()).await?;
        let now = now_ms();
        for ((p, c), key) in sub.photos.iter().zip(&checked).zip(keys) {
            request_file::ActiveModel {
                request_id: Set(m.id),
                event_id: Set(None),
                file_name: Set(c.file_name.clone()),
                content_type: Set(c.content_type.to_string()),
                size: Set(p.bytes.len() as i64),
                storage_key: Set(key),
                public: Set(true),
                user_id: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        let mut after = audit_json(&m);
        after["photos"] = json!(sub.photos.len());
        work.record(Entry {
            action: "submit",
            record_type: "service_request",
            record_id: Some(m.id.to_string()),
            node: Some((m.node_id, &TreePath::parse(&m.node_path)?)),
            before: None,
            after: Some(after),
        })
        .await?;
        work.commit().await?;
        Ok(m.code)
    }

    /// The public timeline behind a tracking code.
    pub async fn track(&self, code: &str) -> Result<PublicRequest> {
        let db = self.raw_connection();
        let m = by_code(db, code).await?;
        let events = request_event::Entity::find()
            .filter(request_event::Column::RequestId.eq(m.id))
            .filter(request_event::Column::Public.eq(true))
            .order_by_asc(request_event::Column::Id)
            .all(db)
            .await?;
        let mut ids = vec![];
        ids.extend(m.handling_node_id);
        ids.extend(events.iter().filter_map(|e| e.node_id));
        let names = crate::kit::sql::node_names(db, ids).await?;
        let location = name_paths(db, &[m.node_path.as_str()]).await?;
        let cat = super::category(db, &m.category).await?;
        let policy = policy_of(&cat);
        let now = to_local(now_ms());
        let actions: Vec<String> =
            available_actions(&facts_of(&m), Role::Complainant, now, &policy)
                .iter()
                .map(|a| a.code().to_string())
                .filter(|c| COMPLAINANT_ACTIONS.contains(&c.as_str()))
                .collect();
        let files = request_file::Entity::find()
            .filter(request_file::Column::RequestId.eq(m.id))
            .filter(request_file::Column::Public.eq(true))
            .order_by_asc(request_file::Column::Id)
            .all(db)
            .await?;
        let latest = |action: &str| {
            events
                .iter()
                .rev()
                .find(|e| e.action == action && e.round == m.round)
                .and_then(|e| e.note.clone())
        };
        let reply = latest("reply");
        let closing_note = if m.state == State::Closed.code() {
            latest("close")
        } else {
            None
        };
        Ok(PublicRequest {
            code: m.code.clone(),
            category: m.category.clone(),
            category_name_zh: cat.name_zh.clone(),
            category_name_en: cat.name_en.clone(),
            description: m.description.clone(),
            address: m.address.clone(),
            category_of_state: state_category(&m.state).into(),
            state: m.state.clone(),
            round: m.round,
            node_id: m.node_id,
            node_name: location
                .get(&m.node_id)
                .map(|n| n.join(" / "))
                .unwrap_or_default(),
            handling_node_name: m.handling_node_id.and_then(|h| names.get(&h).cloned()),
            created_at: m.created_at,
            updated_at: m.updated_at,
            replied_at: m.replied_at,
            closed_at: m.closed_at,
            reply_due_at: m.step_due_at.filter(|_| m.step.as_deref() == Some("reply")),
            reply,
            closing_note,
            rating: m.rating.clone(),
            can_rate: actions.iter().any(|a| a == "rate"),
            actions,
            files: files
                .into_iter()
                .map(|f| PublicFile {
                    id: f.id,
                    file_name: f.file_name,
                    content_type: f.content_type,
                    size: f.size,
                })
                .collect(),
            events: events
                .into_iter()
                .map(|e| public_event(e, &names))
                .collect(),
        })
    }

    /// A photo of the request behind `code`: content type and bytes. Only files marked
    /// public are found.
    pub async fn public_file(&self, code: &str, file_id: i64) -> Result<(String, Vec<u8>)> {
        let db = self.raw_connection();
        let m = by_code(db, code).await?;
        let f = request_file::Entity::find_by_id(file_id)
            .filter(request_file::Column::RequestId.eq(m.id))
            .filter(request_file::Column::Public.eq(true))
            .one(db)
            .await?
            .ok_or(StorageError::NotFound)?;
        let bytes = self.files.get(&f.storage_key).await?;
        Ok((f.content_type, bytes))
    }

    /// An action of the complainant through the tracking code (rate, reopen, withdraw),
    /// checked by the domain like every other. Answers the public view and whether the
    /// action sent a closed request back for another round.
    pub async fn act_public(
        &self,
        code: &str,
        input: &ActionInput,
        ip: Option<String>,
    ) -> Result<(PublicRequest, bool)> {
        let kind = input.kind()?;
        if !COMPLAINANT_ACTIONS.contains(&kind.code()) {
            return Err(StorageError::field("action", "err.choice"));
        }
        let db = self.raw_connection();
        let public = Actor::unsigned(None, PUBLIC_ACTOR, ip);
        let work = Work::begin(db, &public).await?;
        let txn = work.txn();
        let m = by_code(txn, code).await?;
        let (after, event) = plan_now(txn, &m, Role::Complainant, input, (None, "诉求人")).await?;
        let entry = Entry {
            action: kind.code(),
            record_type: "service_request",
            record_id: Some(m.id.to_string()),
            node: Some((m.dispatcher_node_id, &TreePath::parse(&m.dispatcher_path)?)),
            before: Some(audit_json(&m)),
            after: Some(audit_json(&after)),
        };
        write_action(&work, &m, &after, event, Some(entry)).await?;
        stats::on_change(txn, Some(&m), &after).await?;
        work.commit().await?;
        let reopened = m.state == State::Closed.code() && after.state != State::Closed.code();
        Ok((self.track(&m.code).await?, reopened))
    }

    /// The complainant's rating through the tracking code (满意 / 基本满意 / 不满意); a
    /// 不满意 within the window after closing reopens the request.
    pub async fn rate_public(
        &self,
        code: &str,
        rating: &str,
        comment: &str,
        ip: Option<String>,
    ) -> Result<(PublicRequest, bool)> {
        let input = ActionInput {
            action: "rate".into(),
            rating: rating.to_string(),
            reason: comment.to_string(),
            ..Default::default()
        };
        self.act_public(code, &input, ip).await
    }
}

/// A timeline entry as the public sees it: the unit's words only on the actions that show
/// them, the rating only on a rating.
fn public_event(e: request_event::Model, names: &HashMap<i64, String>) -> PublicEvent {
    let detail: Option<serde_json::Value> = e
        .detail
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok());
    PublicEvent {
        note: if PUBLIC_NOTES.contains(&e.action.as_str()) {
            e.note
        } else {
            None
        },
        rating: if e.action == "rate" {
            detail
                .as_ref()
                .and_then(|d| d["rating"].as_str())
                .map(str::to_string)
        } else {
            None
        },
        node_name: e.node_id.and_then(|n| names.get(&n).cloned()),
        action: e.action,
        to_state: e.to_state,
        created_at: e.created_at,
    }
}
