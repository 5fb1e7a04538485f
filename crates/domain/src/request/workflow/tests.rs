use super::*;
use crate::calendar::{parse_schedule, WorkCalendar};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn now() -> NaiveDateTime {
    t("2026-03-04 10:00")
}

fn at(state: State) -> RequestFacts {
    RequestFacts {
        state,
        handling_node: matches!(state, Dispatched | Accepted | Replied | Closed).then_some(7),
        closed_at: (state == Closed).then(|| t("2026-03-02 15:00")),
        ..RequestFacts::default()
    }
}

fn input(action: &str) -> ActionInput {
    ActionInput {
        action: action.into(),
        ..Default::default()
    }
}

/// A complete input for every action, valid whatever the action.
fn full(action: &str) -> ActionInput {
    ActionInput {
        action: action.into(),
        reason: "原因说明".into(),
        node_id: Some(9),
        days: "3".into(),
        result: "已修复路灯".into(),
        evidence: vec![3, 1, 3],
        answer: "群众表示满意".into(),
        rating: "satisfied".into(),
        solved: Some(true),
    }
}

fn go(req: &RequestFacts, role: Role, i: &ActionInput) -> Result<Effect, DomainError> {
    apply(req, role, i, now(), &Policy::default())
}

fn refusal(r: Result<Effect, DomainError>) -> &'static str {
    match r {
        Err(DomainError::Refused(k)) => k,
        other => panic!("{other:?}"),
    }
}

fn fields(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, String)> {
    match r {
        Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
        other => panic!("{other:?}"),
    }
}

fn f(field: &str, key: &str) -> (String, String) {
    (field.into(), key.into())
}

#[test]
fn states_and_actions_are_data() {
    assert_eq!(STATES.len(), State::ALL.len());
    for s in State::ALL {
        assert_eq!(State::from_code(s.code()), Some(s));
        assert_eq!(s.is_open(), !matches!(s, Closed | Withdrawn), "{s:?}");
    }
    assert_eq!(Received.def().zh, "已受理待派单");
    let mut codes: Vec<&str> = ACTIONS.iter().map(|a| a.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), ACTIONS.len());
    for a in ACTIONS {
        assert_eq!(ActionKind::from_code(a.code), Some(a.kind));
        assert_eq!(a.kind.code(), a.code);
        assert!(!a.from.is_empty() && !a.roles.is_empty());
        // Nothing leaves a withdrawn request; only reopen, follow_up and rate touch a
        // closed one.
        assert!(!a.from.contains(&Withdrawn));
        if a.from.contains(&Closed) {
            assert!(matches!(a.kind, A::Reopen | A::FollowUp | A::Rate));
        }
    }
    for r in Role::ALL {
        assert_eq!(Role::from_code(r.code()), Some(r));
    }
    for r in Rating::ALL {
        assert_eq!(Rating::from_code(r.code()), Some(r));
        assert_eq!(r.counts_satisfied(), r != Rating::Dissatisfied);
    }
    for s in Step::ALL {
        assert_eq!(Step::from_code(s.code()), Some(s));
    }
    assert_eq!(Card::from_code("red"), Some(Card::Red));
}

/// Every (action, state, role) outside the table is refused, naming the rule; every one
/// inside is allowed (given good fields and no other rule in the way).
#[test]
fn the_table_decides_every_combination() {
    for a in ACTIONS {
        for s in State::ALL {
            for role in Role::ALL {
                let mut req = at(s);
                if matches!(a.kind, A::ApproveExtension | A::RefuseExtension) {
                    req.pending_extension = Some(2);
                }
                let r = go(&req, role, &full(a.code));
                if !a.roles.contains(&role) {
                    assert_eq!(
                        refusal(r),
                        "rule.request_role_not_allowed",
                        "{} {s:?} {role:?}",
                        a.code
                    );
                } else if !a.from.contains(&s) {
                    assert_eq!(
                        refusal(r),
                        "rule.request_action_not_allowed",
                        "{} {s:?} {role:?}",
                        a.code
                    );
                } else {
                    let e = r.unwrap_or_else(|e| panic!("{} {s:?} {role:?}: {e:?}", a.code));
                    assert_eq!(e.from, s);
                    match a.to {
                        Target::To(to) => assert_eq!(e.to, to, "{}", a.code),
                        Target::Same => assert_eq!(e.to, s, "{}", a.code),
                    }
                    assert_eq!(e.action.kind(), a.kind);
                }
            }
        }
    }
}

