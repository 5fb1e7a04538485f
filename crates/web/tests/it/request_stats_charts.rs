//! The statistics page's charts give the numbers its tables and the request list count: the
//! chart data endpoint is read beside the measures and the list for the same node and period.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn num(v: &Value) -> i64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}")) as i64
}

fn series<'a>(chart: &'a Value, name: &str) -> &'a Vec<Value> {
    chart["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {chart}"))["data"]
        .as_array()
        .unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

/// The chart data for `qs` equals the measures for `qs`: months, categories and child rows.
async fn charts_match_measures(who: &Session, qs: &str) -> (Value, Value) {
    let (st, c) = who
        .get_json(&format!("/api/v1/requests/stats/charts?{qs}"))
        .await;
    assert_eq!(st, StatusCode::OK, "{c}");
    let (st, s) = who.get_json(&format!("/api/v1/requests/stats?{qs}")).await;
    assert_eq!(st, StatusCode::OK, "{s}");
    let months = s["by_month"].as_array().unwrap();
    let trend = &c["trend"];
    let labels: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(strings(&trend["labels"]), labels);
    let received: Vec<i64> = series(trend, "已受理").iter().map(num).collect();
    let by_month: Vec<i64> = months
        .iter()
        .map(|m| num(&m["figures"]["received"]))
        .collect();
    assert_eq!(received, by_month);
    assert_eq!(received.iter().sum::<i64>(), num(&s["totals"]["received"]));
    let solution: Vec<Value> = months
        .iter()
        .map(|m| m["figures"]["solution_rate"].clone())
        .collect();
    assert_eq!(series(trend, "解决率"), &solution);

    let cats = &c["categories"];
    let names: Vec<&str> = s["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(strings(&cats["labels"]), names);
    let collected: Vec<i64> = series(cats, "收集诉求").iter().map(num).collect();
    assert_eq!(
        collected.iter().sum::<i64>(),
        num(&s["totals"]["collected"])
    );

    let kids = &c["children"];
    let rows = s["children"].as_array().unwrap();
    let labels = strings(&kids["labels"]);
    let bars: Vec<i64> = series(kids, "收集诉求").iter().map(num).collect();
    let solved: Vec<i64> = series(kids, "已解决").iter().map(num).collect();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(labels[i], r["name"].as_str().unwrap());
        assert_eq!(bars[i], num(&r["figures"]["collected"]));
        assert_eq!(solved[i], num(&r["figures"]["solved"]));
    }
    (c, s)
}

#[tokio::test]
async fn chart_numbers_are_the_tables_and_the_lists_numbers() {
    let app = spawn().await;
    let s = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let places = [
        (s.a1, "doorstep", "environment"),
        (s.a1, "window", "municipal"),
        (s.a, "window", "environment"),
        (s.b1, "window", "municipal"),
    ];
    for (node, channel, category) in places {
        let who = if node == s.b1 { &admin } else { &alice };
        let (st, v) = who
            .post(
                "/api/v1/requests",
                json!({"channel": channel, "category": category, "node_id": node,
                       "description": "楼道灯坏了需要维修", "contact_name": "张三",
                       "contact_phone": "13812345678"}),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
    }

    // The district: its two parks as bars, every request in the months.
    let (c, st) = charts_match_measures(&admin, &format!("under={}", s.district)).await;
    assert_eq!(num(&st["totals"]["collected"]), 4);
    assert_eq!(strings(&c["children"]["labels"]), ["甲园区", "乙园区"]);
    assert_eq!(
        series(&c["children"], "收集诉求")
            .iter()
            .map(num)
            .collect::<Vec<_>>(),
        [3, 1]
    );
    let (_, list) = admin
        .get_json(&format!("/api/v1/requests?under={}", s.district))
        .await;
    let months = series(&c["trend"], "已受理").iter().map(num).sum::<i64>();
    assert_eq!(num(&list["total"]), num(&st["totals"]["collected"]));
    assert_eq!(months, num(&st["totals"]["received"]));

    // Park A for today: its grid, then what was taken at the park itself.
    let today = today();
    let qs = format!("under={}&from={today}&to={today}", s.a);
    let (c, st) = charts_match_measures(&alice, &qs).await;
    assert_eq!(
        strings(&c["children"]["labels"]),
        ["甲一网格", "本级直接受理"]
    );
    assert_eq!(series(&c["children"], "收集诉求").last().map(num), Some(1));
    assert_eq!(num(&st["here"]["collected"]), 1);
    assert_eq!(strings(&c["trend"]["labels"]).len(), 1);
    let (_, list) = alice.get_json(&format!("/api/v1/requests?{qs}")).await;
    assert_eq!(num(&list["total"]), 3);
    assert_eq!(
        series(&c["categories"], "收集诉求")
            .iter()
            .map(num)
            .sum::<i64>(),
        3
    );

    // The page draws from the endpoint and shows the same numbers as its data tables.
    let page = alice.get(&format!("/requests/stats?{qs}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let src = format!(
        "data-src=\"/api/v1/requests/stats/charts?{}\"",
        qs.replace('&', "&#38;")
    );
    assert_eq!(html.matches(&src).count(), 3, "{html}");
    for key in ["trend", "categories", "children"] {
        assert!(html.contains(&format!("data-testid=\"chart-{key}-table\"")));
    }
    assert!(html.contains("<th scope=\"row\">本级直接受理</th><td class=\"num\">1</td>"));
    assert!(html.contains("/static/vendor/echarts/echarts.min."));

    // Outside the caller's scope: 404, like the page and the measures.
    let bob = app.login("bob", PASSWORD).await;
    for p in [
        format!("/api/v1/requests/stats/charts?under={}", s.a),
        format!("/api/v1/requests/stats?under={}", s.a),
    ] {
        let (st, _) = bob.get_json(&p).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{p}");
    }
    let page = bob.get(&format!("/requests/stats?under={}", s.a)).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let (st, _) = alice
        .get_json("/api/v1/requests/stats/charts?from=soon")
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
}
