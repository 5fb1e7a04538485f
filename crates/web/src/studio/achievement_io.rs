//! Studio achievements as a spreadsheet: the export with Chinese (or English) headers, the
//! template with dropdowns, and the all-or-nothing import with a cell-by-cell report. The API
//! and the pages both call these.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::Imported;
use crate::sheet::{self, ColumnKind, ColumnSpec, Row, SheetSpec};
use crate::upload_guard;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use axum::body::Bytes;
use axum::response::Response;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::studio::achievement::{AchievementInput, Kind, LEVELS};
use touyan_storage::kit::import::ImportOutcome;
use touyan_storage::studio::achievement::{AchievementFilter, AchievementRow};
use touyan_storage::Scoped;

/// The columns, in order: key, required, kind, width.
const COLUMNS: [(&str, bool, ColumnKind, f64); 13] = [
    ("studio", true, ColumnKind::Text, 28.0),
    ("kind", true, ColumnKind::Text, 14.0),
    ("title", true, ColumnKind::Text, 36.0),
    ("application_no", false, ColumnKind::Text, 18.0),
    ("grant_no", false, ColumnKind::Text, 18.0),
    ("registration_no", false, ColumnKind::Text, 16.0),
    ("level", false, ColumnKind::Text, 10.0),
    ("rank", false, ColumnKind::Text, 10.0),
    ("achieved_on", true, ColumnKind::Date, 12.0),
    ("contributors", false, ColumnKind::Text, 24.0),
    ("shared", false, ColumnKind::Text, 10.0),
    ("public", false, ColumnKind::Text, 10.0),
    ("note", false, ColumnKind::Text, 24.0),
];

fn both(key: &str) -> [String; 2] {
    [
        Tr::new(Lang::ZhCn).t(key).to_string(),
        Tr::new(Lang::En).t(key).to_string(),
    ]
}

fn kind_codes() -> Vec<&'static str> {
    Kind::codes()
}

fn labels(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<String> {
    codes
        .iter()
        .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
        .collect()
}

/// The sheet; `studios` fills the studio dropdown.
pub fn spec(tr: Tr, studios: Vec<String>) -> SheetSpec {
    let yes_no = vec![tr.t("ach.yes").to_string(), tr.t("ach.no").to_string()];
    let mut studios = Some(studios);
    let columns = COLUMNS
        .iter()
        .map(|(key, required, kind, width)| {
            let hk = format!("ach.col.{key}");
            let [zh, en] = both(&hk);
            let choices = match *key {
                "studio" => studios.take().filter(|s| !s.is_empty()),
                "kind" => Some(labels(tr, "ach.kind", &kind_codes())),
                "level" => Some(labels(tr, "ach.level", &LEVELS)),
                "shared" | "public" => Some(yes_no.clone()),
                _ => None,
            };
            ColumnSpec {
                key,
                header: tr.t(&hk).to_string(),
                aliases: vec![zh, en],
                required: *required,
                choices,
                kind: *kind,
                width: *width,
            }
        })
        .collect();
    SheetSpec {
        name: tr.t("ach.sheet").to_string(),
        columns,
    }
}

/// Codes by themselves and by their labels in either language.
struct Codes(HashMap<String, String>);

impl Codes {
    fn new(prefix: &str, codes: &[&str]) -> Codes {
        let mut m = HashMap::new();
        for c in codes {
            m.insert(c.to_string(), c.to_string());
            for l in both(&format!("{prefix}.{c}")) {
                m.insert(l.to_lowercase(), c.to_string());
            }
        }
        Codes(m)
    }

    /// The code `v` names; anything else passes through for the domain to refuse.
    fn of(&self, v: &str) -> String {
        let t = v.trim();
        self.0
            .get(t)
            .or_else(|| self.0.get(&t.to_lowercase()))
            .cloned()
            .unwrap_or_else(|| t.to_string())
    }
}

/// A blank template for the caller: the studios it may add to, kinds and levels to pick.
pub async fn template(s: &Scoped<'_>, tr: Tr) -> WebResult<Response> {
    let mut names: Vec<String> = s
        .studio_achievements()
        .writable_studios()
        .await?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    names.dedup();
    let spec = spec(tr, names);
    let bytes = sheet::template(&spec, tr.t("ach.sheet_dict"), &[])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "{}-{}.xlsx",
        tr.t("ach.sheet"),
        tr.t("import.template_suffix")
    );
    Ok(xlsx::attachment(&name, bytes))
}

