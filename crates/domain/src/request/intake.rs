//! Taking a request in (受理登记): the channels of DESIGN module 7 — the public form, 红色代办
//! at the window and at the door [004], enterprise orders and visits (企业下单、走访 [003]),
//! grid patrol (未诉先办 [002]) and the 12345 hotline [003] — the complainant's contact, and
//! the tracking code the complainant follows the request with.

use super::{optional_text, required_text};
use crate::fields::Mobile;
use crate::input::text;
use crate::{DomainError, FieldErrors};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 群众/企业在线提交
    PublicForm,
    /// 窗口帮办 [004]
    Window,
    /// 上门代办 [004]
    Doorstep,
    /// 企业下单 [003]
    Enterprise,
    /// 走访 [003]
    Visit,
    /// 网格巡查, 未诉先办 [002]: found by a grid worker, raised by nobody.
    Patrol,
    /// 12345 热线转办 [003]
    Hotline,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::PublicForm,
        Channel::Window,
        Channel::Doorstep,
        Channel::Enterprise,
        Channel::Visit,
        Channel::Patrol,
        Channel::Hotline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::PublicForm => "public_form",
            Channel::Window => "window",
            Channel::Doorstep => "doorstep",
            Channel::Enterprise => "enterprise",
            Channel::Visit => "visit",
            Channel::Patrol => "patrol",
            Channel::Hotline => "hotline",
        }
    }

    pub fn from_code(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Everyone but grid patrol has somebody who raised the request and is followed up with.
    pub fn has_complainant(self) -> bool {
        self != Channel::Patrol
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Urgency {
    /// 一般
    #[default]
    Normal,
    /// 紧急
    Urgent,
    /// 特急
    Critical,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Normal, Urgency::Urgent, Urgency::Critical];

    pub fn code(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
            Urgency::Critical => "critical",
        }
    }

    pub fn from_code(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.code() == s)
    }
}

/// A fixed-line number with its area code (区号-号码): area code `0` and 2–3 more digits
/// (010, 0536), a 7–8 digit local number not starting with 0 or 1, and optionally an
/// extension of 1–6 digits. Written `0536-1234567`, `(0536)1234567`, `0536 1234567` or
/// `010-12345678-801`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landline {
    area: String,
    number: String,
    ext: Option<String>,
}

impl Landline {
    pub fn parse(s: &str) -> Option<Landline> {
        let t: String = s
            .trim()
            .replace('(', "")
            .replace([')', ' ', '—', '－'], "-")
            .replace("转", "-");
        let parts: Vec<&str> = t.split('-').filter(|p| !p.is_empty()).collect();
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        let (area, number, ext) = match parts.as_slice() {
            [a, n] => (*a, *n, None),
            [a, n, e] => (*a, *n, Some(*e)),
            _ => return None,
        };
        let ok = (3..=4).contains(&area.len())
            && area.starts_with('0')
            && !area.starts_with("00")
            && digits(area)
            && (7..=8).contains(&number.len())
            && digits(number)
            && !number.starts_with(['0', '1'])
            && ext.is_none_or(|e| (1..=6).contains(&e.len()) && digits(e));
        ok.then(|| Landline {
            area: area.to_string(),
            number: number.to_string(),
            ext: ext.map(str::to_string),
        })
    }

    /// `0536-1234567`, with `-801` for an extension.
    pub fn as_string(&self) -> String {
        match &self.ext {
            Some(e) => format!("{}-{}-{e}", self.area, self.number),
            None => format!("{}-{}", self.area, self.number),
        }
    }

    /// `0536-***4567`: the area code and the last four digits kept, the extension dropped.
    pub fn masked(&self) -> String {
        let n = &self.number;
        format!(
            "{}-{}{}",
            self.area,
            "*".repeat(n.len() - 4),
            &n[n.len() - 4..]
        )
    }
}

/// A contact number: a mobile, or a landline with its area code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    Mobile(Mobile),
    Landline(Landline),
}

impl Phone {
    /// Blank is `err.required`; anything neither a mobile nor a landline is
    /// `err.request_phone_format`, under `field`.
    pub fn parse(field: &str, s: &str) -> Result<Phone, DomainError> {
        if s.trim().is_empty() {
            return Err(DomainError::field(field, "err.required"));
        }
        if let Ok(m) = Mobile::parse(s) {
            return Ok(Phone::Mobile(m));
        }
        Landline::parse(s)
            .map(Phone::Landline)
            .ok_or_else(|| DomainError::field(field, "err.request_phone_format"))
    }

