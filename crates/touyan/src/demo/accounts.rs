//! The demo's logins: an administrator for each of four trees, a reader and a 组织员 of
//! 滨海. The studio leader's and the handling unit's logins come with their areas' demos.

use super::{Demo, StepFuture, DEMO_PASSWORD};
use anyhow::Context;
use touyan_domain::auth::NewUser;

pub(super) fn load<'a>(d: &'a mut Demo<'_>) -> StepFuture<'a> {
    Box::pin(async move {
        let (s, roots) = (d.s, &d.roots);
        let org_admin = s.roles().by_code("org_admin").await?;
        let readonly = s.roles().by_code("readonly").await?;
        let personnel = s.roles().by_code("personnel").await?;
        let accounts = [
            ("binhai", "滨海区党群工作部", roots[0], org_admin.id),
            ("nancun", "南村街道党工委", roots[1], org_admin.id),
            ("chaoyang", "朝阳区委组织部", roots[2], org_admin.id),
            ("yutai", "鱼台经济开发区党工委", roots[3], org_admin.id),
            ("viewer", "滨海区督查组", roots[0], readonly.id),
            ("zuzhi", "滨海区组织员", roots[0], personnel.id),
        ];
        for (username, display, node, role) in accounts {
            let new = NewUser::parse(username, display, DEMO_PASSWORD)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let u = s
                .users()
                .create(new, Some(node))
                .await
                .with_context(|| format!("creating {username}"))?;
            s.users()
                .assign(u.id, role, Some(node))
                .await
                .with_context(|| format!("granting {username}"))?;
        }
        Ok(())
    })
}
