//! The public page of an open centre (`/p/centres/{id}`), readable without signing in and laid out
//! for a phone (the address a plaque's QR code points to).

use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::pages::{page, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use touyan_storage::centre::PublicCentre;
use touyan_storage::kit::today;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/p/centres/{id}", get(public_page))
}

#[derive(Template)]
#[template(path = "centre/public_centre.html")]
struct PublicPage {
    l: Layout,
    p: PublicCentre,
    /// The latest activities held at it, and how many this year.
    held: Vec<super::held::HeldLine>,
    this_year: u64,
}

impl PublicPage {
    fn label(&self, prefix: &str, code: &str) -> &'static str {
        self.l.t(&format!("{prefix}.{code}"))
    }
}

async fn public_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let p = st.store.public_centre(id).await?;
    let held =
        touyan_storage::public_held_at_centre(st.store.raw_connection(), id, today()).await?;
    let mut l = Layout::new(&ctx, "", "centre.title", &format!("/p/centres/{id}"));
    l.title = p.name.clone();
    Ok(page(&PublicPage {
        l,
        p,
        held: super::held::lines(held.latest, ctx.tr()),
        this_year: held.this_year,
    }))
}
