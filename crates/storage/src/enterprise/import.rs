//! The ledger read from a spreadsheet, all or nothing: every row is checked first (the same
//! domain rules as the form, the enterprise node resolved among the nodes the importer may
//! change, the credit code unique within the file and against the stored ledger, the
//! revenue given as a pair), inside the one transaction that then writes every row; a single
//! problem anywhere writes nothing and the caller gets every problem, by row and field.
//! Also the names a file gives enterprise nodes, for the template and the export.

use super::write::{
    code_free_many, unchanged, write_profiles, write_revenues, ProfileWrite, RevenueWrite,
};
use super::*;
use crate::audit::Entry;
use crate::kit::import::{ImportOutcome, RowError};
use crate::kit::lookup::NodeResolver;
use crate::kit::work::Work;
use crate::scope::within_any;
use serde_json::json;
use touyan_domain::access::Permission;
use touyan_domain::enterprise::{Enterprise, EnterpriseInput, Revenue, RevenueInput};
use touyan_domain::tree::TreePath;
use touyan_domain::DomainError;

/// "No limit" for the nodes an import resolves names against (LIMIT binds as i64).
const ALL_NODES: u64 = i64::MAX as u64;

/// One row of a ledger file, as read.
#[derive(Debug, Clone, Default)]
pub struct EnterpriseRow {
    /// The row's number in the sheet.
    pub row: u32,
    /// The enterprise's node: its code, its path of names or a name unique in the scope.
    pub node: String,
    pub input: EnterpriseInput,
    /// One year's revenue, optional, but both cells or neither.
    pub revenue_year: String,
    pub revenue_amount: String,
}

/// A row that passed every check.
struct Checked {
    row: u32,
    id: i64,
    path: TreePath,
    profile: Enterprise,
    revenue: Option<Revenue>,
}

pub(super) fn err(errs: &mut Vec<RowError>, row: u32, field: &str, key: impl Into<String>) {
    errs.push(RowError {
        row,
        field: field.into(),
        key: key.into(),
    });
}

/// A domain refusal spread over the row's cells; `rename` maps the domain's field names to
/// the file's columns.
pub(super) fn push_domain(
    errs: &mut Vec<RowError>,
    row: u32,
    field: &str,
    e: DomainError,
    rename: fn(&str) -> &str,
) {
    match e {
        DomainError::Invalid(fe) => {
            for (f, key) in fe.0 {
                err(errs, row, rename(&f), key);
            }
        }
        DomainError::Refused(k) => err(errs, row, field, k),
    }
}

fn same(f: &str) -> &str {
    f
}

fn revenue_field(f: &str) -> &str {
    match f {
        "year" => "revenue_year",
        _ => "revenue_amount",
    }
}

/// The revenue pair of a row: none when both cells are blank, a problem on the blank one when
/// only one is given.
fn revenue_of(
    r: &EnterpriseRow,
    today: chrono::NaiveDate,
    errs: &mut Vec<RowError>,
) -> Option<Option<Revenue>> {
    let (year, amount) = (r.revenue_year.trim(), r.revenue_amount.trim());
    match (year.is_empty(), amount.is_empty()) {
        (true, true) => Some(None),
        (true, false) => {
            err(errs, r.row, "revenue_year", "err.ent_import_year_missing");
            None
        }
        (false, true) => {
            err(
                errs,
                r.row,
                "revenue_amount",
                "err.ent_import_amount_missing",
            );
            None
        }
        (false, false) => {
            let input = RevenueInput {
                year: year.to_string(),
                amount: amount.to_string(),
            };
            match input.parse(today) {
                Ok(v) => Some(Some(v)),
                Err(e) => {
                    push_domain(errs, r.row, "revenue_year", e, revenue_field);
                    None
                }
            }
        }
    }
}

/// The checks of a file, carried from row to row.
struct FileCheck {
    nodes: NodeResolver,
    today: chrono::NaiveDate,
    /// Enterprise node → the first row naming it.
    node_rows: HashMap<i64, u32>,
    /// Credit code → the first row holding it.
    code_rows: HashMap<String, u32>,
    /// (code, node or -1, row) of every code read, to look up its holder.
    wanted: Vec<(String, i64, u32)>,
    errs: Vec<RowError>,
    good: Vec<Checked>,
}

