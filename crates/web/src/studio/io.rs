//! Studio spreadsheets: the registry and the members of the studios in scope.

use crate::error::WebResult;
use crate::i18n::Tr;
use crate::xlsx::{download_keys, Cell, EXPORT_CAP};
use axum::response::Response;
use std::collections::HashMap;
use touyan_storage::studio::StudioFilter;
use touyan_storage::Scoped;

/// Studio-kind names in the caller's language.
pub(crate) async fn kind_names(s: Scoped<'_>, tr: Tr) -> WebResult<HashMap<String, String>> {
    crate::dict_names::dict_names(s, tr, "studio_kind").await
}

pub(crate) async fn export_studios(s: Scoped<'_>, tr: Tr, f: &StudioFilter) -> WebResult<Response> {
    let rows = s.studios().all(f, EXPORT_CAP).await?;
    let kinds = kind_names(s, tr).await?;
    let yes_no = |b: bool| tr.t(if b { "studio.yes" } else { "studio.no" });
    let data = rows
        .into_iter()
        .map(|v| {
            vec![
                Cell::Int(v.id),
                v.name.into(),
                kinds.get(&v.kind).cloned().unwrap_or(v.kind).into(),
                tr.t(&format!("studio.level.{}", v.level)).into(),
                yes_no(v.demonstration).into(),
                tr.t(&format!("studio.state.{}", v.state)).into(),
                v.node_name.into(),
                v.leader_name.into(),
                v.field.into(),
                v.plaque_on.map(|d| d.to_string()).into(),
                Cell::Int(v.members as i64),
                yes_no(v.public).into(),
                v.slug.into(),
            ]
        })
        .collect();
    download_keys(
        tr,
        "studios.xlsx",
        "studio.title.list",
        &[
            "studio.col.id",
            "studio.col.name",
            "studio.col.kind",
            "studio.col.level",
            "studio.demonstration",
            "studio.col.state",
            "studio.col.node",
            "studio.leader",
            "studio.col.field",
            "studio.col.plaque_on",
            "studio.col.members",
            "studio.col.public",
            "studio.col.slug",
        ],
        data,
    )
}

pub(crate) async fn export_members(s: Scoped<'_>, tr: Tr, f: &StudioFilter) -> WebResult<Response> {
    let rows = s.studios().all_members(f, EXPORT_CAP).await?;
    let data = rows
        .into_iter()
        .map(|(studio, m)| {
            vec![
                studio.into(),
                m.person_name.into(),
                m.node_name.into(),
                tr.t(&format!("studio.role.{}", m.role)).into(),
                m.joined_on.to_string().into(),
                m.left_on.map(|d| d.to_string()).into(),
            ]
        })
        .collect();
    download_keys(
        tr,
        "studio-members.xlsx",
        "studio.members",
        &[
            "studio.col.name",
            "studio.col.person",
            "studio.col.person_node",
            "studio.col.role",
            "studio.col.joined_on",
            "studio.col.left_on",
        ],
        data,
    )
}