    /// As stored: `13812345678` or `0536-1234567`.
    pub fn as_string(&self) -> String {
        match self {
            Phone::Mobile(m) => m.as_str().to_string(),
            Phone::Landline(l) => l.as_string(),
        }
    }

    /// For lists and the tracking page: `138****5678`, `0536-***4567`.
    pub fn masked(&self) -> String {
        match self {
            Phone::Mobile(m) => m.masked(),
            Phone::Landline(l) => l.masked(),
        }
    }
}

/// The person who raised the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub phone: Phone,
}

/// The 12345 hotline's own order number (工单编号), kept to match its batch files and to
/// report back. Formats differ between cities, so the check is loose: 6–32 letters, digits
/// or hyphens.
pub fn parse_hotline_no(s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field("hotline_no", "err.required"));
    }
    let ok =
        (6..=32).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(t.to_string())
    } else {
        Err(DomainError::field(
            "hotline_no",
            "err.request_hotline_no_format",
        ))
    }
}

// A new request as the staff form and the API body give it, read alike from each
// (`Deserialize`): text fields blank when not given. (Kept out of the API schema's
// description, which is the body's own.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(utoipa::ToSchema),
    schema(as = RequestBody)
)]
pub struct RequestInput {
    /// `window` (窗口帮办), `doorstep` (上门代办), `enterprise` (企业下单), `visit` (走访) or
    /// `patrol` (网格巡查, 未诉先办: no contact). 12345 orders come through the import, the
    /// public form through `/api/v1/public/requests`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub channel: String,
    // A code of the category dictionary (its time limits are a workflow `Policy`).
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub category: String,
    /// Where the request lies; the caller must dispatch or handle requests there.
    #[serde(default)]
    pub node_id: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub address: String,
    /// 5–2000 characters.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub description: String,
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_name: String,
    /// A mobile or a landline with its area code.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub contact_phone: String,
    /// `normal` (default), `urgent` or `critical`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub urgency: String,
    /// The 12345 order number: set by the hotline import, never read from a form or a body.
    #[serde(skip_deserializing)]
    pub hotline_no: String,
    /// Required for `enterprise`.
    #[serde(default, deserialize_with = "text")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub enterprise_name: String,
}

/// A request that passed intake, ready to store as 待受理.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub channel: Channel,
    pub category: String,
    pub node_id: i64,
    pub address: Option<String>,
    pub description: String,
    /// `None` exactly for grid patrol.
    pub contact: Option<Contact>,
    pub urgency: Urgency,
    pub hotline_no: Option<String>,
    pub enterprise_name: Option<String>,
}

impl RequestInput {
    /// `categories`: the codes of the category dictionary. Every bad field is reported at
    /// once.
    pub fn parse(&self, categories: &[String]) -> Result<NewRequest, DomainError> {
        let mut fe = FieldErrors::new();
        let channel = match self.channel.trim() {
            "" => {
                fe.add("channel", "err.required");
                None
            }
            c => Channel::from_code(c).or_else(|| {
                fe.add("channel", "err.choice");
                None
            }),
        };
        let category = self.category.trim();
        if category.is_empty() {
            fe.add("category", "err.required");
        } else if !categories.iter().any(|c| c == category) {
            fe.add("category", "err.choice");
        }
        if self.node_id.is_none() {
            fe.add("node_id", "err.node_required");
        }
        let address = optional_text(&mut fe, "address", &self.address, 200, "err.too_long_200");
        let description = required_text(
            &mut fe,
            "description",
            &self.description,
            2000,
            "err.too_long_2000",
        );
        if description.as_ref().is_some_and(|d| d.chars().count() < 5) {
            fe.add("description", "err.too_short_5");
        }
        let urgency = match self.urgency.trim() {
            "" => Some(Urgency::Normal),
            u => Urgency::from_code(u).or_else(|| {
                fe.add("urgency", "err.choice");
                None
            }),
        };
        let enterprise_name = optional_text(
            &mut fe,
            "enterprise_name",
            &self.enterprise_name,
            100,
            "err.too_long_100",
        )
        .flatten();
        if channel == Some(Channel::Enterprise)
            && enterprise_name.is_none()
            && !fe.0.contains_key("enterprise_name")
        {
            fe.add("enterprise_name", "err.required");
        }
        let hotline_no = match channel {
            Some(Channel::Hotline) => fe.check("hotline_no", parse_hotline_no(&self.hotline_no)),
            _ => {
                if !self.hotline_no.trim().is_empty() {
                    fe.add("hotline_no", "err.request_hotline_no_only_hotline");
                }
                None
            }
        };
        let contact = self.contact(&mut fe, channel);
        fe.into_result()?;
        let channel = channel.expect("checked");
        Ok(NewRequest {
            channel,
            category: category.to_string(),
            node_id: self.node_id.expect("checked"),
            address: address.expect("checked"),
            description: description.expect("checked"),
            contact,
            urgency: urgency.expect("checked"),
            hotline_no: hotline_no.filter(|_| channel == Channel::Hotline),
            enterprise_name,
        })
    }

