//! Accounts and their assignments.

use crate::error::{WebError, WebResult};
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::auth::{NewPassword, NewUser};
use touyan_domain::paging::PageRequest;
use touyan_storage::role::RoleView;
use touyan_storage::user::{AssignmentFilter, AssignmentView, UserFilter, UserPatch, UserView};

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/users", get(index))
        .route("/users/export.xlsx", get(export))
        .route("/users/new", get(new_form).post(create))
        .route("/users/{id}", get(show).post(update))
        .route("/users/{id}/password", post(reset_password))
        .route("/users/{id}/assignments", post(assign))
        .route("/users/{id}/assignments/{aid}/delete", post(unassign))
        .route("/users/{id}/delete", post(delete))
}

#[derive(Deserialize, Default)]
struct ListQ {
    q: Option<String>,
    status: Option<String>,
    under: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    ok: Option<String>,
}

impl ListQ {
    fn filter(&self) -> WebResult<UserFilter> {
        Ok(UserFilter {
            under: opt_id("under", &self.under)?,
            q: self.q.clone(),
            status: self.status.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "accounts/users.html")]
struct UsersPage {
    l: Layout,
    items: Vec<UserView>,
    pager: Pager,
    q: String,
    status: String,
    under: String,
    can_create: bool,
    export_href: String,
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let req = parse_page(&q.page, &q.per_page)?;
    let p = st
        .store
        .scoped(&me.actor)
        .users()
        .list(&q.filter()?, req)
        .await?;
    let params = vec![
        ("q", q.q.clone().unwrap_or_default()),
        ("status", q.status.clone().unwrap_or_default()),
        ("under", q.under.clone().unwrap_or_default()),
    ];
    let pager = Pager::new(req, p.total, &params);
    let export_href = format!("/users/export.xlsx?{}", pager.base.trim_end_matches('&'));
    Ok(page(&UsersPage {
        l: Layout::new(&me.ctx, "users", "title.users", "/users").with_flash(q.ok.as_deref()),
        items: p.items,
        pager,
        q: params[0].1.clone(),
        status: params[1].1.clone(),
        under: params[2].1.clone(),
        can_create: !me.actor.grants.scopes(Permission::UserWrite).is_empty(),
        export_href,
    }))
}

async fn export(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    crate::accounts::api::users::export_users(&st, &me, &q.filter()?).await
}

#[derive(Deserialize, Default)]
struct NewUserForm {
    username: Option<String>,
    display_name: Option<String>,
    password: Option<String>,
    node_id: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/user_new.html")]
struct NewUserPage {
    l: Layout,
    input: NewUserForm,
    errors: Errors,
}

async fn new_form(me: Me) -> WebResult<Response> {
    if me.actor.grants.scopes(Permission::UserWrite).is_empty() {
        return Err(WebError::Storage(touyan_storage::StorageError::Forbidden));
    }
    let home = me.actor.home.as_ref().map(|(id, _)| id.to_string());
    Ok(page(&NewUserPage {
        l: Layout::new(&me.ctx, "users", "title.user_new", "/users/new"),
        input: NewUserForm {
            node_id: home,
            ..Default::default()
        },
        errors: Errors::default(),
    }))
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<NewUserForm>,
) -> WebResult<Response> {
    let r = async {
        let new = NewUser::parse(
            f.username.as_deref().unwrap_or(""),
            f.display_name.as_deref().unwrap_or(""),
            f.password.as_deref().unwrap_or(""),
        )?;
        let node = opt_id("node_id", &f.node_id)?;
        Ok::<_, WebError>(st.store.scoped(&me.actor).users().create(new, node).await?)
    }
    .await;
    match r {
        Ok(u) => Ok(see_other(&format!("/users/{}?ok=ok.created", u.id))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let input = NewUserForm {
                password: None,
                ..f
            };
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewUserPage {
                    l: Layout::new(&me.ctx, "users", "title.user_new", "/users/new"),
                    input,
                    errors: Errors(errors),
                },
            ))
        }
    }
}

#[derive(Deserialize, Default)]
struct EditForm {
    display_name: Option<String>,
    person_id: Option<String>,
    status: Option<String>,
    node_id: Option<String>,
    password: Option<String>,
    role_id: Option<String>,
    scope_node_id: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/user.html")]
struct UserPage {
    l: Layout,
    user: UserView,
    assignments: Vec<AssignmentView>,
    roles: Vec<RoleView>,
    can_write: bool,
    errors: Errors,
    form: &'static str,
    input: EditForm,
}

async fn render_user(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    errors: Errors,
    form: &'static str,
    input: Option<EditForm>,
    status: StatusCode,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let user = s.users().get(id).await?;
    let assignments = s
        .users()
        .assignments(
            &AssignmentFilter {
                user: Some(id),
                ..Default::default()
            },
            PageRequest {
                page: 1,
                per_page: 200,
            },
        )
        .await?
        .items;
    let can_write = s.users().can_manage(id).await?;
    let input = input.unwrap_or_else(|| EditForm {
        display_name: Some(user.display_name.clone()),
        status: Some(user.status.clone()),
        node_id: user.node_id.map(|n| n.to_string()),
        person_id: user.person_id.map(|n| n.to_string()),
        ..Default::default()
    });
    let mut l =
        Layout::new(&me.ctx, "users", "title.user", &format!("/users/{id}")).with_flash(flash);
    l.title = user.display_name.clone();
    let roles = s.roles().all().await?;
    Ok(render(
        status,
        &UserPage {
            l,
            user,
            assignments,
            roles,
            can_write,
            errors,
            form,
            input,
        },
    ))
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    render_user(
        &st,
        &me,
        id,
        q.ok.as_deref(),
        Errors::default(),
        "",
        None,
        StatusCode::OK,
    )
    .await
}

async fn fail(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &'static str,
    input: EditForm,
    e: WebError,
) -> WebResult<Response> {
    let errors = form_failure(e, me.ctx.tr())?;
    render_user(
        st,
        me,
        id,
        None,
        Errors(errors),
        form,
        Some(input),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> WebResult<Response> {
    let r = async {
        let node = opt_id("node_id", &f.node_id)?;
        let patch = UserPatch {
            display_name: f.display_name.clone(),
            node_id: Some(node),
            status: f.status.clone(),
            locale: None,
            person_id: Some(opt_id("person_id", &f.person_id)?),
        };
        Ok::<_, WebError>(st.store.scoped(&me.actor).users().update(id, patch).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/users/{id}?ok=ok.saved"))),
        Err(e) => fail(&st, &me, id, "edit", f, e).await,
    }
}

async fn reset_password(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> WebResult<Response> {
    let r = async {
        let pw = NewPassword::parse("password", f.password.as_deref().unwrap_or(""))?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .users()
                .reset_password(id, pw)
                .await?,
        )
    }
    .await;
    match r {
        Ok(()) => Ok(see_other(&format!("/users/{id}?ok=ok.password_reset"))),
        Err(e) => fail(&st, &me, id, "password", EditForm::default(), e).await,
    }
}

async fn assign(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> WebResult<Response> {
    let r = async {
        let role = opt_id("role_id", &f.role_id)?
            .ok_or_else(|| touyan_storage::StorageError::field("role_id", "err.required"))?;
        let node = opt_id("scope_node_id", &f.scope_node_id)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .users()
                .assign(id, role, node)
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/users/{id}?ok=ok.granted"))),
        Err(e) => fail(&st, &me, id, "assign", f, e).await,
    }
}

async fn unassign(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    match st.store.scoped(&me.actor).users().unassign(aid).await {
        Ok(()) => Ok(see_other(&format!("/users/{id}?ok=ok.revoked"))),
        Err(e) => fail(&st, &me, id, "assign", EditForm::default(), e.into()).await,
    }
}

async fn delete(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    match st.store.scoped(&me.actor).users().delete(id).await {
        Ok(()) => Ok(see_other("/users?ok=ok.deleted")),
        Err(e) => fail(&st, &me, id, "delete", EditForm::default(), e.into()).await,
    }
}
