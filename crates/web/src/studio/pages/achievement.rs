//! Studio achievement pages: the achievements tab of a studio's page (the list with evidence,
//! adding with contributors and files, editing, deleting), the list across the caller's scope
//! with counts by kind and year, and the spreadsheet import.

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::import_answer::{CellError, Imported};
use crate::pages::{
    form_errors, form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me,
    Pager,
};
use crate::pages::{label_opts, Opt};
use crate::studio::achievement_io;
use crate::studio::pages::studio::StudioHead;
use crate::upload_guard::IMPORT_LIMIT;
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::paging::PageRequest;
use touyan_domain::studio::achievement::{AchievementInput, Kind, LEVELS, SUGGESTED_RANKS};
use touyan_domain::FieldErrors;
use touyan_storage::kit::files::Upload;
use touyan_storage::kit::today;
use touyan_storage::studio::achievement::{AchievementCounts, AchievementFilter, AchievementView};
use touyan_storage::studio::StudioFilter;
use touyan_storage::StorageError;

pub fn routes() -> crate::routes::Routes {
    let upload = || DefaultBodyLimit::max(IMPORT_LIMIT);
    crate::routes::Routes::new()
        .route(
            "/studios/{id}/achievements",
            get(tab).post(create).layer(upload()),
        )
        .route(
            "/studios/{id}/achievements/{aid}",
            get(edit_form).post(update).layer(upload()),
        )
        .route("/studios/{id}/achievements/{aid}/delete", post(delete))
        .route(
            "/studios/{id}/achievements/{aid}/evidence/{fid}/delete",
            post(delete_evidence),
        )
        .route("/achievements", get(index))
        .route(
            "/achievements/import",
            get(import_page).post(import_upload).layer(upload()),
        )
        .route("/achievements/import/report/{token}", get(import_report))
}

/// A page frame whose flash may be one of this module's `ach.ok.*` notices.
fn layout(me: &Me, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, "studios", title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("ach.ok.") || k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Labels the templates show for codes.
trait Labels {
    fn tr(&self) -> Tr;
    fn kind_label(&self, code: &str) -> &'static str {
        self.tr().t(&format!("ach.kind.{code}"))
    }
    fn level_label(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.tr().t(&format!("ach.level.{c}")),
            None => "",
        }
    }
}

// ---------------------------------------------------------------------------------------
// The add and edit forms, as submitted (multipart: they carry files).

#[derive(Default, Clone)]
struct AForm {
    fields: HashMap<String, String>,
    /// People picked among the studio's members.
    picked: Vec<String>,
    evidence: Vec<Upload>,
}

const TEXT_FIELDS: [&str; 12] = [
    "kind",
    "title",
    "application_no",
    "grant_no",
    "registration_no",
    "level",
    "rank",
    "achieved_on",
    "note",
    "shared",
    "public",
    "contributor_ids",
];

impl AForm {
    fn val(&self, k: &str) -> String {
        self.fields.get(k).cloned().unwrap_or_default()
    }

    fn on(&self, k: &str) -> bool {
        self.fields.get(k).is_some_and(|v| v == "1")
    }

    fn picked(&self, person: &str) -> bool {
        self.picked.iter().any(|p| p == person)
    }

    /// An empty add form: public by default, dated today.
    fn fresh() -> AForm {
        let mut f = AForm::default();
        f.fields.insert("public".into(), "1".into());
        f.fields.insert("achieved_on".into(), today().to_string());
        f
    }

    /// The record in the edit form; contributors, in their order, as numbers.
    fn of(v: &AchievementView) -> AForm {
        let o = |x: &Option<String>| x.clone().unwrap_or_default();
        let flag = |b: bool| if b { "1" } else { "" }.to_string();
        let ids: Vec<String> = v
            .contributors
            .iter()
            .map(|c| c.person_id.to_string())
            .collect();
        let fields = [
            ("kind", v.kind.clone()),
            ("title", v.title.clone()),
            ("application_no", o(&v.application_no)),
            ("grant_no", o(&v.grant_no)),
            ("registration_no", o(&v.registration_no)),
            ("level", o(&v.level)),
            ("rank", o(&v.rank)),
            ("achieved_on", v.achieved_on.to_string()),
            ("note", o(&v.note)),
            ("shared", flag(v.shared)),
            ("public", flag(v.public)),
            ("contributor_ids", ids.join(", ")),
        ];
        AForm {
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            ..Default::default()
        }
    }

    fn input(&self) -> AchievementInput {
        AchievementInput {
            kind: self.val("kind"),
            title: self.val("title"),
            application_no: self.val("application_no"),
            grant_no: self.val("grant_no"),
            registration_no: self.val("registration_no"),
            level: self.val("level"),
            rank: self.val("rank"),
            achieved_on: self.val("achieved_on"),
            note: self.val("note"),
            shared: self.on("shared"),
            public: self.on("public"),
        }
    }

