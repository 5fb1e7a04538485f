//! Stars from scores: thresholds, the ±1 rule, vetoes, caps per superior and direct ratings,
//! applied in that order to the organizations under one superior.
//!
//! Order and tie-break, as the pages say them too:
//! 1. the score gives the highest star whose threshold it reaches (below the lowest: unrated);
//! 2. with the ±1 rule on, a star moves at most one level from the previous published star
//!    (an organization never rated before is not held);
//! 3. a veto (一票否决) caps the star at 1★, or leaves the organization unrated;
//! 4. the caps: of the organizations the superior rates (counted after steps 1–3, direct
//!    ratings included), at most floor(share × count) hold each capped star. Direct ratings
//!    keep their place first; then a higher score, then the star held since an earlier date,
//!    then the lower node id. Those beyond the cap move one star down, where the next cap
//!    applies to them in turn;
//! 5. a direct rating (直接定级, e.g. a 先进基层党组织) with its reason is taken as given.

use crate::{DomainError, FieldErrors};
use chrono::NaiveDate;

/// Stars run from one to five.
pub const MAX_STAR: u8 = 5;

/// The organization kinds given stars: primary party organizations (党委, 党总支, 党支部) and
/// industry-chain party committees. Only these have a public page showing their star.
pub const RATED_KINDS: [&str; 4] = [
    "party_committee",
    "party_general_branch",
    "party_branch",
    "chain_party_committee",
];

/// Scores are kept in hundredths of a point; this is the highest a threshold may be.
pub const MAX_THRESHOLD: i64 = 20_000;

/// What a veto does to a star.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VetoPolicy {
    /// At most one star.
    AtMostOne,
    /// No star at all.
    Unrated,
}

impl VetoPolicy {
    pub fn code(self) -> &'static str {
        match self {
            VetoPolicy::AtMostOne => "at_most_one",
            VetoPolicy::Unrated => "unrated",
        }
    }

    pub fn from_code(s: &str) -> Option<VetoPolicy> {
        [VetoPolicy::AtMostOne, VetoPolicy::Unrated]
            .into_iter()
            .find(|v| v.code() == s)
    }
}

/// A superior's rules for the stars of the organizations under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    /// The lowest score (hundredths) for each star, index 0 for 1★ … 4 for 5★; none: the
    /// star is not given by score.
    pub thresholds: [Option<i64>; 5],
    /// The largest share in percent of the rated organizations that may hold each star,
    /// index 0 for 1★ … 4 for 5★; none: no cap.
    pub caps: [Option<u32>; 5],
    pub veto: VetoPolicy,
    /// At most one star up or down from the previous published star.
    pub step_limit: bool,
    /// Days of public notice.
    pub notice_days: u32,
}

impl Default for RuleSet {
    /// A common scheme: 5★ from 90, 4★ from 80, 3★ from 70, 2★ from 60, 1★ from 50; at
    /// most 10 % five-star, 40 % four-star, 30 % three-star; a veto leaves at most one star;
    /// five days of notice.
    fn default() -> Self {
        RuleSet {
            thresholds: [
                Some(50_00),
                Some(60_00),
                Some(70_00),
                Some(80_00),
                Some(90_00),
            ],
            caps: [None, None, Some(30), Some(40), Some(10)],
            veto: VetoPolicy::AtMostOne,
            step_limit: false,
            notice_days: 5,
        }
    }
}

impl RuleSet {
    /// Checks a rule set: thresholds rise with the star and lie within 0–200 points, caps
    /// are shares of 0–100 % that together leave room (at most 100 %), notice at most 30 days.
    pub fn check(&self) -> Result<(), DomainError> {
        let mut fe = FieldErrors::new();
        let mut last: Option<i64> = None;
        for (i, t) in self.thresholds.iter().enumerate() {
            let Some(t) = *t else { continue };
            let field = format!("threshold_{}", i + 1);
            if !(0..=MAX_THRESHOLD).contains(&t) {
                fe.add(&field, "err.rating_threshold_range");
            } else if last.is_some_and(|l| t <= l) {
                fe.add(&field, "err.rating_threshold_order");
            }
            last = Some(t);
        }
        if self.thresholds.iter().all(Option::is_none) {
            fe.add("threshold_1", "err.required");
        }
        let mut sum = 0;
        for (i, c) in self.caps.iter().enumerate() {
            let Some(c) = *c else { continue };
            if c > 100 {
                fe.add(&format!("cap_{}", i + 1), "err.rating_cap_range");
            }
            sum += c;
        }
        if sum > 100 {
            fe.add("cap_5", "err.rating_caps_sum");
        }
        if self.notice_days > super::MAX_NOTICE_DAYS {
            fe.add("notice_days", "err.rating_notice_days");
        }
        fe.into_result()
    }

