//! The post quotas page and its allocation form.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct QuotaQ {
    pub(super) year: Option<String>,
    pub(super) under: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) ok: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct QuotaForm {
    pub(super) node_id: Option<String>,
    pub(super) year: Option<String>,
    pub(super) amount: Option<String>,
}

#[derive(Template)]
#[template(path = "people/quotas.html")]
pub(super) struct QuotasPage {
    pub(super) l: Layout,
    pub(super) items: Vec<QuotaView>,
    pub(super) pager: Pager,
    pub(super) year: String,
    pub(super) under: String,
    pub(super) can_allocate: bool,
    pub(super) export_href: String,
    pub(super) errors: Errors,
    pub(super) input: QuotaForm,
}

pub(super) async fn render_quotas(
    st: &AppState,
    me: &Me,
    q: QuotaQ,
    errors: Errors,
    input: QuotaForm,
    status: StatusCode,
) -> WebResult<Response> {
    // No `year` at all is this year; an empty one is every year.
    let year = q.year.clone().unwrap_or_else(|| today().year().to_string());
    let req = parse_page(&q.page, &q.per_page)?;
    let f = QuotaFilter {
        year: i32_of(
            "year",
            "err.year_range",
            opt_id("year", &Some(year.clone()))?,
        )?,
        under: opt_id("under", &q.under)?,
    };
    let p = st.store.scoped(&me.actor).quotas().list(&f, req).await?;
    let params = vec![("year", year.clone()), ("under", text(&q.under))];
    let pager = Pager::new(req, p.total, &params);
    let export_href = with_query("/api/v1/quotas/export.xlsx", &pager);
    let input = QuotaForm {
        year: input.year.or_else(|| Some(year.clone())),
        ..input
    };
    let page = QuotasPage {
        l: layout(me, "quotas", "ptitle.quotas", "/quotas", q.ok.as_deref()),
        items: p.items,
        pager,
        year,
        under: text(&q.under),
        can_allocate: !me.actor.grants.scopes(Permission::QuotaManage).is_empty(),
        export_href,
        errors,
        input,
    };
    Ok(render(status, &page))
}

pub(super) async fn quotas(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<QuotaQ>,
) -> WebResult<Response> {
    render_quotas(
        &st,
        &me,
        q,
        Errors::default(),
        QuotaForm::default(),
        StatusCode::OK,
    )
    .await
}

pub(super) async fn allocate(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<QuotaForm>,
) -> WebResult<Response> {
    let r = async {
        let mut fe = FieldErrors::new();
        let mut num = |field: &str, v: &Option<String>, missing: &str| match opt_id(field, v) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                fe.add(field, missing);
                None
            }
            Err(_) => {
                fe.add(field, "err.number_invalid");
                None
            }
        };
        let node = num("node_id", &f.node_id, "err.node_required");
        let year = num("year", &f.year, "err.required");
        let amount = num("amount", &f.amount, "err.required");
        let year = year.and_then(|y| match i32::try_from(y) {
            Ok(y) => Some(y),
            Err(_) => {
                fe.add("year", "err.year_range");
                None
            }
        });
        let amount = amount.and_then(|a| match i32::try_from(a) {
            Ok(a) => Some(a),
            Err(_) => {
                fe.add("amount", "err.quota_amount");
                None
            }
        });
        fe.into_result()?;
        let (node, year, amount) = (
            node.expect("checked"),
            year.expect("checked"),
            amount.expect("checked"),
        );
        match st
            .store
            .scoped(&me.actor)
            .quotas()
            .allocate(node, year, amount)
            .await
        {
            Ok(v) => Ok(v),
            Err(StorageError::NotFound) => {
                Err(StorageError::field("node_id", "err.node_missing").into())
            }
            Err(e) => Err(WebError::from(e)),
        }
    }
    .await;
    match r {
        Ok(v) => Ok(see_other(&format!(
            "/quotas?year={}&ok=pok.allocated",
            v.year
        ))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            // The list shows the year of the form when it is one.
            let year = text(&f.year).trim().parse::<i32>().ok();
            let q = QuotaQ {
                year: year
                    .filter(|y| (2000..=2100).contains(y))
                    .map(|y| y.to_string()),
                ..Default::default()
            };
            render_quotas(
                &st,
                &me,
                q,
                Errors(errors),
                f,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
