//! Importing a file of achievements, all or nothing, and the studios an import may name.

use super::*;

impl AchievementRepo<'_> {
    /// Studios the caller may add achievements to: (id, name), by name.
    pub async fn writable_studios(&self) -> Result<Vec<(i64, String)>> {
        let scopes = self.s.scopes(Permission::StudioWrite)?;
        Ok(studio::Entity::find()
            .select_only()
            .column(studio::Column::Id)
            .column(studio::Column::Name)
            .filter(within_any(studio::Column::NodePath, &scopes))
            .filter(studio::Column::State.ne(State::Delisted.code()))
            .order_by_asc(studio::Column::Name)
            .order_by_asc(studio::Column::Id)
            .into_tuple()
            .all(self.s.db)
            .await?)
    }

    /// Imports a file of achievements, all or nothing: every row is checked (studio,
    /// contributors, fields, numbers unique in the file and recorded nowhere) before anything
    /// is written, and one audit entry records the file.
    pub async fn import(&self, rows: Vec<AchievementRow>, filename: &str) -> Result<ImportOutcome> {
        let db = self.s.db;
        let today = crate::kit::today();
        let wscopes = self.s.scopes(Permission::StudioWrite)?;
        let studios: Vec<(i64, String, String)> = studio::Entity::find()
            .select_only()
            .column(studio::Column::Id)
            .column(studio::Column::Name)
            .column(studio::Column::State)
            .filter(within_any(studio::Column::NodePath, &wscopes))
            .into_tuple()
            .all(db)
            .await?;
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, name, _)) in studios.iter().enumerate() {
            by_name.entry(name.as_str()).or_default().push(i);
        }
        let by_id: HashMap<i64, usize> =
            studios.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
        let people = PeopleIndex::load(&self.s, &rows).await?;

        let mut errs: Vec<RowError> = vec![];
        let mut good: Vec<(u32, i64, Achievement, Vec<i64>)> = vec![];
        let mut numbers: HashMap<(String, String), u32> = HashMap::new();
        for r in &rows {
            let studio_id = studio_of(&studios, &by_name, &by_id, r, &mut errs);
            let contributors = people.resolve(r.row, &r.contributors, &mut errs);
            let parsed = parsed_row(r, today, &mut errs);
            if let Some(a) = &parsed {
                if let Some(no) = &a.application_no {
                    let key = (a.kind.code().to_string(), no.clone());
                    if let Some(first) = numbers.get(&key) {
                        err(
                            &mut errs,
                            r.row,
                            "application_no",
                            format!("err.ach_number_repeated|row={first}"),
                        );
                    } else {
                        numbers.insert(key, r.row);
                    }
                }
            }
            if let (Some(sid), Some(a), Some(c)) = (studio_id, parsed, contributors) {
                good.push((r.row, sid, a, c));
            }
        }
        numbers_taken(db, &numbers, &mut errs).await?;
        if !errs.is_empty() {
            errs.sort_by(|a, b| a.row.cmp(&b.row).then(a.field.cmp(&b.field)));
            return Ok(ImportOutcome::Refused(errs));
        }

        self.write_rows(good, filename).await
    }

    /// Writes the checked rows in one transaction with one audit entry for the file.
    async fn write_rows(
        &self,
        good: Vec<(u32, i64, Achievement, Vec<i64>)>,
        filename: &str,
    ) -> Result<ImportOutcome> {
        let work = Work::begin(self.s.db, self.s.actor).await?;
        let txn = work.txn();
        // The studios are checked again inside the write, where the rule holds.
        let mut open = HashSet::new();
        for (_, sid, _, _) in &good {
            if open.insert(*sid) {
                self.s.parent_for_write::<ach::Entity, _>(txn, *sid).await?;
            }
        }
        let now = now_ms();
        let n = good.len() as u64;
        for (_, sid, a, c) in good {
            let mut am = ach::ActiveModel {
                studio_id: Set(sid),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            apply(&mut am, &a);
            let m = am.insert(txn).await.map_err(unique_violation)?;
            write_contributors(txn, m.id, &c).await?;
        }
        work.record(Entry {
            action: "import",
            record_type: "studio_achievement",
            record_id: None,
            node: self.s.actor.home_ref(),
            before: None,
            after: Some(json!({"rows": n, "file": filename})),
        })
        .await?;
        work.commit().await?;
        Ok(ImportOutcome::Imported(n))
    }
}

/// A refusal of one cell of the file.
fn err(errs: &mut Vec<RowError>, row: u32, field: &str, key: String) {
    errs.push(RowError {
        row,
        field: field.into(),
        key,
    })
}

/// The studio a row names, by number or by name, when it takes records.
fn studio_of(
    studios: &[(i64, String, String)],
    by_name: &HashMap<&str, Vec<usize>>,
    by_id: &HashMap<i64, usize>,
    r: &AchievementRow,
    errs: &mut Vec<RowError>,
) -> Option<i64> {
    let t = r.studio.trim();
    let found = if t.is_empty() {
        err(errs, r.row, "studio", "err.required".into());
        None
    } else {
        let by_number = t.parse::<i64>().ok().and_then(|n| by_id.get(&n).copied());
        match (by_number, by_name.get(t).map(Vec::as_slice)) {
            (Some(i), _) => Some(i),
            (None, Some([i])) => Some(*i),
            (None, Some(more)) if more.len() > 1 => {
                err(errs, r.row, "studio", "err.ach_studio_ambiguous".into());
                None
            }
            _ => {
                err(errs, r.row, "studio", "err.ach_studio_unknown".into());
                None
            }
        }
    };
    found.and_then(|i| {
        let (id, _, state) = &studios[i];
        if State::from_code(state).is_some_and(|s| !s.takes_records()) {
            err(errs, r.row, "studio", "err.ach_studio_delisted".into());
            None
        } else {
            Some(*id)
        }
    })
}

