//! Authorization before validation: a write route names the permission it needs, and this
//! layer refuses with 403 before any extractor reads the path, the query or the body when
//! the caller holds that permission over no subtree at all. Where the caller holds it
//! somewhere, the handler still checks it against the record's own place in the tree.
//!
//! API routes declare it per method: `post(create).route_layer(require(P)).get(list)` wraps
//! the methods named before `route_layer` and leaves those chained after it (the reads). The page
//! forms, whose route tables are kept beside their handlers, are covered by one table of
//! (route pattern → permissions) applied to the whole page router ([`writes_by_route`]).

use crate::ctx::Ctx;
use crate::error::{ErrorInfo, WebError};
use axum::extract::{MatchedPath, Request};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use touyan_domain::access::Permission;

/// Needs `perm` somewhere.
pub fn require(perm: Permission) -> Require {
    Require(Arc::new(Rule::Any(vec![perm])))
}

/// Needs at least one of `perms` somewhere (a request's actions: dispatching or handling).
pub fn require_any(perms: &[Permission]) -> Require {
    Require(Arc::new(Rule::Any(perms.to_vec())))
}

/// Page forms: a state-changing request whose route pattern is listed needs one of its
/// permissions; other routes (reading, signing in, one's own account) pass.
pub fn writes_by_route(table: &'static [(&'static str, &'static [Permission])]) -> Require {
    Require(Arc::new(Rule::ByRoute(table)))
}

enum Rule {
    Any(Vec<Permission>),
    ByRoute(&'static [(&'static str, &'static [Permission])]),
}

impl Rule {
    /// The permissions this request needs, one of which must be held; `None` when it needs
    /// none.
    fn needs<'a>(&'a self, req: &Request) -> Option<&'a [Permission]> {
        match self {
            Rule::Any(p) => Some(p),
            Rule::ByRoute(table) => {
                if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
                    return None;
                }
                let pattern = req.extensions().get::<MatchedPath>()?.as_str();
                table
                    .iter()
                    .find(|(route, _)| *route == pattern)
                    .map(|(_, p)| *p)
            }
        }
    }
}

/// Why `req` is refused before its handler runs, if it is.
fn refusal(rule: &Rule, req: &Request) -> Option<Response> {
    let needs = rule.needs(req)?;
    let actor = req.extensions().get::<Ctx>().and_then(|c| c.actor.as_ref());
    let Some(actor) = actor else {
        return Some(WebError::Unauthenticated.into_response());
    };
    if needs.iter().any(|p| actor.grants.holds_anywhere(*p)) {
        // Allowed somewhere; the record the path names may still be out of reach.
        return crate::target_first::Unreachable::on(req.extensions()).map(|e| e.into_response());
    }
    let mut r = StatusCode::FORBIDDEN.into_response();
    r.extensions_mut().insert(ErrorInfo {
        status: StatusCode::FORBIDDEN,
        code: "forbidden",
        key: "access.role_lacks".into(),
        fields: BTreeMap::new(),
        retry_after: None,
    });
    Some(r)
}

/// The layer; see [`require`], [`require_any`] and [`writes_by_route`].
#[derive(Clone)]
pub struct Require(Arc<Rule>);

impl<S> tower::Layer<S> for Require {
    type Service = RequireService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        RequireService {
            inner,
            rule: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct RequireService<S> {
    inner: S,
    rule: Arc<Rule>,
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl<S> tower::Service<Request> for RequireService<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        match refusal(&self.rule, &req) {
            Some(r) => Box::pin(std::future::ready(Ok(r))),
            None => Box::pin(self.inner.call(req)),
        }
    }
}
