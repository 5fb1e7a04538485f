//! A park's profile (园区台账) on a node of kind 开发区/园区: the level that recognised it
//! (国家级、省级、市级、区级), whether it is one of the area's key parks (重点园区), and the
//! operator, address and area that identify it. The park's party-building figures are not
//! recorded here: they are derived from its enterprises' marks and the party organizations
//! filed at the park.

use crate::fields::parse_text;
use crate::input::text;
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

/// Park levels, highest first: 国家级, 省级, 市级, 区级.
pub const LEVELS: [&str; 4] = ["national", "provincial", "municipal", "district"];

/// Most square metres one park records (a hundred square kilometres).
pub const MAX_AREA_M2: i64 = 100_000_000;

/// Whether `v` is a level code.
pub fn is_level(v: &str) -> bool {
    LEVELS.contains(&v)
}

// A park's profile as the page form and the API body give it. (Kept out of the API schema's
// description, which is the body's own.)
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ParkProfileBody))]
pub struct ParkInput {
    /// `national`, `provincial`, `municipal` or `district`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub level: String,
    /// A key park (重点园区): `true` or `false` (false when left out).
    #[serde(default, deserialize_with = "crate::input::loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<bool>))]
    pub key: String,
    /// The company or body that runs the park (运营主体).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub operator: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// In square metres, a whole number.
    #[serde(default, deserialize_with = "crate::input::loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub area: String,
    /// The park's party organization when it is filed elsewhere in the party line (a 园区党委
    /// under the zone's 两新组织党委, say): its node id.
    #[serde(default, deserialize_with = "crate::input::loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub committee: String,
}

/// A checked park profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkProfile {
    pub level: String,
    pub key: bool,
    pub operator: Option<String>,
    pub address: Option<String>,
    pub area_m2: Option<i64>,
    /// The node of the park's party organization filed elsewhere (see [`ParkInput::committee`]).
    pub committee: Option<i64>,
}

/// A yes-or-no field as a form (a ticked box sends `1` or `on`) or a JSON body gives it;
/// blank is no.
pub fn parse_flag(field: &str, v: &str) -> Result<bool, DomainError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "off" | "no" => Ok(false),
        "true" | "1" | "on" | "yes" => Ok(true),
        _ => Err(DomainError::field(field, "err.choice")),
    }
}

fn parse_area(v: &str) -> Result<Option<i64>, DomainError> {
    match v.trim() {
        "" => Ok(None),
        t => match t.parse::<i64>() {
            Ok(n) if (1..=MAX_AREA_M2).contains(&n) => Ok(Some(n)),
            Ok(_) => Err(DomainError::field("area", "err.park_area_range")),
            Err(_) => Err(DomainError::field("area", "err.number_invalid")),
        },
    }
}

impl ParkInput {
    pub fn parse(&self) -> Result<ParkProfile, DomainError> {
        let mut fe = FieldErrors::new();
        let level = self.level.trim();
        if level.is_empty() {
            fe.add("level", "err.required");
        } else if !is_level(level) {
            fe.add("level", "err.choice");
        }
        let key = fe.check("key", parse_flag("key", &self.key));
        let operator = fe
            .check(
                "operator",
                parse_text("operator", &self.operator, 100, "err.too_long_100"),
            )
            .flatten();
        let address = fe
            .check(
                "address",
                parse_text("address", &self.address, 200, "err.too_long_200"),
            )
            .flatten();
        let area_m2 = fe.check("area", parse_area(&self.area)).flatten();
        let committee = fe.check("committee", parse_id(&self.committee)).flatten();
        fe.into_result()?;
        Ok(ParkProfile {
            level: level.to_string(),
            key: key.unwrap_or(false),
            operator,
            address,
            area_m2,
            committee,
        })
    }
}

fn parse_id(v: &str) -> Result<Option<i64>, DomainError> {
    match v.trim() {
        "" => Ok(None),
        t => match t.parse::<i64>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(DomainError::field("committee", "err.number_invalid")),
        },
    }
}

/// The party-building figures of the operating enterprises in one park: how many there are,
/// how many have an organization of their own, how many a joint or incubation branch covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParkFigures {
    pub operating: u64,
    pub own: u64,
    pub covered: u64,
}

