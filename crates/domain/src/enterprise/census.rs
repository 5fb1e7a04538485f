//! The annual census of the ledger (起底, [004] "全部登记造册"): each year a snapshot of every
//! enterprise's figures — staff, members, revenue, operating and party status — that the park
//! corrects where its own count differs, then compares with the year before.

use super::{PartyStatus, FIRST_YEAR};
use crate::input::text;
use crate::money::Fen;
use crate::{DomainError, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A census year: from the first recordable year to the current one.
pub fn census_year(v: &str, today: NaiveDate) -> Result<i32, DomainError> {
    match v.trim().parse::<i32>() {
        Ok(y) if (FIRST_YEAR..=today.year()).contains(&y) => Ok(y),
        Ok(_) => Err(DomainError::field("year", "err.year_range")),
        Err(_) if v.trim().is_empty() => Err(DomainError::field("year", "err.required")),
        Err(_) => Err(DomainError::field("year", "err.number_invalid")),
    }
}

// The figures a park corrects in a census row, as the form, the API body and a filled
// template give them. Blank staff or revenue leaves the figure unknown; blank members,
// operating status or party status keeps the row's own (a correction of staff and revenue
// alone), except where the whole row is given (`parse_whole`).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CensusFillBody))]
pub struct CensusFillInput {
    #[serde(default, deserialize_with = "crate::input::num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub employees: String,
    /// The year's revenue in yuan (`8000万`, `1,234.56` and plain figures are read).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub revenue: String,
    /// Party members working there; absent keeps the census's count.
    #[serde(default, deserialize_with = "crate::input::opt_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub members: String,
    /// `operating`, `moved_out` or `closed`; absent keeps the census's.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub status: String,
    /// `own`, `joint`, `incubation`, `members_only` or `none`; absent keeps the census's.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub party: String,
}

/// A census row's correction: `None` of members, status or party keeps the row's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CensusFill {
    pub employees: Option<i64>,
    pub revenue: Option<Fen>,
    pub members: Option<i64>,
    pub status: Option<&'static str>,
    pub party: Option<PartyStatus>,
}

/// A whole number in `0..=max`, blank as `None`.
fn count(fe: &mut FieldErrors, field: &str, v: &str, max: i64, range: &str) -> Option<i64> {
    match v.trim() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => Some(n),
            Ok(_) => {
                fe.add(field, range);
                None
            }
            Err(_) => {
                fe.add(field, "err.number_invalid");
                None
            }
        },
    }
}

impl CensusFillInput {
    /// A correction where blank members, status and party keep the row's own.
    pub fn parse(&self) -> Result<CensusFill, DomainError> {
        self.parse_as(false)
    }

    /// A whole row, as a filled template gives it: members, status and party are required.
    pub fn parse_whole(&self) -> Result<CensusFill, DomainError> {
        self.parse_as(true)
    }

    fn parse_as(&self, whole: bool) -> Result<CensusFill, DomainError> {
        let mut fe = FieldErrors::new();
        let employees = count(
            &mut fe,
            "employees",
            &self.employees,
            super::MAX_EMPLOYEES,
            "err.ent_employees_range",
        );
        let revenue = fe
            .check("revenue", Fen::parse("revenue", &self.revenue))
            .flatten();
        let members = count(
            &mut fe,
            "members",
            &self.members,
            super::MAX_EMPLOYEES,
            "err.census_members_range",
        );
        let status = match self.status.trim() {
            "" => None,
            t => super::STATUSES
                .iter()
                .copied()
                .find(|c| *c == t)
                .or_else(|| {
                    fe.add("status", "err.choice");
                    None
                }),
        };
        let party = match self.party.trim() {
            "" => None,
            t => PartyStatus::from_code(t).or_else(|| {
                fe.add("party", "err.choice");
                None
            }),
        };
        if whole {
            for (field, v) in [
                ("members", &self.members),
                ("status", &self.status),
                ("party", &self.party),
            ] {
                if v.trim().is_empty() {
                    fe.add(field, "err.required");
                }
            }
        }
        fe.into_result()?;
        Ok(CensusFill {
            employees,
            revenue,
            members,
            status,
            party,
        })
    }
}

/// One enterprise's figures in a census.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CensusFigures {
    pub operating: bool,
    pub party: Option<PartyStatus>,
    pub employees: Option<i64>,
    pub members: u64,
    pub revenue: Option<Fen>,
}

/// A census year's totals over the operating enterprises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CensusTotals {
    pub enterprises: u64,
    /// With their own organization, or covered by a joint or incubation branch.
    pub organized: u64,
    pub employees: i64,
    pub members: u64,
    pub revenue_fen: i64,
    /// Organization coverage in percent, one decimal.
    pub organization_rate: Option<f64>,
}

impl CensusTotals {
    /// Totals already summed (by the store, one grouped read), with their rate worked out.
    pub fn summed(
        enterprises: u64,
        organized: u64,
        employees: i64,
        members: u64,
        revenue_fen: i64,
    ) -> CensusTotals {
        let mut t = CensusTotals {
            enterprises,
            organized,
            employees,
            members,
            revenue_fen,
            organization_rate: None,
        };
        t.organization_rate = t.rate();
        t
    }

