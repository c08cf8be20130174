//! Reference data: the taxonomy every installation starts with. Inserted after
//! migrating when missing and never overwritten, so admins' edits survive restarts.

use migraup_domain::error::DomainResult;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Core,
    entities::{district, language, target_group, topic},
    errors::DbResultExt,
};

/// The network's key topics first, then the fields of work.
pub const TOPICS: &[(&str, &str, &str)] = &[
    ("multilingualism", "Mehrsprachigkeit", "Multilingualism"),
    ("diversity", "Diversität", "Diversity"),
    ("anti-discrimination", "Antidiskriminierung", "Anti-discrimination"),
    ("inclusion", "Inklusion", "Inclusion"),
    ("empowerment", "Empowerment", "Empowerment"),
    ("bipoc-participation", "Teilhabe von BIPoC", "Participation of BIPoC"),
    ("flight-asylum", "Flucht und Asyl", "Flight and asylum"),
    ("education", "Bildung", "Education"),
    ("counselling", "Beratung", "Counselling"),
    ("work", "Arbeit und Ausbildung", "Work and training"),
    ("housing", "Wohnen", "Housing"),
    ("health", "Gesundheit", "Health"),
    ("culture", "Kultur", "Culture"),
    ("youth", "Jugend", "Youth"),
    ("women", "Frauen", "Women"),
    ("lgbtiq", "LGBTIQ*", "LGBTIQ*"),
    ("family", "Familie", "Family"),
    ("civic-participation", "Politische Teilhabe", "Civic participation"),
    ("sport", "Sport", "Sport"),
    ("seniors", "Ältere Menschen", "Older people"),
];

/// Whom offerings are for.
pub const TARGET_GROUPS: &[(&str, &str, &str)] = &[
    ("refugees", "Geflüchtete", "Refugees"),
    ("newcomers", "Neuzugewanderte", "Newcomers"),
    ("women", "Frauen", "Women"),
    ("children", "Kinder", "Children"),
    ("young-people", "Jugendliche", "Young people"),
    ("families", "Familien", "Families"),
    ("older-people", "Ältere Menschen", "Older people"),
    ("lgbtiq", "LGBTIQ*", "LGBTIQ*"),
    ("people-with-disabilities", "Menschen mit Behinderung", "People with disabilities"),
    ("professionals", "Fachkräfte", "Professionals"),
    ("multipliers", "Multiplikator*innen", "Multipliers"),
];

/// Languages (ISO 639-1): German and English name, own name, right-to-left.
pub const LANGUAGES: &[(&str, &str, &str, &str, bool)] = &[
    ("de", "Deutsch", "German", "Deutsch", false),
    ("en", "Englisch", "English", "English", false),
    ("ar", "Arabisch", "Arabic", "العربية", true),
    ("tr", "Türkisch", "Turkish", "Türkçe", false),
    ("ru", "Russisch", "Russian", "Русский", false),
    ("uk", "Ukrainisch", "Ukrainian", "Українська", false),
    ("fa", "Persisch (Farsi/Dari)", "Persian (Farsi/Dari)", "فارسی", true),
    ("ps", "Paschtu", "Pashto", "پښتو", true),
    ("ku", "Kurdisch", "Kurdish", "Kurdî", false),
    ("vi", "Vietnamesisch", "Vietnamese", "Tiếng Việt", false),
    ("pl", "Polnisch", "Polish", "Polski", false),
    ("ro", "Rumänisch", "Romanian", "Română", false),
    ("bg", "Bulgarisch", "Bulgarian", "Български", false),
    ("fr", "Französisch", "French", "Français", false),
    ("es", "Spanisch", "Spanish", "Español", false),
    ("pt", "Portugiesisch", "Portuguese", "Português", false),
    ("it", "Italienisch", "Italian", "Italiano", false),
    ("sq", "Albanisch", "Albanian", "Shqip", false),
    ("sr", "Serbisch", "Serbian", "Српски", false),
    ("so", "Somali", "Somali", "Soomaali", false),
    ("ti", "Tigrinya", "Tigrinya", "ትግርኛ", false),
    ("am", "Amharisch", "Amharic", "አማርኛ", false),
    ("zh", "Chinesisch", "Chinese", "中文", false),
    ("ur", "Urdu", "Urdu", "اردو", true),
    ("he", "Hebräisch", "Hebrew", "עברית", true),
    ("hi", "Hindi", "Hindi", "हिन्दी", false),
    ("ka", "Georgisch", "Georgian", "ქართული", false),
    ("hy", "Armenisch", "Armenian", "Հայերեն", false),
];

/// The first district's Ortsteile. Further districts are added as data by admins.
pub const DISTRICTS: &[(&str, &str)] = &[
    ("Blankenburg", "Pankow"),
    ("Blankenfelde", "Pankow"),
    ("Buch", "Pankow"),
    ("Französisch Buchholz", "Pankow"),
    ("Heinersdorf", "Pankow"),
    ("Karow", "Pankow"),
    ("Niederschönhausen", "Pankow"),
    ("Pankow", "Pankow"),
    ("Prenzlauer Berg", "Pankow"),
    ("Rosenthal", "Pankow"),
    ("Stadtrandsiedlung Malchow", "Pankow"),
    ("Weißensee", "Pankow"),
    ("Wilhelmsruh", "Pankow"),
];

impl Core {
    /// Inserts missing reference data (idempotent).
    pub async fn seed_reference_data(&self) -> DomainResult<()> {
        let db = self.db();
        for (i, (slug, de, en)) in TOPICS.iter().enumerate() {
            if topic::Entity::find().filter(topic::Column::Slug.eq(*slug)).count(db).await.internal()? == 0 {
                topic::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    slug: Set((*slug).into()),
                    labels: Set(json!({"de": de, "en": en})),
                    sort_order: Set(i as i32 * 10),
                    version: Set(1),
                }
                .insert(db)
                .await
                .internal()?;
            }
        }
        for (i, (slug, de, en)) in TARGET_GROUPS.iter().enumerate() {
            if target_group::Entity::find().filter(target_group::Column::Slug.eq(*slug)).count(db).await.internal()? == 0 {
                target_group::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    slug: Set((*slug).into()),
                    labels: Set(json!({"de": de, "en": en})),
                    sort_order: Set(i as i32 * 10),
                    version: Set(1),
                }
                .insert(db)
                .await
                .internal()?;
            }
        }
        for (i, (code, de, en, native, rtl)) in LANGUAGES.iter().enumerate() {
            if language::Entity::find_by_id(*code).one(db).await.internal()?.is_none() {
                language::ActiveModel {
                    code: Set((*code).into()),
                    labels: Set(json!({"de": de, "en": en})),
                    native_name: Set((*native).into()),
                    right_to_left: Set(*rtl),
                    sort_order: Set(i as i32 * 10),
                }
                .insert(db)
                .await
                .internal()?;
            }
        }
        for (i, (name, region)) in DISTRICTS.iter().enumerate() {
            let slug = migraup_domain::search::slugify(name);
            if district::Entity::find().filter(district::Column::Slug.eq(&slug)).count(db).await.internal()? == 0 {
                district::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    slug: Set(slug),
                    name: Set((*name).into()),
                    region: Set((*region).into()),
                    sort_order: Set(i as i32 * 10),
                    version: Set(1),
                }
                .insert(db)
                .await
                .internal()?;
            }
        }
        Ok(())
    }
}
