//! The layering rule, checked over the sources of the three library crates: a product area
//! (organizations, people, studios, requests, the working calendar, accounts, ...) imports
//! the shared pieces of its own and lower layers and its own area's modules in every layer,
//! never another area's; the shared pieces (each crate's kit) import no area. Each crate's
//! list of routes and accessors (its registry) may name every area.
//!
//! Where one area truly needs another, it names one item of it declared in `INTERFACES`;
//! the areas those declarations link never form a cycle. What an area offers every other
//! area without knowing them (a person's ledger events, a panel on a node's page) goes through
//! its manifest instead. The test fails on any other reach into an area, on a declared
//! interface no code uses, and on a cycle.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules that belong to an area: (crate, module, area). Any other module is its crate's
/// kit. A module is a file or folder under `src/`.
const AREAS: &[(&str, &str, &str)] = &[
    ("domain", "org", "org"),
    ("domain", "people", "people"),
    ("domain", "studio", "studio"),
    ("domain", "request", "request"),
    ("domain", "enterprise", "enterprise"),
    ("domain", "centre", "centre"),
    ("domain", "cadence", "cadence"),
    ("domain", "notice", "notice"),
    ("domain", "task", "task"),
    ("domain", "campaign", "campaign"),
    ("domain", "evaluation", "evaluation"),
    ("domain", "rating", "rating"),
    ("domain", "commendation", "commendation"),
    ("storage", "org", "org"),
    ("storage", "people", "people"),
    ("storage", "studio", "studio"),
    ("storage", "request", "request"),
    ("storage", "enterprise", "enterprise"),
    ("storage", "centre", "centre"),
    ("storage", "cadence", "cadence"),
    ("storage", "notice", "notice"),
    ("storage", "task", "task"),
    ("storage", "campaign", "campaign"),
    ("storage", "evaluation", "evaluation"),
    ("storage", "rating", "rating"),
    ("storage", "commendation", "commendation"),
    ("storage", "calendar", "calendar"),
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
    ("web", "enterprise", "enterprise"),
    ("web", "centre", "centre"),
    ("web", "cadence", "cadence"),
    ("web", "notice", "notice"),
    ("web", "task", "task"),
    ("web", "campaign", "campaign"),
    ("web", "evaluation", "evaluation"),
    ("web", "rating", "rating"),
    ("web", "commendation", "commendation"),
    ("web", "calendar", "calendar"),
    // The page of organization kinds and dictionaries: the kinds are the organization
    // area's, the dictionaries the kit's.
    ("web", "dict", "org"),
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

/// The named interfaces: (area, the other area it uses, the one item of it that it names).
const INTERFACES: &[(&str, &str, &str)] = &[
    // The home page shows the caller's top organization nodes.
    ("home", "org", "TreeItem"),
    // Visits and studios pick the people they name from the people list.
    ("request", "people", "PersonFilter"),
    ("studio", "people", "PersonFilter"),
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

/// The source without its comments (`//` to the end of the line; doc comments too), so
/// that a path named in prose is not taken for a use of it.
fn code_only(src: &str) -> String {
    src.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every identifier path the code names: `crate::a::b`, `super::a`, `touyan_storage::a`.
fn references(src: &str) -> Vec<(String, String, Option<String>)> {
    let code = code_only(src);
    let src = code.as_str();
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

/// What a file names of other areas: the areas it reaches into against the rule, and the
/// declared interfaces it uses.
#[derive(Debug, Default, PartialEq)]
struct Reaches {
    breaks: BTreeSet<&'static str>,
    interfaces: BTreeSet<(&'static str, &'static str, &'static str)>,
}

fn reaches(
    krate: &str,
    rel: &Path,
    src: &str,
    interfaces: &[(&'static str, &'static str, &'static str)],
) -> Reaches {
    let module = module_of(rel);
    let own = area(krate, &module);
    let mut found = Reaches::default();
    for (root, first, second) in references(src) {
        let target = match root.as_str() {
            "crate" => area(krate, &first),
            "touyan_domain" => area("domain", &first),
            "touyan_storage" => area("storage", &first),
            _ => None,
        };
        let Some(t) = target.filter(|t| Some(*t) != own) else {
            continue;
        };
        let declared = own.and_then(|o| {
            interfaces
                .iter()
                .find(|(a, b, item)| *a == o && *b == t && Some(*item) == second.as_deref())
        });
        match declared {
            Some(i) => {
                found.interfaces.insert(*i);
            }
            None => {
                found.breaks.insert(t);
            }
        }
    }
    found
}

fn breaks(krate: &str, rel: &Path, src: &str) -> BTreeSet<&'static str> {
    reaches(krate, rel, src, INTERFACES).breaks
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

/// Every break of the rule in the three crates, as `crate/src/file` and the area reached,
/// and the declared interfaces the code uses.
fn scan() -> (
    BTreeSet<(String, &'static str)>,
    BTreeSet<(&'static str, &'static str, &'static str)>,
) {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (mut all, mut used) = (BTreeSet::new(), BTreeSet::new());
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
            let r = reaches(krate, &rel, &text, INTERFACES);
            for a in r.breaks {
                all.insert((name.clone(), a));
            }
            used.extend(r.interfaces);
        }
    }
    (all, used)
}

/// A cycle among the areas that the interfaces link, if there is one (as the areas on it).
fn cycle(edges: &[(&'static str, &'static str, &'static str)]) -> Option<Vec<&'static str>> {
    fn visit(
        at: &'static str,
        edges: &[(&'static str, &'static str, &'static str)],
        path: &mut Vec<&'static str>,
        done: &mut BTreeSet<&'static str>,
    ) -> Option<Vec<&'static str>> {
        if let Some(i) = path.iter().position(|a| *a == at) {
            let mut c = path[i..].to_vec();
            c.push(at);
            return Some(c);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at);
        for (_, to, _) in edges.iter().filter(|(from, _, _)| *from == at) {
            if let Some(c) = visit(to, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(at);
        None
    }
    let mut done = BTreeSet::new();
    edges
        .iter()
        .find_map(|(from, _, _)| visit(from, edges, &mut vec![], &mut done))
}

#[test]
fn areas_reach_only_their_own_area_the_kits_and_declared_interfaces() {
    let (found, used) = scan();
    let list = found
        .iter()
        .map(|(f, a)| format!("    {f} reaches into {a}"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        found.is_empty(),
        "{} reach(es) into another area; import the kit, declare the area's manifest hook, or \
         name one item declared in INTERFACES:\n{list}",
        found.len()
    );
    let unused: Vec<_> = INTERFACES.iter().filter(|i| !used.contains(*i)).collect();
    assert!(
        unused.is_empty(),
        "declared interfaces no code uses: {unused:?}"
    );
    assert_eq!(
        cycle(INTERFACES),
        None,
        "the interfaces link areas in a cycle"
    );
    println!(
        "no reach into another area; {} declared interfaces, no cycle",
        INTERFACES.len()
    );
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
    // A path named in a comment is no use of it.
    assert!(breaks("storage", rel, "/// see `crate::request::stats`\nfn f() {}").is_empty());
}

#[test]
fn a_declared_interface_allows_its_one_item_and_nothing_else() {
    const DECLARED: &[(&str, &str, &str)] = &[("request", "people", "PersonFilter")];
    let rel = Path::new("request/pages/visit/mod.rs");
    let named = reaches(
        "web",
        rel,
        "use touyan_storage::people::PersonFilter;",
        DECLARED,
    );
    assert!(named.breaks.is_empty());
    assert_eq!(named.interfaces.len(), 1);
    for other in [
        "use touyan_storage::people::PersonView;",
        "use touyan_storage::people::{PersonFilter, PersonView};",
        "use crate::people::pages::X;",
    ] {
        let r = reaches("web", rel, other, DECLARED);
        assert_eq!(r.breaks, BTreeSet::from(["people"]), "{other}");
    }
    // The declaration is one way: people may not name requests' items in return.
    let back = reaches(
        "web",
        Path::new("people/api/mod.rs"),
        "use touyan_storage::request::PersonFilter;",
        DECLARED,
    );
    assert_eq!(back.breaks, BTreeSet::from(["request"]));
}

#[test]
fn a_cycle_of_interfaces_is_found() {
    assert_eq!(cycle(INTERFACES), None);
    let edges = &[
        ("a", "b", "X"),
        ("b", "c", "Y"),
        ("c", "a", "Z"),
        ("d", "a", "W"),
    ];
    assert_eq!(cycle(edges), Some(vec!["a", "b", "c", "a"]));
    assert_eq!(cycle(&[("a", "b", "X"), ("c", "b", "Y")]), None);
}
