//! The visits import page, its upload and its report.

use super::*;

#[derive(Template)]
#[template(path = "request/request_import.html")]
pub(super) struct ImportPage {
    pub(super) l: Layout,
    pub(super) can_upload: bool,
}

pub(super) async fn import_page(me: Me) -> WebResult<Response> {
    require_read(&me)?;
    let can_upload = !me
        .actor
        .grants
        .scopes(Permission::RequestDispatch)
        .is_empty();
    Ok(page(&ImportPage {
        l: layout(&me, "rimport.title", "/requests/import", None),
        can_upload,
    }))
}

#[derive(Template)]
#[template(path = "request/request_import_result.html")]
pub(super) struct ImportResult {
    pub(super) l: Layout,
    /// Set when the file was imported.
    pub(super) done: Option<String>,
    /// Why nothing was imported.
    pub(super) error: String,
    pub(super) cells: Vec<CellError>,
    pub(super) report: String,
}

/// Takes one uploaded file and answers the result fragment, with 200 either way so htmx
/// shows it.
pub(super) async fn import_upload(
    State(st): State<AppState>,
    me: Me,
    mut mp: Multipart,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut problem: Option<&'static str> = None;
    let too_large = |s: StatusCode| {
        if s == StatusCode::PAYLOAD_TOO_LARGE {
            "err.body_too_large"
        } else {
            "err.sheet_unreadable"
        }
    };
    loop {
        match mp.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("12345.xlsx").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) => {
                        problem = Some(too_large(e.status()));
                        break;
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                problem = Some(too_large(e.status()));
                break;
            }
        }
    }
    let mut res = ImportResult {
        l: layout(&me, "rimport.title", "/requests/import", None),
        done: None,
        error: String::new(),
        cells: vec![],
        report: String::new(),
    };
    match (problem, file.filter(|(_, b)| !b.is_empty())) {
        (Some(key), _) => res.error = tr.t(key).to_string(),
        (None, None) => res.error = tr.t("err.file_required").to_string(),
        (None, Some((name, bytes))) => {
            let s = st.store.scoped(&me.actor);
            let imported = match st.imports.admit().await {
                Ok(_turn) => request_io::import(&s, tr, &name, bytes.into()).await,
                Err(busy) => Err(busy.on_form()),
            };
            match imported {
                Ok(Imported::Done(n)) => {
                    res.done = Some(tr.tf("rimport.imported", &[("n", &n.to_string())]))
                }
                Ok(Imported::Refused { cells, report }) => {
                    res.error = tr.t("err.import_invalid").to_string();
                    res.cells = cells;
                    res.report = report;
                }
                Err(e) => match form_errors(&e, tr) {
                    Some(errs) => res.error = errs.into_values().collect::<Vec<_>>().join(" "),
                    None => return Err(e),
                },
            }
        }
    }
    Ok(page(&res))
}

pub(super) async fn import_report(
    State(st): State<AppState>,
    me: Me,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}
