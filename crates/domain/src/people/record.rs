//! A person's record as entered: name, education, ethnicity, honours and posts.

use super::*;

/// Highest education completed (学历), after GB/T 4658.
pub const EDUCATION: [&str; 8] = [
    "doctorate",
    "master",
    "bachelor",
    "college",
    "secondary_vocational",
    "high_school",
    "junior_high",
    "primary",
];

/// The 56 ethnic groups in the order and with the names of GB/T 3304, then 其他.
pub const ETHNICITIES: [&str; 57] = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
];

/// A person's name: 1–50 characters, no control characters.
pub fn parse_person_name(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field("name", "err.required"));
    }
    if t.chars().count() > 50 {
        return Err(DomainError::field("name", "err.too_long_50"));
    }
    if t.chars().any(char::is_control) {
        return Err(DomainError::field("name", "err.control_chars"));
    }
    Ok(t.to_string())
}

/// A person as a page form, a sheet row or an API body gives it, read alike from each
/// (`Deserialize`): every field text, `None` when not given. A new person takes a field not
/// given as blank; an update keeps the stored value ([`PersonInput::over`]). Field names are
/// the ones errors are reported under.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(
        as = PersonBody,
        description = "A person as the API takes it; codes for gender (`male`/`female`), \
                       education and status,\ndates as `YYYY-MM-DD`."
    )
)]
pub struct PersonInput {
    pub name: Option<String>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub education: Option<String>,
    /// On creation only; later changes go through transitions.
    pub status: Option<String>,
    pub applied_on: Option<String>,
    pub activist_on: Option<String>,
    pub development_object_on: Option<String>,
    pub probation_on: Option<String>,
    pub full_on: Option<String>,
    pub notes: Option<String>,
    /// Primary node.
    pub node_id: Option<i64>,
}

/// A person record that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub gender: Gender,
    pub ethnicity: Option<String>,
    pub birth_date: NaiveDate,
    pub id_number: IdNumber,
    pub phone: Option<Mobile>,
    pub education: Option<String>,
    pub pipeline: Pipeline,
    pub notes: Option<String>,
}

/// A field's text; a field not given is blank.
fn txt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

impl PersonInput {
    /// The text fields, in the order of the form.
    fn fields_mut(&mut self) -> [&mut Option<String>; 14] {
        [
            &mut self.name,
            &mut self.gender,
            &mut self.ethnicity,
            &mut self.birth_date,
            &mut self.id_number,
            &mut self.phone,
            &mut self.education,
            &mut self.status,
            &mut self.applied_on,
            &mut self.activist_on,
            &mut self.development_object_on,
            &mut self.probation_on,
            &mut self.full_on,
            &mut self.notes,
        ]
    }

    /// The fields given here over `base`'s: an update over the stored record. The node is
    /// this input's alone.
    pub fn over(mut self, mut base: PersonInput) -> PersonInput {
        for (mine, stored) in self.fields_mut().into_iter().zip(base.fields_mut()) {
            if mine.is_none() {
                *mine = stored.take();
            }
        }
        self
    }

