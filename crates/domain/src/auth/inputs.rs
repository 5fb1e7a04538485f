//! What the account writes take, each read from the API body through its `Deserialize`:
//! signing in, a password changed or reset, an account created or changed, a role granted
//! over a subtree, a sign-in lock lifted, an API token and a role. (Each type's schema
//! description is the API body's own, so the types carry line comments.)

use super::NewUser;
use crate::input::given;
use crate::DomainError;
use serde::Deserialize;

// A user name and password to sign in with.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = LoginBody))]
pub struct LoginInput {
    pub username: String,
    pub password: String,
}

// The caller's own password changed.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = PasswordBody))]
pub struct PasswordChangeInput {
    pub current_password: String,
    pub new_password: String,
}

// A new password set for another account.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = PasswordReset)
)]
pub struct PasswordResetInput {
    pub password: String,
}

// A new account at a node.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CreateUser))]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    /// Home node; none for a whole-tree account.
    pub node_id: Option<i64>,
}

impl UserInput {
    /// The account's own fields, checked together.
    pub fn parse(&self) -> Result<NewUser, DomainError> {
        NewUser::parse(&self.username, &self.display_name, &self.password)
    }
}

// Changes to an account; `None` leaves a field as it is, and null (`Some(None)`) makes it a
// whole-tree account or unlinks it from its person.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = PatchUser))]
pub struct UserPatch {
    pub display_name: Option<String>,
    /// `null` makes it a whole-tree account.
    #[serde(default, deserialize_with = "given")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub node_id: Option<Option<i64>>,
    /// `active` or `disabled`.
    pub status: Option<String>,
    /// `zh-CN` or `en`.
    pub locale: Option<String>,
    /// The person the account is; `null` unlinks it.
    #[serde(default, deserialize_with = "given")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub person_id: Option<Option<i64>>,
}

// A role granted to an account over a subtree.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = CreateAssignment)
)]
pub struct AssignmentInput {
    pub user_id: i64,
    pub role_id: i64,
    /// None: the whole tree.
    pub node_id: Option<i64>,
}

// A sign-in lock to lift.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = UnlockBody))]
pub struct UnlockInput {
    /// The `key` of a lock as listed.
    pub key: String,
}

// A new API token.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TokenBody))]
pub struct TokenInput {
    pub name: String,
    /// Narrow the token to these permission codes; all of the caller's when absent.
    pub permissions: Option<Vec<String>>,
    pub expires_in_days: Option<i64>,
}

// A role: its name, what it is for, and its permissions.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = RoleBody))]
pub struct RoleInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Permission codes (see `/api/v1/permissions`).
    pub permissions: Vec<String>,
}
