//! The database the test runs on, and the records it adds to the demo.

use super::User;
use reqwest::Method;
use serde_json::json;
use std::path::Path;

/// A new SQLite file in `dir`, or a new PostgreSQL database beside the one
/// `TOUYAN_TEST_DATABASE_URL` names (named as the web suite's, which clears old ones away).
pub async fn fresh_database(dir: &Path) -> String {
    let Some(pg) = std::env::var("TOUYAN_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        return format!("sqlite://{}", dir.join("leak.db").display());
    };
    use sea_orm::{ConnectionTrait, Statement};
    let admin = touyan_storage::Store::connect(&pg)
        .await
        .expect("connect to TOUYAN_TEST_DATABASE_URL");
    let conn = admin.raw_connection();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let name = format!("touyan_t_{now}_{}_leak", std::process::id());
    conn.execute(Statement::from_string(
        conn.get_database_backend(),
        format!("CREATE DATABASE \"{name}\""),
    ))
    .await
    .expect("create the test database");
    let (head, query) = pg.split_once('?').unwrap_or((&pg, ""));
    let base = &head[..head.rfind('/').expect("a database name in the URL")];
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

/// The smallest file the upload check takes as a PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-leak-check";

/// Records of kinds the demo has none of in `user`'s tree, so that their routes are tried too:
/// an API token, a studio photo, an office hour, a project's milestone, an achievement's evidence, a
/// request's file, a park profile.
pub async fn add_what_the_demo_lacks(user: &User) {
    let ok = |what: &str, s: reqwest::StatusCode| {
        assert!(s.is_success(), "{what} for {}: {s}", user.name);
    };
    let name = format!("{} leak check", user.name);
    ok(
        "token",
        user.send_json(Method::POST, "/api/v1/tokens", json!({"name": name}))
            .await,
    );
    ok("calendar feed", user.send(Method::POST, "/feed").await);
    let studio = first_id(user, "/api/v1/studios").await;
    ok(
        "photo",
        user.upload(
            &format!("/api/v1/studios/{studio}/photos"),
            Some(("a.png", PNG)),
        )
        .await,
    );
    let hour = json!({"weekday": 1, "starts": "09:00", "ends": "10:00", "place": "会议室"});
    ok(
        "office hour",
        user.send_json(
            Method::POST,
            &format!("/api/v1/studios/{studio}/office-hours"),
            hour,
        )
        .await,
    );
    let project = json!({"title": "巡检项目", "started_on": "2026-01-05"});
    let (s, v) = user
        .send_json_answer(
            Method::POST,
            &format!("/api/v1/studios/{studio}/projects"),
            project,
        )
        .await;
    ok("project", s);
    let milestone = json!({"title": "阶段一", "due_on": "2026-12-31"});
    let pid = v["project"]["id"].as_i64().expect("the project's id");
    ok(
        "milestone",
        user.send_json(
            Method::POST,
            &format!("/api/v1/studios/{studio}/projects/{pid}/milestones"),
            milestone,
        )
        .await,
    );
    let achievement = first_id(user, "/api/v1/achievements").await;
    let (_, v) = user.get(&format!("/api/v1/achievements?per_page=1")).await;
    let holder = match v {
        super::Body::Json(v) => v["items"][0]["studio_id"].as_i64().expect("a studio"),
        _ => panic!("achievements of {}", user.name),
    };
    ok(
        "evidence",
        user.upload(
            &format!("/api/v1/studios/{holder}/achievements/{achievement}/evidence"),
            Some(("a.png", PNG)),
        )
        .await,
    );
    ledger_ties(user).await;
    park_profile(user).await;
    cadence_records(user).await;
    task_files(user).await;
    campaign(user).await;
    evaluation(user).await;
    rating(user).await;
    commendation(user).await;
    let request = first_id(user, "/api/v1/requests").await;
    ok(
        "request file",
        user.upload(
            &format!("/api/v1/requests/{request}/files"),
            Some(("a.png", PNG)),
        )
        .await,
    );
}

/// An instructor sent to an enterprise, a guidance team with a member, a chain committee with
/// a member enterprise.
async fn ledger_ties(user: &User) {
    let ok = |what: &str, s: reqwest::StatusCode| {
        assert!(s.is_success(), "{what} for {}: {s}", user.name);
    };
    let enterprise = first_id(user, "/api/v1/enterprises").await;
    let person = first_id(user, "/api/v1/people").await;
    let root = first_id(user, "/api/v1/orgs").await;
    let sent = json!({"id": person});
    let url = format!("/api/v1/enterprises/{enterprise}/instructors");
    ok("instructor", user.send_json(Method::POST, &url, sent).await);
    let team = json!({"node_id": root, "name": "leak check team"});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/guidance-teams", team)
        .await;
    ok("guidance team", s);
    let url = format!("/api/v1/guidance-teams/{}/members", v["id"]);
    let member = json!({"person_id": person, "rank": "section"});
    ok(
        "team member",
        user.send_json(Method::POST, &url, member).await,
    );
    let committee = first_id(user, "/api/v1/orgs?kind=party_committee").await;
    let chain = json!({"parent_id": committee, "name": format!("{} chain", user.name),
                       "kind": "chain_party_committee"});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/orgs", chain)
        .await;
    ok("chain committee", s);
    let url = format!("/api/v1/chains/{}/members", v["id"]);
    let join = json!({"id": enterprise});
    ok(
        "chain member",
        user.send_json(Method::POST, &url, join).await,
    );
}

/// A profile on the first park the user's parks overview lists.
async fn park_profile(user: &User) {
    let park = first_id(user, "/api/v1/parks").await;
    let url = format!("/api/v1/parks/{park}/profile");
    let profile = json!({"level": "district", "key": true});
    let s = user.send_json(Method::PUT, &url, profile).await;
    assert!(s.is_success(), "park profile for {}: {s}", user.name);
}

/// An obligation set for a 党委 below the user's top node, and an activity it held with a
/// photo.
async fn cadence_records(user: &User) {
    let committee = first_id(user, "/api/v1/orgs?kind=party_committee").await;
    let rule = json!({"node_id": committee, "kinds": ["party_branch"], "activity_type": "theme_day",
                      "cycle": "month", "min_count": 2});
    let s = user
        .send_json(Method::POST, "/api/v1/obligations", rule)
        .await;
    assert!(s.is_success(), "obligation for {}: {s}", user.name);
    let held = json!({"node_id": committee, "types": ["party_committee_meeting"],
                      "held_at": "2026-11-10 09:00", "topic": "党委会议"});
    let (s, a) = user
        .send_json_answer(Method::POST, "/api/v1/activities", held)
        .await;
    assert!(s.is_success(), "activity for {}: {s}", user.name);
    let id = a["id"].as_i64().expect("activity id");
    let s = user
        .upload(
            &format!("/api/v1/activities/{id}/files"),
            Some(("a.png", PNG)),
        )
        .await;
    assert!(s.is_success(), "activity file for {}: {s}", user.name);
    locked_change(user).await;
}

/// A change request to the latest locked activity of the user's tree, left pending (a tree
/// whose activities are all recent has none).
async fn locked_change(user: &User) {
    let (reqwest::StatusCode::OK, super::Body::Json(v)) =
        user.get("/api/v1/activities?per_page=200").await
    else {
        panic!("activities of {}", user.name);
    };
    let items = v["items"].as_array().cloned().unwrap_or_default();
    let Some(a) = items.iter().find(|a| a["locked"] == true) else {
        return;
    };
    let id = a["id"].as_i64().expect("activity id");
    let body = json!({"proposed": {"node_id": a["node_id"], "types": a["types"],
                                   "held_at": a["held_at"], "topic": "leak check change"},
                      "reason": "leak check"});
    let s = user
        .send_json(
            Method::POST,
            &format!("/api/v1/activities/{id}/changes"),
            body,
        )
        .await;
    assert!(s.is_success(), "change request for {}: {s}", user.name);
}

/// A task issued from the user's top node to a 党委 below, with a file, and a file on that
/// 党委's feedback still to submit (the demo's tasks carry no files, and not every tree has
/// tasks).
async fn task_files(user: &User) {
    let root = first_id(user, "/api/v1/orgs").await;
    let committee = first_id(user, "/api/v1/orgs?kind=party_committee").await;
    let body = json!({"node_id": root, "title": "leak check task", "due_at": "2099-12-31",
                      "recipients": [committee], "fields": [{"label": "n", "kind": "number"}]});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/tasks", body)
        .await;
    assert!(s.is_success(), "task for {}: {s} {v}", user.name);
    let task = v["task"]["id"].as_i64().expect("a task id");
    let s = user
        .upload(&format!("/api/v1/tasks/{task}/files"), Some(("a.png", PNG)))
        .await;
    assert!(s.is_success(), "task file for {}: {s}", user.name);
    let (_, v) = user.get(&format!("/api/v1/tasks/{task}")).await;
    let open = match v {
        super::Body::Json(v) => v["recipients"]
            .as_array()
            .and_then(|rs| {
                rs.iter()
                    .find(|r| r["can_submit"] == true)
                    .and_then(|r| r["id"].as_i64())
            })
            .unwrap_or_else(|| panic!("an open recipient for {}", user.name)),
        _ => panic!("task of {}", user.name),
    };
    let url = format!("/api/v1/tasks/{task}/recipients/{open}/files");
    let s = user.upload(&url, Some(("a.png", PNG))).await;
    assert!(s.is_success(), "feedback file for {}: {s}", user.name);
}

/// A campaign at the user's top node with a target kept by hand and a milestone (the demo's
/// campaign is in one tree only).
async fn campaign(user: &User) {
    let root = first_id(user, "/api/v1/orgs").await;
    let body = json!({"node_id": root, "name": "leak check campaign",
                      "start_on": "2026-01-01", "end_on": "2099-12-31"});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/campaigns", body)
        .await;
    assert!(s.is_success(), "campaign for {}: {s} {v}", user.name);
    let id = v["campaign"]["id"].as_i64().expect("a campaign id");
    let target = json!({"name": "n", "kind": "count", "baseline": 0, "goal": 5,
                        "due_on": "2099-12-31"});
    let url = format!("/api/v1/campaigns/{id}/targets");
    let (s, v) = user.send_json_answer(Method::POST, &url, target).await;
    assert!(s.is_success(), "campaign target for {}: {s} {v}", user.name);
    let tid = v["targets"][0]["id"].as_i64().expect("a target id");
    let value = json!({"on": "2026-01-02", "value": 1});
    let url = format!("/api/v1/campaigns/{id}/targets/{tid}/values");
    let (s, v) = user.send_json_answer(Method::POST, &url, value).await;
    assert!(s.is_success(), "campaign value for {}: {s} {v}", user.name);
    let stone = json!({"name": "m", "due_on": "2099-01-01"});
    let url = format!("/api/v1/campaigns/{id}/milestones");
    let (s, v) = user.send_json_answer(Method::POST, &url, stone).await;
    assert!(
        s.is_success(),
        "campaign milestone for {}: {s} {v}",
        user.name
    );
    let task = first_id(user, "/api/v1/tasks").await;
    let url = format!("/api/v1/campaigns/{id}/tasks");
    let (s, v) = user
        .send_json_answer(Method::POST, &url, json!({"task_id": task}))
        .await;
    assert!(s.is_success(), "campaign task for {}: {s} {v}", user.name);
    let mid = v["milestones"][0]["id"].as_i64().expect("a milestone id");
    let url = format!("/api/v1/campaigns/{id}/milestones/{mid}/files");
    let s = user.upload(&url, Some(("a.png", PNG))).await;
    assert!(s.is_success(), "milestone file for {}: {s}", user.name);
}

/// A rubric and a round at the user's top node assessing that node, open for self-assessment,
/// with a piece of evidence and a file (the demo's round is in one tree only).
async fn evaluation(user: &User) {
    let root = first_id(user, "/api/v1/orgs").await;
    let body = json!({"node_id": root, "name": "leak check rubric", "indicators": [
        {"key": "1", "title": "班子建设", "max": 10}]});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/rubrics", body)
        .await;
    assert!(s.is_success(), "rubric for {}: {s} {v}", user.name);
    let rubric = v["rubric"]["id"].as_i64().expect("a rubric id");
    let body = json!({"node_id": root, "rubric_id": rubric, "title": "leak check round",
                      "period": "2026", "target_ids": [root]});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/rounds", body)
        .await;
    assert!(s.is_success(), "round for {}: {s} {v}", user.name);
    let id = v["round"]["id"].as_i64().expect("a round id");
    let tid = v["targets"][0]["id"].as_i64().expect("a target id");
    let iid = v["indicators"][0]["id"].as_i64().expect("an indicator id");
    let url = format!("/api/v1/rounds/{id}/state");
    let (s, v) = user
        .send_json_answer(Method::POST, &url, json!({"to": "self_assessment"}))
        .await;
    assert!(s.is_success(), "round moved for {}: {s} {v}", user.name);
    let url = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/evidence");
    let link = json!({"kind": "link", "label": "记录", "url": "https://example.org/"});
    let (s, v) = user.send_json_answer(Method::POST, &url, link).await;
    assert!(s.is_success(), "evidence for {}: {s} {v}", user.name);
    let url = format!("/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files");
    let s = user.upload(&url, Some(("a.png", PNG))).await;
    assert!(s.is_success(), "evidence file for {}: {s}", user.name);
    // Under review, the sheet waits in the user's own reviewer queue.
    let url = format!("/api/v1/rounds/{id}/state");
    let (s, v) = user
        .send_json_answer(Method::POST, &url, json!({"to": "review"}))
        .await;
    assert!(s.is_success(), "round in review for {}: {s} {v}", user.name);
}

/// Rating rules at the user's top node, a direct rating of a node under it with an objection
/// answered, a draft allowance batch, and a party-affairs worker with a payee account (the
/// demo's ratings are in one tree only).
async fn rating(user: &User) {
    let root = first_id(user, "/api/v1/orgs").await;
    let child = match user.get(&format!("/api/v1/orgs/{root}/children")).await {
        (reqwest::StatusCode::OK, super::Body::Json(v)) => {
            v[0]["id"].as_i64().expect("a child of the top node")
        }
        (s, _) => panic!("children of {}: {s}", user.name),
    };
    let ok = |what: &str, s: reqwest::StatusCode, v: &serde_json::Value| {
        assert!(s.is_success(), "{what} for {}: {s} {v}", user.name);
    };
    let rules = json!({"threshold_5": "90", "threshold_3": "70", "notice_days": "30"});
    let url = format!("/api/v1/ratings/rules/{root}");
    let (s, v) = user.send_json_answer(Method::POST, &url, rules).await;
    ok("rating rules", s, &v);
    let direct = json!({"node_id": child, "period": "2026Q4", "star": 4, "reason": "leak check"});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/ratings/direct", direct)
        .await;
    ok("rating", s, &v);
    let id = v["rating"]["id"].as_i64().expect("a rating id");
    let url = format!("/api/v1/ratings/{id}/objections");
    let (s, v) = user
        .send_json_answer(Method::POST, &url, json!({"body": "leak check"}))
        .await;
    ok("objection", s, &v);
    let batch = json!({"node_id": root, "period": "2026Q4"});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/allowances", batch)
        .await;
    ok("allowance batch", s, &v);
    let person = first_id(user, "/api/v1/people").await;
    let post = json!({"person_id": person, "post_code": "party_worker_part", "node_id": child,
        "start_on": "2026-01-01"});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/posts", post)
        .await;
    ok("party-affairs post", s, &v);
    let account = json!({"bank_name": "农业银行", "holder": "leak check",
        "account_number": "6228 4800 1234 5678"});
    let url = format!("/api/v1/allowances/payees/{person}");
    let (s, v) = user.send_json_answer(Method::PUT, &url, account).await;
    ok("payee account", s, &v);
}

/// A draft commendation at the user's top node naming a node under it (the demo's
/// commendation is in one tree only).
async fn commendation(user: &User) {
    let root = first_id(user, "/api/v1/orgs").await;
    let child = match user.get(&format!("/api/v1/orgs/{root}/children")).await {
        (reqwest::StatusCode::OK, super::Body::Json(v)) => {
            v[0]["id"].as_i64().expect("a child of the top node")
        }
        (s, _) => panic!("children of {}: {s}", user.name),
    };
    let body = json!({"node_id": root, "title": "leak check", "doc_number": "1",
        "issued_on": "2026-01-01", "level": "district",
        "organizations": [{"node_id": child, "honour": "leak check"}]});
    let (s, v) = user
        .send_json_answer(Method::POST, "/api/v1/commendations", body)
        .await;
    assert!(s.is_success(), "commendation for {}: {s} {v}", user.name);
}

async fn first_id(user: &User, list: &str) -> i64 {
    let sep = if list.contains('?') { '&' } else { '?' };
    match user.get(&format!("{list}{sep}per_page=1")).await {
        (reqwest::StatusCode::OK, super::Body::Json(v)) => v["items"][0]["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{list} of {}: empty", user.name)),
        (s, _) => panic!("{list} of {}: {s}", user.name),
    }
}
