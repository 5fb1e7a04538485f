//! Timing a call within a budget, and the figures as printed.

use super::*;

pub(crate) fn fmt_ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub(crate) fn fmt_ratio(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}×")
    } else if v >= 10.0 {
        format!("{v:.1}×")
    } else {
        format!("{v:.2}×")
    }
}

/// Runs `f` `warmup` times untimed, then up to `iterations` times timed, stopping early
/// once the time budget is spent (after at least [`MIN_SAMPLES`] samples).
pub(crate) async fn measure<F, Fut, T>(b: Budget, mut f: F) -> anyhow::Result<Stat>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let start = Instant::now();
    for _ in 0..b.warmup {
        f().await?;
        if start.elapsed() > b.limit / 4 {
            break;
        }
    }
    let mut samples = Vec::with_capacity(b.iterations);
    let start = Instant::now();
    for _ in 0..b.iterations.max(1) {
        let t = Instant::now();
        let v = f().await?;
        samples.push(t.elapsed());
        drop(v);
        if samples.len() >= MIN_SAMPLES && start.elapsed() > b.limit {
            break;
        }
    }
    Ok(Stat::from(samples))
}
