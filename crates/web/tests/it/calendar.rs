//! The working calendar: the seeded 2026 schedule, single days, working hours, a year's
//! schedule imported as text, who may change it, and due times across the Spring Festival.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn entry<'a>(year: &'a Value, date: &str) -> Option<&'a Value> {
    year["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["date"] == date)
}

/// The classes of a day's cell in the month grid.
fn cell_class(html: &str, date: &str) -> String {
    let at = html
        .find(&format!("date={date}#day-form"))
        .unwrap_or_else(|| panic!("{date} in the grid"));
    let td = html[..at].rfind("<td class=\"").expect("its cell") + "<td class=\"".len();
    let end = html[td..].find('"').unwrap();
    html[td..td + end].replace(" today", "")
}

async fn put(s: &Session, p: &str, body: Value) -> (StatusCode, Value) {
    s.send(Method::PUT, p, body).await
}

#[tokio::test]
async fn the_2026_schedule_is_seeded_and_due_times_cross_the_spring_festival() {
    let app = spawn().await;
    let admin = app.admin().await;
    let (s, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(s, StatusCode::OK, "{y}");
    let festival = entry(&y, "2026-02-16").expect("2026-02-16 seeded");
    assert_eq!(festival["kind"], "holiday");
    assert_eq!(festival["note"], "春节");
    assert_eq!(entry(&y, "2026-02-14").unwrap()["kind"], "workday");
    assert_eq!(entry(&y, "2026-02-28").unwrap()["kind"], "workday");
    // The rest of the notice: 元旦, 清明, 劳动节 with 5月9日 worked, 端午, 中秋, 国庆 with
    // 9月20日 and 10月10日 worked.
    for (d, k) in [
        ("2026-01-01", "holiday"),
        ("2026-01-04", "workday"),
        ("2026-04-06", "holiday"),
        ("2026-05-05", "holiday"),
        ("2026-05-09", "workday"),
        ("2026-06-19", "holiday"),
        ("2026-09-25", "holiday"),
        ("2026-09-20", "workday"),
        ("2026-10-07", "holiday"),
        ("2026-10-10", "workday"),
    ] {
        assert_eq!(
            entry(&y, d).map(|e| e["kind"].clone()),
            Some(json!(k)),
            "{d}"
        );
    }
    assert!(entry(&y, "2026-03-02").is_none());
    assert_eq!(
        y["hours"],
        json!({"start": "09:00", "end": "17:00", "minutes_per_day": 480})
    );
    // February: 20 weekdays, 6 of them off for the festival, 2 Saturdays worked.
    assert_eq!(
        y["months"][1],
        json!({"month": 2, "days": 28, "workdays": 16})
    );
    // 261 weekdays, 19 of them holidays, 6 weekend days worked.
    assert_eq!(y["workdays"], 248);
    let (s, y25) = admin.get_json("/api/v1/calendar?year=2025").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(y25["entries"], json!([]), "only 2026 is seeded");

    // Everyone signed in reads the calendar and asks for due times.
    siblings(&app).await;
    let reader = app.login("reader", PASSWORD).await;
    let (s, _) = reader.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(s, StatusCode::OK);
    // Received Friday 13 February; 3 working days: Saturday 14th (调休), then the festival
    // until Monday 23rd, so Tuesday 24th and Wednesday 25th.
    let (s, d) = reader
        .get_json("/api/v1/calendar/due?from=2026-02-13T10:00&days=3")
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["due"], "2026-02-25T17:00");
    assert_eq!(d["counted_from"], "2026-02-13T10:00");
    assert_eq!(d["days"], 3);
    // 10 working hours from Friday 16:00: 1 on Friday, 8 on the 14th, 1 on the 24th.
    let (_, d) = reader
        .get_json("/api/v1/calendar/due?from=2026-02-13%2016:00&hours=10")
        .await;
    assert_eq!(d["due"], "2026-02-24T10:00", "{d}");
    assert_eq!(d["working_minutes"], 600);
    // Received during the festival: counted from the 24th.
    let (_, d) = reader
        .get_json("/api/v1/calendar/due?from=2026-02-17T09:30&hours=2")
        .await;
    assert_eq!(d["counted_from"], "2026-02-24T09:00", "{d}");
    assert_eq!(d["due"], "2026-02-24T11:00");
    // Bad questions name their fields.
    let (s, v) = reader
        .get_json("/api/v1/calendar/due?from=2026-02-13&days=3&hours=1")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"]["fields"]["from"].is_string(), "{v}");
    assert_eq!(
        v["error"]["fields"]["days"],
        "请填写工作日数或工作小时数（二选一）"
    );
    let (s, v) = reader
        .get_json("/api/v1/calendar/due?from=2026-02-13T10:00&days=999")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["days"].is_string(), "{v}");
    let (s, v) = reader.get_json("/api/v1/calendar?year=1999").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["year"].is_string(), "{v}");
    // Not signed in: nothing.
    let r = client()
        .get(app.url("/api/v1/calendar"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn days_and_hours_are_set_and_removed_with_an_audit_trail() {
    let app = spawn().await;
    let admin = app.admin().await;
    // Monday 2 March becomes a day off: one working day after Friday 27 February is the
    // Saturday worked (28th), the second skips to Tuesday 3 March.
    let (s, v) = put(
        &admin,
        "/api/v1/calendar/days/2026-03-02",
        json!({"kind": "holiday", "note": " 测试假日 "}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["date"], "2026-03-02");
    assert_eq!(v["note"], "测试假日");
    let (_, d) = admin
        .get_json("/api/v1/calendar/due?from=2026-02-27T10:00&days=2")
        .await;
    assert_eq!(d["due"], "2026-03-03T17:00", "{d}");
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(entry(&y, "2026-03-02").unwrap()["kind"], "holiday");
    assert_eq!(y["months"][2]["workdays"], 21);
    // Setting it again replaces it.
    let (s, v) = put(
        &admin,
        "/api/v1/calendar/days/2026-03-02",
        json!({"kind": "workday"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["note"], "");
    // Bad input: every field named, in Chinese.
    let (s, v) = put(
        &admin,
        "/api/v1/calendar/days/2026-02-30",
        json!({"kind": "rest", "note": "长".repeat(51)}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["code"], "invalid");
    assert_eq!(v["error"]["fields"]["date"], "日期格式应为 YYYY-MM-DD");
    assert!(v["error"]["fields"]["kind"].is_string(), "{v}");
    assert_eq!(v["error"]["fields"]["note"], "不能超过 50 个字");
    let (s, v) = put(&admin, "/api/v1/calendar/days/2026-03-03", json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["kind"].is_string(), "{v}");
    // Removing puts the day back on the weekday rule; a day with nothing set is not found.
    assert_eq!(
        admin.delete("/api/v1/calendar/days/2026-03-02").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.delete("/api/v1/calendar/days/2026-03-02").await,
        StatusCode::NOT_FOUND
    );
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert!(entry(&y, "2026-03-02").is_none());
    assert_eq!(y["months"][2]["workdays"], 22);

    // Working hours.
    let (s, v) = put(
        &admin,
        "/api/v1/calendar/hours",
        json!({"start": "08:30", "end": "17:30"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        v,
        json!({"start": "08:30", "end": "17:30", "minutes_per_day": 540})
    );
    let (_, d) = admin
        .get_json("/api/v1/calendar/due?from=2026-03-04T16:30&hours=2")
        .await;
    assert_eq!(d["due"], "2026-03-05T09:30", "{d}");
    let (_, d) = admin
        .get_json("/api/v1/calendar/due?from=2026-03-04T10:00&days=1")
        .await;
    assert_eq!(d["due"], "2026-03-05T17:30", "{d}");
    let (s, v) = put(
        &admin,
        "/api/v1/calendar/hours",
        json!({"start": "17:00", "end": "09:00"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["fields"]["end"], "下班时间须晚于上班时间");
    let (s, v) = put(
        &admin,
        "/api/v1/calendar/hours",
        json!({"start": "9h", "end": "25:00"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["start"].is_string() && v["error"]["fields"]["end"].is_string());
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(
        y["hours"]["start"], "08:30",
        "a refused change leaves the hours alone"
    );

    // Every change is audited, before and after.
    let (_, a) = admin
        .get_json("/api/v1/audit?record_type=work_calendar")
        .await;
    assert_eq!(a["total"], 3, "{a}");
    let actions: Vec<&str> = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for act in ["create", "update", "delete"] {
        assert!(actions.contains(&act), "{actions:?}");
    }
    let (_, a) = admin.get_json("/api/v1/audit?record_type=work_hours").await;
    assert_eq!(a["total"], 1, "{a}");
    assert_eq!(a["items"][0]["before"]["start"], "09:00");
    assert_eq!(a["items"][0]["after"]["end"], "17:30");
}

#[tokio::test]
async fn a_years_schedule_is_imported_all_or_nothing() {
    let app = spawn().await;
    let admin = app.admin().await;
    let text = "# 2027 年部分节假日安排\n2027-01-01 holiday 元旦\n\n2027-02-06 holiday 春节\n2027-02-20 workday 春节调休\n";
    let (s, v) = admin
        .post(
            "/api/v1/calendar/import",
            json!({"year": 2027, "text": text}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"year": 2027, "replaced": 0, "imported": 3}));
    let (_, y) = admin.get_json("/api/v1/calendar?year=2027").await;
    assert_eq!(y["entries"].as_array().unwrap().len(), 3);
    assert_eq!(entry(&y, "2027-02-20").unwrap()["note"], "春节调休");
    // Importing again replaces the year.
    let (s, v) = admin
        .post(
            "/api/v1/calendar/import",
            json!({"year": 2027, "text": "2027-01-01 holiday 元旦\n2027-10-01 holiday 国庆节"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["replaced"], 3);
    assert_eq!(v["imported"], 2);

    // A bad text: every bad line reported by number, nothing written.
    let bad = "2027-05-01 holiday 劳动节\n2027-02-30 holiday 春节\n2027-05-02 rest 劳动节\n# 注释\n2026-12-31 holiday 跨年\n2027-05-01 workday 重复\n2027-05-03";
    let (s, v) = admin
        .post(
            "/api/v1/calendar/import",
            json!({"year": 2027, "text": bad}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields = v["error"]["fields"].as_object().unwrap();
    let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "line_2.date",
            "line_3.kind",
            "line_5.date",
            "line_6.date",
            "line_7.kind"
        ],
        "{v}"
    );
    assert_eq!(fields["line_2.date"], "日期格式应为 YYYY-MM-DD");
    assert_eq!(fields["line_5.date"], "该日期不在所导入的年度内");
    assert_eq!(fields["line_6.date"], "该日期已在前面的行中出现");
    let (_, y) = admin.get_json("/api/v1/calendar?year=2027").await;
    let dates: Vec<&str> = y["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2027-01-01", "2027-10-01"], "nothing written");
    // The year itself, and an empty schedule.
    let (s, v) = admin
        .post(
            "/api/v1/calendar/import",
            json!({"year": 2300, "text": "2300-01-01 holiday x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["year"].is_string(), "{v}");
    let (s, v) = admin
        .post(
            "/api/v1/calendar/import",
            json!({"year": 2027, "text": "# 空\n\n"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["error"]["fields"]["text"].is_string(), "{v}");
    // Other years are untouched.
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(entry(&y, "2026-02-16").unwrap()["kind"], "holiday");
    let (_, a) = admin
        .get_json("/api/v1/audit?record_type=work_calendar&action=import")
        .await;
    assert_eq!(a["total"], 2, "{a}");
    assert_eq!(a["items"][0]["record_id"], "2027");

    // The page shows the import's errors line by line and keeps the text.
    let r = admin
        .form("/calendar/import", &[("year", "2027"), ("text", bad)])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("第 2 行 日期：日期格式应为 YYYY-MM-DD"),
        "{html}"
    );
    assert!(html.contains("第 5 行 日期：该日期不在所导入的年度内"));
    assert!(html.contains("2027-05-02 rest 劳动节"), "the text is kept");
    let r = admin
        .form(
            "/calendar/import",
            &[("year", "2028"), ("text", "2028-01-01 holiday 元旦")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, y) = admin.get_json("/api/v1/calendar?year=2028").await;
    assert_eq!(y["entries"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_whole_tree_calendar_managers_change_it() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    // The built-in system administrator role carries the new permission.
    let (_, roles) = admin.get_json("/api/v1/roles?per_page=200").await;
    let sys = roles["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "system_admin")
        .unwrap();
    assert!(
        sys["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("calendar.manage")),
        "{sys}"
    );
    // A system administrator of one subtree only is not a calendar manager: the calendar is
    // shared by the whole tree. Neither is an organization admin.
    admin
        .create_user("district_root", Some(t.district), "system_admin")
        .await;
    for who in ["alice", "district_root"] {
        let s = app.login(who, PASSWORD).await;
        let (st, _) = s.get_json("/api/v1/calendar?year=2026").await;
        assert_eq!(st, StatusCode::OK, "{who} reads");
        let (st, _) = put(
            &s,
            "/api/v1/calendar/days/2026-03-02",
            json!({"kind": "holiday"}),
        )
        .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{who}");
        let (st, _) = put(
            &s,
            "/api/v1/calendar/hours",
            json!({"start": "08:00", "end": "16:00"}),
        )
        .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{who}");
        let (st, _) = s
            .post(
                "/api/v1/calendar/import",
                json!({"year": 2026, "text": "2026-03-02 holiday x"}),
            )
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(
            s.delete("/api/v1/calendar/days/2026-02-16").await,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        // The page is the dictionaries' kind: not there for them, and not in their menu.
        let r = s.get("/calendar").await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who}");
        let home = s.get("/").await.text().await.unwrap();
        assert!(!home.contains("href=\"/calendar\""), "{who}");
        let r = s
            .form(
                "/calendar/days",
                &[("date", "2026-03-02"), ("kind", "holiday")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert!(entry(&y, "2026-03-02").is_none(), "nothing changed");
    assert_eq!(y["hours"]["start"], "09:00");

    // The whole-tree administrator has the page, reached from the menu.
    let home = admin.get("/").await.text().await.unwrap();
    assert!(home.contains("href=\"/calendar\""));
    let r = admin.get("/calendar?year=2026").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("工作日历"));
    assert_eq!(cell_class(&html, "2026-02-16"), "holiday", "a weekday off");
    assert_eq!(
        cell_class(&html, "2026-02-14"),
        "rest workday",
        "a Saturday worked"
    );
    assert_eq!(cell_class(&html, "2026-03-01"), "rest", "a plain Sunday");
    assert_eq!(cell_class(&html, "2026-03-02"), "", "a plain Monday");
    assert!(html.contains("春节"));
    // A day picked on the grid comes into the form with what it is.
    let html = admin
        .get("/calendar?year=2026&date=2026-02-14")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<option value="workday" selected>"#));
    // Forms: set a day, remove it, set the hours.
    let r = admin
        .form(
            "/calendar/days",
            &[
                ("year", "2026"),
                ("date", "2026-03-02"),
                ("kind", "holiday"),
                ("note", "页面"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(entry(&y, "2026-03-02").unwrap()["note"], "页面");
    let r = admin
        .form(
            "/calendar/days",
            &[
                ("year", "2026"),
                ("date", "2026-03-40"),
                ("kind", "holiday"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("日期格式应为 YYYY-MM-DD"));
    let r = admin
        .form(
            "/calendar/days/delete",
            &[("year", "2026"), ("date", "2026-03-02")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = admin
        .form("/calendar/hours", &[("start", "09:00"), ("end", "08:00")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("下班时间须晚于上班时间"));
    let r = admin
        .form("/calendar/hours", &[("start", "08:30"), ("end", "17:00")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, y) = admin.get_json("/api/v1/calendar?year=2026").await;
    assert_eq!(y["hours"]["minutes_per_day"], 510);

    // The endpoints are in the OpenAPI document.
    let (_, doc) = admin.get_json("/api/openapi.json").await;
    for p in [
        "/api/v1/calendar",
        "/api/v1/calendar/days/{date}",
        "/api/v1/calendar/hours",
        "/api/v1/calendar/import",
        "/api/v1/calendar/due",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} documented");
    }
}
