//! What the people writes beside a person's own record take, each read through its
//! `Deserialize`: a step of the pipeline, a note in a person's ledger, a post and its term,
//! an honour and a quota handed down. A text field the API may leave out is blank when not
//! given. (Each type's schema description is the API body's own, so the types carry line
//! comments.)

use crate::input::text;
use serde::Deserialize;

// One dated step of the development pipeline.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TransitionBody))]
pub struct StepInput {
    /// `apply`, `make_activist`, `make_development_object`, `admit`, `extend_probation`,
    /// `confirm` or `disqualify`.
    pub step: String,
    /// The date of the step, `YYYY-MM-DD`.
    pub on: String,
    /// For `extend_probation`: 6 to 12.
    pub months: Option<u32>,
    pub note: Option<String>,
}

// A note in a person's ledger.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = NoteBody))]
pub struct NoteInput {
    /// `YYYY-MM-DD`; today when absent.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub on: String,
    pub body: String,
}

// A post a person holds at a node, with its term.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = PostBody))]
pub struct PostInput {
    pub person_id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub post_code: String,
    pub node_id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub start_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub end_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

// A post's term changed.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = TermBody))]
pub struct TermInput {
    pub start_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub end_on: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

// An honour (荣誉) a person was awarded; the person is named on creation only.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = HonourBody))]
pub struct HonourInput {
    /// Ignored on PATCH.
    pub person_id: Option<i64>,
    pub title: String,
    /// `national`, `provincial`, `city`, `district`, `street` or `unit`.
    pub level: String,
    pub awarded_on: String,
    pub awarding_node_id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub note: String,
}

// Development quota handed down to a node for a year.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = AllocateBody))]
pub struct AllocateInput {
    pub node_id: i64,
    pub year: i32,
    /// Handed down from the node's parent; negative takes back.
    pub amount: i32,
}
