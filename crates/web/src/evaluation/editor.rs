//! The rubric editor: the indicator tree as a table of rows (one indicator a row, its parent
//! named by key), rows added and removed with htmx (or by sending the form without a
//! script), saved all or nothing with every bad row and field named. A version a round uses
//! is frozen: saving it makes the next version, and the page says so before.

use super::pages::{field, Fields};
use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::evaluation::{
    show_points, GuidanceInput, IndicatorInput, RubricInput, MAX_INDICATORS,
};
use touyan_storage::evaluation::{IndicatorView, RubricDetail};

/// The kinds an indicator may be, in the order the editor offers them.
const KINDS: [&str; 5] = ["scored", "bonus", "deduction", "veto", "automatic"];

/// One row of the editor: an indicator as typed. Its fields are sent as `{token}.{name}`,
/// the token naming the row (rows come and go, so places would not).
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub token: String,
    pub key: String,
    pub parent: String,
    pub title: String,
    pub kind: String,
    pub max: String,
    pub department_id: String,
    pub figure: String,
    pub full_at: String,
    /// `yes` or blank.
    pub evidence: String,
    /// One score level a line: the points, a space, what earns them.
    pub guidance: String,
}

impl Row {
    fn blank(token: String) -> Row {
        Row {
            token,
            kind: "scored".into(),
            ..Default::default()
        }
    }

    fn of(i: &IndicatorView) -> Row {
        let guidance: Vec<String> = i
            .guidance
            .iter()
            .map(|g| format!("{} {}", show_points(g.score), g.text))
            .collect();
        Row {
            token: format!("r{}", i.key),
            key: i.key.clone(),
            parent: i.parent_key.clone().unwrap_or_default(),
            title: i.title.clone(),
            kind: i.kind.clone(),
            max: if i.kind == "veto" || i.section {
                String::new()
            } else {
                show_points(i.max)
            },
            department_id: i.department_id.map(|d| d.to_string()).unwrap_or_default(),
            figure: i.figure.clone().unwrap_or_default(),
            full_at: i.full_at.map(show_points).unwrap_or_default(),
            evidence: if i.evidence_required {
                "yes".into()
            } else {
                String::new()
            },
            guidance: guidance.join("\n"),
        }
    }

    /// The row as the domain reads an indicator.
    fn input(&self) -> IndicatorInput {
        IndicatorInput {
            key: self.key.clone(),
            parent: self.parent.clone(),
            title: self.title.clone(),
            kind: self.kind.clone(),
            max: self.max.clone(),
            department_id: self.department_id.clone(),
            figure: self.figure.clone(),
            full_at: self.full_at.clone(),
            evidence_required: self.evidence == "yes",
            guidance: guidance_lines(&self.guidance),
        }
    }

    /// The name of this row's field `name` in the form.
    pub fn name(&self, name: &str) -> String {
        format!("{}.{name}", self.token)
    }
}

/// Guidance lines `10 全部达到` (or `10：全部达到`) as score levels; blank lines are skipped.
fn guidance_lines(text: &str) -> Vec<GuidanceInput> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let cut = l
                .find(|c: char| c.is_whitespace() || c == '：' || c == ':')
                .unwrap_or(l.len());
            let (score, rest) = l.split_at(cut);
            let text =
                rest.trim_start_matches(|c: char| c.is_whitespace() || c == '：' || c == ':');
            GuidanceInput {
                score: score.to_string(),
                text: text.trim().to_string(),
            }
        })
        .collect()
}

/// A form as posted: the rubric's own fields, its rows in order, and whether the form was
/// sent to add a row or remove one rather than to save (without a script).
pub(crate) struct Posted {
    pub values: BTreeMap<String, String>,
    pub rows: Vec<Row>,
    pub redraw: bool,
}

