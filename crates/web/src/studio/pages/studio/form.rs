//! The studio form: its fields, their parsing and the people a studio may choose from.

use super::*;

/// Every field any studio form sends, as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct SForm {
    pub(super) name: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) level: Option<String>,
    pub(super) demonstration: Option<String>,
    pub(super) node_id: Option<String>,
    pub(super) leader_id: Option<String>,
    pub(super) field: Option<String>,
    pub(super) plaque_on: Option<String>,
    pub(super) description: Option<String>,
    pub(super) slug: Option<String>,
    pub(super) public: Option<String>,
    // Lifecycle move.
    pub(super) to: Option<String>,
    pub(super) on: Option<String>,
    pub(super) reason: Option<String>,
    pub(super) document_no: Option<String>,
    pub(super) evaluation_id: Option<String>,
    // Member.
    pub(super) person_id: Option<String>,
    pub(super) role: Option<String>,
    pub(super) joined_on: Option<String>,
    pub(super) left_on: Option<String>,
    // Alliance.
    pub(super) studio_id: Option<String>,
}

impl SForm {
    pub(super) fn val(&self, field: &str) -> String {
        let v = match field {
            "name" => &self.name,
            "kind" => &self.kind,
            "level" => &self.level,
            "node_id" => &self.node_id,
            "leader_id" => &self.leader_id,
            "field" => &self.field,
            "plaque_on" => &self.plaque_on,
            "description" => &self.description,
            "slug" => &self.slug,
            "to" => &self.to,
            "on" => &self.on,
            "reason" => &self.reason,
            "document_no" => &self.document_no,
            "evaluation_id" => &self.evaluation_id,
            "person_id" => &self.person_id,
            "role" => &self.role,
            "joined_on" => &self.joined_on,
            "left_on" => &self.left_on,
            "studio_id" => &self.studio_id,
            _ => &None,
        };
        text(v)
    }

    pub(super) fn checked(&self, field: &str) -> bool {
        let v = match field {
            "demonstration" => &self.demonstration,
            "public" => &self.public,
            _ => &None,
        };
        v.as_deref().is_some_and(|x| !x.is_empty() && x != "0")
    }

    pub(super) fn of(v: &StudioView) -> SForm {
        SForm {
            name: Some(v.name.clone()),
            kind: Some(v.kind.clone()),
            level: Some(v.level.clone()),
            demonstration: v.demonstration.then(|| "1".into()),
            node_id: Some(v.node_id.to_string()),
            leader_id: v.leader_id.map(|l| l.to_string()),
            field: v.field.clone(),
            plaque_on: v.plaque_on.map(|d| d.to_string()),
            description: v.description.clone(),
            slug: v.slug.clone(),
            public: v.public.then(|| "1".into()),
            ..Default::default()
        }
    }

    pub(super) fn input(&self) -> StudioInput {
        StudioInput {
            name: self.val("name"),
            kind: self.val("kind"),
            level: self.val("level"),
            demonstration: self.checked("demonstration"),
            field: self.val("field"),
            plaque_on: self.val("plaque_on"),
            description: self.val("description"),
            slug: self.val("slug"),
            public: self.checked("public"),
            // The node and the leader are read and checked on their own.
            ..Default::default()
        }
    }

    /// The registry, host node and leader, checked.
    pub(super) async fn studio_new(&self, s: Scoped<'_>) -> WebResult<StudioNew> {
        let node = opt_id("node_id", &self.node_id);
        let leader = opt_id("leader_id", &self.leader_id);
        let studio = s.studios().parse(&self.input()).await;
        // Report every field at once.
        let mut fe = touyan_domain::FieldErrors::new();
        let mut take = |e: WebError| -> WebResult<()> {
            match e {
                WebError::Storage(StorageError::Invalid(f)) => {
                    fe.0.extend(f.0);
                    Ok(())
                }
                e => Err(e),
            }
        };
        let node = match node {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                take(StorageError::field("node_id", "err.required").into())?;
                None
            }
            Err(e) => {
                take(e)?;
                None
            }
        };
        let leader = match leader {
            Ok(l) => l,
            Err(e) => {
                take(e)?;
                None
            }
        };
        let studio = match studio {
            Ok(st) => Some(st),
            Err(e) => {
                take(e.into())?;
                None
            }
        };
        fe.into_result().map_err(StorageError::from)?;
        Ok(StudioNew {
            studio: studio.expect("checked"),
            node_id: node.expect("checked"),
            leader_id: leader,
            applied_on: None,
        })
    }
}

/// People a studio form can pick from: those under `node` the caller reads (first 200).
pub(super) async fn people_opts(s: Scoped<'_>, node: i64) -> WebResult<Vec<Opt>> {
    let f = PersonFilter {
        under: Some(node),
        ..Default::default()
    };
    let req = touyan_domain::paging::PageRequest {
        page: 1,
        per_page: 200,
    };
    match s.people().list(&f, req, false).await {
        Ok(p) => Ok(p
            .items
            .into_iter()
            .map(|p| Opt {
                code: p.id.to_string(),
                label: format!("{} · {}", p.name, p.node_name),
            })
            .collect()),
        // A caller who reads no people picks by number.
        Err(StorageError::NotFound) => Ok(vec![]),
        Err(e) => Err(e.into()),
    }
}