impl FileCheck {
    /// Checks one row: every problem of it recorded, or the row kept as checked.
    fn row(&mut self, r: &EnterpriseRow) -> Result<()> {
        let node = match r.node.trim() {
            "" => {
                err(&mut self.errs, r.row, "node", "err.required");
                None
            }
            n => match self.nodes.resolve(n) {
                None => {
                    err(&mut self.errs, r.row, "node", "err.node_missing");
                    None
                }
                Some((id, _)) if self.node_rows.contains_key(&id) => {
                    let first = self.node_rows[&id];
                    let key = format!("err.ent_import_node_repeated|row={first}");
                    err(&mut self.errs, r.row, "node", key);
                    None
                }
                Some((id, path)) => {
                    self.node_rows.insert(id, r.row);
                    Some((id, TreePath::parse(path)?))
                }
            },
        };
        // The code is checked for repeats and holders whenever it reads, whatever the
        // rest of the row, so that every bad cell is named at once.
        if let Ok(code) = CreditCode::parse(&r.input.credit_code) {
            let code = code.as_str().to_string();
            match self.code_rows.get(&code) {
                Some(first) => {
                    let key = format!("err.ent_import_code_repeated|row={first}");
                    err(&mut self.errs, r.row, "credit_code", key);
                }
                None => {
                    self.code_rows.insert(code.clone(), r.row);
                    // A row whose node is unknown may hold no stored code.
                    let id = node.as_ref().map_or(-1, |n| n.0);
                    self.wanted.push((code, id, r.row));
                }
            }
        }
        let profile = match r.input.parse(self.today) {
            Ok(p) => Some(p),
            Err(e) => {
                push_domain(&mut self.errs, r.row, "credit_code", e, same);
                None
            }
        };
        let revenue = revenue_of(r, self.today, &mut self.errs);
        if let (Some((id, path)), Some(profile), Some(revenue)) = (node, profile, revenue) {
            self.good.push(Checked {
                row: r.row,
                id,
                path,
                profile,
                revenue,
            });
        }
        Ok(())
    }
}

