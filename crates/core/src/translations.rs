//! Texts in more languages: an organisation's description, an offering's title and
//! description. The organisation's own texts are in its `content_language`; each
//! translation is one row per text owner and language. Readers get the version in
//! their language when there is one (`pick`), else the organisation's own.

use std::collections::HashMap;

use chrono::Utc;
use migraup_domain::{DomainError, Reason, error::DomainResult, validate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use crate::{Actor, Core, entities::translation, errors::DbResultExt, views::Translation};

/// At most this many translations per text owner.
const MAX_TRANSLATIONS: usize = 20;

/// One language's version as given in a form; both texts empty removes it.
#[derive(Clone, Debug, Default)]
pub struct TranslationInput {
    pub language: String,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// Checks the translations of one text owner. `with_title`: offerings have titles,
/// organisations do not (their name is never translated).
pub(crate) fn check(main_language: &str, items: &[TranslationInput], with_title: bool) -> DomainResult<Vec<Translation>> {
    if items.len() > MAX_TRANSLATIONS {
        return Err(DomainError::invalid("translations", Reason::TooLong { max: MAX_TRANSLATIONS }));
    }
    let mut out: Vec<Translation> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| format!("translations.{i}.{name}");
        let language = validate::language_code(&field("language"), &item.language)?;
        if language == main_language || out.iter().any(|t| t.language == language) {
            return Err(DomainError::invalid(&field("language"), Reason::AlreadyTaken));
        }
        let description = validate::optional_text(&field("description"), item.description.as_deref(), 5000)?;
        let title = match item.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(_) if !with_title => return Err(DomainError::invalid(&field("title"), Reason::InvalidState)),
            Some(title) => Some(validate::name(&field("title"), title, 2, 200)?),
            None => None,
        };
        if title.is_none() && description.is_none() {
            continue;
        }
        if with_title && title.is_none() {
            return Err(DomainError::invalid(&field("title"), Reason::Required));
        }
        out.push(Translation { language, title, description });
    }
    Ok(out)
}

/// Replaces the translations of `subject_id` (an organisation, or an offering of it),
/// in the caller's transaction.
pub(crate) async fn replace(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    offering_id: Option<Uuid>,
    items: &[Translation],
) -> DomainResult<()> {
    let subject_id = offering_id.unwrap_or(organisation_id);
    translation::Entity::delete_many().filter(translation::Column::SubjectId.eq(subject_id)).exec(db).await.internal()?;
    if items.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows = items.iter().map(|t| translation::ActiveModel {
        id: Set(Uuid::now_v7()),
        subject_id: Set(subject_id),
        organisation_id: Set(organisation_id),
        offering_id: Set(offering_id),
        language: Set(t.language.clone()),
        title: Set(t.title.clone()),
        description: Set(t.description.clone()),
        updated_at: Set(now),
    });
    translation::Entity::insert_many(rows).exec(db).await.internal()?;
    Ok(())
}

/// An edit's translations: the given ones, checked and written in place of the earlier
/// ones, or (none given) the stored ones; either way what the search text folds in.
pub(crate) async fn write_or_read(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    offering_id: Option<Uuid>,
    main_language: &str,
    given: Option<&[TranslationInput]>,
) -> DomainResult<Vec<Translation>> {
    match given {
        Some(items) => {
            let checked = check(main_language, items, offering_id.is_some())?;
            replace(db, organisation_id, offering_id, &checked).await?;
            Ok(checked)
        }
        None => stored(db, offering_id.unwrap_or(organisation_id)).await,
    }
}

/// The stored translations of `subject_id`, as the search reads them.
async fn stored(db: &impl ConnectionTrait, subject_id: Uuid) -> DomainResult<Vec<Translation>> {
    let rows = translation::Entity::find().filter(translation::Column::SubjectId.eq(subject_id)).all(db).await.internal()?;
    Ok(rows.into_iter().map(view).collect())
}

/// The words of all translations, for the folded search text.
pub(crate) fn search_words(items: &[Translation]) -> String {
    items.iter().flat_map(|t| [t.title.as_deref(), t.description.as_deref()]).flatten().collect::<Vec<_>>().join(" ")
}

fn view(m: translation::Model) -> Translation {
    Translation { language: m.language, title: m.title, description: m.description }
}

/// The version for a reader of `lang`: the translation in that language, or `None`
/// when the organisation's own text is the one to show.
pub fn pick<'a>(translations: &'a [Translation], content_language: &str, lang: &str) -> Option<&'a Translation> {
    let available: Vec<&str> = translations.iter().map(|t| t.language.as_str()).collect();
    let shown = migraup_domain::kinds::language_to_show(content_language, &available, lang);
    translations.iter().find(|t| t.language == shown && shown != content_language)
}

impl Core {
    /// The translations of a batch of organisations and offerings (for loaders), only
    /// of organisations the actor may see.
    pub async fn translations_of(&self, actor: &Actor, subject_ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Vec<Translation>>> {
        let rows = translation::Entity::find()
            .filter(translation::Column::SubjectId.is_in(subject_ids.to_vec()))
            .filter(translation::Column::OrganisationId.in_subquery(crate::visibility::visible_to(actor)))
            .order_by_asc(translation::Column::Language)
            .all(self.db())
            .await
            .internal()?;
        let mut out: HashMap<Uuid, Vec<Translation>> = HashMap::new();
        for row in rows {
            out.entry(row.subject_id).or_default().push(view(row));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(language: &str, title: Option<&str>, description: Option<&str>) -> TranslationInput {
        TranslationInput { language: language.into(), title: title.map(Into::into), description: description.map(Into::into) }
    }

    #[test]
    fn translations_are_checked_per_language() {
        let ok = check("de", &[input("AR", None, Some("وصف")), input("uk", None, Some(""))], false).unwrap();
        assert_eq!(ok.len(), 1, "an empty one is left out");
        assert_eq!(ok[0].language, "ar");
        let same = check("de", &[input("de", None, Some("x"))], false).unwrap_err();
        assert_eq!(same.field.as_deref(), Some("translations.0.language"));
        let twice = check("de", &[input("ar", None, Some("x")), input("ar", None, Some("y"))], false).unwrap_err();
        assert_eq!(twice.field.as_deref(), Some("translations.1.language"));
        let bad = check("de", &[input("arabic", None, Some("x"))], false).unwrap_err();
        assert_eq!(bad.reason, Reason::InvalidLanguage);
        let no_title = check("de", &[input("tr", None, Some("x"))], true).unwrap_err();
        assert_eq!(no_title.field.as_deref(), Some("translations.0.title"));
        let organisation_title = check("de", &[input("tr", Some("Başlık"), None)], false).unwrap_err();
        assert_eq!(organisation_title.field.as_deref(), Some("translations.0.title"));
    }

    #[test]
    fn a_reader_gets_their_language_or_the_organisations_own() {
        let items = vec![Translation { language: "ar".into(), title: None, description: Some("وصف".into()) }];
        assert!(pick(&items, "de", "ar").is_some());
        assert!(pick(&items, "de", "de").is_none());
        assert!(pick(&items, "de", "uk").is_none());
    }
}
