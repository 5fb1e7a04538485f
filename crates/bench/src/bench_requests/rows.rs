//! The generated requests: their columns, categories, channels and descriptions, and one
//! request drawn with its reach rows and its counter marks.

use super::*;

pub(super) const REQUEST_COLS: [&str; 39] = [
    "id",
    "code",
    "channel",
    "category",
    "urgency",
    "node_id",
    "node_path",
    "dispatcher_node_id",
    "dispatcher_path",
    "handling_node_id",
    "handling_path",
    "address",
    "description",
    "contact_name",
    "contact_phone",
    "hotline_no",
    "enterprise_name",
    "visit_id",
    "state",
    "round",
    "pending_extension_days",
    "rated_this_round",
    "rating",
    "solved",
    "step",
    "step_started_at",
    "step_due_at",
    "follow_up_due_at",
    "card",
    "created_by",
    "created_at",
    "received_at",
    "dispatched_at",
    "accepted_at",
    "accepted_in_time",
    "replied_at",
    "replied_in_time",
    "closed_at",
    "updated_at",
];

/// Columns of `request_reach`, and rows per multi-row INSERT of them.
pub(super) const REACH_COLS: [&str; 4] = ["request_id", "node_id", "created_at", "category"];

pub(super) const REACH_BATCH: usize = 2000;

pub(super) const MARK_COLS: [&str; 9] = [
    "request_id",
    "day",
    "category",
    "channel",
    "node_path",
    "handling_node_id",
    "handling_path",
    "flags",
    "due_at",
];

/// Categories with weights (the seeded dictionary's codes).
pub(super) const CATEGORIES: [(&str, u32); 9] = [
    ("environment", 22),
    ("municipal", 18),
    ("property", 15),
    ("safety", 6),
    ("neighbour", 9),
    ("labour", 6),
    ("enterprise", 8),
    ("elderly", 8),
    ("other", 8),
];

pub(super) const CHANNELS: [(&str, u32); 7] = [
    ("public_form", 15),
    ("window", 20),
    ("doorstep", 8),
    ("enterprise", 10),
    ("visit", 10),
    ("patrol", 15),
    ("hotline", 22),
];

pub(super) const DESCRIPTIONS: [&str; 6] = [
    "小区门口路灯不亮，晚上出行不便",
    "楼道堆放杂物，存在消防隐患",
    "道路井盖破损，需尽快修复",
    "企业反映用工招聘困难，希望对接人才市场",
    "老人独居，希望提供助餐服务",
    "邻里噪音纠纷，希望社区调解",
];

pub(super) const DAY: i64 = 86_400_000;

pub(super) const HOUR: i64 = 3_600_000;

pub(super) fn pick<'a>(rng: &mut StdRng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (v, w) in items {
        if x < *w {
            return v;
        }
        x -= w;
    }
    items[0].0
}