/// A row's fields, its flags included, parsed.
fn parsed_row(
    r: &AchievementRow,
    today: NaiveDate,
    errs: &mut Vec<RowError>,
) -> Option<Achievement> {
    let mut input = r.input.clone();
    let (shared, public) = (parse_flag(&r.shared, false), parse_flag(&r.public, true));
    if shared.is_none() {
        err(errs, r.row, "shared", "err.ach_yes_no".into());
    }
    if public.is_none() {
        err(errs, r.row, "public", "err.ach_yes_no".into());
    }
    input.shared = shared.unwrap_or(false);
    input.public = public.unwrap_or(true);
    match input.parse(today) {
        Ok(a) => Some(a),
        Err(DomainError::Invalid(fe)) => {
            for (f, k) in fe.0 {
                err(errs, r.row, &f, k);
            }
            None
        }
        Err(DomainError::Refused(k)) => {
            err(errs, r.row, "kind", k.to_string());
            None
        }
    }
}

/// Refuses the rows whose numbers are recorded already, anywhere.
async fn numbers_taken(
    db: &DatabaseConnection,
    numbers: &HashMap<(String, String), u32>,
    errs: &mut Vec<RowError>,
) -> Result<()> {
    let wanted: Vec<String> = numbers.keys().map(|k| k.1.clone()).collect();
    for chunk in wanted.chunks(CHUNK) {
        let taken: Vec<(String, Option<String>)> = ach::Entity::find()
            .select_only()
            .column(ach::Column::Kind)
            .column(ach::Column::ApplicationNo)
            .filter(ach::Column::ApplicationNo.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (kind, no) in taken {
            if let Some(row) = no.and_then(|n| numbers.get(&(kind, n))) {
                err(errs, *row, "application_no", "err.ach_number_taken".into());
            }
        }
    }
    Ok(())
}

/// Splits a contributors cell: `张三、李四`, `张三,李四`, one per line, ...
pub fn split_people(s: &str) -> Vec<&str> {
    s.split(['、', ',', '，', ';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The people an import file names, among those the importer reads: by identity number,
/// or by a name that only one of them has.
struct PeopleIndex {
    by_number: HashMap<String, i64>,
    by_name: HashMap<String, Vec<i64>>,
}

impl PeopleIndex {
    async fn load(s: &Scoped<'_>, rows: &[AchievementRow]) -> Result<PeopleIndex> {
        let mut numbers = HashSet::new();
        let mut names = HashSet::new();
        for r in rows {
            for t in split_people(&r.contributors) {
                match IdNumber::parse(t) {
                    Ok(n) => {
                        numbers.insert(n.as_str().to_string());
                    }
                    Err(_) => {
                        names.insert(t.to_string());
                    }
                }
            }
        }
        let mut idx = PeopleIndex {
            by_number: HashMap::new(),
            by_name: HashMap::new(),
        };
        if numbers.is_empty() && names.is_empty() {
            return Ok(idx);
        }
        let scopes = s.scopes(Permission::PersonRead)?;
        let numbers: Vec<String> = numbers.into_iter().collect();
        for chunk in numbers.chunks(CHUNK) {
            let found: Vec<(i64, String)> = person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .column(person::Column::IdNumber)
                .filter(person::Column::IdNumber.is_in(chunk.to_vec()))
                .filter(within_any(person::Column::NodePath, &scopes))
                .into_tuple()
                .all(s.db)
                .await?;
            for (id, n) in found {
                idx.by_number.insert(n, id);
            }
        }
        let names: Vec<String> = names.into_iter().collect();
        for chunk in names.chunks(CHUNK) {
            let found: Vec<(i64, String)> = person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .column(person::Column::Name)
                .filter(person::Column::Name.is_in(chunk.to_vec()))
                .filter(within_any(person::Column::NodePath, &scopes))
                .into_tuple()
                .all(s.db)
                .await?;
            for (id, n) in found {
                idx.by_name.entry(n).or_default().push(id);
            }
        }
        Ok(idx)
    }

    /// The people of one cell, or `None` after recording every problem.
    fn resolve(&self, row: u32, cell: &str, errs: &mut Vec<RowError>) -> Option<Vec<i64>> {
        let mut out = vec![];
        let mut ok = true;
        let mut bad = |key: String| {
            errs.push(RowError {
                row,
                field: "contributors".into(),
                key,
            })
        };
        let tokens = split_people(cell);
        if tokens.len() > MAX_CONTRIBUTORS {
            bad("err.ach_contributors_many".into());
            return None;
        }
        for t in tokens {
            let id = match IdNumber::parse(t) {
                Ok(n) => self.by_number.get(n.as_str()).copied(),
                Err(_) => match self.by_name.get(t).map(Vec::as_slice) {
                    Some([one]) => Some(*one),
                    Some(more) if more.len() > 1 => {
                        bad(format!("err.ach_person_ambiguous|name={}", urlencode(t)));
                        ok = false;
                        continue;
                    }
                    _ => None,
                },
            };
            match id {
                Some(id) if out.contains(&id) => {
                    bad("err.ach_contributor_repeated".into());
                    ok = false;
                }
                Some(id) => out.push(id),
                None => {
                    bad(format!("err.ach_person_unknown|name={}", urlencode(t)));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}
