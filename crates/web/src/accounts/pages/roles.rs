//! Roles: named sets of permissions.

use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, parse_page, render, see_other, Errors, Layout, Me, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_storage::role::{RoleDraft, RoleView};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/roles", get(index).post(create))
        .route("/roles/export.xlsx", get(export))
        .route("/roles/{id}", get(show).post(update))
        .route("/roles/{id}/delete", post(delete))
}

#[derive(Deserialize, Default)]
struct ListQ {
    q: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    ok: Option<String>,
}

/// A role form; repeated `permissions` fields arrive as a list.
#[derive(Default)]
struct RoleForm {
    name: String,
    description: String,
    permissions: Vec<String>,
}

impl RoleForm {
    fn parse(raw: &[u8]) -> RoleForm {
        let mut f = RoleForm::default();
        for (k, v) in form_urlencoded::parse(raw) {
            match &*k {
                "name" => f.name = v.into_owned(),
                "description" => f.description = v.into_owned(),
                "permissions" => f.permissions.push(v.into_owned()),
                _ => {}
            }
        }
        f
    }
    fn of(r: &RoleView) -> RoleForm {
        RoleForm {
            name: r.name.clone(),
            description: r.description.clone(),
            permissions: r.permissions.clone(),
        }
    }
    fn has(&self, code: &str) -> bool {
        self.permissions.iter().any(|p| p == code)
    }
}

#[derive(Template)]
#[template(path = "accounts/roles.html")]
struct RolesPage {
    l: Layout,
    items: Vec<RoleView>,
    pager: Pager,
    q: String,
    can_manage: bool,
    perms: Vec<(&'static str, &'static str)>,
    /// The role being edited, if any.
    role: Option<RoleView>,
    input: RoleForm,
    errors: Errors,
}

impl RolesPage {
    fn perm_name(&self, code: &str) -> &'static str {
        self.l.t(&format!("perm.{code}"))
    }
}

fn perms(l: &Layout) -> Vec<(&'static str, &'static str)> {
    Permission::ALL
        .iter()
        .map(|p| (p.code(), l.t(&format!("perm.{}", p.code()))))
        .collect()
}

async fn render_roles(
    st: &AppState,
    me: &Me,
    q: ListQ,
    role: Option<RoleView>,
    input: Option<RoleForm>,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .roles()
        .list(q.q.as_deref(), req)
        .await?;
    let path = role
        .as_ref()
        .map(|r| format!("/roles/{}", r.id))
        .unwrap_or_else(|| "/roles".into());
    let l = Layout::new(&me.ctx, "roles", "title.roles", &path).with_flash(q.ok.as_deref());
    let input = input.unwrap_or_else(|| role.as_ref().map(RoleForm::of).unwrap_or_default());
    let page_ = RolesPage {
        perms: perms(&l),
        l,
        pager: Pager::new(req, p.total, &[("q", q.q.clone().unwrap_or_default())]),
        items: p.items,
        q: q.q.unwrap_or_default(),
        can_manage: me.actor.grants.allows_global(Permission::RoleManage),
        role,
        input,
        errors,
    };
    Ok(render(status, &page_))
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    render_roles(&st, &me, q, None, None, Errors::default(), StatusCode::OK).await
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let role = st.store.scoped(&me.actor).roles().get(id).await?;
    render_roles(
        &st,
        &me,
        q,
        Some(role),
        None,
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn save(st: &AppState, me: &Me, id: Option<i64>, raw: &[u8]) -> WebResult<Response> {
    let f = RoleForm::parse(raw);
    let roles = st.store.scoped(&me.actor).roles();
    let r = async {
        let d = RoleDraft::parse(&f.name, &f.description, &f.permissions)?;
        Ok::<_, WebError>(match id {
            Some(id) => roles.update(id, d).await?,
            None => roles.create(d).await?,
        })
    }
    .await;
    match r {
        Ok(v) => Ok(see_other(&format!("/roles/{}?ok=ok.saved", v.id))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let role = match id {
                Some(id) => Some(roles.get(id).await?),
                None => None,
            };
            render_roles(
                st,
                me,
                ListQ::default(),
                role,
                Some(f),
                Errors(errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn create(State(st): State<AppState>, me: Me, RawForm(raw): RawForm) -> WebResult<Response> {
    save(&st, &me, None, &raw).await
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    RawForm(raw): RawForm,
) -> WebResult<Response> {
    save(&st, &me, Some(id), &raw).await
}

async fn delete(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    let roles = st.store.scoped(&me.actor).roles();
    match roles.delete(id).await {
        Ok(()) => Ok(see_other("/roles?ok=ok.deleted")),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            let role = roles.get(id).await?;
            render_roles(
                &st,
                &me,
                ListQ::default(),
                Some(role),
                None,
                Errors(errors),
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

async fn export(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    crate::accounts::api::roles::export_roles(&st, &me, q.q.as_deref()).await
}
