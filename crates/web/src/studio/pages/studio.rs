//! Studio pages: the list, each studio's page with a tab per mechanism, "my studio",
//! alliances, file downloads, and the public showcase at `/s/{slug}`.

use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::i18n::{Lang, Tr};
use crate::pages::{
    form_failure, opt_id, page, parse_page, render, see_other, Errors, Layout, Me, Pager,
};
use crate::pages::{label_opts, Opt};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use serde::Deserialize;
use std::collections::HashMap;
use touyan_domain::access::Permission;
use touyan_domain::studio::{
    next_states, MoveInput, State as StudioState, StudioInput, LEVELS, MEMBER_ROLES,
};
use touyan_storage::kit::today;
use touyan_storage::people::PersonFilter;
use touyan_storage::studio::{
    AllianceMemberView, AllianceView, FileView, MemberView, MoveView, PublicStudio, SharedItem,
    StudioCounts, StudioFilter, StudioNew, StudioView,
};
use touyan_storage::{Scoped, StorageError};

pub fn routes() -> crate::routes::Routes {
    let upload = DefaultBodyLimit::max(crate::upload_guard::UPLOAD_LIMIT);
    crate::routes::Routes::new()
        .route("/studios", get(index).post(create))
        .route("/studios/new", get(new_form))
        .route("/studios/files/{fid}", get(download))
        .route("/studios/{id}", get(show).post(update))
        .route("/studios/{id}/move", post(transition))
        .route("/studios/{id}/delete", post(delete))
        .route("/studios/{id}/members", post(add_member))
        .route("/studios/{id}/members/{mid}/leave", post(member_leaves))
        .route("/studios/{id}/members/{mid}/remove", post(remove_member))
        .route("/studios/{id}/photos", post(upload_photo).layer(upload))
        .route("/studios/{id}/photos/{fid}/cover", post(set_cover))
        .route("/studios/{id}/files/{fid}/delete", post(delete_file))
        .route("/my-studio", get(mine))
        .route("/alliances", get(alliances).post(create_alliance))
        .route("/alliances/{id}", get(alliance))
        .route("/alliances/{id}/join", post(join_alliance))
        .route("/alliances/{id}/leave/{sid}", post(leave_alliance))
        .route("/s/{slug}", get(public_page))
        .route("/s/{slug}/photo", get(public_photo))
}

// ---------------------------------------------------------------------------------------
// The head every tab of a studio's page shares.

/// One tab of a studio's page.
pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub active: bool,
}

/// The tabs of a studio's page, in the order of the seven mechanisms [000]: code, path under
/// `/studios/{id}`, label key.
const TABS: [(&str, &str, &str); 8] = [
    ("overview", "", "studio.tab.overview"),
    ("training", "/training", "studio.tab.training"),
    ("mentorships", "/mentorships", "studio.tab.mentorships"),
    ("questions", "/questions", "studio.tab.questions"),
    ("projects", "/projects", "studio.tab.projects"),
    ("achievements", "/achievements", "studio.tab.achievements"),
    ("evaluations", "/evaluations", "studio.tab.evaluations"),
    ("support", "/support", "studio.tab.support"),
];

/// What every tab of a studio's page shows above its own content (`studio_head.html`).
pub struct StudioHead {
    pub id: i64,
    pub name: String,
    pub state: String,
    pub state_label: &'static str,
    pub kind_label: String,
    pub level_label: &'static str,
    pub demonstration: bool,
    pub demonstration_label: &'static str,
    pub leader_label: &'static str,
    pub leader_name: Option<String>,
    pub node_name: String,
    pub list_label: &'static str,
    pub closed_label: &'static str,
    pub tabs: Vec<Tab>,
    /// The caller may change the studio's records (`studio.write`).
    pub can_write: bool,
    /// The studio takes new records (not delisted) and the caller may write: show add forms.
    pub open: bool,
    /// The caller makes lifecycle decisions and records evaluations (`studio.manage`).
    pub can_manage: bool,
    pub studio: StudioView,
}

