use super::*;

fn p(s: &str) -> TreePath {
    TreePath::parse(s).unwrap()
}
fn grant(perms: &[Permission], scope: &str) -> Grant {
    Grant {
        permissions: perms.iter().copied().collect(),
        scope: p(scope),
    }
}

#[test]
fn paths_known_from_the_grants() {
    let g = Grants::new(vec![
        grant(&[Permission::OrgRead], "/1/2/30/"),
        grant(&[Permission::RequestRead], "/1/4/"),
    ]);
    assert_eq!(g.known_path(30), Some(p("/1/2/30/")));
    assert_eq!(g.known_path(2), Some(p("/1/2/")));
    assert_eq!(g.known_path(4), Some(p("/1/4/")));
    assert_eq!(g.known_path(1), Some(p("/1/")));
    // Below a grant's node, or elsewhere: unknown, to be looked up.
    assert_eq!(g.known_path(31), None);
    assert_eq!(Grants::default().known_path(1), None);
}

#[test]
fn held_anywhere_honours_whole_tree_only_permissions() {
    let g = Grants::new(vec![grant(
        &[
            Permission::OrgRead,
            Permission::PersonWrite,
            Permission::DictManage,
        ],
        "/1/5/",
    )]);
    assert!(g.holds_anywhere(Permission::PersonWrite));
    assert!(g.holds_anywhere(Permission::OrgRead));
    assert!(!g.holds_anywhere(Permission::OrgWrite));
    // Dictionaries are shared by the whole tree: a subtree grant of them counts nowhere.
    assert!(!g.holds_anywhere(Permission::DictManage));
    let whole = Grants::new(vec![grant(&[Permission::DictManage], "/")]);
    assert!(whole.holds_anywhere(Permission::DictManage));
    assert!(!Grants::default().holds_anywhere(Permission::OrgRead));
}

#[test]
fn allowed_only_inside_the_subtree() {
    let g = Grants::new(vec![grant(
        &[Permission::OrgRead, Permission::OrgWrite],
        "/1/5/",
    )]);
    assert!(g.allows(Permission::OrgWrite, &p("/1/5/")));
    assert!(g.allows(Permission::OrgWrite, &p("/1/5/9/")));
    assert!(!g.allows(Permission::OrgWrite, &p("/1/")));
    assert!(!g.allows(Permission::OrgWrite, &p("/1/50/")));
    assert!(!g.allows(Permission::UserWrite, &p("/1/5/9/")));
}

#[test]
fn scopes_are_not_merged_across_permissions() {
    // 管理员 of park A and 只读 of park B cannot edit B.
    let g = Grants::new(vec![
        grant(&[Permission::OrgRead, Permission::OrgWrite], "/1/2/"),
        grant(&[Permission::OrgRead], "/1/3/"),
    ]);
    assert!(g.allows(Permission::OrgRead, &p("/1/3/7/")));
    assert!(!g.allows(Permission::OrgWrite, &p("/1/3/7/")));
    assert_eq!(g.scopes(Permission::OrgRead), vec![p("/1/2/"), p("/1/3/")]);
    assert_eq!(g.scopes(Permission::OrgWrite), vec![p("/1/2/")]);
}

#[test]
fn global_only_permissions_need_a_whole_tree_grant() {
    let local = Grants::new(vec![grant(&Permission::ALL, "/1/")]);
    assert!(!local.allows_global(Permission::RoleManage));
    assert!(!local.allows(Permission::RoleManage, &p("/1/2/")));
    assert!(local.scopes(Permission::RoleManage).is_empty());
    let global = Grants::new(vec![grant(&Permission::ALL, "/")]);
    assert!(global.allows_global(Permission::RoleManage));
}

