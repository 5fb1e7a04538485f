//! The accounts' API: sessions, one's own password, users and assignments, roles, tokens.

pub(crate) mod account;
pub(crate) mod roles;
pub(crate) mod session;
pub(crate) mod tokens;
pub(crate) mod users;

/// The accounts' API routes, under `/api`.
pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(session::routes())
        .merge(account::routes())
        .merge(users::routes())
        .merge(roles::routes())
        .merge(tokens::routes())
}

/// The accounts' paths in the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    session::login,
    session::logout,
    session::me,
    account::change_password,
    users::list,
    users::create,
    users::get_one,
    users::update,
    users::delete,
    users::reset_password,
    users::export,
    users::list_assignments,
    users::create_assignment,
    users::delete_assignment,
    users::export_assignments,
    users::list_locks,
    users::unlock,
    roles::list,
    roles::export,
    roles::create,
    roles::get_one,
    roles::update,
    roles::delete,
    roles::permissions,
    tokens::list,
    tokens::export,
    tokens::create,
    tokens::revoke
))]
pub struct Doc;

/// The accounts' part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    Doc::openapi()
}
