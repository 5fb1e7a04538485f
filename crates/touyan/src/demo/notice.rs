//! The notifications' demo: every account finds a welcome in its bell, pointing to the
//! calendar feed. The reminders need no records: they are worked out from the cadence's.

use super::{Demo, StepFuture};
use touyan_storage::user::UserFilter;

pub(crate) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let users: Vec<i64> =
            d.s.users()
                .all(&UserFilter::default(), 1_000)
                .await?
                .into_iter()
                .map(|u| u.id)
                .collect();
        let db = d.store.raw_connection();
        touyan_storage::kit::notice::notify(db, &users, "notice.welcome", "/feed", &[]).await?;
        Ok(())
    })
}