#[test]
fn grant_never_exceeds_what_is_held() {
    let g = Grants::new(vec![grant(
        &[
            Permission::OrgRead,
            Permission::OrgWrite,
            Permission::UserRead,
            Permission::UserWrite,
        ],
        "/1/2/",
    )]);
    let ro: PermissionSet = [Permission::OrgRead].into_iter().collect();
    let with_audit: PermissionSet = [Permission::OrgRead, Permission::AuditRead]
        .into_iter()
        .collect();
    assert!(g.can_grant(&ro, &p("/1/2/3/")));
    assert!(!g.can_grant(&ro, &p("/1/")), "outside own subtree");
    assert!(
        !g.can_grant(&with_audit, &p("/1/2/3/")),
        "holds no audit.read"
    );
    let reader = Grants::new(vec![grant(
        &[Permission::OrgRead, Permission::UserRead],
        "/1/2/",
    )]);
    assert!(
        !reader.can_grant(&ro, &p("/1/2/3/")),
        "needs user.write to grant at all"
    );
}

#[test]
fn covers_compares_grant_by_grant() {
    let admin_a = Grants::new(vec![grant(
        &[
            Permission::OrgRead,
            Permission::OrgWrite,
            Permission::UserRead,
            Permission::UserWrite,
        ],
        "/1/2/",
    )]);
    let clerk = Grants::new(vec![grant(&[Permission::OrgRead], "/1/2/4/")]);
    let boss = Grants::new(vec![grant(&Permission::ALL, "/")]);
    assert!(admin_a.covers(&clerk));
    assert!(!admin_a.covers(&boss));
    assert!(boss.covers(&admin_a));
    assert!(admin_a.covers(&Grants::default()));
}

#[test]
fn restrict_narrows_a_token() {
    let g = Grants::new(vec![grant(
        &[Permission::OrgRead, Permission::OrgWrite],
        "/1/",
    )]);
    let ro: PermissionSet = [Permission::OrgRead].into_iter().collect();
    let t = g.restrict(&ro);
    assert!(t.allows(Permission::OrgRead, &p("/1/2/")));
    assert!(!t.allows(Permission::OrgWrite, &p("/1/2/")));
}

#[test]
fn token_management_is_held_anywhere_and_narrowed_away() {
    let g = Grants::new(vec![grant(
        &[Permission::OrgRead, Permission::TokenManage],
        "/1/2/",
    )]);
    assert!(g.holds(Permission::TokenManage));
    let ro: PermissionSet = [Permission::OrgRead].into_iter().collect();
    assert!(!g.restrict(&ro).holds(Permission::TokenManage));
    for r in BUILTIN_ROLES.iter() {
        assert!(
            r.permissions.contains(&Permission::TokenManage),
            "{}",
            r.code
        );
    }
}

#[test]
fn permission_codes_round_trip() {
    for perm in Permission::ALL {
        assert_eq!(Permission::from_code(perm.code()), Some(perm));
    }
    assert!(parse_permissions(&["org.read", "nope"]).is_err());
    assert!(parse_permissions::<&str>(&[]).is_err());
    assert_eq!(
        parse_permissions(&["org.read", "org.read"]).unwrap().len(),
        1
    );
}