#[test]
fn the_loop_from_submission_to_rating() {
    let p = Policy::default();
    let mut req = RequestFacts::default();
    let step = |req: &mut RequestFacts, role, i: ActionInput| {
        let e = apply(req, role, &i, now(), &p).unwrap();
        *req = e.next;
        e
    };
    let e = step(&mut req, Dispatcher, input("receive"));
    assert_eq!(e.to, Received);
    assert!(e.clocks.is_empty());
    let e = step(
        &mut req,
        Dispatcher,
        ActionInput {
            node_id: Some(7),
            ..input("dispatch")
        },
    );
    assert_eq!(e.clocks, [Clock::Start(Step::Accept)]);
    assert_eq!(req.handling_node, Some(7));
    let e = step(&mut req, Handler, input("accept"));
    assert_eq!(
        e.clocks,
        [Clock::Stop(Step::Accept), Clock::Start(Step::Reply)]
    );
    let e = step(
        &mut req,
        Handler,
        ActionInput {
            days: "5".into(),
            reason: "需协调燃气公司".into(),
            ..input("request_extension")
        },
    );
    assert_eq!((e.to, req.pending_extension), (Accepted, Some(5)));
    let e = step(&mut req, Dispatcher, input("approve_extension"));
    assert_eq!(e.clocks, [Clock::ExtendReply { days: 5 }]);
    assert_eq!(req.pending_extension, None);
    let e = step(
        &mut req,
        Handler,
        ActionInput {
            result: "已完成管道更换".into(),
            evidence: vec![5, 2, 5],
            ..input("reply")
        },
    );
    assert_eq!(
        e.clocks,
        [Clock::Stop(Step::Reply), Clock::Start(Step::FollowUp)]
    );
    assert_eq!(
        e.action,
        Action::Reply {
            result: "已完成管道更换".into(),
            evidence: vec![2, 5]
        }
    );
    assert_eq!(req.state, Replied);
    let e = step(
        &mut req,
        Dispatcher,
        ActionInput {
            answer: "电话回访，诉求人认可".into(),
            ..input("follow_up")
        },
    );
    assert_eq!(e.clocks, [Clock::Stop(Step::FollowUp)]);
    assert!(!req.rated_this_round);
    let e = step(
        &mut req,
        Dispatcher,
        ActionInput {
            solved: Some(true),
            ..input("close")
        },
    );
    assert_eq!(e.to, Closed);
    assert!(e.clocks.is_empty());
    assert_eq!(req.closed_at, Some(now()));
    assert!(!req.state.is_open());
    let e = step(
        &mut req,
        Complainant,
        ActionInput {
            rating: "basically_satisfied".into(),
            ..input("rate")
        },
    );
    assert_eq!((e.to, e.reopened), (Closed, false));
    assert!(req.rated_this_round);
    assert_eq!(
        refusal(go(
            &req,
            Complainant,
            &ActionInput {
                rating: "satisfied".into(),
                ..input("rate")
            }
        )),
        "rule.request_rated"
    );
}

