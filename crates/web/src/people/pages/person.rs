//! One person's page: the record, posts, honours, notes and the moves between statuses.

use super::*;

/// One line of the growth ledger as the page shows it.
pub(super) struct Entry {
    pub(super) on: NaiveDate,
    pub(super) label: &'static str,
    pub(super) source: String,
    pub(super) title: String,
    pub(super) detail: Option<String>,
    pub(super) by: Option<String>,
}

#[derive(Template)]
#[template(path = "people/person.html")]
pub(super) struct PersonPage {
    pub(super) l: Layout,
    pub(super) p: PersonView,
    pub(super) can_write: bool,
    pub(super) can_reveal: bool,
    pub(super) posts: Vec<PostView>,
    pub(super) honours: Vec<HonourView>,
    pub(super) ledger: Vec<Entry>,
    pub(super) genders: Vec<Opt>,
    pub(super) ethnicities: Vec<Opt>,
    pub(super) educations: Vec<Opt>,
    pub(super) steps: Vec<Opt>,
    pub(super) levels: Vec<Opt>,
    pub(super) post_opts: Vec<Opt>,
    pub(super) errors: Errors,
    /// Which form failed: `edit`, `step`, `post`, `posts`, `honour`, `honours`, `note`,
    /// `delete`.
    pub(super) form: &'static str,
    pub(super) input: PForm,
    pub(super) current: PForm,
    pub(super) fresh: PForm,
    pub(super) today: String,
}

impl PersonPage {
    /// A field's value: as submitted when its form failed, the person's own in the edit
    /// form, otherwise the empty form's.
    pub(super) fn val(&self, form: &str, field: &str) -> String {
        if self.form == form {
            self.input.get(field)
        } else if form == "edit" {
            self.current.get(field)
        } else {
            self.fresh.get(field)
        }
    }

    pub(super) fn label(&self, prefix: &str, code: &str) -> &'static str {
        label(&self.l, prefix, code)
    }

    pub(super) fn day(&self, v: &Option<NaiveDate>) -> String {
        day(v)
    }
}

pub(super) struct PView {
    pub(super) flash: Option<String>,
    pub(super) errors: Errors,
    pub(super) form: &'static str,
    pub(super) input: PForm,
    pub(super) reveal: bool,
    pub(super) status: StatusCode,
}

impl PView {
    pub(super) fn ok(flash: Option<String>, reveal: bool) -> PView {
        PView {
            flash,
            errors: Errors::default(),
            form: "",
            input: PForm::default(),
            reveal,
            status: StatusCode::OK,
        }
    }
}

pub(super) async fn render_person(
    st: &AppState,
    me: &Me,
    id: i64,
    v: PView,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    let people = s.people();
    let p = people.get(id, v.reveal).await?;
    let can_write = people.can_write(id).await?;
    let can_reveal = people.can_reveal(id).await?;
    let posts = s
        .posts()
        .list(
            &PostFilter {
                person: Some(id),
                ..Default::default()
            },
            ALL,
        )
        .await?
        .items;
    let honours = s
        .honours()
        .list(
            &HonourFilter {
                person: Some(id),
                ..Default::default()
            },
            ALL,
        )
        .await?
        .items;
    let ledger = people
        .ledger(id)
        .await?
        .into_iter()
        .map(|e| Entry {
            on: e.on,
            label: tr.t(&format!("ledger.{}", e.kind)),
            title: if e.kind == "step.extend_probation" && !e.title.is_empty() {
                tr.tf("ppage.extend_months", &[("n", &e.title)])
            } else {
                e.title
            },
            source: e.source,
            detail: e.detail,
            by: e.by,
        })
        .collect();
    let mut l = layout(
        me,
        "people",
        "ptitle.person",
        &format!("/people/{id}"),
        v.flash.as_deref(),
    );
    l.title = p.name.clone();
    let page = PersonPage {
        l,
        current: PForm::of(&p),
        p,
        can_write,
        can_reveal,
        posts,
        honours,
        ledger,
        genders: label_opts(tr, "gender", &["male", "female"]),
        ethnicities: ethnicity_opts(),
        educations: label_opts(tr, "education", &EDUCATION),
        steps: label_opts(tr, "step", &Step::CODES),
        levels: label_opts(tr, "honour_level", &HONOUR_LEVELS),
        post_opts: post_opts(s, tr).await?,
        errors: v.errors,
        form: v.form,
        input: v.input,
        fresh: PForm::blank(),
        today: today().to_string(),
    };
    Ok(render(v.status, &page))
}

#[derive(Deserialize, Default)]
pub(super) struct ShowQ {
    pub(super) reveal: Option<String>,
    pub(super) ok: Option<String>,
}

pub(super) async fn show(
    State(st): State<AppState>,
    me: Me,
    Path(id): Path<i64>,
    Query(q): Query<ShowQ>,
) -> WebResult<Response> {
    let reveal = q.reveal.as_deref() == Some("1");
    render_person(&st, &me, id, PView::ok(q.ok, reveal)).await
}

/// Re-renders the person's page with a form's errors, or passes a non-form error on.
pub(super) async fn failed(
    st: &AppState,
    me: &Me,
    id: i64,
    form: &'static str,
    input: PForm,
    e: WebError,
) -> WebResult<Response> {
    let errors = form_failure(e, me.ctx.tr())?;
    let reveal = form == "edit" && input.revealed.as_deref() == Some("1");
    let v = PView {
        flash: None,
        errors: Errors(errors),
        form,
        input,
        reveal,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    render_person(st, me, id, v).await
}
