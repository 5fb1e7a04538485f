//! The markdown report of a run.

use super::*;

pub(super) fn render(r: &BackendReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {}\n", r.title);
    let _ = writeln!(s, "{}", r.setup);
    let _ = writeln!(
        s,
        "Audit log, first page of 20 newest entries plus the total, as an org admin of the level:\n"
    );
    let _ = writeln!(
        s,
        "| level | node (depth) | entries in scope | HTTP `GET /api/v1/audit` | storage `AuditRepo::list` | bare count + page | HTTP / bare | bare page | bare page, one statement | bare count | n |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            l.label,
            l.name,
            l.depth,
            l.rows,
            l.http_audit.cell(),
            l.repo_audit.cell(),
            l.bare_audit.cell(),
            fmt_ratio(l.http_audit.median / l.bare_audit.median),
            l.bare_page.cell(),
            l.bare_page_direct.cell(),
            l.bare_count.cell(),
            l.http_audit.n.min(l.bare_audit.n),
        );
    }
    for (indexed, caption) in [
        (
            false,
            "The same page and count with the scope written the common way (bare statements), \
             on a schema that indexes primary keys only:",
        ),
        (
            true,
            "The same again once `audit_log(node_id, id)` is indexed (the common way's best case):",
        ),
    ] {
        let _ = writeln!(s, "\n{caption}\n");
        let _ = writeln!(
            s,
            "| level | path page | `ancestors` page | recursive page | path count | `ancestors` count | recursive count | ancestors / path (page, count) | recursive / path (page, count) | n (anc. page, rec. page) |"
        );
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for l in &r.levels {
            let (ap, ac, cp, cc) = if indexed {
                (l.anc_page, l.anc_count, l.cte_page, l.cte_count)
            } else {
                (
                    l.anc_page_plain,
                    l.anc_count_plain,
                    l.cte_page_plain,
                    l.cte_count_plain,
                )
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {}, {} | {}, {} | {}, {} |",
                l.label,
                l.bare_page.cell(),
                ap.cell(),
                cp.cell(),
                l.bare_count.cell(),
                ac.cell(),
                cc.cell(),
                fmt_ratio(ap.median / l.bare_page.median),
                fmt_ratio(ac.median / l.bare_count.median),
                fmt_ratio(cp.median / l.bare_page.median),
                fmt_ratio(cc.median / l.bare_count.median),
                ap.n,
                cp.n,
            );
        }
    }
    if let Some((n, new, old)) = &r.sweep {
        let _ = writeln!(
            s,
            "\nThe page alone under {n} random nodes of any depth, read once per node in each \
             form (mostly cold caches; the two forms take turns at going first):\n"
        );
        let _ = writeln!(s, "| page statement | median | p95 | max |");
        let _ = writeln!(s, "|---|---:|---:|---:|");
        for (label, st) in [
            ("product: ids by sub-select, then 20 rows", new),
            ("one statement: `ORDER BY id DESC LIMIT 20`", old),
        ] {
            let _ = writeln!(
                s,
                "| {label} | {} | {} | {} |",
                fmt_ms(st.median),
                fmt_ms(st.p95),
                fmt_ms(st.max)
            );
        }
    }
    let _ = writeln!(s, "\nOrganization list, first page of 20 plus the total:\n");
    let _ = writeln!(
        s,
        "| level | nodes in scope | HTTP `GET /api/v1/orgs` | bare count + page | HTTP / bare |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|");
    for l in &r.levels {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            l.label,
            l.nodes,
            l.http_orgs.cell(),
            l.bare_orgs.cell(),
            fmt_ratio(l.http_orgs.median / l.bare_orgs.median),
        );
    }
    let _ = writeln!(s);
    s
}