#[test]
fn actions_carry_their_required_fields() {
    let a = at(Accepted);
    assert_eq!(
        fields(go(&at(Received), Dispatcher, &input("dispatch"))),
        [f("node_id", "err.request_node_required")]
    );
    assert_eq!(
        fields(go(&a, Handler, &input("send_back"))),
        [f("reason", "err.required")]
    );
    assert_eq!(
        fields(go(&a, Handler, &input("transfer"))),
        [
            f("node_id", "err.request_node_required"),
            f("reason", "err.required")
        ]
    );
    assert_eq!(
        fields(go(&a, Handler, &input("request_extension"))),
        [f("days", "err.required"), f("reason", "err.required")]
    );
    for (days, key) in [
        ("0", "err.request_extension_days"),
        ("31", "err.request_extension_days"),
        ("两天", "err.number_invalid"),
        ("-1", "err.number_invalid"),
    ] {
        let i = ActionInput {
            days: days.into(),
            reason: "x".into(),
            ..input("request_extension")
        };
        assert_eq!(fields(go(&a, Handler, &i)), [f("days", key)], "{days}");
    }
    for days in ["1", " 30 "] {
        let i = ActionInput {
            days: days.into(),
            reason: "x".into(),
            ..input("request_extension")
        };
        assert!(go(&a, Handler, &i).is_ok());
    }
    let pending = RequestFacts {
        pending_extension: Some(3),
        ..a
    };
    assert_eq!(
        fields(go(&pending, Dispatcher, &input("refuse_extension"))),
        [f("reason", "err.required")]
    );
    assert_eq!(
        fields(go(&a, Handler, &input("reply"))),
        [f("result", "err.required")]
    );
    assert_eq!(
        fields(go(
            &a,
            Handler,
            &ActionInput {
                result: "长".repeat(2001),
                ..input("reply")
            }
        )),
        [f("result", "err.too_long_2000")]
    );
    let r = at(Replied);
    assert_eq!(
        fields(go(&r, Dispatcher, &input("follow_up"))),
        [f("answer", "err.required")]
    );
    assert_eq!(
        fields(go(
            &r,
            Dispatcher,
            &ActionInput {
                answer: "x".into(),
                rating: "so-so".into(),
                ..input("follow_up")
            }
        )),
        [f("rating", "err.choice")]
    );
    assert_eq!(
        fields(go(&r, Dispatcher, &input("close"))),
        [f("solved", "err.required")]
    );
    assert_eq!(
        fields(go(&r, Complainant, &input("rate"))),
        [f("rating", "err.required")]
    );
    assert_eq!(
        fields(go(&at(Closed), Dispatcher, &input("reopen"))),
        [f("reason", "err.required")]
    );
    assert_eq!(
        fields(go(
            &at(Submitted),
            Complainant,
            &ActionInput {
                reason: "长".repeat(501),
                ..input("withdraw")
            }
        )),
        [f("reason", "err.too_long_500")]
    );
    assert_eq!(
        fields(go(&a, Handler, &input("fly"))),
        [f("action", "err.choice")]
    );
    assert_eq!(
        fields(go(&a, Handler, &input(" "))),
        [f("action", "err.required")]
    );
    // Optional notes are optional.
    assert!(go(&at(Submitted), Complainant, &input("withdraw")).is_ok());
    assert!(go(&at(Dispatched), Handler, &input("accept")).is_ok());
}

#[test]
fn refusals_come_before_field_errors() {
    // A handler may not dispatch, whatever the form says.
    assert_eq!(
        refusal(go(&at(Received), Handler, &input("dispatch"))),
        "rule.request_role_not_allowed"
    );
    // Replying to a request not yet accepted is refused, fields or not.
    assert_eq!(
        refusal(go(&at(Dispatched), Handler, &input("reply"))),
        "rule.request_action_not_allowed"
    );
    let pending = RequestFacts {
        pending_extension: Some(2),
        ..at(Accepted)
    };
    assert_eq!(
        refusal(go(&pending, Handler, &input("request_extension"))),
        "rule.request_extension_pending"
    );
}

