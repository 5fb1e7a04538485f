//! What the other ways in give, each read through its `Deserialize` with every text blank
//! when not given: a visit (走访) with the problems found on it, an order entered for an
//! enterprise (企业下单) and a request from the public form's API. (Each type's schema
//! description is the API body's own.)

use super::intake::RequestInput;
use crate::input::text;
use serde::Deserialize;

/// A problem found on a visit; it becomes a request of channel `visit`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = ProblemBody))]
pub struct ProblemInput {
    /// A category code (`GET /api/v1/request-categories`).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub category: String,
    /// At least 5 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// With the phone, the person who raised it; both absent to take the visit's contact.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_name: String,
    /// A mobile or a landline with its area code.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_phone: String,
    /// `normal` (default), `urgent` or `critical`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub urgency: String,
}

impl ProblemInput {
    /// A row left empty (the urgency aside), which a form passes over.
    pub fn is_blank(&self) -> bool {
        [
            &self.category,
            &self.description,
            &self.address,
            &self.contact_name,
            &self.contact_phone,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

/// A visit: the enterprise's node, or a grid or community node with the household; field
/// errors of a problem come as `problems.<index>.<field>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = VisitBody))]
pub struct VisitInput {
    pub node_id: Option<i64>,
    /// `YYYY-MM-DD`, not after today.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub visited_on: String,
    /// A person of the ledger who went (e.g. the enterprise's 党建工作指导员).
    pub visitor_person_id: Option<i64>,
    /// Who went, as written; absent takes the person's name, else the caller's.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub visitor_name: String,
    /// Required for households (building, door, family); absent for enterprises.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub household: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub notes: String,
    /// The person met, for problems that name nobody.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_name: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_phone: String,
    #[serde(default)]
    pub problems: Vec<ProblemInput>,
}

/// An order entered on behalf of an enterprise of the tree.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = OrderBody))]
pub struct OrderInput {
    /// A category code.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub category: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// The enterprise's contact person.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_name: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_phone: String,
    /// `normal` (default), `urgent` or `critical`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub urgency: String,
}

impl OrderInput {
    /// The request it raises; its channel, node and enterprise are set where it is stored.
    pub fn request(self) -> RequestInput {
        RequestInput {
            category: self.category,
            description: self.description,
            address: self.address,
            contact_name: self.contact_name,
            contact_phone: self.contact_phone,
            urgency: self.urgency,
            ..Default::default()
        }
    }
}

// A request from the public form, as its API body gives it (the form reads the same fields
// from its own parts).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema), schema(as = SubmitBody))]
pub struct PublicRequestInput {
    /// `resident` or `enterprise`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub requester: String,
    /// Required when the requester is an enterprise.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub enterprise_name: String,
    /// A category code from /api/v1/public/categories.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub category: String,
    /// A location id from /api/v1/public/locations.
    pub node_id: Option<i64>,
    /// Building, street number, landmark; at most 200 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// 5 to 2000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    /// Who to reply to; never shown publicly.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_name: String,
    /// A mobile or a landline with its area code; never shown publicly.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_phone: String,
}

impl PublicRequestInput {
    /// Who asks (`resident` or `enterprise`) and the request as typed; its channel, urgency
    /// and hotline number are set where it is stored.
    pub fn into_parts(self) -> (String, RequestInput) {
        let input = RequestInput {
            category: self.category,
            node_id: self.node_id,
            address: self.address,
            description: self.description,
            contact_name: self.contact_name,
            contact_phone: self.contact_phone,
            enterprise_name: self.enterprise_name,
            ..Default::default()
        };
        (self.requester, input)
    }
}
