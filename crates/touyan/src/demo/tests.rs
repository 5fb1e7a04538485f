//! The demo's figures come out of the API: the demo is loaded into a fresh database (SQLite,
//! or a new PostgreSQL database when TOUYAN_TEST_DATABASE_URL is set), the real server runs on
//! port 0, the demo accounts sign in over HTTP and every figure the seeds give is read from
//! API answers (README, "演示数据与材料中的数字 / Demo figures").

use crate::demo;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A fresh database: a SQLite file in `dir`, or a new database on the PostgreSQL server.
async fn database(dir: &std::path::Path) -> String {
    let Some(pg) = std::env::var("TOUYAN_TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.is_empty())
    else {
        return format!("sqlite://{}", dir.join("demo.db").display());
    };
    use sea_orm::{ConnectionTrait, Statement};
    let admin = touyan_storage::Store::connect(&pg)
        .await
        .expect("connect to TOUYAN_TEST_DATABASE_URL");
    let conn = admin.raw_connection();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    // Named like the web tests' databases, whose harness drops them once they are old.
    let name = format!("touyan_t_{now}_{}_demo", std::process::id());
    let sql = format!("CREATE DATABASE \"{name}\"");
    conn.execute(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .expect("create the test database");
    let (head, query) = match pg.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (pg.as_str(), String::new()),
    };
    let base = &head[..head.rfind('/').expect("a database URL with a path")];
    format!("{base}/{name}{query}")
}

pub(super) struct Api {
    c: Client,
    base: String,
}

impl Api {
    pub(super) async fn login(base: &str, username: &str) -> Api {
        let c = Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let r = c
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"username": username, "password": demo::DEMO_PASSWORD}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(r.status(), StatusCode::OK, "sign in as {username}");
        Api {
            c,
            base: base.to_string(),
        }
    }

    pub(super) async fn get(&self, path: &str, query: &[(&str, &str)]) -> Value {
        let r = self
            .c
            .get(format!("{}{path}", self.base))
            .query(query)
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), StatusCode::OK, "{path} {query:?}");
        r.json().await.expect("JSON answer")
    }

    /// A list's `total`.
    pub(super) async fn total(&self, path: &str, query: &[(&str, &str)]) -> u64 {
        self.get(path, query).await["total"]
            .as_u64()
            .expect("a total")
    }

    /// The id of the node named `name`, as the organization list finds it.
    pub(super) async fn node(&self, name: &str) -> String {
        let v = self
            .get("/api/v1/orgs", &[("q", name), ("per_page", "100")])
            .await;
        let items = v["items"].as_array().expect("items");
        let found: Vec<&Value> = items.iter().filter(|n| n["name"] == name).collect();
        assert_eq!(found.len(), 1, "one node named {name}");
        found[0]["id"].as_i64().expect("id").to_string()
    }
}

pub(super) fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("a count, not {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_reproduces_the_seeds_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = tempfile::tempdir().expect("temp dir");
    let config = touyan_web::Config {
        database_url: database(dir.path()).await,
        listen: "127.0.0.1:0".into(),
        admin_password: Some(demo::DEMO_PASSWORD.into()),
        files_dir: files.path().to_path_buf(),
        ..Default::default()
    };
    let server = touyan_web::build(config).await.expect("server builds");
    assert!(!demo::is_loaded(server.store()).await.expect("look"));
    demo::load(server.store()).await.expect("demo loads");
    let store = server.store().clone();
    let base = format!("http://{}", server.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run_until(async move {
        let _ = stopped.await;
    }));

    binhai(&Api::login(&base, "binhai").await).await;
    chaoyang(&Api::login(&base, "chaoyang").await).await;
    super::tests_parks::zone_by_storage(&store).await;
    super::tests_parks::binhai_by_storage(&store).await;
    yutai(&Api::login(&base, "yutai").await).await;
    nancun(&Api::login(&base, "nancun").await).await;
    centres(&store).await;
    cadence_binhai(&Api::login(&base, "binhai").await).await;
    cadence_yutai(&Api::login(&base, "yutai").await).await;
    notices_yutai(&Api::login(&base, "yutai").await).await;
    tasks_yutai(&Api::login(&base, "yutai").await).await;
    tasks_binhai(&Api::login(&base, "binhai").await).await;
    campaign_yutai(&Api::login(&base, "yutai").await).await;
    super::tests_commendation::commendations_binhai(&Api::login(&base, "binhai").await).await;
    super::tests_studio_rounds::chaoyang_studio_round(&store).await;
    let _ = stop.send(());
}

