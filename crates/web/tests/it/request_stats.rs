//! The measures of service requests: requests with known outcomes are carried round the loop
//! through the storage layer (the same checks as the staff API), then the figures are read over
//! HTTP as different users. The server runs on a database the test also opens, so that it can
//! move a due time into the past.

use crate::common::{Session, ADMIN_PASSWORD, PASSWORD};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use touyan_domain::request::intake::RequestInput;
use touyan_domain::request::workflow::ActionInput;
use touyan_storage::{Actor, Store};

static SEQ: AtomicU32 = AtomicU32::new(0);

struct App {
    base: String,
    store: Store,
    _dir: Option<tempfile::TempDir>,
    _files: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// The server on a fresh database (SQLite, or PostgreSQL with TOUYAN_TEST_DATABASE_URL), and
/// a store of our own on the same database.
async fn start() -> App {
    let (url, dir) = match std::env::var("TOUYAN_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(pg) => {
            let admin = Store::connect(&pg).await.expect("connect");
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            // Named like the other tests' databases, so their clean-up finds old ones too.
            let name = format!(
                "touyan_t_{now}_{}_rs{}",
                std::process::id(),
                SEQ.fetch_add(1, Ordering::SeqCst)
            );
            let conn = admin.raw_connection();
            conn.execute(Statement::from_string(
                conn.get_database_backend(),
                format!("CREATE DATABASE \"{name}\""),
            ))
            .await
            .expect("create database");
            let base = pg.rsplit_once('/').map(|(h, _)| h).unwrap_or(&pg);
            (format!("{base}/{name}"), None)
        }
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            (url, Some(dir))
        }
    };
    let files = tempfile::tempdir().expect("temp dir");
    let config = touyan_web::Config {
        database_url: url.clone(),
        listen: "127.0.0.1:0".into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        files_dir: files.path().to_path_buf(),
        ..Default::default()
    };
    let server = touyan_web::build(config).await.expect("server builds");
    let addr = server.local_addr();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run_until(async move {
        let _ = rx.await;
    }));
    let store = Store::connect(&url).await.expect("store");
    App {
        base: format!("http://{addr}"),
        store,
        _dir: dir,
        _files: files,
        stop: Some(tx),
    }
}

