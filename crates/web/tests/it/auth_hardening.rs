//! Sign-in hardening: attempts counted before the password is checked, a bounded number of
//! password checks at once, safe redirects, locks per name and address that administrators
//! can lift, the client address behind proxies, and the rules around passwords and tokens.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::task::JoinSet;
use touyan_storage::auth::LoginError;

async fn try_login(
    app: &TestApp,
    u: &str,
    p: &str,
    forwarded: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = client()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": u, "password": p}));
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let r = req.send().await.unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

/// Fires all the attempts at once; answers the statuses in the order given.
async fn burst(app: &TestApp, attempts: Vec<(String, String)>) -> Vec<StatusCode> {
    let mut set = JoinSet::new();
    for (i, (u, p)) in attempts.into_iter().enumerate() {
        let url = app.url("/api/v1/session");
        set.spawn(async move {
            let r = client()
                .post(url)
                .json(&json!({"username": u, "password": p}))
                .send()
                .await
                .unwrap();
            (i, r.status())
        });
    }
    let mut out = set.join_all().await;
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, s)| s).collect()
}

/// Wrong passwords one after the other, waiting out each delay, until the name is locked
/// from this address; answers the lock's Retry-After.
async fn lock_out(app: &TestApp, u: &str, forwarded: Option<&str>) -> i64 {
    for _ in 0..20 {
        let (s, v) = try_login(app, u, "wrong-password-9", forwarded).await;
        if s == StatusCode::TOO_MANY_REQUESTS {
            let secs = v["error"]["retry_after"].as_i64().unwrap();
            if secs > 60 {
                return secs;
            }
            tokio::time::sleep(Duration::from_secs(secs as u64)).await;
            continue;
        }
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    }
    panic!("{u} never locked");
}

#[tokio::test]
async fn parallel_wrong_passwords_are_counted_before_any_is_checked() {
    let app = spawn().await;
    let admin = app.admin().await;
    admin.create_user("zhangsan", None, "readonly").await;
    let wrong = |n: usize| vec![("zhangsan".to_string(), "wrong-password-1".to_string()); n];
    let statuses = burst(&app, wrong(40)).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, 40, "only 401 and 429: {statuses:?}");
    // The policy lets three failures through before slowing the name.
    assert!(
        (1..=3).contains(&checked),
        "{checked} checked: {statuses:?}"
    );
    // Once the name is locked from this address, the right password in a burst of wrong
    // ones does not sign in either.
    lock_out(&app, "zhangsan", None).await;
    let mut attempts = wrong(39);
    attempts.insert(20, ("zhangsan".into(), PASSWORD.into()));
    let statuses = burst(&app, attempts).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn many_password_checks_at_once_are_bounded_and_never_fail() {
    let app = spawn().await;
    // Over HTTP from one address: unknown names, all at once.
    let attempts = (0..200)
        .map(|i| (format!("nobody{i}"), "wrong-password-2".to_string()))
        .collect();
    let statuses = burst(&app, attempts).await;
    assert!(
        statuses
            .iter()
            .all(|s| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(s)),
        "{statuses:?}"
    );
    // From 200 addresses, so the throttle lets every one through to the password check:
    // the checks wait for their turn, and none fails for want of memory or connections.
    let mut set = JoinSet::new();
    for i in 0..200 {
        let store = app.store().clone();
        set.spawn(async move {
            store
                .auth()
                .login(
                    &format!("ghost{i}"),
                    "wrong-password-3",
                    Some(format!("10.20.{}.{}", i / 100, i % 100)),
                )
                .await
        });
    }
    let mut bad_credentials = 0;
    for r in set.join_all().await {
        match r {
            Err(LoginError::BadCredentials) => bad_credentials += 1,
            Err(LoginError::Throttled(s)) => assert!(s >= 1),
            Err(LoginError::Storage(e)) => panic!("storage error: {e}"),
            Ok(_) => panic!("signed in with a wrong password"),
        }
    }
    assert!(bad_credentials > 0, "some checks ran");
}

