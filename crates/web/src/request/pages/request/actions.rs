//! The writes on one request: moves, replies, files and their download.

use super::*;

pub(super) async fn act(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    let form = text(&f.action);
    let r = match f.input() {
        Ok(input) => st
            .store
            .scoped(&me.actor)
            .requests()
            .act(id, &input)
            .await
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/requests/{id}?ok=ok.rq_done"))),
        Err(e) => failed(&st, &me, id, &form, f, e).await,
    }
}

/// A multipart form's text fields and its `file` part (absent when no file was chosen).
pub(super) async fn multipart_form(
    m: &mut Multipart,
) -> WebResult<(HashMap<String, String>, Option<Upload>)> {
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| WebError::BadRequest("err.body_too_large"))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            if !bytes.is_empty() || !file_name.is_empty() {
                file = Some(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let v = field
                .text()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            fields.insert(name, v);
        }
    }
    Ok((fields, file))
}

/// The reply form: the result, files already attached cited as evidence, and optionally a
/// new evidence file, all in one transaction.
pub(super) async fn reply(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (fields, file) = multipart_form(&mut m).await?;
    let get = |k: &str| fields.get(k).cloned();
    let f = ActForm {
        action: Some("reply".into()),
        result: get("result"),
        evidence: {
            let v: Vec<String> = fields
                .iter()
                .filter(|(k, _)| k.starts_with("evidence_"))
                .map(|(k, _)| k.trim_start_matches("evidence_").to_string())
                .collect();
            Some(v.join(","))
        },
        ..Default::default()
    };
    let r = match f.input() {
        Ok(input) => st
            .store
            .scoped(&me.actor)
            .requests()
            .act_with(id, &input, file.as_ref())
            .await
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/requests/{id}?ok=ok.rq_done"))),
        Err(e) => failed(&st, &me, id, "reply", f, e).await,
    }
}

pub(super) async fn upload_file(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let (_, file) = multipart_form(&mut m).await?;
    let r = match file {
        Some(up) => st
            .store
            .scoped(&me.actor)
            .requests()
            .attach(id, &up)
            .await
            .map_err(WebError::from),
        None => Err(StorageError::field("file", "err.rq_file_required").into()),
    };
    match r {
        Ok(_) => Ok(see_other(&format!("/requests/{id}?ok=ok.rq_uploaded"))),
        Err(e) => failed(&st, &me, id, "upload", ActForm::default(), e).await,
    }
}

/// A file of a request the caller sees. Images and PDFs open in the browser; anything else
/// downloads.
pub(super) async fn download(
    State(st): State<AppState>,
    me: Me,
    Path(fid): Path<i64>,
) -> WebResult<Response> {
    let (f, bytes) = st.store.scoped(&me.actor).requests().file(fid).await?;
    Ok(crate::download::stored_file(
        &f.file_name,
        &f.content_type,
        bytes,
    ))
}
