//! The measures of 接诉即办: 响应率 (response), 解决率 (solution), 满意率 (satisfaction), and
//! the on-time rate of timed steps, with the plain counts the seeds report ("收集需求和意见建议
//! 83条……解决问题48项" [002]; "上门走访收集各类问题诉求61个，已解决问题57个" [004]).
//!
//! Counts are kept by the caller (maintained aggregates or an indexed query); this module only
//! divides and formats. Every rate is a percentage in 0–100, `None` when nothing was counted
//! under it, so a dashboard shows "—" rather than a misleading 0% or 100%.

use super::workflow::Rating;
use std::ops::AddAssign;

/// What happened to the requests of one scope and period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Requests taken in (收集), whatever became of them.
    pub collected: u64,
    /// Timed steps finished (accept, reply, follow-up) …
    pub steps_done: u64,
    /// … of which by their due time.
    pub steps_on_time: u64,
    /// Dispatches (each dispatch or transfer to a node counts once) …
    pub dispatched: u64,
    /// … accepted within the acceptance limit.
    pub accepted_in_time: u64,
    /// Closings (已办结) …
    pub closed: u64,
    /// … with the problem solved.
    pub solved: u64,
    pub satisfied: u64,
    pub basically_satisfied: u64,
    pub dissatisfied: u64,
}

impl Counts {
    pub fn record_step(&mut self, on_time: bool) {
        self.steps_done += 1;
        self.steps_on_time += u64::from(on_time);
    }

    pub fn record_dispatch(&mut self, accepted_in_time: bool) {
        self.dispatched += 1;
        self.accepted_in_time += u64::from(accepted_in_time);
    }

    pub fn record_close(&mut self, solved: bool) {
        self.closed += 1;
        self.solved += u64::from(solved);
    }

    pub fn record_rating(&mut self, r: Rating) {
        match r {
            Rating::Satisfied => self.satisfied += 1,
            Rating::BasicallySatisfied => self.basically_satisfied += 1,
            Rating::Dissatisfied => self.dissatisfied += 1,
        }
    }

    pub fn rated(&self) -> u64 {
        self.satisfied + self.basically_satisfied + self.dissatisfied
    }

    /// 按时办理率: steps done by their due time / steps done.
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.steps_on_time, self.steps_done)
    }

    /// 响应率: dispatches accepted within the limit / dispatches.
    pub fn response_rate(&self) -> Option<f64> {
        percent(self.accepted_in_time, self.dispatched)
    }

    /// 解决率: closed as solved / closed.
    pub fn solution_rate(&self) -> Option<f64> {
        percent(self.solved, self.closed)
    }

    /// 满意率: (满意 + 基本满意) / rated.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        percent(self.satisfied + self.basically_satisfied, self.rated())
    }
}

impl AddAssign for Counts {
    /// Adds another scope's or period's counts (a parent node sums its children).
    fn add_assign(&mut self, o: Counts) {
        self.collected += o.collected;
        self.steps_done += o.steps_done;
        self.steps_on_time += o.steps_on_time;
        self.dispatched += o.dispatched;
        self.accepted_in_time += o.accepted_in_time;
        self.closed += o.closed;
        self.solved += o.solved;
        self.satisfied += o.satisfied;
        self.basically_satisfied += o.basically_satisfied;
        self.dissatisfied += o.dissatisfied;
    }
}

/// `num / den` as a percentage, unrounded; `None` when `den` is 0.
pub fn percent(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 * 100.0 / den as f64)
}

/// To one decimal, halves away from zero (93.45 → 93.5), as the figure is read aloud.
pub fn round1(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

/// A rate for display: `93.4%`, or `—` when there is nothing to measure.
pub fn format_rate(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{:.1}%", round1(p)),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enterprise_visits_61_collected_57_solved() {
        // [004]: 上门走访收集各类问题诉求61个，已解决问题57个 — all 61 closed, 57 solved.
        let mut c = Counts {
            collected: 61,
            ..Default::default()
        };
        for i in 0..61 {
            c.record_close(i < 57);
        }
        assert_eq!((c.closed, c.solved), (61, 57));
        assert_eq!(format_rate(c.solution_rate()), "93.4%");
    }

    #[test]
    fn grid_visits_83_collected_48_solved() {
        // [002]: 收集需求和意见建议83条……解决问题48项. Read as 83 closed and 48 of them solved;
        // the seed counts suggestions too, so this is the seed's own ratio, not a claim about
        // the community's 解决率.
        let c = Counts {
            collected: 83,
            closed: 83,
            solved: 48,
            ..Default::default()
        };
        assert_eq!(format_rate(c.solution_rate()), "57.8%");
        assert_eq!(c.collected, 83);
    }

    #[test]
    fn the_four_rates_on_hand_made_counts() {
        let mut c = Counts::default();
        // 8 dispatches, 7 accepted in time.
        for i in 0..8 {
            c.record_dispatch(i != 3);
        }
        // 16 steps, 15 on time.
        for i in 0..16 {
            c.record_step(i != 0);
        }
        // Ratings: 30 满意, 9 基本满意, 1 不满意.
        for _ in 0..30 {
            c.record_rating(Rating::Satisfied);
        }
        for _ in 0..9 {
            c.record_rating(Rating::BasicallySatisfied);
        }
        c.record_rating(Rating::Dissatisfied);
        assert_eq!(c.rated(), 40);
        assert_eq!(format_rate(c.response_rate()), "87.5%");
        assert_eq!(format_rate(c.on_time_rate()), "93.8%"); // 93.75 rounds up
        assert_eq!(format_rate(c.satisfaction_rate()), "97.5%");
        assert_eq!(c.solution_rate(), None);
        assert_eq!(format_rate(c.solution_rate()), "—");
    }

    #[test]
    fn empty_and_full() {
        let c = Counts::default();
        assert_eq!(c.on_time_rate(), None);
        assert_eq!(c.response_rate(), None);
        assert_eq!(c.satisfaction_rate(), None);
        assert_eq!(percent(3, 3), Some(100.0));
        assert_eq!(format_rate(percent(3, 3)), "100.0%");
        assert_eq!(format_rate(percent(0, 7)), "0.0%");
        assert_eq!(format_rate(percent(2, 3)), "66.7%");
        assert_eq!(round1(6.25), 6.3);
    }

    #[test]
    fn counts_add_up_across_nodes() {
        let mut a = Counts {
            collected: 61,
            closed: 61,
            solved: 57,
            ..Default::default()
        };
        a += Counts {
            collected: 83,
            closed: 83,
            solved: 48,
            satisfied: 2,
            ..Default::default()
        };
        assert_eq!(
            (a.collected, a.closed, a.solved, a.rated()),
            (144, 144, 105, 2)
        );
        assert_eq!(format_rate(a.solution_rate()), "72.9%");
    }
}
