//! The notifications' entry in the list of areas: its tables hang on users, not on nodes.

use crate::kit::area::AreaManifest;

pub(crate) const MANIFEST: AreaManifest = AreaManifest {
    migrations: super::migration::all,
    ..AreaManifest::named("notice")
};

impl<'a> crate::Scoped<'a> {
    /// The caller's own notifications and calendar feed.
    pub fn notices(self) -> super::NoticeRepo<'a> {
        super::NoticeRepo { s: self }
    }
}