#[test]
fn send_back_and_transfer() {
    let p = Policy::default();
    for s in [Dispatched, Accepted] {
        let req = RequestFacts {
            pending_extension: (s == Accepted).then_some(2),
            ..at(s)
        };
        let e = go(
            &req,
            Handler,
            &ActionInput {
                reason: "不属于本单位职责".into(),
                ..input("send_back")
            },
        )
        .unwrap();
        assert_eq!(e.to, Received);
        assert_eq!(e.next.handling_node, None);
        assert_eq!(e.next.pending_extension, None);
        assert_eq!(e.clocks, [Clock::StopAll]);
        for role in [Dispatcher, Handler] {
            let e = go(
                &req,
                role,
                &ActionInput {
                    node_id: Some(8),
                    reason: "属供水公司".into(),
                    ..input("transfer")
                },
            )
            .unwrap();
            assert_eq!(e.to, Dispatched);
            assert_eq!(e.next.handling_node, Some(8));
            assert_eq!(e.next.pending_extension, None);
            assert_eq!(e.clocks, [Clock::StopAll, Clock::Start(Step::Accept)]);
            let same = ActionInput {
                node_id: Some(7),
                reason: "x".into(),
                ..input("transfer")
            };
            assert_eq!(
                refusal(apply(&req, role, &same, now(), &p)),
                "rule.request_transfer_same_node"
            );
        }
    }
    // After being sent back, the centre dispatches again.
    let back = go(
        &at(Accepted),
        Handler,
        &ActionInput {
            reason: "x".into(),
            ..input("send_back")
        },
    )
    .unwrap()
    .next;
    assert!(go(
        &back,
        Dispatcher,
        &ActionInput {
            node_id: Some(8),
            ..input("dispatch")
        }
    )
    .is_ok());
}

#[test]
fn extensions_one_at_a_time_and_only_when_asked() {
    let a = at(Accepted);
    assert_eq!(
        refusal(go(&a, Dispatcher, &input("approve_extension"))),
        "rule.request_no_extension"
    );
    assert_eq!(
        refusal(go(
            &a,
            Dispatcher,
            &ActionInput {
                reason: "x".into(),
                ..input("refuse_extension")
            }
        )),
        "rule.request_no_extension"
    );
    let asked = go(
        &a,
        Handler,
        &ActionInput {
            days: "10".into(),
            reason: "需招标".into(),
            ..input("request_extension")
        },
    )
    .unwrap();
    assert!(asked.clocks.is_empty());
    let pending = asked.next;
    assert_eq!(pending.pending_extension, Some(10));
    assert_eq!(
        refusal(go(
            &pending,
            Handler,
            &ActionInput {
                days: "1".into(),
                reason: "x".into(),
                ..input("request_extension")
            }
        )),
        "rule.request_extension_pending"
    );
    // A handler cannot approve its own request.
    assert_eq!(
        refusal(go(&pending, Handler, &input("approve_extension"))),
        "rule.request_role_not_allowed"
    );
    let refused = go(
        &pending,
        Dispatcher,
        &ActionInput {
            reason: "时限内可办结".into(),
            ..input("refuse_extension")
        },
    )
    .unwrap();
    assert_eq!(refused.next.pending_extension, None);
    assert!(refused.clocks.is_empty());
    let approved = go(&pending, Dispatcher, &input("approve_extension")).unwrap();
    assert_eq!(approved.clocks, [Clock::ExtendReply { days: 10 }]);
    // After a decision, another may be asked.
    assert!(go(
        &approved.next,
        Handler,
        &ActionInput {
            days: "2".into(),
            reason: "x".into(),
            ..input("request_extension")
        }
    )
    .is_ok());
    // Replying drops an undecided request.
    let replied = go(
        &pending,
        Handler,
        &ActionInput {
            result: "已办".into(),
            ..input("reply")
        },
    )
    .unwrap();
    assert_eq!(replied.next.pending_extension, None);
}

