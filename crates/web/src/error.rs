//! The web layer's error. A handler returns it; `IntoResponse` turns it into a status and a
//! translation key (logging the cause chain of anything unexpected), and the `ctx::resolve`
//! middleware renders that as JSON for the API or as a page, in the caller's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use touyan_storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Malformed request; the string is a translation key.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Query parameters that name nothing the route offers (a list sorted by a column it
    /// does not have): a 400 naming each parameter.
    #[error("bad query parameters: {0:?}")]
    BadQuery(touyan_domain::FieldErrors),
    #[error("not signed in")]
    Unauthenticated,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("too many attempts; retry after {0} s")]
    Throttled(i64),
    #[error("wrong user name or password")]
    BadCredentials,
    #[error("not found")]
    NotFound,
    /// The body is larger than the route accepts.
    #[error("request body too large")]
    TooLarge,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<touyan_domain::DomainError> for WebError {
    fn from(e: touyan_domain::DomainError) -> Self {
        WebError::Storage(e.into())
    }
}

/// What the renderer needs, stored in the response's extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    /// Translation key of the message.
    pub key: String,
    /// field → translation key.
    pub fields: BTreeMap<String, String>,
    pub retry_after: Option<i64>,
}

impl WebError {
    pub fn info(&self) -> ErrorInfo {
        use StatusCode as S;
        let mk = |status, code, key: &str| ErrorInfo {
            status,
            code,
            key: key.to_string(),
            fields: BTreeMap::new(),
            retry_after: None,
        };
        match self {
            WebError::Storage(e) => match e {
                StorageError::NotFound => mk(S::NOT_FOUND, "not_found", "err.not_found"),
                StorageError::Forbidden => mk(S::FORBIDDEN, "forbidden", "err.forbidden"),
                StorageError::Invalid(fe) => ErrorInfo {
                    fields: fe.0.clone(),
                    ..mk(S::UNPROCESSABLE_ENTITY, "invalid", "err.invalid")
                },
                StorageError::Refused(k) => mk(S::CONFLICT, "refused", k),
                StorageError::Conflict(field, key) => ErrorInfo {
                    fields: [(field.clone(), key.clone())].into_iter().collect(),
                    ..mk(S::CONFLICT, "conflict", key)
                },
                StorageError::Throttled(s) => ErrorInfo {
                    retry_after: Some(*s),
                    ..mk(S::TOO_MANY_REQUESTS, "throttled", "err.throttled")
                },
                StorageError::BadUrl
                | StorageError::Db(_)
                | StorageError::Hash(_)
                | StorageError::InputCut
                | StorageError::Unaudited
                | StorageError::Files(_) => {
                    mk(S::INTERNAL_SERVER_ERROR, "internal", "err.internal")
                }
            },
            // Handlers reading a multipart body answer this when it stops at its limit.
            WebError::BadRequest("err.body_too_large") => {
                mk(S::PAYLOAD_TOO_LARGE, "too_large", "err.body_too_large")
            }
            WebError::BadRequest(k) => mk(S::BAD_REQUEST, "bad_request", k),
            WebError::BadQuery(fe) => ErrorInfo {
                fields: fe.0.clone(),
                ..mk(S::BAD_REQUEST, "bad_request", "err.query_invalid")
            },
            WebError::Unauthenticated => {
                mk(S::UNAUTHORIZED, "unauthenticated", "err.unauthenticated")
            }
            WebError::Csrf => mk(S::FORBIDDEN, "csrf", "err.csrf"),
            WebError::Throttled(s) => ErrorInfo {
                retry_after: Some(*s),
                ..mk(S::TOO_MANY_REQUESTS, "throttled", "err.throttled")
            },
            WebError::BadCredentials => {
                mk(S::UNAUTHORIZED, "bad_credentials", "err.bad_credentials")
            }
            WebError::NotFound => mk(S::NOT_FOUND, "not_found", "err.not_found"),
            WebError::TooLarge => mk(S::PAYLOAD_TOO_LARGE, "too_large", "err.body_too_large"),
            WebError::Internal(_) => mk(S::INTERNAL_SERVER_ERROR, "internal", "err.internal"),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let info = self.info();
        if info.status.is_server_error() {
            let mut chain = format!("{self}");
            let mut src = std::error::Error::source(&self);
            while let Some(s) = src {
                chain.push_str(&format!(": {s}"));
                src = s.source();
            }
            tracing::error!(error = %chain, "request failed");
        }
        let mut r = info.status.into_response();
        r.extensions_mut().insert(info);
        r
    }
}

pub type WebResult<T> = Result<T, WebError>;
