//! The texts the server writes itself (error messages, headers of exported files,
//! dates), one file per interface language in `crates/domain/texts/`, compiled in.
//! The web app's own texts are its locale files (`frontend/locales/`).

use std::{collections::HashMap, fmt::Display, sync::LazyLock};

use crate::Lang;

/// The catalogue file of `lang`.
fn file(lang: Lang) -> &'static str {
    match lang {
        Lang::De => include_str!("../texts/de.txt"),
        Lang::En => include_str!("../texts/en.txt"),
        Lang::Ar => include_str!("../texts/ar.txt"),
        Lang::Tr => include_str!("../texts/tr.txt"),
        Lang::Uk => include_str!("../texts/uk.txt"),
        Lang::Ru => include_str!("../texts/ru.txt"),
        Lang::Fa => include_str!("../texts/fa.txt"),
    }
}

/// `key = text` lines; `#` starts a comment line.
fn parse(file: &'static str) -> Vec<(&'static str, &'static str)> {
    file.lines()
        .filter(|line| !line.trim_start().starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(" = ").map(|(k, v)| (k.trim(), v.trim())))
        .collect()
}

static CATALOGUES: LazyLock<HashMap<Lang, HashMap<&'static str, &'static str>>> =
    LazyLock::new(|| Lang::ALL.iter().map(|lang| (*lang, parse(file(*lang)).into_iter().collect())).collect());

/// The text of `key` in `lang`; the German one if that language lacks it (a test
/// keeps every file complete), the key itself if German lacks it too.
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    let find = |lang: Lang| CATALOGUES.get(&lang).and_then(|texts| texts.get(key)).copied();
    find(lang).or_else(|| find(Lang::De)).unwrap_or(key)
}

/// The text of `key` with its `{name}` placeholders filled in.
pub fn fill(lang: Lang, key: &'static str, values: &[(&str, &dyn Display)]) -> String {
    values.iter().fold(text(lang, key).to_owned(), |out, (name, value)| out.replace(&format!("{{{name}}}"), &value.to_string()))
}

/// A fingerprint of the web app's text keys (FNV-1a over the sorted keys): the web app
/// (built with it) and the server (serving the texts in that order) check that they
/// mean the same list.
pub fn keys_fingerprint<'a>(sorted_keys: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for key in sorted_keys {
        for byte in key.bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_language_has_exactly_the_german_keys_and_placeholders() {
        let german = parse(file(Lang::De));
        for lang in Lang::ALL {
            let other = parse(file(*lang));
            let keys: Vec<&str> = other.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, german.iter().map(|(k, _)| *k).collect::<Vec<_>>(), "{lang}: keys differ from de.txt");
            for ((key, de), (_, text)) in german.iter().zip(&other) {
                assert!(!text.is_empty(), "{lang}: {key} is empty");
                assert_eq!(placeholders(de), placeholders(text), "{lang}: {key} has other placeholders");
            }
        }
    }

    #[test]
    fn a_text_is_filled_in_and_falls_back_to_german() {
        assert_eq!(fill(Lang::De, "reason_too_long", &[("max", &200)]), "Höchstens 200 Zeichen.");
        assert_eq!(fill(Lang::En, "reason_too_long", &[("max", &200)]), "At most 200 characters.");
        assert_eq!(text(Lang::Ar, "no_such_key"), "no_such_key");
    }
}
