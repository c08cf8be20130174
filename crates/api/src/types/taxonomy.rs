//! Topics, target groups, districts and languages as GraphQL types.

use async_graphql::{Context, ID, Object, SimpleObject};
use migraup_core::views;

use crate::context::actor;

/// A label in one interface language.
#[derive(SimpleObject, Clone)]
pub struct LocalizedLabel {
    /// The interface language, as an ISO 639-1 code (`de`, `en`, …).
    pub lang: String,
    /// The label in that language.
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

        #[doc = concat!($doc)]
        #[Object(name = $gql)]
        impl $name {
            /// The id (a UUID).
            async fn id(&self) -> ID {
                ID(self.0.id.to_string())
            }
            /// A stable, readable key: lower-case letters, digits and hyphens.
            async fn slug(&self) -> &str {
                &self.0.slug
            }
            /// The label in `lang`, else in the request's language, else German.
            async fn label(
                &self,
                ctx: &Context<'_>,
                #[graphql(desc = "An interface language (ISO 639-1, e.g. `en`); else the request's language.")] lang: Option<String>,
            ) -> String {
                label_in(ctx, &self.0.labels, lang)
            }
            /// Every translation.
            async fn labels(&self) -> Vec<LocalizedLabel> {
                all_labels(&self.0.labels)
            }
            /// The position in lists: lower numbers come first.
            async fn sort_order(&self) -> i32 {
                self.0.sort_order
            }
            /// For optimistic locking: send it back as `expectedVersion` when editing.
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

/// An Ortsteil or other sub-district of the region.
#[Object]
impl District {
    /// The id (a UUID).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// A stable, readable key: lower-case letters, digits and hyphens.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The name, such as „Prenzlauer Berg“.
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
    /// The position in lists: lower numbers come first.
    async fn sort_order(&self) -> i32 {
        self.0.sort_order
    }
    /// For optimistic locking: send it back as `expectedVersion` when editing.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A language offerings are delivered in (ISO 639-1).
#[derive(Clone)]
pub struct Language(pub views::Language);

/// A language organisations work in and offerings are delivered in.
#[Object]
impl Language {
    /// The ISO 639-1 code, such as `ar`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// The name in `lang`, else in the request's language.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An interface language (ISO 639-1, e.g. `en`); else the request's language.")] lang: Option<String>,
    ) -> String {
        label_in(ctx, &self.0.labels, lang)
    }
    /// The language's name for itself.
    async fn native_name(&self) -> &str {
        &self.0.native_name
    }
    /// Whether it is written from right to left (such as Arabic or Persian).
    async fn right_to_left(&self) -> bool {
        self.0.right_to_left
    }
}
