//! The audit log in words: every action and kind of record the code writes, their names in
//! the page's language, and an entry's before → after as the fields that changed. Shared by
//! the audit log and the home page's recent activity; the words are in the shared
//! `locales/audit.<lang>.toml`.

use crate::i18n::Tr;
use serde_json::{Map, Value};

/// Every action written to the log, in the order the filter offers them.
pub const ACTIONS: &[&str] = &[
    "create",
    "update",
    "delete",
    "move",
    "disable",
    "import",
    "export",
    "upload",
    "reveal",
    "grant",
    "revoke",
    "login",
    "login_failed",
    "login_locked",
    "unlock",
    "logout",
    "reset_password",
    "change_password",
    "transition",
    "allocate",
    "reclaim",
    "lifecycle",
    "stage",
    "answer",
    "join",
    "leave",
    "alliance_view",
    "chain_view",
    "park_committee_view",
    "link",
    "unlink",
    "assign",
    "end",
    "submit",
    "receive",
    "dispatch",
    "accept",
    "send_back",
    "transfer",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "reply",
    "follow_up",
    "close",
    "reopen",
    "rate",
    "withdraw",
    "remind",
    "activate",
    "complete",
    "open_signin",
    "sign_in",
    "propose_change",
    "approve_change",
    "reject_change",
    "withdraw_change",
    "compute",
    "approve",
    "pay",
    "reverse",
    "issue",
    "reject",
];

/// Every kind of record written to the log, by the menu group it belongs to (the label key
/// of the group first), in the order the filter offers them.
pub const RECORDS: &[(&str, &[&str])] = &[
    (
        "navg.organization",
        &["org_node", "org_kind", "org_kind_rule", "dict_entry"],
    ),
    (
        "navg.enterprise",
        &[
            "enterprise",
            "enterprise_revenue",
            "chain",
            "instructor",
            "guidance_team",
            "enterprise_census",
            "park_profile",
        ],
    ),
    ("navg.centre", &["centre", "centre_enterprise"]),
    (
        "navg.work",
        &[
            "cadence_obligation",
            "cadence_activity",
            "cadence_compliance",
            "task",
            "task_recipient",
            "task_file",
            "cadence_signin",
            "cadence_file",
            "cadence_change",
            "campaign",
            "campaign_target",
            "campaign_value",
            "campaign_milestone",
            "campaign_task",
            "campaign_file",
            "rubric",
            "rubric_version",
            "round",
            "round_score",
            "round_evidence",
            "round_file",
            "rating",
            "rating_rule",
            "rating_objection",
            "allowance_amount",
            "allowance_batch",
            "allowance_payee",
            "commendation",
        ],
    ),
    (
        "navg.members",
        &["person", "person_post", "person_note", "honour", "quota"],
    ),
    (
        "navg.studios",
        &[
            "studio",
            "studio_member",
            "studio_file",
            "studio_achievement",
            "studio_mentorship",
            "studio_mentorship_session",
            "studio_mentorship_outcome",
            "studio_training",
            "studio_project",
            "studio_project_milestone",
            "studio_project_benefit",
            "studio_question",
            "studio_office_hour",
            "studio_evaluation",
            "studio_proposal",
            "studio_support",
            "alliance",
            "alliance_shared",
        ],
    ),
    (
        "navg.service",
        &[
            "service_request",
            "request_file",
            "request_category",
            "visit",
            "request_stats",
            "work_calendar",
            "work_hours",
        ],
    ),
    (
        "navg.system",
        &[
            "user",
            "role",
            "assignment",
            "api_token",
            "notice_feed",
            "session",
            "login_lock",
            "audit_log",
        ],
    ),
];

/// Fields whose values are codes with names: (kind of record, or "" for any; field; the
/// prefix of the names' keys).
const NAMED_VALUES: &[(&str, &str, &str)] = &[
    ("", "gender", "gender"),
    ("", "education", "education"),
    ("person", "status", "pstatus"),
    ("org_node", "status", "status"),
    ("user", "status", "status"),
    ("honour", "level", "honour_level"),
    ("service_request", "state", "rq.state"),
    ("service_request", "channel", "rq.channel"),
    ("service_request", "urgency", "rq.urgency"),
    ("studio", "state", "studio.state"),
    ("studio", "level", "studio.level"),
    ("studio_member", "role", "studio.role"),
    ("centre", "kind", "centre.kind"),
    ("centre", "status", "centre.status"),
];

/// The name of an action; some kinds of record name theirs in their own words (a request is
/// 办结, closed, where a mentorship is 结束, ended).
pub fn action(tr: Tr, action: &str, record_type: &str) -> &'static str {
    let own = format!("action_of.{record_type}.{action}");
    if tr.has(&own) {
        return tr.t(&own);
    }
    tr.t(&format!("action.{action}"))
}

