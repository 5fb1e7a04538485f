//! The pieces of the scope-leak test: the signed-in users, the finding of record ids for a
//! route's path, and the judging of answers.

mod judge;
mod resolve;
mod setup;

pub use judge::{Body, Finding};
pub use resolve::{Resolved, Resolver};
pub use setup::{add_what_the_demo_lacks, fresh_database};

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

pub const DEMO_PASSWORD: &str = "touyan-demo";

/// Path parameters that name no record kept in a tree: dictionary and category codes, public
/// tracking codes and studio slugs (public by design), import report tokens (the signed-in
/// user's own), calendar dates, file names, a rubric's version numbers (a version is read and
/// changed with its rubric, whose id the path names too).
pub(crate) const NOT_RECORDS: &[&str] = &[
    "code", "slug", "token", "date", "dict", "file", "*path", "version",
];

/// Pages of one record that anyone may read without signing in, by design: an open service
/// centre's public page, an organization's public page. They are counted as public and not tried as the other admin.
const PUBLIC_RECORDS: &[&str] = &["/p/centres/{id}", "/p/orgs/{id}"];

/// Writes that reading is enough for (declared with their routes): anyone who may read a
/// studio may ask it a question; anyone who may read a rating may object to it.
const READER_WRITES: &[&str] = &[
    "/studios/{id}/questions",
    "/api/v1/studios/{id}/questions",
    "/ratings/{id}/objections",
    "/api/v1/ratings/{id}/objections",
];

/// A demo login with its session cookie and form token.
pub struct User {
    pub name: &'static str,
    http: Client,
    base: String,
    csrf: String,
}

impl User {
    pub async fn login(base: &str, name: &'static str) -> User {
        let http = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let me: Value = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"username": name, "password": DEMO_PASSWORD}))
            .send()
            .await
            .expect("sign in")
            .json()
            .await
            .expect("sign-in answer");
        let csrf = me["csrf_token"].as_str().expect("csrf token").to_string();
        User {
            name,
            http,
            base: base.to_string(),
            csrf,
        }
    }

    pub async fn status(&self, url: &str) -> StatusCode {
        self.send(Method::GET, url).await
    }

    /// The answer to `method` on `url` with an empty body: a JSON `{}` on the API, an empty
    /// form elsewhere.
    pub async fn send(&self, method: Method, url: &str) -> StatusCode {
        let status = self.request(method.clone(), url).await.0;
        // A page form that takes files refuses any other body before it looks at the record;
        // it is tried again the way its form sends.
        let page_upload = method == Method::POST
            && !url.starts_with("/api/")
            && matches!(
                status,
                StatusCode::BAD_REQUEST | StatusCode::UNSUPPORTED_MEDIA_TYPE
            );
        if page_upload {
            return self.upload(url, None).await;
        }
        status
    }

    /// A multipart form to `url`, with `file` (name, bytes) as its `file` part when given.
    pub async fn upload(&self, url: &str, file: Option<(&str, &[u8])>) -> StatusCode {
        const BOUNDARY: &str = "leak-check-boundary-4f1d";
        let mut body =
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n")
                .into_bytes();
        if let Some((name, bytes)) = file {
            body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes());
            body.extend_from_slice(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
        self.http
            .post(format!("{}{url}", self.base))
            .header("x-csrf-token", &self.csrf)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .expect("request")
            .status()
    }

    async fn request(&self, method: Method, url: &str) -> (StatusCode, Body) {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{url}", self.base));
        if method != Method::GET {
            req = req.header("x-csrf-token", &self.csrf);
            req = if url.starts_with("/api/") {
                req.json(&json!({}))
            } else {
                req.header("content-type", "application/x-www-form-urlencoded")
                    .body("")
            };
        }
        let resp = req.send().await.expect("request");
        let status = resp.status();
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = resp.bytes().await.unwrap_or_default();
        (status, Body::read(&kind, &bytes))
    }

    /// `method` on `url` with a JSON body.
    pub async fn send_json(&self, method: Method, url: &str, body: Value) -> StatusCode {
        self.send_json_answer(method, url, body).await.0
    }

    /// `method` on `url` with a JSON body, and the JSON answered.
    pub async fn send_json_answer(
        &self,
        method: Method,
        url: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let r = self
            .http
            .request(method, format!("{}{url}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// A client that has not signed in.
    pub fn anonymous(base: &str) -> User {
        User {
            name: "anonymous",
            http: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: base.to_string(),
            csrf: String::new(),
        }
    }

    pub async fn get(&self, url: &str) -> (StatusCode, Body) {
        self.request(Method::GET, url).await
    }
}

/// The tries made and what they found.
#[derive(Default)]
pub struct Probe {
    pub findings: Vec<Finding>,
    pub tried: BTreeSet<String>,
    pub lists: usize,
    pub requests: usize,
    pub not_records: BTreeSet<(String, String)>,
    pub shared: BTreeSet<(String, String)>,
    /// Lists anyone may read.
    pub public: BTreeSet<String>,
}

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Names under which a list takes a node to show the records below.
const NODE_FILTERS: &[&str] = &["under", "node", "node_id", "parent", "parent_id", "org"];

impl Probe {
    /// `other` tries every method on the owner's record at `url`.
    pub async fn item(&mut self, other: &User, path: &str, url: &str) {
        self.tried.insert(path.to_string());
        if PUBLIC_RECORDS.contains(&path) {
            self.public.insert(path.to_string());
            return;
        }
        for m in METHODS {
            let status = other.send(m.clone(), url).await;
            self.requests += 1;
            if let Some(f) = judge::item(other.name, &m, url, status) {
                self.findings.push(f);
            }
        }
    }

    /// The read-only user tries every write on a record of its own tree.
    pub async fn read_only_writes(&mut self, viewer: &User, path: &str, url: &str) {
        let open = READER_WRITES.contains(&path);
        for m in METHODS.into_iter().skip(1) {
            let status = viewer.send(m.clone(), url).await;
            self.requests += 1;
            let refused = matches!(
                status,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
            );
            let open_ok = open && status == StatusCode::UNPROCESSABLE_ENTITY;
            if !refused && !open_ok {
                self.findings.push(Finding::new(
                    viewer.name,
                    &m,
                    url,
                    status,
                    "a write by a reader",
                ));
            }
        }
    }

    /// `other` reads a list plainly and with the owner's root as every node filter. A list
    /// that anyone may read without signing in (the places a resident may file a request
    /// at) is public by design and only counted.
    pub async fn lists(&mut self, other: &User, anyone: &User, path: &str, ids: &Resolver<'_>) {
        if anyone.status(path).await == StatusCode::OK {
            self.public.insert(path.to_string());
            return;
        }
        self.lists += 1;
        let mut urls = vec![path.to_string()];
        urls.extend(
            NODE_FILTERS
                .iter()
                .map(|f| format!("{path}?{f}={}", ids.root)),
        );
        for url in urls {
            let (status, body) = other.get(&url).await;
            self.requests += 1;
            if let Some(f) = judge::list(other.name, &url, status, &body, ids) {
                self.findings.push(f);
            }
        }
    }

    pub fn not_record(&mut self, path: &str, param: &str) {
        self.not_records
            .insert((path.to_string(), param.to_string()));
    }

    pub fn shared(&mut self, path: &str, param: &str) {
        self.shared.insert((path.to_string(), param.to_string()));
    }
}
