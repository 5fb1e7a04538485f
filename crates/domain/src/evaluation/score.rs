//! Scores in hundredths of a point and a target's totals, as pure functions: a base of the
//! scored maxima (100 for the five 过硬 standards), bonus items added, deduction items taken
//! off, and a veto (一票否决) marking the result vetoed whatever its points.

/// What an indicator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorKind {
    /// Scored from 0 to its maximum; part of the base.
    Scored,
    /// Added on top, up to its maximum (the total may pass the base).
    Bonus,
    /// Taken off, up to its maximum.
    Deduction,
    /// 一票否决: triggered or not; a triggered veto marks the result vetoed.
    Veto,
    /// Scored from a live figure of another area; part of the base.
    Automatic,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 5] = [
        IndicatorKind::Scored,
        IndicatorKind::Bonus,
        IndicatorKind::Deduction,
        IndicatorKind::Veto,
        IndicatorKind::Automatic,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IndicatorKind::Scored => "scored",
            IndicatorKind::Bonus => "bonus",
            IndicatorKind::Deduction => "deduction",
            IndicatorKind::Veto => "veto",
            IndicatorKind::Automatic => "automatic",
        }
    }

    pub fn from_code(s: &str) -> Option<IndicatorKind> {
        IndicatorKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
    }

    /// Part of the base (the sum of maxima a perfect result reaches).
    pub fn in_base(self) -> bool {
        matches!(self, IndicatorKind::Scored | IndicatorKind::Automatic)
    }
}

/// A veto's score when triggered: one point. A veto takes 0 (not triggered) or this.
pub const VETO_TRIGGERED: i64 = 100;

/// Parses points with at most two decimals (`12`, `2.5`, `0.25`) into hundredths; none for
/// anything else (negative, more decimals, not a number).
pub fn parse_points(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.ends_with('.') {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(w * 100 + f)
}

/// Hundredths shown as points: `1250` → `12.5`, `2000` → `20`, `-75` → `-0.75`.
pub fn show_points(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    let (w, f) = (a / 100, a % 100);
    match f {
        0 => format!("{sign}{w}"),
        f if f % 10 == 0 => format!("{sign}{w}.{}", f / 10),
        f => format!("{sign}{w}.{f:02}"),
    }
}

/// Whether `score` is allowed for an indicator of `kind` with maximum `max`.
pub fn score_allowed(kind: IndicatorKind, max: i64, score: i64) -> bool {
    match kind {
        IndicatorKind::Veto => score == 0 || score == VETO_TRIGGERED,
        _ => (0..=max).contains(&score),
    }
}

/// The score of an automatic indicator of maximum `max` for a figure value of `numerator`
/// over `denominator` (a rate; none for a count) that earns full marks at `full_at`
/// hundredths (100 % for a rate when not given): `max × min(value, full_at) / full_at`,
/// rounded half up to a hundredth. A rate over nothing scores nothing.
pub fn automatic_score(
    max: i64,
    numerator: u64,
    denominator: Option<u64>,
    full_at: Option<i64>,
) -> i64 {
    // The value in hundredths as a fraction value_num / value_den.
    let (vn, vd): (i128, i128) = match denominator {
        Some(0) => return 0,
        Some(d) => (i128::from(numerator) * 10_000, i128::from(d)),
        None => (i128::from(numerator) * 100, 1),
    };
    let full = i128::from(full_at.filter(|f| *f > 0).unwrap_or(10_000));
    let capped_n = vn.min(full * vd);
    let n = i128::from(max) * capped_n;
    let d = full * vd;
    ((2 * n + d) / (2 * d)) as i64
}

/// One indicator's part in a total: its kind, its maximum and the score given (none: not
/// scored yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub kind: IndicatorKind,
    pub max: i64,
    pub score: Option<i64>,
}

/// A target's totals, in hundredths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// The sum of the maxima of the scored and automatic indicators.
    pub base: i64,
    /// Points of the scored and automatic indicators.
    pub scored: i64,
    pub bonus: i64,
    pub deduction: i64,
    /// Scored plus bonus minus deduction, not below zero.
    pub total: i64,
    /// A veto was triggered.
    pub vetoed: bool,
    /// Indicators not scored yet.
    pub missing: usize,
}

/// The totals of the parts; a score outside what its indicator allows is clamped into it.
pub fn totals(parts: &[Part]) -> Totals {
    let mut t = Totals::default();
    for p in parts {
        if p.kind.in_base() {
            t.base += p.max;
        }
        let Some(s) = p.score else {
            t.missing += 1;
            continue;
        };
        match p.kind {
            IndicatorKind::Scored | IndicatorKind::Automatic => t.scored += s.clamp(0, p.max),
            IndicatorKind::Bonus => t.bonus += s.clamp(0, p.max),
            IndicatorKind::Deduction => t.deduction += s.clamp(0, p.max),
            IndicatorKind::Veto => t.vetoed |= s > 0,
        }
    }
    t.total = (t.scored + t.bonus - t.deduction).max(0);
    t
}
