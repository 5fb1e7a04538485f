//! The 红星津贴's payee accounts over HTTP, on SQLite and PostgreSQL: set by a manager of the
//! worker's organization, read masked everywhere but the bank-transfer sheet, audited without
//! the number, refused field by field in the reader's language, and out of a sibling
//! subtree's sight.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_payee_account_is_masked_except_in_the_bank_sheet() {
    let app = spawn().await;
    let t = siblings(&app).await;
    let admin = app.admin().await;
    let alice = app.login("alice", PASSWORD).await;
    let bob = app.login("bob", PASSWORD).await;
    let branch = admin
        .create_node(Some(t.a), "甲园区第四党支部", "party_branch")
        .await;
    // Two part-time party-affairs workers of the branch.
    let mut workers = vec![];
    for (i, name) in ["王党务", "李党务"].into_iter().enumerate() {
        let p = admin.new_person(branch, name, 60 + i as u32).await;
        let body = json!({"person_id": p, "post_code": "party_worker_part", "node_id": branch,
                          "start_on": "2024-01-01"});
        let (st, v) = admin.post("/api/v1/posts", body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        workers.push(p);
    }
    let (wang, li) = (workers[0], workers[1]);
    let url = format!("/api/v1/allowances/payees/{wang}");

    // Bad input: 422 field by field, in Chinese, then in English.
    let bad = json!({"bank_name": "", "holder": "王党务", "account_number": "6228-4800-12"});
    let (st, v) = alice.send(reqwest::Method::PUT, &url, bad.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"]["fields"]["bank_name"], "必填", "{v}");
    assert_eq!(
        v["error"]["fields"]["account_number"], "账号须为 12–30 位数字（可含空格）",
        "{v}"
    );
    let english = app.login("alice", PASSWORD).await;
    english
        .form("/lang", &[("lang", "en"), ("back", "/")])
        .await;
    let (st, v) = english.send(reqwest::Method::PUT, &url, bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(
        v["error"]["fields"]["account_number"],
        "An account number has 12–30 digits (spaces allowed)",
        "{v}"
    );
    // The language is the user's: back to Chinese.
    english
        .form("/lang", &[("lang", "zh-CN"), ("back", "/")])
        .await;

    // Set with spaces; read back masked.
    let good = json!({"bank_name": "中国农业银行鱼台支行", "holder": "王党务",
                      "account_number": "6228 4800 1234 5678 912"});
    let (st, v) = alice.send(reqwest::Method::PUT, &url, good).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["account"], "**** 8912", "{v}");
    let (st, v) = alice.get_json(&url).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["account"], "**** 8912", "{v}");
    assert_eq!(v["bank_name"], "中国农业银行鱼台支行", "{v}");
    assert!(!v.to_string().contains("62284800"), "{v}");
    // The list: the worker without an account first.
    let (_, v) = alice
        .get_json(&format!("/api/v1/allowances/payees?under={}", t.a))
        .await;
    assert_eq!(v["total"], 2, "{v}");
    assert_eq!(v["items"][0]["id"], li, "{v}");
    assert!(v["items"][0]["account"].is_null(), "{v}");
    // The audit keeps the masked number only.
    let (_, v) = admin
        .get_json(&format!(
            "/api/v1/audit?record_type=allowance_payee&record_id={wang}"
        ))
        .await;
    assert_eq!(v["items"][0]["after"]["account"], "**** 8912", "{v}");
    assert!(!v.to_string().contains("62284800"), "{v}");

    // A sibling subtree sees none of it: 404 on reading, setting, and an empty list.
    let (st, _) = bob.get_json(&url).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = bob
        .send(
            reqwest::Method::PUT,
            &url,
            json!({"bank_name": "x", "holder": "x", "account_number": "1"}),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, v) = bob.get_json("/api/v1/allowances/payees").await;
    assert_eq!(v["total"], 0, "{v}");
    let r = bob.get(&format!("/allowances/payees/{wang}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A batch paying both: the page warns of the missing account and masks the other; the
    // bank sheet has the full number and marks the line without one.
    let body = json!({"threshold_1": "50", "notice_days": "0"});
    let (st, v) = alice
        .post(&format!("/api/v1/ratings/rules/{}", t.a), body)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let body = json!({"node_id": branch, "period": "2024Q1", "star": 4, "reason": "先进"});
    let (st, v) = alice.post("/api/v1/ratings/direct", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    let (st, v) = alice
        .post(
            &format!("/api/v1/allowances/amounts/{}", t.a),
            json!({"period": "2024Q1", "amount_4": "300"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let (st, b) = alice
        .post(
            "/api/v1/allowances",
            json!({"node_id": t.a, "period": "2024Q1"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    assert_eq!(b["missing_accounts"], 1, "{b}");
    let id = b["batch"]["id"].as_i64().unwrap();
    let page = alice
        .get(&format!("/allowances/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("batch-missing-accounts"), "{page}");
    assert!(page.contains("**** 8912"), "{page}");
    assert!(!page.contains("62284800"), "{page}");
    let (st, bytes) = alice
        .get_bytes(&format!("/api/v1/allowances/{id}/bank.xlsx"))
        .await;
    assert_eq!(st, StatusCode::OK);
    let rows = crate::orgs::xlsx_rows(&bytes);
    assert_eq!(
        rows[0][..5],
        ["序号", "收款人", "开户银行", "户名", "账号"],
        "{rows:?}"
    );
    let of = |name: &str| rows.iter().find(|r| r[1] == name).cloned().unwrap();
    assert_eq!(of("王党务")[4], "6228480012345678912", "{rows:?}");
    assert_eq!(of("李党务")[4], "未登记账户", "{rows:?}");

    // The pages: the list and the form, which shows the typed values again on a 422.
    let page = alice
        .get(&format!("/allowances/payees?under={}", t.a))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("payee-missing") && page.contains("李党务"),
        "{page}"
    );
    let r = alice
        .form(
            &format!("/allowances/payees/{li}"),
            &[
                ("bank_name", "工商银行"),
                ("holder", "李党务"),
                ("account_number", "12 34"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("value=\"工商银行\""), "{page}");
    assert!(page.contains("账号须为 12–30 位数字"), "{page}");
    let r = alice
        .form(
            &format!("/allowances/payees/{li}"),
            &[
                ("bank_name", "工商银行"),
                ("holder", "李党务"),
                ("account_number", "6222 0212 3456 7890"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, v) = alice.get_json(&format!("/api/v1/allowances/{id}")).await;
    assert_eq!(v["missing_accounts"], 0, "{v}");
}
