//! The public page of an organization (`/p/orgs/{id}`), readable without signing in and laid
//! out for a phone: its name, kind and superior, and what the areas make public about it (a
//! party branch's current star and the stars of earlier periods, say).

use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::pages::{page, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use touyan_storage::kit::area::PublicText;
use touyan_storage::org::PublicOrg;

pub fn routes() -> crate::routes::Routes {
    crate::routes::Routes::new().route("/p/orgs/{id}", get(public_page))
}

#[derive(Template)]
#[template(path = "org/public_org.html")]
struct PublicPage {
    l: Layout,
    p: PublicOrg,
}

impl PublicPage {
    /// A label or a value in the visitor's language.
    fn text<'a>(&'a self, t: &'a PublicText) -> &'a str {
        match t {
            PublicText::Plain(s) => s,
            PublicText::Key(k) => self.l.t(k),
        }
    }

    fn kind_name(&self) -> &str {
        if self.l.tr.lang == Lang::En {
            &self.p.kind_name_en
        } else {
            &self.p.kind_name
        }
    }
}

async fn public_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let p = st.store.public_org(id).await?;
    let mut l = Layout::new(&ctx, "", "org.public_title", &format!("/p/orgs/{id}"));
    l.title = p.name.clone();
    Ok(page(&PublicPage { l, p }))
}
