//! The dictionary pages (whole-tree `dict.manage`): organization kinds, and the general
//! dictionaries such as post kinds. Both have the same shape: code, two names, an order.

use crate::error::{WebError, WebResult};
use crate::pages::{form_failure, opt_id, render, see_other, Errors, Layout, Me};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::dict::KindDraft;
use touyan_storage::org::KindLinks;

pub fn routes() -> crate::routes::Routes {
    let of = |w: Which| {
        crate::routes::Routes::new()
            .route(
                w.base(),
                get(move |st, me, q| index(st, me, q, w))
                    .post(move |st, me, f| create(st, me, f, w)),
            )
            .route(
                &format!("{}/{{code}}", w.base()),
                post(move |st, me, c, f| update(st, me, c, f, w)),
            )
            .route(
                &format!("{}/{{code}}/delete", w.base()),
                post(move |st, me, c| delete(st, me, c, w)),
            )
    };
    crate::routes::Routes::new()
        .route("/org-kinds/{code}/rules", post(save_rules))
        .merge(of(Which::OrgKinds))
        .merge(of(Which::Entries("post")))
        .merge(of(Which::Entries("studio_kind")))
        .merge(of(Which::Entries("activity_type")))
}

/// Which dictionary a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    OrgKinds,
    /// A general dictionary (`dict_entry`) by name.
    Entries(&'static str),
}

impl Which {
    fn base(self) -> &'static str {
        match self {
            Which::OrgKinds => "/org-kinds",
            Which::Entries("post") => "/dict/post",
            Which::Entries("activity_type") => "/dict/activity_type",
            Which::Entries(_) => "/dict/studio_kind",
        }
    }
    fn title(self) -> &'static str {
        match self {
            Which::OrgKinds => "title.dict",
            Which::Entries("post") => "title.dict_post",
            Which::Entries("activity_type") => "title.dict_activity_type",
            Which::Entries(_) => "title.dict_studio_kind",
        }
    }
}

/// One entry as the page lists it.
struct Row {
    code: String,
    name: String,
    name_en: String,
    sort_order: i32,
    builtin: bool,
    /// Kinds allowed directly under this one (organization kinds only).
    children: Vec<String>,
}

impl Row {
    fn allows(&self, child: &str) -> bool {
        self.children.iter().any(|c| c == child)
    }
    /// How `failed` names this row's rules form.
    fn rules_key(&self) -> String {
        format!("{}/rules", self.code)
    }
}

#[derive(Deserialize, Default)]
struct KindForm {
    code: Option<String>,
    name: Option<String>,
    name_en: Option<String>,
    sort_order: Option<String>,
}

impl KindForm {
    fn draft(&self, code: &str) -> WebResult<KindDraft> {
        let sort = opt_id("sort_order", &self.sort_order)?;
        Ok(KindDraft::parse(
            code,
            self.name.as_deref().unwrap_or(""),
            self.name_en.as_deref().unwrap_or(""),
            sort,
        )?)
    }
}

#[derive(Template)]
#[template(path = "dict/dict.html")]
struct DictPage {
    l: Layout,
    base: &'static str,
    tabs: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<Row>,
    /// True on the organization kinds' page, which also edits the parent and child rules.
    rules: bool,
    /// Which row's form failed (`new` for the add form, `<code>/rules` for a rules row).
    failed: String,
    input: KindForm,
    errors: Errors,
}

