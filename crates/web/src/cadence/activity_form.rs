//! The activity form: its fields, the types ticked, and the roster of the day with each
//! member's attendance (出席, 请假 with a reason, 缺席); and the page form read back as the
//! domain's input.

use crate::error::{WebError, WebResult};
use crate::i18n::Tr;
use crate::pages::{Errors, Opt};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use touyan_domain::cadence::{parse_held_at, ActivityInput, AttendanceInput, ATTENDANCE};
use touyan_storage::cadence::{ActivityView, AttendanceView, RosterEntry};
use touyan_storage::kit::today;
use touyan_storage::{Scoped, StorageError};

/// The plain fields of the form, in the order of the input.
const FIELDS: [&str; 9] = [
    "node_id",
    "held_at",
    "place",
    "host",
    "recorder",
    "lecturer",
    "topic",
    "minutes",
    "centre_id",
];

/// One member of the roster with the attendance chosen for them.
pub(crate) struct RosterLine {
    pub person_id: i64,
    pub name: String,
    /// `full` or `probationary`; blank when read back from a stored record.
    pub member: String,
    /// `present`, `leave` or `absent`.
    pub status: String,
    pub reason: String,
}

impl RosterLine {
    fn from_entry(e: RosterEntry, chosen: &Chosen) -> Self {
        let (status, reason) = chosen
            .get(&e.person_id)
            .cloned()
            .unwrap_or_else(|| ("present".to_string(), String::new()));
        RosterLine {
            person_id: e.person_id,
            name: e.name,
            member: e.status,
            status,
            reason,
        }
    }

    fn from_view(a: &AttendanceView) -> Self {
        RosterLine {
            person_id: a.person_id,
            name: a.name.clone(),
            member: String::new(),
            status: a.status.clone(),
            reason: a.reason.clone().unwrap_or_default(),
        }
    }

    pub fn is(&self, status: &str) -> bool {
        self.status == status
    }
}

/// The attendance a submitted form chose, by person: (status, reason).
pub(crate) type Chosen = HashMap<i64, (String, String)>;

/// The form as shown: its values, the types ticked, its errors, the choices and the roster.
pub(crate) struct ActivityForm {
    pub values: BTreeMap<String, String>,
    pub ticked: Vec<String>,
    pub errors: Errors,
    pub types: Vec<Opt>,
    /// None until an organization and a day are chosen.
    pub roster: Option<Vec<RosterLine>>,
    /// The latest moment the held-at field takes: the end of today.
    pub max: String,
    pub statuses: [&'static str; 3],
    /// The organization's name when it cannot be changed (an existing record's).
    pub fixed_node: Option<String>,
    /// The service centres the organization chosen may hold it at; none until one is
    /// chosen.
    pub centres: Option<Vec<Opt>>,
}

impl ActivityForm {
    pub fn new(types: Vec<Opt>) -> Self {
        ActivityForm {
            values: BTreeMap::new(),
            ticked: Vec::new(),
            errors: Errors::default(),
            types,
            roster: None,
            max: format!("{}T23:59", today()),
            statuses: ATTENDANCE,
            fixed_node: None,
            centres: None,
        }
    }

    /// The form of an existing record: its organization is shown, not chosen.
    pub fn fixed(mut self, name: String) -> Self {
        self.fixed_node = Some(name);
        self
    }