/// [003]: 滨海 has 7 open regional party-mass service centres — counted by the register's own
/// query under the tree's root, the closed station left out.
async fn centres(store: &touyan_storage::Store) {
    let system = touyan_storage::Actor::system();
    let s = store.scoped(&system);
    let root = super::node_named(&s, "潍坊滨海经济技术开发区")
        .await
        .expect("滨海");
    let open = s.centres().open_under(Some(root)).await.expect("count");
    assert_eq!(open, 7);
    let all = s
        .centres()
        .counts(&Default::default())
        .await
        .expect("counts");
    assert_eq!(all.by_status.get("closed"), Some(&1), "{all:?}");
}

/// [000, 003]: 16 红星工匠 (11 in September 2021, 田茂英 among them), 13 party workers in the
/// parks, 17 applicants, 10 + 12 studios (5 in the parks), 223 enterprises visited and 643
/// problems solved, and 王志府's 300-odd.
async fn binhai(api: &Api) {
    let root = api.node("潍坊滨海经济技术开发区").await;
    let parks = api.node("滨海区两新组织党委").await;
    let honours = "/api/v1/honours";
    let craft = [("under", root.as_str()), ("title", "红星工匠")];
    assert_eq!(api.total(honours, &craft).await, 16);
    // [003]: 7 open regional party-mass service centres, as the register lists them.
    let open = [("under", root.as_str()), ("status", "open")];
    assert_eq!(api.total("/api/v1/centres", &open).await, 7);
    let first = [craft[0], craft[1], ("year", "2021"), ("per_page", "100")];
    let v = api.get(honours, &first).await;
    assert_eq!(v["total"], 11);
    let months: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|h| &h["awarded_on"].as_str().expect("a date")[..7])
        .collect();
    assert!(months.iter().all(|m| *m == "2021-09"), "{months:?}");
    assert!(v["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|h| h["person_name"] == "田茂英"));

    for under in [&root, &parks] {
        let c = api
            .get("/api/v1/people/counts", &[("under", under.as_str())])
            .await;
        let workers = n(&c["party_workers_full"]) + n(&c["party_workers_part"]);
        assert_eq!(workers, 13, "party workers under {under}");
    }
    let applicants = [("under", root.as_str()), ("status", "applicant")];
    assert_eq!(api.total("/api/v1/people", &applicants).await, 17);

    let studios = "/api/v1/studios";
    let teachers = [("under", root.as_str()), ("kind", "famous_teacher")];
    assert_eq!(api.total(studios, &teachers).await, 10);
    let secretaries = [("under", root.as_str()), ("kind", "secretary")];
    assert_eq!(api.total(studios, &secretaries).await, 12);
    let in_parks = [("under", parks.as_str()), ("kind", "secretary")];
    assert_eq!(api.total(studios, &in_parks).await, 5);

    let v = api
        .get("/api/v1/visits/stats", &[("under", root.as_str())])
        .await;
    assert_eq!(v["totals"]["visited"], 223, "{}", v["totals"]);
    assert_eq!(v["totals"]["solved"], 643, "{}", v["totals"]);

    // [003]: 78 enterprises over 100 million yuan of revenue, 16 over one billion (2025).
    let enterprises = "/api/v1/enterprises";
    for (yuan, count) in [("100000000", 78), ("1000000000", 16)] {
        let q = [
            ("under", root.as_str()),
            ("revenue_year", "2025"),
            ("revenue_at_least", yuan),
        ];
        assert_eq!(api.total(enterprises, &q).await, count, "{yuan}");
    }
    // [003]: 6 chain committees; the incubation branch's 12 incubated and 17 applicants.
    let under = [("under", root.as_str())];
    let chains = api.get("/api/v1/chains", &under).await;
    let chains = chains.as_array().expect("chains");
    assert_eq!(chains.len(), 6);
    assert!(chains.iter().all(|c| n(&c["members"]) == 10), "{chains:?}");
    let inc = api.get("/api/v1/incubators", &under).await;
    assert_eq!(
        (n(&inc[0]["graduated"]), n(&inc[0]["applicants"])),
        (12, 17),
        "{inc}"
    );

    // 王志府书记工作室's community: its requests solved.
    let v = api.get(studios, &[("q", "王志府书记工作室")]).await;
    let community = v["items"][0]["node_id"].as_i64().expect("host").to_string();
    assert_eq!(community, api.node("滨城绿洲社区").await);
    let v = api
        .get("/api/v1/requests/stats", &[("under", community.as_str())])
        .await;
    let solved = n(&v["totals"]["solved"]);
    assert_eq!(solved as usize, crate::demo::request::WANG_ZHIFU_SOLVED);
    assert!((300..400).contains(&solved), "300余个: {solved}");
}

/// [002]: 8 city-level demonstration and 44 district-level innovation studios, more than a
/// hundred achievements and patents.
async fn chaoyang(api: &Api) {
    let root = api.node("北京市朝阳区").await;
    let studios = "/api/v1/studios";
    let kind = ("kind", "worker_innovation");
    let city = [
        ("under", root.as_str()),
        kind,
        ("level", "city"),
        ("per_page", "100"),
    ];
    let v = api.get(studios, &city).await;
    assert_eq!(v["total"], 8);
    let items = v["items"].as_array().expect("items");
    assert!(items
        .iter()
        .all(|s| s["demonstration"] == true && s["state"] == "demonstration"));
    let district = [("under", root.as_str()), kind, ("level", "district")];
    assert_eq!(api.total(studios, &district).await, 44);
    let v = api
        .get("/api/v1/achievements/counts", &[("under", root.as_str())])
        .await;
    let total = n(&v["total"]);
    assert!((101..200).contains(&total), "百余项: {total}");
    let patents = n(&v["by_kind"]["invention_patent"]) + n(&v["by_kind"]["utility_patent"]);
    assert!(patents >= 50, "patents: {patents}");
    // [002]: the culture zone's 51 key parks, over the API (its figures: `tests_parks`).
    let zone = api.node(super::enterprise_parks::ZONE).await;
    let key = [("under", zone.as_str()), ("key", "true")];
    super::tests_parks::zone_summary(&api.get("/api/v1/parks", &key).await);
}

/// [004]: 26 party branches, 180 members, 9 full-time party workers.
async fn yutai(api: &Api) {
    let root = api.node("鱼台经济开发区").await;
    let branches = [("under", root.as_str()), ("kind", "party_branch")];
    assert_eq!(api.total("/api/v1/orgs", &branches).await, 26);
    let c = api
        .get("/api/v1/people/counts", &[("under", root.as_str())])
        .await;
    assert_eq!(c["members"], 180, "{c}");
    assert_eq!(c["party_workers_full"], 9, "{c}");
    // [004]: 44 enterprises in the ledger, party-organization coverage 100 %.
    let under = [("under", root.as_str())];
    assert_eq!(api.total("/api/v1/enterprises", &under).await, 44);
    let cov = api.get("/api/v1/coverage", &under).await;
    assert_eq!(cov["enterprises"], 44, "{cov}");
    assert_eq!(cov["own"], 26, "{cov}");
    assert_eq!(cov["joint"], 18, "{cov}");
    assert_eq!(cov["organization_rate"], 100.0, "{cov}");
    assert_eq!(cov["members"], 171, "{cov}");
    // [004]: 34 instructors sent to the 44 enterprises, none left without; the guidance team
    // of 2 county-level and 15 section-level leaders.
    let v = api.get("/api/v1/instructors", &under).await;
    assert_eq!(v.as_array().map(Vec::len), Some(34), "{v}");
    let gaps = [under[0], ("without_instructor", "true")];
    assert_eq!(api.total("/api/v1/enterprises", &gaps).await, 0);
    let v = api.get("/api/v1/guidance-teams", &under).await;
    assert_eq!((n(&v[0]["county"]), n(&v[0]["section"])), (2, 15), "{v}");
    // [004]: 红星津贴 paid since 2020, 27 050 yuan, with the branches' stars moving every
    // quarter and the kept distribution equal to the count of the ratings.
    let id = root.as_str();
    let v = api
        .get(
            "/api/v1/allowances/total",
            &[("node_id", id), ("since", "2020")],
        )
        .await;
    assert_eq!(v["total_fen"], 2_705_000, "{v}");
    let kept = api
        .get("/api/v1/ratings/distribution", &[("node_id", id)])
        .await;
    let scan = api
        .get(
            "/api/v1/ratings/distribution",
            &[("node_id", id), ("source", "scan")],
        )
        .await;
    assert_eq!(kept, scan);
    assert_eq!(kept.as_array().map(Vec::len), Some(27), "{kept}");
    assert_eq!(
        kept[0]["counts"],
        serde_json::json!([0, 0, 7, 7, 10, 2]),
        "{kept}"
    );
    // The secretaries paid as part-time workers: 24 accounts handed in, two still missing;
    // those missing one are listed first.
    let payees = api
        .get("/api/v1/allowances/payees", &[("per_page", "50")])
        .await;
    let items = payees["items"].as_array().expect("payees");
    let part: Vec<&Value> = items
        .iter()
        .filter(|p| p["post_code"] == "party_worker_part")
        .collect();
    let missing = part.iter().filter(|p| p["bank_name"].is_null()).count();
    assert_eq!((part.len(), missing), (26, 2), "{payees}");
    assert!(items[0]["bank_name"].is_null(), "{payees}");
    assert!(part[25]["account"]
        .as_str()
        .is_some_and(|a| a.starts_with("****")));
}

/// [001]: 象霞工作室 trained 3 community secretaries, 1 residents' committee director, 3
/// deputy secretaries and 4 deputy directors: its mentorship's promotions and the posts the
/// promoted hold now.
async fn nancun(api: &Api) {
    let v = api.get("/api/v1/studios", &[("q", "象霞工作室")]).await;
    let id = v["items"][0]["id"].as_i64().expect("studio");
    let c = api
        .get(&format!("/api/v1/studios/{id}/mentorships/counts"), &[])
        .await;
    assert_eq!(c["outcomes"]["promoted"], 11, "{c}");
    let list = api
        .get(&format!("/api/v1/studios/{id}/mentorships"), &[])
        .await;
    let mut posts: BTreeMap<String, u32> = BTreeMap::new();
    for m in list["items"].as_array().expect("items") {
        let path = format!("/api/v1/studios/{id}/mentorships/{}", m["id"]);
        let full = api.get(&path, &[]).await;
        for o in full["outcomes"].as_array().expect("outcomes") {
            assert_eq!(o["kind"], "promoted");
            let person = o["person_id"].to_string();
            let held = [("person", person.as_str()), ("current", "true")];
            let p = api.get("/api/v1/posts", &held).await;
            assert_eq!(p["total"], 1, "{p}");
            *posts
                .entry(p["items"][0]["post_code"].to_string())
                .or_default() += 1;
        }
    }
    let want: BTreeMap<String, u32> = [
        ("\"secretary\"", 3),
        ("\"residents_director\"", 1),
        ("\"deputy_secretary\"", 3),
        ("\"residents_deputy_director\"", 4),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(posts, want);
}

/// One obligation's line of a compliance answer.
fn obligation_line<'a>(c: &'a Value, ty: &str) -> &'a Value {
    c["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .find(|o| o["activity_type"] == ty)
        .unwrap_or_else(|| panic!("{ty} in {c}"))
}

/// [003], 2025: the six chain committees' 14 council meetings, 15 salons, forums and
/// observation visits, 19 joint theme days, volunteering and theory study — as the activity
/// list counts them; every 党委 met on party building each quarter.
async fn cadence_binhai(api: &Api) {
    let root = api.node("潍坊滨海经济技术开发区").await;
    let count = |types: &'static [&'static str]| {
        let root = root.clone();
        async move {
            let mut n = 0;
            for t in types {
                let q = [
                    ("under", root.as_str()),
                    ("activity_type", *t),
                    ("from", "2025-01-01"),
                    ("to", "2025-12-31"),
                ];
                n += api.total("/api/v1/activities", &q).await;
            }
            n
        }
    };
    assert_eq!(count(&["chain_council"]).await, 14);
    assert_eq!(
        count(&["secretary_salon", "forum", "observation"]).await,
        15
    );
    assert_eq!(
        count(&["theme_day", "volunteering", "theory_study"]).await,
        19
    );
    let chains = api.get("/api/v1/chains", &[("under", root.as_str())]).await;
    let meetings: u64 = chains
        .as_array()
        .expect("chains")
        .iter()
        .map(|c| n(&c["meetings"]))
        .sum();
    assert_eq!(meetings, 14, "{chains}");
    for on in ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"] {
        let c = api
            .get(
                "/api/v1/compliance",
                &[("under", root.as_str()), ("on", on)],
            )
            .await;
        let l = obligation_line(&c, "party_committee_meeting");
        assert!(n(&l["organizations"]) >= 4, "{l}");
        assert_eq!(l["met"], l["organizations"], "{on}: {l}");
    }
}

