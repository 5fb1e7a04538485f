//! The service centres' demo: 滨海's seven open regional party-mass service centres and
//! stations [003] — the district's centre at the working committee, one in each park, the
//! street's and a community's — and one station since closed, so that "open" is a real
//! filter; each serves the enterprises of its part of the tree.

use super::{node_named, Demo, StepFuture};
use chrono::NaiveDate;
use touyan_domain::centre::Centre;
use touyan_storage::org::OrgFilter;
use touyan_storage::Scoped;

/// (name, kind, host node, address, facilities, closed on).
type Seed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<(i32, u32, u32)>,
);

const ALL_ROOMS: &[&str] = &[
    "activity_room",
    "meeting_room",
    "reading_room",
    "education_room",
    "workers_home",
    "nursing_room",
    "legal_room",
    "counselling_room",
    "service_desk",
];

const PARK_ROOMS: &[&str] = &[
    "activity_room",
    "meeting_room",
    "education_room",
    "workers_home",
    "legal_room",
];

const STATION_ROOMS: &[&str] = &["activity_room", "reading_room", "service_desk"];

const BINHAI: [Seed; 8] = [
    (
        "滨海区党群服务中心",
        "centre",
        "潍坊滨海经济技术开发区党工委",
        "潍坊滨海经济技术开发区渤海路与北海路交叉口",
        ALL_ROOMS,
        None,
    ),
    (
        "中国药谷园区党群服务中心",
        "centre",
        "中国药谷园区",
        "潍坊滨海经济技术开发区中国药谷园区综合服务楼",
        PARK_ROOMS,
        None,
    ),
    (
        "新材料产业园党群服务中心",
        "centre",
        "新材料产业园",
        "潍坊滨海经济技术开发区新材料产业园管理服务中心",
        PARK_ROOMS,
        None,
    ),
    (
        "绿电产业园党群服务中心",
        "centre",
        "绿电产业园党委",
        "潍坊滨海经济技术开发区绿电产业园服务楼",
        PARK_ROOMS,
        None,
    ),
    (
        "央子街道党群服务中心",
        "centre",
        "央子街道",
        "潍坊滨海经济技术开发区央子街道办事处",
        ALL_ROOMS,
        None,
    ),
    (
        "央子街道共享式党群服务站",
        "station",
        "滨城绿洲社区",
        "央子街道滨城绿洲社区服务中心一楼",
        STATION_ROOMS,
        None,
    ),
    (
        "药谷第一网格共享式党群服务站",
        "station",
        "药谷第一网格",
        "中国药谷园区药谷第一网格企业服务驿站",
        STATION_ROOMS,
        None,
    ),
    (
        "新材料第一网格共享式党群服务站",
        "station",
        "新材料第一网格",
        "新材料产业园第一网格",
        STATION_ROOMS,
        Some((2025, 6, 30)),
    ),
];

/// The enterprise nodes under `node`.
async fn enterprises_under(s: &Scoped<'_>, node: i64) -> anyhow::Result<Vec<i64>> {
    let f = OrgFilter {
        under: Some(node),
        kind: Some("enterprise".into()),
        ..Default::default()
    };
    Ok(s.orgs()
        .all(&f, 200)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect())
}

pub(super) fn figures<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let s = d.s;
        let root = node_named(&s, "潍坊滨海经济技术开发区").await?;
        for (i, (name, kind, host, address, rooms, closed)) in BINHAI.into_iter().enumerate() {
            let node_id = node_named(&s, host).await?;
            let closed_on = closed.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
            let c = Centre {
                name: name.into(),
                kind: kind.into(),
                node_id,
                address: Some(address.into()),
                facilities: rooms.iter().map(|r| r.to_string()).collect(),
                hours: Some("周一至周五 9:00–17:30，周六 9:00–12:00".into()),
                phone: Some(format!("0536-75{:05}", 10_001 + i * 37)),
                area_m2: Some(if kind == "centre" {
                    800 + 150 * i as i64
                } else {
                    120
                }),
                opened_on: NaiveDate::from_ymd_opt(2019 + (i % 4) as i32, 7, 1),
                status: if closed_on.is_some() {
                    "closed"
                } else {
                    "open"
                }
                .into(),
                closed_on,
            };
            let v = s
                .centres()
                .create(c)
                .await
                .map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
            // The district's centre serves every enterprise; the others those below them.
            let served_from = if i == 0 { root } else { node_id };
            let served = enterprises_under(&s, served_from).await?;
            if !served.is_empty() {
                s.centres().set_served(v.id, &served).await?;
            }
        }
        Ok(())
    })
}
