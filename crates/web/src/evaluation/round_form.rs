//! The form that starts a round: its node, rubric, title and period, and how its targets are
//! given — organizations chosen, every organization of some kinds under a node (every 党支部,
//! say), or studios, with a studio round's rules proposing 示范, 预警 and 摘牌. Chosen
//! organizations are picked by name, one picker each, as many as wanted.

use super::pages::{field, Fields};
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::pages::{form_failure, page, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use std::collections::BTreeMap;
use touyan_domain::evaluation::RoundInput;
use touyan_domain::paging::PageRequest;
use touyan_storage::evaluation::{RubricFilter, RubricView};
use touyan_storage::kit::area::StudioRef;

/// The organization kinds the form offers for "every … under a node", as (code, name).
type Kind = (String, String);

#[derive(Template)]
#[template(path = "evaluation/new_round.html")]
pub(super) struct NewPage {
    l: Layout,
    rubrics: Vec<RubricView>,
    kinds: Vec<Kind>,
    studios: Vec<StudioRef>,
    values: BTreeMap<String, String>,
    /// Every value of the fields given more than once (kinds, studios).
    many: Vec<(String, String)>,
    /// The pickers of the chosen organizations.
    picks: Vec<Pick>,
    errors: Errors,
}

/// One organization picker of the "chosen" targets: a token naming it on the page and the
/// value it holds (a node's number, or what was typed).
pub(super) struct Pick {
    pub(super) token: String,
    pub(super) value: String,
}

/// The pickers a posted form had, one blank when none, one more when `add_target` was
/// asked, less the one `remove_target` named.
fn picks(fields: &Fields) -> Vec<Pick> {
    let removed = field(fields, "remove_target");
    let mut out: Vec<Pick> = fields
        .iter()
        .filter(|(k, _)| k == "target_ids")
        .enumerate()
        .map(|(n, (_, v))| Pick {
            token: n.to_string(),
            value: v.trim().to_string(),
        })
        .filter(|p| p.token != removed)
        .collect();
    if out.is_empty() || !field(fields, "add_target").is_empty() {
        out.push(Pick {
            token: format!("n{}", out.len()),
            value: String::new(),
        });
    }
    out
}

#[derive(Template)]
#[template(path = "evaluation/target_pick.html")]
struct PickFragment {
    l: Layout,
    pick_token: String,
    pick_value: String,
}

/// One more blank organization picker, for the form's "add an organization" (htmx).
pub(super) async fn pick_row(me: Me) -> WebResult<Response> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Ok(page(&PickFragment {
        l: Layout::new(&me.ctx, "evaluation", "evaluation.new_round", "/rounds/new"),
        pick_token: format!("h{nanos:x}"),
        pick_value: String::new(),
    }))
}

impl NewPage {
    fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    fn mode(&self) -> &str {
        match self.val("target_mode") {
            "" => "chosen",
            m => m,
        }
    }

    fn has(&self, k: &str, v: impl std::fmt::Display) -> bool {
        let v = v.to_string();
        self.many.iter().any(|(n, x)| n == k && *x == v)
    }

    /// A kind is ticked when given, or 党支部 on a fresh form.
    fn kind_on(&self, code: impl std::fmt::Display) -> bool {
        let code = code.to_string();
        if self.values.is_empty() {
            return code == "party_branch";
        }
        self.has("under_kinds", code)
    }
}

async fn new_page(
    st: &AppState,
    me: &Me,
    fields: &Fields,
    errors: BTreeMap<String, String>,
) -> WebResult<NewPage> {
    let all = PageRequest::parse(Some(1), Some(100))?;
    let s = st.store.scoped(&me.actor);
    let rubrics = s
        .evaluation()
        .rubrics(&RubricFilter::default(), all)
        .await?
        .items;
    let zh = me.ctx.lang != Lang::En;
    let kinds = s
        .dict()
        .kinds()
        .await?
        .into_iter()
        .filter(|k| k.code.starts_with("party_"))
        .map(|k| (k.code, if zh { k.name } else { k.name_en }))
        .collect();
    let studios = s.evaluation().studio_choices().await?;
    Ok(NewPage {
        l: Layout::new(&me.ctx, "evaluation", "evaluation.new_round", "/rounds/new"),
        rubrics,
        kinds,
        studios,
        values: fields.iter().cloned().collect(),
        many: fields.clone(),
        picks: picks(fields),
        errors: Errors(errors),
    })
}

pub(super) async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    Ok(page(&new_page(&st, &me, &vec![], BTreeMap::new()).await?))
}

/// The round a posted form gives: the chosen nodes (each picker's number), or the studios
/// ticked.
fn round_input(fields: &Fields) -> RoundInput {
    let mode = field(fields, "target_mode");
    let targets: Vec<i64> = if mode == "studios" {
        fields
            .iter()
            .filter(|(k, _)| k == "studio_ids")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect()
    } else {
        fields
            .iter()
            .filter(|(k, _)| k == "target_ids")
            .flat_map(|(_, v)| v.split([',', '，', ' ', '、']))
            .filter_map(|t| t.trim().parse().ok())
            .collect()
    };
    let studio = mode == "studios";
    let rule = |k: &str| {
        if studio {
            field(fields, k)
        } else {
            String::new()
        }
    };
    RoundInput {
        node_id: field(fields, "node_id"),
        rubric_id: field(fields, "rubric_id"),
        title: field(fields, "title"),
        period: field(fields, "period"),
        target_mode: mode.clone(),
        target_ids: targets,
        under_node_id: field(fields, "under_node_id"),
        under_kinds: fields
            .iter()
            .filter(|(k, _)| k == "under_kinds")
            .map(|(_, v)| v.trim().to_string())
            .collect(),
        demonstration_at: rule("demonstration_at"),
        warned_below: rule("warned_below"),
        delisted_below: rule("delisted_below"),
    }
}

pub(super) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(fields): Form<Fields>,
) -> WebResult<Response> {
    // Adding or removing a picker without script: the form comes back as it was.
    if !field(&fields, "add_target").is_empty() || !field(&fields, "remove_target").is_empty() {
        return Ok(page(&new_page(&st, &me, &fields, BTreeMap::new()).await?));
    }
    let input = round_input(&fields);
    let s = st.store.scoped(&me.actor);
    match s.evaluation().create_round(&input).await {
        Ok(d) => Ok(see_other(&format!(
            "/rounds/{}?ok=ok.evaluation_round_created",
            d.round.id
        ))),
        Err(e) => {
            let mut errors = form_failure(e.into(), me.ctx.tr())?;
            // The studios ticked are the form's `studio_ids`.
            if input.target_mode == "studios" {
                if let Some(v) = errors.remove("target_ids") {
                    errors.insert("studio_ids".into(), v);
                }
            }
            let p = new_page(&st, &me, &fields, errors).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