#[allow(clippy::too_many_arguments)]
pub(super) fn gen_request(
    rng: &mut StdRng,
    id: i64,
    nodes: &[Node],
    d: &District,
    now: i64,
    span: i64,
) -> Gen {
    let spot = &d.spots[rng.gen_range(0..d.spots.len())];
    let node = &nodes[spot.node];
    let disp = &nodes[spot.dispatcher];
    let created = now - rng.gen_range(HOUR..span);
    let age = now - created;
    let channel = pick(rng, &CHANNELS);
    let category = pick(rng, &CATEGORIES);
    // Where the request is in the loop, by its age: a week or two closes most of them; a few
    // old ones are still open (and overdue).
    let x: u32 = rng.gen_range(0..1000);
    let state = if age > 20 * DAY {
        match x {
            0..=968 => "closed",
            969..=998 => "withdrawn",
            _ if rng.gen_bool(0.5) => "accepted",
            _ => "replied",
        }
    } else if age < 6 * HOUR {
        if x < 300 {
            "received"
        } else {
            "dispatched"
        }
    } else if age < DAY {
        if x < 200 {
            "dispatched"
        } else {
            "accepted"
        }
    } else if age < 5 * DAY {
        if x < 700 {
            "accepted"
        } else {
            "replied"
        }
    } else if age < 10 * DAY {
        match x {
            0..=499 => "replied",
            500..=969 => "closed",
            _ => "withdrawn",
        }
    } else if x < 970 {
        "closed"
    } else {
        "withdrawn"
    };
    let ord = |s: &str| match s {
        "received" | "withdrawn" => 1,
        "dispatched" => 2,
        "accepted" => 3,
        "replied" => 4,
        _ => 5,
    };
    let o = ord(state);
    let received_at = created + 10 * 60_000;
    let handler = if o >= 2 {
        let y: u32 = rng.gen_range(0..100);
        let h = if y < 70 {
            spot.dispatcher
        } else if y < 90 {
            spot.above.unwrap_or(spot.dispatcher)
        } else {
            d.units[rng.gen_range(0..d.units.len())]
        };
        Some(&nodes[h])
    } else {
        None
    };
    let dispatched_at = (o >= 2).then_some(received_at + HOUR);
    let accepted_at = (o >= 3).then(|| received_at + HOUR + rng.gen_range(10 * 60_000..4 * HOUR));
    let accepted_in_time = (o >= 3).then(|| rng.gen_range(0..100) < 95);
    let replied_at =
        (o >= 4).then(|| accepted_at.unwrap_or(created) + rng.gen_range(HOUR..9 * DAY));
    let replied_in_time = (o >= 4).then(|| rng.gen_range(0..100) < 90);
    let closed_at = (o >= 5).then(|| {
        let latest = (now - replied_at.unwrap_or(created)).clamp(2 * HOUR, 3 * DAY);
        replied_at.unwrap_or(created) + rng.gen_range(HOUR..latest)
    });
    let solved = (o >= 5).then(|| rng.gen_range(0..100) < 90);
    let has_complainant = channel != "patrol";
    let rating = (o >= 4 && has_complainant && rng.gen_range(0..100) < 80).then(|| {
        match rng.gen_range(0..100) {
            0..=74 => "satisfied",
            75..=92 => "basically_satisfied",
            _ => "dissatisfied",
        }
    });
    // Cards of finished requests (the supervision job raises those of open ones).
    let card = match rng.gen_range(0..100) {
        _ if state != "closed" => None,
        0..=3 => Some("yellow"),
        4 => Some("red"),
        _ => None,
    };
    // The running step and its due time (overdue when the due time has passed).
    let (step, started, due) = match state {
        "dispatched" => (
            Some("accept"),
            dispatched_at,
            dispatched_at.map(|t| t + 4 * HOUR),
        ),
        "accepted" => (
            Some("reply"),
            accepted_at,
            accepted_at.map(|t| t + 10 * DAY),
        ),
        _ => (None, None, None),
    };
    let follow_up_due =
        (state == "replied" && has_complainant).then(|| replied_at.unwrap_or(created) + 5 * DAY);
    let updated = [
        Some(created),
        dispatched_at,
        accepted_at,
        replied_at,
        closed_at,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(created)
    .min(now);
    let contact = has_complainant;
    let values: Vec<Value> = vec![
        id.into(),
        format!("BR{id:011}").into(),
        channel.into(),
        category.into(),
        "normal".into(),
        node.id.into(),
        node.path.clone().into(),
        disp.id.into(),
        disp.path.clone().into(),
        handler.map(|h| h.id).into(),
        handler.map(|h| h.path.clone()).into(),
        Value::String(None),
        DESCRIPTIONS[(id as usize) % DESCRIPTIONS.len()].into(),
        contact.then_some("王先生").map(str::to_string).into(),
        contact.then_some("13800138000").map(str::to_string).into(),
        (channel == "hotline").then(|| format!("H{id}")).into(),
        (channel == "enterprise")
            .then_some("恒信科技有限公司")
            .map(str::to_string)
            .into(),
        Value::BigInt(None),
        state.into(),
        1i32.into(),
        Value::Int(None),
        rating.is_some().into(),
        rating.map(str::to_string).into(),
        solved.into(),
        step.map(str::to_string).into(),
        started.into(),
        due.into(),
        follow_up_due.into(),
        card.map(str::to_string).into(),
        Value::BigInt(None),
        created.into(),
        Some(received_at).into(),
        dispatched_at.into(),
        accepted_at.into(),
        accepted_in_time.into(),
        replied_at.into(),
        replied_in_time.into(),
        closed_at.into(),
        updated.into(),
    ];
    let flags = flags_of(&Outcome {
        state,
        received: true,
        accepted: accepted_at.is_some(),
        replied: replied_at.is_some(),
        accepted_in_time,
        replied_in_time,
        solved,
        rating,
        card,
    });
    let contribution = Contribution {
        day: touyan_storage::request::stats::day_of(created),
        category: category.into(),
        channel: channel.into(),
        node_path: node.path.clone(),
        handling_node_id: handler.map(|h| h.id),
        handling_path: handler.map(|h| h.path.clone()),
        flags,
        due_at: match (due, follow_up_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    };
    let paths: Vec<TreePath> = [Some(node), Some(disp), handler]
        .into_iter()
        .flatten()
        .filter_map(|n| TreePath::parse(&n.path).ok())
        .collect();
    let reach = touyan_domain::request::reach(&paths.iter().map(Some).collect::<Vec<_>>())
        .into_iter()
        .map(|n| (n, created, category))
        .collect();
    Gen {
        values,
        contribution,
        id,
        reach,
    }
}