    /// The people typed (numbers separated by commas or spaces) then picked, each once.
    fn people(&self, fe: &mut FieldErrors) -> Vec<i64> {
        let mut out: Vec<i64> = vec![];
        let typed = self.val("contributor_ids");
        let tokens = typed
            .split([',', '，', '、', ' ', ';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .chain(self.picked.iter().map(String::as_str));
        for t in tokens {
            match t.parse::<i64>() {
                Ok(n) if !out.contains(&n) => out.push(n),
                Ok(_) => {}
                Err(_) => fe.add("contributors", "err.number_invalid"),
            }
        }
        out
    }
}

/// Reads a page's multipart form: text fields, the `contributors` picked (repeated), the
/// `evidence` files (empty file inputs skipped) and an import's `file`.
async fn read_form(mut m: Multipart) -> WebResult<AForm> {
    let mut f = AForm::default();
    let broken = |_| WebError::BadRequest("err.body_too_large");
    while let Some(field) = m.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "evidence" | "file" => {
                let file_name = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(broken)?;
                if !(file_name.is_empty() && bytes.is_empty()) {
                    f.evidence.push(Upload {
                        file_name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            "contributors" => {
                let v = crate::input_guard::multipart_text(field, broken).await?;
                if !v.trim().is_empty() {
                    f.picked.push(v.trim().to_string());
                }
            }
            n if TEXT_FIELDS.contains(&n) => {
                let v = crate::input_guard::multipart_text(field, broken).await?;
                f.fields.insert(name, v);
            }
            _ => {}
        }
    }
    Ok(f)
}

/// Checks the form and answers the achievement and its contributors, or every field error.
fn checked(f: &AForm) -> WebResult<(touyan_domain::studio::achievement::Achievement, Vec<i64>)> {
    let mut fe = FieldErrors::new();
    let people = f.people(&mut fe);
    let a = fe.check("kind", f.input().parse(today()));
    fe.into_result()?;
    Ok((a.expect("checked"), people))
}

// ---------------------------------------------------------------------------------------
// A studio's achievements tab.

#[derive(Template)]
#[template(path = "studio/achievement_tab.html")]
struct TabPage {
    l: Layout,
    head: StudioHead,
    items: Vec<AchievementView>,
    pager: Pager,
    /// The tab's own address, for the pager.
    base: String,
    counts: AchievementCounts,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    ranks: Vec<&'static str>,
    members: Vec<Opt>,
    errors: Errors,
    /// Which form failed: `add` or `list`.
    form: &'static str,
    f: AForm,
}

impl Labels for TabPage {
    fn tr(&self) -> Tr {
        self.l.tr
    }
}

impl TabPage {
    fn kind_count(&self, code: &str) -> u64 {
        self.counts.by_kind.get(code).copied().unwrap_or(0)
    }
}

struct TabView {
    flash: Option<String>,
    errors: Errors,
    form: &'static str,
    f: AForm,
    page: PageRequest,
    status: StatusCode,
}

impl TabView {
    fn ok(flash: Option<String>, page: PageRequest) -> TabView {
        TabView {
            flash,
            errors: Errors::default(),
            form: "",
            f: AForm::fresh(),
            page,
            status: StatusCode::OK,
        }
    }

    fn failed(form: &'static str, f: AForm, errors: Errors) -> TabView {
        TabView {
            flash: None,
            errors,
            form,
            f,
            page: PageRequest::default(),
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Current members of the studio, for the contributors' select.
async fn member_opts(st: &AppState, me: &Me, id: i64) -> WebResult<Vec<Opt>> {
    let today = today();
    Ok(st
        .store
        .scoped(&me.actor)
        .studios()
        .members(id)
        .await?
        .into_iter()
        .filter(|m| m.left_on.is_none_or(|d| d > today))
        .map(|m| Opt {
            code: m.person_id.to_string(),
            label: m.person_name,
        })
        .collect())
}

async fn render_tab(st: &AppState, me: &Me, id: i64, v: TabView) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "achievements").await?;
    let repo = s.studio_achievements();
    let f = AchievementFilter {
        studio: Some(id),
        ..Default::default()
    };
    let p = repo.list(&f, v.page).await?;
    let counts = repo.counts(None, Some(id)).await?;
    let mut l = layout(
        me,
        "ach.title.studio",
        &format!("/studios/{id}/achievements"),
        v.flash.as_deref(),
    );
    l.title = format!("{} · {}", head.name, tr.t("ach.title.studio"));
    let page = TabPage {
        l,
        members: if head.open {
            member_opts(st, me, id).await?
        } else {
            vec![]
        },
        head,
        pager: Pager::new(v.page, p.total, &[]),
        base: format!("/studios/{id}/achievements"),
        items: p.items,
        counts,
        kinds: label_opts(tr, "ach.kind", &Kind::codes()),
        levels: label_opts(tr, "ach.level", &LEVELS),
        ranks: SUGGESTED_RANKS.to_vec(),
        errors: v.errors,
        form: v.form,
        f: v.f,
    };
    Ok(render(v.status, &page))
}

#[derive(Deserialize, Default)]
struct TabQ {
    page: Option<String>,
    ok: Option<String>,
}

async fn tab(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<TabQ>,
) -> WebResult<Response> {
    let req = parse_page(&q.page)?;
    render_tab(&st, &me, id, TabView::ok(q.ok, req)).await
}

async fn create(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    m: Multipart,
) -> WebResult<Response> {
    let f = read_form(m).await?;
    let r = async {
        let (a, people) = checked(&f)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_achievements()
                .create(id, a, people, f.evidence.clone())
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/achievements?ok=ach.ok.created"
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let mut f = f;
            f.evidence.clear();
            render_tab(&st, &me, id, TabView::failed("add", f, Errors(errors))).await
        }
    }
}

async fn delete(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .delete(id, aid)
        .await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/achievements?ok=ach.ok.deleted"
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            render_tab(
                &st,
                &me,
                id,
                TabView::failed("list", AForm::fresh(), Errors(errors)),
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------
// Editing one achievement.

#[derive(Template)]
#[template(path = "studio/achievement_edit.html")]
struct EditPage {
    l: Layout,
    head: StudioHead,
    a: AchievementView,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    ranks: Vec<&'static str>,
    members: Vec<Opt>,
    errors: Errors,
    f: AForm,
}

impl Labels for EditPage {
    fn tr(&self) -> Tr {
        self.l.tr
    }
}

async fn render_edit(
    st: &AppState,
    me: &Me,
    id: i64,
    aid: i64,
    f: Option<AForm>,
    errors: Errors,
    flash: Option<&str>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "achievements").await?;
    let a = s.studio_achievements().get(id, aid).await?;
    let status = if errors.0.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut l = layout(
        me,
        "ach.title.edit",
        &format!("/studios/{id}/achievements/{aid}"),
        flash,
    );
    l.title = format!("{} · {}", a.title, tr.t("ach.title.edit"));
    let page = EditPage {
        l,
        members: if head.open {
            member_opts(st, me, id).await?
        } else {
            vec![]
        },
        head,
        f: f.unwrap_or_else(|| AForm::of(&a)),
        a,
        kinds: label_opts(tr, "ach.kind", &Kind::codes()),
        levels: label_opts(tr, "ach.level", &LEVELS),
        ranks: SUGGESTED_RANKS.to_vec(),
        errors,
    };
    Ok(render(status, &page))
}

async fn edit_form(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
    Query(q): Query<TabQ>,
) -> WebResult<Response> {
    render_edit(&st, &me, id, aid, None, Errors::default(), q.ok.as_deref()).await
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid)): Path<(i64, i64)>,
    m: Multipart,
) -> WebResult<Response> {
    let f = read_form(m).await?;
    let r = async {
        let (a, people) = checked(&f)?;
        Ok::<_, WebError>(
            st.store
                .scoped(&me.actor)
                .studio_achievements()
                .update(id, aid, a, Some(people), f.evidence.clone())
                .await?,
        )
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!(
            "/studios/{id}/achievements?ok=ach.ok.saved"
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let mut f = f;
            f.evidence.clear();
            render_edit(&st, &me, id, aid, Some(f), Errors(errors), None).await
        }
    }
}

async fn delete_evidence(
    State(st): State<AppState>,
    me: Me,
    Path((id, aid, fid)): Path<(i64, i64, i64)>,
) -> WebResult<Response> {
    let r = st
        .store
        .scoped(&me.actor)
        .studio_achievements()
        .remove_evidence(id, aid, fid)
        .await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/studios/{id}/achievements/{aid}?ok=ach.ok.file_deleted"
        ))),
        Err(e) => {
            let errors = form_failure(e.into(), me.ctx.tr())?;
            render_edit(&st, &me, id, aid, None, Errors(errors), None).await
        }
    }
}

