//! The person form and the new-person page.

use super::*;

/// The forms of a person's pages: the person's own fields (the same input the API takes)
/// and the fields of the other actions on the page.
#[derive(Deserialize, Default, Clone)]
pub(super) struct PForm {
    #[serde(flatten)]
    pub(super) person: PersonInput,
    /// The node as typed: a bad number is a field error here, not a refused form.
    pub(super) node_id: Option<String>,
    /// "1" when the edit form showed the numbers in full (blank then clears the phone).
    pub(super) revealed: Option<String>,
    pub(super) step: Option<String>,
    pub(super) on: Option<String>,
    pub(super) months: Option<String>,
    pub(super) note: Option<String>,
    pub(super) post_code: Option<String>,
    pub(super) post_node_id: Option<String>,
    pub(super) start_on: Option<String>,
    pub(super) end_on: Option<String>,
    pub(super) title: Option<String>,
    pub(super) level: Option<String>,
    pub(super) awarded_on: Option<String>,
    pub(super) awarding_node_id: Option<String>,
    pub(super) on_date: Option<String>,
    pub(super) body: Option<String>,
    pub(super) person_id: Option<String>,
}

impl PForm {
    pub(super) fn get(&self, field: &str) -> String {
        let p = &self.person;
        let v = match field {
            "name" => &p.name,
            "gender" => &p.gender,
            "ethnicity" => &p.ethnicity,
            "birth_date" => &p.birth_date,
            "id_number" => &p.id_number,
            "phone" => &p.phone,
            "education" => &p.education,
            "status" => &p.status,
            "applied_on" => &p.applied_on,
            "activist_on" => &p.activist_on,
            "development_object_on" => &p.development_object_on,
            "probation_on" => &p.probation_on,
            "full_on" => &p.full_on,
            "notes" => &p.notes,
            "node_id" => &self.node_id,
            "revealed" => &self.revealed,
            "step" => &self.step,
            "on" => &self.on,
            "months" => &self.months,
            "note" => &self.note,
            "post_code" => &self.post_code,
            "post_node_id" => &self.post_node_id,
            "start_on" => &self.start_on,
            "end_on" => &self.end_on,
            "title" => &self.title,
            "level" => &self.level,
            "awarded_on" => &self.awarded_on,
            "awarding_node_id" => &self.awarding_node_id,
            "on_date" => &self.on_date,
            "body" => &self.body,
            _ => &self.person_id,
        };
        text(v)
    }

    /// The edit form's values: the person as stored; numbers only when shown in full.
    pub(super) fn of(p: &PersonView) -> PForm {
        let some = |d: &Option<NaiveDate>| d.map(|d| d.to_string());
        PForm {
            person: PersonInput {
                name: Some(p.name.clone()),
                gender: Some(p.gender.clone()),
                ethnicity: p.ethnicity.clone(),
                birth_date: Some(p.birth_date.to_string()),
                id_number: p.revealed.then(|| p.id_number.clone()),
                phone: if p.revealed { p.phone.clone() } else { None },
                education: p.education.clone(),
                status: Some(p.status.clone()),
                applied_on: some(&p.applied_on),
                activist_on: some(&p.activist_on),
                development_object_on: some(&p.development_object_on),
                probation_on: some(&p.probation_on),
                full_on: some(&p.full_on),
                notes: p.notes.clone(),
                node_id: None,
            },
            node_id: Some(p.node_id.to_string()),
            revealed: p.revealed.then(|| "1".to_string()),
            ..Default::default()
        }
    }

    /// The empty add forms, dated today.
    pub(super) fn blank() -> PForm {
        let t = Some(today().to_string());
        PForm {
            on: t.clone(),
            on_date: t,
            ..Default::default()
        }
    }
}

// ---------------------------------------------------------------------------------------
// New person.

#[derive(Template)]
#[template(path = "people/person_new.html")]
pub(super) struct NewPage {
    pub(super) l: Layout,
    pub(super) input: PForm,
    pub(super) errors: Errors,
    pub(super) genders: Vec<Opt>,
    pub(super) ethnicities: Vec<Opt>,
    pub(super) educations: Vec<Opt>,
    pub(super) statuses: Vec<Opt>,
}

impl NewPage {
    pub(super) fn new(me: &Me, input: PForm, errors: Errors) -> NewPage {
        let tr = me.ctx.tr();
        NewPage {
            l: layout(me, "people", "ptitle.person_new", "/people/new", None),
            input,
            errors,
            genders: label_opts(tr, "gender", &["male", "female"]),
            ethnicities: ethnicity_opts(),
            educations: label_opts(tr, "education", &EDUCATION),
            statuses: status_opts(tr),
        }
    }

    pub(super) fn val(&self, field: &str) -> String {
        self.input.get(field)
    }
}

pub(super) async fn new_form(me: Me) -> WebResult<Response> {
    if me.actor.grants.scopes(Permission::PersonWrite).is_empty() {
        return Err(StorageError::Forbidden.into());
    }
    let input = PForm {
        person: PersonInput {
            status: Some(Status::Masses.code().to_string()),
            ..Default::default()
        },
        node_id: me.actor.home.as_ref().map(|(id, _)| id.to_string()),
        ..Default::default()
    };
    Ok(page(&NewPage::new(&me, input, Errors::default())))
}

pub(super) async fn create(
    State(st): State<AppState>,
    me: Me,
    Form(f): Form<PForm>,
) -> WebResult<Response> {
    let input = &f.person;
    let r = async {
        match opt_id("node_id", &f.node_id) {
            Ok(Some(node)) => Ok(st
                .store
                .scoped(&me.actor)
                .people()
                .create(input, node)
                .await?),
            other => {
                // Report the other fields' problems along with the missing node.
                let mut fe = FieldErrors::new();
                if let Err(DomainError::Invalid(x)) = input.parse(today()) {
                    for (k, v) in x.0 {
                        fe.add(&k, &v);
                    }
                }
                let key = if other.is_err() {
                    "err.number_invalid"
                } else {
                    "err.node_required"
                };
                fe.add("node_id", key);
                Err(WebError::from(DomainError::Invalid(fe)))
            }
        }
    }
    .await;
    match r {
        Ok(p) => Ok(see_other(&format!("/people/{}?ok=pok.created", p.id))),
        Err(e) => {
            let errors = form_failure(e, me.ctx.tr())?;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewPage::new(&me, f, Errors(errors)),
            ))
        }
    }
}
