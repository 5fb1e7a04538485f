//! The scope-leak test, made from the server's own list of routes (`touyan_web::route_paths`),
//! so that a route added later is tried without this file changing.
//!
//! The demo is loaded; `binhai` and `chaoyang` administer two separate trees, `viewer` may only
//! read `binhai`'s. For each route with a record in its path, the ids are filled with records
//! one admin sees and the other does not (found through the owner's API lists), and the other
//! admin tries every method on it: a read answers 404, a write 403 or 404. Every list without a
//! record in its path is read by the other admin plainly and with the owner's root node as its
//! filter (`under`, `node`, …): it answers 404 or an error, or shows none of the owner's names
//! and paths (JSON, pages and .xlsx exports alike). The read-only user tries every write on
//! records of its own tree and gets 403 or 404. A path parameter that names no record (a
//! dictionary code, a public tracking code, a file name) is listed and left out. On
//! PostgreSQL when `TOUYAN_TEST_DATABASE_URL` is set.

mod leak;

use leak::{fresh_database, Finding, Probe, Resolved, Resolver, User};
use reqwest::StatusCode;

const ADMIN_PASSWORD: &str = "leak-check-admin-2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_route_shows_or_changes_another_tree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(dir.path()).await;
    let files = dir.path().join("files");
    let loaded = std::process::Command::new(env!("CARGO_BIN_EXE_touyan"))
        .args(["--database", &url, "demo"])
        .env("TOUYAN_FILES_DIR", &files)
        .env_remove("TOUYAN_DATABASE_URL")
        .status()
        .expect("run touyan demo");
    assert!(loaded.success(), "touyan demo failed");
    let server = touyan_web::build(touyan_web::Config {
        database_url: url,
        listen: "127.0.0.1:0".into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        files_dir: files,
        ..Default::default()
    })
    .await
    .expect("server builds");
    let base = format!("http://{}", server.local_addr());
    tokio::spawn(server.run());

    let binhai = User::login(&base, "binhai").await;
    let chaoyang = User::login(&base, "chaoyang").await;
    let viewer = User::login(&base, "viewer").await;
    let anyone = User::anonymous(&base);
    leak::add_what_the_demo_lacks(&binhai).await;
    leak::add_what_the_demo_lacks(&chaoyang).await;

    let routes = touyan_web::route_paths();
    let mut probe = Probe::default();
    let mut unresolved = Vec::new();
    for (owner, other) in [(&chaoyang, &binhai), (&binhai, &chaoyang)] {
        let mut ids = Resolver::new(owner, other).await;
        for path in &routes {
            if !path.contains('{') {
                probe.lists(other, &anyone, path, &ids).await;
            }
        }
        // Twice over: a record found for one route (a studio's photos) serves another
        // (a file by its id) that came before it.
        let mut missing = Vec::new();
        for round in 0..2 {
            let paths = if round == 0 {
                routes.iter().filter(|p| p.contains('{')).cloned().collect()
            } else {
                std::mem::take(&mut missing)
            };
            for path in paths {
                match ids.fill(&path).await {
                    Resolved::Missing(_) if round == 0 => missing.push(path),
                    Resolved::Missing(param) => unresolved.push(format!(
                        "{path}: no record of {} for {{{param}}}",
                        owner.name
                    )),
                    Resolved::Url(url) => {
                        probe.item(other, &path, &url).await;
                        if owner.name == "binhai" {
                            probe.read_only_writes(&viewer, &path, &url).await;
                        }
                    }
                    Resolved::NotRecord(param) => probe.not_record(&path, &param),
                    Resolved::Shared(param) => probe.shared(&path, &param),
                }
            }
        }
    }
    // A route none of whose records either admin could find is not tried at all.
    let tried: std::collections::HashSet<&str> = probe.tried.iter().map(String::as_str).collect();
    unresolved.retain(|u| !tried.contains(u.split(':').next().unwrap_or("")));

    println!(
        "scope-leak: {} routes; {} with records tried, {} lists tried; {} requests; \
         left out: {} whose parameter names no record, {} whose records both admins share, \
         {} lists anyone may read",
        routes.len(),
        probe.tried.len(),
        probe.lists,
        probe.requests,
        probe.not_records.len(),
        probe.shared.len(),
        probe.public.len()
    );
    for (path, param) in probe.not_records.iter().chain(probe.shared.iter()) {
        println!("  left out: {path} ({{{param}}})");
    }
    let findings: Vec<&Finding> = probe.findings.iter().collect();
    assert!(
        findings.is_empty() && unresolved.is_empty(),
        "{} findings:\n{}\n{} routes without a record to try (give the demo or \
         add_what_the_demo_lacks one):\n{}",
        findings.len(),
        findings
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        unresolved.len(),
        unresolved.join("\n")
    );
    // Every try was made signed in: nobody was signed out on the way.
    for u in [&binhai, &chaoyang, &viewer] {
        assert_eq!(u.status("/api/v1/me").await, StatusCode::OK, "{}", u.name);
    }
}
