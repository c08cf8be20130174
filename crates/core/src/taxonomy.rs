//! The taxonomy: topics, target groups, districts and languages. Readable by all,
//! edited by ADMIN.

use migraup_domain::{
    DomainError, Operation, Reason,
    bounds::{DISTRICTS, TAXONOMY_ROWS},
    error::DomainResult,
    validate,
};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, QueryOrder, Set, sea_query::Expr};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Actor, Core, audit,
    entities::{district, language, target_group, topic},
    errors::{DbResultExt, unique_or_internal},
    views::{District, Labels, Language, TaxonomyEntry},
};

/// Topics and target groups share one shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxonomyKind {
    Topic,
    TargetGroup,
}

/// Input for a topic or target group.
#[derive(Clone, Debug, Default)]
pub struct TaxonomyInput {
    pub slug: Option<String>,
    pub label_de: Option<String>,
    pub label_en: Option<String>,
    pub sort_order: Option<i32>,
}

/// Input for a district.
#[derive(Clone, Debug, Default)]
pub struct DistrictInput {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub region: Option<String>,
    pub sort_order: Option<i32>,
}

pub(crate) fn labels_from_json(value: &serde_json::Value) -> Labels {
    let mut pairs: Vec<(String, String)> = value
        .as_object()
        .map(|o| o.iter().filter_map(|(k, v)| v.as_str().map(|t| (k.clone(), t.to_owned()))).collect())
        .unwrap_or_default();
    pairs.sort_by_key(|(lang, _)| (lang != "de", lang != "en", lang.clone()));
    Labels(pairs)
}

fn entry_view(id: Uuid, slug: String, labels: &serde_json::Value, sort_order: i32, version: i32) -> TaxonomyEntry {
    TaxonomyEntry { id, slug, labels: labels_from_json(labels), sort_order, version }
}

fn district_view(m: district::Model) -> District {
    District { id: m.id, slug: m.slug, name: m.name, region: m.region, sort_order: m.sort_order, version: m.version }
}

fn merged_labels(current: &serde_json::Value, input: &TaxonomyInput) -> DomainResult<serde_json::Value> {
    let mut labels = current.as_object().cloned().unwrap_or_default();
    if let Some(de) = &input.label_de {
        labels.insert("de".into(), validate::line("labelDe", de, 1, 100)?.into());
    }
    if let Some(en) = &input.label_en {
        labels.insert("en".into(), validate::line("labelEn", en, 1, 100)?.into());
    }
    if !labels.contains_key("de") {
        return Err(DomainError::invalid("labelDe", Reason::Required));
    }
    Ok(serde_json::Value::Object(labels))
}

impl Core {
    /// All topics or target groups, in their order.
    pub async fn taxonomy(&self, kind: TaxonomyKind) -> DomainResult<Vec<TaxonomyEntry>> {
        Ok(match kind {
            TaxonomyKind::Topic => topic::Entity::find()
                .order_by_asc(topic::Column::SortOrder)
                .all(self.db())
                .await
                .internal()?
                .into_iter()
                .map(|m| entry_view(m.id, m.slug, &m.labels, m.sort_order, m.version))
                .collect(),
            TaxonomyKind::TargetGroup => target_group::Entity::find()
                .order_by_asc(target_group::Column::SortOrder)
                .all(self.db())
                .await
                .internal()?
                .into_iter()
                .map(|m| entry_view(m.id, m.slug, &m.labels, m.sort_order, m.version))
                .collect(),
        })
    }

    /// All districts, in their order.
    pub async fn districts(&self) -> DomainResult<Vec<District>> {
        let rows = district::Entity::find().order_by_asc(district::Column::SortOrder).all(self.db()).await.internal()?;
        Ok(rows.into_iter().map(district_view).collect())
    }

    /// All languages, in their order.
    pub async fn languages(&self) -> DomainResult<Vec<Language>> {
        let rows = language::Entity::find().order_by_asc(language::Column::SortOrder).all(self.db()).await.internal()?;
        Ok(rows
            .into_iter()
            .map(|m| Language {
                labels: labels_from_json(&m.labels),
                code: m.code,
                native_name: m.native_name,
                right_to_left: m.right_to_left,
            })
            .collect())
    }