    fn rate(&self) -> Option<f64> {
        (self.enterprises > 0)
            .then(|| (self.organized as f64 * 1000.0 / self.enterprises as f64).round() / 10.0)
    }

    pub fn of<'a>(rows: impl IntoIterator<Item = &'a CensusFigures>) -> CensusTotals {
        let mut t = CensusTotals::default();
        for r in rows.into_iter().filter(|r| r.operating) {
            t.enterprises += 1;
            t.organized += u64::from(r.party.is_some_and(PartyStatus::organized));
            t.employees += r.employees.unwrap_or(0);
            t.members += r.members;
            t.revenue_fen = t
                .revenue_fen
                .saturating_add(r.revenue.map(Fen::fen).unwrap_or(0));
        }
        t.organization_rate = t.rate();
        t
    }
}

/// The change of each figure from one year to the next (this year minus the year before).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CensusChange {
    pub enterprises: i64,
    pub organized: i64,
    pub employees: i64,
    pub members: i64,
    pub revenue_fen: i64,
    /// In percentage points.
    pub organization_rate: Option<f64>,
}

pub fn change(before: &CensusTotals, now: &CensusTotals) -> CensusChange {
    let d = |a: u64, b: u64| b as i64 - a as i64;
    CensusChange {
        enterprises: d(before.enterprises, now.enterprises),
        organized: d(before.organized, now.organized),
        employees: now.employees - before.employees,
        members: d(before.members, now.members),
        revenue_fen: now.revenue_fen.saturating_sub(before.revenue_fen),
        organization_rate: match (before.organization_rate, now.organization_rate) {
            (Some(a), Some(b)) => Some(((b - a) * 10.0).round() / 10.0),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(operating: bool, party: PartyStatus, employees: i64, members: u64) -> CensusFigures {
        CensusFigures {
            operating,
            party: Some(party),
            employees: Some(employees),
            members,
            revenue: Some(Fen(100)),
        }
    }

    #[test]
    fn totals_count_operating_enterprises_and_their_coverage() {
        let rows = [
            row(true, PartyStatus::Own, 50, 5),
            row(true, PartyStatus::Joint, 20, 1),
            row(true, PartyStatus::MembersOnly, 10, 2),
            row(false, PartyStatus::Own, 99, 9),
        ];
        let t = CensusTotals::of(&rows);
        assert_eq!(
            (t.enterprises, t.organized, t.employees, t.members),
            (3, 2, 80, 8)
        );
        assert_eq!(t.revenue_fen, 300);
        assert_eq!(t.organization_rate, Some(66.7));
        assert_eq!(CensusTotals::of(&[]).organization_rate, None);
    }

    #[test]
    fn a_change_is_this_year_minus_the_one_before() {
        let before = CensusTotals::of(&[row(true, PartyStatus::None, 10, 0)]);
        let now = CensusTotals::of(&[
            row(true, PartyStatus::Own, 12, 3),
            row(true, PartyStatus::None, 5, 0),
        ]);
        let c = change(&before, &now);
        assert_eq!(
            (c.enterprises, c.organized, c.employees, c.members),
            (1, 1, 7, 3)
        );
        assert_eq!(c.organization_rate, Some(50.0));
    }

    #[test]
    fn a_census_year_is_known_and_not_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        assert_eq!(census_year(" 2025 ", today).ok(), Some(2025));
        for bad in ["", "2027", "1900", "二〇二五"] {
            assert!(census_year(bad, today).is_err(), "{bad}");
        }
        let f = CensusFillInput {
            employees: "-1".into(),
            revenue: "abc".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        match f {
            DomainError::Invalid(fe) => {
                assert!(fe.0.contains_key("employees") && fe.0.contains_key("revenue"))
            }
            other => panic!("{other:?}"),
        }
        let ok = CensusFillInput {
            employees: "120".into(),
            revenue: "8000万".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.employees, Some(120));
        assert_eq!(ok.revenue, Some(Fen(8_000_000_000)));
        assert_eq!((ok.members, ok.status, ok.party), (None, None, None));
    }

    #[test]
    fn a_whole_row_names_its_members_and_statuses() {
        let input = CensusFillInput {
            employees: "".into(),
            revenue: "".into(),
            members: "7".into(),
            status: "closed".into(),
            party: "joint".into(),
        };
        let f = input.parse_whole().unwrap();
        assert_eq!(f.employees, None);
        assert_eq!(
            (f.members, f.status, f.party),
            (Some(7), Some("closed"), Some(PartyStatus::Joint))
        );
        let bad = CensusFillInput {
            members: "-2".into(),
            status: "gone".into(),
            ..Default::default()
        };
        match bad.parse_whole().unwrap_err() {
            DomainError::Invalid(fe) => {
                for k in ["members", "status", "party"] {
                    assert!(fe.0.contains_key(k), "{k}");
                }
                assert_eq!(fe.0["party"], "err.required");
            }
            other => panic!("{other:?}"),
        }
        // A partial correction keeps what it leaves blank.
        assert!(CensusFillInput::default().parse().is_ok());
    }
}