// ---------------------------------------------------------------------------------------
// Across the caller's scope.

#[derive(Deserialize, Default)]
struct IndexQ {
    under: Option<String>,
    kind: Option<String>,
    year: Option<String>,
    studio: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// A count that links to the list narrowed by it.
struct CountLink {
    label: String,
    n: u64,
    href: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "studio/achievements.html")]
struct IndexPage {
    l: Layout,
    items: Vec<AchievementView>,
    pager: Pager,
    total: u64,
    by_kind: Vec<CountLink>,
    by_year: Vec<CountLink>,
    by_studio: Vec<CountLink>,
    kinds: Vec<Opt>,
    studios: Vec<Opt>,
    under: String,
    kind: String,
    year: String,
    studio: String,
    q: String,
    export_href: String,
    can_import: bool,
}

impl Labels for IndexPage {
    fn tr(&self) -> Tr {
        self.l.tr
    }
}

/// Studios offered in the list's studio filter.
const STUDIO_CHOICES: u64 = 1000;

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<IndexQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    if me.actor.grants.scopes(Permission::StudioRead).is_empty() {
        return Err(StorageError::NotFound.into());
    }
    let req = parse_page(&q.page)?;
    let year = opt_id("year", &q.year)?
        .map(|y| i32::try_from(y).map_err(|_| StorageError::field("year", "err.year_range")))
        .transpose()?;
    let f = AchievementFilter {
        under: opt_id("under", &q.under)?,
        studio: opt_id("studio", &q.studio)?,
        kind: blank(&q.kind),
        year,
        q: blank(&q.q),
        person: None,
    };
    let repo = s.studio_achievements();
    let p = repo.list(&f, req).await?;
    let counts = repo.counts(f.under, f.studio).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("studio", text(&q.studio)),
        ("kind", text(&q.kind)),
        ("year", text(&q.year)),
        ("q", text(&q.q)),
    ];
    let pager = Pager::new(req, p.total, &params);
    // A count links to the list with the other filters kept and its own one set.
    let link = |key: &str, value: String| {
        let mut qs = String::new();
        for (k, v) in &params {
            let v = if *k == key { &value } else { v };
            if !v.is_empty() {
                qs.push_str(&format!("{k}={}&", urlencoding::encode(v)));
            }
        }
        format!("/achievements?{}", qs.trim_end_matches('&'))
    };
    let by_kind = Kind::codes()
        .into_iter()
        .filter_map(|c| {
            counts.by_kind.get(c).map(|n| CountLink {
                label: tr.t(&format!("ach.kind.{c}")).to_string(),
                n: *n,
                href: link("kind", c.to_string()),
                selected: params[2].1 == c,
            })
        })
        .collect();
    let by_year = counts
        .by_year
        .iter()
        .rev()
        .map(|(y, n)| CountLink {
            label: y.to_string(),
            n: *n,
            href: link("year", y.to_string()),
            selected: params[3].1 == y.to_string(),
        })
        .collect();
    let by_studio = counts
        .by_studio
        .iter()
        .take(20)
        .map(|c| CountLink {
            label: c.studio_name.clone(),
            n: c.achievements,
            href: link("studio", c.studio_id.to_string()),
            selected: params[1].1 == c.studio_id.to_string(),
        })
        .collect();
    let studios = s
        .studios()
        .all(&StudioFilter::default(), STUDIO_CHOICES)
        .await?
        .into_iter()
        .map(|v| Opt {
            code: v.id.to_string(),
            label: v.name,
        })
        .collect();
    let export_href = match pager.base.trim_end_matches('&') {
        "" => "/api/v1/achievements/export.xlsx".to_string(),
        qs => format!("/api/v1/achievements/export.xlsx?{qs}"),
    };
    Ok(page(&IndexPage {
        l: layout(&me, "ach.title.list", "/achievements", None),
        total: counts.total,
        items: p.items,
        pager,
        by_kind,
        by_year,
        by_studio,
        kinds: label_opts(tr, "ach.kind", &Kind::codes()),
        studios,
        under: params[0].1.clone(),
        studio: params[1].1.clone(),
        kind: params[2].1.clone(),
        year: params[3].1.clone(),
        q: params[4].1.clone(),
        export_href,
        can_import: !me.actor.grants.scopes(Permission::StudioWrite).is_empty(),
    }))
}

// ---------------------------------------------------------------------------------------
// The import.

/// What one upload came to.
struct ImportRes {
    done: Option<String>,
    error: String,
    cells: Vec<CellError>,
    report: String,
}

#[derive(Template)]
#[template(path = "studio/achievement_import.html")]
struct ImportPage {
    l: Layout,
    can_upload: bool,
    res: Option<ImportRes>,
}

#[derive(Template)]
#[template(path = "studio/achievement_result.html")]
struct ImportFragment {
    l: Layout,
    res: ImportRes,
}

async fn import_page(me: Me) -> WebResult<Response> {
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
async fn import_upload(
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

async fn import_report(
    State(st): State<AppState>,
    me: Me,
    Path(token): Path<String>,
) -> WebResult<Response> {
    crate::import_answer::report(&st.store.scoped(&me.actor), &token).await
}
