//! The posts, honours and quotas sheets: each row checked, then the sheet written whole or
//! refused whole.

use super::*;

impl PostRepo<'_> {
    pub async fn import(&self, rows: Vec<PostRow>, filename: &str) -> Result<ImportOutcome> {
        let nodes = self.s.import_nodes(ALL_NODES).await?;
        let today = crate::kit::today();
        let kinds = dict_entry::Entity::find()
            .filter(dict_entry::Column::Dict.eq("post"))
            .all(self.s.db)
            .await?;
        let kind_of = |s: &str| {
            let t = s.trim();
            kinds
                .iter()
                .find(|k| k.code == t || k.name_zh == t || k.name_en.eq_ignore_ascii_case(t))
                .map(|k| k.code.clone())
        };
        let mut errs = vec![];
        let numbers: Vec<String> = rows
            .iter()
            .filter_map(|r| IdNumber::parse(&r.id_number).ok())
            .map(|n| n.as_str().to_string())
            .collect();
        let people = people_by_number(&self.s, numbers).await?;
        let mut good = vec![];
        for r in &rows {
            let person = number_of(&r.id_number, r.row, &mut errs).and_then(|n| {
                let p = people.get(&n).map(|p| p.id);
                if p.is_none() {
                    errs.push(err(r.row, "id_number", "err.person_missing"));
                }
                p
            });
            let code = kind_of(&r.post).or_else(|| {
                errs.push(err(
                    r.row,
                    "post",
                    if r.post.trim().is_empty() {
                        "err.required"
                    } else {
                        "err.choice_invalid"
                    },
                ));
                None
            });
            let node = nodes.resolve(&r.node).or_else(|| {
                errs.push(err(
                    r.row,
                    "node",
                    if r.node.trim().is_empty() {
                        "err.required"
                    } else {
                        "err.node_missing"
                    },
                ));
                None
            });
            let term = parse_term(&r.start_on, &r.end_on, today)
                .map_err(|e| push_domain(&mut errs, r.row, "start_on", e))
                .ok();
            let note = note_of(&r.note, r.row, &mut errs);
            if let (Some(p), Some(c), Some((nid, path)), Some(t)) = (person, code, node, term) {
                good.push((p, c, nid, path.to_string(), t, note));
            }
        }
        if !errs.is_empty() {
            return refused(errs);
        }
        let now = now_ms();
        let rows = good.into_iter().map(|(p, c, nid, path, t, note)| {
            let end = t.end_on.map(|d| d.to_string());
            json!([p, c, nid, path, t.start_on.to_string(), end, note, now, now])
        });
        const COLS: [(&str, Col); 9] = [
            ("person_id", Col::BigInt),
            ("post_code", Col::Text),
            ("node_id", Col::BigInt),
            ("node_path", Col::Text),
            ("start_on", Col::Date),
            ("end_on", Col::Date),
            ("note", Col::Text),
            ("created_at", Col::BigInt),
            ("updated_at", Col::BigInt),
        ];
        write_all(&self.s, "person_post", &COLS, rows, "person_post", filename).await
    }
}

impl HonourRepo<'_> {
    pub async fn import(&self, rows: Vec<HonourRow>, filename: &str) -> Result<ImportOutcome> {
        let nodes = self.s.import_nodes(ALL_NODES).await?;
        let today = crate::kit::today();
        let wscopes = self.s.scopes(Permission::PersonWrite)?;
        let mut errs = vec![];
        let numbers: Vec<String> = rows
            .iter()
            .filter_map(|r| IdNumber::parse(&r.id_number).ok())
            .map(|n| n.as_str().to_string())
            .collect();
        let people = people_by_number(&self.s, numbers).await?;
        let mut good = vec![];
        for r in &rows {
            let person = number_of(&r.id_number, r.row, &mut errs).and_then(|n| {
                let p = people.get(&n).filter(|p| {
                    TreePath::parse(&p.node_path)
                        .is_ok_and(|path| wscopes.iter().any(|s| path.is_within(s)))
                });
                if p.is_none() {
                    errs.push(err(r.row, "id_number", "err.person_missing"));
                }
                p.map(|p| (p.id, p.node_path.clone()))
            });
            let awarding = match r.awarding_node.trim() {
                "" => Some(None),
                a => match nodes.resolve(a) {
                    Some((id, _)) => Some(Some(id)),
                    None => {
                        errs.push(err(r.row, "awarding_node", "err.node_missing"));
                        None
                    }
                },
            };
            let h = parse_honour(&r.title, &r.level, &r.awarded_on, &r.note, today)
                .map_err(|e| push_domain(&mut errs, r.row, "title", e))
                .ok();
            if let (Some((pid, path)), Some(a), Some(h)) = (person, awarding, h) {
                good.push((pid, path, a, h));
            }
        }
        if !errs.is_empty() {
            return refused(errs);
        }
        let now = now_ms();
        let rows = good.into_iter().map(|(pid, path, a, h)| {
            let on = h.awarded_on.to_string();
            json!([pid, h.title, h.level, on, a, h.note, path, now, now])
        });
        const COLS: [(&str, Col); 9] = [
            ("person_id", Col::BigInt),
            ("title", Col::Text),
            ("level", Col::Text),
            ("awarded_on", Col::Date),
            ("awarding_node_id", Col::BigInt),
            ("note", Col::Text),
            ("node_path", Col::Text),
            ("created_at", Col::BigInt),
            ("updated_at", Col::BigInt),
        ];
        write_all(&self.s, "honour", &COLS, rows, "honour", filename).await
    }
}

impl QuotaRepo<'_> {
    /// Each row hands quota from the node's parent down to the node, in file order, inside
    /// one transaction: a later row may hand on what an earlier one granted.
    pub async fn import(&self, rows: Vec<QuotaRow>, filename: &str) -> Result<ImportOutcome> {
        let nodes = self.s.import_nodes(ALL_NODES).await?;
        let mut errs = vec![];
        let mut good = vec![];
        for r in &rows {
            let node = nodes.resolve(&r.node).or_else(|| {
                errs.push(err(
                    r.row,
                    "node",
                    if r.node.trim().is_empty() {
                        "err.required"
                    } else {
                        "err.node_missing"
                    },
                ));
                None
            });
            let year = r
                .year
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y));
            if year.is_none() {
                errs.push(err(r.row, "year", "err.year_range"));
            }
            let amount = r.amount.trim().parse::<i32>().ok().filter(|a| *a != 0);
            if amount.is_none() {
                errs.push(err(r.row, "amount", "err.quota_amount"));
            }
            if let (Some((nid, _)), Some(y), Some(a)) = (node, year, amount) {
                good.push((r.row, nid, y, a));
            }
        }
        if !errs.is_empty() {
            return refused(errs);
        }
        let work = Work::begin(self.s.db, self.s.actor).await?;
        for (row, nid, y, a) in &good {
            match self.allocate_in(&work, *nid, *y, *a).await {
                Ok(_) => {}
                Err(StorageError::Refused(k)) => errs.push(err(*row, "amount", k)),
                Err(StorageError::Invalid(fe)) => {
                    push_domain(&mut errs, *row, "amount", DomainError::Invalid(fe))
                }
                Err(StorageError::NotFound) => errs.push(err(*row, "node", "err.node_missing")),
                Err(e) => return Err(e),
            }
        }
        if !errs.is_empty() {
            // Dropping the transaction rolls back the rows already applied.
            return refused(errs);
        }
        import_audit(&work, &self.s, "quota", good.len() as u64, filename).await?;
        work.commit().await?;
        Ok(ImportOutcome::Imported(good.len() as u64))
    }
}
