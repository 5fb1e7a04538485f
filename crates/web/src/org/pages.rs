//! The organization tree page: the tree on the left, the selected node on the right.

use crate::area::node_panels;
use crate::error::WebResult;
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use touyan_domain::access::Permission;
use touyan_domain::org::{NodeDraft, NodeStatus};
use touyan_storage::org::{OrgFilter, OrgKind, OrgNode, TreeItem};
use touyan_storage::Scoped;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new()
        .route("/orgs", get(index).post(create_root))
        .route("/orgs/export.xlsx", get(export))
        .route("/orgs/pick", get(super::picker::pick))
        .route("/orgs/{id}", get(show).post(update))
        .route("/orgs/{id}/tree", get(tree_children))
        .route("/orgs/{id}/children", post(create_child))
        .route("/orgs/{id}/move", post(move_node))
        .route("/orgs/{id}/delete", post(delete))
        .merge(super::public::routes())
}

/// One step of the tree as the template walks it: a node opens (and its children follow
/// when it is expanded), then closes.
pub enum TreeEvent {
    Open {
        item: TreeItem,
        expanded: bool,
        selected: bool,
    },
    Close {
        expanded: bool,
    },
}

/// The caller's tree with the path to `selected` expanded.
async fn tree(s: Scoped<'_>, selected: Option<&OrgNode>) -> WebResult<Vec<TreeEvent>> {
    let open: Vec<i64> = selected.map(|n| n.tree_path().ids()).unwrap_or_default();
    let mut out = Vec::new();
    let mut stack: Vec<std::vec::IntoIter<TreeItem>> = vec![s.orgs().roots().await?.into_iter()];
    let mut opened: Vec<bool> = Vec::new();
    while let Some(level) = stack.last_mut() {
        match level.next() {
            Some(item) => {
                let id = item.node.id;
                let expanded = item.has_children && open.contains(&id);
                let sel = Some(id) == selected.map(|n| n.id);
                out.push(TreeEvent::Open {
                    item,
                    expanded,
                    selected: sel,
                });
                if expanded {
                    stack.push(s.orgs().children(id).await?.into_iter());
                    opened.push(true);
                } else {
                    out.push(TreeEvent::Close { expanded: false });
                }
            }
            None => {
                stack.pop();
                if opened.pop().is_some() {
                    out.push(TreeEvent::Close { expanded: true });
                }
            }
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "org/orgs.html")]
struct OrgsPage {
    l: Layout,
    tree: Vec<TreeEvent>,
    kinds: Vec<OrgKind>,
    /// The selected node, with its breadcrumbs and children.
    node: Option<OrgNode>,
    crumbs: Vec<OrgNode>,
    children: Vec<OrgNode>,
    pager: Pager,
    /// Search results when searching.
    q: String,
    results: Vec<OrgNode>,
    can_write: bool,
    can_create_root: bool,
    errors: Errors,
    /// Which form the errors belong to.
    form: &'static str,
    input: NodeForm,
    current: NodeForm,
    export_href: String,
    /// What the areas show of the selected node (e.g. its people counts), as HTML.
    panels: Vec<String>,
    /// The selected node has a public page (`/p/orgs/{id}`).
    has_public_page: bool,
}

impl OrgsPage {
    /// A form field's value: what was submitted when that form failed, the node's own
    /// values in the edit form, otherwise empty.
    fn val(&self, form: &str, field: &str) -> String {
        let src = if self.form == form {
            &self.input
        } else if form == "edit" {
            &self.current
        } else {
            return String::new();
        };
        let v = match field {
            "name" => &src.name,
            "kind" => &src.kind,
            "code" => &src.code,
            "sort_order" => &src.sort_order,
            "status" => &src.status,
            _ => &src.parent_id,
        };
        v.clone().unwrap_or_default()
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct NodeForm {
    name: Option<String>,
    kind: Option<String>,
    code: Option<String>,
    sort_order: Option<String>,
    status: Option<String>,
    parent_id: Option<String>,
}

impl NodeForm {
    fn of(n: &OrgNode) -> NodeForm {
        NodeForm {
            name: Some(n.name.clone()),
            kind: Some(n.kind.clone()),
            code: n.code.clone(),
            sort_order: Some(n.sort_order.to_string()),
            status: Some(n.status.clone()),
            parent_id: None,
        }
    }

    fn draft(&self, kinds: &[OrgKind]) -> WebResult<NodeDraft> {
        let codes: Vec<String> = kinds.iter().map(|k| k.code.clone()).collect();
        let mut fe = touyan_domain::FieldErrors::new();
        let sort = fe.check(
            "sort_order",
            opt_id("sort_order", &self.sort_order)
                .map_err(|_| touyan_domain::DomainError::field("sort_order", "err.number_invalid")),
        );
        let d = fe.check(
            "name",
            NodeDraft::parse(
                self.name.as_deref().unwrap_or(""),
                self.kind.as_deref().unwrap_or(""),
                self.code.as_deref(),
                sort.flatten(),
                &codes,
            ),
        );
        fe.into_result()?;
        Ok(d.expect("validated"))
    }
}

#[derive(Deserialize, Default)]
struct ListQ {
    q: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    ok: Option<String>,
}

struct View {
    node: Option<OrgNode>,
    q: String,
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
    errors: Errors,
    form: &'static str,
    input: NodeForm,
    status: StatusCode,
}

async fn render_view(st: &AppState, me: &Me, v: View) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&v.page, &v.per_page)?;
    let kinds = s.orgs().kinds().await?;
    let (crumbs, children, results, total, export_href) = match (&v.node, v.q.trim().is_empty()) {
        (Some(n), _) => {
            let p = s
                .orgs()
                .list(
                    &OrgFilter {
                        parent: Some(n.id),
                        ..Default::default()
                    },
                    req,
                )
                .await?;
            (
                s.orgs().breadcrumbs(n.id).await?,
                p.items,
                vec![],
                p.total,
                format!("/orgs/export.xlsx?under={}", n.id),
            )
        }
        (None, false) => {
            let p = s
                .orgs()
                .list(
                    &OrgFilter {
                        q: Some(v.q.clone()),
                        ..Default::default()
                    },
                    req,
                )
                .await?;
            (
                vec![],
                vec![],
                p.items,
                p.total,
                format!("/orgs/export.xlsx?q={}", urlencoding::encode(&v.q)),
            )
        }
        (None, true) => (vec![], vec![], vec![], 0, "/orgs/export.xlsx".to_string()),
    };
    let can_write = v
        .node
        .as_ref()
        .is_some_and(|n| me.actor.can(Permission::OrgWrite, &n.tree_path()));
    let can_create_root = me.actor.grants.allows_global(Permission::OrgWrite);
    let params: Vec<(&str, String)> = vec![("q", v.q.clone())];
    let path = match &v.node {
        Some(n) => format!("/orgs/{}", n.id),
        None => "/orgs".to_string(),
    };
    let title = if v.node.is_some() {
        "title.org"
    } else {
        "title.orgs"
    };
    let mut l = Layout::new(&me.ctx, "orgs", title, &path)
        .with_flash(v.flash.as_deref())
        .with_kinds(s)
        .await?;
    if let Some(n) = &v.node {
        l.title = n.name.clone();
    }
    let panels = match &v.node {
        Some(n) => node_panels(crate::areas::AREAS, s, me.ctx.tr(), n.id).await?,
        None => vec![],
    };
    let has_public_page = v
        .node
        .as_ref()
        .is_some_and(|n| n.status == "active" && touyan_storage::org::has_public_page(&n.kind));
    let p = OrgsPage {
        l,
        tree: tree(s, v.node.as_ref()).await?,
        kinds,
        input: v.input,
        current: v.node.as_ref().map(NodeForm::of).unwrap_or_default(),
        node: v.node,
        crumbs,
        children,
        pager: Pager::new(req, total, &params),
        q: v.q,
        results,
        can_write,
        can_create_root,
        errors: v.errors,
        form: v.form,
        export_href,
        has_public_page,
        panels,
    };
    Ok(render(v.status, &p))
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let v = View {
        node: None,
        q: q.q.unwrap_or_default(),
        page: q.page,
        per_page: q.per_page,
        flash: q.ok,
        errors: Errors::default(),
        form: "",
        input: NodeForm::default(),
        status: StatusCode::OK,
    };
    render_view(&st, &me, v).await
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ListQ>,
) -> WebResult<Response> {
    let node = st.store.scoped(&me.actor).orgs().get(id).await?;
    let v = View {
        node: Some(node),
        q: String::new(),
        page: q.page,
        per_page: q.per_page,
        flash: q.ok,
        errors: Errors::default(),
        form: "",
        input: NodeForm::default(),
        status: StatusCode::OK,
    };
    render_view(&st, &me, v).await
}

/// Re-renders the page with a form's errors, or passes a non-form error on.
async fn failed(
    st: &AppState,
    me: &Me,
    node: Option<OrgNode>,
    form: &'static str,
    input: NodeForm,
    e: crate::WebError,
) -> WebResult<Response> {
    let errors = form_failure(e, me.ctx.tr())?;
    let v = View {
        node,
        q: String::new(),
        page: None,
        per_page: None,
        flash: None,
        errors: Errors(errors),
        form,
        input,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    render_view(st, me, v).await
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<NodeForm>,
) -> WebResult<Response> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let node = orgs.get(id).await?;
    let kinds = orgs.kinds().await?;
    let r = async {
        let d = f.draft(&kinds)?;
        let status = f.status.as_deref().map(NodeStatus::parse).transpose()?;
        Ok::<_, crate::WebError>(orgs.update(id, d, status).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/orgs/{id}?ok=ok.saved"))),
        Err(e) => failed(&st, &me, Some(node), "edit", f, e).await,
    }
}

async fn create_child(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<NodeForm>,
) -> WebResult<Response> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let node = orgs.get(id).await?;
    let kinds = orgs.kinds().await?;
    let r =
        async { Ok::<_, crate::WebError>(orgs.create(Some(id), f.draft(&kinds)?).await?) }.await;
    match r {
        Ok(n) => Ok(see_other(&format!("/orgs/{}?ok=ok.created", n.id))),
        Err(e) => failed(&st, &me, Some(node), "child", f, e).await,
    }
}

async fn create_root(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<NodeForm>,
) -> WebResult<Response> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let kinds = orgs.kinds().await?;
    let r = async { Ok::<_, crate::WebError>(orgs.create(None, f.draft(&kinds)?).await?) }.await;
    match r {
        Ok(n) => Ok(see_other(&format!("/orgs/{}?ok=ok.created", n.id))),
        Err(e) => failed(&st, &me, None, "root", f, e).await,
    }
}