/// A studio kind's name in the page's language.
pub(crate) async fn kind_label(s: Scoped<'_>, tr: Tr, code: &str) -> WebResult<String> {
    Ok(crate::studio::io::kind_names(s, tr)
        .await?
        .remove(code)
        .unwrap_or_else(|| code.to_string()))
}

impl StudioHead {
    /// The studio `id` as the caller sees it (404 outside its scope), with `tab` active.
    pub async fn load(s: Scoped<'_>, tr: Tr, id: i64, tab: &str) -> WebResult<StudioHead> {
        let repo = s.studios();
        let (v, rights) = repo.get_with_rights(id).await?;
        let tabs = TABS
            .iter()
            .map(|(code, path, key)| Tab {
                href: format!("/studios/{id}{path}"),
                label: tr.t(key),
                active: *code == tab,
            })
            .collect();
        Ok(StudioHead {
            id,
            name: v.name.clone(),
            state: v.state.clone(),
            state_label: tr.t(&format!("studio.state.{}", v.state)),
            kind_label: kind_label(s, tr, &v.kind).await?,
            level_label: tr.t(&format!("studio.level.{}", v.level)),
            demonstration: v.demonstration,
            demonstration_label: tr.t("studio.demonstration"),
            leader_label: tr.t("studio.leader"),
            leader_name: v.leader_name.clone(),
            node_name: v.node_name.clone(),
            list_label: tr.t("studio.title.list"),
            closed_label: tr.t("studio.closed"),
            tabs,
            can_write: rights.write,
            open: rights.open,
            can_manage: rights.manage,
            studio: v,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Shared bits.

async fn kind_opts(s: Scoped<'_>, tr: Tr) -> WebResult<Vec<Opt>> {
    Ok(s.dict()
        .entries("studio_kind")
        .await?
        .into_iter()
        .map(|e| Opt {
            label: if tr.lang == Lang::En {
                e.name_en
            } else {
                e.name
            },
            code: e.code,
        })
        .collect())
}

fn layout(me: &Me, section: &str, title_key: &str, path: &str, flash: Option<&str>) -> Layout {
    let mut l = Layout::new(&me.ctx, section, title_key, path);
    l.flash = flash
        .filter(|k| k.starts_with("ok."))
        .map(|k| l.tr.t(k).to_string());
    l
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// Every field any studio form sends, as typed.
#[derive(Deserialize, Default, Clone)]
struct SForm {
    name: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    demonstration: Option<String>,
    node_id: Option<String>,
    leader_id: Option<String>,
    field: Option<String>,
    plaque_on: Option<String>,
    description: Option<String>,
    slug: Option<String>,
    public: Option<String>,
    // Lifecycle move.
    to: Option<String>,
    on: Option<String>,
    reason: Option<String>,
    document_no: Option<String>,
    evaluation_id: Option<String>,
    // Member.
    person_id: Option<String>,
    role: Option<String>,
    joined_on: Option<String>,
    left_on: Option<String>,
    // Alliance.
    studio_id: Option<String>,
}

impl SForm {
    fn val(&self, field: &str) -> String {
        let v = match field {
            "name" => &self.name,
            "kind" => &self.kind,
            "level" => &self.level,
            "node_id" => &self.node_id,
            "leader_id" => &self.leader_id,
            "field" => &self.field,
            "plaque_on" => &self.plaque_on,
            "description" => &self.description,
            "slug" => &self.slug,
            "to" => &self.to,
            "on" => &self.on,
            "reason" => &self.reason,
            "document_no" => &self.document_no,
            "evaluation_id" => &self.evaluation_id,
            "person_id" => &self.person_id,
            "role" => &self.role,
            "joined_on" => &self.joined_on,
            "left_on" => &self.left_on,
            "studio_id" => &self.studio_id,
            _ => &None,
        };
        text(v)
    }

    fn checked(&self, field: &str) -> bool {
        let v = match field {
            "demonstration" => &self.demonstration,
            "public" => &self.public,
            _ => &None,
        };
        v.as_deref().is_some_and(|x| !x.is_empty() && x != "0")
    }

    fn of(v: &StudioView) -> SForm {
        SForm {
            name: Some(v.name.clone()),
            kind: Some(v.kind.clone()),
            level: Some(v.level.clone()),
            demonstration: v.demonstration.then(|| "1".into()),
            node_id: Some(v.node_id.to_string()),
            leader_id: v.leader_id.map(|l| l.to_string()),
            field: v.field.clone(),
            plaque_on: v.plaque_on.map(|d| d.to_string()),
            description: v.description.clone(),
            slug: v.slug.clone(),
            public: v.public.then(|| "1".into()),
            ..Default::default()
        }
    }

    fn input(&self) -> StudioInput {
        StudioInput {
            name: self.val("name"),
            kind: self.val("kind"),
            level: self.val("level"),
            demonstration: self.checked("demonstration"),
            field: self.val("field"),
            plaque_on: self.val("plaque_on"),
            description: self.val("description"),
            slug: self.val("slug"),
            public: self.checked("public"),
        }
    }

    /// The registry, host node and leader, checked.
    async fn studio_new(&self, s: Scoped<'_>) -> WebResult<StudioNew> {
        let node = opt_id("node_id", &self.node_id);
        let leader = opt_id("leader_id", &self.leader_id);
        let studio = s.studios().parse(&self.input()).await;
        // Report every field at once.
        let mut fe = touyan_domain::FieldErrors::new();
        let mut take = |e: WebError| -> WebResult<()> {
            match e {
                WebError::Storage(StorageError::Invalid(f)) => {
                    fe.0.extend(f.0);
                    Ok(())
                }
                e => Err(e),
            }
        };
        let node = match node {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                take(StorageError::field("node_id", "err.required").into())?;
                None
            }
            Err(e) => {
                take(e)?;
                None
            }
        };
        let leader = match leader {
            Ok(l) => l,
            Err(e) => {
                take(e)?;
                None
            }
        };
        let studio = match studio {
            Ok(st) => Some(st),
            Err(e) => {
                take(e.into())?;
                None
            }
        };
        fe.into_result().map_err(StorageError::from)?;
        Ok(StudioNew {
            studio: studio.expect("checked"),
            node_id: node.expect("checked"),
            leader_id: leader,
            applied_on: None,
        })
    }
}

/// People a studio form can pick from: those under `node` the caller reads (first 200).
async fn people_opts(s: Scoped<'_>, node: i64) -> WebResult<Vec<Opt>> {
    let f = PersonFilter {
        under: Some(node),
        ..Default::default()
    };
    let req = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: 200,
    };
    match s.people().list(&f, req, false).await {
        Ok(p) => Ok(p
            .items
            .into_iter()
            .map(|p| Opt {
                code: p.id.to_string(),
                label: format!("{} · {}", p.name, p.node_name),
            })
            .collect()),
        // A caller who reads no people picks by number.
        Err(StorageError::NotFound) => Ok(vec![]),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// The list.

#[derive(Deserialize, Default)]
struct ListQ {
    under: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    state: Option<String>,
    leader: Option<String>,
    q: Option<String>,
    page: Option<String>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "studio/studios.html")]
struct StudiosPage {
    l: Layout,
    items: Vec<StudioView>,
    pager: Pager,
    q: ListQ,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    states: Vec<Opt>,
    counts: StudioCounts,
    kind_names: HashMap<String, String>,
    can_create: bool,
    export_href: String,
    members_href: String,
}

impl StudiosPage {
    fn kind_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.kind_names
            .get(code)
            .map(String::as_str)
            .unwrap_or(code)
    }
    fn v(&self, o: &Option<String>) -> String {
        text(o)
    }
    fn state_count(&self, code: &str) -> u64 {
        self.counts.by_state.get(code).copied().unwrap_or(0)
    }
}

async fn index(State(st): State<AppState>, me: Me, Query(q): Query<ListQ>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let req = parse_page(&q.page)?;
    let filter = StudioFilter {
        under: opt_id("under", &q.under)?,
        kind: blank(&q.kind),
        level: blank(&q.level),
        state: blank(&q.state),
        leader: opt_id("leader", &q.leader)?,
        q: blank(&q.q),
    };
    let p = s.studios().list(&filter, req).await?;
    let counts = s.studios().counts(filter.under).await?;
    let params = vec![
        ("under", text(&q.under)),
        ("kind", text(&q.kind)),
        ("level", text(&q.level)),
        ("state", text(&q.state)),
        ("leader", text(&q.leader)),
        ("q", text(&q.q)),
    ];
    let pager = Pager::new(req, p.total, &params);
    let query = pager.base.trim_end_matches('&').to_string();
    let states: Vec<&str> = StudioState::ALL.iter().map(|s| s.code()).collect();
    Ok(page(&StudiosPage {
        l: layout(
            &me,
            "studios",
            "studio.title.list",
            "/studios",
            q.ok.as_deref(),
        ),
        items: p.items,
        export_href: format!("/api/v1/studios/export.xlsx?{query}"),
        members_href: format!("/api/v1/studios/members/export.xlsx?{query}"),
        pager,
        kinds: kind_opts(s, tr).await?,
        levels: label_opts(tr, "studio.level", &LEVELS),
        states: label_opts(tr, "studio.state", &states),
        counts,
        kind_names: crate::studio::io::kind_names(s, tr).await?,
        can_create: !me.actor.grants.scopes(Permission::StudioWrite).is_empty(),
        q,
    }))
}

// ---------------------------------------------------------------------------------------
// A new studio.

#[derive(Template)]
#[template(path = "studio/studio_new.html")]
struct NewPage {
    l: Layout,
    f: SForm,
    errors: Errors,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
}

async fn new_page(me: &Me, s: Scoped<'_>, f: SForm, errors: Errors) -> WebResult<NewPage> {
    let tr = me.ctx.tr();
    Ok(NewPage {
        l: layout(me, "studios", "studio.title.new", "/studios/new", None),
        f,
        errors,
        kinds: kind_opts(s, tr).await?,
        levels: label_opts(tr, "studio.level", &LEVELS),
    })
}

async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    Ok(page(
        &new_page(&me, s, SForm::default(), Errors::default()).await?,
    ))
}

async fn create(State(st): State<AppState>, me: Me, Form(f): Form<SForm>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async { Ok::<_, WebError>(s.studios().create(f.studio_new(s).await?).await?) }.await;
    match r {
        Ok(v) => Ok(see_other(&format!(
            "/studios/{}?ok=ok.studio_created",
            v.id
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_page(&me, s, f, errors).await?,
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------
// A studio's overview: registry, members, photos, lifecycle, alliances.

#[derive(Template)]
#[template(path = "studio/studio.html")]
struct StudioPage {
    l: Layout,
    head: StudioHead,
    members: Vec<MemberView>,
    moves: Vec<MoveView>,
    photos: Vec<FileView>,
    alliances: Vec<AllianceView>,
    /// The seven mechanisms at a glance: label, link, figures.
    summary: Vec<(&'static str, String, String)>,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    roles: Vec<Opt>,
    next: Vec<Opt>,
    people: Vec<Opt>,
    /// Which form the errors belong to: `edit`, `move`, `member`, `photo`.
    form: &'static str,
    f: SForm,
    errors: Errors,
    today: String,
}

impl StudioPage {
    fn role_label(&self, code: &str) -> &'static str {
        self.l.t(&format!("studio.role.{code}"))
    }
    fn state_label(&self, code: &Option<String>) -> &'static str {
        match code {
            Some(c) => self.l.t(&format!("studio.state.{c}")),
            None => "",
        }
    }
    fn is_cover(&self, id: &i64) -> bool {
        self.head.studio.photo_id == Some(*id)
    }
}

struct Failed {
    form: &'static str,
    f: SForm,
    errors: Errors,
}

async fn render_studio(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<Failed>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let head = StudioHead::load(s, tr, id, "overview").await?;
    let repo = s.studios();
    let state = StudioState::from_code(&head.state).unwrap_or(StudioState::Delisted);
    let next: Vec<&str> = next_states(state).iter().map(|s| s.code()).collect();
    let people = if head.open {
        people_opts(s, head.studio.node_id).await?
    } else {
        vec![]
    };
    let (status, form, f, errors) = match failed {
        Some(x) => (StatusCode::UNPROCESSABLE_ENTITY, x.form, x.f, x.errors),
        None => (
            StatusCode::OK,
            "",
            SForm::of(&head.studio),
            Errors::default(),
        ),
    };
    let summary = mechanisms(s, tr, id).await?;
    let p = StudioPage {
        summary,
        l: layout(
            me,
            "studios",
            "studio.title.list",
            &format!("/studios/{id}"),
            flash,
        ),
        members: repo.members(id).await?,
        moves: repo.moves(id).await?,
        photos: repo.photos(id).await?,
        alliances: s.alliances().of_studio(id).await?,
        kinds: kind_opts(s, tr).await?,
        levels: label_opts(tr, "studio.level", &LEVELS),
        roles: label_opts(tr, "studio.role", &MEMBER_ROLES),
        next: label_opts(tr, "studio.state", &next),
        people,
        form,
        f,
        errors,
        today: today().to_string(),
        head,
    };
    Ok(render(status, &p))
}

/// One line per mechanism: its tab's label, its path and what it holds.
async fn mechanisms(
    s: Scoped<'_>,
    tr: Tr,
    id: i64,
) -> WebResult<Vec<(&'static str, String, String)>> {
    use touyan_domain::studio::activity::Fen;
    let m = s.studio_mentorships().counts(id).await?;
    let a = s.studio_achievements().counts(None, Some(id)).await?;
    let t = touyan_storage::studio::activity::studio_totals(s, id).await?;
    let fill = |key: &str, args: Vec<(&str, String)>| {
        let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tr.tf(key, &refs)
    };
    let path = |p: &str| format!("/studios/{id}{p}");
    let evaluation = match &t.latest_evaluation {
        Some(e) => fill(
            "studio.sum.evaluation",
            vec![("period", e.period.clone()), ("score", e.score.clone())],
        ),
        None => tr.t("studio.none").to_string(),
    };
    Ok(vec![
        (
            tr.t("studio.tab.training"),
            path("/training"),
            fill(
                "studio.sum.training",
                vec![
                    ("n", m.training_sessions.to_string()),
                    ("rate", format!("{:.1}", m.average_attendance)),
                ],
            ),
        ),
        (
            tr.t("studio.tab.mentorships"),
            path("/mentorships"),
            fill(
                "studio.sum.mentorships",
                vec![
                    ("open", m.mentorships_open.to_string()),
                    ("closed", m.mentorships_closed.to_string()),
                    ("apprentices", m.apprentices.to_string()),
                    ("outcomes", m.outcomes.values().sum::<u64>().to_string()),
                ],
            ),
        ),
        (
            tr.t("studio.tab.questions"),
            path("/questions"),
            fill(
                "studio.sum.questions",
                vec![
                    ("n", t.questions.to_string()),
                    ("open", t.unanswered.to_string()),
                ],
            ),
        ),
        (
            tr.t("studio.tab.projects"),
            path("/projects"),
            fill(
                "studio.sum.projects",
                vec![
                    ("n", t.projects.to_string()),
                    ("benefit", Fen(t.total_benefit_fen).wan()),
                ],
            ),
        ),
        (
            tr.t("studio.tab.achievements"),
            path("/achievements"),
            fill("studio.sum.achievements", vec![("n", a.total.to_string())]),
        ),
        (
            tr.t("studio.tab.evaluations"),
            path("/evaluations"),
            evaluation,
        ),
        (
            tr.t("studio.tab.support"),
            path("/support"),
            fill(
                "studio.sum.support",
                vec![
                    ("funding", Fen(t.funding_fen).wan()),
                    ("rewards", Fen(t.rewards_fen).wan()),
                ],
            ),
        ),
    ])
}

#[derive(Deserialize, Default)]
struct OkQ {
    ok: Option<String>,
}

async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_studio(&st, &me, id, q.ok.as_deref(), None).await
}

/// Redirects back to the studio with a notice, or re-renders it with the form's errors.
async fn done<T>(
    st: &AppState,
    me: &Me,
    id: i64,
    r: WebResult<T>,
    ok: &str,
    form: &'static str,
    f: SForm,
) -> WebResult<Response> {
    match r {
        Ok(_) => Ok(see_other(&format!("/studios/{id}?ok={ok}"))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_studio(st, me, id, None, Some(Failed { form, f, errors })).await
        }
    }
}

async fn update(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r =
        async { Ok::<_, WebError>(s.studios().update(id, f.studio_new(s).await?).await?) }.await;
    done(&st, &me, id, r, "ok.studio_saved", "edit", f).await
}

async fn transition(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let input = MoveInput {
            to: f.val("to"),
            on: f.val("on"),
            reason: f.val("reason"),
            document_no: f.val("document_no"),
            evaluation_id: opt_id("evaluation_id", &f.evaluation_id)?,
        };
        Ok::<_, WebError>(s.studios().transition(id, &input).await?)
    }
    .await;
    done(&st, &me, id, r, "ok.studio_moved", "move", f).await
}

async fn delete(State(st): State<AppState>, me: Me, Path(id): Path<i64>) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    match s.studios().delete(id).await {
        Ok(()) => Ok(see_other("/studios?ok=ok.studio_deleted")),
        Err(e) => {
            let errors = Errors(form_failure(e.into(), me.ctx.tr())?);
            render_studio(
                &st,
                &me,
                id,
                None,
                Some(Failed {
                    form: "delete",
                    f: SForm::default(),
                    errors,
                }),
            )
            .await
        }
    }
}

async fn add_member(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some(person) = opt_id("person_id", &f.person_id)? else {
            return Err(StorageError::field("person_id", "err.required").into());
        };
        Ok::<_, WebError>(
            s.studios()
                .add_member(
                    id,
                    person,
                    &f.val("role"),
                    &f.val("joined_on"),
                    &f.val("left_on"),
                )
                .await?,
        )
    }
    .await;
    done(&st, &me, id, r, "ok.member_added", "member", f).await
}

async fn member_leaves(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let m = s
        .studios()
        .members(id)
        .await?
        .into_iter()
        .find(|m| m.id == mid)
        .ok_or(WebError::NotFound)?;
    let r = s
        .studios()
        .update_member(
            id,
            mid,
            &m.role,
            &m.joined_on.to_string(),
            &today().to_string(),
        )
        .await
        .map_err(WebError::from);
    done(
        &st,
        &me,
        id,
        r,
        "ok.member_saved",
        "member",
        SForm::default(),
    )
    .await
}

async fn remove_member(
    State(st): State<AppState>,
    me: Me,
    Path((id, mid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s
        .studios()
        .remove_member(id, mid)
        .await
        .map_err(WebError::from);
    done(
        &st,
        &me,
        id,
        r,
        "ok.member_removed",
        "member",
        SForm::default(),
    )
    .await
}

/// The `file` part of a page's multipart form (the CSRF part was checked on the way in).
pub(crate) async fn form_file(m: &mut Multipart) -> WebResult<Option<(String, Vec<u8>)>> {
    while let Some(field) = m
        .next_field()
        .await
        .map_err(|_| WebError::BadRequest("err.body_too_large"))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| WebError::BadRequest("err.body_too_large"))?;
            if name.is_empty() && bytes.is_empty() {
                return Ok(None);
            }
            return Ok(Some((name, bytes.to_vec())));
        }
    }
    Ok(None)
}

async fn upload_photo(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    mut m: Multipart,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some((name, bytes)) = form_file(&mut m).await? else {
            return Err(StorageError::field("file", "err.file_missing").into());
        };
        crate::studio::api::studio::store_photo(s, id, name, bytes).await
    }
    .await;
    done(&st, &me, id, r, "ok.photo_added", "photo", SForm::default()).await
}

