//! What a studio's smaller writes take, each read through its `Deserialize`: changes to a
//! studio, a member, an alliance, a studio joining one, and the photo shown for the studio. A text field the
//! API may leave out is blank when not given. (Each type's schema description is the API
//! body's own, so the types carry line comments.)

use super::StudioInput;
use crate::input::{given, text};
use serde::Deserialize;

/// Changes to a studio; absent fields keep their value, `null` clears an optional one.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct StudioPatch {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub demonstration: Option<bool>,
    pub node_id: Option<i64>,
    #[serde(default, deserialize_with = "given")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<i64>))]
    pub leader_id: Option<Option<i64>>,
    pub field: Option<String>,
    pub plaque_on: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub public: Option<bool>,
}

impl StudioPatch {
    /// The changes laid over the studio as it is.
    pub fn over(self, base: StudioInput) -> StudioInput {
        StudioInput {
            name: self.name.unwrap_or(base.name),
            kind: self.kind.unwrap_or(base.kind),
            level: self.level.unwrap_or(base.level),
            demonstration: self.demonstration.unwrap_or(base.demonstration),
            node_id: self.node_id.unwrap_or(base.node_id),
            leader_id: self.leader_id.unwrap_or(base.leader_id),
            field: self.field.unwrap_or(base.field),
            plaque_on: self.plaque_on.unwrap_or(base.plaque_on),
            description: self.description.unwrap_or(base.description),
            slug: self.slug.unwrap_or(base.slug),
            public: self.public.unwrap_or(base.public),
        }
    }
}

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
