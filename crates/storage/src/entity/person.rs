use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// `male` or `female`.
    pub gender: String,
    pub ethnicity: Option<String>,
    pub birth_date: Date,
    /// 18 characters, upper-case X; unique.
    pub id_number: String,
    pub phone: Option<String>,
    pub education: Option<String>,
    /// Primary node.
    pub node_id: i64,
    pub node_path: String,
    /// Political status code (`masses` … `full`).
    pub status: String,
    pub applied_on: Option<Date>,
    pub activist_on: Option<Date>,
    pub development_object_on: Option<Date>,
    pub probation_on: Option<Date>,
    pub probation_extended_months: Option<i32>,
    pub full_on: Option<Date>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