pub(crate) fn read_form(fields: &Fields) -> Posted {
    let remove = field(fields, "remove");
    let mut rows: Vec<Row> = fields
        .iter()
        .filter(|(k, v)| k == "row" && !v.trim().is_empty() && v.trim() != remove)
        .map(|(_, t)| {
            let t = t.trim();
            let v = |n: &str| field(fields, &format!("{t}.{n}"));
            Row {
                token: t.to_string(),
                key: v("key"),
                parent: v("parent"),
                title: v("title"),
                kind: v("kind"),
                max: v("max"),
                department_id: v("department_id"),
                figure: v("figure"),
                full_at: v("full_at"),
                evidence: v("evidence"),
                guidance: fields
                    .iter()
                    .find(|(k, _)| *k == format!("{t}.guidance"))
                    .map(|(_, g)| g.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let add = !field(fields, "add_row").is_empty();
    if add && rows.len() < MAX_INDICATORS {
        rows.push(Row::blank(fresh_token()));
    }
    let values = ["node_id", "name", "description"]
        .into_iter()
        .map(|k| (k.to_string(), field(fields, k)))
        .collect();
    Posted {
        values,
        rows,
        redraw: add || !remove.is_empty(),
    }
}

/// A token no row of the page has yet.
fn fresh_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("n{nanos:x}")
}

impl Posted {
    fn input(&self) -> RubricInput {
        let v = |k: &str| self.values.get(k).cloned().unwrap_or_default();
        RubricInput {
            node_id: v("node_id"),
            name: v("name"),
            description: v("description"),
            indicators: self.rows.iter().map(Row::input).collect(),
        }
    }

    /// Field errors of the domain (`indicators[3].max`, `indicators[3].guidance[1].text`)
    /// under the names of the rows' fields (`{token}.max`, `{token}.guidance`).
    fn place(&self, errors: BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (k, msg) in errors {
            let at = k
                .strip_prefix("indicators[")
                .and_then(|r| r.split_once("]."))
                .and_then(|(i, f)| Some((i.parse::<usize>().ok()?, f)));
            let name = match at.and_then(|(i, f)| Some((self.rows.get(i)?, f))) {
                Some((row, f)) => row.name(f.split(['[', '.']).next().unwrap_or(f)),
                None => k,
            };
            out.entry(name).or_insert(msg);
        }
        out
    }
}

#[derive(Template)]
#[template(path = "evaluation/editor.html")]
struct EditorPage {
    l: Layout,
    /// The rubric edited; none for a new one.
    d: Option<RubricDetail>,
    values: BTreeMap<String, String>,
    rows: Vec<Row>,
    errors: Errors,
    kinds: [&'static str; 5],
    figures: Vec<(&'static str, String)>,
    action: String,
}

impl EditorPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    /// The version saving makes: the next one when the latest is frozen.
    fn next_version(&self) -> i32 {
        self.d.as_ref().map_or(1, |d| d.rubric.latest_version + 1)
    }
}

#[derive(Template)]
#[template(path = "evaluation/editor_row.html")]
struct RowFragment {
    l: Layout,
    row: Row,
    errors: Errors,
    kinds: [&'static str; 5],
    figures: Vec<(&'static str, String)>,
}

/// The live figures an automatic indicator may read, as (key, label).
pub(super) fn figures(me: &Me) -> Vec<(&'static str, String)> {
    let en = me.ctx.tr().lang == crate::i18n::Lang::En;
    touyan_storage::figure_keys()
        .map(|f| (f.key, if en { f.en } else { f.zh }.to_string()))
        .collect()
}

fn editor(
    me: &Me,
    d: Option<RubricDetail>,
    posted: Posted,
    errors: BTreeMap<String, String>,
) -> EditorPage {
    let (action, title) = match &d {
        Some(d) => (
            format!("/rubrics/{}/edit", d.rubric.id),
            "evaluation.edit_rubric",
        ),
        None => ("/rubrics/new".to_string(), "evaluation.new_rubric"),
    };
    EditorPage {
        l: Layout::new(&me.ctx, "rubrics", title, &action),
        d,
        values: posted.values,
        rows: posted.rows,
        errors: Errors(errors),
        kinds: KINDS,
        figures: figures(me),
        action,
    }
}

pub(crate) async fn new_form(me: Me) -> WebResult<Response> {
    let posted = Posted {
        values: BTreeMap::new(),
        rows: vec![Row::blank(fresh_token())],
        redraw: false,
    };
    Ok(page(&editor(&me, None, posted, BTreeMap::new())))
}

pub(crate) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let posted = read_form(&fields);
    if posted.redraw {
        return Ok(page(&editor(&me, None, posted, BTreeMap::new())));
    }
    let s = st.store.scoped(&me.actor);
    match s.evaluation().create_rubric(&posted.input()).await {
        Ok(d) => Ok(see_other(&format!(
            "/rubrics/{}?ok=ok.evaluation_rubric_saved",
            d.rubric.id
        ))),
        Err(e) => {
            let errors = posted.place(form_failure(WebError::from(e), me.ctx.tr())?);
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &editor(&me, None, posted, errors),
            ))
        }
    }
}

pub(crate) async fn edit_form(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().rubric(id, None).await?;
    if !d.can_manage {
        return Err(touyan_storage::StorageError::Forbidden.into());
    }
    let values = [
        ("node_id", d.rubric.node_id.to_string()),
        ("name", d.rubric.name.clone()),
        (
            "description",
            d.rubric.description.clone().unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let posted = Posted {
        values,
        rows: d.indicators.iter().map(Row::of).collect(),
        redraw: false,
    };
    Ok(page(&editor(&me, Some(d), posted, BTreeMap::new())))
}

pub(crate) async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let d = s.evaluation().rubric(id, None).await?;
    if !d.can_manage {
        return Err(touyan_storage::StorageError::Forbidden.into());
    }
    let posted = read_form(&fields);
    if posted.redraw {
        return Ok(page(&editor(&me, Some(d), posted, BTreeMap::new())));
    }
    let input = posted.input();
    let saved = if d.frozen {
        s.evaluation().new_version(id, &input).await
    } else {
        s.evaluation().edit_version(id, d.version, &input).await
    };
    match saved {
        Ok(v) => Ok(see_other(&format!(
            "/rubrics/{id}?version={}&ok=ok.evaluation_rubric_saved",
            v.version
        ))),
        Err(e) => {
            let errors = posted.place(form_failure(WebError::from(e), me.ctx.tr())?);
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &editor(&me, Some(d), posted, errors),
            ))
        }
    }
}

/// Nothing: the editor's "remove a row" (htmx) drops the row from the page itself.
pub(crate) async fn removed(_me: Me) -> &'static str {
    ""
}

/// One blank row, for the editor's "add a row" (htmx).
pub(crate) async fn row(me: Me) -> WebResult<Response> {
    Ok(page(&RowFragment {
        l: Layout::new(&me.ctx, "rubrics", "evaluation.new_rubric", "/rubrics/new"),
        row: Row::blank(fresh_token()),
        errors: Errors::default(),
        kinds: KINDS,
        figures: figures(&me),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn rows_are_read_by_token_in_order_and_errors_land_on_their_fields() {
        let posted = read_form(&vec![
            p("name", "细则"),
            p("row", "a"),
            p("a.key", "1"),
            p("a.title", "班子"),
            p("row", "b"),
            p("b.key", "2"),
            p("b.guidance", "10 全部达到\n\n5：部分达到"),
            p("b.evidence", "yes"),
        ]);
        assert!(!posted.redraw);
        assert_eq!(posted.rows.len(), 2);
        let input = posted.input();
        assert_eq!(input.indicators[1].guidance.len(), 2);
        assert_eq!(input.indicators[1].guidance[1].score, "5");
        assert_eq!(input.indicators[1].guidance[1].text, "部分达到");
        assert!(input.indicators[1].evidence_required);
        let errors = BTreeMap::from([
            ("indicators[1].max".to_string(), "m".to_string()),
            (
                "indicators[1].guidance[0].text".to_string(),
                "g".to_string(),
            ),
            ("name".to_string(), "n".to_string()),
        ]);
        let placed = posted.place(errors);
        assert_eq!(placed.get("b.max").map(String::as_str), Some("m"));
        assert_eq!(placed.get("b.guidance").map(String::as_str), Some("g"));
        assert_eq!(placed.get("name").map(String::as_str), Some("n"));
    }

    #[test]
    fn a_row_is_removed_or_added_without_saving() {
        let posted = read_form(&vec![p("row", "a"), p("row", "b"), p("remove", "a")]);
        assert!(posted.redraw);
        assert_eq!(posted.rows.len(), 1);
        assert_eq!(posted.rows[0].token, "b");
        let posted = read_form(&vec![p("row", "a"), p("add_row", "1")]);
        assert!(posted.redraw);
        assert_eq!(posted.rows.len(), 2);
    }
}
