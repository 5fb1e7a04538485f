//! The page frame: the side menu by group for each role, the trail, the user menu; and the
//! audit log in words.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

/// The side menu of a page: the text between its `<nav id="nav"` and its end.
fn side_menu(html: &str) -> &str {
    let start = html.find("<nav id=\"nav\"").expect("a side menu");
    let end = start + html[start..].find("</nav>").expect("its end");
    &html[start..end]
}

/// The group labels the side menu shows, in order.
fn groups(menu: &str) -> Vec<String> {
    menu.split("class=\"nav-group-head\"")
        .skip(1)
        .map(|s| {
            let text = &s[s.find('>').unwrap() + 1..];
            text[..text.find('<').unwrap()].to_string()
        })
        .collect()
}

#[tokio::test]
async fn a_handler_sees_only_the_groups_and_entries_of_his_work() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "大屯街道", "district").await;
    let dept = admin.create_node(Some(d), "城市管理办公室", "park").await;
    admin.create_user("chengguan", Some(dept), "handler").await;
    let u = app.login("chengguan", PASSWORD).await;
    let html = u.get("/").await.text().await.unwrap();
    let menu = side_menu(&html);
    assert_eq!(
        groups(menu),
        vec!["工作台", "组织体系", "诉求服务"],
        "{menu}"
    );
    for href in ["/", "/orgs", "/requests", "/supervision", "/visits"] {
        assert!(menu.contains(&format!("href=\"{href}\"")), "{href}: {menu}");
    }
    for href in [
        "/people",
        "/studios",
        "/achievements",
        "/requests/import",
        "/request-categories",
        "/calendar",
        "/users",
        "/roles",
        "/audit",
        "/org-kinds",
    ] {
        assert!(!html.contains(&format!("href=\"{href}\"")), "{href}");
    }
    // His account, the language and signing out are in the user menu, not the side menu.
    assert!(!menu.contains("href=\"/account\""));
    let pop = &html[html.find("id=\"user-pop\"").expect("a user menu")..];
    assert!(pop.contains("href=\"/account\"") && pop.contains("data-testid=\"logout\""));
    assert!(pop.contains("data-testid=\"lang-en\""));
    // His own API tokens too: he manages no users, so there is no 系统管理 for one entry.
    assert!(!menu.contains("href=\"/tokens\"") && pop.contains("href=\"/tokens\""));

    // The administrator sees every group, the new entries among them, in the set order.
    let html = admin.get("/").await.text().await.unwrap();
    let menu = side_menu(&html);
    assert_eq!(
        groups(menu),
        vec![
            "工作台",
            "组织体系",
            "党员队伍",
            "党建工作",
            "工作室",
            "诉求服务",
            "系统管理"
        ]
    );
    let at = |href: &str| {
        menu.find(&format!("href=\"{href}\""))
            .unwrap_or_else(|| panic!("{href}"))
    };
    let service = [
        "/requests",
        "/supervision",
        "/visits",
        "/requests/import",
        "/requests/stats",
        "/calendar",
        "/request-categories",
    ];
    assert!(service.windows(2).all(|w| at(w[0]) < at(w[1])), "{menu}");
    let system = ["/users", "/roles", "/org-kinds", "/audit", "/tokens"];
    assert!(system.windows(2).all(|w| at(w[0]) < at(w[1])), "{menu}");
    assert!(at("/alliances") < at("/achievements"));
}

#[tokio::test]
async fn a_page_shows_its_trail_and_marks_its_entry() {
    let app = spawn().await;
    let admin = app.admin().await;
    let html = admin.get("/visits").await.text().await.unwrap();
    let trail = &html[html.find("class=\"trail\"").expect("a trail")..];
    let trail = &trail[..trail.find("</nav>").unwrap()];
    assert!(trail.contains("<li>诉求服务</li>"), "{trail}");
    assert!(trail.contains("<a href=\"/visits\">走访</a>"), "{trail}");
    assert!(trail.contains("走访记录"), "the page's title: {trail}");
    let menu = side_menu(&html);
    assert!(menu.contains("<a href=\"/visits\" class=\"active\" aria-current=\"page\">走访</a>"));
    assert!(menu.contains("nav-group current\" data-group=\"service\""));
    // A page of the same name as its entry ends the trail at the entry.
    let html = admin.get("/audit").await.text().await.unwrap();
    let trail = &html[html.find("class=\"trail\"").expect("a trail")..];
    let trail = &trail[..trail.find("</nav>").unwrap()];
    assert!(trail.contains("<li>系统管理</li>"));
    assert!(trail.contains("<li aria-current=\"page\"><a href=\"/audit\">操作日志</a></li>"));
    // The achievements and the import have their own entries now.
    for (p, entry) in [
        ("/achievements", "成果"),
        ("/requests/import", "12345 导入"),
    ] {
        let html = admin.get(p).await.text().await.unwrap();
        let menu = side_menu(&html);
        assert!(
            menu.contains(&format!(
                "class=\"active\" aria-current=\"page\">{entry}</a>"
            )),
            "{p}"
        );
    }
}

#[tokio::test]
async fn the_audit_page_names_actions_records_and_fields_in_words() {
    let app = spawn().await;
    let admin = app.admin().await;
    let d = admin.create_node(None, "滨海区", "district").await;
    let (s, v) = admin
        .patch(&format!("/api/v1/orgs/{d}"), json!({"name": "滨海新区"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    admin.new_person(d, "王红", 1).await;
    let r = admin.get("/audit").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let table = &html[html.find("<table class=\"audit\"").expect("the list")..];
    assert!(
        !table.contains("action.") && !table.contains("record."),
        "raw keys"
    );
    assert!(!table.contains("{\""), "no JSON");
    for words in ["创建", "修改", "组织", "人员", "登录"] {
        assert!(table.contains(words), "{words}");
    }
    // The renaming as a change of one field, labelled, from the old name to the new.
    assert!(
        table.contains("<th scope=\"row\">名称</th><td class=\"was\">滨海区</td><td class=\"now\">滨海新区</td>"),
        "{table}"
    );
    // The object filter offers every kind of record, under its group.
    let filter = &html[html.find("name=\"record_type\"").unwrap()..];
    let filter = &filter[..filter.find("</select>").unwrap()];
    for (code, name) in [
        ("person", "人员"),
        ("studio", "工作室"),
        ("service_request", "诉求工单"),
        ("visit", "走访记录"),
        ("org_node", "组织"),
    ] {
        assert!(
            filter.contains(&format!("<option value=\"{code}\">{name}</option>")),
            "{code}"
        );
    }
    assert!(filter.contains("<optgroup label=\"诉求服务\">"));
    // In English too.
    let r = admin
        .form("/lang", &[("lang", "en"), ("back", "/audit")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = admin
        .get("/audit?record_type=org_node")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(">Update<") && html.contains(">Create<"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"row\">Name</th>"));
}
