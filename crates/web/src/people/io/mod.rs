//! The people ledgers as spreadsheets: the columns of each ledger, its template with
//! dropdowns, its export, and its all-or-nothing import with a cell-by-cell error report.
//! The API and the pages both call these.

use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::import_answer::{CellError, Imported};
use crate::sheet::{self, BadCell, ColumnKind, ColumnSpec, Row, SheetSpec};
use crate::upload_guard;
use crate::xlsx::{self, Cell, EXPORT_CAP};
use axum::body::Bytes;
use axum::response::Response;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::input::from_cells;
use touyan_domain::people::{Status, EDUCATION, ETHNICITIES, HONOUR_LEVELS};
use touyan_storage::kit::import::{ImportOutcome, RowError};
use touyan_storage::people::{
    Feed, HonourFilter, HonourRow, PersonFilter, PersonRow, PostFilter, PostRow, QuotaFilter,
    QuotaRow,
};
use touyan_storage::Scoped;

mod export;
mod import;

pub use export::{export, ExportFilter};
pub use import::import;

/// Most nodes a template's dropdown lists.
const NODE_CHOICES: u64 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ledger {
    People,
    Posts,
    Honours,
    Quotas,
}

impl Ledger {
    pub const ALL: [Ledger; 4] = [
        Ledger::People,
        Ledger::Posts,
        Ledger::Honours,
        Ledger::Quotas,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Ledger::People => "people",
            Ledger::Posts => "posts",
            Ledger::Honours => "honours",
            Ledger::Quotas => "quotas",
        }
    }

    pub fn from_slug(s: &str) -> Option<Ledger> {
        Ledger::ALL.into_iter().find(|l| l.slug() == s)
    }

    pub fn sheet_key(self) -> String {
        format!("psheet.{}", self.slug())
    }

    fn record_type(self) -> &'static str {
        match self {
            Ledger::People => "person",
            Ledger::Posts => "person_post",
            Ledger::Honours => "honour",
            Ledger::Quotas => "quota",
        }
    }
}

/// A code's label in both languages, so a file filled in either is understood.
fn both(prefix: &str, code: &str) -> [String; 2] {
    let key = format!("{prefix}.{code}");
    [
        Tr::new(Lang::ZhCn).t(&key).to_string(),
        Tr::new(Lang::En).t(&key).to_string(),
    ]
}

