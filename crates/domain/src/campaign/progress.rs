//! How far a target has come: the share of the way from its baseline to its goal, and
//! whether that keeps pace with the share of the time from the campaign's start to the
//! target's due date.

use chrono::NaiveDate;

/// Percent of the way from `baseline` to `goal` that `value` has come, clamped to 0–100 and
/// rounded to one decimal. A goal below its baseline (fewer problems open) counts downward;
/// a goal equal to its baseline is reached or not.
pub fn progress_pct(baseline: f64, goal: f64, value: f64) -> f64 {
    if (goal - baseline).abs() < f64::EPSILON {
        return if value >= goal { 100.0 } else { 0.0 };
    }
    let p = (value - baseline) / (goal - baseline) * 100.0;
    (p.clamp(0.0, 100.0) * 10.0).round() / 10.0
}

/// A campaign's overall progress: the mean of its targets' progress, each counted alike,
/// rounded to one decimal; none without targets.
pub fn overall_pct(progress: &[f64]) -> Option<f64> {
    if progress.is_empty() {
        return None;
    }
    let mean = progress.iter().sum::<f64>() / progress.len() as f64;
    Some((mean * 10.0).round() / 10.0)
}

/// Percent of the time from `start` to `due` gone by on `today`, clamped to 0–100.
pub fn elapsed_pct(start: NaiveDate, due: NaiveDate, today: NaiveDate) -> f64 {
    if due <= start {
        return if today >= due { 100.0 } else { 0.0 };
    }
    let whole = (due - start).num_days() as f64;
    let gone = (today - start).num_days() as f64;
    (gone / whole * 100.0).clamp(0.0, 100.0)
}

/// Where a target stands against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// The goal is reached.
    Reached,
    /// At least as far along as the time gone by.
    OnTrack,
    /// Less far along than the time gone by.
    Behind,
}

impl Pace {
    pub fn code(self) -> &'static str {
        match self {
            Pace::Reached => "reached",
            Pace::OnTrack => "on_track",
            Pace::Behind => "behind",
        }
    }
}

/// The pace of a target `progress` percent along, due on `due`, of a campaign started on
/// `start`, on `today`.
pub fn pace(progress: f64, start: NaiveDate, due: NaiveDate, today: NaiveDate) -> Pace {
    if progress >= 100.0 {
        Pace::Reached
    } else if progress + 1e-9 >= elapsed_pct(start, due, today) {
        Pace::OnTrack
    } else {
        Pace::Behind
    }
}
