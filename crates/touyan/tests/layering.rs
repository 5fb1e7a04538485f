//! The layering rule, checked over the sources of the three library crates: a product area
//! (organizations, people, studios, requests, the working calendar, accounts, ...) imports
//! the shared pieces of its own and lower layers and its own area's modules in every layer,
//! never another area's; the shared pieces (each crate's kit) import no area. Each crate's
//! list of routes and accessors (its registry) may name every area.
//!
//! Today's code breaks the rule in the places listed in `KNOWN`, each to be moved into a kit
//! or behind a named interface. The test fails on a break not listed (new code must keep the
//! rule) and on a listed one that is gone (the list only shrinks, and says what is left).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules that belong to an area: (crate, module, area). Any other module is its crate's
/// kit. A module is a file or folder under `src/`.
const AREAS: &[(&str, &str, &str)] = &[
    ("domain", "org", "org"),
    ("domain", "people", "people"),
    ("domain", "studio", "studio"),
    ("domain", "request", "request"),
    ("storage", "org", "org"),
    ("storage", "people", "people"),
    ("storage", "studio", "studio"),
    ("storage", "request", "request"),
    ("storage", "calendar", "calendar"),
    ("storage", "dict", "dict"),
    ("storage", "accounts", "accounts"),
    ("storage", "auth", "accounts"),
    ("storage", "user", "accounts"),
    ("storage", "role", "accounts"),
    ("storage", "token", "accounts"),
    ("storage", "login_guard", "accounts"),
    ("web", "org", "org"),
    ("web", "people", "people"),
    ("web", "studio", "studio"),
    ("web", "request", "request"),
    ("web", "calendar", "calendar"),
    ("web", "dict", "dict"),
    ("web", "accounts", "accounts"),
    ("web", "audit", "audit"),
    ("web", "home", "home"),
];

/// Each crate's registry: the files that list every area's routes, pages or accessors.
const REGISTRIES: &[&str] = &[
    "domain/src/lib.rs",
    "domain/src/areas.rs",
    "storage/src/lib.rs",
    "storage/src/areas.rs",
    "web/src/lib.rs",
    "web/src/areas.rs",
];

/// Today's breaks of the rule: (file, area it reaches into).
const KNOWN: &[(&str, &str)] = &[
    ("storage/src/calendar.rs", "request"),
    ("storage/src/dict.rs", "org"),
    ("storage/src/entity/request_tables.rs", "request"),
    ("storage/src/org.rs", "dict"),
    ("storage/src/people/ledger.rs", "studio"),
    ("storage/src/request/act.rs", "calendar"),
    ("storage/src/request/cards.rs", "calendar"),
    ("storage/src/request/import.rs", "people"),
    ("storage/src/studio/achievement.rs", "people"),
    ("storage/src/studio/alliance.rs", "people"),
    ("storage/src/studio/mentorship.rs", "people"),
    ("storage/src/studio/mod.rs", "people"),
    ("storage/src/user.rs", "studio"),
    ("web/src/callers.rs", "accounts"),
    ("web/src/pages/mod.rs", "org"),
    ("web/src/calendar/api.rs", "request"),
    ("web/src/dict/pages.rs", "org"),
    ("web/src/home/pages.rs", "org"),
    ("web/src/org/api.rs", "dict"),
    ("web/src/org/pages.rs", "people"),
    ("web/src/people/api/mod.rs", "dict"),
    ("web/src/people/api/mod.rs", "org"),
    ("web/src/people/pages/mod.rs", "org"),
    ("web/src/request/pages/visit/mod.rs", "people"),
    ("web/src/studio/pages/studio/mod.rs", "people"),
    ("web/src/ctx/authenticate.rs", "accounts"),
    ("web/src/ctx/csrf.rs", "accounts"),
    ("web/src/ctx/mod.rs", "accounts"),
];

fn area(krate: &str, module: &str) -> Option<&'static str> {
    AREAS
        .iter()
        .find(|(c, m, _)| *c == krate && *m == module)
        .map(|(_, _, a)| *a)
}

