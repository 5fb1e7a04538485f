//! A rubric as the editor and the API body give it — a name and a list of indicators, each
//! naming its parent by key — and the checks of its tree.

use super::score::{parse_points, IndicatorKind, VETO_TRIGGERED};
use crate::fields::parse_text;
use crate::input::{loose_num_text, text};
use crate::{DomainError, FieldErrors};
use serde::Deserialize;
use std::collections::HashMap;

/// Most indicators a rubric holds.
pub const MAX_INDICATORS: usize = 200;
/// Deepest level of the tree (a section, an item, a sub-item).
pub const MAX_DEPTH: usize = 3;

/// A rubric as the form and the API body give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RubricBody))]
pub struct RubricInput {
    /// The node that owns it (the caller holds `evaluation.manage` over it).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = i64))]
    pub node_id: String,
    /// At most 100 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub name: String,
    /// At most 2 000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    /// The indicators in order; a parent comes before its children.
    #[serde(default)]
    pub indicators: Vec<IndicatorInput>,
}

/// One score level's guidance: what earns the score.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = GuidanceBody))]
pub struct GuidanceInput {
    /// Points, at most two decimals.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = f64))]
    pub score: String,
    /// At most 500 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub text: String,
}

/// An indicator as the body gives it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = IndicatorBody))]
pub struct IndicatorInput {
    /// The indicator's key within the body (`1`, `1.2`), at most 20 characters.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub key: String,
    /// The parent's key; blank at the top.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub parent: String,
    /// At most 200 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub title: String,
    /// `scored` (the default), `bonus`, `deduction`, `veto` or `automatic`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub kind: String,
    /// The maximum in points (two decimals); a section's is the sum of its items'. A veto
    /// takes none.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub max: String,
    /// The node (a department) that scores it; blank: whoever reviews the round.
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub department_id: String,
    /// An automatic indicator's live figure (`GET /api/v1/figures`).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub figure: String,
    /// The figure's value that earns full marks (a rate: 100 when blank).
    #[serde(default, deserialize_with = "loose_num_text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub full_at: String,
    /// Evidence must be attached to a self-score.
    #[serde(default)]
    pub evidence_required: bool,
    #[serde(default)]
    pub guidance: Vec<GuidanceInput>,
}

/// A checked indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// The parent's place in the list.
    pub parent: Option<usize>,
    pub title: String,
    pub kind: IndicatorKind,
    /// In hundredths (a veto: one point, its triggered score).
    pub max: i64,
    pub department_id: Option<i64>,
    pub figure: Option<String>,
    /// In hundredths.
    pub full_at: Option<i64>,
    pub evidence_required: bool,
    /// (score in hundredths, text), by score.
    pub guidance: Vec<(i64, String)>,
    /// Has children: a section, not scored itself.
    pub section: bool,
}

/// A checked rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rubric {
    pub node_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub indicators: Vec<Indicator>,
}

impl Rubric {
    /// The sum of the maxima of the scored and automatic items (the base, 100 for most).
    pub fn base(&self) -> i64 {
        self.indicators
            .iter()
            .filter(|i| !i.section && i.kind.in_base())
            .map(|i| i.max)
            .sum()
    }
}

fn required_text(
    fe: &mut FieldErrors,
    field: &str,
    v: &str,
    max: usize,
    key: &str,
) -> Option<String> {
    let t = fe.check(field, parse_text(field, v, max, key)).flatten();
    if t.is_none() && !fe.0.contains_key(field) {
        fe.add(field, "err.required");
    }
    t
}

impl RubricInput {
    /// Checks the rubric against the live figures offered (their keys).
    pub fn parse(&self, figures: &[&str]) -> Result<Rubric, DomainError> {
        let mut fe = FieldErrors::new();
        let node_id = self.node_id.trim().parse::<i64>().ok().filter(|v| *v > 0);
        if node_id.is_none() {
            fe.add("node_id", "err.required");
        }
        let name = required_text(&mut fe, "name", &self.name, 100, "err.too_long_100");
        let description = fe
            .check(
                "description",
                parse_text(
                    "description",
                    &self.description,
                    2_000,
                    "err.evaluation_long",
                ),
            )
            .flatten();
        let indicators = parse_tree(&mut fe, &self.indicators, figures);
        fe.into_result()?;
        Ok(Rubric {
            node_id: node_id.expect("checked"),
            name: name.expect("checked"),
            description,
            indicators,
        })
    }
}