impl EnterpriseRepo<'_> {
    /// The scopes whose names a file uses: where the caller changes the ledger, else (a
    /// reader's export) where it reads it.
    fn file_scopes(&self) -> Result<Vec<TreePath>> {
        self.s
            .scopes(Permission::EnterpriseWrite)
            .or_else(|_| self.s.scopes(Permission::EnterpriseRead))
    }

    /// How a ledger file names each of the enterprise nodes `nodes` (id, name): so that an
    /// import by the same caller finds it again.
    pub async fn file_names(&self, nodes: &[(i64, String)]) -> Result<HashMap<i64, String>> {
        let names = NodeResolver::load(self.s.db, &self.file_scopes()?, ALL_NODES).await?;
        Ok(nodes
            .iter()
            .map(|(id, name)| {
                let label = names.name_for(*id, name).unwrap_or_else(|| name.clone());
                (*id, label)
            })
            .collect())
    }

    /// The enterprise nodes the caller may record profiles at, as a file names them, in tree
    /// order, at most `cap` (the template's dropdown).
    pub async fn import_choices(&self, cap: u64) -> Result<Vec<String>> {
        let scopes = self.s.scopes(Permission::EnterpriseWrite)?;
        let rows: Vec<(i64, String)> = org_node::Entity::find()
            .select_only()
            .column(org_node::Column::Id)
            .column(org_node::Column::Name)
            .filter(within_any(org_node::Column::Path, &scopes))
            .filter(org_node::Column::Kind.eq("enterprise"))
            .order_by_asc(org_node::Column::Path)
            .limit(cap)
            .into_tuple()
            .all(self.s.db)
            .await?;
        let names = self.file_names(&rows).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, _)| names.get(&id).cloned())
            .collect())
    }

    /// The latest year's revenue of each of the enterprises `ids`, by node (the export's
    /// revenue pair).
    pub async fn latest_revenues(&self, ids: &[i64]) -> Result<HashMap<i64, RevenueView>> {
        let rows = crate::find_in(
            self.s.db,
            enterprise_revenue::Entity::find().order_by_asc(enterprise_revenue::Column::Year),
            enterprise_revenue::Column::NodeId,
            ids,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let v = RevenueView {
                    id: r.id,
                    year: r.year,
                    amount_fen: r.amount_fen,
                    amount: touyan_domain::money::Fen(r.amount_fen).plain(),
                };
                (r.node_id, v)
            })
            .collect())
    }

    /// Imports a ledger file: every row checked, then every profile recorded (created or
    /// replaced) with its year of revenue, in one transaction with one `import` entry for the
    /// file; or, on any problem, nothing written and every problem answered. A row that
    /// changes nothing writes nothing.
    pub async fn import(&self, rows: Vec<EnterpriseRow>, filename: &str) -> Result<ImportOutcome> {
        let scopes = self.s.scopes(Permission::EnterpriseWrite)?;
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        let total = rows.len() as u64;
        let mut check = FileCheck {
            nodes: NodeResolver::load(txn, &scopes, ALL_NODES).await?,
            today: crate::kit::today(),
            node_rows: HashMap::new(),
            code_rows: HashMap::new(),
            wanted: vec![],
            errs: vec![],
            good: Vec::with_capacity(rows.len()),
        };
        for r in &rows {
            check.row(r)?;
        }
        let FileCheck {
            mut errs,
            mut good,
            wanted,
            ..
        } = check;
        let ids: Vec<i64> = good.iter().map(|c| c.id).collect();
        let kinds: HashMap<i64, String> =
            crate::find_in(txn, org_node::Entity::find(), org_node::Column::Id, &ids)
                .await?
                .into_iter()
                .map(|n| (n.id, n.kind))
                .collect();
        good.retain(|c| {
            let fine = kinds.get(&c.id).is_some_and(|k| k == "enterprise");
            if !fine {
                err(&mut errs, c.row, "node", "err.ent_not_enterprise");
            }
            fine
        });
        for row in code_free_many(txn, &wanted).await? {
            err(&mut errs, row, "credit_code", "err.ent_credit_taken");
        }
        if !errs.is_empty() {
            errs.sort_by(|a, b| a.row.cmp(&b.row).then(a.field.cmp(&b.field)));
            // Dropping the unit of work rolls it back: nothing was written.
            return Ok(ImportOutcome::Refused(errs));
        }
        self.write_checked(&work, good).await?;
        work.record(Entry {
            action: "import",
            record_type: "enterprise",
            record_id: None,
            node: self.s.actor.home_ref(),
            before: None,
            after: Some(json!({"rows": total, "file": filename})),
        })
        .await?;
        work.commit().await?;
        Ok(ImportOutcome::Imported(total))
    }

    /// Writes the checked rows through the form's own row writes.
    async fn write_checked(&self, work: &Work<'_>, good: Vec<Checked>) -> Result<()> {
        let txn = work.txn();
        let ids: Vec<i64> = good.iter().map(|c| c.id).collect();
        let mut stored: HashMap<i64, enterprise::Model> = crate::find_in(
            txn,
            enterprise::Entity::find(),
            enterprise::Column::NodeId,
            &ids,
        )
        .await?
        .into_iter()
        .map(|m| (m.node_id, m))
        .collect();
        let with_revenue: Vec<i64> = good
            .iter()
            .filter(|c| c.revenue.is_some())
            .map(|c| c.id)
            .collect();
        let mut revenues: HashMap<(i64, i32), enterprise_revenue::Model> = crate::find_in(
            txn,
            enterprise_revenue::Entity::find(),
            enterprise_revenue::Column::NodeId,
            &with_revenue,
        )
        .await?
        .into_iter()
        .map(|r| ((r.node_id, r.year), r))
        .collect();
        let mut profiles = Vec::with_capacity(good.len());
        let mut years = Vec::with_capacity(good.len());
        for c in good {
            if let Some(r) = c.revenue {
                let old = revenues.remove(&(c.id, r.year));
                if old.as_ref().is_none_or(|o| o.amount_fen != r.amount.0) {
                    let path = c.path.clone();
                    years.push(RevenueWrite {
                        id: c.id,
                        path,
                        old,
                        r,
                    });
                }
            }
            let old = stored.remove(&c.id);
            if !old
                .as_ref()
                .is_some_and(|o| unchanged(o, &c.path, &c.profile))
            {
                let (id, path, e) = (c.id, c.path, c.profile);
                profiles.push(ProfileWrite { id, path, old, e });
            }
        }
        // Profiles first: a year of revenue belongs to a profile.
        write_profiles(work, &profiles).await?;
        write_revenues(work, &years).await?;
        Ok(())
    }
}