    /// The highest star whose threshold `score` (hundredths) reaches; none below the lowest.
    pub fn star_for(&self, score: i64) -> Option<u8> {
        (1..=MAX_STAR)
            .rev()
            .find(|s| self.thresholds[usize::from(s - 1)].is_some_and(|t| score >= t))
    }
}

/// An organization to rate under one superior.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub node_id: i64,
    /// Score in hundredths (a direct rating may have none).
    pub score: Option<i64>,
    pub vetoed: bool,
    /// The previous published star and the date it has been held since.
    pub previous: Option<(Option<u8>, NaiveDate)>,
    /// A direct rating (直接定级), taken as given.
    pub direct: Option<u8>,
}

/// Why an organization ended with its star (the last step that changed it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Score,
    StepLimit,
    Veto,
    Cap,
    Direct,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Score => "score",
            Reason::StepLimit => "step_limit",
            Reason::Veto => "veto",
            Reason::Cap => "cap",
            Reason::Direct => "direct",
        }
    }
}

/// An organization's star as the rules give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated {
    pub node_id: i64,
    pub star: Option<u8>,
    pub reason: Reason,
}

/// The stars of the organizations under one superior (see the module's order).
pub fn rate_group(rules: &RuleSet, candidates: &[Candidate]) -> Vec<Rated> {
    let mut out: Vec<Rated> = candidates.iter().map(|c| first_star(rules, c)).collect();
    apply_caps(rules, candidates, &mut out);
    out
}

/// Steps 1–3 and 5 for one organization.
fn first_star(rules: &RuleSet, c: &Candidate) -> Rated {
    let rated = |star, reason| Rated {
        node_id: c.node_id,
        star,
        reason,
    };
    if let Some(star) = c.direct {
        return rated(Some(star.clamp(1, MAX_STAR)), Reason::Direct);
    }
    let mut star = c.score.and_then(|s| rules.star_for(s));
    let mut reason = Reason::Score;
    if rules.step_limit {
        if let Some((Some(prev), _)) = c.previous {
            let by_score = star.unwrap_or(0);
            let held = by_score.clamp(prev.saturating_sub(1), (prev + 1).min(MAX_STAR));
            if held != by_score {
                star = (held > 0).then_some(held);
                reason = Reason::StepLimit;
            }
        }
    }
    if c.vetoed {
        let capped = match rules.veto {
            VetoPolicy::AtMostOne => star.map(|s| s.min(1)),
            VetoPolicy::Unrated => None,
        };
        if capped != star {
            star = capped;
            reason = Reason::Veto;
        }
    }
    rated(star, reason)
}

/// Step 4: from the highest star down, those beyond a star's cap move one star down.
fn apply_caps(rules: &RuleSet, candidates: &[Candidate], out: &mut [Rated]) {
    let rated_count = out.iter().filter(|r| r.star.is_some()).count() as u64;
    for star in (1..=MAX_STAR).rev() {
        let Some(share) = rules.caps[usize::from(star - 1)] else {
            continue;
        };
        let limit = (u64::from(share) * rated_count / 100) as usize;
        let mut holders: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].star == Some(star))
            .collect();
        if holders.len() <= limit {
            continue;
        }
        holders.sort_by(|&a, &b| keep_order(&candidates[a], &candidates[b]));
        for &i in &holders[limit..] {
            if candidates[i].direct.is_some() {
                continue; // a direct rating keeps its star even beyond the cap
            }
            out[i].star = (star > 1).then_some(star - 1);
            out[i].reason = Reason::Cap;
        }
    }
}

/// Who keeps a capped star first: direct ratings, then the higher score, then the star held
/// since the earlier date (none: last), then the lower node id.
fn keep_order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    let since = |c: &Candidate| c.previous.map(|(_, d)| d).unwrap_or(NaiveDate::MAX);
    b.direct
        .is_some()
        .cmp(&a.direct.is_some())
        .then(
            b.score
                .unwrap_or(i64::MIN)
                .cmp(&a.score.unwrap_or(i64::MIN)),
        )
        .then(since(a).cmp(&since(b)))
        .then(a.node_id.cmp(&b.node_id))
}