pub fn record(tr: Tr, record_type: &str) -> &'static str {
    tr.t(&format!("record.{record_type}"))
}

/// The fields that name a record, the first found naming it.
const NAMING_FIELDS: &[&str] = &["name", "display_name", "title", "topic", "username", "code"];

/// What an entry's record is called (its name, title, …), read from its after, else its
/// before, also where the after wraps the record.
pub fn subject(before: Option<&Value>, after: Option<&Value>) -> Option<String> {
    let before_fields = before.map(|v| fields(v, None));
    let found = |v: &Value| {
        let m = fields(v, before_fields.as_ref());
        NAMING_FIELDS
            .iter()
            .find_map(|f| m.get(*f).and_then(Value::as_str).map(str::to_string))
    };
    after
        .and_then(found)
        .or_else(|| before.and_then(found))
        .filter(|s| !s.is_empty())
}

/// One changed field of an entry: its label, its value before and after, as text.
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields an entry's before → after changed: on an update the fields whose values
/// differ, on a creation or a deletion every field it names. An `after` that wraps the
/// record (`{"on": …, "person": {…}}` after a person's `{…}`) is compared field by field
/// with the record, its other fields shown as added.
pub fn changes(
    tr: Tr,
    record_type: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<Change> {
    let before = before.map(|v| fields(v, None));
    let after = after.map(|v| fields(v, before.as_ref()));
    let text = |k: &str, v: &Value| Words { tr, record_type }.text(k, v);
    let empty = Map::new();
    let (b, a) = (
        before.as_ref().unwrap_or(&empty),
        after.as_ref().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| Change {
            field: label(tr, k),
            before: b.get(k).map(|v| text(k, v)).unwrap_or_default(),
            after: a.get(k).map(|v| text(k, v)).unwrap_or_default(),
        })
        .collect()
}

/// A value as a map of fields: an object as it is, anything else as one field named
/// `value`; an object wrapping the record that `like` shows unwrapped.
fn fields(v: &Value, like: Option<&Map<String, Value>>) -> Map<String, Value> {
    let Value::Object(m) = v else {
        return Map::from_iter([("value".to_string(), v.clone())]);
    };
    let wrapped = like.and_then(|like| {
        m.iter().find_map(|(k, inner)| match inner {
            Value::Object(o) if !like.contains_key(k) && o.keys().any(|f| like.contains_key(f)) => {
                Some((k, o))
            }
            _ => None,
        })
    });
    match wrapped {
        None => m.clone(),
        Some((key, inner)) => {
            let mut out = inner.clone();
            for (k, v) in m.iter().filter(|(k, _)| *k != key) {
                out.insert(k.clone(), v.clone());
            }
            out
        }
    }
}

/// A field's label: its translation when there is one, else its name.
fn label(tr: Tr, field: &str) -> String {
    let key = format!("afield.{field}");
    match tr.has(&key) {
        true => tr.t(&key).to_string(),
        false => field.to_string(),
    }
}

/// The words of one entry's values.
#[derive(Clone, Copy)]
struct Words<'a> {
    tr: Tr,
    record_type: &'a str,
}

