use super::*;
use crate::DomainError;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn progress_is_the_share_of_the_way_from_baseline_to_goal_clamped() {
    assert_eq!(progress_pct(0.0, 34.0, 17.0), 50.0);
    assert_eq!(progress_pct(90.0, 100.0, 100.0), 100.0);
    assert_eq!(progress_pct(90.0, 100.0, 80.0), 0.0);
    assert_eq!(progress_pct(0.0, 10.0, 25.0), 100.0);
    assert_eq!(progress_pct(0.0, 61.0, 57.0), 93.4);
    // Downward: from 20 open problems to 0.
    assert_eq!(progress_pct(20.0, 0.0, 5.0), 75.0);
    // A goal equal to its baseline is reached or not.
    assert_eq!(progress_pct(5.0, 5.0, 5.0), 100.0);
    assert_eq!(progress_pct(5.0, 5.0, 4.0), 0.0);
}

#[test]
fn overall_progress_is_the_mean_of_the_targets() {
    assert_eq!(overall_pct(&[]), None);
    assert_eq!(overall_pct(&[100.0, 50.0, 0.0]), Some(50.0));
    assert_eq!(overall_pct(&[100.0, 93.4]), Some(96.7));
    assert_eq!(overall_pct(&[33.3]), Some(33.3));
}

#[test]
fn the_pace_compares_progress_with_the_time_gone_by() {
    let (start, due) = (d(2026, 1, 1), d(2026, 1, 11));
    assert_eq!(elapsed_pct(start, due, d(2026, 1, 6)), 50.0);
    assert_eq!(elapsed_pct(start, due, d(2025, 12, 1)), 0.0);
    assert_eq!(elapsed_pct(start, due, d(2026, 3, 1)), 100.0);
    assert_eq!(pace(60.0, start, due, d(2026, 1, 6)), Pace::OnTrack);
    assert_eq!(pace(50.0, start, due, d(2026, 1, 6)), Pace::OnTrack);
    assert_eq!(pace(40.0, start, due, d(2026, 1, 6)), Pace::Behind);
    assert_eq!(pace(100.0, start, due, d(2026, 3, 1)), Pace::Reached);
    assert_eq!(pace(99.0, start, due, d(2026, 3, 1)), Pace::Behind);
    assert_eq!(Pace::Behind.code(), "behind");
    // Due on its first day.
    assert_eq!(elapsed_pct(start, start, start), 100.0);
}

fn campaign(name: &str, start: &str, end: &str) -> CampaignInput {
    CampaignInput {
        node_id: "7".into(),
        name: name.into(),
        start_on: start.into(),
        end_on: end.into(),
        ..Default::default()
    }
}

#[test]
fn a_campaign_needs_a_node_a_name_and_days_in_order() {
    let c = campaign("红帆领航", "2026-01-01", "2026-12-31")
        .parse()
        .unwrap();
    assert_eq!(c.status, Status::Active);
    assert_eq!(c.node_id, 7);
    let e = match (CampaignInput {
        status: "closed".into(),
        ..campaign("", "2026-12-31", "2026-01-01")
    })
    .parse()
    {
        Err(DomainError::Invalid(fe)) => fe.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(e["name"], "err.required");
    assert_eq!(e["end_on"], "err.campaign_end_before_start");
    assert_eq!(e["status"], "err.choice");
    let e = match (CampaignInput {
        node_id: String::new(),
        ..campaign("x", "2026-13-01", "")
    })
    .parse()
    {
        Err(DomainError::Invalid(fe)) => fe.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(e["node_id"], "err.required");
    assert_eq!(e["start_on"], "err.date_format");
    assert_eq!(e["end_on"], "err.required");
}

fn target(kind: &str, baseline: &str, goal: &str, figure: &str) -> TargetInput {
    TargetInput {
        name: "覆盖率".into(),
        kind: kind.into(),
        baseline: baseline.into(),
        goal: goal.into(),
        due_on: "2026-06-30".into(),
        figure: figure.into(),
    }
}

const FIGURES: &[(&str, &str)] = &[
    ("enterprise.coverage_rate", "rate"),
    ("enterprise.instructors", "count"),
];

fn target_errors(t: TargetInput) -> std::collections::BTreeMap<String, String> {
    match t.parse(FIGURES, d(2026, 1, 1), d(2026, 12, 31)) {
        Err(DomainError::Invalid(fe)) => fe.0,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_target_is_bound_to_a_figure_of_its_kind_or_kept_by_hand() {
    let (s, e) = (d(2026, 1, 1), d(2026, 12, 31));
    let t = target("", "90", "100", "enterprise.coverage_rate")
        .parse(FIGURES, s, e)
        .unwrap();
    assert_eq!(t.kind, Kind::Rate);
    assert_eq!(t.figure.as_deref(), Some("enterprise.coverage_rate"));
    let t = target("count", "0", "61", "").parse(FIGURES, s, e).unwrap();
    assert_eq!((t.kind, t.figure, t.goal), (Kind::Count, None, 61.0));

    let e = target_errors(target("count", "90", "100", "enterprise.coverage_rate"));
    assert_eq!(e["kind"], "err.campaign_figure_kind");
    let e = target_errors(target("", "1", "2", "nothing.here"));
    assert_eq!(e["figure"], "err.choice");
    assert!(!e.contains_key("kind"), "{e:?}");
    let e = target_errors(target("", "x", "5", ""));
    assert_eq!(e["kind"], "err.required");
    assert_eq!(e["baseline"], "err.campaign_number");
    let e = target_errors(target("rate", "-1", "120", ""));
    assert_eq!(e["baseline"], "err.campaign_number");
    assert_eq!(e["goal"], "err.campaign_rate");
    let e = target_errors(TargetInput {
        due_on: "2027-01-01".into(),
        ..target("count", "3", "3", "")
    });
    assert_eq!(e["goal"], "err.campaign_goal_same");
    assert_eq!(e["due_on"], "err.campaign_due_outside");
}

#[test]
fn a_value_is_not_in_the_future_and_a_milestone_is_done_with_evidence() {
    let today = d(2026, 5, 1);
    let v = ValueInput {
        on: "2026-04-30".into(),
        value: "57".into(),
        note: "已解决57个".into(),
    }
    .parse(Kind::Count, today)
    .unwrap();
    assert_eq!(v.value, 57.0);
    let e = match (ValueInput {
        on: "2026-05-02".into(),
        value: "101".into(),
        note: String::new(),
    })
    .parse(Kind::Rate, today)
    {
        Err(DomainError::Invalid(fe)) => fe.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(e["on"], "err.campaign_future");
    assert_eq!(e["value"], "err.campaign_rate");

    let m = MilestoneInput {
        name: "完成摸底".into(),
        due_on: "2026-03-01".into(),
    }
    .parse(d(2026, 1, 1), d(2026, 12, 31))
    .unwrap();
    assert_eq!(m.due_on, d(2026, 3, 1));
    let done = DoneInput {
        done_on: "2026-04-01".into(),
        link: "https://example.org/report".into(),
        ..Default::default()
    }
    .parse(today)
    .unwrap();
    assert_eq!(done.note, None);
    let e = match (DoneInput {
        done_on: "2026-04-01".into(),
        link: "ftp://x".into(),
        ..Default::default()
    })
    .parse(today)
    {
        Err(DomainError::Invalid(fe)) => fe.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(e["link"], "err.campaign_link");
    let e = match DoneInput::default().parse(today) {
        Err(DomainError::Invalid(fe)) => fe.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(e["done_on"], "err.required");
    assert_eq!(e["note"], "err.campaign_evidence");
}
