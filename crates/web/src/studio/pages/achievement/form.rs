//! The achievement form: its fields, its multipart reading and its checks.

use super::*;

/// Labels the templates show for codes.
pub(super) trait Labels {
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
pub(super) struct AForm {
    pub(super) fields: HashMap<String, String>,
    /// People picked among the studio's members.
    pub(super) picked: Vec<String>,
    pub(super) evidence: Vec<Upload>,
}

pub(super) const TEXT_FIELDS: [&str; 12] = [
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
    pub(super) fn val(&self, k: &str) -> String {
        self.fields.get(k).cloned().unwrap_or_default()
    }

    pub(super) fn on(&self, k: &str) -> bool {
        self.fields.get(k).is_some_and(|v| v == "1")
    }

    pub(super) fn picked(&self, person: &str) -> bool {
        self.picked.iter().any(|p| p == person)
    }

    /// An empty add form: public by default, dated today.
    pub(super) fn fresh() -> AForm {
        let mut f = AForm::default();
        f.fields.insert("public".into(), "1".into());
        f.fields.insert("achieved_on".into(), today().to_string());
        f
    }

    /// The record in the edit form; contributors, in their order, as numbers.
    pub(super) fn of(v: &AchievementView) -> AForm {
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

    pub(super) fn input(&self) -> AchievementInput {
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
    pub(super) fn people(&self, fe: &mut FieldErrors) -> Vec<i64> {
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
pub(super) async fn read_form(mut m: Multipart) -> WebResult<AForm> {
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
pub(super) fn checked(
    f: &AForm,
) -> WebResult<(touyan_domain::studio::achievement::Achievement, Vec<i64>)> {
    let mut fe = FieldErrors::new();
    let people = f.people(&mut fe);
    let a = fe.check("kind", f.input().parse(today()));
    fe.into_result()?;
    Ok((a.expect("checked"), people))
}
