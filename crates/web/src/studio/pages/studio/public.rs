//! The public studio page and its photos.

use super::*;

#[derive(Template)]
#[template(path = "studio/public_studio.html")]
pub(super) struct PublicPage {
    pub(super) l: Layout,
    pub(super) p: PublicStudio,
    pub(super) kind: String,
}

impl PublicPage {
    pub(super) fn ach_kind<'a>(&'a self, code: &'a str) -> &'a str {
        let key = format!("ach.kind.{code}");
        let t = self.l.t(&key);
        if t == key {
            code
        } else {
            t
        }
    }
}

pub(super) async fn public_page(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> WebResult<Response> {
    let p = st.store.public_studio(&slug).await?;
    let tr = ctx.tr();
    // Kind names come from the dictionary, which needs no caller.
    let actor = touyan_storage::Actor::system();
    let s = st.store.scoped(&actor);
    let kind_names = crate::studio::io::kind_names(s, tr).await?;
    let mut l = Layout::new(&ctx, "", "studio.title.list", &format!("/s/{slug}"));
    l.title = p.name.clone();
    Ok(page(&PublicPage {
        l,
        kind: kind_names.get(&p.kind).cloned().unwrap_or(p.kind.clone()),
        p,
    }))
}

pub(super) async fn public_photo(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> WebResult<Response> {
    let (ct, bytes) = st.store.public_photo(&slug).await?;
    Ok(crate::download::public_picture(&ct, bytes))
}
