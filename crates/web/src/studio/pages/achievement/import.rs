//! The achievements import page, its upload and its report.

use super::*;

/// What one upload came to.
pub(super) struct ImportRes {
    pub(super) done: Option<String>,
    pub(super) error: String,
    pub(super) cells: Vec<CellError>,
    pub(super) report: String,
}

#[derive(Template)]
#[template(path = "studio/achievement_import.html")]
pub(super) struct ImportPage {
    pub(super) l: Layout,
    pub(super) can_upload: bool,
    pub(super) res: Option<ImportRes>,
}

#[derive(Template)]
#[template(path = "studio/achievement_result.html")]
pub(super) struct ImportFragment {
    pub(super) l: Layout,
    pub(super) res: ImportRes,
}

pub(super) async fn import_page(me: Me) -> WebResult<Response> {
    let g = &me.actor.grants;
    if g.scopes(Permission::StudioRead).is_empty() {
        return Err(StorageError::NotFound.into());
    }
    Ok(page(&ImportPage {
        l: layout(&me, "ach.title.import", "/achievements/import", None),
        can_upload: !g.scopes(Permission::StudioWrite).is_empty(),
        res: None,
    }))
}

/// Takes one file; answers the result fragment to htmx, or the whole page to a plain form.
/// Either comes with 200, so htmx shows it.
pub(super) async fn import_upload(
    State(st): State<AppState>,
    me: Me,
    headers: HeaderMap,
    m: Multipart,
) -> WebResult<Response> {
    let tr = me.ctx.tr();
    let mut res = ImportRes {
        done: None,
        error: String::new(),
        cells: vec![],
        report: String::new(),
    };
    match read_form(m).await {
        Err(WebError::BadRequest(k)) => res.error = tr.t(k).to_string(),
        Err(e) => return Err(e),
        Ok(f) => match f.evidence.into_iter().next() {
            None => res.error = tr.t("err.file_required").to_string(),
            Some(up) => {
                let s = st.store.scoped(&me.actor);
                let imported = match st.imports.admit().await {
                    Ok(_turn) => {
                        achievement_io::import(&s, tr, &up.file_name, up.bytes.into()).await
                    }
                    Err(busy) => Err(busy.on_form()),
                };
                match imported {
                    Ok(Imported::Done(n)) => {
                        res.done = Some(tr.tf("ach.imported", &[("n", &n.to_string())]))
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
        },
    }
    let l = layout(&me, "ach.title.import", "/achievements/import", None);
    if headers.contains_key("hx-request") {
        Ok(page(&ImportFragment { l, res }))
    } else {
        Ok(page(&ImportPage {
            l,
            can_upload: true,
            res: Some(res),
        }))
    }
}

pub(super) async fn import_report(
    State(st): State<AppState>,
    me: Me,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}