#[derive(Deserialize)]
struct Q {
    ok: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn show(
    st: &AppState,
    me: &Me,
    w: Which,
    flash: Option<&str>,
    failed: String,
    input: KindForm,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    if !me.actor.grants.allows_global(Permission::DictManage) {
        return Err(WebError::Storage(touyan_storage::StorageError::NotFound));
    }
    let s = st.store.scoped(&me.actor);
    let l = Layout::new(&me.ctx, "dict", w.title(), w.base())
        .with_flash(flash)
        .with_kinds(s)
        .await?;
    let rows = match w {
        Which::OrgKinds => s
            .dict()
            .kinds()
            .await?
            .into_iter()
            .map(|k| Row {
                code: k.code,
                name: k.name,
                name_en: k.name_en,
                sort_order: k.sort_order,
                builtin: k.builtin,
                children: k.children,
            })
            .collect(),
        Which::Entries(dict) => s
            .dict()
            .entries(dict)
            .await?
            .into_iter()
            .map(|e| Row {
                code: e.code,
                name: e.name,
                name_en: e.name_en,
                sort_order: e.sort_order,
                builtin: e.builtin,
                children: vec![],
            })
            .collect(),
    };
    let tabs = [
        Which::OrgKinds,
        Which::Entries("post"),
        Which::Entries("studio_kind"),
        Which::Entries("activity_type"),
    ]
    .into_iter()
    .map(|t| (t.base(), t.title(), t == w))
    .collect();
    Ok(render(
        status,
        &DictPage {
            l,
            base: w.base(),
            tabs,
            rules: w == Which::OrgKinds,
            rows,
            failed,
            input,
            errors,
        },
    ))
}

async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<Q>,
    w: Which,
) -> WebResult<Response> {
    show(
        &st,
        &me,
        w,
        q.ok.as_deref(),
        String::new(),
        KindForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn fail(
    st: &AppState,
    me: &Me,
    w: Which,
    row: &str,
    f: KindForm,
    e: WebError,
) -> WebResult<Response> {
    let errors = form_failure(e, me.ctx.tr())?;
    show(
        st,
        me,
        w,
        None,
        row.to_string(),
        f,
        Errors(errors),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<KindForm>,
    w: Which,
) -> WebResult<Response> {
    let r = async {
        let d = f.draft(f.code.as_deref().unwrap_or(""))?;
        let dict = st.store.scoped(&me.actor).dict();
        match w {
            Which::OrgKinds => dict.create_kind(d, KindLinks::default()).await.map(|_| ()),
            Which::Entries(name) => dict.create_entry(name, d).await.map(|_| ()),
        }?;
        Ok::<_, WebError>(())
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("{}?ok=ok.created", w.base()))),
        Err(e) => fail(&st, &me, w, "new", f, e).await,
    }
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
    Form(f): Form<KindForm>,
    w: Which,
) -> WebResult<Response> {
    let r = async {
        let d = f.draft(&code)?;
        let dict = st.store.scoped(&me.actor).dict();
        match w {
            Which::OrgKinds => dict
                .update_kind(&code, d, KindLinks::default())
                .await
                .map(|_| ()),
            Which::Entries(name) => dict.update_entry(name, &code, d).await.map(|_| ()),
        }?;
        Ok::<_, WebError>(())
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("{}?ok=ok.saved", w.base()))),
        Err(e) => fail(&st, &me, w, &code, f, e).await,
    }
}

async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
    w: Which,
) -> WebResult<Response> {
    let dict = st.store.scoped(&me.actor).dict();
    let r = match w {
        Which::OrgKinds => dict.delete_kind(&code).await,
        Which::Entries(name) => dict.delete_entry(name, &code).await,
    };
    match r {
        Ok(()) => Ok(see_other(&format!("{}?ok=ok.deleted", w.base()))),
        Err(e) => fail(&st, &me, w, &code, KindForm::default(), e.into()).await,
    }
}

/// Sets the kinds allowed directly under one kind: repeated `children` fields, each a code.
async fn save_rules(
    State(st): State<AppState>,
    me: Me,
    Path(code): Path<String>,
    RawForm(raw): RawForm,
) -> WebResult<Response> {
    let children: Vec<String> = form_urlencoded::parse(&raw)
        .filter(|(k, _)| k == "children")
        .map(|(_, v)| v.into_owned())
        .collect();
    let dict = st.store.scoped(&me.actor).dict();
    let r = async {
        let kind = dict
            .kinds()
            .await?
            .into_iter()
            .find(|k| k.code == code)
            .ok_or(touyan_storage::StorageError::NotFound)?;
        let d = KindDraft::parse(
            &kind.code,
            &kind.name,
            &kind.name_en,
            Some(kind.sort_order as i64),
        )?;
        let links = KindLinks {
            parents: None,
            children: Some(children),
        };
        dict.update_kind(&code, d, links).await?;
        Ok::<_, WebError>(())
    }
    .await;
    let w = Which::OrgKinds;
    match r {
        Ok(()) => Ok(see_other(&format!("{}?ok=ok.saved", w.base()))),
        Err(e) => {
            let row = format!("{code}/rules");
            fail(&st, &me, w, &row, KindForm::default(), e).await
        }
    }
}
