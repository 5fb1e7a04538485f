//! The accounts' pages: signing in, one's account, users, sign-in locks, roles, tokens.

pub(crate) mod account;
pub(crate) mod login;
pub(crate) mod login_locks;
pub(crate) mod roles;
pub(crate) mod tokens;
mod user_picker;
pub(crate) mod users;

/// The accounts' pages.
pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .merge(login::routes())
        .merge(users::routes())
        .merge(login_locks::routes())
        .merge(roles::routes())
        .merge(tokens::routes())
        .merge(account::routes())
        .route("/users/pick", axum::routing::get(user_picker::pick))
}
