//! The rating area against a real database: an outcome rated with caps per superior, the
//! kept distribution against the scan, the notice, a direct rating, and a batch paid,
//! locked and reversed; a sibling subtree sees none of it.

use crate::entity::{org_node, person, person_post};
use crate::kit::area::{RoundOutcome, RoundResult};
use crate::kit::today;
use crate::{Actor, StorageError, Store};
use chrono::{Days, NaiveDate};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use touyan_domain::access::{Grant, Grants, Permission};
use touyan_domain::rating::{BatchInput, BatchState, DirectInput, TextInput};
use touyan_domain::tree::TreePath;

async fn node(db: &DatabaseConnection, id: i64, parent: Option<i64>, path: &str) {
    org_node::ActiveModel {
        id: Set(id),
        parent_id: Set(parent),
        path: Set(path.into()),
        depth: Set(path.matches('/').count() as i32 - 1),
        name: Set(format!("n{id}")),
        spell: Set(format!("n{id}")),
        kind: Set("party_branch".into()),
        code: Set(None),
        sort_order: Set(0),
        status: Set("active".into()),
        created_at: Set(0),
        updated_at: Set(0),
    }
    .insert(db)
    .await
    .unwrap();
}

async fn worker(db: &DatabaseConnection, id: i64, node_id: i64, path: &str, from: NaiveDate) {
    person::ActiveModel {
        id: Set(id),
        name: Set(format!("p{id}")),
        gender: Set("male".into()),
        ethnicity: Set(None),
        birth_date: Set(NaiveDate::from_ymd_opt(1980, 1, 1).unwrap()),
        id_number: Set(format!("11010119800101{id:04}")),
        phone: Set(None),
        education: Set(None),
        node_id: Set(node_id),
        node_path: Set(path.into()),
        status: Set("full".into()),
        applied_on: Set(None),
        activist_on: Set(None),
        development_object_on: Set(None),
        probation_on: Set(None),
        probation_extended_months: Set(None),
        full_on: Set(None),
        notes: Set(None),
        created_at: Set(0),
        updated_at: Set(0),
    }
    .insert(db)
    .await
    .unwrap();
    person_post::ActiveModel {
        person_id: Set(id),
        post_code: Set("party_worker_part".into()),
        node_id: Set(node_id),
        node_path: Set(path.into()),
        start_on: Set(from),
        end_on: Set(None),
        note: Set(None),
        created_at: Set(0),
        updated_at: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

fn reader_of(path: &str) -> Actor {
    Actor {
        grants: Grants::new(vec![Grant {
            permissions: [Permission::RatingRead, Permission::RatingManage]
                .into_iter()
                .collect(),
            scope: TreePath::parse(path).unwrap(),
        }]),
        username: "b".into(),
        display_name: "b".into(),
        user_id: Some(99),
        ..Actor::system()
    }
}

/// Root 1; superior 2 with branches 3–12; sibling superior 20 with branch 21.
async fn tree() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}/r.db", dir.path().display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let db = store.raw_connection();
    node(db, 1, None, "/1/").await;
    node(db, 2, Some(1), "/1/2/").await;
    for id in 3..=12 {
        node(db, id, Some(2), &format!("/1/2/{id}/")).await;
    }
    node(db, 20, Some(1), "/1/20/").await;
    node(db, 21, Some(20), "/1/20/21/").await;
    (dir, store)
}

fn outcome(period: &str, scores: &[(i64, i64)]) -> RoundOutcome {
    RoundOutcome {
        round_id: 1,
        node_id: 2,
        node_path: TreePath::parse("/1/2/").unwrap(),
        period: period.into(),
        title: "t".into(),
        results: scores
            .iter()
            .map(|&(node_id, s)| RoundResult {
                node_id,
                score_hundredths: s,
                vetoed: false,
            })
            .collect(),
    }
}

