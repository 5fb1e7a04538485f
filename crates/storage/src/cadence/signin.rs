//! Sign-in to an activity by its code: opened by those who may change the activity, on the
//! day it is held; entered by a signed-in member on its roster, who is then marked present.

use super::CadenceRepo;
use crate::audit::Entry;
use crate::entity::app_user;
use crate::entity::cadence_tables::{
    cadence_activity as activity, cadence_attendance as att, cadence_signin as signin,
};
use crate::kit::work::Work;
use crate::{now_ms, Result, StorageError};
use rand::Rng;
use sea_orm::sea_query::OnConflict;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::json;
use touyan_domain::cadence::{code_of, open_until, parse_code};
use touyan_domain::tree::TreePath;

/// An activity's open sign-in code, for its host.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SigninView {
    pub activity_id: i64,
    /// Six digits.
    pub code: String,
    /// Until when it holds (RFC 3339, UTC).
    pub expires_at: String,
}

/// The activity a member signed in to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SignedIn {
    pub activity_id: i64,
    pub topic: String,
    /// `YYYY-MM-DD HH:MM`, Beijing time.
    pub held_at: String,
    pub person_name: String,
}

fn view(m: signin::Model) -> SigninView {
    let at = chrono::DateTime::from_timestamp_millis(m.expires_at).unwrap_or_default();
    SigninView {
        activity_id: m.activity_id,
        code: m.code,
        expires_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

/// How many codes are drawn before opening sign-in gives up (a clash among a million codes is
/// rare; a run of them means nearly every code is open).
const CODE_TRIES: usize = 20;

impl CadenceRepo<'_> {
    /// Opens sign-in on activity `id` (a new code, holding until the end of its day); only on
    /// the day it is held, by one who may change it.
    pub async fn open_signin(&self, id: i64) -> Result<SigninView> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let (m, path) = self.load_to_change(txn, id).await?;
        let until = open_until(m.held_on, chrono::Utc::now())?;
        let code = Self::free_code(txn, id).await?;
        let row = signin::ActiveModel {
            activity_id: Set(id),
            code: Set(code.clone()),
            expires_at: Set(until.timestamp_millis()),
            opened_by: Set(self.s.actor.display_name.clone()),
            created_at: Set(now_ms()),
        };
        signin::Entity::insert(row)
            .on_conflict(
                OnConflict::column(signin::Column::ActivityId)
                    .update_columns([
                        signin::Column::Code,
                        signin::Column::ExpiresAt,
                        signin::Column::OpenedBy,
                        signin::Column::CreatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        work.record(Entry {
            action: "open_signin",
            record_type: "cadence_signin",
            record_id: Some(id.to_string()),
            node: Some((m.node_id, &path)),
            before: None,
            after: Some(json!({"expires_at": until.to_rfc3339()})),
        })
        .await?;
        work.commit().await?;
        self.signin(id).await?.ok_or(StorageError::NotFound)
    }

    /// A code no other activity's open sign-in holds now, drawn again on a clash.
    async fn free_code<C: sea_orm::ConnectionTrait>(conn: &C, id: i64) -> Result<String> {
        for _ in 0..CODE_TRIES {
            let code = code_of(rand::thread_rng().gen());
            let clash = signin::Entity::find()
                .filter(signin::Column::Code.eq(code.as_str()))
                .filter(signin::Column::ExpiresAt.gt(now_ms()))
                .filter(signin::Column::ActivityId.ne(id))
                .one(conn)
                .await?;
            if clash.is_none() {
                return Ok(code);
            }
        }
        Err(StorageError::Refused("rule.cadence_code_busy"))
    }

    /// The open code of activity `id`, for those who may change it (none for others, and
    /// once it has expired).
    pub async fn signin(&self, id: i64) -> Result<Option<SigninView>> {
        let (m, path) = self
            .s
            .load_for_read::<activity::Entity, _>(self.s.db, id)
            .await?;
        if !self.may_change(&m, &path) {
            return Ok(None);
        }
        Ok(signin::Entity::find_by_id(id)
            .filter(signin::Column::ExpiresAt.gt(now_ms()))
            .one(self.s.db)
            .await?
            .map(view))
    }

    /// Signs the caller's own person in to the activity whose open code is `code`: marked
    /// present on its roster. A wrong or expired code, an account with no person, and a
    /// person not on the roster are refused on the field `code`.
    pub async fn sign_in(&self, code: &str) -> Result<SignedIn> {
        let code = parse_code(code)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let open = signin::Entity::find()
            .filter(signin::Column::Code.eq(code))
            .filter(signin::Column::ExpiresAt.gt(now_ms()))
            .one(txn)
            .await?
            .ok_or_else(|| StorageError::field("code", "err.cadence_code_wrong"))?;
        let person = match self.s.actor.user_id {
            Some(u) => app_user::Entity::find_by_id(u)
                .one(txn)
                .await?
                .and_then(|u| u.person_id),
            None => None,
        }
        .ok_or_else(|| StorageError::field("code", "err.cadence_no_person"))?;
        let a = activity::Entity::find_by_id(open.activity_id)
            .one(txn)
            .await?
            .ok_or(StorageError::NotFound)?;
        let row = att::Entity::find_by_id((a.id, person))
            .one(txn)
            .await?
            .ok_or_else(|| StorageError::field("code", "err.cadence_not_expected"))?;
        let before = json!({"person_id": person, "status": row.status});
        let name = row.person_name.clone();
        if row.status != "present" {
            let mut am: att::ActiveModel = row.into();
            am.status = Set("present".into());
            am.reason = Set(None);
            am.update(txn).await?;
            let rows = att::Entity::find()
                .filter(att::Column::ActivityId.eq(a.id))
                .all(txn)
                .await?;
            let of = |s: &str| rows.iter().filter(|r| r.status == s).count() as i64;
            let mut am: activity::ActiveModel = a.clone().into();
            am.present = Set(of("present"));
            am.on_leave = Set(of("leave"));
            am.absent = Set(of("absent"));
            am.update(txn).await?;
        }
        let path = TreePath::parse(&a.node_path)?;
        work.record(Entry {
            action: "sign_in",
            record_type: "cadence_signin",
            record_id: Some(a.id.to_string()),
            node: Some((a.node_id, &path)),
            before: Some(before),
            after: Some(json!({"person_id": person, "status": "present"})),
        })
        .await?;
        work.commit().await?;
        Ok(SignedIn {
            activity_id: a.id,
            topic: a.topic,
            held_at: a.held_at.format("%Y-%m-%d %H:%M").to_string(),
            person_name: name,
        })
    }
}
