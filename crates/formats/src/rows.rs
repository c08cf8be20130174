//! Columns and cells: which column fills which field (guessed from the header, or as
//! the person mapped it), and each cell checked and written as it would be saved, with
//! the reason at the cell when it cannot be.

use std::{collections::HashMap, sync::LazyLock};

use migraup_domain::{ImportField, Lang, OrganisationKind, Reason, search, texts::text, validate};
use sha2::{Digest, Sha256};

use crate::duplicates::{self, Keys};

/// One field (or none: ignored) per column of the file.
pub type Mapping = Vec<Option<ImportField>>;

/// A header cell folded to letters and digits: "E-Mail-Adresse" → "emailadresse".
fn header_word(cell: &str) -> String {
    search::fold(cell).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The header's fingerprint: the next file with the same columns gets the same mapping.
pub fn header_key(header: &[String]) -> String {
    let mut hash = Sha256::new();
    for cell in header {
        hash.update(header_word(cell).as_bytes());
        hash.update([0x1f]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Header words (folded) that name a field, German and English.
const HEADER_WORDS: &[(ImportField, &[&str])] = &[
    // Not "Nr." or "lfd. Nr.": a running number changes when a list is sorted anew and
    // would match another list's rows.
    (ImportField::ExternalId, &["id", "externeid", "externalid", "kennung", "importid", "schlussel"]),
    (ImportField::Name, &["name", "organisation", "organization", "organisationsname", "nameder organisation", "einrichtung", "traeger"]),
    (ImportField::Kind, &["art", "typ", "kind", "type", "organisationsart", "organisationstyp"]),
    (ImportField::LegalForm, &["rechtsform", "legalform"]),
    (ImportField::Description, &["beschreibung", "description", "kurzbeschreibung", "profil", "about", "selbstbeschreibung"]),
    (ImportField::Website, &["website", "webseite", "homepage", "internet", "url", "web", "internetseite", "internetadresse"]),
    (ImportField::Email, &["email", "mail", "emailadresse", "mailadresse"]),
    (ImportField::Phone, &["telefon", "phone", "tel", "telefonnummer", "telephone", "fon"]),
    (ImportField::Street, &["strasse", "street", "adresse", "anschrift", "address", "strasseundhausnummer", "strassehausnummer"]),
    (ImportField::PostalCode, &["plz", "postleitzahl", "postalcode", "zip", "postcode", "zipcode"]),
    (ImportField::City, &["ort", "stadt", "city", "town", "wohnort"]),
    (ImportField::FoundedYear, &["gegrundet", "grundungsjahr", "foundedyear", "founded", "grundung", "gruendungsjahr"]),
    (ImportField::Languages, &["sprachen", "languages", "sprache", "language"]),
    (ImportField::Offerings, &["angebote", "offerings", "angebot", "services", "leistungen", "offers"]),
];

/// A mapping guessed from the header's words; each field at most once.
pub fn guess(header: &[String]) -> Mapping {
    let mut used = Vec::new();
    header
        .iter()
        .map(|cell| {
            let word = header_word(cell);
            let field = HEADER_WORDS
                .iter()
                .find(|(f, words)| !used.contains(f) && words.iter().any(|w| w.replace(' ', "") == word))
                .map(|(f, _)| *f);
            used.extend(field);
            field
        })
        .collect()
}

/// Kinds by their words: the stable names, and the names listed in every language's
/// message for an unknown kind (in the order of [`OrganisationKind::ALL`]), so that
/// what the message offers is what the import understands.
static KIND_WORDS: LazyLock<HashMap<String, OrganisationKind>> = LazyLock::new(|| {
    let mut words = HashMap::new();
    for kind in OrganisationKind::ALL {
        words.insert(search::fold(&kind.as_str().replace('_', " ")), *kind);
    }
    for lang in Lang::ALL {
        for (kind, word) in OrganisationKind::ALL.iter().zip(kind_list(*lang)) {
            words.insert(search::fold(&word), *kind);
        }
    }
    // The web app's longer labels.
    for (word, kind) in [
        ("Netzwerk oder Dachverband", OrganisationKind::Network),
        ("Network or umbrella", OrganisationKind::Network),
        ("Dachverband", OrganisationKind::Network),
        ("Migrantenorganisation", OrganisationKind::MigrantOrganisation),
        ("MSO", OrganisationKind::MigrantOrganisation),
        ("MO", OrganisationKind::MigrantOrganisation),
        ("Wohlfahrtsverband", OrganisationKind::WelfareProvider),
        ("Sonstiges", OrganisationKind::Other),
    ] {
        words.insert(search::fold(word), kind);
    }
    words
});

/// The kinds as the unknown-kind message of `lang` lists them.
fn kind_list(lang: Lang) -> Vec<String> {
    let message = text(lang, "reason_unknown_kind");
    let list = message.split_once([':', '：']).map_or("", |(_, l)| l);
    list.split([',', '،', '、']).map(|w| w.trim().trim_end_matches(['.', '。']).trim().to_owned()).filter(|w| !w.is_empty()).collect()
}

fn kind(value: &str) -> Option<OrganisationKind> {
    KIND_WORDS.get(&search::fold(&value.replace(['_', '-'], " "))).copied()
}

/// Languages by code, native name and every label.
pub type LanguageWords = HashMap<String, String>;

/// One cell as it would be saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub field: ImportField,
    pub value: String,
    pub error: Option<Reason>,
}

/// A row of the file as it would be saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The saved value of `field`, if mapped, filled in and valid.
    pub fn get(&self, field: ImportField) -> Option<&str> {
        self.cells.iter().find(|c| c.field == field && c.error.is_none() && !c.value.is_empty()).map(|c| c.value.as_str())
    }

    pub fn is_valid(&self) -> bool {
        self.cells.iter().all(|c| c.error.is_none())
    }

    pub fn name(&self) -> &str {
        self.cells.iter().find(|c| c.field == ImportField::Name).map_or("", |c| c.value.as_str())
    }

    /// Split list values (languages, offerings).
    pub fn list(&self, field: ImportField) -> Vec<String> {
        self.get(field).map(|v| v.split("; ").map(str::to_owned).collect()).unwrap_or_default()
    }

    pub fn keys(&self) -> Keys {
        Keys {
            external_id: self.get(ImportField::ExternalId).map(str::to_owned),
            domain: self.get(ImportField::Website).and_then(duplicates::domain),
            email: self.get(ImportField::Email).map(str::to_owned),
            phone: self.get(ImportField::Phone).and_then(duplicates::phone_key),
            name: duplicates::name_key(self.name()),
        }
    }
}

fn split_list(value: &str, separators: &[char]) -> Vec<String> {
    value.split(separators).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect()
}

/// The value `field` would be saved with, or why it cannot be.
fn check(field: ImportField, raw: &str, languages: &LanguageWords, year: i32) -> Result<String, Reason> {
    let value = raw.trim();
    let f = field.as_str();
    // A formula written out (CSV) is no value; a workbook's formulas arrive computed.
    if value.len() > 1 && value.starts_with('=') {
        return Err(Reason::Formula);
    }
    let reason = |e: migraup_domain::DomainError| e.reason;
    let some = |v: Option<String>| v.unwrap_or_default();
    Ok(match field {
        ImportField::ExternalId => some(validate::optional_line(f, Some(value), 100).map_err(reason)?),
        ImportField::Name => validate::name(f, value, 2, 200).map_err(reason)?,
        ImportField::Kind if value.is_empty() => OrganisationKind::Other.as_str().to_owned(),
        ImportField::Kind => kind(value).ok_or(Reason::UnknownKind)?.as_str().to_owned(),
        ImportField::LegalForm | ImportField::City => some(validate::optional_line(f, Some(value), 100).map_err(reason)?),
        ImportField::Street => some(validate::optional_line(f, Some(value), 200).map_err(reason)?),
        // A workbook keeps 01067 as the number 1067: German postal codes have five digits.
        ImportField::PostalCode if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) => format!("0{value}"),
        ImportField::PostalCode => some(validate::optional_line(f, Some(value), 20).map_err(reason)?),
        ImportField::Description => some(validate::optional_text(f, Some(value), 5000).map_err(reason)?),
        ImportField::Website => {
            // "www.verein.de" as spreadsheets write it.
            let url = if !value.is_empty() && !value.contains("://") { format!("https://{value}") } else { value.to_owned() };
            some(validate::optional_url(f, Some(&url)).map_err(reason)?)
        }
        ImportField::Email if value.is_empty() => String::new(),
        ImportField::Email => validate::email(f, value.trim_start_matches("mailto:")).map_err(reason)?,
        ImportField::Phone => some(validate::optional_phone(f, Some(value)).map_err(reason)?),
        ImportField::FoundedYear if value.is_empty() => String::new(),
        ImportField::FoundedYear => {
            let y = value.trim_end_matches(".0").parse::<i32>().map_err(|_| Reason::InvalidYear { min: 1800, max: year })?;
            some(validate::optional_year(f, Some(y), year).map_err(reason)?.map(|y| y.to_string()))
        }
        ImportField::Languages => {
            let mut codes = Vec::new();
            for word in split_list(value, &[',', ';', '/', '|']) {
                let code = languages.get(&search::fold(&word)).ok_or(Reason::InvalidLanguage)?;
                if !codes.contains(code) {
                    codes.push(code.clone());
                }
            }
            codes.join("; ")
        }
        ImportField::Offerings => {
            let titles = split_list(value, &[';', '\n']);
            if titles.len() > 50 {
                return Err(Reason::TooLong { max: 50 });
            }
            titles.iter().map(|t| validate::name(f, t, 2, 200)).collect::<Result<Vec<_>, _>>().map_err(reason)?.join("; ")
        }
    })
}

/// A row of the file under `mapping`, every mapped cell checked.
pub fn parse(line: u32, cells: &[String], mapping: &Mapping, languages: &LanguageWords, year: i32) -> Row {
    let cells = mapping
        .iter()
        .enumerate()
        .filter_map(|(i, field)| field.map(|f| (f, cells.get(i).map_or("", String::as_str))))
        .map(|(field, raw)| match check(field, raw, languages, year) {
            Ok(value) => Cell { field, value, error: None },
            Err(error) => Cell { field, value: raw.trim().to_owned(), error: Some(error) },
        })
        .collect();
    Row { line, cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_lists_every_kind_and_the_import_understands_them() {
        for lang in Lang::ALL {
            let list = kind_list(*lang);
            assert_eq!(list.len(), OrganisationKind::ALL.len(), "{lang}: {list:?}");
            for (word, expected) in list.iter().zip(OrganisationKind::ALL) {
                assert_eq!(kind(word), Some(*expected), "{lang}: {word}");
            }
        }
        assert_eq!(kind("migrant_organisation"), Some(OrganisationKind::MigrantOrganisation));
        assert_eq!(kind("Verein"), None);
    }

    #[test]
    fn headers_are_guessed_in_german_and_english() {
        let header: Vec<String> = ["ID", "Name der Organisation", "E-Mail", "Webseite", "PLZ", "Straße", "Gründungsjahr", "Sonstiges"]
            .map(str::to_owned)
            .to_vec();
        let mapping = guess(&header);
        use ImportField::*;
        assert_eq!(
            mapping,
            vec![Some(ExternalId), Some(Name), Some(Email), Some(Website), Some(PostalCode), Some(Street), Some(FoundedYear), None]
        );
        assert_eq!(header_key(&header), header_key(&header.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>()));
    }

    #[test]
    fn cells_are_checked_and_normalised() {
        let languages: LanguageWords =
            [("de", "de"), ("deutsch", "de"), ("arabisch", "ar")].map(|(a, b)| (a.to_owned(), b.to_owned())).into();
        let mapping: Mapping = vec![
            Some(ImportField::Name),
            Some(ImportField::Website),
            Some(ImportField::Languages),
            Some(ImportField::Kind),
            Some(ImportField::Email),
        ];
        let row = parse(
            2,
            &["Brücke e.V.", "www.bruecke.de", "Deutsch, Arabisch", "", "=HYPERLINK(\"x\")"].map(str::to_owned),
            &mapping,
            &languages,
            2026,
        );
        assert_eq!(row.get(ImportField::Website), Some("https://www.bruecke.de"));
        assert_eq!(row.get(ImportField::Languages), Some("de; ar"));
        assert_eq!(row.get(ImportField::Kind), Some("OTHER"));
        assert_eq!(row.cells[4].error, Some(Reason::Formula));
        assert!(!row.is_valid());
    }
}
