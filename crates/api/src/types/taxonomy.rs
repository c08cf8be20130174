//! Topics, target groups, districts and languages as GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use migraup_core::views;

use crate::context::actor;

/// A label in one interface language.
#[derive(SimpleObject, Clone)]
pub struct LocalizedLabel {
    pub lang: String,
    pub text: String,
}

fn label_in(ctx: &Context<'_>, labels: &views::Labels, lang: Option<String>) -> String {
    let lang = lang.unwrap_or_else(|| actor(ctx).lang.as_str().to_owned());
    labels.get(&lang).to_owned()
}

fn all_labels(labels: &views::Labels) -> Vec<LocalizedLabel> {
    labels.0.iter().map(|(lang, text)| LocalizedLabel { lang: lang.clone(), text: text.clone() }).collect()
}

macro_rules! taxonomy_object {
    ($name:ident, $gql:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone)]
        pub struct $name(pub views::TaxonomyEntry);

        #[Object(name = $gql)]
        impl $name {
            async fn id(&self) -> ID {
                ID(self.0.id.to_string())
            }
            async fn slug(&self) -> &str {
                &self.0.slug
            }
            /// The label in `lang`, else in the request's language, else German.
            async fn label(&self, ctx: &Context<'_>, lang: Option<String>) -> String {
                label_in(ctx, &self.0.labels, lang)
            }
            /// Every translation.
            async fn labels(&self) -> Vec<LocalizedLabel> {
                all_labels(&self.0.labels)
            }
            async fn sort_order(&self) -> i32 {
                self.0.sort_order
            }
            async fn version(&self) -> i32 {
                self.0.version
            }
        }
    };
}

taxonomy_object!(Topic, "Topic", "A topic of work, such as multilingualism or anti-discrimination.");
taxonomy_object!(TargetGroup, "TargetGroup", "Whom an offering is for.");

/// An Ortsteil or other sub-district.
#[derive(Clone)]
pub struct District(pub views::District);

#[Object]
impl District {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The larger district it belongs to (e.g. the Bezirk).
    async fn region(&self) -> &str {
        &self.0.region
    }
    /// Residents, from the region's files (for Pankow: Zensus 2022); `null` for an
    /// Ortsteil the files do not have.
    async fn residents(&self, ctx: &Context<'_>) -> Option<i64> {
        let region = crate::context::core(ctx).region();
        region.area(&self.0.name).map(|a| region.areas[a].residents as i64)
    }
    async fn sort_order(&self) -> i32 {
        self.0.sort_order
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A language offerings are delivered in (ISO 639-1).
#[derive(Clone)]
pub struct Language(pub views::Language);

#[Object]
impl Language {
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The name in `lang`, else in the request's language.
    async fn name(&self, ctx: &Context<'_>, lang: Option<String>) -> String {
        label_in(ctx, &self.0.labels, lang)
    }
    /// The language's name for itself.
    async fn native_name(&self) -> &str {
        &self.0.native_name
    }
    async fn right_to_left(&self) -> bool {
        self.0.right_to_left
    }
}
