//! Filling a route's path with records one admin sees and the other does not.

use super::{Body, User, NOT_RECORDS};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What a route's path became.
pub enum Resolved {
    Url(String),
    /// A parameter that names no record kept in a tree.
    NotRecord(String),
    /// Every record found for the parameter is seen by both admins (roles, dictionaries).
    Shared(String),
    /// No record found for the parameter.
    Missing(String),
}

/// At most this many of the owner's records are tried for one parameter before the path is
/// given up (a studio with no projects, say, is passed over for the next).
const TRIES: usize = 60;

/// Finds, for each parameter of a path, a record `owner` sees and `other` does not.
pub struct Resolver<'a> {
    owner: &'a User,
    other: &'a User,
    pub root: i64,
    /// The owner's names that the other admin does not have (nodes, studios).
    pub markers: Vec<String>,
    /// The owner's root path, e.g. `/48/`.
    pub root_path: String,
    answers: HashMap<(bool, String), Option<Value>>,
    /// Ids of the owner's records found nested in its answers, by the area they were found
    /// in (`studios`) and the name of their list (`evidence`, `milestones`, the last word of a
    /// list's path).
    nested: HashMap<(String, String), BTreeSet<i64>>,
}

/// Other names a parameter's records are listed under: a file under any list of files, a
/// studio's training sessions (`training` on the pages, `sessions` on the API).
fn aliases(param: &str, literal: &str) -> Vec<String> {
    let mut out = vec![literal.to_string()];
    if literal.contains('-') {
        out.push(literal.replace('-', "_"));
    }
    if param == "fid" {
        out.extend(["photos", "files", "evidence", "materials"].map(String::from));
    }
    if literal == "training" {
        out.push("sessions".into());
    }
    out
}

/// The area an API address belongs to: its first word after `/api/v1/`.
fn area(url: &str) -> String {
    let rest = url.strip_prefix("/api/v1/").unwrap_or(url);
    rest.split(['/', '?']).next().unwrap_or("").to_string()
}