/// The module a file under `src/` belongs to.
fn module_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    parts.first().cloned().unwrap_or_default()
}

/// Every identifier path the source names: `crate::a::b`, `super::a`, `touyan_storage::a`.
fn references(src: &str) -> Vec<(String, String, Option<String>)> {
    let mut out = vec![];
    for root in ["crate", "super", "touyan_domain", "touyan_storage"] {
        let needle = format!("{root}::");
        let mut rest = src;
        while let Some(i) = rest.find(&needle) {
            let before = rest[..i].chars().last();
            rest = &rest[i + needle.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::b, c};`: each item of the group.
                for item in top_level_items(group) {
                    let (first, second) = head(item.trim());
                    out.push((root.to_string(), first, second));
                }
            } else {
                let (first, second) = head(rest);
                out.push((root.to_string(), first, second));
            }
        }
    }
    out
}

/// The first two segments of a path.
fn head(s: &str) -> (String, Option<String>) {
    let seg = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let first = seg(s);
    let second = s[first.len()..]
        .strip_prefix("::")
        .map(seg)
        .filter(|s| !s.is_empty());
    (first, second)
}

/// The comma-separated items of a `{...}` group up to its closing brace, nested groups kept
/// whole.
fn top_level_items(s: &str) -> Vec<&str> {
    let mut items = vec![];
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&s[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// The areas a file reaches into, other than its own.
fn breaks(krate: &str, rel: &Path, src: &str) -> BTreeSet<&'static str> {
    let module = module_of(rel);
    let own = area(krate, &module);
    let mut found = BTreeSet::new();
    for (root, first, _) in references(src) {
        let target = match root.as_str() {
            "crate" => area(krate, &first),
            "touyan_domain" => area("domain", &first),
            "touyan_storage" => area("storage", &first),
            _ => None,
        };
        if let Some(t) = target {
            if Some(t) != own {
                found.insert(t);
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a source folder") {
        let p = e.expect("an entry").path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every break of the rule in the three crates, as `crate/src/file` and the area reached.
fn all_breaks() -> BTreeSet<(String, &'static str)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = BTreeSet::new();
    for krate in ["domain", "storage", "web"] {
        let src = crates.join(krate).join("src");
        let mut files = vec![];
        sources(&src, &mut files);
        for f in files {
            let rel = f.strip_prefix(&src).unwrap().to_path_buf();
            let name = format!("{krate}/src/{}", rel.display());
            if REGISTRIES.contains(&name.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            for a in breaks(krate, &rel, &text) {
                all.insert((name.clone(), a));
            }
        }
    }
    all
}

#[test]
fn areas_reach_only_their_own_area_and_the_kits() {
    let found = all_breaks();
    let known: BTreeSet<(String, &str)> = KNOWN.iter().map(|(f, a)| (f.to_string(), *a)).collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    let list = |v: &[&(String, &str)]| {
        v.iter()
            .map(|(f, a)| format!("    (\"{f}\", \"{a}\"),"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        new.is_empty(),
        "{} new reach(es) into another area; import the kit or a named interface instead:\n{}",
        new.len(),
        list(&new)
    );
    assert!(
        gone.is_empty(),
        "mended, so take these out of KNOWN:\n{}",
        list(&gone)
    );
    println!("{} known breaks of the layering rule left", known.len());
}

#[test]
fn the_check_sees_a_reach_into_another_area() {
    let rel = Path::new("people/mod.rs");
    let src = "use crate::request::stats;\nuse crate::audit;\nuse touyan_domain::studio::x;";
    assert_eq!(
        breaks("storage", rel, src),
        BTreeSet::from(["request", "studio"])
    );
    // A kit file may not name an area either.
    assert_eq!(
        breaks("storage", Path::new("audit.rs"), "use crate::org::tree;"),
        BTreeSet::from(["org"])
    );
    // In the web crate too an area is its folder: its own `super::` stays inside.
    assert_eq!(
        breaks(
            "web",
            Path::new("request/pages/visit.rs"),
            "use crate::people::io::X;\nuse super::public::Y;"
        ),
        BTreeSet::from(["people"])
    );
}
