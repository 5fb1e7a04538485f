//! The page frame's navigation: the side menu by group, the user menu's own pages and the
//! breadcrumb trail, all built from the entries the areas register (`crate::area`).

use crate::area::{entry_of, grouped_menu, WebArea};
use crate::i18n::Tr;
use touyan_domain::access::Grants;

/// A link of a menu.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// A group of the side menu as a page shows it.
pub struct NavSection {
    pub key: &'static str,
    pub label: &'static str,
    pub items: Vec<NavItem>,
    /// It holds the current page's entry.
    pub active: bool,
}

/// Where a page sits in the menu: its group and its entry.
pub struct Place {
    pub group: &'static str,
    pub entry: &'static str,
    pub href: &'static str,
}

/// What the frame shows of the menu for one caller on one page.
#[derive(Default)]
pub struct Frame {
    /// The side menu's groups.
    pub side: Vec<NavSection>,
    /// The caller's own pages, in the user menu.
    pub personal: Vec<NavItem>,
    pub place: Option<Place>,
}

impl Frame {
    /// The menu `grants` sees with `section`'s entry marked; `None` grants (no caller) see
    /// no menu, but the trail still names the page's place.
    pub fn build(areas: &[&WebArea], grants: Option<&Grants>, section: &str, tr: Tr) -> Frame {
        // The caller's own entry for the section when there are several (one per group).
        let own = areas
            .iter()
            .flat_map(|a| a.nav.iter())
            .filter(|e| !section.is_empty() && e.section == section)
            .filter(|e| grants.is_some_and(|g| e.shown.to(g)))
            .min_by_key(|e| e.order);
        let place = own.or_else(|| entry_of(areas, section)).map(|e| Place {
            group: tr.t(e.group.label),
            entry: tr.t(e.label),
            href: e.href,
        });
        let Some(g) = grants else {
            return Frame {
                place,
                ..Frame::default()
            };
        };
        let mut frame = Frame {
            place,
            ..Frame::default()
        };
        for m in grouped_menu(areas, g) {
            let items: Vec<NavItem> = m
                .entries
                .iter()
                .map(|e| NavItem {
                    href: e.href,
                    label: tr.t(e.label),
                    active: e.section == section,
                })
                .collect();
            if m.group.side {
                frame.side.push(NavSection {
                    key: m.group.key,
                    label: tr.t(m.group.label),
                    active: items.iter().any(|i| i.active),
                    items,
                });
            } else {
                frame.personal.extend(items);
            }
        }
        frame
    }
}