    pub fn val(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    pub fn has_type(&self, code: &str) -> bool {
        self.ticked.iter().any(|t| t == code)
    }

    /// The form filled from a stored activity, its roster as recorded.
    pub fn of_view(mut self, v: &ActivityView) -> Self {
        let o = |x: &Option<String>| x.clone().unwrap_or_default();
        let pairs = [
            ("node_id", v.node_id.to_string()),
            ("held_at", v.held_at.replacen(' ', "T", 1)),
            ("place", o(&v.place)),
            ("host", o(&v.host)),
            ("recorder", o(&v.recorder)),
            ("lecturer", o(&v.lecturer)),
            ("topic", v.topic.clone()),
            ("minutes", o(&v.minutes)),
            (
                "centre_id",
                v.centre_id.map(|c| c.to_string()).unwrap_or_default(),
            ),
        ];
        self.values = pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        self.ticked = v.types.clone();
        self.roster = Some(v.attendance.iter().map(RosterLine::from_view).collect());
        self
    }

    /// The form filled from what was submitted, with the roster of the organization and day
    /// it names (when both can be read) and the attendance chosen.
    pub async fn of_fields(
        mut self,
        s: Scoped<'_>,
        fields: &[(String, String)],
        errors: BTreeMap<String, String>,
        tr: Tr,
    ) -> Self {
        for k in FIELDS {
            self.values
                .insert(k.to_string(), first(fields, k).to_string());
        }
        self.ticked = all(fields, "types");
        self.errors = Errors(errors);
        let node = first(fields, "node_id").trim().parse::<i64>().ok();
        let day = parse_held_at(first(fields, "held_at")).map(|d| d.date());
        self.roster = roster(s, node, day, &chosen(fields)).await.ok().flatten();
        self.centres = centre_opts(s, node, tr).await.ok().flatten();
        self
    }

    /// The centres of the record's organization, and the centre it names even when the
    /// organization may no longer choose it (it has moved since).
    pub async fn with_centres(mut self, s: Scoped<'_>, v: &ActivityView, tr: Tr) -> Self {
        let mut opts = centre_opts(s, Some(v.node_id), tr)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        if let (Some(id), Some(name)) = (v.centre_id, &v.centre_name) {
            if !opts.iter().any(|o| o.code == id.to_string()) {
                opts.push(Opt {
                    code: id.to_string(),
                    label: name.clone(),
                });
            }
        }
        self.centres = Some(opts);
        self
    }
}

/// The first value of field `k` ("" when absent).
pub(crate) fn first<'a>(fields: &'a [(String, String)], k: &str) -> &'a str {
    fields
        .iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.as_str())
}

/// Every non-blank value of field `k`.
fn all(fields: &[(String, String)], k: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(n, v)| n == k && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

/// The attendance the radios (`att_<person>`) and reasons (`reason_<person>`) chose.
pub(crate) fn chosen(fields: &[(String, String)]) -> Chosen {
    fields
        .iter()
        .filter_map(|(k, v)| {
            let id = k.strip_prefix("att_")?;
            let person = id.parse::<i64>().ok()?;
            let reason = first(fields, &format!("reason_{id}")).to_string();
            Some((person, (v.trim().to_string(), reason)))
        })
        .collect()
}

/// The roster of `node` on `day` with the attendance chosen; none when either is missing.
pub(crate) async fn roster(
    s: Scoped<'_>,
    node: Option<i64>,
    day: Option<NaiveDate>,
    chosen: &Chosen,
) -> WebResult<Option<Vec<RosterLine>>> {
    let (Some(node), Some(day)) = (node, day) else {
        return Ok(None);
    };
    let entries = s.cadence().roster(node, day).await?;
    Ok(Some(
        entries
            .into_iter()
            .map(|e| RosterLine::from_entry(e, chosen))
            .collect(),
    ))
}

/// The service centres an activity of `node` may be held at, closed ones marked; none when
/// no organization is chosen.
pub(crate) async fn centre_opts(
    s: Scoped<'_>,
    node: Option<i64>,
    tr: Tr,
) -> WebResult<Option<Vec<Opt>>> {
    let Some(node) = node else {
        return Ok(None);
    };
    let centres = s.cadence().usable_centres(node).await?;
    Ok(Some(
        centres
            .into_iter()
            .map(|c| Opt {
                code: c.id.to_string(),
                label: if c.status == "open" {
                    c.name
                } else {
                    format!("{}{}", c.name, tr.t("cadence.centre_closed"))
                },
            })
            .collect(),
    ))
}

/// The submitted page form as the domain's input: everyone marked other than present is
/// listed with their reason; anyone not listed counts as present.
pub(crate) fn input_of(fields: &[(String, String)]) -> ActivityInput {
    let get = |k: &str| first(fields, k).to_string();
    let mut attendance: Vec<AttendanceInput> = chosen(fields)
        .into_iter()
        .filter(|(_, (status, _))| status != "present")
        .map(|(person_id, (status, reason))| AttendanceInput {
            person_id,
            status,
            reason,
        })
        .collect();
    attendance.sort_by_key(|a| a.person_id);
    ActivityInput {
        node_id: get("node_id"),
        types: all(fields, "types"),
        held_at: get("held_at"),
        place: get("place"),
        centre_id: get("centre_id"),
        host: get("host"),
        recorder: get("recorder"),
        lecturer: get("lecturer"),
        topic: get("topic"),
        minutes: get("minutes"),
        attendance,
    }
}

/// A node id in a query or form, as a field error when it is no number.
pub(crate) fn node_of(v: &str) -> Result<Option<i64>, WebError> {
    match v.trim() {
        "" => Ok(None),
        t => t
            .parse::<i64>()
            .map(Some)
            .map_err(|_| StorageError::field("node_id", "err.number_invalid").into()),
    }
}
