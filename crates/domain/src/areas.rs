//! The list of areas, each declaring its own permissions and what the built-in roles get of
//! them (`crate::access::AreaAccess`). Permissions are listed, and sort, in this order. A new
//! area adds its line here.

use crate::access::{kit, AreaAccess};

pub const AREAS: &[&AreaAccess] = &[
    &crate::org::permissions::ACCESS,
    &kit::USERS,
    &kit::AUDIT,
    &kit::ROLES,
    &kit::DICTIONARIES,
    &crate::people::permissions::ACCESS,
    &crate::studio::permissions::ACCESS,
    &crate::request::permissions::ACCESS,
    &crate::enterprise::permissions::ACCESS,
    &crate::centre::permissions::ACCESS,
    &crate::cadence::permissions::ACCESS,
    &crate::notice::ACCESS,
    &crate::task::permissions::ACCESS,
    &crate::campaign::permissions::ACCESS,
    &crate::evaluation::permissions::ACCESS,
    &crate::rating::permissions::ACCESS,
    &crate::commendation::permissions::ACCESS,
    &kit::TOKENS,
];
