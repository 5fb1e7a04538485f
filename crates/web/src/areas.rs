//! The list of product areas the web layer serves: each hands over its routes, its part of the
//! OpenAPI document, its menu entries and what its page forms need, in its own manifest. A new
//! area adds its line here.

use crate::area::WebArea;

pub(crate) const AREAS: &[&WebArea] = &[
    &crate::home::AREA,
    &crate::org::AREA,
    &crate::people::AREA,
    &crate::studio::AREA,
    &crate::accounts::AREA,
    &crate::audit::AREA,
    &crate::request::AREA,
    &crate::dict::AREA,
    &crate::calendar::AREA,
    &crate::enterprise::AREA,
    &crate::centre::AREA,
    &crate::cadence::AREA,
    &crate::notice::AREA,
    &crate::task::AREA,
    &crate::campaign::AREA,
    &crate::evaluation::AREA,
    &crate::rating::AREA,
    &crate::commendation::AREA,
];
