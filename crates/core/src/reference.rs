//! Reference data: the taxonomy every installation starts with. Inserted after
//! migrating when missing and never overwritten, so admins' edits survive restarts;
//! labels in a language an entry lacks are added (`data/reference_labels.json` has
//! them in the interface languages beyond German and English).

use std::{collections::HashMap, sync::LazyLock};

use migraup_domain::error::DomainResult;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;
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

/// Labels in the further interface languages: kind → slug or code → language → label.
type MoreLabels = HashMap<String, HashMap<String, HashMap<String, String>>>;

static MORE_LABELS: LazyLock<MoreLabels> =
    LazyLock::new(|| serde_json::from_str(include_str!("../data/reference_labels.json")).expect("reference_labels.json is JSON"));

/// The labels of an entry: German, English and the further languages.
fn labels(kind: &str, key: &str, de: &str, en: &str) -> Value {
    let mut labels = serde_json::Map::new();
    labels.insert("de".into(), de.into());
    labels.insert("en".into(), en.into());
    for (lang, label) in MORE_LABELS.get(kind).and_then(|k| k.get(key)).into_iter().flatten() {
        labels.insert(lang.clone(), label.as_str().into());
    }
    Value::Object(labels)
}

/// `stored` with the languages of `wanted` it lacks; `None` when it lacks none. What is
/// there (perhaps an admin's edit) is kept.
fn completed(stored: &Value, wanted: &Value) -> Option<Value> {
    let (Value::Object(have), Value::Object(want)) = (stored, wanted) else { return None };
    let missing: Vec<(&String, &Value)> = want.iter().filter(|(lang, _)| !have.contains_key(*lang)).collect();
    if missing.is_empty() {
        return None;
    }
    let mut out = have.clone();
    out.extend(missing.into_iter().map(|(k, v)| (k.clone(), v.clone())));
    Some(Value::Object(out))
}

impl Core {
    /// Inserts missing reference data and adds missing languages to the labels (idempotent).
    pub async fn seed_reference_data(&self) -> DomainResult<()> {
        let db = self.db();
        // Topics and target groups are alike: a slug, labels, an order and a version.
        macro_rules! seed_taxonomy {
            ($entity:ident, $kind:literal, $list:expr) => {
                for (i, (slug, de, en)) in $list.iter().enumerate() {
                    let wanted = labels($kind, slug, de, en);
                    match $entity::Entity::find().filter($entity::Column::Slug.eq(*slug)).one(db).await.internal()? {
                        Some(found) => {
                            if let Some(more) = completed(&found.labels, &wanted) {
                                let version = found.version;
                                let mut active = found.into_active_model();
                                active.labels = Set(more);
                                active.version = Set(version + 1);
                                active.update(db).await.internal()?;
                            }
                        }
                        None => {
                            $entity::ActiveModel {
                                id: Set(Uuid::now_v7()),
                                slug: Set((*slug).into()),
                                labels: Set(wanted),
                                sort_order: Set(i as i32 * 10),
                                version: Set(1),
                            }
                            .insert(db)
                            .await
                            .internal()?;
                        }
                    }
                }
            };
        }
        seed_taxonomy!(topic, "topics", TOPICS);
        seed_taxonomy!(target_group, "target_groups", TARGET_GROUPS);
        for (i, (code, de, en, native, rtl)) in LANGUAGES.iter().enumerate() {
            let wanted = labels("languages", code, de, en);
            match language::Entity::find_by_id(*code).one(db).await.internal()? {
                Some(found) => {
                    if let Some(more) = completed(&found.labels, &wanted) {
                        let mut active = found.into_active_model();
                        active.labels = Set(more);
                        active.update(db).await.internal()?;
                    }
                }
                None => {
                    language::ActiveModel {
                        code: Set((*code).into()),
                        labels: Set(wanted),
                        native_name: Set((*native).into()),
                        right_to_left: Set(*rtl),
                        sort_order: Set(i as i32 * 10),
                    }
                    .insert(db)
                    .await
                    .internal()?;
                }
            }
        }
        // The Ortsteile of the configured region; further ones are added as data by admins.
        let region = self.region();
        for (i, name) in region.areas.iter().map(|a| a.name.as_str()).enumerate() {
            let slug = migraup_domain::search::slugify(name);
            if district::Entity::find().filter(district::Column::Slug.eq(&slug)).count(db).await.internal()? == 0 {
                district::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    slug: Set(slug),
                    name: Set(name.into()),
                    region: Set(region.name.clone()),
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_entry_has_a_label_in_every_interface_language() {
        let entries = TOPICS
            .iter()
            .map(|(s, de, en)| labels("topics", s, de, en))
            .chain(TARGET_GROUPS.iter().map(|(s, de, en)| labels("target_groups", s, de, en)))
            .chain(LANGUAGES.iter().map(|(c, de, en, _, _)| labels("languages", c, de, en)));
        for entry in entries {
            for lang in migraup_domain::Lang::ALL {
                assert!(entry[lang.as_str()].as_str().is_some_and(|l| !l.is_empty()), "{entry} lacks {lang}");
            }
        }
    }

    #[test]
    fn completing_labels_keeps_what_is_there() {
        let stored = json!({"de": "Beratung (eigene Fassung)", "en": "Counselling"});
        let wanted = json!({"de": "Beratung", "en": "Counselling", "ar": "استشارات"});
        let done = completed(&stored, &wanted).unwrap();
        assert_eq!(done["de"], "Beratung (eigene Fassung)");
        assert_eq!(done["ar"], "استشارات");
        assert!(completed(&done, &wanted).is_none());
    }
}
