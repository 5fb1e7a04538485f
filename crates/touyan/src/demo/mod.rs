//! Demo data: the organizations the seed documents describe, with their real names and
//! shapes, plausible enterprises and branches beneath them, and one login per area.
//!
//! Each area loads its own part, in its own file, from the list [`AREAS`]: first every area's
//! generated records, in the list's order, then every area's records for the seeds' figures,
//! in the same order. Later parts find what earlier ones wrote.

mod accounts;
mod cadence;
mod campaign;
mod centre;
mod commendation;
mod enterprise;
mod enterprise_parks;
mod enterprise_ties;
mod evaluation;
mod notice;
mod org;
mod people;
mod people_figures;
mod rating;
mod request;
mod request_figures;
mod studio;
mod studio_figures;
mod studio_mechanisms;
mod studio_rounds;
mod task;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_commendation;
#[cfg(test)]
mod tests_parks;
#[cfg(test)]
mod tests_studio_rounds;

use anyhow::Context;
use std::future::Future;
use std::pin::Pin;
use touyan_storage::org::OrgFilter;
use touyan_storage::{Actor, Scoped, Store};

pub const DEMO_PASSWORD: &str = "touyan-demo";

pub const LOGINS: [(&str, &str); 9] = [
    ("admin", "系统管理员 · 全部组织"),
    ("binhai", "组织管理员 · 潍坊滨海经济技术开发区"),
    ("nancun", "组织管理员 · 南村街道"),
    ("chaoyang", "组织管理员 · 北京市朝阳区"),
    ("yutai", "组织管理员 · 鱼台经济开发区"),
    ("viewer", "只读 · 潍坊滨海经济技术开发区"),
    (
        "zuzhi",
        "组织员 · 潍坊滨海经济技术开发区（可查看完整身份证号）",
    ),
    ("tianmaoying", "工作室领衔人 · 田茂英红星工匠工作室"),
    ("chengguan", "承办员 · 大屯街道城市管理办公室"),
];

pub async fn is_loaded(store: &Store) -> anyhow::Result<bool> {
    let system = Actor::system();
    let f = OrgFilter {
        q: Some("潍坊滨海经济技术开发区".into()),
        ..Default::default()
    };
    Ok(!store.scoped(&system).orgs().all(&f, 1).await?.is_empty())
}

/// [`load`] on a runtime of its own, with one thread, through a store of its own: the demo is
/// thousands of small statements in a row, and each one handed between the database's
/// thread and a multi-threaded runtime wakes idle workers that have nothing to do.
pub fn load_apart(url: &str, files_dir: &std::path::Path) -> anyhow::Result<()> {
    let (url, files_dir) = (url.to_string(), files_dir.to_path_buf());
    std::thread::spawn(move || {
        crate::processor::stay_on_one_processor();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        rt.block_on(async {
            let store = Store::connect(&url).await?.with_files_dir(files_dir);
            load(&store).await
        })
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the demo loader stopped"))?
}

/// What the areas' parts share while the demo loads: the store, the system's handle, what
/// earlier parts made that later ones build on, and the tallies of the closing line.
pub(crate) struct Demo<'s> {
    pub store: &'s Store,
    pub s: Scoped<'s>,
    /// The roots of the five trees, in the order of `org`'s list.
    pub roots: Vec<i64>,
    /// The seeds' studios in the order of `studio::STUDIOS`, each with its member person ids.
    pub studios: Vec<(i64, Vec<i64>)>,
    pub people: usize,
    pub studio_count: usize,
    pub requests: usize,
}

/// The future of one part of the demo.
pub(crate) type StepFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + 'a>>;

/// One part of the demo, run with what earlier parts left in [`Demo`].
pub(crate) type Step = for<'a, 's> fn(&'a mut Demo<'s>) -> StepFuture<'a>;

/// One area's demo: its generated records, and the records that make the seeds' figures.
pub(crate) struct DemoArea {
    pub load: Step,
    pub figures: Option<Step>,
}

/// The areas' demos, in the order they run. A new area adds its line here.
const AREAS: &[DemoArea] = &[
    DemoArea {
        load: org::load,
        figures: None,
    },
    DemoArea {
        load: accounts::load,
        figures: None,
    },
    DemoArea {
        load: people::load,
        figures: Some(people_figures::load),
    },
    DemoArea {
        load: studio::load,
        figures: Some(studio_figures::load),
    },
    DemoArea {
        load: request::load,
        figures: Some(request_figures::load),
    },
    DemoArea {
        load: no_records,
        figures: Some(enterprise::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(centre::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(cadence::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(notice::load),
    },
    DemoArea {
        load: no_records,
        figures: Some(task::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(campaign::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(evaluation::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(studio_rounds::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(rating::figures),
    },
    DemoArea {
        load: no_records,
        figures: Some(commendation::figures),
    },
];

/// An area whose demo is all figures.
fn no_records<'a>(_: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async { Ok(()) })
}

pub async fn load(store: &Store) -> anyhow::Result<()> {
    if is_loaded(store).await? {
        println!("demo data already present");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let system = Actor::system();
    let mut d = Demo {
        store,
        s: store.scoped(&system),
        roots: Vec::new(),
        studios: Vec::new(),
        people: 0,
        studio_count: 0,
        requests: 0,
    };
    for area in AREAS {
        (area.load)(&mut d).await?;
    }
    for figures in AREAS.iter().filter_map(|a| a.figures) {
        figures(&mut d).await?;
    }
    println!(
        "demo data loaded in {:.1} s: 5 organization trees, {} people, {} studios, {} requests, logins {}",
        started.elapsed().as_secs_f64(),
        d.people,
        d.studio_count,
        d.requests,
        LOGINS.iter().map(|l| l.0).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

/// The node named `name` (the demo's names are unique).
pub(crate) async fn node_named(s: &Scoped<'_>, name: &str) -> anyhow::Result<i64> {
    let f = OrgFilter {
        q: Some(name.to_string()),
        ..Default::default()
    };
    s.orgs()
        .all(&f, 20)
        .await?
        .into_iter()
        .find(|n| n.name == name)
        .map(|n| n.id)
        .with_context(|| format!("demo node {name}"))
}
