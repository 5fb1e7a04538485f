//! The HTML pages: tree, forms with field errors, language switch.

use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn tree_page_creates_and_shows_nodes_with_field_errors() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "滨海区", "district").await;
    let html = admin.get(&format!("/orgs/{d}")).await.text().await.unwrap();
    assert!(html.contains("data-testid=\"node-name\">滨海区"));
    // A bad form comes back with the field's message and what was typed.
    let r = admin
        .form(
            &format!("/orgs/{d}/children"),
            &[("name", "新网格"), ("kind", ""), ("code", "有 空格")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("必填"), "kind is required");
    assert!(html.contains("编码只能包含字母"));
    assert!(html.contains("value=\"新网格\""));
    // A good one redirects to the new node, which the tree then shows under its parent.
    let r = admin
        .form(
            &format!("/orgs/{d}/children"),
            &[("name", "新网格"), ("kind", "grid"), ("sort_order", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let html = admin.get(&loc).await.text().await.unwrap();
    assert!(html.contains("已创建"));
    assert!(html.contains("data-testid=\"node-name\">新网格"));
    let tree = admin
        .get(&format!("/orgs/{d}/tree"))
        .await
        .text()
        .await
        .unwrap();
    assert!(tree.contains("新网格"));
    // Move refused with the rule's message.
    let id = loc
        .trim_start_matches("/orgs/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let r = admin
        .form(&format!("/orgs/{d}/move"), &[("parent_id", &id)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("不能把组织移动到它自己或它的下级之下"));
}

#[tokio::test]
async fn language_switch_and_english_pages() {
    let app = spawn().await;
    let admin = app.admin().await;
    let html = admin.get("/").await.text().await.unwrap();
    assert!(html.contains("工作台") && html.contains("lang=\"zh-CN\""));
    let r = admin
        .form("/lang", &[("lang", "en"), ("back", "/orgs")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/orgs");
    let html = admin.get("/orgs").await.text().await.unwrap();
    assert!(
        html.contains("lang=\"en\"") && html.contains("Organizations"),
        "English after the switch"
    );
    // The choice is kept on the account: a new session is in English too.
    let again = app.admin().await;
    let html = again.get("/").await.text().await.unwrap();
    assert!(html.contains("Dashboard"));
    // A visitor's choice before signing in is kept in a cookie.
    let c = client();
    let login = c.get(app.url("/login")).send().await.unwrap();
    let csrf = anon_csrf(&login);
    let r = c
        .post(app.url("/lang"))
        .form(&[("lang", "en"), ("back", "/login"), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sign in"));
}

#[tokio::test]
async fn login_form_signs_in_and_out() {
    let app = spawn().await;
    let c = client();
    let r = c.get(app.url("/login?next=/orgs")).send().await.unwrap();
    let csrf = anon_csrf(&r);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "admin"),
            ("password", "bad-bad-bad"),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("用户名或密码错误"));
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
            ("_csrf", &csrf),
            ("next", "/orgs"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/orgs");
    // Never sends anyone off-site after login.
    let html = c
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = html
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = c
        .post(app.url("/logout"))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let r = c
        .get(app.url("/login?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("name=\"next\" value=\"/\""));
}

#[tokio::test]
async fn every_page_renders_for_an_admin() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    for p in [
        "/".to_string(),
        "/orgs".into(),
        format!("/orgs/{}", t.a),
        "/orgs?q=园".into(),
        "/users".into(),
        "/users/new".into(),
        format!("/users/{}", t.alice),
        "/roles".into(),
        "/tokens".into(),
        "/audit".into(),
        "/audit?action=create&record_type=org_node".into(),
        "/account".into(),
        "/notifications".into(),
        "/feed".into(),
    ] {
        let r = admin.get(&p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
        let html = r.text().await.unwrap();
        assert!(html.contains("</html>"), "{p}");
    }
    let r = admin.get("/users/export.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = admin.get("/audit/export.xlsx?action=create").await;
    assert_eq!(r.status(), StatusCode::OK);
    for (p, header) in [
        ("/roles/export.xlsx", "名称"),
        ("/tokens/export.xlsx", "名称"),
        ("/orgs/export.xlsx", "名称"),
    ] {
        let r = admin.get(p).await;
        assert_eq!(r.status(), StatusCode::OK, "{p}");
        let rows = crate::orgs::xlsx_rows(&r.bytes().await.unwrap());
        assert_eq!(rows[0][1], header, "{p}");
    }
    let (_, v) = admin
        .get_json("/api/v1/audit?action=export&per_page=50")
        .await;
    let kinds: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["record_type"].as_str().unwrap())
        .collect();
    for k in ["role", "api_token", "org_node", "user", "audit_log"] {
        assert!(kinds.contains(&k), "export of {k} audited: {kinds:?}");
    }
}

#[tokio::test]
async fn a_list_keeps_its_page_size_and_filters_when_it_pages_and_refuses_a_size_out_of_range() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    for seq in 1..=12 {
        admin.new_person(t.a1, &format!("翻页{seq:02}"), seq).await;
    }
    let html = admin
        .get("/people?q=%E7%BF%BB%E9%A1%B5&per_page=5&page=2")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("<a href=\"/people/").count() / 2, 5, "{html}");
    assert!(html.contains("共 12 · 2/3"), "{html}");
    // The links to the pages around keep the search and the size.
    assert!(
        html.contains("per_page=5&#38;page=1\"") && html.contains("per_page=5&#38;page=3\""),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"5\" selected>5</option>"),
        "{html}"
    );
    // The jump form carries the search along.
    assert!(
        html.contains("<input type=\"hidden\" name=\"q\" value=\"翻页\">"),
        "{html}"
    );
    let r = admin.get("/people?per_page=1000").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