/// The codes in their listed order and what each built-in role holds, as they were when the
/// areas started declaring their own: a change here changes stored roles and the role pages.
#[test]
fn declared_permissions_and_builtin_roles_are_pinned() {
    let codes: Vec<&str> = Permission::ALL.iter().map(|p| p.code()).collect();
    let all = [
        "org.read",
        "org.write",
        "user.read",
        "user.write",
        "audit.read",
        "role.manage",
        "dict.manage",
        "person.read",
        "person.write",
        "person.sensitive",
        "quota.manage",
        "studio.read",
        "studio.write",
        "studio.manage",
        "request.read",
        "request.dispatch",
        "request.handle",
        "request.manage",
        "calendar.manage",
        "enterprise.read",
        "enterprise.write",
        "centre.read",
        "centre.write",
        "cadence.read",
        "cadence.write",
        "cadence.manage",
        "task.read",
        "task.write",
        "task.manage",
        "campaign.read",
        "campaign.manage",
        "evaluation.read",
        "evaluation.manage",
        "evaluation.assess",
        "evaluation.review",
        "rating.read",
        "rating.manage",
        "commendation.read",
        "commendation.manage",
        "token.manage",
    ];
    assert_eq!(codes, all);
    let roles: Vec<(&str, &str, Vec<&str>)> = BUILTIN_ROLES
        .iter()
        .map(|r| {
            (
                r.code,
                r.name,
                r.permissions.iter().map(|p| p.code()).collect(),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, Vec<&str>)> = vec![
        ("system_admin", "系统管理员", all.to_vec()),
        (
            "org_admin",
            "组织管理员",
            vec![
                "org.read",
                "org.write",
                "user.read",
                "user.write",
                "audit.read",
                "person.read",
                "person.write",
                "quota.manage",
                "studio.read",
                "studio.write",
                "studio.manage",
                "request.read",
                "request.dispatch",
                "request.handle",
                "enterprise.read",
                "enterprise.write",
                "centre.read",
                "centre.write",
                "cadence.read",
                "cadence.write",
                "cadence.manage",
                "task.read",
                "task.write",
                "task.manage",
                "campaign.read",
                "campaign.manage",
                "evaluation.read",
                "evaluation.manage",
                "evaluation.assess",
                "evaluation.review",
                "rating.read",
                "rating.manage",
                "commendation.read",
                "commendation.manage",
                "token.manage",
            ],
        ),
        (
            "personnel",
            "组织员",
            vec![
                "org.read",
                "person.read",
                "person.write",
                "person.sensitive",
                "quota.manage",
                "enterprise.read",
                "centre.read",
                "cadence.read",
                "token.manage",
            ],
        ),
        (
            "readonly",
            "只读",
            vec![
                "org.read",
                "user.read",
                "audit.read",
                "person.read",
                "studio.read",
                "request.read",
                "enterprise.read",
                "centre.read",
                "cadence.read",
                "task.read",
                "campaign.read",
                "evaluation.read",
                "rating.read",
                "commendation.read",
                "token.manage",
            ],
        ),
        (
            "studio_leader",
            "工作室领衔人",
            vec![
                "org.read",
                "person.read",
                "studio.read",
                "studio.write",
                "token.manage",
            ],
        ),
        (
            "dispatcher",
            "派单员",
            vec![
                "org.read",
                "request.read",
                "request.dispatch",
                "token.manage",
            ],
        ),
        (
            "handler",
            "承办员",
            vec!["org.read", "request.read", "request.handle", "token.manage"],
        ),
    ];
    assert_eq!(roles, expected);
    let global: Vec<&str> = Permission::ALL
        .iter()
        .filter(|p| p.is_global_only())
        .map(|p| p.code())
        .collect();
    assert_eq!(
        global,
        [
            "role.manage",
            "dict.manage",
            "request.manage",
            "calendar.manage"
        ]
    );
}

/// Permissions sort in their listed order, not by code, so stored role lists keep their order.
#[test]
fn permissions_sort_in_listed_order() {
    let mut sorted = Permission::ALL;
    sorted.reverse();
    sorted.sort();
    assert_eq!(sorted, Permission::ALL);
    let set: PermissionSet = [
        Permission::TokenManage,
        Permission::AuditRead,
        Permission::OrgWrite,
    ]
    .into_iter()
    .collect();
    let codes: Vec<&str> = set.iter().map(|p| p.code()).collect();
    assert_eq!(codes, ["org.write", "audit.read", "token.manage"]);
}

/// Every area names only built-in roles, and no permission twice.
#[test]
fn areas_name_known_roles_and_distinct_codes() {
    for area in crate::areas::AREAS {
        for (code, perms) in area.roles {
            assert!(
                BUILTIN_ROLES.iter().any(|r| r.code == *code) && *code != role::SYSTEM_ADMIN,
                "{code}"
            );
            assert!(perms.iter().all(|p| area.permissions.contains(p)), "{code}");
        }
        assert!(area
            .global_only
            .iter()
            .all(|p| area.permissions.contains(p)));
    }
    let codes: std::collections::BTreeSet<&str> =
        Permission::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(codes.len(), Permission::ALL.len());
}

#[test]
fn permissions_serialize_as_their_codes() {
    let p: Permission = serde::de::Deserialize::deserialize(serde::de::value::StrDeserializer::<
        serde::de::value::Error,
    >::new("studio.manage"))
    .unwrap();
    assert_eq!(p, Permission::StudioManage);
    let bad: Result<Permission, _> =
        serde::de::Deserialize::deserialize(serde::de::value::StrDeserializer::<
            serde::de::value::Error,
        >::new("nope"));
    assert!(bad.is_err());
}
