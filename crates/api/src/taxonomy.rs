//! The taxonomy: readable by everyone, edited by ADMIN.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::taxonomy::{DistrictInput as CoreDistrictInput, TaxonomyInput as CoreTaxonomyInput, TaxonomyKind};

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id},
    types::taxonomy::{District, Language, TargetGroup, Topic},
};

/// A topic or target group.
#[derive(InputObject, Default)]
pub struct TaxonomyInput {
    pub slug: Option<String>,
    pub label_de: Option<String>,
    pub label_en: Option<String>,
    pub sort_order: Option<i32>,
}

impl From<TaxonomyInput> for CoreTaxonomyInput {
    fn from(i: TaxonomyInput) -> Self {
        CoreTaxonomyInput { slug: i.slug, label_de: i.label_de, label_en: i.label_en, sort_order: i.sort_order }
    }
}

/// A district (Ortsteil).
#[derive(InputObject, Default)]
pub struct DistrictInput {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub region: Option<String>,
    pub sort_order: Option<i32>,
}

impl From<DistrictInput> for CoreDistrictInput {
    fn from(i: DistrictInput) -> Self {
        CoreDistrictInput { slug: i.slug, name: i.name, region: i.region, sort_order: i.sort_order }
    }
}

/// Reading the taxonomy.
#[derive(Default)]
pub struct TaxonomyQuery;

#[Object]
impl TaxonomyQuery {
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        Ok(core(ctx).taxonomy(TaxonomyKind::Topic).await.gql(ctx)?.into_iter().map(Topic).collect())
    }
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        Ok(core(ctx).taxonomy(TaxonomyKind::TargetGroup).await.gql(ctx)?.into_iter().map(TargetGroup).collect())
    }
    async fn districts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<District>> {
        Ok(core(ctx).districts().await.gql(ctx)?.into_iter().map(District).collect())
    }
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        Ok(core(ctx).languages().await.gql(ctx)?.into_iter().map(Language).collect())
    }
    /// The Ortsteil a point (WGS 84) lies in, to propose it where a profile's
    /// coordinates are entered; `null` outside the region.
    async fn locate_district(&self, ctx: &Context<'_>, latitude: f64, longitude: f64) -> async_graphql::Result<Option<DistrictLocation>> {
        migraup_core::domain::validate::coordinates("latitude", Some(latitude), Some(longitude)).gql(ctx)?;
        let found = core(ctx).locate_district(latitude, longitude).await.gql(ctx)?;
        Ok(found.map(|(district, on_border)| DistrictLocation { district: District(district), on_border }))
    }
}

/// Where a point lies.
#[derive(async_graphql::SimpleObject)]
pub struct DistrictLocation {
    pub district: District,
    /// On the border with another Ortsteil (either may be right).
    pub on_border: bool,
}

/// Editing the taxonomy (ADMIN).
#[derive(Default)]
pub struct TaxonomyMutation;

#[Object]
impl TaxonomyMutation {
    async fn create_topic(&self, ctx: &Context<'_>, input: TaxonomyInput) -> async_graphql::Result<Topic> {
        Ok(Topic(core(ctx).create_taxonomy_entry(actor(ctx), TaxonomyKind::Topic, input.into()).await.gql(ctx)?))
    }
    async fn update_topic(&self, ctx: &Context<'_>, id: ID, expected_version: i32, input: TaxonomyInput) -> async_graphql::Result<Topic> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Topic(core(ctx).update_taxonomy_entry(actor(ctx), TaxonomyKind::Topic, id, expected_version, input.into()).await.gql(ctx)?))
    }
    async fn create_target_group(&self, ctx: &Context<'_>, input: TaxonomyInput) -> async_graphql::Result<TargetGroup> {
        Ok(TargetGroup(core(ctx).create_taxonomy_entry(actor(ctx), TaxonomyKind::TargetGroup, input.into()).await.gql(ctx)?))
    }
    async fn update_target_group(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: TaxonomyInput,
    ) -> async_graphql::Result<TargetGroup> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(TargetGroup(
            core(ctx).update_taxonomy_entry(actor(ctx), TaxonomyKind::TargetGroup, id, expected_version, input.into()).await.gql(ctx)?,
        ))
    }
    async fn create_district(&self, ctx: &Context<'_>, input: DistrictInput) -> async_graphql::Result<District> {
        Ok(District(core(ctx).create_district(actor(ctx), input.into()).await.gql(ctx)?))
    }
    async fn update_district(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        input: DistrictInput,
    ) -> async_graphql::Result<District> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(District(core(ctx).update_district(actor(ctx), id, expected_version, input.into()).await.gql(ctx)?))
    }
    /// Adds a language or renames it.
    async fn upsert_language(
        &self,
        ctx: &Context<'_>,
        code: String,
        label_de: String,
        label_en: String,
        native_name: String,
        right_to_left: bool,
    ) -> async_graphql::Result<Language> {
        Ok(Language(core(ctx).upsert_language(actor(ctx), &code, &label_de, &label_en, &native_name, right_to_left).await.gql(ctx)?))
    }
}