/// Codes by themselves and by their labels in either language, built once per file.
struct Codes(HashMap<String, &'static str>);

impl Codes {
    fn new(prefix: &str, codes: &[&'static str]) -> Codes {
        let mut m = HashMap::new();
        for c in codes {
            m.insert(c.to_string(), *c);
            for l in both(prefix, c) {
                m.insert(l, *c);
            }
        }
        Codes(m)
    }

    /// The code `v` names; unknown values pass through for the domain to refuse with a
    /// field error.
    fn of(&self, v: &str) -> String {
        let t = v.trim();
        self.0
            .get(t)
            .map_or_else(|| t.to_string(), |c| c.to_string())
    }
}

fn labels(tr: Tr, prefix: &str, codes: &[&str]) -> Vec<String> {
    codes
        .iter()
        .map(|c| tr.t(&format!("{prefix}.{c}")).to_string())
        .collect()
}

fn col(tr: Tr, key: &'static str, required: bool, kind: ColumnKind, width: f64) -> ColumnSpec {
    let hk = format!("pcol.{key}");
    ColumnSpec {
        key,
        header: tr.t(&hk).to_string(),
        aliases: vec![
            Tr::new(Lang::ZhCn).t(&hk).to_string(),
            Tr::new(Lang::En).t(&hk).to_string(),
        ],
        required,
        choices: None,
        kind,
        width,
    }
}

fn with_choices(mut c: ColumnSpec, choices: Vec<String>) -> ColumnSpec {
    c.choices = Some(choices);
    c
}

const GENDERS: [&str; 2] = ["male", "female"];

fn status_codes() -> Vec<&'static str> {
    Status::ALL.iter().map(|s| s.code()).collect()
}

/// The columns of a ledger's sheet; `nodes` and `posts` fill the dropdowns.
pub fn spec(ledger: Ledger, tr: Tr, nodes: Vec<String>, posts: Vec<String>) -> SheetSpec {
    use ColumnKind::{Date, Number, Text};
    let columns = match ledger {
        Ledger::People => vec![
            col(tr, "name", true, Text, 12.0),
            with_choices(
                col(tr, "gender", true, Text, 8.0),
                labels(tr, "gender", &GENDERS),
            ),
            with_choices(
                col(tr, "ethnicity", false, Text, 10.0),
                ETHNICITIES.iter().map(|s| s.to_string()).collect(),
            ),
            col(tr, "birth_date", true, Date, 12.0),
            col(tr, "id_number", true, Text, 22.0),
            col(tr, "phone", false, Text, 14.0),
            with_choices(
                col(tr, "education", false, Text, 14.0),
                labels(tr, "education", &EDUCATION),
            ),
            with_choices(col(tr, "node", true, Text, 30.0), nodes),
            with_choices(
                col(tr, "status", false, Text, 14.0),
                labels(tr, "pstatus", &status_codes()),
            ),
            col(tr, "applied_on", false, Date, 14.0),
            col(tr, "activist_on", false, Date, 14.0),
            col(tr, "development_object_on", false, Date, 14.0),
            col(tr, "probation_on", false, Date, 14.0),
            col(tr, "full_on", false, Date, 14.0),
            col(tr, "notes", false, Text, 24.0),
        ],
        Ledger::Posts => vec![
            col(tr, "id_number", true, Text, 22.0),
            col(tr, "name", false, Text, 12.0),
            with_choices(col(tr, "post", true, Text, 16.0), posts),
            with_choices(col(tr, "post_node", true, Text, 30.0), nodes),
            col(tr, "start_on", true, Date, 12.0),
            col(tr, "end_on", false, Date, 12.0),
            col(tr, "note", false, Text, 24.0),
        ],
        Ledger::Honours => vec![
            col(tr, "id_number", true, Text, 22.0),
            col(tr, "name", false, Text, 12.0),
            col(tr, "title", true, Text, 18.0),
            with_choices(
                col(tr, "level", true, Text, 10.0),
                labels(tr, "honour_level", &HONOUR_LEVELS),
            ),
            col(tr, "awarded_on", true, Date, 12.0),
            with_choices(col(tr, "awarding_node", false, Text, 30.0), nodes),
            col(tr, "note", false, Text, 24.0),
        ],
        Ledger::Quotas => vec![
            with_choices(col(tr, "node", true, Text, 30.0), nodes),
            col(tr, "year", true, Number, 8.0),
            col(tr, "amount", true, Number, 10.0),
        ],
    };
    SheetSpec {
        name: tr.t(&ledger.sheet_key()).to_string(),
        columns,
    }
}

async fn post_choices(s: &Scoped<'_>, tr: Tr) -> WebResult<Vec<String>> {
    Ok(s.dict()
        .entries("post")
        .await?
        .into_iter()
        .map(|e| {
            if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            }
        })
        .collect())
}

/// A blank template for the caller, its dropdowns filled from the caller's scope.
pub async fn template(s: &Scoped<'_>, ledger: Ledger, tr: Tr) -> WebResult<Response> {
    let nodes = s.import_nodes(NODE_CHOICES).await?.labels;
    let posts = post_choices(s, tr).await?;
    let spec = spec(ledger, tr, nodes, posts);
    let bytes = sheet::template(&spec, tr.t("psheet.dict"), &[])
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!(
        "{}-{}.xlsx",
        tr.t(&ledger.sheet_key()),
        tr.t("import.template_suffix")
    );
    Ok(xlsx::attachment(&name, bytes))
}