impl<'a> Resolver<'a> {
    pub async fn new(owner: &'a User, other: &'a User) -> Resolver<'a> {
        let mut r = Resolver {
            owner,
            other,
            root: 0,
            root_path: String::new(),
            markers: Vec::new(),
            answers: HashMap::new(),
            nested: HashMap::new(),
        };
        let mut markers = BTreeSet::new();
        for url in ["/api/v1/orgs", "/api/v1/studios"] {
            let names = |v: Option<Value>| -> Vec<Value> {
                v.and_then(|v| v["items"].as_array().cloned())
                    .unwrap_or_default()
            };
            let theirs: HashSet<String> = names(r.answer(false, url).await)
                .iter()
                .filter_map(|i| i["name"].as_str().map(String::from))
                .collect();
            for item in names(r.answer(true, url).await) {
                if url == "/api/v1/orgs" && item["depth"] == 1 {
                    r.root = item["id"].as_i64().unwrap_or(0);
                    r.root_path = item["path"].as_str().unwrap_or("").to_string();
                }
                let name = item["name"].as_str().unwrap_or("");
                if name.chars().count() >= 4 && !theirs.contains(name) {
                    markers.insert(name.to_string());
                }
            }
        }
        assert!(
            r.root > 0 && !markers.is_empty(),
            "{} sees no tree",
            owner.name
        );
        r.markers = markers.into_iter().collect();
        r
    }

    /// The JSON `owner` (or the other admin) gets at `url`, at most 200 items of a list.
    async fn answer(&mut self, owner: bool, url: &str) -> Option<Value> {
        let key = (owner, url.to_string());
        if let Some(hit) = self.answers.get(&key) {
            return hit.clone();
        }
        let user = if owner { self.owner } else { self.other };
        let sep = if url.contains('?') { '&' } else { '?' };
        let v = match user.get(&format!("{url}{sep}per_page=200")).await {
            (StatusCode::OK, Body::Json(v)) => Some(v),
            _ => None,
        };
        self.answers.insert(key, v.clone());
        v
    }

    /// The owner's records listed at `url` that the other admin's answer there lacks, and
    /// whether the owner's list had any at all. An answer under one of the owner's own
    /// records also gives its nested lists.
    async fn owners_only(&mut self, url: &str, nested_ok: bool) -> (Vec<i64>, bool) {
        let Some(mine) = self.answer(true, url).await else {
            return (Vec::new(), false);
        };
        let theirs: HashSet<i64> = self
            .answer(false, url)
            .await
            .as_ref()
            .map(|v| ids_in(v).into_iter().collect())
            .unwrap_or_default();
        let only: Vec<i64> = ids_in(&mine)
            .into_iter()
            .filter(|id| !theirs.contains(id))
            .collect();
        if nested_ok {
            let word = url.rsplit('/').next().unwrap_or("").to_string();
            self.nested
                .entry((area(url), word))
                .or_default()
                .extend(&only);
            collect_nested(&area(url), &mine, &mut self.nested);
        }
        let any = !ids_in(&mine).is_empty();
        (only, any)
    }

    /// The path with each `{param}` replaced by one of the owner's records.
    pub async fn fill(&mut self, path: &str) -> Resolved {
        let segs: Vec<String> = path.split('/').skip(1).map(String::from).collect();
        let api = !path.starts_with("/api/");
        match Box::pin(self.fill_from(&segs, String::new(), "", api, false)).await {
            Ok(url) => Resolved::Url(url),
            Err(e) => e,
        }
    }

    /// `done` is the path filled so far (the page's or the API's own); `page` when a page
    /// path is read on the API under `/api/v1`; `under` once a record of the owner is in it.
    async fn fill_from(
        &mut self,
        segs: &[String],
        done: String,
        last_literal: &str,
        page: bool,
        under: bool,
    ) -> Result<String, Resolved> {
        let Some((seg, rest)) = segs.split_first() else {
            return Ok(done);
        };
        let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            let done = format!("{done}/{seg}");
            return Box::pin(self.fill_from(rest, done, seg, page, under)).await;
        };
        if NOT_RECORDS.contains(&param) {
            return Err(Resolved::NotRecord(param.to_string()));
        }
        let on_api = |p: &str| {
            if page {
                format!("/api/v1{p}")
            } else {
                p.to_string()
            }
        };
        let (ids, shared) = self
            .candidates(&on_api(&done), under, last_literal, param)
            .await;
        let mut deepest = None;
        for id in ids.into_iter().take(TRIES) {
            let next = format!("{done}/{id}");
            // The record's own answer, for the lists nested in it.
            self.owners_only(&on_api(&next), true).await;
            match Box::pin(self.fill_from(rest, next, "", page, true)).await {
                Ok(url) => return Ok(url),
                Err(e) => deepest = Some(e),
            }
        }
        Err(deepest.unwrap_or(if shared {
            Resolved::Shared(param.to_string())
        } else {
            Resolved::Missing(param.to_string())
        }))
    }

    /// The owner's records a parameter may name: the list at the path so far, the nested
    /// lists of that name, the list of that name at the top of the API, the studios for a
    /// studio, the owner's root for a node. Also whether records were found that both see.
    async fn candidates(
        &mut self,
        so_far: &str,
        under: bool,
        literal: &str,
        param: &str,
    ) -> (Vec<i64>, bool) {
        let mut urls = vec![so_far.to_string(), format!("/api/v1/{literal}")];
        if param.contains("studio") || (param == "sid" && literal == "leave") {
            urls.push("/api/v1/studios".into());
        }
        let mut out = Vec::new();
        let mut shared = false;
        for url in urls {
            let nested_ok = under && url == so_far;
            let (only, any) = self.owners_only(&url, nested_ok).await;
            shared |= any && only.is_empty();
            out.extend(only);
        }
        for name in aliases(param, literal) {
            let key = (area(so_far), name);
            out.extend(self.nested.get(&key).into_iter().flatten().copied());
        }
        if param == "node_id" {
            out.push(self.root);
        }
        let mut seen = HashSet::new();
        out.retain(|id| seen.insert(*id));
        (out, shared)
    }
}

/// The `id`s of a list answer (`{"items": [...]}` or a plain array).
fn ids_in(v: &Value) -> Vec<i64> {
    // A page's `items`, a census's `rows`, or a plain array.
    let items = v
        .get("items")
        .or_else(|| v.get("rows"))
        .unwrap_or(v)
        .as_array();
    items
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_i64())
        .collect()
}

/// Every array of records with ids inside `v`, by `area` and the field it sits under.
fn collect_nested(area: &str, v: &Value, into: &mut HashMap<(String, String), BTreeSet<i64>>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if let Value::Array(a) = x {
                    let ids = a.iter().filter_map(|i| i["id"].as_i64());
                    into.entry((area.to_string(), k.clone()))
                        .or_default()
                        .extend(ids);
                }
                collect_nested(area, x, into);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_nested(area, x, into)),
        _ => {}
    }
}