    /// Every text field not given made blank: a whole form, where a field left out means
    /// blank rather than unchanged.
    pub fn whole(mut self) -> PersonInput {
        for f in self.fields_mut() {
            f.get_or_insert_with(String::new);
        }
        self
    }
    /// Checks every field and reports all problems at once. The identity number must agree
    /// with the birth date and gender, and gives them when they are left blank; the status needs the date it was reached, and the
    /// pipeline's dates must follow each other and not lie after `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<Person, DomainError> {
        let mut fe = FieldErrors::new();
        let name = fe.check("name", parse_person_name(txt(&self.name)));
        // The birth date and gender a 身份证 number carries (GB 11643) fill those left blank.
        let from_id = IdNumber::parse(txt(&self.id_number)).ok();
        let gender = match txt(&self.gender).trim() {
            "" if from_id.is_some() => from_id.as_ref().map(IdNumber::gender),
            "" => {
                fe.add("gender", "err.required");
                None
            }
            g => Gender::from_code(g).or_else(|| {
                fe.add("gender", "err.choice_invalid");
                None
            }),
        };
        let ethnicity = match txt(&self.ethnicity).trim() {
            "" => None,
            e if ETHNICITIES.contains(&e) => Some(e.to_string()),
            _ => {
                fe.add("ethnicity", "err.choice_invalid");
                None
            }
        };
        let birth = match fe.check(
            "birth_date",
            parse_date("birth_date", txt(&self.birth_date)),
        ) {
            Some(None) if from_id.is_some() => from_id.as_ref().map(IdNumber::birth_date),
            Some(None) => {
                fe.add("birth_date", "err.required");
                None
            }
            Some(Some(d)) if d > today => {
                fe.add("birth_date", "err.date_future");
                None
            }
            other => other.flatten(),
        };
        let id = fe.check("id_number", IdNumber::parse(txt(&self.id_number)));
        if let (Some(id), Some(b), Some(g)) = (&id, birth, gender) {
            fe.check("id_number", id.check_against(b, g));
        }
        let phone = if txt(&self.phone).trim().is_empty() {
            None
        } else {
            fe.check("phone", Mobile::parse(txt(&self.phone)))
        };
        let education = match txt(&self.education).trim() {
            "" => None,
            e if EDUCATION.contains(&e) => Some(e.to_string()),
            _ => {
                fe.add("education", "err.choice_invalid");
                None
            }
        };
        let status = match txt(&self.status).trim() {
            "" => Some(Status::Masses),
            s => Status::from_code(s).or_else(|| {
                fe.add("status", "err.choice_invalid");
                None
            }),
        };
        let dates = self.pipeline_dates(&mut fe, today, status, birth);
        let notes = fe.check(
            "notes",
            parse_text("notes", txt(&self.notes), 2000, "err.too_long_2000"),
        );
        fe.into_result()?;
        let (Some(name), Some(gender), Some(birth_date), Some(id_number), Some(status)) =
            (name, gender, birth, id, status)
        else {
            unreachable!("every missing value recorded an error")
        };
        Ok(Person {
            name,
            gender,
            ethnicity,
            birth_date,
            id_number,
            phone,
            education,
            pipeline: Pipeline {
                status: Some(status),
                applied_on: dates[0],
                activist_on: dates[1],
                development_object_on: dates[2],
                probation_on: dates[3],
                probation_extended_months: None,
                full_on: dates[4],
            },
            notes: notes.flatten(),
        })
    }

    /// The pipeline's dates, each checked, and checked together against the status reached
    /// and the birth date.
    fn pipeline_dates(
        &self,
        fe: &mut FieldErrors,
        today: NaiveDate,
        status: Option<Status>,
        birth: Option<NaiveDate>,
    ) -> [Option<NaiveDate>; 5] {
        let mut dates = [None; 5];
        let fields = [
            ("applied_on", txt(&self.applied_on)),
            ("activist_on", txt(&self.activist_on)),
            ("development_object_on", txt(&self.development_object_on)),
            ("probation_on", txt(&self.probation_on)),
            ("full_on", txt(&self.full_on)),
        ];
        for (i, (f, v)) in fields.iter().enumerate() {
            if let Some(d) = fe.check(f, parse_date(f, v)).flatten() {
                if d > today {
                    fe.add(f, "err.date_future");
                } else {
                    dates[i] = Some(d);
                }
            }
        }
        if let Some(st) = status {
            // The date of the stage reached is required; later stages' dates must be blank.
            let reached = match st {
                Status::Masses => None,
                Status::Applicant => Some(0),
                Status::Activist => Some(1),
                Status::DevelopmentObject => Some(2),
                Status::Probationary => Some(3),
                Status::Full => Some(4),
            };
            for (i, (f, v)) in fields.iter().enumerate() {
                let after = reached.is_none_or(|r| i > r);
                if after && !v.trim().is_empty() {
                    fe.add(f, "err.date_after_status");
                }
            }
            if let Some(r) = reached {
                // Members recorded before this system often lack the early dates; only the
                // date of the stage reached is required.
                if dates[r].is_none() && fields[r].1.trim().is_empty() {
                    fe.add(fields[r].0, "err.required");
                }
            }
            let mut last: Option<NaiveDate> = None;
            for (i, d) in dates.iter().enumerate() {
                if let Some(d) = d {
                    if last.is_some_and(|l| *d < l) {
                        fe.add(fields[i].0, "err.date_order");
                    }
                    last = Some(*d);
                }
            }
            if let (Some(applied), Some(b)) = (dates[0], birth) {
                if months_after(b, 18 * 12) > applied {
                    fe.add("applied_on", "rule.pipeline_age_18");
                }
            }
        }
        dates
    }
}

/// Levels of an honour (荣誉称号).
pub const HONOUR_LEVELS: [&str; 6] = [
    "national",
    "provincial",
    "city",
    "district",
    "street",
    "unit",
];

/// An honour as entered: title, level, date, and an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Honour {
    pub title: String,
    pub level: String,
    pub awarded_on: NaiveDate,
    pub note: Option<String>,
}

pub fn parse_honour(
    title: &str,
    level: &str,
    awarded_on: &str,
    note: &str,
    today: NaiveDate,
) -> Result<Honour, DomainError> {
    let mut fe = FieldErrors::new();
    let title = fe
        .check("title", parse_text("title", title, 60, "err.too_long_60"))
        .and_then(|t| {
            if t.is_none() {
                fe.add("title", "err.required");
            }
            t
        });
    let level = match level.trim() {
        "" => {
            fe.add("level", "err.required");
            None
        }
        l if HONOUR_LEVELS.contains(&l) => Some(l.to_string()),
        _ => {
            fe.add("level", "err.choice_invalid");
            None
        }
    };
    let on = required_past_date(&mut fe, "awarded_on", awarded_on, today);
    let note = fe.check("note", parse_note(note)).flatten();
    fe.into_result()?;
    match (title, level, on) {
        (Some(title), Some(level), Some(awarded_on)) => Ok(Honour {
            title,
            level,
            awarded_on,
            note,
        }),
        _ => unreachable!("every missing value recorded an error"),
    }
}

/// Built-in posts (职务): code and name. Admins add more to the dictionary.
pub const BUILTIN_POSTS: [(&str, &str); 9] = [
    ("secretary", "书记"),
    ("deputy_secretary", "副书记"),
    ("committee_member", "委员"),
    ("party_worker_full", "专职党务工作者"),
    ("party_worker_part", "兼职党务工作者"),
    ("grid_leader", "网格长"),
    ("grid_worker", "网格员"),
    ("building_leader", "楼长"),
    // Assigned to enterprises (DESIGN module 1).
    ("instructor", "党建工作指导员"),
];

/// A post's term: a start date and an optional end on or after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
}

pub fn parse_term(start_on: &str, end_on: &str, today: NaiveDate) -> Result<Term, DomainError> {
    let mut fe = FieldErrors::new();
    let start = required_past_date(&mut fe, "start_on", start_on, today);
    let end = fe.check("end_on", parse_date("end_on", end_on)).flatten();
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            fe.add("end_on", "err.date_order");
        }
    }
    fe.into_result()?;
    Ok(Term {
        start_on: start.expect("checked"),
        end_on: end,
    })
}

impl Term {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.start_on <= today && self.end_on.is_none_or(|e| e >= today)
    }
}
