//! What a studio's smaller writes take, each read through its `Deserialize`: a member, an
//! alliance, a studio joining one, and the photo shown for the studio. A text field the
//! API may leave out is blank when not given. (Each type's schema description is the API
//! body's own, so the types carry line comments.)

use crate::input::text;
use serde::Deserialize;

// A member's role and term. The person is named on joining only.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = MemberBody))]
pub struct MemberInput {
    /// Ignored on PATCH.
    pub person_id: Option<i64>,
    /// `core` (核心成员), `member` (成员) or `trainee` (学员).
    pub role: String,
    pub joined_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub left_on: String,
}

// An alliance of studios (工作室联盟); its node is named on creation only.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AllianceBody))]
pub struct AllianceInput {
    /// Ignored on PATCH.
    pub node_id: Option<i64>,
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
}

// A studio joining an alliance.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = JoinBody))]
pub struct JoinInput {
    pub studio_id: i64,
    /// Today when absent.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub joined_on: String,
}

// The photo a studio shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = PhotoBody))]
pub struct PhotoInput {
    /// One of the studio's photos, or null for none.
    pub file_id: Option<i64>,
}