impl App {
    async fn login(&self, username: &str, password: &str) -> Session {
        let c = crate::common::client();
        let r = c
            .post(format!("{}/api/v1/session", self.base))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login {username}");
        let me: Value = r.json().await.unwrap();
        Session {
            c,
            base: self.base.clone(),
            csrf: me["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    async fn sql(&self, sql: &str) {
        let conn = self.store.raw_connection();
        conn.execute(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A request taken in by staff at `node`; answers its id.
    async fn intake(&self, node: i64, channel: &str, category: &str) -> i64 {
        let actor = Actor::system();
        let patrol = channel == "patrol";
        let input = RequestInput {
            channel: channel.into(),
            category: category.into(),
            node_id: Some(node),
            description: "小区门口路灯不亮，晚上出行不便".into(),
            contact_name: if patrol { "" } else { "张三" }.into(),
            contact_phone: if patrol { "" } else { "13812345678" }.into(),
            enterprise_name: if channel == "enterprise" {
                "恒信科技有限公司"
            } else {
                ""
            }
            .into(),
            ..Default::default()
        };
        self.store
            .scoped(&actor)
            .requests()
            .create(&input)
            .await
            .unwrap_or_else(|e| panic!("intake: {e:?}"))
            .id
    }

    async fn act(&self, id: i64, a: ActionInput) {
        let actor = Actor::system();
        let what = a.action.clone();
        self.store
            .scoped(&actor)
            .requests()
            .act(id, &a)
            .await
            .unwrap_or_else(|e| panic!("{what} on {id}: {e:?}"));
    }

    async fn dispatch(&self, id: i64, to: i64) {
        self.act(
            id,
            ActionInput {
                action: "dispatch".into(),
                node_id: Some(to),
                ..Default::default()
            },
        )
        .await;
    }

    async fn simple(&self, id: i64, action: &str) {
        self.act(
            id,
            ActionInput {
                action: action.into(),
                ..Default::default()
            },
        )
        .await;
    }

    async fn reply(&self, id: i64) {
        self.act(
            id,
            ActionInput {
                action: "reply".into(),
                result: "已更换灯泡，恢复照明".into(),
                ..Default::default()
            },
        )
        .await;
    }

    async fn close(&self, id: i64, solved: bool) {
        self.act(
            id,
            ActionInput {
                action: "close".into(),
                solved: Some(solved),
                ..Default::default()
            },
        )
        .await;
    }

    async fn rate(&self, id: i64, rating: &str) {
        self.act(
            id,
            ActionInput {
                action: "rate".into(),
                rating: rating.into(),
                ..Default::default()
            },
        )
        .await;
    }

    /// The whole loop: dispatched to `to`, accepted, replied, closed.
    async fn full_loop(&self, id: i64, to: i64, solved: bool) {
        self.dispatch(id, to).await;
        self.simple(id, "accept").await;
        self.reply(id).await;
        self.close(id, solved).await;
    }
}

/// Park A (grid A1) and park B (grid B1) under one district; alice administers A, bob B.
struct Tree {
    district: i64,
    a: i64,
    a1: i64,
    b: i64,
    b1: i64,
}

async fn tree(admin: &Session) -> Tree {
    let district = admin.create_node(None, "测试区", "district").await;
    let a = admin.create_node(Some(district), "甲园区", "park").await;
    let a1 = admin.create_node(Some(a), "甲一网格", "grid").await;
    let b = admin.create_node(Some(district), "乙园区", "park").await;
    let b1 = admin.create_node(Some(b), "乙一网格", "grid").await;
    admin.create_user("alice", Some(a), "org_admin").await;
    admin.create_user("bob", Some(b), "org_admin").await;
    Tree {
        district,
        a,
        a1,
        b,
        b1,
    }
}

fn n(v: &Value, k: &str) -> i64 {
    v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"))
}

fn line<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == key || l["node_id"].to_string() == key)
        .unwrap_or_else(|| panic!("{key} in {list}"))
}

#[tokio::test]
async fn counts_rates_scope_and_drill_down() {
    let app = start().await;
    let admin = app.login("admin", ADMIN_PASSWORD).await;
    let t = tree(&admin).await;

    // R1: the whole loop, on time, solved, 满意.
    let r1 = app.intake(t.a1, "window", "environment").await;
    app.dispatch(r1, t.a).await;
    app.simple(r1, "accept").await;
    app.reply(r1).await;
    app.close(r1, true).await;
    app.rate(r1, "satisfied").await;
    // R2: accepted late, rated 不满意 before closing, closed unsolved.
    let r2 = app.intake(t.a1, "doorstep", "environment").await;
    app.dispatch(r2, t.a).await;
    app.sql(&format!(
        "UPDATE service_request SET step_due_at = step_due_at - 864000000 WHERE id = {r2}"
    ))
    .await;
    app.simple(r2, "accept").await;
    app.reply(r2).await;
    app.rate(r2, "dissatisfied").await;
    app.close(r2, false).await;
    // R3: an enterprise order at the park itself, handled by the grid, 基本满意, solved.
    let r3 = app.intake(t.a, "enterprise", "municipal").await;
    app.dispatch(r3, t.a1).await;
    app.simple(r3, "accept").await;
    app.reply(r3).await;
    app.rate(r3, "basically_satisfied").await;
    app.close(r3, true).await;
    // R4: found on patrol, dispatched, never accepted: overdue for a month, red card.
    let r4 = app.intake(t.a1, "patrol", "municipal").await;
    app.dispatch(r4, t.a).await;
    let now = touyan_storage::now_ms();
    app.sql(&format!(
        "UPDATE service_request SET step_started_at = {}, step_due_at = {} WHERE id = {r4}",
        now - 31 * 86_400_000i64,
        now - 30 * 86_400_000i64
    ))
    .await;
    // (The server's supervision job may have raised them first.)
    app.store.raise_cards().await.unwrap();
    // R5: received at the park, withdrawn.
    let r5 = app.intake(t.a, "window", "environment").await;
    app.simple(r5, "withdraw").await;
    // R6: in B, closed solved: never A's.
    let r6 = app.intake(t.b1, "window", "environment").await;
    app.full_loop(r6, t.b, true).await;
    // R7: located in B, handled by park A, accepted in time, still open.
    let r7 = app.intake(t.b1, "window", "safety").await;
    app.dispatch(r7, t.a).await;
    app.simple(r7, "accept").await;

    let alice = app.login("alice", PASSWORD).await;
    let (s, a) = alice.get_json("/api/v1/requests/stats").await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["node_id"], t.a);
    let tot = &a["totals"];
    assert_eq!(
        [
            n(tot, "collected"),
            n(tot, "received"),
            n(tot, "dispatched"),
            n(tot, "accepted"),
            n(tot, "accepted_in_time"),
            n(tot, "replied"),
            n(tot, "closed"),
            n(tot, "solved"),
            n(tot, "open"),
            n(tot, "withdrawn"),
        ],
        [6, 6, 5, 4, 3, 3, 3, 2, 2, 1],
        "{tot}"
    );
    assert_eq!(
        [
            n(tot, "steps_done"),
            n(tot, "steps_on_time"),
            n(tot, "satisfied"),
            n(tot, "basically_satisfied"),
            n(tot, "dissatisfied"),
            n(tot, "rated"),
            n(tot, "yellow_cards"),
            n(tot, "red_cards"),
            n(tot, "overdue"),
        ],
        [7, 6, 1, 1, 1, 3, 1, 1, 1],
        "{tot}"
    );
    assert_eq!(tot["response_rate"], 60.0);
    assert_eq!(tot["solution_rate"], 66.7);
    assert_eq!(tot["satisfaction_rate"], 66.7);
    assert_eq!(tot["on_time_rate"], 85.7);

    // Drill-down: A1 holds R1, R2, R4; R3 and R5 were taken at the park; R7 came from B.
    let a1 = line(&a["children"], &t.a1.to_string());
    assert_eq!(n(&a1["figures"], "collected"), 3);
    assert_eq!(n(&a1["figures"], "overdue"), 1);
    assert_eq!(a1["figures"]["solution_rate"], 50.0);
    assert_eq!(n(&a["here"], "collected"), 2);
    assert_eq!(n(&a["from_outside"], "collected"), 1);
    assert_eq!(n(&a["from_outside"], "open"), 1);
    // Breakdowns.
    assert_eq!(
        n(
            &line(&a["by_category"], "environment")["figures"],
            "collected"
        ),
        3
    );
    assert_eq!(
        n(
            &line(&a["by_category"], "municipal")["figures"],
            "collected"
        ),
        2
    );
    assert_eq!(
        n(&line(&a["by_category"], "safety")["figures"], "collected"),
        1
    );
    assert_eq!(line(&a["by_category"], "environment")["name"], "环境卫生");
    assert_eq!(
        n(&line(&a["by_channel"], "window")["figures"], "collected"),
        3
    );
    assert_eq!(
        n(&line(&a["by_channel"], "patrol")["figures"], "red_cards"),
        1
    );
    let by_a = line(&a["by_handling_node"], &t.a.to_string());
    assert_eq!(n(&by_a["figures"], "collected"), 4);
    assert_eq!(n(&by_a["figures"], "overdue"), 1);
    assert_eq!(
        n(
            &line(&a["by_handling_node"], &t.a1.to_string())["figures"],
            "collected"
        ),
        1
    );

    // Bob sees B only: R6 and R7 lie there; A is not his.
    let bob = app.login("bob", PASSWORD).await;
    let (_, b) = bob.get_json("/api/v1/requests/stats").await;
    assert_eq!(b["node_id"], t.b);
    assert_eq!(n(&b["totals"], "collected"), 2);
    assert_eq!(n(&b["totals"], "solved"), 1);
    let (s, _) = bob
        .get_json(&format!("/api/v1/requests/stats?under={}", t.a))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = bob
        .get_json(&format!("/api/v1/requests/stats?under={}", t.district))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = bob
        .get_json(&format!("/api/v1/visits/stats?under={}", t.a1))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The district: its children add up to its totals.
    let (_, d) = admin
        .get_json(&format!("/api/v1/requests/stats?under={}", t.district))
        .await;
    assert_eq!(n(&d["totals"], "collected"), 7);
    let kids: i64 = d["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| n(&c["figures"], "collected"))
        .sum();
    assert_eq!(
        kids + n(&d["here"], "collected") + n(&d["from_outside"], "collected"),
        7
    );
    assert_eq!(
        n(
            &line(&d["children"], &t.a.to_string())["figures"],
            "collected"
        ),
        5
    );
    assert_eq!(
        n(
            &line(&d["children"], &t.b.to_string())["figures"],
            "collected"
        ),
        2
    );
    let solved: i64 = d["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| n(&c["figures"], "solved"))
        .sum();
    assert_eq!(solved, n(&d["totals"], "solved"));

    // The period counts by the day of creation, both ends included.
    let today = touyan_storage::kit::today();
    let (_, p) = alice
        .get_json(&format!("/api/v1/requests/stats?from={today}&to={today}"))
        .await;
    assert_eq!(n(&p["totals"], "collected"), 6);
    let yesterday = today - chrono::Duration::days(1);
    let (_, p) = alice
        .get_json(&format!("/api/v1/requests/stats?to={yesterday}"))
        .await;
    assert_eq!(n(&p["totals"], "collected"), 0);
    assert_eq!(p["totals"]["solution_rate"], Value::Null);
    let (s, e) = alice
        .get_json("/api/v1/requests/stats?from=2026-05-01&to=2026-04-01")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["fields"]["to"], "结束日期不能早于开始日期");
    let (s, e) = alice.get_json("/api/v1/requests/stats?from=soon").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["fields"]["from"].is_string(), "{e}");

    // The counters agree with counting every request again.
    let before = d.clone();
    app.store.rebuild_request_stats().await.unwrap();
    let (_, again) = admin
        .get_json(&format!("/api/v1/requests/stats?under={}", t.district))
        .await;
    assert_eq!(again["totals"], before["totals"]);
    assert_eq!(again["by_handling_node"], before["by_handling_node"]);

    // The export opens, with a sheet per breakdown.
    let (s, bytes) = alice
        .get_bytes(&format!("/api/v1/requests/stats/export.xlsx?under={}", t.a))
        .await;
    assert_eq!(s, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    let mut shared = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut shared,
    )
    .unwrap();
    assert!(
        shared.contains("响应率") && shared.contains("甲一网格"),
        "{shared}"
    );

    // The page: figures, bars and a link one level down.
    let r = alice.get(&format!("/requests/stats?under={}", t.a)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("data-testid=\"rs-collected\">6<"),
        "collected"
    );
    assert!(
        html.contains(&format!("under={}", t.a1)) && html.contains(">甲一网格</a>"),
        "drill-down link"
    );
    assert!(html.contains("60.0%") && html.contains("85.7%"));
    let r = alice.get("/requests/stats?from=2026-13-01").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = bob.get(&format!("/requests/stats?under={}", t.a)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// "上门走访收集各类问题诉求61个，已解决问题57个" [004]: 61 requests raised on visits by two
/// instructors, all closed, 57 solved; and the visit figures per visitor and per park.
#[tokio::test]
async fn enterprise_visits_61_collected_57_solved() {
    let app = start().await;
    let admin = app.login("admin", ADMIN_PASSWORD).await;
    let t = tree(&admin).await;
    let e1 = admin
        .create_node(Some(t.a1), "恒信科技有限公司", "enterprise")
        .await;
    let e2 = admin
        .create_node(Some(t.a1), "宏达材料有限公司", "enterprise")
        .await;
    let path = |ids: &[i64]| {
        let mut p = String::from("/");
        for i in ids {
            p.push_str(&format!("{i}/"));
        }
        p
    };
    let today = touyan_storage::kit::today();
    let now = touyan_storage::now_ms();
    // Three visits in park A (two to e1) and one in park B.
    let visits = [
        (1, e1, path(&[t.district, t.a, t.a1, e1]), "张指导员", 30),
        (2, e1, path(&[t.district, t.a, t.a1, e1]), "张指导员", 11),
        (3, e2, path(&[t.district, t.a, t.a1, e2]), "李指导员", 20),
        (4, t.b1, path(&[t.district, t.b, t.b1]), "李指导员", 2),
    ];
    for (id, node, p, who, problems) in &visits {
        app.sql(&format!(
            "INSERT INTO visit (id, node_id, node_path, kind, visited_on, visitor_name, problems, created_at) \
             VALUES ({id}, {node}, '{p}', 'enterprise', '{today}', '{who}', {problems}, {now})"
        ))
        .await;
    }
    // 61 requests: 30 + 11 + 20 on the park's visits, all closed, 57 solved.
    let mut k = 0;
    for (visit, node, count) in [(1, e1, 30), (2, e1, 11), (3, e2, 20)] {
        for _ in 0..count {
            let id = app.intake(node, "visit", "enterprise").await;
            app.sql(&format!(
                "UPDATE service_request SET visit_id = {visit} WHERE id = {id}"
            ))
            .await;
            app.full_loop(id, t.a, k >= 4).await;
            k += 1;
        }
    }
    let (s, v) = admin
        .get_json(&format!("/api/v1/requests/stats?under={}", t.a))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let tot = &v["totals"];
    assert_eq!(
        (n(tot, "collected"), n(tot, "closed"), n(tot, "solved")),
        (61, 61, 57)
    );
    assert_eq!(tot["solution_rate"], 93.4);
    assert_eq!(
        n(&line(&v["by_channel"], "visit")["figures"], "collected"),
        61
    );

    let (s, vs) = admin
        .get_json(&format!("/api/v1/visits/stats?under={}", t.district))
        .await;
    assert_eq!(s, StatusCode::OK, "{vs}");
    let tot = &vs["totals"];
    assert_eq!(
        (
            n(tot, "visits"),
            n(tot, "visited"),
            n(tot, "problems"),
            n(tot, "requests"),
            n(tot, "solved")
        ),
        (4, 3, 63, 61, 57)
    );
    let zhang = line(&vs["by_visitor"], "name:张指导员");
    assert_eq!(
        (
            n(&zhang["figures"], "visits"),
            n(&zhang["figures"], "visited"),
            n(&zhang["figures"], "requests"),
            n(&zhang["figures"], "solved")
        ),
        (2, 1, 41, 37)
    );
    let park_a = line(&vs["by_park"], &t.a.to_string());
    assert_eq!(park_a["name"], "甲园区");
    assert_eq!(n(&park_a["figures"], "visits"), 3);
    assert_eq!(n(&park_a["figures"], "requests"), 61);
    let park_b = line(&vs["by_park"], &t.b.to_string());
    assert_eq!(n(&park_b["figures"], "problems"), 2);
    // Alice's visits: park A only.
    let alice = app.login("alice", PASSWORD).await;
    let (_, va) = alice.get_json("/api/v1/visits/stats").await;
    assert_eq!(n(&va["totals"], "visits"), 3);
    // A period before the visits has none.
    let (_, none) = alice
        .get_json(&format!(
            "/api/v1/visits/stats?to={}",
            today - chrono::Duration::days(1)
        ))
        .await;
    assert_eq!(n(&none["totals"], "visits"), 0);
}

/// A subtree moved with its requests: they count for the nodes above their new place at once,
/// as counting every request again says.
#[tokio::test]
async fn a_moved_subtree_takes_its_requests_counts_along() {
    let app = start().await;
    let admin = app.login("admin", ADMIN_PASSWORD).await;
    let t = tree(&admin).await;
    let r1 = app.intake(t.a1, "window", "environment").await;
    app.dispatch(r1, t.a).await;
    app.intake(t.a1, "doorstep", "municipal").await;
    app.intake(t.b1, "window", "municipal").await;
    let collected = |d: &Value| n(&d["totals"], "collected");
    let (_, d) = admin
        .get_json(&format!("/api/v1/requests/stats?under={}", t.b))
        .await;
    assert_eq!(collected(&d), 1);

    let (s, v) = admin
        .post(
            &format!("/api/v1/orgs/{}/move", t.a1),
            json!({"parent_id": t.b}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut seen = Vec::new();
    for node in [t.district, t.a, t.b] {
        let (_, d) = admin
            .get_json(&format!("/api/v1/requests/stats?under={node}"))
            .await;
        seen.push(d);
    }
    assert_eq!(collected(&seen[2]), 3, "乙园区 now holds 甲一网格's two");
    assert_eq!(collected(&seen[0]), 3);

    app.store.rebuild_request_stats().await.unwrap();
    for (node, before) in [t.district, t.a, t.b].into_iter().zip(&seen) {
        let (_, again) = admin
            .get_json(&format!("/api/v1/requests/stats?under={node}"))
            .await;
        assert_eq!(again["totals"], before["totals"], "node {node}");
        assert_eq!(
            again["by_handling_node"], before["by_handling_node"],
            "node {node}"
        );
    }
}