async fn move_node(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<NodeForm>,
) -> WebResult<Response> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let node = orgs.get(id).await?;
    let r = async {
        let parent = opt_id("parent_id", &f.parent_id)?;
        Ok::<_, crate::WebError>(orgs.move_to(id, parent).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/orgs/{id}?ok=ok.moved"))),
        Err(e) => failed(&st, &me, Some(node), "move", f, e).await,
    }
}

async fn delete(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    let orgs = st.store.scoped(&me.actor).orgs();
    let node = orgs.get(id).await?;
    match orgs.delete(id).await {
        Ok(()) => Ok(see_other(&match node.parent_id {
            Some(p) if orgs.get(p).await.is_ok() => format!("/orgs/{p}?ok=ok.deleted"),
            _ => "/orgs?ok=ok.deleted".to_string(),
        })),
        Err(e) => {
            failed(
                &st,
                &me,
                Some(node),
                "delete",
                NodeForm::default(),
                e.into(),
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "org/tree_children.html")]
struct TreeChildren {
    l: Layout,
    items: Vec<TreeItem>,
}

/// The children of a node as tree rows (loaded when a branch is opened).
async fn tree_children(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let items = s.orgs().children(id).await?;
    let l = fragment_layout(&me, s).await?;
    Ok(page(&TreeChildren { l, items }))
}

/// The frame of an htmx fragment that names organization kinds.
async fn fragment_layout(me: &Me, s: Scoped<'_>) -> WebResult<Layout> {
    Layout::new(&me.ctx, "orgs", "title.orgs", "")
        .with_kinds(s)
        .await
}

#[derive(Deserialize)]
struct ExportQ {
    under: Option<String>,
    q: Option<String>,
}

async fn export(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<ExportQ>,
) -> WebResult<Response> {
    let f = OrgFilter {
        under: opt_id("under", &q.under)?,
        q: q.q,
        ..Default::default()
    };
    crate::org::api::export_orgs(&st, &me, &f).await
}