/// [004]: 鱼台's working committee keeps 四个一 — a meeting every month, an inspection
/// every quarter, the half-year summary, the year's action —; its 26 branches each held last
/// month's theme day.
async fn cadence_yutai(api: &Api) {
    use touyan_domain::cadence::{Cycle, Period};
    let root = api.node("鱼台经济开发区").await;
    let today = touyan_storage::kit::today();
    let last_month = Period::containing(Cycle::Month, today).previous().end();
    let last_quarter = Period::containing(Cycle::Quarter, today).previous().end();
    let on = |d: chrono::NaiveDate| d.to_string();
    let ask = |day: String| {
        let root = root.clone();
        async move {
            api.get(
                "/api/v1/compliance",
                &[("under", root.as_str()), ("on", day.as_str())],
            )
            .await
        }
    };
    let c = ask(on(last_month)).await;
    for ty in ["monthly_meeting", "annual_action"] {
        let l = obligation_line(&c, ty);
        assert_eq!((n(&l["organizations"]), n(&l["met"])), (1, 1), "{ty}: {l}");
    }
    let theme = obligation_line(&c, "theme_day");
    assert_eq!(
        (n(&theme["organizations"]), n(&theme["met"])),
        (26, 26),
        "{theme}"
    );
    let c = ask(on(last_quarter)).await;
    let l = obligation_line(&c, "inspection");
    assert_eq!(n(&l["met"]), 1, "{l}");
    // One branch's request to correct a locked record waits on the committee.
    let pending = api
        .get("/api/v1/activities", &[("changes", "pending")])
        .await;
    assert_eq!(n(&pending["total"]), 1, "{pending}");
    let id = pending["items"][0]["id"].as_i64().expect("id");
    let changes = api
        .get(&format!("/api/v1/activities/{id}/changes"), &[])
        .await;
    assert_eq!(changes[0]["state"], "pending", "{changes}");
    assert_eq!(changes[0]["may_decide"], true, "{changes}");
}

