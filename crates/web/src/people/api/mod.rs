//! People and party members: persons, pipeline steps, growth ledger, posts, honours,
//! quotas, the post dictionary, and the four ledgers' spreadsheets.

use crate::api::{page_request, ApiJson, ApiQuery, PageOf};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::pages::{parse_sort, Selected};
use crate::people::io::{self as people_io, ExportFilter, Ledger};
use crate::require::require;
use crate::upload_guard::IMPORT_LIMIT;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Json;
use chrono::Datelike;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::dict::{EntryInput, KindDraft};
use touyan_domain::fields::parse_date;
use touyan_domain::people::{
    parse_honour, parse_term, AllocateInput, HonourInput, NoteInput, PersonInput, PostInput, Step,
    StepInput, TermInput,
};
use touyan_storage::dict::DictEntry;
use touyan_storage::kit::today;
use touyan_storage::people::{
    DueCount, HonourFilter, HonourView, LedgerEvent, PeopleCounts, PersonFilter, PersonView,
    PostFilter, PostView, QuotaFilter, QuotaView, TitleCount, TransitionInput,
};
use touyan_storage::StorageError;

mod charts;
mod dict;
mod honours;
mod io;
mod persons;
mod posts;
mod quotas;

use charts::*;
use dict::*;
use honours::*;
use io::*;
pub(crate) use persons::transition_input;
use persons::*;
use posts::*;
use quotas::*;

pub fn routes() -> crate::routes::Routes {
    let ledger_routes = |slug: &'static str, l: Ledger| {
        // Quotas are handed down by those who manage them; the other ledgers are records
        // of people.
        let needs = match l {
            Ledger::Quotas => Permission::QuotaManage,
            _ => Permission::PersonWrite,
        };
        crate::routes::Routes::new()
            .route(
                &format!("/v1/{slug}/export.xlsx"),
                get(move |st, me, q, picked| export(st, me, q, picked, l)),
            )
            .route(
                &format!("/v1/{slug}/import-template.xlsx"),
                get(move |st, me| template(st, me, l)),
            )
            .route(
                &format!("/v1/{slug}/import"),
                post(move |st, me, m| import(st, me, m, l))
                    .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
                    .route_layer(require(needs)),
            )
    };
    let write = || require(Permission::PersonWrite);
    let mut r = crate::routes::Routes::new()
        .route("/v1/people", post(create).route_layer(write()).get(list))
        .route("/v1/people/counts", get(counts))
        .route("/v1/people/charts", get(charts))
        .route("/v1/people/due", get(due))
        .route(
            "/v1/people/{id}",
            patch(update)
                .delete(delete)
                .route_layer(write())
                .get(get_one),
        )
        .route(
            "/v1/people/{id}/transitions",
            post(transition).route_layer(write()),
        )
        .route("/v1/people/{id}/ledger", get(ledger))
        .route("/v1/people/{id}/notes", post(add_note).route_layer(write()))
        .route(
            "/v1/posts",
            post(create_post).route_layer(write()).get(list_posts),
        )
        .route(
            "/v1/posts/{id}",
            patch(update_post).delete(delete_post).route_layer(write()),
        )
        .route(
            "/v1/honours",
            post(create_honour).route_layer(write()).get(list_honours),
        )
        .route("/v1/honours/titles", get(titles))
        .route(
            "/v1/honours/{id}",
            patch(update_honour)
                .delete(delete_honour)
                .route_layer(write()),
        )
        .route(
            "/v1/quotas",
            post(allocate)
                .route_layer(require(Permission::QuotaManage))
                .get(list_quotas),
        )
        .route(
            "/v1/dict/{dict}",
            post(create_entry)
                .route_layer(require(Permission::DictManage))
                .get(dict_entries),
        )
        .route(
            "/v1/dict/{dict}/{code}",
            patch(update_entry)
                .delete(delete_entry)
                .route_layer(require(Permission::DictManage)),
        )
        .route("/v1/import-reports/{token}", get(report));
    for l in Ledger::ALL {
        r = r.merge(ledger_routes(l.slug(), l));
    }
    r
}

/// The people's paths in the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list,
    create,
    get_one,
    update,
    delete,
    transition,
    ledger,
    add_note,
    counts,
    charts,
    due,
    import_doc,
    export_doc,
    template_doc,
    report,
    list_posts,
    create_post,
    update_post,
    delete_post,
    list_honours,
    titles,
    create_honour,
    update_honour,
    delete_honour,
    list_quotas,
    allocate,
    dict_entries,
    create_entry,
    update_entry,
    delete_entry
))]
pub struct Doc;

/// The area's part of the OpenAPI document.
pub fn doc() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}