#[tokio::test]
async fn an_outcome_is_rated_with_caps_and_the_kept_counts_equal_the_scan() {
    let (_dir, store) = tree().await;
    let sys = Actor::system();
    let r = store.scoped(&sys).ratings();
    let long_ago = today() - Days::new(400);
    // Ten branches all above 90: one keeps 5★, four 4★, three 3★, two 2★.
    let scores: Vec<(i64, i64)> = (3..=12).map(|id| (id, 90_00 + id)).collect();
    let n = r
        .rate_outcome_on(&outcome("2024Q1", &scores), long_ago)
        .await
        .unwrap();
    assert_eq!(n, 10);
    let kept = r.distribution(2, Some("2024Q1")).await.unwrap();
    assert_eq!(kept[0].counts, vec![0, 0, 2, 3, 4, 1]);
    assert_eq!(kept, r.distribution_scan(2, Some("2024Q1")).await.unwrap());
    assert_eq!(r.distribution(1, None).await.unwrap(), kept);
    // The next quarter all score 60: every branch moves, the history keeps both moves.
    let scores: Vec<(i64, i64)> = (3..=12).map(|id| (id, 60_00)).collect();
    r.rate_outcome_on(&outcome("2024Q2", &scores), long_ago + Days::new(91))
        .await
        .unwrap();
    let all = r.distribution(1, None).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].counts, vec![0, 0, 10, 0, 0, 0]);
    assert_eq!(all, r.distribution_scan(1, None).await.unwrap());
    let (moves, ratings) = r.history(12).await.unwrap();
    let steps: Vec<(Option<u8>, Option<u8>)> =
        moves.iter().map(|m| (m.from_star, m.to_star)).collect();
    assert_eq!(steps, vec![(None, Some(5)), (Some(5), Some(2))]);
    assert_eq!(ratings[0].state, "final");
    // Rebuilding the kept counts gives the same.
    let txn = sea_orm::TransactionTrait::begin(store.raw_connection())
        .await
        .unwrap();
    super::counts::rebuild(&txn).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(r.distribution(1, None).await.unwrap(), all);
}