#[tokio::test]
async fn redirects_after_sign_in_stay_on_this_site() {
    let app = spawn().await;
    let admin = app.admin().await;
    let location = |r: &reqwest::Response| {
        r.headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
    };
    for (next, to) in [
        ("/%09/evil.example", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/%0a/evil.example", "/"),
        ("/orgs%0d%0aSet-Cookie:%20x=1", "/"),
        ("/orgs", "/orgs"),
    ] {
        let r = admin.get(&format!("/login?next={next}")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&r).as_deref(), Some(to), "{next}");
    }
    // The form sign-in with a line break in `next`: a redirect home, not a 500.
    let c = client();
    let r = c.get(app.url("/login")).send().await.unwrap();
    let csrf = anon_csrf(&r);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
            ("next", "/\n/evil.example"),
            ("_csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r).as_deref(), Some("/"));
    // `back=` of the language switch follows the same rule.
    let r = admin
        .form("/lang", &[("lang", "en"), ("back", "/\t/evil.example")])
        .await;
    assert_eq!(location(&r).as_deref(), Some("/"));
    let r = admin
        .form("/lang", &[("lang", "zh-CN"), ("back", "/users")])
        .await;
    assert_eq!(location(&r).as_deref(), Some("/users"));
}

#[tokio::test]
async fn a_name_is_locked_from_one_address_only_and_an_administrator_lifts_it() {
    let app = spawn().await;
    let admin = app.admin().await;
    admin.create_user("lisi", None, "readonly").await;
    let secs = lock_out(&app, "lisi", None).await;
    assert!(secs > 25 * 60, "locked for half an hour: {secs}");
    let (s, _) = try_login(&app, "lisi", PASSWORD, None).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "locked from this address");
    // From another address the right password works once the name's short slowing is over:
    // the name itself is never locked, so nobody can lock another out.
    let mut waited = 0;
    loop {
        let other = app
            .store()
            .auth()
            .login("lisi", PASSWORD, Some("198.51.100.20".into()))
            .await;
        match other {
            Ok(_) => break,
            Err(LoginError::Throttled(s)) if s <= 60 && waited < 3 => {
                waited += 1;
                tokio::time::sleep(Duration::from_secs(s as u64)).await;
            }
            Err(e) => panic!("{e:?}"),
        }
    }

    // The lock is listed for administrators, and a readonly account may not lift it.
    let (s, locks) = admin.get_json("/api/v1/login-locks").await;
    assert_eq!(s, StatusCode::OK, "{locks}");
    let lock = locks
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["username"] == "lisi")
        .unwrap_or_else(|| panic!("{locks}"))
        .clone();
    assert_eq!(lock["kind"], "account");
    assert_eq!(lock["address"], "127.0.0.1");
    let key = lock["key"].as_str().unwrap();
    admin.create_user("wangwu", None, "readonly").await;
    let ro = app.login("wangwu", PASSWORD).await;
    let (s, _) = ro
        .post("/api/v1/login-locks/unlock", json!({"key": key}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let page = admin.get("/users/locks").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("lisi"));

    let (s, v) = admin
        .post("/api/v1/login-locks/unlock", json!({"key": key}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = try_login(&app, "lisi", PASSWORD, None).await;
    assert_eq!(s, StatusCode::OK, "unlocked: {v}");
    let (_, locks) = admin.get_json("/api/v1/login-locks").await;
    assert_eq!(locks, json!([]));
    let (s, _) = admin
        .post("/api/v1/login-locks/unlock", json!({"key": key}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no lock left to lift");
    // Both the lock and its lifting are in the audit log.
    for action in ["login_locked", "unlock"] {
        let (_, v) = admin
            .get_json(&format!(
                "/api/v1/audit?record_type=login_lock&action={action}"
            ))
            .await;
        assert_eq!(v["total"], 1, "{action}: {v}");
        assert_eq!(v["items"][0]["record_id"], key, "{action}: {v}");
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_the_address_it_appended() {
    let app = spawn_with(|c| c.trusted_proxies = vec!["127.0.0.1".into()]).await;
    let admin = app.admin().await;
    admin.create_user("zhaoliu", None, "readonly").await;
    lock_out(&app, "zhaoliu", Some("1.2.3.4, 203.0.113.9")).await;
    // A forged entry to the left changes nothing: the proxy's own entry still names the
    // locked address.
    let (s, _) = try_login(&app, "zhaoliu", PASSWORD, Some("5.6.7.8, 203.0.113.9")).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    let (_, locks) = admin.get_json("/api/v1/login-locks").await;
    assert_eq!(locks[0]["address"], "203.0.113.9", "{locks}");
    // Another client behind the same proxy is not locked out: at most slowed a few seconds.
    let mut waited = 0;
    loop {
        let (s, v) = try_login(&app, "zhaoliu", PASSWORD, Some("203.0.113.9, 203.0.113.10")).await;
        if s == StatusCode::OK {
            break;
        }
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
        let secs = v["error"]["retry_after"].as_i64().unwrap();
        assert!(secs <= 60 && waited < 3, "{v}");
        waited += 1;
        tokio::time::sleep(Duration::from_secs(secs as u64)).await;
    }
}

#[tokio::test]
async fn passwords_and_tokens_follow_the_account_rules() {
    let app = spawn().await;
    let admin = app.admin().await;
    let uid = admin.create_user("sunqi", None, "readonly").await;
    let user = app.login("sunqi", PASSWORD).await;

    // Guessing the current password while signed in is throttled like signing in.
    let mut statuses = vec![];
    for _ in 0..5 {
        let (s, _) = user
            .post(
                "/api/v1/account/password",
                json!({"current_password": "not-the-password", "new_password": "new-pass-456"}),
            )
            .await;
        statuses.push(s);
    }
    assert_eq!(&statuses[..3], [StatusCode::UNPROCESSABLE_ENTITY; 3]);
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");

    // A token may not list a permission its owner lacks.
    let (s, v) = user
        .post(
            "/api/v1/tokens",
            json!({"name": "写入", "permissions": ["org.read", "org.write"]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["permissions"].is_string(), "{v}");

    // A token narrowed to reading cannot list or revoke its owner's tokens; an unnarrowed one
    // carries token.manage from the role.
    let mk = |name: &str, perms: Value| {
        let user = &user;
        let name = name.to_string();
        async move {
            let (s, v) = user
                .post(
                    "/api/v1/tokens",
                    json!({"name": name, "permissions": perms}),
                )
                .await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
            (
                v["token"]["id"].as_i64().unwrap(),
                v["secret"].as_str().unwrap().to_string(),
            )
        }
    };
    let (_, read_only) = mk("只读", json!(["org.read"])).await;
    let (full_id, full) = mk("全部", Value::Null).await;
    let bearer = |secret: &str, method: reqwest::Method, path: &str| {
        client()
            .request(method, app.url(path))
            .bearer_auth(secret)
            .send()
    };
    let r = bearer(
        &read_only,
        reqwest::Method::DELETE,
        &format!("/api/v1/tokens/{full_id}"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = bearer(&read_only, reqwest::Method::GET, "/api/v1/tokens")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = bearer(&read_only, reqwest::Method::GET, "/api/v1/orgs")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "still reads");
    let r = bearer(&full, reqwest::Method::GET, "/api/v1/tokens")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // An administrator's reset revokes every token and ends every session of the account.
    let (s, v) = admin
        .post(
            &format!("/api/v1/users/{uid}/password"),
            json!({"password": "reset-pass-789"}),
        )
        .await;
    assert!(s.is_success(), "{s} {v}");
    for secret in [&read_only, &full] {
        let r = bearer(secret, reqwest::Method::GET, "/api/v1/me")
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let (s, _) = user.get_json("/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (_, v) = admin.get_json("/api/v1/audit?action=reset_password").await;
    assert_eq!(v["items"][0]["after"]["tokens_revoked"], 2, "{v}");
    let page = admin.get(&format!("/users/{uid}")).await;
    assert!(page.text().await.unwrap().contains("API 令牌一并吊销"));
}