#[test]
fn ratings_once_per_round_and_dissatisfaction_reopens_within_the_window() {
    let p = Policy::default(); // reopen window 7 days
    let closed = at(Closed); // closed 2026-03-02 15:00
    let bad = ActionInput {
        rating: "dissatisfied".into(),
        ..input("rate")
    };
    let e = apply(&closed, Complainant, &bad, t("2026-03-09 15:00"), &p).unwrap();
    assert!(e.reopened);
    assert_eq!(e.to, Received);
    assert_eq!(
        e.next,
        RequestFacts {
            state: Received,
            ..RequestFacts::default()
        }
    );
    assert_eq!(e.clocks, [Clock::StopAll]);
    assert_eq!(
        e.action,
        Action::Rate {
            rating: Rating::Dissatisfied,
            comment: None
        }
    );
    // After the window the rating still counts, but the request stays closed.
    let late = apply(&closed, Complainant, &bad, t("2026-03-09 15:01"), &p).unwrap();
    assert!(!late.reopened);
    assert_eq!(late.to, Closed);
    assert!(late.next.rated_this_round);
    // Satisfied does not reopen.
    let ok = apply(
        &closed,
        Complainant,
        &ActionInput {
            rating: "satisfied".into(),
            ..input("rate")
        },
        t("2026-03-03 09:00"),
        &p,
    )
    .unwrap();
    assert!(!ok.reopened);
    // Not satisfied before closing: recorded, and the centre decides when it closes.
    let e = go(&at(Replied), Complainant, &bad).unwrap();
    assert_eq!(
        (e.to, e.reopened, e.next.rated_this_round),
        (Replied, false, true)
    );
    assert_eq!(refusal(go(&e.next, Dispatcher, &bad)), "rule.request_rated");
    // The dispatcher records the rating at the follow-up visit; the same rules apply.
    let fu = ActionInput {
        answer: "诉求人仍不满意".into(),
        rating: "dissatisfied".into(),
        ..input("follow_up")
    };
    let e = apply(&closed, Dispatcher, &fu, t("2026-03-05 10:00"), &p).unwrap();
    assert!(e.reopened);
    assert_eq!(e.to, Received);
    let rated = RequestFacts {
        rated_this_round: true,
        ..closed
    };
    assert_eq!(refusal(go(&rated, Dispatcher, &fu)), "rule.request_rated");
    // A follow-up without a rating is fine after rating.
    assert!(go(
        &rated,
        Dispatcher,
        &ActionInput {
            answer: "x".into(),
            ..input("follow_up")
        }
    )
    .is_ok());
    // A reopened request is rated again in its next round.
    assert!(!e.next.rated_this_round);
}

#[test]
fn reopening() {
    let p = Policy::default();
    let closed = RequestFacts {
        rated_this_round: true,
        ..at(Closed)
    };
    let ask = ActionInput {
        reason: "路灯又不亮了".into(),
        ..input("reopen")
    };
    // The centre may reopen at any time.
    let e = apply(&closed, Dispatcher, &ask, t("2026-12-01 10:00"), &p).unwrap();
    assert!(e.reopened);
    assert_eq!(
        e.next,
        RequestFacts {
            state: Received,
            ..RequestFacts::default()
        }
    );
    // The complainant only within the window.
    assert!(
        apply(&closed, Complainant, &ask, t("2026-03-09 15:00"), &p)
            .unwrap()
            .reopened
    );
    assert_eq!(
        refusal(apply(&closed, Complainant, &ask, t("2026-03-09 15:01"), &p)),
        "rule.request_reopen_window"
    );
    let no_window = Policy {
        reopen_window_days: 0,
        ..p
    };
    assert_eq!(
        refusal(apply(
            &closed,
            Complainant,
            &ask,
            t("2026-03-02 15:01"),
            &no_window
        )),
        "rule.request_reopen_window"
    );
    // A closed request without its closing time is outside any window.
    let odd = RequestFacts {
        closed_at: None,
        ..closed
    };
    assert_eq!(
        refusal(apply(&odd, Complainant, &ask, now(), &p)),
        "rule.request_reopen_window"
    );
}

#[test]
fn withdrawing_and_receiving() {
    for s in [Submitted, Received] {
        for role in [Complainant, Dispatcher] {
            let e = go(&at(s), role, &input("withdraw")).unwrap();
            assert_eq!(e.to, Withdrawn);
            assert_eq!(e.clocks, [Clock::StopAll]);
        }
    }
    assert_eq!(
        refusal(go(&at(Dispatched), Complainant, &input("withdraw"))),
        "rule.request_action_not_allowed"
    );
    // A hotline import is received by the platform.
    assert_eq!(
        go(&at(Submitted), System, &input("receive")).unwrap().to,
        Received
    );
    assert_eq!(
        refusal(go(&at(Submitted), Complainant, &input("receive"))),
        "rule.request_role_not_allowed"
    );
}

