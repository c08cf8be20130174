//! The taxonomy: readable by everyone, edited by ADMIN.

use async_graphql::{Context, ID, InputObject, Object};
use migraup_core::taxonomy::{DistrictInput as CoreDistrictInput, TaxonomyInput as CoreTaxonomyInput, TaxonomyKind};

use crate::{
    context::{actor, core},
    error::{GqlResult, parse_id},
    types::taxonomy::{District, Language, TargetGroup, Topic},
};

/// A topic or target group. On update, leave a field out to keep it.
#[derive(InputObject, Default)]
pub struct TaxonomyInput {
    /// A stable key: 2 to 80 lower-case letters, digits and single hyphens; made from the
    /// German label when creating without one. A slug already taken answers BAD_USER_INPUT.
    pub slug: Option<String>,
    /// The German label (1 to 100 characters); required when creating.
    pub label_de: Option<String>,
    /// The English label (1 to 100 characters).
    pub label_en: Option<String>,
    /// The position in lists, lower numbers first; 1000 when creating without it.
    pub sort_order: Option<i32>,
}

impl From<TaxonomyInput> for CoreTaxonomyInput {
    fn from(i: TaxonomyInput) -> Self {
        CoreTaxonomyInput { slug: i.slug, label_de: i.label_de, label_en: i.label_en, sort_order: i.sort_order }
    }
}

/// A district (Ortsteil). On update, leave a field out to keep it.
#[derive(InputObject, Default)]
pub struct DistrictInput {
    /// A stable key: 2 to 80 lower-case letters, digits and single hyphens; made from the
    /// name when creating without one. A slug already taken answers BAD_USER_INPUT.
    pub slug: Option<String>,
    /// The name, 2 to 100 characters; required when creating.
    pub name: Option<String>,
    /// The larger district it belongs to (e.g. the Bezirk), 2 to 100 characters; required
    /// when creating.
    pub region: Option<String>,
    /// The position in lists, lower numbers first; 1000 when creating without it.
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
    /// Every topic of work, in their order (anyone).
    async fn topics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Topic>> {
        Ok(core(ctx).taxonomy(TaxonomyKind::Topic).await.gql(ctx)?.into_iter().map(Topic).collect())
    }
    /// Every target group, in their order (anyone).
    async fn target_groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TargetGroup>> {
        Ok(core(ctx).taxonomy(TaxonomyKind::TargetGroup).await.gql(ctx)?.into_iter().map(TargetGroup).collect())
    }
    /// Every Ortsteil, in their order (anyone).
    async fn districts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<District>> {
        Ok(core(ctx).districts().await.gql(ctx)?.into_iter().map(District).collect())
    }
    /// Every language organisations and offerings can be listed with, in their order (anyone).
    async fn languages(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Language>> {
        Ok(core(ctx).languages().await.gql(ctx)?.into_iter().map(Language).collect())
    }
    /// The Ortsteil a point (WGS 84) lies in, to propose it where a profile's
    /// coordinates are entered; `null` outside the region (anyone).
    async fn locate_district(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Latitude in decimal degrees, -90 to 90.")] latitude: f64,
        #[graphql(desc = "Longitude in decimal degrees, -180 to 180.")] longitude: f64,
    ) -> async_graphql::Result<Option<DistrictLocation>> {
        migraup_core::domain::validate::coordinates("latitude", Some(latitude), Some(longitude)).gql(ctx)?;
        let found = core(ctx).locate_district(latitude, longitude).await.gql(ctx)?;
        Ok(found.map(|(district, on_border)| DistrictLocation { district: District(district), on_border }))
    }
}

/// Where a point lies.
#[derive(async_graphql::SimpleObject)]
pub struct DistrictLocation {
    /// The Ortsteil the point lies in.
    pub district: District,
    /// On the border with another Ortsteil (either may be right).
    pub on_border: bool,
}

/// Editing the taxonomy (ADMIN).
#[derive(Default)]
pub struct TaxonomyMutation;

#[Object]
impl TaxonomyMutation {
    /// Adds a topic (ADMIN); at most 200 topics.
    async fn create_topic(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The topic's fields; `labelDe` is required.")] input: TaxonomyInput,
    ) -> async_graphql::Result<Topic> {
        Ok(Topic(core(ctx).create_taxonomy_entry(actor(ctx), TaxonomyKind::Topic, input.into()).await.gql(ctx)?))
    }
    /// Edits a topic (ADMIN). CONFLICT when someone saved first; NOT_FOUND for an unknown id.
    async fn update_topic(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The topic's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The fields to change; those left out stay.")] input: TaxonomyInput,
    ) -> async_graphql::Result<Topic> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(Topic(core(ctx).update_taxonomy_entry(actor(ctx), TaxonomyKind::Topic, id, expected_version, input.into()).await.gql(ctx)?))
    }
    /// Adds a target group (ADMIN); at most 200 target groups.
    async fn create_target_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The target group's fields; `labelDe` is required.")] input: TaxonomyInput,
    ) -> async_graphql::Result<TargetGroup> {
        Ok(TargetGroup(core(ctx).create_taxonomy_entry(actor(ctx), TaxonomyKind::TargetGroup, input.into()).await.gql(ctx)?))
    }
    /// Edits a target group (ADMIN). CONFLICT when someone saved first; NOT_FOUND for an
    /// unknown id.
    async fn update_target_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The target group's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The fields to change; those left out stay.")] input: TaxonomyInput,
    ) -> async_graphql::Result<TargetGroup> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(TargetGroup(
            core(ctx).update_taxonomy_entry(actor(ctx), TaxonomyKind::TargetGroup, id, expected_version, input.into()).await.gql(ctx)?,
        ))
    }
    /// Adds an Ortsteil (ADMIN); at most 100.
    async fn create_district(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Ortsteil's fields; `name` and `region` are required.")] input: DistrictInput,
    ) -> async_graphql::Result<District> {
        Ok(District(core(ctx).create_district(actor(ctx), input.into()).await.gql(ctx)?))
    }
    /// Edits an Ortsteil (ADMIN). CONFLICT when someone saved first; NOT_FOUND for an
    /// unknown id.
    async fn update_district(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The Ortsteil's id (a UUID).")] id: ID,
        #[graphql(desc = "The `version` the client last read; a newer one answers CONFLICT.")] expected_version: i32,
        #[graphql(desc = "The fields to change; those left out stay.")] input: DistrictInput,
    ) -> async_graphql::Result<District> {
        let id = parse_id("id", &id).gql(ctx)?;
        Ok(District(core(ctx).update_district(actor(ctx), id, expected_version, input.into()).await.gql(ctx)?))
    }
    /// Adds a language or renames it (ADMIN); its labels in other interface languages stay.
    async fn upsert_language(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ISO 639-1 code (two letters), such as `ku`.")] code: String,
        #[graphql(desc = "The German name, 1 to 100 characters.")] label_de: String,
        #[graphql(desc = "The English name, 1 to 100 characters.")] label_en: String,
        #[graphql(desc = "The language's name for itself, 1 to 100 characters.")] native_name: String,
        #[graphql(desc = "Whether it is written from right to left.")] right_to_left: bool,
    ) -> async_graphql::Result<Language> {
        Ok(Language(core(ctx).upsert_language(actor(ctx), &code, &label_de, &label_en, &native_name, right_to_left).await.gql(ctx)?))
    }
}
