//! The markdown report of a run.

use super::*;

pub(super) fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {}\n\n{}", r.title, r.setup);
    let _ = writeln!(
        s,
        "Scoped page of requests filtered by category ({LIST_CATEGORY}), 20 a page, with its total; \
         median (p95) in ms:\n"
    );
    let _ = writeln!(
        s,
        "| caller | requests in scope | matches | `RequestRepo::list` | bare count + page | bare, side by side | list / bare | HTTP `GET /api/v1/requests` | HTTP / bare | HTTP / bare side by side | bare count + page by three path ranges (n) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} ({}) |",
            l.label,
            l.name,
            l.in_scope,
            l.matches,
            l.list.cell(),
            l.list_bare.cell(),
            l.list_bare_side.cell(),
            fmt_ratio(l.list.median / l.list_bare.median),
            l.list_http
                .map(|h| h.cell())
                .unwrap_or_else(|| "not served".into()),
            l.list_http
                .map(|h| fmt_ratio(h.median / l.list_bare.median))
                .unwrap_or_default(),
            l.list_http
                .map(|h| fmt_ratio(h.median / l.list_bare_side.median))
                .unwrap_or_default(),
            l.list_ranges.cell(),
            l.list_ranges.n
        );
    }
    let _ = writeln!(
        s,
        "\nMeasures of the last full month (totals, breakdowns by category, channel and \
         handling unit, children, overdue now); median (p95) in ms:\n"
    );
    let _ = writeln!(
        s,
        "| caller | requests in the month | `RequestRepo::stats` | HTTP `GET /api/v1/requests/stats` | bare statement on the counters | bare scan of the requests (3 counts) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {} | {} | {} |",
            l.label,
            l.name,
            l.month_collected,
            l.stats.cell(),
            l.stats_http.cell(),
            l.counters_bare.cell(),
            l.scan_bare.cell()
        );
    }
    let _ = writeln!(s);
    s
}