impl Words<'_> {
    /// A value as a person reads it: text as it is, a code by its name where it has one,
    /// yes and no in words, amounts kept in fen as yuan, lists and nested records spelt out.
    fn text(self, field: &str, v: &Value) -> String {
        let tr = self.tr;
        match v {
            Value::Null => String::new(),
            Value::String(s) => self.named(field, s).unwrap_or(s).to_string(),
            Value::Bool(true) => tr.t("audit.yes").to_string(),
            Value::Bool(false) => tr.t("audit.no").to_string(),
            Value::Number(n) => match (field.ends_with("_fen"), n.as_i64()) {
                (true, Some(fen)) => format!("{}.{:02}", fen / 100, (fen % 100).abs()),
                _ => n.to_string(),
            },
            Value::Array(items) => items
                .iter()
                .map(|i| self.text(field, i))
                .collect::<Vec<_>>()
                .join("、"),
            Value::Object(m) => m
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{}: {}", label(tr, k), self.text(k, v)))
                .collect::<Vec<_>>()
                .join("，"),
        }
    }

    /// The name of a code-valued field's value, when it has one.
    fn named(self, field: &str, code: &str) -> Option<&'static str> {
        NAMED_VALUES
            .iter()
            .filter(|(r, f, _)| *f == field && (r.is_empty() || *r == self.record_type))
            .map(|(_, _, prefix)| format!("{prefix}.{code}"))
            .find(|key| self.tr.has(key))
            .map(|key| self.tr.t(&key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use serde_json::json;

    fn rows(before: Option<Value>, after: Option<Value>) -> Vec<(String, String, String)> {
        rows_of("thing", before, after)
    }

    fn rows_of(
        record_type: &str,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Vec<(String, String, String)> {
        changes(
            Tr::new(Lang::ZhCn),
            record_type,
            before.as_ref(),
            after.as_ref(),
        )
        .into_iter()
        .map(|c| (c.field, c.before, c.after))
        .collect()
    }

    fn row(f: &str, b: &str, a: &str) -> (String, String, String) {
        (f.to_string(), b.to_string(), a.to_string())
    }

    #[test]
    fn an_update_shows_the_fields_that_changed_with_their_labels() {
        let before = json!({"display_name": "田茂英", "person_id": null, "status": "active"});
        let after = json!({"display_name": "田茂英", "person_id": 121, "status": "active"});
        assert_eq!(
            rows(Some(before), Some(after)),
            vec![row("关联人员", "", "121")]
        );
    }

    #[test]
    fn a_creation_shows_every_field_in_words() {
        let after =
            json!({"public": false, "saving_fen": 31000000, "team": [3, 4], "zz_unknown": "x"});
        assert_eq!(
            rows(None, Some(after)),
            vec![
                row("公开", "", "否"),
                row("节约成本（元）", "", "310000.00"),
                row("团队成员", "", "3、4"),
                row("zz_unknown", "", "x"),
            ]
        );
    }

    #[test]
    fn an_after_that_wraps_the_record_is_compared_with_it_and_names_its_codes() {
        let before = json!({"name": "黄娟梅", "status": "activist"});
        let after = json!({"on": "2026-11-05", "person": {"name": "黄娟梅", "status": "development_object"}});
        assert_eq!(
            rows_of("person", Some(before), Some(after)),
            vec![
                row("日期", "", "2026-11-05"),
                row("状态", "入党积极分子", "发展对象"),
            ]
        );
    }

    #[test]
    fn an_entry_names_its_record() {
        let person = json!({"name": "黄娟梅", "status": "activist"});
        let wrapped = json!({"on": "2026-11-05", "person": {"name": "黄娟梅"}});
        assert_eq!(
            subject(Some(&person), Some(&wrapped)).as_deref(),
            Some("黄娟梅")
        );
        let gone = json!({"title": "红星工匠", "code": "x"});
        assert_eq!(subject(Some(&gone), None).as_deref(), Some("红星工匠"));
        assert_eq!(subject(None, Some(&json!({"rows": 3}))), None);
    }

    #[test]
    fn codes_are_named_by_the_kind_of_record_they_belong_to() {
        let person = rows_of(
            "person",
            Some(json!({"status": "activist", "gender": "female"})),
            Some(json!({"status": "development_object", "gender": "female"})),
        );
        assert_eq!(person, vec![row("状态", "入党积极分子", "发展对象")]);
        let request = rows_of(
            "service_request",
            None,
            Some(json!({"state": "dispatched"})),
        );
        assert_eq!(request, vec![row("状态", "", "已派单待接单")]);
        // The same field of another kind, or a code without a name, stays as it is.
        let other = rows_of("visit", None, Some(json!({"state": "dispatched"})));
        assert_eq!(other, vec![row("状态", "", "dispatched")]);
        let unknown = rows_of("person", None, Some(json!({"status": "zz"})));
        assert_eq!(unknown, vec![row("状态", "", "zz")]);
    }

    #[test]
    fn every_action_and_record_kind_has_words_in_both_languages() {
        for lang in [Lang::ZhCn, Lang::En] {
            let tr = Tr::new(lang);
            for a in ACTIONS {
                assert!(tr.has(&format!("action.{a}")), "action.{a} in {lang:?}");
            }
            for (group, kinds) in RECORDS {
                assert!(tr.has(group), "{group}");
                for r in *kinds {
                    assert!(tr.has(&format!("record.{r}")), "record.{r} in {lang:?}");
                }
            }
        }
    }

    /// Every action and kind of record the storage code writes as a literal is in the lists
    /// above (so the page has words and a filter for it).
    #[test]
    fn the_lists_hold_every_action_and_record_kind_the_code_writes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../storage/src");
        let mut stack = vec![std::path::PathBuf::from(dir)];
        let mut unknown = vec![];
        let records: Vec<&str> = RECORDS
            .iter()
            .flat_map(|(_, r)| r.iter().copied())
            .collect();
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                for e in std::fs::read_dir(&p).unwrap() {
                    stack.push(e.unwrap().path());
                }
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap_or_default();
            for (prefix, list) in [("action: \"", ACTIONS), ("record_type: \"", &records[..])] {
                for (i, _) in src.match_indices(prefix) {
                    let rest = &src[i + prefix.len()..];
                    let word = &rest[..rest.find('"').unwrap_or(0)];
                    if word != "thing" && !list.contains(&word) {
                        unknown.push(format!("{}: {prefix}{word}", p.display()));
                    }
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "not in the audit page's lists: {unknown:#?}"
        );
    }
}
