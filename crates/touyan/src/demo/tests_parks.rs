//! [002] 国家文创实验区's parks, read back through the parks overview that the parks page and
//! `GET /api/v1/parks` use: 51 key culture-industry parks, 32 with a party organization, the
//! 16 fully covered all municipal, 48 in-park enterprises with a branch of their own.

use super::enterprise_parks::ZONE;
use serde_json::Value;
use touyan_storage::enterprise::ParkFilter;

/// The figures by the storage's own query (the one the page makes), as the system sees them.
pub(super) async fn zone_by_storage(store: &touyan_storage::Store) {
    let system = touyan_storage::Actor::system();
    let s = store.scoped(&system);
    let zone = super::node_named(&s, ZONE).await.expect("the zone");
    let key = ParkFilter {
        under: Some(zone),
        key: Some(true),
        ..Default::default()
    };
    let (sum, parks) = s.enterprises().parks_all(&key).await.expect("parks");
    assert_eq!(parks.len(), 51);
    assert_eq!((sum.parks, sum.key_parks), (51, 51), "{sum:?}");
    assert_eq!(sum.with_organization, 32, "{sum:?}");
    assert_eq!(sum.fully_covered, 16, "{sum:?}");
    assert_eq!(sum.own, 48, "{sum:?}");
    let municipal = sum
        .by_level
        .iter()
        .find(|l| l.level == "municipal")
        .expect("municipal parks");
    assert_eq!(municipal.fully_covered, 16, "{sum:?}");
    assert_eq!(
        sum.by_level.iter().map(|l| l.fully_covered).sum::<u64>(),
        16,
        "every fully covered park is municipal: {sum:?}"
    );
    // The seeds' own parks are among them.
    for name in [
        "通惠河畔文化创意产业园",
        "中国出版创意产业基地",
        "北京国家广告产业园区",
    ] {
        assert!(parks.iter().any(|p| p.name == name), "{name}");
    }
    // The same figures with the filters: fully covered municipal parks, parks with an
    // organization.
    let full = ParkFilter {
        level: Some("municipal".into()),
        fully_covered: Some(true),
        ..key.clone()
    };
    assert_eq!(
        s.enterprises()
            .parks_all(&full)
            .await
            .expect("parks")
            .1
            .len(),
        16
    );
    let organized = ParkFilter {
        has_organization: Some(true),
        ..key
    };
    let (sum, _) = s.enterprises().parks_all(&organized).await.expect("parks");
    assert_eq!(sum.parks, 32);
}

/// The same figures over the API as 朝阳's administrator reads them.
pub(super) fn zone_summary(v: &Value) {
    let s = &v["summary"];
    assert_eq!(v["total"], 51, "{s}");
    assert_eq!(
        (
            &s["key_parks"],
            &s["with_organization"],
            &s["fully_covered"],
            &s["own"]
        ),
        (&51.into(), &32.into(), &16.into(), &48.into()),
        "{s}"
    );
}

/// [003] 滨海's parks name their committees, which stand under the zone's 两新组织党委: both
/// parks count as having a party organization, and the profiles read their committees back.
pub(super) async fn binhai_by_storage(store: &touyan_storage::Store) {
    let system = touyan_storage::Actor::system();
    let s = store.scoped(&system);
    let zone = super::node_named(&s, "潍坊滨海经济技术开发区")
        .await
        .expect("滨海");
    let f = ParkFilter {
        under: Some(zone),
        ..Default::default()
    };
    let (sum, parks) = s.enterprises().parks_all(&f).await.expect("parks");
    let named: Vec<&str> = parks.iter().map(|p| p.name.as_str()).collect();
    for park in ["中国药谷园区", "新材料产业园"] {
        let p = parks.iter().find(|p| p.name == park).expect(park);
        assert!(p.has_organization, "{park}: {p:?}");
        let profile = s.enterprises().park_profile(p.id).await.expect("profile");
        assert_eq!(
            profile.committee_name.as_deref(),
            Some(format!("{park}党委").as_str()),
            "{named:?}"
        );
    }
    assert!(sum.with_organization >= 2, "{sum:?}");
}
