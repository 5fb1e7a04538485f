//! The markdown report of a run.

use super::*;

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

pub(crate) fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

pub(crate) fn best(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

pub(super) fn render_import(f: &FileInfo, reports: &[ImportReport], nodes: usize) -> String {
    let mut s = String::new();
    let read_med = median(&f.read);
    let read_best = best(&f.read);
    let _ = writeln!(s, "### Import of {} people\n", f.rows.len());
    let coded = f.rows.iter().filter(|r| r.codes).count();
    let by_code = f.rows.iter().filter(|r| r.node.starts_with("CY-")).count();
    let _ = writeln!(
        s,
        "File: {} data rows under the template's {} headers ({}), {:.1} MB, {} cells; written in \
         {:.1} s. Nodes named by code in {} rows and by path of names in {}; gender, education and \
         status as the template's labels in {} rows and as codes in {}; dates as date cells.\n",
        f.rows.len(),
        f.header.len(),
        f.header.join(", "),
        f.bytes.len() as f64 / 1e6,
        f.cells,
        f.gen_ms / 1000.0,
        by_code,
        f.rows.len() - by_code,
        f.rows.len() - coded,
        coded,
    );
    let _ = writeln!(
        s,
        "calamine alone (open the workbook from memory, read every cell with the streaming \
         reader the import uses): best {} ms, median {} ms of {} reads ({}).\n",
        fmt_ms(read_best),
        fmt_ms(read_med),
        f.read.len(),
        f.read
            .iter()
            .map(|v| fmt_ms(*v))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        s,
        "`POST /api/v1/people/import` as the signed-in admin, each into a fresh database holding \
         only the {nodes}-node city tree (rows marked \"people stored\": and that many people \
         already, none sharing a number with the file, written with the list data's loader \
         before the server starts), timed from sending the request to the whole 200 answer; \
         the process's peak RSS (client, server and, on SQLite, the database engine) reset \
         just before:\n"
    );
    let _ = writeln!(
        s,
        "| backend | imports (ms) | median | best | median / calamine median | best / calamine best | calamine just before and after each import (ms) | each import / the mean of its two reads | median of those | target < 3× | peak RSS per run | peak − RSS before, per run |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---|---|---:|---|---|---|");
    for r in reports {
        let ms: Vec<f64> = r.runs.iter().map(|x| x.ms).collect();
        let (m, b) = (median(&ms), best(&ms));
        let ratio = m / read_med;
        let paired: Vec<f64> = r
            .runs
            .iter()
            .map(|x| x.ms / ((x.read_ms[0] + x.read_ms[1]) / 2.0))
            .collect();
        let paired_med = median(&paired);
        let mem = |f: &dyn Fn(&Memory) -> u64| {
            r.runs
                .iter()
                .map(|x| {
                    if x.mem.peak > 0 {
                        fmt_mib(f(&x.mem))
                    } else {
                        "n/a".into()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.label(),
            ms.iter()
                .map(|v| format!("{v:.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            fmt_ms(m),
            fmt_ms(b),
            fmt_ratio(ratio),
            fmt_ratio(b / read_best),
            r.runs
                .iter()
                .map(|x| format!("{:.0}/{:.0}", x.read_ms[0], x.read_ms[1]))
                .collect::<Vec<_>>()
                .join(", "),
            paired
                .iter()
                .map(|v| fmt_ratio(*v))
                .collect::<Vec<_>>()
                .join(", "),
            fmt_ratio(paired_med),
            match (ratio < 3.0, paired_med < 3.0) {
                (true, true) => "met",
                (false, false) => "**missed**",
                (false, true) =>
                    "**missed** against calamine's median; met against the reads around each import",
                (true, false) =>
                    "**missed** against the reads around each import; met against calamine's median",
            },
            mem(&|x| x.peak),
            mem(&|x| x.peak.saturating_sub(x.before)),
        );
    }
    let before: Vec<String> = reports
        .iter()
        .flat_map(|r| r.runs.iter().map(|x| fmt_mib(x.mem.before)))
        .collect();
    let _ = writeln!(
        s,
        "\nBefore each import the allocators' free memory is handed back (`mi_collect`, `malloc_trim`), then \
         the peak is reset; the resident size just before was {} (the runs in table order). \
         Setting up a fresh database and server took about {} s per run (not timed).\n",
        before.join(", "),
        reports
            .iter()
            .map(|r| format!("{:.1} ({})", r.setup_ms / 1000.0, r.label()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if reports.iter().any(|r| r.storage_ms.is_some()) {
        let _ = writeln!(
            s,
            "Where the time goes: the same rows handed to `PeopleRepo::import` directly (no HTTP, \
             no workbook; one run, into another fresh database), and its steps redone one at a \
             time with public pieces (one run, into a third fresh database): building the node \
             resolver (`import_nodes`) and resolving every row; `PersonInput::parse` of every \
             row; the duplicate lookup (`SELECT` of the people holding 400 numbers, per 400 \
             rows); and the rows written as bare multi-row `INSERT`s of 400 rows in one \
             transaction, in the order the import writes them (each batch of 5 000 by node \
             path, then number), first into the table as it is, then (on a fourth fresh \
             database) with its indexes and, on PostgreSQL, its foreign key set aside and \
             built again (`touyan_storage::bulk`), as the import does into a ledger of fewer \
             than 5 000 people, which is what every import of the first series is. \"Steps of the load \
             together\" adds the resolver, the parse and the second write (a load reads the \
             stored people once instead of looking numbers up per batch). Milliseconds:\n"
        );
        let _ = writeln!(
            s,
            "| backend | HTTP import, median | `PeopleRepo::import` alone | resolver | parse | duplicate lookup | bare inserts, indexes kept | bare inserts, indexes set aside and built again | steps of the load together | `import` alone − those steps |"
        );
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for r in reports.iter().filter(|r| r.stored == 0) {
            let ms: Vec<f64> = r.runs.iter().map(|x| x.ms).collect();
            let cell = |v: Option<f64>| v.map_or("not run".to_string(), |v| format!("{v:.0}"));
            let steps = r.phases.map(|p| p.nodes + p.parse + p.load_insert);
            let _ = writeln!(
                s,
                "| {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.title,
                median(&ms),
                cell(r.storage_ms),
                cell(r.phases.map(|p| p.nodes)),
                cell(r.phases.map(|p| p.parse)),
                cell(r.phases.map(|p| p.lookup)),
                cell(r.phases.map(|p| p.insert)),
                cell(r.phases.map(|p| p.load_insert)),
                cell(steps),
                cell(r.storage_ms.zip(steps).map(|(a, b)| a - b)),
            );
        }
        let _ = writeln!(s);
    }
    s
}

pub(super) fn render_list(r: &ListReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### Scoped list, {}\n", r.title);
    let _ = writeln!(s, "{}", r.setup);
    let _ = writeln!(
        s,
        "First page of 20 (ordered by node path, then id) plus the total, as the district's org \
         admin. Milliseconds, median (95th percentile):\n"
    );
    let _ = writeln!(
        s,
        "| filter | matches | `PeopleRepo::list` | bare count + page | list / bare | target ≤ 1.5× | bare count | bare page | n |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|---:|---:|---:|");
    for x in &r.shapes {
        let ratio = x.product.median / x.bare.median;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            x.label,
            x.total,
            x.product.cell(),
            x.bare.cell(),
            fmt_ratio(ratio),
            if ratio <= 1.5 { "met" } else { "**missed**" },
            x.bare_count.cell(),
            x.bare_page.cell(),
            x.product.n.min(x.bare.n),
        );
    }
    let _ = writeln!(
        s,
        "\nThe list's statements written out and timed bare: the bare count and page sent side \
         by side on two connections, as the list sends them (the district's path comes with the \
         caller's grants, so no node is read first), then the names of the page's nodes; and \
         that names lookup alone:\n"
    );
    let _ = writeln!(
        s,
        "| filter | the list's statements, bare | names lookup | list / its statements |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|");
    for x in &r.shapes {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            x.label,
            x.product_form.cell(),
            x.lookups.cell(),
            fmt_ratio(x.product.median / x.product_form.median),
        );
    }
    let _ = writeln!(s);
    s
}