/// Checks each indicator and the tree they make; errors under `indicators[i].field`.
fn parse_tree(fe: &mut FieldErrors, given: &[IndicatorInput], figures: &[&str]) -> Vec<Indicator> {
    if given.is_empty() {
        fe.add("indicators", "err.required");
        return Vec::new();
    }
    if given.len() > MAX_INDICATORS {
        fe.add("indicators", "err.evaluation_too_many");
        return Vec::new();
    }
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut depth: Vec<usize> = Vec::with_capacity(given.len());
    let mut out: Vec<Indicator> = Vec::with_capacity(given.len());
    for (i, g) in given.iter().enumerate() {
        let f = |name: &str| format!("indicators[{i}].{name}");
        let key = g.key.trim().to_string();
        if key.is_empty() || key.chars().count() > 20 {
            fe.add(&f("key"), "err.required");
        } else if keys.insert(key, i).is_some() {
            fe.add(&f("key"), "err.evaluation_key_taken");
        }
        let parent = match g.parent.trim() {
            "" => None,
            p => match keys.get(p).copied().filter(|at| *at < i) {
                Some(at) => Some(at),
                None => {
                    fe.add(&f("parent"), "err.evaluation_parent");
                    None
                }
            },
        };
        let d = parent.map_or(1, |p| depth[p] + 1);
        if d > MAX_DEPTH {
            fe.add(&f("parent"), "err.evaluation_depth");
        }
        depth.push(d);
        out.push(parse_one(fe, i, g, parent, figures));
    }
    check_sections(fe, &mut out);
    out
}

fn parse_one(
    fe: &mut FieldErrors,
    i: usize,
    g: &IndicatorInput,
    parent: Option<usize>,
    figures: &[&str],
) -> Indicator {
    let f = |name: &str| format!("indicators[{i}].{name}");
    let title = required_text(fe, &f("title"), &g.title, 200, "err.evaluation_title_long");
    let kind = match g.kind.trim() {
        "" => Some(IndicatorKind::Scored),
        k => IndicatorKind::from_code(k),
    };
    if kind.is_none() {
        fe.add(&f("kind"), "err.choice");
    }
    let kind = kind.unwrap_or(IndicatorKind::Scored);
    let max = match (kind, g.max.trim()) {
        (IndicatorKind::Veto, _) => VETO_TRIGGERED,
        (_, "") => 0,
        (_, m) => match parse_points(m).filter(|v| *v > 0 && *v <= 100_000) {
            Some(v) => v,
            None => {
                fe.add(&f("max"), "err.evaluation_points");
                0
            }
        },
    };
    let department_id = match g.department_id.trim() {
        "" => None,
        d => match d.parse::<i64>().ok().filter(|v| *v > 0) {
            Some(v) => Some(v),
            None => {
                fe.add(&f("department_id"), "err.choice");
                None
            }
        },
    };
    let figure = match (kind, g.figure.trim()) {
        (IndicatorKind::Automatic, "") => {
            fe.add(&f("figure"), "err.required");
            None
        }
        (IndicatorKind::Automatic, k) if !figures.contains(&k) => {
            fe.add(&f("figure"), "err.choice");
            None
        }
        (IndicatorKind::Automatic, k) => Some(k.to_string()),
        (_, "") => None,
        (_, _) => {
            fe.add(&f("figure"), "err.evaluation_figure_kind");
            None
        }
    };
    let full_at = match g.full_at.trim() {
        "" => None,
        v => match parse_points(v).filter(|v| *v > 0) {
            Some(v) => Some(v),
            None => {
                fe.add(&f("full_at"), "err.evaluation_points");
                None
            }
        },
    };
    let mut guidance = Vec::with_capacity(g.guidance.len());
    for (j, l) in g.guidance.iter().enumerate() {
        let gf = format!("indicators[{i}].guidance[{j}]");
        let score = parse_points(&l.score).filter(|s| *s <= max);
        if score.is_none() {
            fe.add(&format!("{gf}.score"), "err.evaluation_points");
        }
        let text = required_text(fe, &format!("{gf}.text"), &l.text, 500, "err.too_long_500");
        if let (Some(s), Some(t)) = (score, text) {
            guidance.push((s, t));
        }
    }
    guidance.sort_by_key(|(s, _)| *s);
    Indicator {
        parent,
        title: title.unwrap_or_default(),
        kind,
        max,
        department_id,
        figure,
        full_at,
        evidence_required: g.evidence_required,
        guidance,
        section: false,
    }
}

/// Marks sections (indicators with children): a section is of kind scored and its maximum
/// is the sum of its scored and automatic children's, or is taken as that when not given;
/// an item without children needs a maximum of its own.
fn check_sections(fe: &mut FieldErrors, out: &mut [Indicator]) {
    let n = out.len();
    let mut sums = vec![0i64; n];
    let mut has_children = vec![false; n];
    // Children come after their parents: walking backwards sums each subtree first.
    for i in (0..n).rev() {
        let own = if has_children[i] { sums[i] } else { out[i].max };
        if let Some(p) = out[i].parent {
            has_children[p] = true;
            if out[i].kind.in_base() {
                sums[p] += own;
            }
        }
    }
    for i in 0..n {
        let field = |name: &str| format!("indicators[{i}].{name}");
        if has_children[i] {
            out[i].section = true;
            if out[i].kind != IndicatorKind::Scored {
                fe.add(&field("kind"), "err.evaluation_section_kind");
            }
            if out[i].max == 0 {
                out[i].max = sums[i];
            } else if out[i].max != sums[i] {
                fe.add(&field("max"), "err.evaluation_section_sum");
            }
        } else if out[i].max == 0 && !fe.0.contains_key(&field("max")) {
            fe.add(&field("max"), "err.required");
        }
    }
}