#[test]
fn patrol_requests_have_no_complainant() {
    let req = RequestFacts {
        has_complainant: false,
        ..at(Replied)
    };
    assert_eq!(
        refusal(go(
            &req,
            Complainant,
            &ActionInput {
                rating: "satisfied".into(),
                ..input("rate")
            }
        )),
        "rule.request_no_complainant"
    );
    let a = RequestFacts {
        has_complainant: false,
        ..at(Accepted)
    };
    let e = go(
        &a,
        Handler,
        &ActionInput {
            result: "已清理".into(),
            ..input("reply")
        },
    )
    .unwrap();
    assert_eq!(e.clocks, [Clock::Stop(Step::Reply)]);
    let e = go(
        &req,
        Dispatcher,
        &ActionInput {
            solved: Some(true),
            ..input("close")
        },
    )
    .unwrap();
    assert_eq!(e.clocks, [Clock::StopAll]);
    assert_eq!(
        refusal(go(&at(Submitted), Complainant, &input("receive"))),
        "rule.request_role_not_allowed"
    );
}

#[test]
fn buttons_to_show() {
    let p = Policy::default();
    let now = now();
    assert_eq!(
        available_actions(&at(Submitted), Dispatcher, now, &p),
        [A::Receive, A::Withdraw]
    );
    assert_eq!(
        available_actions(&at(Dispatched), Handler, now, &p),
        [A::Accept, A::SendBack, A::Transfer]
    );
    assert_eq!(
        available_actions(&at(Accepted), Handler, now, &p),
        [A::SendBack, A::Transfer, A::RequestExtension, A::Reply]
    );
    let pending = RequestFacts {
        pending_extension: Some(1),
        ..at(Accepted)
    };
    assert_eq!(
        available_actions(&pending, Dispatcher, now, &p),
        [A::Transfer, A::ApproveExtension, A::RefuseExtension]
    );
    assert_eq!(
        available_actions(&at(Replied), Complainant, now, &p),
        [A::Rate]
    );
    assert_eq!(
        available_actions(&at(Closed), Complainant, t("2026-04-01 10:00"), &p),
        [A::Rate]
    );
    assert_eq!(
        available_actions(&at(Closed), Complainant, now, &p),
        [A::Reopen, A::Rate]
    );
    assert!(available_actions(&at(Withdrawn), Dispatcher, now, &p).is_empty());
    assert!(available_actions(&at(Accepted), System, now, &p).is_empty());
}

#[test]
fn policy_input() {
    let ok = PolicyInput {
        accept_within_hours: "4".into(),
        reply_within_days: "15".into(),
        follow_up_within_days: "2".into(),
        reopen_window_days: "0".into(),
        red_after_work_hours: "".into(),
    };
    assert_eq!(
        ok.parse().unwrap(),
        Policy {
            accept_within_hours: 4,
            reply_within_days: 15,
            follow_up_within_days: 2,
            reopen_window_days: 0,
            red_after_work_hours: None
        }
    );
    assert_eq!(
        PolicyInput {
            red_after_work_hours: "16".into(),
            ..ok.clone()
        }
        .parse()
        .unwrap()
        .red_after_work_hours,
        Some(16)
    );
    let bad = PolicyInput {
        accept_within_hours: "0".into(),
        reply_within_days: "91".into(),
        follow_up_within_days: "".into(),
        reopen_window_days: "一周".into(),
        red_after_work_hours: "0".into(),
    };
    assert_eq!(
        fields(bad.parse()),
        [
            f("accept_within_hours", "err.request_accept_hours_range"),
            f("follow_up_within_days", "err.required"),
            f("red_after_work_hours", "err.request_red_hours_range"),
            f("reopen_window_days", "err.number_invalid"),
            f("reply_within_days", "err.request_reply_days_range"),
        ]
    );
}

fn cal2026() -> WorkCalendar {
    let text = "2026-02-14 workday 春节调休\n2026-02-15 holiday 春节\n2026-02-16 holiday 春节\n\
                2026-02-17 holiday 春节\n2026-02-18 holiday 春节\n2026-02-19 holiday 春节\n\
                2026-02-20 holiday 春节\n2026-02-21 holiday 春节\n2026-02-22 holiday 春节\n\
                2026-02-23 holiday 春节\n2026-02-28 workday 春节调休";
    WorkCalendar::from_entries(&parse_schedule(text).unwrap())
}

