//! Helpers shared by stories over the enterprise ledger, evaluation rounds, compliance and
//! the figures read below the HTTP layer: credit codes, enterprises with a profile, a round
//! moved along its states, a compliance line, and a node's path and raw statements on the
//! server's own database.

use super::{Session, TestApp};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use touyan_domain::tree::TreePath;

/// A valid unified social credit code: the 17 characters `first` and their check character.
pub fn credit_code(first: &str) -> String {
    touyan_domain::enterprise::CreditCode::complete(first)
        .unwrap_or_else(|e| panic!("{first}: {e:?}"))
        .as_str()
        .to_string()
}

impl Session {
    /// An enterprise node under `parent` with the profile `profile` (at least its credit code);
    /// answers the id.
    pub async fn new_enterprise(&self, parent: i64, name: &str, profile: Value) -> i64 {
        let id = self.create_node(Some(parent), name, "enterprise").await;
        let (st, v) = self
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/enterprises/{id}"),
                profile,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{name}: {v}");
        id
    }
}

impl TestApp {
    /// The path of node `node`, read from the database.
    pub async fn path_of(&self, node: i64) -> TreePath {
        let db = self.store().raw_connection();
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT path FROM org_node WHERE id = {node}"),
            ))
            .await
            .unwrap()
            .unwrap();
        TreePath::parse(&row.try_get_by_index::<String>(0).unwrap()).unwrap()
    }

    /// Runs one statement on the server's database, for records no route writes directly.
    pub async fn exec(&self, sql: &str) {
        let db = self.store().raw_connection();
        db.execute(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

impl Session {
    /// Moves evaluation round `id` through the states `to`, asserting each step.
    pub async fn move_round(&self, id: i64, to: &[&str]) {
        let url = format!("/api/v1/rounds/{id}/state");
        for state in to {
            let (st, v) = self.post(&url, serde_json::json!({"to": state})).await;
            assert_eq!(st, StatusCode::OK, "{state}: {v}");
        }
    }

    /// The compliance view's line of activity type `ty` under `node`, on day `on` or today.
    pub async fn compliance_line(&self, node: i64, on: Option<&str>, ty: &str) -> Option<Value> {
        let day = on.map(|d| format!("&on={d}")).unwrap_or_default();
        let (st, c) = self
            .get_json(&format!("/api/v1/compliance?under={node}{day}"))
            .await;
        assert_eq!(st, StatusCode::OK, "{c}");
        c["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["activity_type"] == ty)
            .cloned()
    }
}