/// Every account is welcomed in its bell, 鱼台's administrator told as well of the change
/// request waiting on it; 鱼台's branches behind this month show as reminders to it.
async fn notices_yutai(api: &Api) {
    let v = api.get("/api/v1/notifications", &[]).await;
    assert_eq!(n(&v["unread"]), 2, "{v}");
    let kinds: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"notice.welcome") && kinds.contains(&"cadence.notice_change_asked"),
        "{v}"
    );
    let reminders = v["reminders"].as_array().expect("reminders");
    assert!(
        reminders
            .iter()
            .any(|r| r["text"].as_str().unwrap_or("").contains("本月主题党日")),
        "{v}"
    );
}

/// The task of `title` issued at the caller's nodes, with its rates at the issuing node.
async fn task_rates(api: &Api, title: &str) -> (Value, Value) {
    let list = api
        .get("/api/v1/tasks", &[("mailbox", "issued"), ("q", title)])
        .await;
    assert_eq!(n(&list["total"]), 1, "{title}: {list}");
    let id = list["items"][0]["id"].as_i64().expect("id");
    let rates = api.get(&format!("/api/v1/tasks/{id}/rates"), &[]).await;
    (list["items"][0].clone(), rates)
}

/// 鱼台's zone asked its 26 branches for their plans of member recruitment, due ten days ago:
/// 16 accepted, 12 of them on time; the 七一 theme day, due in three weeks: 3 accepted.
async fn tasks_yutai(api: &Api) {
    let (t, r) = task_rates(api, "党员发展计划").await;
    let l = &r["level"];
    assert_eq!(
        (
            n(&l["total"]),
            n(&l["submitted"]),
            n(&l["accepted"]),
            n(&l["on_time"])
        ),
        (26, 19, 16, 12),
        "{r}"
    );
    assert_eq!(
        (n(&l["completion_pct"]), n(&l["on_time_pct"])),
        (62, 46),
        "{r}"
    );
    assert_eq!(n(&l["overdue"]), 10, "{r}");
    assert_eq!(n(&t["overdue"]), 10, "{t}");
    let children: u64 = r["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| n(&c["total"]))
        .sum();
    assert_eq!(
        children, 26,
        "every branch under one of the lines below: {r}"
    );
    let (_, r) = task_rates(api, "七一").await;
    assert_eq!(
        (n(&r["level"]["accepted"]), n(&r["level"]["overdue"])),
        (3, 0),
        "{r}"
    );
    let late = api
        .get(
            "/api/v1/tasks",
            &[("mailbox", "issued"), ("overdue", "true")],
        )
        .await;
    assert_eq!(n(&late["total"]), 1, "{late}");
}

/// 滨海's zone asked every 党委 for the quarter's summary, due five days ago: half accepted.
async fn tasks_binhai(api: &Api) {
    let (_, r) = task_rates(api, "党建工作总结").await;
    let l = &r["level"];
    let total = n(&l["total"]);
    assert!(total >= 4, "{r}");
    assert_eq!(n(&l["accepted"]), total / 2, "{r}");
    assert_eq!(n(&l["overdue"]), total - total / 2, "{r}");
    assert_eq!(n(&l["on_time"]), (total / 2 + 1) / 2, "{r}");
}

/// [004]: 鱼台's "红帆领航"九项行动 measured its results: coverage 100 % and 34 instructors,
/// read from the live figures of the enterprise ledger; 61 problems collected, 57 solved.
async fn campaign_yutai(api: &Api) {
    let list = api.get("/api/v1/campaigns", &[("q", "红帆领航")]).await;
    assert_eq!(n(&list["total"]), 1, "{list}");
    let id = list["items"][0]["id"].as_i64().expect("id");
    let d = api.get(&format!("/api/v1/campaigns/{id}"), &[]).await;
    let t = |name: &str| {
        d["targets"]
            .as_array()
            .expect("targets")
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {d}"))
            .clone()
    };
    let coverage = t("非公企业党组织覆盖率");
    assert_eq!(coverage["figure"], "enterprise.coverage_rate");
    assert_eq!(coverage["value"], 100.0, "{coverage}");
    assert_eq!(
        (n(&coverage["numerator"]), n(&coverage["denominator"])),
        (44, 44)
    );
    assert_eq!(coverage["pace"], "reached");
    assert_eq!(t("选派党建工作指导员")["value"], 34.0, "{d}");
    assert_eq!(t("收集企业问题")["value"], 61.0, "{d}");
    assert_eq!(t("解决企业问题")["value"], 57.0, "{d}");
    assert!(
        coverage["history"].as_array().expect("history").len() >= 5,
        "{coverage}"
    );
    assert_eq!(
        d["milestones"].as_array().expect("milestones").len(),
        3,
        "{d}"
    );
    // The task issued for it to the 26 branches, 14 of them accepted.
    let tasks = d["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 1, "{d}");
    assert!(tasks[0]["title"]
        .as_str()
        .expect("title")
        .contains("五大突破"));
    assert_eq!(
        (n(&tasks[0]["recipients"]), n(&tasks[0]["completion_pct"])),
        (26, 54),
        "{d}"
    );
}
