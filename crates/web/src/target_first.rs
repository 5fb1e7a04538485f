//! The record a write names is looked up before the write's input is read: a caller who may
//! not see it is answered 404 whatever the body holds, as the record's own handler would for
//! a well-formed body, so a malformed body to a sibling subtree's record learns nothing and
//! costs no parsing. The records are found through the same scoped reads as the handlers use.
//!
//! The order of answers stays: a caller whose roles allow the write nowhere is refused (403)
//! by [`crate::require`] first; so this layer only marks the request with what the lookup
//! found ([`Unreachable`]), and the permission layer, else the JSON body's extractor, answers
//! the mark before the body is read.

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{MatchedPath, RawPathParams, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use touyan_storage::StorageError;

/// Which scoped read finds the record named in the path.
#[derive(Clone, Copy)]
enum Target {
    Org,
    Person,
    Post,
    Honour,
    User,
    Studio,
    Alliance,
    Request,
    Team,
    Centre,
    Census,
    Activity,
    Obligation,
    Task,
    Campaign,
    Rubric,
    Round,
    RoundTarget,
    Rating,
    Allowance,
    Commendation,
    Payee,
}

/// Route patterns (and those under them) whose path names a record, with the parameter that
/// holds its id. A studio's achievements, projects, mentorships and the rest live in the
/// studio's subtree, so the studio is the record to find.
const TARGETS: [(&str, &str, Target); 32] = [
    ("/api/v1/orgs/{id}", "id", Target::Org),
    ("/api/v1/enterprises/{node_id}", "node_id", Target::Org),
    ("/api/v1/people/{id}", "id", Target::Person),
    ("/api/v1/posts/{id}", "id", Target::Post),
    ("/api/v1/honours/{id}", "id", Target::Honour),
    ("/api/v1/users/{id}", "id", Target::User),
    ("/api/v1/studios/{id}", "id", Target::Studio),
    ("/api/v1/alliances/{id}", "id", Target::Alliance),
    ("/api/v1/requests/{id}", "id", Target::Request),
    ("/api/v1/chains/{node_id}", "node_id", Target::Org),
    ("/api/v1/guidance-teams/{id}", "id", Target::Team),
    ("/api/v1/centres/{id}", "id", Target::Centre),
    ("/api/v1/census/{id}", "id", Target::Census),
    ("/api/v1/parks/{node_id}", "node_id", Target::Org),
    ("/api/v1/activities/{id}", "id", Target::Activity),
    ("/api/v1/activities/{id}/signin", "id", Target::Activity),
    ("/api/v1/activities/{id}/changes", "id", Target::Activity),
    ("/api/v1/activities/{id}/files", "id", Target::Activity),
    (
        "/api/v1/activities/{id}/files/{fid}",
        "id",
        Target::Activity,
    ),
    ("/api/v1/obligations/{id}", "id", Target::Obligation),
    ("/api/v1/tasks/{id}", "id", Target::Task),
    ("/api/v1/campaigns/{id}", "id", Target::Campaign),
    ("/api/v1/rubrics/{id}", "id", Target::Rubric),
    // An organization's sheet is read at the organization, without the round: the entry
    // in the round is the record to find.
    (
        "/api/v1/rounds/{id}/targets/{tid}/indicators/{iid}/files",
        "tid",
        Target::RoundTarget,
    ),
    (
        "/api/v1/rounds/{id}/targets/{tid}",
        "tid",
        Target::RoundTarget,
    ),
    ("/api/v1/rounds/{id}", "id", Target::Round),
    ("/api/v1/ratings/{id}", "id", Target::Rating),
    ("/api/v1/ratings/rules/{node_id}", "node_id", Target::Org),
    ("/api/v1/allowances/{id}", "id", Target::Allowance),
    (
        "/api/v1/allowances/amounts/{node_id}",
        "node_id",
        Target::Org,
    ),
    ("/api/v1/commendations/{id}", "id", Target::Commendation),
    (
        "/api/v1/allowances/payees/{person_id}",
        "person_id",
        Target::Payee,
    ),
];

/// The target of a route pattern, if it names one.
fn target_of(pattern: &str) -> Option<(&'static str, Target)> {
    TARGETS.iter().find_map(|(prefix, param, t)| {
        let under = pattern
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        under.then_some((*param, *t))
    })
}

fn is_write(m: &Method) -> bool {
    matches!(
        *m,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// The named record was not found for the caller (out of sight: 404; seen but not to be
/// changed: 403). Set on the request by [`guard`]; answered by whoever reads the body first.
#[derive(Clone, Copy)]
pub struct Unreachable {
    forbidden: bool,
}

impl Unreachable {
    pub fn error(self) -> WebError {
        if self.forbidden {
            WebError::from(StorageError::Forbidden)
        } else {
            WebError::from(StorageError::NotFound)
        }
    }

    /// The mark on `req`, if any.
    pub fn on(extensions: &axum::http::Extensions) -> Option<WebError> {
        extensions.get::<Unreachable>().map(|u| u.error())
    }
}

/// The layer's function, for the API router's routes.
pub async fn guard(
    State(st): State<AppState>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    mut req: Request,
    next: Next,
) -> Response {
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let found = match (matched, params) {
        (Some(m), Ok(p)) if is_write(req.method()) => {
            target_of(m.as_str()).and_then(|(name, t)| {
                let id = p.iter().find(|(k, _)| *k == name)?.1.parse::<i64>().ok()?;
                Some((t, id))
            })
        }
        _ => None,
    };
    // Reads, and writes that name no record, pass untouched.
    let Some((t, id)) = found else {
        return next.run(req).await;
    };
    let Some(actor) = req.extensions().get::<Ctx>().and_then(|c| c.actor.clone()) else {
        return next.run(req).await;
    };
    let forbidden = match visible(&st, &actor, t, id).await {
        Ok(()) => return next.run(req).await,
        Err(StorageError::NotFound) => false,
        Err(StorageError::Forbidden) => true,
        Err(e) => return WebError::from(e).into_response(),
    };
    req.extensions_mut().insert(Unreachable { forbidden });
    next.run(req).await
}

async fn visible(
    st: &AppState,
    actor: &touyan_storage::Actor,
    t: Target,
    id: i64,
) -> Result<(), StorageError> {
    let s = st.store.scoped(actor);
    match t {
        Target::Org => s.orgs().get(id).await.map(drop),
        Target::Person => s.people().check_visible(id).await,
        Target::Post => s.posts().check_writable(id).await,
        Target::Honour => s.honours().check_writable(id).await,
        Target::User => s.users().check_visible(id).await,
        Target::Studio => s.studios().check_visible(id).await,
        Target::Alliance => s.alliances().check_visible(id).await,
        Target::Request => s.requests().check_visible(id).await,
        Target::Team => s.enterprises().team(id).await.map(drop),
        Target::Centre => s.centres().check_visible(id).await,
        Target::Census => s.enterprises().check_census(id).await,
        Target::Activity => s.cadence().check_activity(id).await,
        Target::Obligation => s.cadence().check_obligation(id).await,
        Target::Task => s.tasks().check_visible(id).await,
        Target::Campaign => s.campaigns().check_visible(id).await,
        Target::Rubric => s.evaluation().check_rubric(id).await,
        Target::Round => s.evaluation().check_round(id).await,
        Target::RoundTarget => s.evaluation().check_target(id).await,
        Target::Rating => s.ratings().check_rating(id).await,
        Target::Allowance => s.ratings().check_batch(id).await,
        Target::Commendation => s.commendations().check_visible(id).await,
        Target::Payee => s.ratings().check_payee(id).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_names_its_target_and_those_under_it_too() {
        assert_eq!(target_of("/api/v1/people/{id}").map(|t| t.0), Some("id"));
        assert!(target_of("/api/v1/studios/{id}/projects/{pid}/stage").is_some());
        assert_eq!(
            target_of("/api/v1/enterprises/{node_id}/orders").map(|t| t.0),
            Some("node_id")
        );
        assert_eq!(
            target_of("/api/v1/centres/{id}/enterprises").map(|t| t.0),
            Some("id")
        );
        assert!(target_of("/api/v1/centres/export.xlsx").is_none());
        // A prefix of another word is not under the pattern.
        assert!(target_of("/api/v1/people/{id}x").is_none());
        assert!(target_of("/api/v1/people").is_none());
        assert!(target_of("/api/v1/studios/files/{fid}").is_none());
    }
}
