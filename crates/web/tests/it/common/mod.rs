//! Starts the real server on port 0 against a fresh database: a SQLite file in a temporary
//! directory, or, when TOUYAN_TEST_DATABASE_URL is set, a new PostgreSQL database made for
//! this test on that server. Every test tells one story against whichever backend is chosen.
#![allow(dead_code)]

use chrono::{Duration, NaiveDate, Utc};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::OnceCell;

mod ledger;
pub use ledger::credit_code;

pub const ADMIN_PASSWORD: &str = "admin-pass-123";
pub const PASSWORD: &str = "test-pass-123";
pub const CSRF_HEADER: &str = "x-csrf-token";

pub struct TestApp {
    pub base: String,
    pub backend: String,
    /// The database the server runs on, for tests that open a second store over it.
    pub database_url: String,
    store: touyan_storage::Store,
    _dir: Option<tempfile::TempDir>,
    _files: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

static CLEANED: OnceCell<()> = OnceCell::const_new();
static SEQ: AtomicU32 = AtomicU32::new(0);

/// Replaces the database name of a PostgreSQL URL.
fn with_db(url: &str, db: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let base = match head.rfind('/') {
        Some(i) if i > head.find("://").map(|p| p + 2).unwrap_or(0) => &head[..i],
        _ => head,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

pub async fn postgres_database(url: &str) -> String {
    let admin = touyan_storage::Store::connect(url)
        .await
        .expect("connect to TOUYAN_TEST_DATABASE_URL");
    let conn = admin.raw_connection();
    use sea_orm_shim::*;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    CLEANED
        .get_or_init(|| async {
            // Databases left by earlier runs: their names start with their creation time.
            // Only those older than two hours go, so runs side by side leave each other alone.
            let rows = query_strings(
                conn,
                "SELECT datname FROM pg_database WHERE datname LIKE 'touyan_t_%'",
            )
            .await;
            for name in rows {
                let born = name
                    .trim_start_matches("touyan_t_")
                    .split('_')
                    .next()
                    .and_then(|t| t.parse::<u64>().ok());
                if born.is_some_and(|b| b + 7200 < now) {
                    exec(
                        conn,
                        &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                    )
                    .await;
                }
            }
        })
        .await;
    let name = format!(
        "touyan_t_{now}_{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::SeqCst)
    );
    exec(conn, &format!("CREATE DATABASE \"{name}\"")).await;
    with_db(url, &name)
}

/// The few raw statements the harness needs.
mod sea_orm_shim {
    use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
    pub async fn exec(conn: &DatabaseConnection, sql: &str) {
        conn.execute(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    pub async fn query_strings(conn: &DatabaseConnection, sql: &str) -> Vec<String> {
        let rows = conn
            .query_all(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter()
            .filter_map(|r| r.try_get_by_index::<String>(0).ok())
            .collect()
    }
}

pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

/// The server with some of its configuration changed.
pub async fn spawn_with(change: impl FnOnce(&mut touyan_web::Config)) -> TestApp {
    // Server errors are logged; TOUYAN_LOG=debug shows more.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TOUYAN_LOG")
                .unwrap_or_else(|_| "error".into()),
        )
        .with_test_writer()
        .try_init();
    let (url, dir, backend) = match std::env::var("TOUYAN_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(pg) => (postgres_database(&pg).await, None, "postgres"),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            (url, Some(dir), "sqlite")
        }
    };
    let files = tempfile::tempdir().expect("temp dir");
    let mut config = touyan_web::Config {
        database_url: url.clone(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        files_dir: files.path().to_path_buf(),
        ..Default::default()
    };
    change(&mut config);
    let server = touyan_web::build(config).await.expect("server builds");
    let addr = server.local_addr();
    let store = server.store().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run_until(async move {
        let _ = rx.await;
    }));
    TestApp {
        base: format!("http://{addr}"),
        backend: backend.into(),
        database_url: url,
        store,
        _dir: dir,
        _files: files,
        stop: Some(tx),
    }
}

/// A browser-like client with its own cookie jar.
pub struct Session {
    pub c: Client,
    pub base: String,
    pub csrf: String,
}

/// The double-submit CSRF token a page sets for a visitor who is not signed in.
pub fn anon_csrf(r: &Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|h| h.strip_prefix("touyan_csrf="))
        .and_then(|v| v.split(';').next())
        .expect("a CSRF cookie")
        .to_string()
}

/// The error an API answer gives for field `name`, blank when none.
pub fn field_error(v: &Value, name: &str) -> String {
    v["error"]["fields"][name]
        .as_str()
        .unwrap_or("")
        .to_string()
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    /// The server's own store, for what has no HTTP route (background jobs at a given time).
    pub fn store(&self) -> &touyan_storage::Store {
        &self.store
    }

    pub fn url(&self, p: &str) -> String {
        format!("{}{p}", self.base)
    }

    pub async fn login(&self, username: &str, password: &str) -> Session {
        let c = client();
        let r = c
            .post(self.url("/api/v1/session"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "login {username}: {}",
            r.text().await.unwrap_or_default()
        );
        let me: Value = r.json().await.unwrap();
        Session {
            c,
            base: self.base.clone(),
            csrf: me["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    pub async fn admin(&self) -> Session {
        self.login("admin", ADMIN_PASSWORD).await
    }
}

impl Session {
    pub fn url(&self, p: &str) -> String {
        format!("{}{p}", self.base)
    }
    pub async fn get(&self, p: &str) -> Response {
        self.c.get(self.url(p)).send().await.unwrap()
    }
    pub async fn get_json(&self, p: &str) -> (StatusCode, Value) {
        let r = self.get(p).await;
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    pub async fn send(&self, method: reqwest::Method, p: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .c
            .request(method, self.url(p))
            .json(&body)
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }
    pub async fn post(&self, p: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, p, body).await
    }
    pub async fn patch(&self, p: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PATCH, p, body).await
    }
    pub async fn delete(&self, p: &str) -> StatusCode {
        self.c
            .delete(self.url(p))
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap()
            .status()
    }
    /// Submits a page form with the session's CSRF token.
    pub async fn form(&self, p: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("_csrf", &self.csrf));
        self.c.post(self.url(p)).form(&all).send().await.unwrap()
    }

    pub async fn create_node(&self, parent: Option<i64>, name: &str, kind: &str) -> i64 {
        let (s, v) = self
            .post(
                "/api/v1/orgs",
                json!({"parent_id": parent, "name": name, "kind": kind}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "create {name}: {v}");
        v["id"].as_i64().unwrap()
    }

    /// A user `name` at the first node of `grants`, holding at each given node a role of its
    /// own with the given permissions (the session must be an administrator's).
    pub async fn user_with(&self, name: &str, grants: &[(i64, &[&str])]) {
        let (s, v) = self
            .post(
                "/api/v1/users",
                json!({"username": name, "display_name": name, "password": PASSWORD,
                       "node_id": grants[0].0}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let uid = v["id"].as_i64().unwrap();
        for (i, (node, perms)) in grants.iter().enumerate() {
            let (s, r) = self
                .post(
                    "/api/v1/roles",
                    json!({"name": format!("{name}角色{i}"), "permissions": perms}),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{r}");
            let (s, a) = self
                .post(
                    "/api/v1/assignments",
                    json!({"user_id": uid, "role_id": r["id"], "node_id": node}),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{a}");
        }
    }

    pub async fn create_user(&self, username: &str, node: Option<i64>, role_code: &str) -> i64 {
        let (s, v) = self.post("/api/v1/users", json!({"username": username, "display_name": username, "password": PASSWORD, "node_id": node})).await;
        assert_eq!(s, StatusCode::CREATED, "create user {username}: {v}");
        let uid = v["id"].as_i64().unwrap();
        let role = self.role_id(role_code).await;
        let (s, v) = self
            .post(
                "/api/v1/assignments",
                json!({"user_id": uid, "role_id": role, "node_id": node}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "assign {username}: {v}");
        uid
    }

    pub async fn role_id(&self, code: &str) -> i64 {
        let (_, v) = self.get_json("/api/v1/roles?per_page=200").await;
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("role {code}"))["id"]
            .as_i64()
            .unwrap()
    }
}

/// Two sibling subtrees under one district: park A (with grid A1) and park B (with grid B1);
/// `alice` administers A, `bob` administers B, `reader` reads A.
pub struct Siblings {
    pub district: i64,
    pub a: i64,
    pub a1: i64,
    pub b: i64,
    pub b1: i64,
    pub alice: i64,
    pub bob: i64,
    pub reader: i64,
}

pub async fn siblings(app: &TestApp) -> Siblings {
    let admin = app.admin().await;
    let district = admin.create_node(None, "测试区", "district").await;
    let a = admin.create_node(Some(district), "甲园区", "park").await;
    let a1 = admin.create_node(Some(a), "甲一网格", "grid").await;
    let b = admin.create_node(Some(district), "乙园区", "park").await;
    let b1 = admin.create_node(Some(b), "乙一网格", "grid").await;
    let alice = admin.create_user("alice", Some(a), "org_admin").await;
    let bob = admin.create_user("bob", Some(b), "org_admin").await;
    let reader = admin.create_user("reader", Some(a), "readonly").await;
    Siblings {
        district,
        a,
        a1,
        b,
        b1,
        alice,
        bob,
        reader,
    }
}

/// Spreadsheet uploads and downloads.
impl Session {
    /// Posts `bytes` as the `file` part of a multipart form, with the session's CSRF header
    /// (a cookie-authenticated API call that is not JSON needs it). The body is built by hand
    /// so the tests need no extra reqwest feature.
    pub async fn upload(&self, p: &str, filename: &str, bytes: &[u8]) -> (StatusCode, Value) {
        let boundary = "touyan-test-boundary-5b1f0c7e9a";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let r = self
            .c
            .post(self.url(p))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(CSRF_HEADER, &self.csrf)
            .body(body)
            .send()
            .await
            .unwrap();
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    /// A download's status and bytes.
    pub async fn get_bytes(&self, p: &str) -> (StatusCode, Vec<u8>) {
        let r = self.get(p).await;
        let s = r.status();
        (s, r.bytes().await.unwrap().to_vec())
    }
}

// ---------------------------------------------------------------------------------------
// People and studios for the tests that need some.

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// A valid 居民身份证 number: region, birth date, a three-digit sequence (odd for men) and
/// the GB 11643 check character.
pub fn id_number(region: &str, birth: NaiveDate, seq: u32) -> String {
    let first = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
    assert_eq!(first.len(), 17, "{first}");
    let sum: u32 = first
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first}{}", CHECK[(sum % 11) as usize] as char)
}

pub fn gender_of(seq: u32) -> &'static str {
    if seq % 2 == 1 {
        "male"
    } else {
        "female"
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Today in Beijing, the day the server checks dates against.
pub fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

/// A valid new person (a member of the masses) at `node`.
pub fn person(node: i64, name: &str, birth: NaiveDate, seq: u32) -> Value {
    json!({
        "node_id": node,
        "name": name,
        "gender": gender_of(seq),
        "birth_date": birth.to_string(),
        "id_number": id_number("370702", birth, seq),
    })
}

impl Session {
    /// Creates a person (a member of the masses) at `node`; answers the id.
    pub async fn new_person(&self, node: i64, name: &str, seq: u32) -> i64 {
        let body = person(node, name, date(1985, 3, 1), seq);
        let (st, v) = self.post("/api/v1/people", body.clone()).await;
        assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
        v["id"].as_i64().unwrap()
    }

    /// Registers a studio (书记工作室, district level) at `node`; answers the id.
    pub async fn new_studio(&self, node: i64, name: &str, leader: Option<i64>) -> i64 {
        let body = json!({"name": name, "kind": "secretary", "level": "district",
                          "node_id": node, "leader_id": leader});
        let (st, v) = self.post("/api/v1/studios", body.clone()).await;
        assert_eq!(st, StatusCode::CREATED, "{body}: {v}");
        v["id"].as_i64().unwrap()
    }

    /// Moves a studio along its lifecycle, asserting success.
    pub async fn move_studio(&self, id: i64, to: &str) {
        let body = json!({"to": to, "on": today().to_string(), "reason": "测试", "document_no": "测〔2026〕1号"});
        let (st, v) = self
            .post(&format!("/api/v1/studios/{id}/transitions"), body)
            .await;
        assert_eq!(st, StatusCode::CREATED, "move {id} to {to}: {v}");
    }
}