async fn set_cover(
    State(st): State<AppState>,
    me: Me,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s
        .studios()
        .set_photo(id, Some(fid))
        .await
        .map_err(WebError::from);
    done(&st, &me, id, r, "ok.photo_set", "photo", SForm::default()).await
}

async fn delete_file(
    State(st): State<AppState>,
    me: Me,
    Path((id, fid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = s.studio_files().delete(fid).await.map_err(WebError::from);
    done(
        &st,
        &me,
        id,
        r,
        "ok.file_deleted",
        "photo",
        SForm::default(),
    )
    .await
}

/// A file of a studio record, for those who may read the studio (or reach a shared record
/// through an alliance). Images and PDFs open in the browser; anything else downloads.
async fn download(State(st): State<AppState>, me: Me, Path(fid): Path<i64>) -> WebResult<Response> {
    let (f, bytes) = st.store.scoped(&me.actor).studio_files().get(fid).await?;
    Ok(file_response(&f.file_name, &f.content_type, bytes))
}

fn file_response(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let inline = content_type.starts_with("image/") || content_type == "application/pdf";
    let mut resp = if inline {
        bytes.into_response()
    } else {
        crate::xlsx::attachment(name, bytes)
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    resp
}

// ---------------------------------------------------------------------------------------
// My studio.

#[derive(Template)]
#[template(path = "studio/my_studio.html")]
struct MinePage {
    l: Layout,
    items: Vec<StudioView>,
    kind_names: HashMap<String, String>,
}

impl MinePage {
    fn kind_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.kind_names
            .get(code)
            .map(String::as_str)
            .unwrap_or(code)
    }
}

async fn mine(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let items = match s.studios().mine().await {
        Ok(v) => v,
        Err(StorageError::NotFound) => vec![],
        Err(e) => return Err(e.into()),
    };
    Ok(page(&MinePage {
        l: layout(&me, "my_studio", "studio.title.mine", "/my-studio", None),
        items,
        kind_names: crate::studio::io::kind_names(s, tr).await?,
    }))
}

// ---------------------------------------------------------------------------------------
// Alliances.

#[derive(Template)]
#[template(path = "studio/alliances.html")]
struct AlliancesPage {
    l: Layout,
    items: Vec<AllianceView>,
    can_create: bool,
    f: SForm,
    errors: Errors,
}

async fn alliances_page(
    st: &AppState,
    me: &Me,
    flash: Option<&str>,
    f: SForm,
    errors: Errors,
    status: StatusCode,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    Ok(render(
        status,
        &AlliancesPage {
            l: layout(
                me,
                "alliances",
                "studio.title.alliances",
                "/alliances",
                flash,
            ),
            items: s.alliances().list().await?,
            can_create: !me.actor.grants.scopes(Permission::StudioManage).is_empty(),
            f,
            errors,
        },
    ))
}

async fn alliances(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    alliances_page(
        &st,
        &me,
        q.ok.as_deref(),
        SForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn create_alliance(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some(node) = opt_id("node_id", &f.node_id)? else {
            return Err(StorageError::field("node_id", "err.required").into());
        };
        Ok::<_, WebError>(
            s.alliances()
                .create(node, &f.val("name"), &f.val("description"))
                .await?,
        )
    }
    .await;
    match r {
        Ok(a) => Ok(see_other(&format!(
            "/alliances/{}?ok=ok.alliance_created",
            a.id
        ))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            alliances_page(&st, &me, None, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "studio/alliance.html")]
struct AlliancePage {
    l: Layout,
    a: AllianceView,
    members: Vec<AllianceMemberView>,
    shared: Vec<SharedItem>,
    /// Studios the caller may add (those it reads that are not members now).
    candidates: Vec<Opt>,
    errors: Errors,
}

impl AlliancePage {
    fn kind_label(&self, kind: &str) -> &'static str {
        self.l.t(&format!("alliance.kind_{kind}"))
    }
}

async fn render_alliance(
    st: &AppState,
    me: &Me,
    id: i64,
    flash: Option<&str>,
    failed: Option<Errors>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let a = s.alliances().get(id).await?;
    let members = s.alliances().members(id).await?;
    let shared = s.alliances().shared(id).await?;
    let current: Vec<i64> = members
        .iter()
        .filter(|m| m.left_on.is_none())
        .map(|m| m.studio_id)
        .collect();
    let candidates = if a.manage {
        let all = match s.studios().all(&StudioFilter::default(), 500).await {
            Ok(v) => v,
            Err(StorageError::NotFound) => vec![],
            Err(e) => return Err(e.into()),
        };
        all.into_iter()
            .filter(|v| !current.contains(&v.id) && v.state != "delisted")
            .map(|v| Opt {
                code: v.id.to_string(),
                label: format!("{} · {}", v.name, v.node_name),
            })
            .collect()
    } else {
        vec![]
    };
    let (status, errors) = match failed {
        Some(e) => (StatusCode::UNPROCESSABLE_ENTITY, e),
        None => (StatusCode::OK, Errors::default()),
    };
    let mut l = layout(
        me,
        "alliances",
        "studio.title.alliance",
        &format!("/alliances/{id}"),
        flash,
    );
    l.title = a.name.clone();
    Ok(render(
        status,
        &AlliancePage {
            l,
            a,
            members,
            shared,
            candidates,
            errors,
        },
    ))
}

async fn alliance(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<OkQ>,
) -> WebResult<Response> {
    render_alliance(&st, &me, id, q.ok.as_deref(), None).await
}

async fn join_alliance(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<SForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let r = async {
        let Some(sid) = opt_id("studio_id", &f.studio_id)? else {
            return Err(StorageError::field("studio_id", "err.required").into());
        };
        Ok::<_, WebError>(s.alliances().join(id, sid, &f.val("joined_on")).await?)
    }
    .await;
    match r {
        Ok(_) => Ok(see_other(&format!("/alliances/{id}?ok=ok.alliance_joined"))),
        Err(e) => {
            let errors = Errors(form_failure(e, me.ctx.tr())?);
            render_alliance(&st, &me, id, None, Some(errors)).await
        }
    }
}

async fn leave_alliance(
    State(st): State<AppState>,
    me: Me,
    Path((id, sid)): Path<(i64, i64)>,
) -> WebResult<Response> {
    st.store
        .scoped(&me.actor)
        .alliances()
        .leave(id, sid)
        .await?;
    Ok(see_other(&format!("/alliances/{id}?ok=ok.alliance_left")))
}

// ---------------------------------------------------------------------------------------
// The public showcase.

#[derive(Template)]
#[template(path = "studio/public_studio.html")]
struct PublicPage {
    l: Layout,
    p: PublicStudio,
    kind: String,
}

impl PublicPage {
    fn ach_kind<'a>(&'a self, code: &'a str) -> &'a str {
        let key = format!("ach.kind.{code}");
        let t = self.l.t(&key);
        if t == key {
            code
        } else {
            t
        }
    }
}

async fn public_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> WebResult<Response> {
    let p = st.store.public_studio(&slug).await?;
    let tr = ctx.tr();
    // Kind names come from the dictionary, which needs no caller.
    let actor = touyan_storage::Actor::system();
    let s = st.store.scoped(&actor);
    let kind_names = crate::studio::io::kind_names(s, tr).await?;
    let mut l = Layout::new(&ctx, "", "studio.title.list", &format!("/s/{slug}"));
    l.title = p.name.clone();
    Ok(page(&PublicPage {
        l,
        kind: kind_names.get(&p.kind).cloned().unwrap_or(p.kind.clone()),
        p,
    }))
}

async fn public_photo(State(st): State<AppState>, Path(slug): Path<String>) -> WebResult<Response> {
    let (ct, bytes) = st.store.public_photo(&slug).await?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ct) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(resp)
}
