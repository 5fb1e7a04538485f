//! The honours list.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct HonoursQ {
    pub(super) title: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
}

pub(super) struct TitleLink {
    pub(super) title: String,
    pub(super) holders: u64,
    pub(super) href: String,
    pub(super) selected: bool,
}

#[derive(Template)]
#[template(path = "people/honours.html")]
pub(super) struct HonoursPage {
    pub(super) l: Layout,
    pub(super) titles: Vec<TitleLink>,
    pub(super) title: String,
    pub(super) items: Vec<HonourView>,
    pub(super) pager: Pager,
    pub(super) export_href: String,
}

impl HonoursPage {
    pub(super) fn label(&self, prefix: &str, code: &str) -> &'static str {
        label(&self.l, prefix, code)
    }
}

pub(super) async fn honours(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<HonoursQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let req = parse_page(&q.page, &q.per_page)?;
    let title = blank(&q.title).unwrap_or_default();
    let titles = s
        .honours()
        .titles(None)
        .await?
        .into_iter()
        .map(|t| TitleLink {
            href: format!("/honours?title={}", urlencoding::encode(&t.title)),
            selected: t.title == title,
            title: t.title,
            holders: t.holders,
        })
        .collect();
    let (items, total) = if title.is_empty() {
        (vec![], 0)
    } else {
        let p = s
            .honours()
            .list(
                &HonourFilter {
                    title: Some(title.clone()),
                    ..Default::default()
                },
                req,
            )
            .await?;
        (p.items, p.total)
    };
    let pager = Pager::new(req, total, &[("title", title.clone())]);
    let mut l = layout(&me, "honours", "ptitle.honours", "/honours", None);
    if !title.is_empty() {
        l.title = title.clone();
    }
    Ok(page(&HonoursPage {
        l,
        titles,
        title,
        items,
        pager,
        export_href: "/api/v1/honours/export.xlsx".to_string(),
    }))
}
