use crate::api::{page_request, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::xlsx::{self, Cell, EXPORT_CAP};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Json;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_storage::audit::{AuditEntry, AuditFilter};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/v1/audit", get(list))
        .route("/v1/audit/export.xlsx", get(export))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Acting user's id.
    pub user: Option<i64>,
    /// e.g. `create`, `update`, `delete`, `move`, `login`, `login_failed`, `export`.
    pub action: Option<String>,
    /// e.g. `org_node`, `user`, `role`, `assignment`, `api_token`, `session`.
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// Records in this node's subtree.
    pub under: Option<i64>,
    /// First day, `YYYY-MM-DD` (Beijing time).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (Beijing time), included.
    pub to: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Midnight of a `YYYY-MM-DD` day in Beijing time (UTC+8), as Unix milliseconds.
fn day_start(field: &str, s: &str) -> Result<i64, WebError> {
    let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| touyan_storage::StorageError::field(field, "err.date_format"))?;
    Ok(d.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp_millis()
        - 8 * 3_600_000)
}

impl AuditQuery {
    pub fn filter(&self) -> Result<AuditFilter, WebError> {
        let nonempty = |o: &Option<String>| {
            o.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let from_ms = nonempty(&self.from)
            .map(|s| day_start("from", &s))
            .transpose()?;
        let to_ms = nonempty(&self.to)
            .map(|s| day_start("to", &s).map(|t| t + 86_400_000))
            .transpose()?;
        Ok(AuditFilter {
            user: self.user,
            action: nonempty(&self.action),
            record_type: nonempty(&self.record_type),
            record_id: nonempty(&self.record_id),
            under: self.under,
            from_ms,
            to_ms,
        })
    }
}

/// Audit entries of records in the caller's subtrees, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses((status = 200, body = PageOf<AuditEntry>)))]
pub async fn list(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> WebResult<Json<PageOf<AuditEntry>>> {
    let page = page_request(q.page, q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .audit()
        .list(&q.filter()?, page)
        .await?;
    Ok(Json(p.into()))
}

/// The filtered audit log as .xlsx.
#[utoipa::path(get, path = "/api/v1/audit/export.xlsx", tag = "audit", params(AuditQuery), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export(
    State(st): State<AppState>,
    me: Authed,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> WebResult<Response> {
    export_audit(&st, &me, &q.filter()?).await
}

pub(crate) async fn export_audit(
    st: &AppState,
    me: &Authed,
    f: &AuditFilter,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let s = st.store.scoped(&me.actor);
    let rows = s.audit().all(f, EXPORT_CAP).await?;
    let data = rows
        .iter()
        .map(|e| {
            vec![
                Cell::Int(e.id),
                xlsx::fmt_ms(e.at).into(),
                e.actor_name.as_str().into(),
                e.ip.clone().into(),
                crate::audit_words::action(tr, &e.action, &e.record_type).into(),
                crate::audit_words::record(tr, &e.record_type).into(),
                e.record_id.clone().into(),
                e.before.as_ref().map(|v| v.to_string()).into(),
                e.after.as_ref().map(|v| v.to_string()).into(),
            ]
        })
        .collect();
    s.audit()
        .note(
            "export",
            "audit_log",
            Permission::AuditRead,
            f.under,
            Some(serde_json::json!({"rows": rows.len()})),
        )
        .await?;
    let h = [
        "col.id",
        "col.at",
        "col.actor",
        "col.ip",
        "col.action",
        "col.record_type",
        "col.record_id",
        "col.before",
        "col.after",
    ];
    xlsx::download_keys(tr, "audit.xlsx", "sheet.audit", &h, data)
}

/// The audit log's paths in the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, export))]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}
