//! Translations. Every string the UI or the API shows a person comes from
//! `locales/<lang>.toml`, the shared files and each area's `locales/<module>.<lang>.toml`
//! (listed in its manifest); code refers to it by key. zh-CN is the default.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "zh-CN" | "zh" | "zh-cn" => Some(Lang::ZhCn),
            "en" | "en-US" | "en-GB" => Some(Lang::En),
            _ => None,
        }
    }
    /// Picks a language from an `Accept-Language` header: English only when it is asked
    /// for before any Chinese; everything else gets the default.
    pub fn from_accept(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Lang::ZhCn;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::ZhCn
    }
}

fn flatten(prefix: &str, v: &toml::Value, out: &mut HashMap<String, String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), format!("{other:?}"));
        }
    }
}

/// One language's files (the shared ones, then each area's), flattened together.
fn parse<'a>(srcs: impl Iterator<Item = &'a str>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for src in srcs {
        let v: toml::Value = toml::from_str(src).expect("translation file is valid TOML");
        flatten("", &v, &mut out);
    }
    out
}

/// The texts shared by every area (the frame, errors, imports, input checks, the names of
/// permissions), each file as (zh-CN, en); each area brings its own in its manifest.
const SHARED: &[(&str, &str)] = &[
    (
        include_str!("../locales/zh-CN.toml"),
        include_str!("../locales/en.toml"),
    ),
    (
        include_str!("../locales/imports.zh-CN.toml"),
        include_str!("../locales/imports.en.toml"),
    ),
    (
        include_str!("../locales/input.zh-CN.toml"),
        include_str!("../locales/input.en.toml"),
    ),
    (
        include_str!("../locales/access.zh-CN.toml"),
        include_str!("../locales/access.en.toml"),
    ),
    (
        include_str!("../locales/audit.zh-CN.toml"),
        include_str!("../locales/audit.en.toml"),
    ),
];

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    let files = || {
        SHARED
            .iter()
            .chain(crate::areas::AREAS.iter().flat_map(|a| a.locales.iter()))
    };
    match lang {
        Lang::ZhCn => ZH.get_or_init(|| parse(files().map(|f| f.0))),
        Lang::En => EN.get_or_init(|| parse(files().map(|f| f.1))),
    }
}

/// Keys asked for but found in no file, kept so they can be shown (and fixed).
fn missing(key: &str) -> &'static str {
    static SEEN: OnceLock<std::sync::Mutex<std::collections::HashSet<&'static str>>> =
        OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(s) = seen.get(key) {
        return s;
    }
    tracing::warn!(key, "no translation");
    let s: &'static str = Box::leak(key.to_string().into_boxed_str());
    seen.insert(s);
    s
}

/// A translator for one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The text for `key`; the key itself when no file has it (a test keeps the files whole).
    pub fn t(&self, key: &str) -> &'static str {
        match table(self.lang)
            .get(key)
            .or_else(|| table(Lang::ZhCn).get(key))
        {
            Some(s) => s.as_str(),
            None => missing(key),
        }
    }

    /// `t(key)` with `{name}` placeholders filled.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// A message key that may carry arguments, `err.x|name=%E5%BC%A0&id=3` (values
    /// percent-encoded), as storage reports messages about a named record.
    pub fn msg(&self, key: &str) -> String {
        match key.split_once('|') {
            None => self.t(key).to_string(),
            Some((k, args)) => {
                let pairs: Vec<(String, String)> = form_urlencoded::parse(args.as_bytes())
                    .map(|(a, b)| (a.into_owned(), b.into_owned()))
                    .collect();
                let refs: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str()))
                    .collect();
                self.tf(k, &refs)
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        table(self.lang).contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let zh: std::collections::BTreeSet<_> = table(Lang::ZhCn).keys().collect();
        let en: std::collections::BTreeSet<_> = table(Lang::En).keys().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "zh only: {only_zh:?}; en only: {only_en:?}"
        );
    }

    #[test]
    fn every_rule_and_error_key_used_by_the_domain_is_translated() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../");
        let mut missing = vec![];
        for sub in ["domain/src", "storage/src", "web/src", "web/templates"] {
            let mut stack = vec![std::path::PathBuf::from(dir).join(sub)];
            while let Some(p) = stack.pop() {
                if p.is_dir() {
                    for e in std::fs::read_dir(&p).unwrap() {
                        stack.push(e.unwrap().path());
                    }
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for prefix in ["\"err.", "\"rule."] {
                    for (i, _) in text.match_indices(prefix) {
                        let rest = &text[i + 1..];
                        let end = rest.find('"').unwrap_or(0);
                        let key = &rest[..end];
                        if key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
                            && !key.ends_with('.')
                            && !Tr::new(Lang::ZhCn).has(key)
                        {
                            missing.push(format!("{}: {key}", p.display()));
                        }
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "untranslated keys: {missing:#?}");
    }

    #[test]
    fn accept_language() {
        assert_eq!(Lang::from_accept("en-US,en;q=0.9,zh;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(Lang::from_accept("fr"), Lang::ZhCn);
        assert_eq!(Tr::new(Lang::En).tf("x.{a}", &[]), "x.{a}");
        assert_eq!(
            Tr::new(Lang::ZhCn).msg("err.id_number_repeated|row=7"),
            "身份证号码与本文件第 7 行重复"
        );
        assert_eq!(
            Tr::new(Lang::En).msg("err.id_number_taken_by|name=%E5%BC%A0%20%26&id=3"),
            "This ID number belongs to 张 & (no. 3)"
        );
    }
}