    /// The complainant to reply to and follow up with. 未诉先办: a patrol finding names no
    /// complainant; every other channel has one.
    fn contact(&self, fe: &mut FieldErrors, channel: Option<Channel>) -> Option<Contact> {
        match channel {
            Some(Channel::Patrol) => {
                for (field, value) in [
                    ("contact_name", &self.contact_name),
                    ("contact_phone", &self.contact_phone),
                ] {
                    if !value.trim().is_empty() {
                        fe.add(field, "err.request_patrol_no_contact");
                    }
                }
                None
            }
            _ => {
                let name = required_text(
                    fe,
                    "contact_name",
                    &self.contact_name,
                    50,
                    "err.too_long_50",
                );
                let phone = fe.check(
                    "contact_phone",
                    Phone::parse("contact_phone", &self.contact_phone),
                );
                name.zip(phone).map(|(name, phone)| Contact { name, phone })
            }
        }
    }
}

/// The tracking code's alphabet: Crockford's base32, digits and capitals without I, L, O and
/// U, so nothing read over the phone or copied by hand is mistaken for something else.
pub const TRACKING_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a tracking code: 20, carrying 100 random bits — unguessable, since the code
/// alone opens the request's tracking page.
pub const TRACKING_LEN: usize = 20;

/// The tracking code for 13 random bytes (from the caller's secure random source): their
/// first 100 bits, five at a time, in [`TRACKING_ALPHABET`].
pub fn format_tracking_code(bytes: [u8; 13]) -> String {
    let mut out = String::with_capacity(TRACKING_LEN);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 && out.len() < TRACKING_LEN {
            bits -= 5;
            out.push(TRACKING_ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    out
}

/// A tracking code as stored: exactly 20 characters of [`TRACKING_ALPHABET`].
pub fn tracking_code_ok(s: &str) -> bool {
    s.len() == TRACKING_LEN && s.bytes().all(|b| TRACKING_ALPHABET.contains(&b))
}

/// Characters as people type a code: spaces and hyphens dropped, lower case raised, and O
/// read as 0, I and L as 1 (Crockford's decoding).
fn typed_code(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// A tracking code as people type it (see [`typed_code`]). `None` if it is still not a code.
pub fn normalize_tracking_code(s: &str) -> Option<String> {
    let t = typed_code(s);
    tracking_code_ok(&t).then_some(t)
}

/// The fewest characters a search takes as the start of a tracking code: four carry 20
/// bits, so a prefix rarely names more than the request meant.
pub const TRACKING_PREFIX_MIN: usize = 4;

/// The start of a tracking code as people type it (read like [`normalize_tracking_code`]):
/// `None` unless it is at least [`TRACKING_PREFIX_MIN`] and at most [`TRACKING_LEN`]
/// characters of the code's alphabet. A whole code is its own prefix.
pub fn tracking_code_prefix(s: &str) -> Option<String> {
    let t = typed_code(s);
    ((TRACKING_PREFIX_MIN..=TRACKING_LEN).contains(&t.len())
        && t.bytes().all(|b| TRACKING_ALPHABET.contains(&b)))
    .then_some(t)
}

/// For reading out and printing: `ABCDE-FGHJK-MNPQR-STVWX`.
pub fn display_tracking_code(code: &str) -> String {
    code.as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests;