#[tokio::test]
async fn a_rating_is_under_notice_until_its_window_ends_with_objections_answered() {
    let (_dir, store) = tree().await;
    let sys = Actor::system();
    let r = store.scoped(&sys).ratings();
    r.rate_outcome(&outcome("2026Q1", &[(3, 95_00)]))
        .await
        .unwrap();
    let page = r
        .list(
            &super::RatingFilter {
                state: Some("notice".into()),
                ..Default::default()
            },
            touyan_domain::paging::PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let v = &page.items[0];
    // Alone under its superior, floor(10 % × 1) = 0 five-star and so on down: 2★.
    assert_eq!((v.state.as_str(), v.star), ("notice", Some(2)));
    let id = v.id;
    let body = TextInput {
        body: "得分计算有误".into(),
    };
    let d = r.object(id, &body).await.unwrap();
    assert_eq!(d.rating.open_objections, 1);
    let oid = d.objections[0].id;
    let d = r.answer(id, oid, &body).await.unwrap();
    assert_eq!(d.rating.open_objections, 0);
    assert!(matches!(
        r.answer(id, oid, &body).await,
        Err(StorageError::Refused("rule.rating_answered"))
    ));
    assert_eq!(r.current_star(3).await.unwrap().map(|v| v.id), None);
    // A direct rating stands as given, with its reason, when the round is rated again.
    let direct = DirectInput {
        node_id: "4".into(),
        period: "2026Q1".into(),
        star: "5".into(),
        reason: "先进基层党组织".into(),
    };
    let d = r.rate_direct(&direct).await.unwrap();
    assert_eq!(
        (d.rating.star, d.rating.basis.as_str()),
        (Some(5), "direct")
    );
    r.rate_outcome(&outcome("2026Q1", &[(3, 95_00), (4, 10_00)]))
        .await
        .unwrap();
    let (_, rs) = r.history(4).await.unwrap();
    assert_eq!(rs[0].star, Some(5));
    // A sibling subtree sees none of it.
    let b = reader_of("/1/20/");
    let rb = store.scoped(&b).ratings();
    assert!(matches!(rb.detail(id).await, Err(StorageError::NotFound)));
    assert!(matches!(rb.history(3).await, Err(StorageError::NotFound)));
    assert!(matches!(
        rb.object(id, &body).await,
        Err(StorageError::NotFound)
    ));
    assert!(matches!(
        rb.distribution(2, None).await,
        Err(StorageError::NotFound)
    ));
}

#[tokio::test]
async fn a_paid_batch_is_locked_and_a_reversal_negates_it_exactly() {
    let (_dir, store) = tree().await;
    let db = store.raw_connection();
    let q = touyan_domain::rating::Period::parse("2024Q1").unwrap();
    worker(
        db,
        1,
        3,
        "/1/2/3/",
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
    )
    .await;
    // In post from 2 March: 30 of the quarter's 91 days.
    worker(
        db,
        2,
        4,
        "/1/2/4/",
        NaiveDate::from_ymd_opt(2024, 3, 2).unwrap(),
    )
    .await;
    worker(db, 3, 21, "/1/20/21/", q.first).await;
    let sys = Actor::system();
    let r = store.scoped(&sys).ratings();
    r.rate_outcome_on(&outcome("2024Q1", &[(3, 95_00), (4, 95_00)]), q.last)
        .await
        .unwrap();
    let amounts = touyan_domain::rating::AmountInput {
        period: "2024Q1".into(),
        amount_3: "200".into(),
        amount_4: "300".into(),
        amount_5: "500".into(),
        ..Default::default()
    };
    r.set_amounts(2, &amounts).await.unwrap();
    let input = BatchInput {
        node_id: "2".into(),
        period: "2024Q1".into(),
    };
    let b = r.compute_batch(&input).await.unwrap();
    // Two rated: floor(10 % × 2) = 0 five-star, and no four- or three-star either: both
    // end at 2★, which pays nothing in this table.
    assert_eq!(b.lines.len(), 0, "{:?}", b.lines);
    // A later quarter rated directly, issued long ago (so final by now).
    let q2 = "2025Q1";
    r.rate_direct_on(
        &DirectInput {
            node_id: "3".into(),
            period: q2.into(),
            star: "5".into(),
            reason: "先进基层党组织".into(),
        },
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
    )
    .await
    .unwrap();
    r.rate_direct_on(
        &DirectInput {
            node_id: "4".into(),
            period: q2.into(),
            star: "3".into(),
            reason: "上级评定".into(),
        },
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
    )
    .await
    .unwrap();
    let amounts = touyan_domain::rating::AmountInput {
        period: q2.into(),
        ..amounts
    };
    r.set_amounts(2, &amounts).await.unwrap();
    let input = BatchInput {
        node_id: "2".into(),
        period: q2.into(),
    };
    let b = r.compute_batch(&input).await.unwrap();
    let got: Vec<(i64, Option<u8>, i64)> = b
        .lines
        .iter()
        .map(|l| (l.person_id, l.star, l.amount_fen))
        .collect();
    // Worker 2 took the post in 2024: the whole of 2025Q1.
    assert_eq!(got, vec![(1, Some(5), 50_000), (2, Some(3), 20_000)]);
    assert_eq!(b.batch.total_fen, 70_000);
    let id = b.batch.id;
    r.advance_batch(id, BatchState::Approved).await.unwrap();
    assert!(matches!(
        r.compute_batch(&input).await,
        Err(StorageError::Refused("rule.allowance_batch_exists"))
    ));
    assert!(matches!(
        r.reverse_batch(id).await,
        Err(StorageError::Refused("rule.allowance_reverse"))
    ));
    r.advance_batch(id, BatchState::Paid).await.unwrap();
    assert!(matches!(
        r.advance_batch(id, BatchState::Paid).await,
        Err(StorageError::Refused(_))
    ));
    assert_eq!(r.paid_total(1, "2020").await.unwrap(), 70_000);
    let back = r.reverse_batch(id).await.unwrap();
    assert_eq!(back.batch.reverses_id, Some(id));
    for (a, b) in b.lines.iter().zip(&back.lines) {
        assert_eq!(
            (a.person_id, a.org_node_id, a.days),
            (b.person_id, b.org_node_id, b.days)
        );
        assert_eq!(a.amount_fen + b.amount_fen, 0);
    }
    assert!(matches!(
        r.reverse_batch(id).await,
        Err(StorageError::Refused("rule.allowance_reverse"))
    ));
    let rid = back.batch.id;
    r.advance_batch(rid, BatchState::Approved).await.unwrap();
    r.advance_batch(rid, BatchState::Paid).await.unwrap();
    assert_eq!(r.paid_total(1, "2020").await.unwrap(), 0);
    // Once reversed the period may be computed again.
    let again = r.compute_batch(&input).await.unwrap();
    assert_eq!(again.batch.total_fen, 70_000);
    // A sibling subtree sees none of the batches.
    let b = reader_of("/1/20/");
    let rb = store.scoped(&b).ratings();
    assert!(matches!(rb.batch(id).await, Err(StorageError::NotFound)));
    assert!(matches!(
        rb.reverse_batch(id).await,
        Err(StorageError::NotFound)
    ));
    assert_eq!(rb.batches(None, Default::default()).await.unwrap().total, 0);
}