#[test]
fn due_times_on_the_calendar() {
    let (c, h, p) = (cal2026(), WorkHours::default(), Policy::default());
    // Dispatched Friday 16:00 before the festival: accept by 10:00 on the 调休 Saturday.
    assert_eq!(
        due_for(Step::Accept, t("2026-02-13 16:00"), &c, &h, &p),
        t("2026-02-14 10:00")
    );
    // Accepted on the 14th: 5 working days are 24, 25, 26, 27 and Saturday 28.
    assert_eq!(
        due_for(Step::Reply, t("2026-02-14 10:00"), &c, &h, &p),
        t("2026-02-28 17:00")
    );
    assert_eq!(
        due_for(Step::FollowUp, t("2026-02-28 16:00"), &c, &h, &p),
        t("2026-03-04 17:00")
    );
    // A 3-day extension of a reply due Saturday the 28th: 2, 3, 4 March.
    assert_eq!(
        extend_due(t("2026-02-28 17:00"), 3, &c, &h),
        t("2026-03-04 17:00")
    );
}

#[test]
fn cards_yellow_then_red_never_twice() {
    let (c, h, p) = (WorkCalendar::new(), WorkHours::default(), Policy::default());
    // Dispatched Wednesday 2026-03-04 10:00, accept within 2 working hours: due 12:00,
    // red 2 working hours later, 14:00.
    let start = t("2026-03-04 10:00");
    let due = due_for(Step::Accept, start, &c, &h, &p);
    assert_eq!(due, t("2026-03-04 12:00"));
    assert_eq!(red_at(start, due, &c, &h, &p), t("2026-03-04 14:00"));
    let card = |now: &str| card_due(start, due, t(now), &c, &h, &p);
    assert_eq!(card("2026-03-04 11:59"), None);
    assert_eq!(card("2026-03-04 12:00"), None);
    assert_eq!(card("2026-03-04 12:01"), Some(Card::Yellow));
    assert_eq!(card("2026-03-04 14:00"), Some(Card::Yellow));
    assert_eq!(card("2026-03-04 14:01"), Some(Card::Red));
    let raise = |now: &str, raised: &[Card]| cards_to_raise(start, due, t(now), &c, &h, &p, raised);
    assert!(raise("2026-03-04 11:00", &[]).is_empty());
    assert_eq!(raise("2026-03-04 13:00", &[]), [Card::Yellow]);
    assert!(raise("2026-03-04 13:05", &[Card::Yellow]).is_empty());
    assert_eq!(raise("2026-03-04 15:00", &[Card::Yellow]), [Card::Red]);
    assert!(raise("2026-03-04 15:05", &[Card::Yellow, Card::Red]).is_empty());
    // The job was down through the yellow period: both, yellow first.
    assert_eq!(raise("2026-03-05 09:00", &[]), [Card::Yellow, Card::Red]);

    // A 5-day reply accepted Friday 2026-03-06 turns yellow after Friday 13th 17:00 and
    // red after 5 more working days, Friday 20th 17:00 — counting 40 working hours of the
    // step (from Monday 09:00: the Friday afternoon after 17:00 is not worked).
    let start = t("2026-03-06 17:30");
    let due = due_for(Step::Reply, start, &c, &h, &p);
    assert_eq!(due, t("2026-03-13 17:00"));
    assert_eq!(red_at(start, due, &c, &h, &p), t("2026-03-20 17:00"));
    assert_eq!(
        card_due(start, due, t("2026-03-14 10:00"), &c, &h, &p),
        Some(Card::Yellow)
    );
    assert_eq!(
        card_due(start, due, t("2026-03-23 09:00"), &c, &h, &p),
        Some(Card::Red)
    );
    // A fixed red limit: 8 working hours after the due time.
    let fixed = Policy {
        red_after_work_hours: Some(8),
        ..p
    };
    assert_eq!(red_at(start, due, &c, &h, &fixed), t("2026-03-16 17:00"));
}
