//! What the tree's writes take, each read from the API body through its `Deserialize`: a
//! new node, changes to one, a move, and a kind of the dictionary with its rules. (Each
//! type's schema description is the API body's own, so the types carry line comments.)

use super::{NodeDraft, NodeStatus};
use crate::input::given;
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

// A new node: its parent (none for a new root), name, kind, code and place.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = CreateOrg))]
pub struct NodeInput {
    /// None: a new root (whole-tree rights needed).
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub sort_order: Option<i64>,
}

impl NodeInput {
    /// `kinds` are the dictionary codes currently known.
    pub fn draft(&self, kinds: &[String]) -> Result<NodeDraft, DomainError> {
        NodeDraft::parse(
            &self.name,
            &self.kind,
            self.code.as_deref(),
            self.sort_order,
            kinds,
        )
    }
}

// Changes to a node: an absent field keeps its value, a null code clears it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = PatchOrg))]
pub struct NodePatch {
    pub name: Option<String>,
    pub kind: Option<String>,
    /// `null` clears the code.
    #[serde(default, deserialize_with = "given")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub code: Option<Option<String>>,
    pub sort_order: Option<i64>,
    /// `active` or `disabled`.
    pub status: Option<String>,
}

impl NodePatch {
    /// The changes laid over the node as it is, checked: the node's new content and its new
    /// status when one is given.
    pub fn over(
        &self,
        cur: NodeDraftText<'_>,
        kinds: &[String],
    ) -> Result<(NodeDraft, Option<NodeStatus>), DomainError> {
        let mut fe = FieldErrors::new();
        let status = self
            .status
            .as_deref()
            .and_then(|s| fe.check("status", NodeStatus::parse(s)));
        let code = match &self.code {
            Some(c) => c.clone(),
            None => cur.code.map(str::to_string),
        };
        let draft = fe.check(
            "node",
            NodeDraft::parse(
                self.name.as_deref().unwrap_or(cur.name),
                self.kind.as_deref().unwrap_or(cur.kind),
                code.as_deref(),
                Some(self.sort_order.unwrap_or(cur.sort_order)),
                kinds,
            ),
        );
        fe.into_result()?;
        Ok((draft.expect("checked"), status))
    }
}

/// A node's content as it is stored, for changes to be laid over.
#[derive(Debug, Clone, Copy)]
pub struct NodeDraftText<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub code: Option<&'a str>,
    pub sort_order: i64,
}

// A node's new parent.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = MoveOrg))]
pub struct NodeMoveInput {
    /// New parent; `null` makes the node a root (whole-tree rights needed).
    pub parent_id: Option<i64>,
}

// A kind of the dictionary with its rules; the code is named on creation only.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = KindBody))]
pub struct KindInput {
    /// Lower-case letters, digits and `_`; fixed once created.
    pub code: Option<String>,
    /// Chinese name.
    pub name: String,
    pub name_en: String,
    pub sort_order: Option<i64>,
    /// Kinds this kind may be placed under (replaces the list; absent: unchanged, and none
    /// for a new kind, which can then only be a top-level organization).
    pub parents: Option<Vec<String>>,
    /// Kinds allowed directly under this kind (replaces the list; absent: unchanged).
    pub children: Option<Vec<String>>,
}

impl KindInput {
    pub fn links(&self) -> KindLinks {
        KindLinks {
            parents: self.parents.clone(),
            children: self.children.clone(),
        }
    }
}

/// The rules of a kind as a form or a body gives them: the kinds allowed directly under it
/// and the kinds it may sit under. `None` leaves that side as it is.
#[derive(Debug, Clone, Default)]
pub struct KindLinks {
    pub parents: Option<Vec<String>>,
    pub children: Option<Vec<String>>,
}