    /// Creates a topic or target group (ADMIN).
    pub async fn create_taxonomy_entry(&self, actor: &Actor, kind: TaxonomyKind, input: TaxonomyInput) -> DomainResult<TaxonomyEntry> {
        actor.authorize(Operation::ManageTaxonomy, None)?;
        let labels = merged_labels(&json!({}), &input)?;
        // Without a slug, the German label gives one (as for districts).
        let slug = match input.slug.as_deref() {
            Some(s) => validate::slug("slug", s)?,
            None => validate::slug("labelDe", &migraup_domain::search::slugify(input.label_de.as_deref().unwrap_or_default()))?,
        };
        let sort_order = input.sort_order.unwrap_or(1000);
        let id = Uuid::now_v7();
        let txn = self.begin_write().await?;
        // The API counts the taxonomy's lists at this bound.
        let rows = match kind {
            TaxonomyKind::Topic => topic::Entity::find().count(&txn).await.internal()?,
            TaxonomyKind::TargetGroup => target_group::Entity::find().count(&txn).await.internal()?,
        };
        if rows >= TAXONOMY_ROWS {
            return Err(DomainError::invalid("slug", Reason::TooManyItems { max: TAXONOMY_ROWS as usize }));
        }
        match kind {
            TaxonomyKind::Topic => {
                topic::ActiveModel {
                    id: Set(id),
                    slug: Set(slug.clone()),
                    labels: Set(labels.clone()),
                    sort_order: Set(sort_order),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                .map_err(|e| unique_or_internal(e, "slug"))?;
            }
            TaxonomyKind::TargetGroup => {
                target_group::ActiveModel {
                    id: Set(id),
                    slug: Set(slug.clone()),
                    labels: Set(labels.clone()),
                    sort_order: Set(sort_order),
                    version: Set(1),
                }
                .insert(&txn)
                .await
                .map_err(|e| unique_or_internal(e, "slug"))?;
            }
        }
        audit::record(&txn, actor, "create", kind_name(kind), id, json!({ "slug": slug, "labels": labels })).await?;
        txn.commit().await.internal()?;
        Ok(entry_view(id, slug, &labels, sort_order, 1))
    }

    /// Edits a topic or target group (ADMIN), with optimistic locking.
    pub async fn update_taxonomy_entry(
        &self,
        actor: &Actor,
        kind: TaxonomyKind,
        id: Uuid,
        expected_version: i32,
        input: TaxonomyInput,
    ) -> DomainResult<TaxonomyEntry> {
        actor.authorize(Operation::ManageTaxonomy, None)?;
        let txn = self.begin_write().await?;
        let (slug, labels, sort_order, version) = match kind {
            TaxonomyKind::Topic => {
                let m = topic::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
                (m.slug, m.labels, m.sort_order, m.version)
            }
            TaxonomyKind::TargetGroup => {
                let m = target_group::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
                (m.slug, m.labels, m.sort_order, m.version)
            }
        };
        if version != expected_version {
            return Err(DomainError::conflict(version));
        }
        let slug = match &input.slug {
            Some(s) => validate::slug("slug", s)?,
            None => slug,
        };
        let labels = merged_labels(&labels, &input)?;
        let sort_order = input.sort_order.unwrap_or(sort_order);
        match kind {
            TaxonomyKind::Topic => {
                let columns = vec![
                    (topic::Column::Slug, Expr::value(slug.clone())),
                    (topic::Column::Labels, Expr::value(labels.clone())),
                    (topic::Column::SortOrder, Expr::value(sort_order)),
                ];
                crate::versions::claim_with::<topic::Entity>(&txn, id, version, columns, Some("slug")).await?;
            }
            TaxonomyKind::TargetGroup => {
                let columns = vec![
                    (target_group::Column::Slug, Expr::value(slug.clone())),
                    (target_group::Column::Labels, Expr::value(labels.clone())),
                    (target_group::Column::SortOrder, Expr::value(sort_order)),
                ];
                crate::versions::claim_with::<target_group::Entity>(&txn, id, version, columns, Some("slug")).await?;
            }
        }
        audit::record(&txn, actor, "update", kind_name(kind), id, json!({ "slug": slug, "labels": labels, "sortOrder": sort_order }))
            .await?;
        txn.commit().await.internal()?;
        Ok(entry_view(id, slug, &labels, sort_order, crate::versions::next(version)))
    }

    /// Creates a district (ADMIN).
    pub async fn create_district(&self, actor: &Actor, input: DistrictInput) -> DomainResult<District> {
        actor.authorize(Operation::ManageTaxonomy, None)?;
        let name = validate::line("name", input.name.as_deref().unwrap_or_default(), 2, 100)?;
        let slug = match input.slug.as_deref() {
            Some(s) => validate::slug("slug", s)?,
            None => migraup_domain::search::slugify(&name),
        };
        let slug = validate::slug("slug", &slug)?;
        let region = validate::line("region", input.region.as_deref().unwrap_or_default(), 2, 100)?;
        let txn = self.begin_write().await?;
        if district::Entity::find().count(&txn).await.internal()? >= DISTRICTS {
            return Err(DomainError::invalid("name", Reason::TooManyItems { max: DISTRICTS as usize }));
        }
        let created = district::ActiveModel {
            id: Set(Uuid::now_v7()),
            slug: Set(slug),
            name: Set(name),
            region: Set(region),
            sort_order: Set(input.sort_order.unwrap_or(1000)),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_or_internal(e, "slug"))?;
        audit::record(&txn, actor, "create", "district", created.id, json!({ "name": created.name, "region": created.region })).await?;
        txn.commit().await.internal()?;
        Ok(district_view(created))
    }

    /// Edits a district (ADMIN), with optimistic locking.
    pub async fn update_district(&self, actor: &Actor, id: Uuid, expected_version: i32, input: DistrictInput) -> DomainResult<District> {
        actor.authorize(Operation::ManageTaxonomy, None)?;
        let txn = self.begin_write().await?;
        crate::versions::claim::<district::Entity>(&txn, id, expected_version).await?;
        let found = district::Entity::find_by_id(id).one(&txn).await.internal()?.ok_or_else(DomainError::not_found)?;
        let mut active: district::ActiveModel = found.into();
        if let Some(name) = &input.name {
            active.name = Set(validate::line("name", name, 2, 100)?);
        }
        if let Some(slug) = &input.slug {
            active.slug = Set(validate::slug("slug", slug)?);
        }
        if let Some(region) = &input.region {
            active.region = Set(validate::line("region", region, 2, 100)?);
        }
        if let Some(order) = input.sort_order {
            active.sort_order = Set(order);
        }
        let updated = active.update(&txn).await.map_err(|e| unique_or_internal(e, "slug"))?;
        audit::record(&txn, actor, "update", "district", id, json!({ "name": updated.name, "region": updated.region })).await?;
        txn.commit().await.internal()?;
        Ok(district_view(updated))
    }

    /// Adds or renames a language (ADMIN).
    pub async fn upsert_language(
        &self,
        actor: &Actor,
        code: &str,
        label_de: &str,
        label_en: &str,
        native_name: &str,
        right_to_left: bool,
    ) -> DomainResult<Language> {
        actor.authorize(Operation::ManageTaxonomy, None)?;
        let code = validate::language_code("code", code)?;
        let (label_de, label_en) = (validate::line("labelDe", label_de, 1, 100)?, validate::line("labelEn", label_en, 1, 100)?);
        let native_name = validate::line("nativeName", native_name, 1, 100)?;
        let txn = self.begin_write().await?;
        let existing = language::Entity::find_by_id(code.clone()).one(&txn).await.internal()?;
        // The labels in the further interface languages stay as they are.
        let mut labels = existing.as_ref().and_then(|e| e.labels.as_object().cloned()).unwrap_or_default();
        labels.insert("de".into(), label_de.into());
        labels.insert("en".into(), label_en.into());
        let labels = serde_json::Value::Object(labels);
        let model = language::ActiveModel {
            code: Set(code.clone()),
            labels: Set(labels.clone()),
            native_name: Set(native_name.clone()),
            right_to_left: Set(right_to_left),
            sort_order: Set(existing.as_ref().map(|e| e.sort_order).unwrap_or(1000)),
        };
        if existing.is_some() {
            model.update(&txn).await.internal()?;
        } else {
            model.insert(&txn).await.internal()?;
        }
        audit::record(&txn, actor, "upsert", "language", &code, json!({ "labels": labels, "nativeName": native_name })).await?;
        txn.commit().await.internal()?;
        Ok(Language { code, labels: labels_from_json(&labels), native_name, right_to_left })
    }
}

fn kind_name(kind: TaxonomyKind) -> &'static str {
    match kind {
        TaxonomyKind::Topic => "topic",
        TaxonomyKind::TargetGroup => "target_group",
    }
}