/// Reads, checks and (when every cell is good) writes one file.
/// The file is read on a blocking thread, after the archive check (`upload_guard`).
pub async fn import(s: &Scoped<'_>, tr: Tr, filename: &str, bytes: Bytes) -> WebResult<Imported> {
    let spec = spec(tr, vec![]);
    let read_spec = spec.clone();
    let rows = upload_guard::read_off_runtime(bytes, move |b| sheet::read(b, &read_spec)).await?;
    let at: HashMap<&str, usize> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key, i))
        .collect();
    let get = |r: &Row, key: &str| -> String {
        at.get(key)
            .and_then(|i| r.values.get(*i).cloned())
            .unwrap_or_default()
    };
    let kinds = Codes::new("ach.kind", &kind_codes());
    let levels = Codes::new("ach.level", &LEVELS);
    let data = rows
        .iter()
        .map(|r| AchievementRow {
            row: r.number,
            studio: get(r, "studio"),
            contributors: get(r, "contributors"),
            shared: get(r, "shared"),
            public: get(r, "public"),
            input: AchievementInput {
                kind: kinds.of(&get(r, "kind")),
                title: get(r, "title"),
                application_no: get(r, "application_no"),
                grant_no: get(r, "grant_no"),
                registration_no: get(r, "registration_no"),
                level: levels.of(&get(r, "level")),
                rank: get(r, "rank"),
                achieved_on: get(r, "achieved_on"),
                note: get(r, "note"),
                shared: false,
                public: true,
            },
        })
        .collect();
    match s.studio_achievements().import(data, filename).await? {
        ImportOutcome::Imported(n) => Ok(Imported::Done(n)),
        ImportOutcome::Refused(errors) => {
            let (cells, report) =
                crate::import_answer::refused(s, tr, spec, rows, &errors, filename).await?;
            Ok(Imported::Refused { cells, report })
        }
    }
}

/// The achievements `f` selects as .xlsx with the template's columns, scoped and audited.
pub async fn export(s: &Scoped<'_>, tr: Tr, f: &AchievementFilter) -> WebResult<Response> {
    let spec = spec(tr, vec![]);
    let items = s.studio_achievements().all(f, EXPORT_CAP).await?;
    let yes_no = |b: bool| tr.t(if b { "ach.yes" } else { "ach.no" }).to_string();
    let rows: Vec<Vec<Cell>> = items
        .into_iter()
        .map(|a| {
            let names: Vec<&str> = a.contributors.iter().map(|c| c.name.as_str()).collect();
            vec![
                a.studio_name.into(),
                tr.t(&format!("ach.kind.{}", a.kind)).into(),
                a.title.into(),
                a.application_no.into(),
                a.grant_no.into(),
                a.registration_no.into(),
                a.level.map(|l| tr.t(&format!("ach.level.{l}"))).into(),
                a.rank.into(),
                Cell::Text(a.achieved_on.to_string()),
                names.join("、").into(),
                yes_no(a.shared).into(),
                yes_no(a.public).into(),
                a.note.into(),
            ]
        })
        .collect();
    s.audit()
        .note(
            "export",
            "studio_achievement",
            Permission::StudioRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len(), "studio": f.studio})),
        )
        .await?;
    let headers: Vec<&str> = spec.columns.iter().map(|c| c.header.as_str()).collect();
    let name = format!("{}.xlsx", tr.t("ach.sheet"));
    xlsx::download(&name, tr.t("ach.sheet"), &headers, rows)
}
