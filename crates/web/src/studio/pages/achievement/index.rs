//! The achievements list across studios.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct IndexQ {
    pub(super) under: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) year: Option<String>,
    pub(super) studio: Option<String>,
    pub(super) q: Option<String>,
    pub(super) page: Option<String>,
    pub(super) per_page: Option<String>,
    pub(super) sort: Option<String>,
    pub(super) dir: Option<String>,
}

/// A count that links to the list narrowed by it.
pub(super) struct CountLink {
    pub(super) label: String,
    pub(super) n: u64,
    pub(super) href: String,
    pub(super) selected: bool,
}

#[derive(Template)]
#[template(path = "studio/achievements.html")]
pub(super) struct IndexPage {
    pub(super) l: Layout,
    pub(super) items: Vec<AchievementView>,
    pub(super) pager: Pager,
    pub(super) heads: SortHeads,
    pub(super) total: u64,
    pub(super) by_kind: Vec<CountLink>,
    pub(super) by_year: Vec<CountLink>,
    pub(super) by_studio: Vec<CountLink>,
    pub(super) kinds: Vec<Opt>,
    pub(super) studios: Vec<Opt>,
    pub(super) under: String,
    pub(super) kind: String,
    pub(super) year: String,
    pub(super) studio: String,
    pub(super) q: String,
    pub(super) export_href: String,
    /// The export of the ticked rows.
    pub(super) selected_href: &'static str,
    pub(super) can_import: bool,
    /// The listed achievements by year and kind; none when the list is empty.
    pub(super) charts: Option<crate::studio::charts::AchievementCharts>,
}

impl Labels for IndexPage {
    fn tr(&self) -> Tr {
        self.l.tr
    }
}

/// The achievements' export, of the list or of the rows ticked in it.
const EXPORT: &str = "/api/v1/achievements/export.xlsx";

/// Studios offered in the list's studio filter.
pub(super) const STUDIO_CHOICES: u64 = 1000;

pub(super) async fn index(
    State(st): State<AppState>,
    me: Me,
    Query(q): Query<IndexQ>,
) -> WebResult<Response> {
    let s = st.store.scoped(&me.actor);
    let tr = me.ctx.tr();
    if me.actor.grants.scopes(Permission::StudioRead).is_empty() {
        return Err(StorageError::NotFound.into());
    }
    let req = parse_page(&q.page, &q.per_page)?;
    let year = opt_id("year", &q.year)?
        .map(|y| i32::try_from(y).map_err(|_| StorageError::field("year", "err.year_range")))
        .transpose()?;
    let f = AchievementFilter {
        under: opt_id("under", &q.under)?,
        studio: opt_id("studio", &q.studio)?,
        kind: blank(&q.kind),
        year,
        q: blank(&q.q),
        person: None,
        ids: None,
        sort: parse_sort(&q.sort, &q.dir)?,
    };
    let repo = s.studio_achievements();
    let p = repo.list(&f, req).await?;
    let counts = repo.counts(f.under, f.studio).await?;
    let mut params = vec![
        ("under", text(&q.under)),
        ("studio", text(&q.studio)),
        ("kind", text(&q.kind)),
        ("year", text(&q.year)),
        ("q", text(&q.q)),
    ];
    let heads = SortHeads::new("/achievements", &params, req, f.sort);
    params.extend(heads.kept());
    let pager = Pager::new(req, p.total, &params);
    let (by_kind, by_year, by_studio) = count_links(tr, &counts, &params);
    let studios = s
        .studios()
        .all(&StudioFilter::default(), STUDIO_CHOICES)
        .await?
        .into_iter()
        .map(|v| Opt {
            code: v.id.to_string(),
            label: v.name,
        })
        .collect();
    let export_href = match pager.base.trim_end_matches('&') {
        "" => EXPORT.to_string(),
        qs => format!("{EXPORT}?{qs}"),
    };
    let charts = if p.total > 0 {
        let profile = repo.profile(&f).await?;
        Some(crate::studio::charts::achievement_charts(tr, &profile))
    } else {
        None
    };
    Ok(page(&IndexPage {
        charts,
        l: layout(&me, "ach.title.list", "/achievements", None),
        total: counts.total,
        items: p.items,
        pager,
        heads,
        by_kind,
        by_year,
        by_studio,
        kinds: label_opts(tr, "ach.kind", &Kind::codes()),
        studios,
        under: params[0].1.clone(),
        studio: params[1].1.clone(),
        kind: params[2].1.clone(),
        year: params[3].1.clone(),
        q: params[4].1.clone(),
        export_href,
        selected_href: EXPORT,
        can_import: !me.actor.grants.scopes(Permission::StudioWrite).is_empty(),
    }))
}

/// The counts by kind, by year and by studio (the first 20), each linking to the list with
/// the other filters kept and its own one set.
fn count_links(
    tr: Tr,
    counts: &AchievementCounts,
    params: &[(&str, String)],
) -> (Vec<CountLink>, Vec<CountLink>, Vec<CountLink>) {
    let link = |key: &str, value: String| {
        let mut qs = String::new();
        for (k, v) in params {
            let v = if *k == key { &value } else { v };
            if !v.is_empty() {
                qs.push_str(&format!("{k}={}&", urlencoding::encode(v)));
            }
        }
        format!("/achievements?{}", qs.trim_end_matches('&'))
    };
    let by_kind = Kind::codes()
        .into_iter()
        .filter_map(|c| {
            counts.by_kind.get(c).map(|n| CountLink {
                label: tr.t(&format!("ach.kind.{c}")).to_string(),
                n: *n,
                href: link("kind", c.to_string()),
                selected: params[2].1 == c,
            })
        })
        .collect();
    let by_year = counts
        .by_year
        .iter()
        .rev()
        .map(|(y, n)| CountLink {
            label: y.to_string(),
            n: *n,
            href: link("year", y.to_string()),
            selected: params[3].1 == y.to_string(),
        })
        .collect();
    let by_studio = counts
        .by_studio
        .iter()
        .take(20)
        .map(|c| CountLink {
            label: c.studio_name.clone(),
            n: c.achievements,
            href: link("studio", c.studio_id.to_string()),
            selected: params[1].1 == c.studio_id.to_string(),
        })
        .collect();
    (by_kind, by_year, by_studio)
}