impl ParkFigures {
    /// Enterprises with an organization of their own or a cover.
    pub fn organized(&self) -> u64 {
        self.own + self.covered
    }

    /// The organization coverage in percent, one decimal; none without enterprises.
    pub fn rate(&self) -> Option<f64> {
        (self.operating > 0)
            .then(|| (self.organized() as f64 * 1000.0 / self.operating as f64).round() / 10.0)
    }

    /// 全覆盖: every operating enterprise has its own organization or a cover. A park with no
    /// operating enterprise is not counted as covered (there is nothing to cover yet).
    pub fn fully_covered(&self) -> bool {
        self.operating > 0 && self.organized() >= self.operating
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(r: Result<ParkProfile, DomainError>) -> Vec<(String, String)> {
        match r {
            Ok(v) => panic!("accepted: {v:?}"),
            Err(DomainError::Invalid(fe)) => fe.0.into_iter().collect(),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn a_profile_needs_only_its_level() {
        let p = ParkInput {
            level: " municipal ".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(p.level, "municipal");
        assert!(!p.key);
        assert_eq!((p.operator, p.address, p.area_m2), (None, None, None));
    }

    #[test]
    fn every_field_is_read_trimmed() {
        let p = ParkInput {
            level: "national".into(),
            key: "true".into(),
            operator: " 某文化发展有限公司 ".into(),
            address: "某路 1 号".into(),
            area: "120000".into(),
            committee: " 42 ".into(),
        }
        .parse()
        .unwrap();
        assert!(p.key);
        assert_eq!(p.committee, Some(42));
        assert_eq!(p.operator.as_deref(), Some("某文化发展有限公司"));
        assert_eq!(p.address.as_deref(), Some("某路 1 号"));
        assert_eq!(p.area_m2, Some(120_000));
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = ParkInput {
            level: "county".into(),
            key: "maybe".into(),
            operator: "运".repeat(101),
            address: "址".repeat(201),
            area: "0".into(),
            committee: "园区党委".into(),
        };
        assert_eq!(
            errors(bad.parse()),
            [
                ("address".to_string(), "err.too_long_200".to_string()),
                ("area".into(), "err.park_area_range".into()),
                ("committee".into(), "err.number_invalid".into()),
                ("key".into(), "err.choice".into()),
                ("level".into(), "err.choice".into()),
                ("operator".into(), "err.too_long_100".into()),
            ]
        );
        let blank = ParkInput {
            area: "12.5".into(),
            ..Default::default()
        };
        assert_eq!(
            errors(blank.parse()),
            [
                ("area".to_string(), "err.number_invalid".to_string()),
                ("level".into(), "err.required".into()),
            ]
        );
    }

    #[test]
    fn a_flag_reads_what_forms_and_bodies_send() {
        for yes in ["1", "on", "true", "TRUE", "yes"] {
            assert_eq!(parse_flag("key", yes), Ok(true), "{yes}");
        }
        for no in ["", " ", "0", "false", "off", "no"] {
            assert_eq!(parse_flag("key", no), Ok(false), "{no}");
        }
        assert!(parse_flag("key", "2").is_err());
    }

    #[test]
    fn the_largest_area_is_taken_and_one_more_is_not() {
        let at = |a: i64| ParkInput {
            level: "district".into(),
            area: a.to_string(),
            ..Default::default()
        };
        assert_eq!(at(MAX_AREA_M2).parse().unwrap().area_m2, Some(MAX_AREA_M2));
        assert_eq!(
            errors(at(MAX_AREA_M2 + 1).parse()),
            [("area".to_string(), "err.park_area_range".to_string())]
        );
    }

    #[test]
    fn a_park_is_fully_covered_when_every_enterprise_is_and_it_has_any() {
        let f = |operating, own, covered| ParkFigures {
            operating,
            own,
            covered,
        };
        assert!(f(3, 2, 1).fully_covered());
        assert!(!f(3, 2, 0).fully_covered());
        assert!(!f(0, 0, 0).fully_covered());
        assert_eq!(f(3, 2, 0).rate(), Some(66.7));
        assert_eq!(f(3, 2, 1).rate(), Some(100.0));
        assert_eq!(f(0, 0, 0).rate(), None);
    }
}
