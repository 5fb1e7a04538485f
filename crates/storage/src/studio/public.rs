//! The public showcase of a studio (`/s/{slug}`), readable without signing in. Only studios
//! that opted in are found, and only the fields meant for the public leave: name, kind,
//! leader's name, photo, description and the titles of achievements marked public.

use crate::entity::{person, studio, studio_file};
use crate::{Result, StorageError, Store};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicStudio {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub leader_name: Option<String>,
    pub description: Option<String>,
    pub has_photo: bool,
    pub achievements: Vec<PublicAchievement>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicAchievement {
    pub title: String,
    pub kind: String,
    pub year: Option<i32>,
}

impl Store {
    async fn public_row(&self, slug: &str) -> Result<studio::Model> {
        let slug = slug.trim().to_ascii_lowercase();
        studio::Entity::find()
            .filter(studio::Column::Slug.eq(slug))
            .filter(studio::Column::Public.eq(true))
            .one(self.raw_connection())
            .await?
            .ok_or(StorageError::NotFound)
    }

    /// A studio's public page, or NotFound when no public studio has that address.
    pub async fn public_studio(&self, slug: &str) -> Result<PublicStudio> {
        let db = self.raw_connection();
        let m = self.public_row(slug).await?;
        let leader_name = match m.leader_id {
            Some(l) => person::Entity::find_by_id(l).one(db).await?.map(|p| p.name),
            None => None,
        };
        let achievements = super::achievement::public_titles(db, m.id)
            .await?
            .into_iter()
            .map(|(title, kind, year)| PublicAchievement { title, kind, year })
            .collect();
        Ok(PublicStudio {
            slug: m.slug.unwrap_or_default(),
            name: m.name,
            kind: m.kind,
            leader_name,
            description: m.description,
            has_photo: m.photo_id.is_some(),
            achievements,
        })
    }

    /// The photo of a public studio: content type and bytes.
    pub async fn public_photo(&self, slug: &str) -> Result<(String, Vec<u8>)> {
        let m = self.public_row(slug).await?;
        let f = studio_file::Entity::find_by_id(m.photo_id.ok_or(StorageError::NotFound)?)
            .one(self.raw_connection())
            .await?
            .ok_or(StorageError::NotFound)?;
        let bytes = self.files.get(&f.storage_key).await?;
        Ok((f.content_type, bytes))
    }
}
