//! The new-request form.

use super::*;

/// The staff intake form: the request as the API takes it, and its node as typed (a bad
/// number is a field error here, not a refused form).
#[derive(Deserialize, Default, Clone)]
pub(super) struct NewForm {
    #[serde(flatten)]
    pub(super) input: RequestInput,
    pub(super) node_id: Option<String>,
}

impl NewForm {
    pub(super) fn get(&self, field: &str) -> String {
        let i = &self.input;
        match field {
            "channel" => &i.channel,
            "category" => &i.category,
            "node_id" => return text(&self.node_id),
            "address" => &i.address,
            "description" => &i.description,
            "contact_name" => &i.contact_name,
            "contact_phone" => &i.contact_phone,
            "urgency" => &i.urgency,
            _ => &i.enterprise_name,
        }
        .clone()
    }
}

#[derive(Template)]
#[template(path = "request/request_new.html")]
pub(super) struct NewPage {
    pub(super) l: Layout,
    pub(super) input: NewForm,
    pub(super) errors: Errors,
    pub(super) channels: Vec<Opt>,
    pub(super) categories: Vec<Opt>,
    pub(super) urgencies: Vec<Opt>,
}

impl NewPage {
    pub(super) async fn new(
        s: Scoped<'_>,
        me: &Me,
        input: NewForm,
        errors: Errors,
    ) -> WebResult<NewPage> {
        let tr = me.ctx.tr();
        let channels: Vec<&str> = STAFF_CHANNELS.iter().map(|c| c.code()).collect();
        let urgencies: Vec<&str> = Urgency::ALL.iter().map(|u| u.code()).collect();
        let cats = s.requests().categories().await?;
        Ok(NewPage {
            l: layout(me, "requests", "rq.title_new", "/requests/new", None),
            input,
            errors,
            channels: label_opts(tr, "rq.channel", &channels),
            categories: category_opts(&cats, tr.lang, true),
            urgencies: label_opts(tr, "rq.urgency", &urgencies),
        })
    }

    pub(super) fn val(&self, field: &str) -> String {
        self.input.get(field)
    }
}

pub(super) async fn new_form(State(st): State<AppState>, me: Me) -> WebResult<Response> {
    if !takes_in(&me) {
        return Err(StorageError::Forbidden.into());
    }
    let input = NewForm {
        input: RequestInput {
            urgency: Urgency::Normal.code().into(),
            ..Default::default()
        },
        node_id: me.actor.home.as_ref().map(|(id, _)| id.to_string()),
    };
    let s = st.store.scoped(&me.actor);
    Ok(page(&NewPage::new(s, &me, input, Errors::default()).await?))
}

pub(super) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<NewForm>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let node_id = match f
        .node_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Ok(None),
        Some(t) => t.parse::<i64>().map(Some),
    };
    let r = match node_id {
        Ok(node_id) => {
            let input = RequestInput {
                node_id,
                ..f.input.clone()
            };
            take_in(s, &input).await
        }
        Err(_) => Err(StorageError::field("node_id", "err.number_invalid").into()),
    };
    match r {
        Ok(v) => Ok(see_other(&format!("/requests/{}?ok=ok.rq_created", v.id))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            let p = NewPage::new(s, &me, f, Errors(errors)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
    }
}
