//! The texts the server writes itself (error messages, headers of exported files,
//! dates, counted phrases for e-mails), one file per interface language in
//! `crates/domain/texts/`, compiled in; and the rules all three kinds of texts share
//! (these, the web app's locale files, the e-mails): placeholders are `{{ name }}`, a
//! text with plural forms has one key per form (`key.one`, `key.few`, …, see
//! `plural`), and every language has the German keys and placeholders.

use std::{collections::HashMap, fmt::Display, sync::LazyLock};

use crate::{
    Lang,
    plural::{Plural, forms, plural},
};

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

fn find(lang: Lang, key: &str) -> Option<&'static str> {
    CATALOGUES.get(&lang).and_then(|texts| texts.get(key)).copied()
}

/// The text of a key made at run time (`audit_<action>`), as [`text`] finds it;
/// `None` if not even German has it, so the caller shows its own fallback.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    find(lang, key).or_else(|| find(Lang::De, key))
}

/// The text of `key` in `lang`; the German one if that language lacks it (a test
/// keeps every file complete), the key itself if German lacks it too.
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    find(lang, key).or_else(|| find(Lang::De, key)).unwrap_or(key)
}

/// The text of `key` with its `{{ name }}` placeholders filled in.
pub fn fill(lang: Lang, key: &'static str, values: &[(&str, &dyn Display)]) -> String {
    with_values(text(lang, key), values)
}

/// The text `key` with plural forms in the form `n` takes in `lang` (its `key.other`
/// where the file has no own text for that form), `{{ count }}` filled with `n` and the
/// other placeholders with `values`: "1 leere Zeile", "5 пустых строк".
pub fn count(lang: Lang, key: &'static str, n: u64, values: &[(&str, &dyn Display)]) -> String {
    let form = |lang: Lang| find(lang, &plural(lang, n).key(key)).or_else(|| find(lang, &Plural::Other.key(key)));
    let template = form(lang).or_else(|| form(Lang::De)).unwrap_or(key);
    let mut all: Vec<(&str, &dyn Display)> = vec![("count", &n)];
    all.extend_from_slice(values);
    with_values(template, &all)
}

fn with_values(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let values: Vec<(&str, String)> = values.iter().map(|(name, value)| (*name, value.to_string())).collect();
    let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    substitute(template, &values)
}

/// A number as the reader writes it, with `places` decimals and the digit groups of
/// `Intl` (which the web app uses): a point between groups and a comma before the
/// decimals in German and Turkish, a no-break space and a comma in Ukrainian and
/// Russian, a comma and a point otherwise. Western digits everywhere, as phone numbers
/// and addresses in Berlin have them.
pub fn decimal(lang: Lang, value: f64, places: usize) -> String {
    let (group, point) = match lang {
        Lang::De | Lang::Tr => ('.', ','),
        Lang::Uk | Lang::Ru => ('\u{a0}', ','),
        Lang::En | Lang::Ar | Lang::Fa => (',', '.'),
    };
    let fixed = format!("{:.*}", places, value.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut out = String::new();
    if value < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// `template` with its `{{ name }}` placeholders replaced by the values of that name, in
/// one pass: a value that itself holds `{{ x }}` (a reason someone typed) stays as it is,
/// and so does a placeholder without a value.
pub fn substitute(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push_str(&rest[..start]);
        match values.iter().find(|(name, _)| *name == after[..end].trim()) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + end + 4]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The names of the `{{ name }}` placeholders of `text`, sorted, each once; an error for
/// a brace outside one (`{name}`, the syntax the domain's and the e-mails' texts had) or
/// a name that is not `snake_case`.
pub fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        let after = rest[at..].strip_prefix("{{").ok_or_else(|| format!("a single brace (placeholders are {{{{ name }}}}): {text:?}"))?;
        let (name, next) = after.split_once("}}").ok_or_else(|| format!("a placeholder without its end: {text:?}"))?;
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return Err(format!("a placeholder named {name:?}: {text:?}"));
        }
        names.push(name);
        rest = next;
    }
    names.sort_unstable();
    names.dedup();
    Ok(names)
}

/// The keys `lang`'s file has, given German's, in German's order: a text with plural
/// forms (German has `key.one` and `key.other`) in exactly the forms `lang` uses, in
/// CLDR's order, where German has its first.
pub fn expected_keys<'a>(lang: Lang, german: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let forms = forms(lang);
    let mut keys = Vec::new();
    let mut counted: Vec<&str> = Vec::new();
    for key in german {
        match Plural::split(key) {
            Some((base, _)) if counted.contains(&base) => {}
            Some((base, _)) => {
                counted.push(base);
                keys.extend(forms.iter().map(|form| form.key(base)));
            }
            None => keys.push(key.to_owned()),
        }
    }
    keys
}

/// Checks one language's texts against German's: exactly the keys `expected_keys`
/// names, none empty, every placeholder `{{ name }}`, and the placeholders of the German
/// text: the same ones, or for a form of a text with plural forms some of those of
/// German's `key.other` (Arabic writes "one result" out, without the number).
pub fn check_language(lang: Lang, german: &[(&str, &str)], texts: &[(&str, &str)]) -> Result<(), String> {
    let mut expected = expected_keys(lang, german.iter().map(|(k, _)| *k));
    let mut found: Vec<String> = texts.iter().map(|(k, _)| (*k).to_owned()).collect();
    expected.sort();
    found.sort();
    if found != expected {
        let missing: Vec<&String> = expected.iter().filter(|k| !found.contains(k)).collect();
        let extra: Vec<&String> = found.iter().filter(|k| !expected.contains(k)).collect();
        return Err(format!("{lang}: missing {missing:?}, not in German {extra:?}"));
    }
    let german_text = |key: &str| german.iter().find(|(k, _)| *k == key).map(|(_, t)| *t).unwrap_or_default();
    for (key, text) in texts {
        if text.trim().is_empty() {
            return Err(format!("{lang}: {key} is empty"));
        }
        let own = placeholders(text).map_err(|e| format!("{lang}: {key}: {e}"))?;
        let (model, partial) = match Plural::split(key) {
            Some((base, form)) => (german_text(&Plural::Other.key(base)), form != Plural::Other),
            None => (german_text(key), false),
        };
        let model = placeholders(model).map_err(|e| format!("de: {e}"))?;
        let fits = if partial { own.iter().all(|p| model.contains(p)) } else { own == model };
        if !fits {
            return Err(format!("{lang}: {key} has the placeholders {own:?}, German {model:?}"));
        }
    }
    Ok(())
}

/// The web app's key list, the order it numbers its texts and the server sends them in:
/// German's keys, every text with plural forms in all six forms (whichever a language
/// uses), sorted.
pub fn app_keys<'a>(german: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<String> = german
        .into_iter()
        .flat_map(|key| match Plural::split(key) {
            Some((base, _)) => Plural::ALL.iter().map(|form| form.key(base)).collect(),
            None => vec![key.to_owned()],
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The text of `key` (of `app_keys`) in one language's list: its own; for a plural form
/// the language does not use, its own `key.other`; else the same from German.
pub fn app_text<'t>(key: &str, own: impl Fn(&str) -> Option<&'t str>, german: impl Fn(&str) -> Option<&'t str>) -> &'t str {
    let other = Plural::split(key).map(|(base, _)| Plural::Other.key(base));
    let lookup = |texts: &dyn Fn(&str) -> Option<&'t str>| texts(key).or_else(|| other.as_deref().and_then(texts));
    lookup(&own).or_else(|| lookup(&german)).unwrap_or_default()
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

    #[test]
    fn numbers_in_the_readers_form() {
        assert_eq!(decimal(Lang::De, 1234567.0, 0), "1.234.567");
        assert_eq!(decimal(Lang::De, 2.345, 1), "2,3");
        assert_eq!(decimal(Lang::En, 12345.25, 2), "12,345.25");
        assert_eq!(decimal(Lang::Ru, 4000.5, 1), "4\u{a0}000,5");
        assert_eq!(decimal(Lang::De, -0.04, 1), "0,0");
        assert_eq!(decimal(Lang::En, -1.5, 1), "-1.5");
    }

    #[test]
    fn every_language_has_exactly_the_german_keys_and_placeholders() {
        let german = parse(file(Lang::De));
        for lang in Lang::ALL {
            let texts = parse(file(*lang));
            check_language(*lang, &german, &texts).unwrap();
            let keys: Vec<&str> = texts.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, expected_keys(*lang, german.iter().map(|(k, _)| *k)), "{lang}: keys in another order than de.txt");
        }
    }

    #[test]
    fn a_single_brace_or_a_placeholder_german_lacks_fails_the_check() {
        let german = [("a", "Höchstens {{ max }} Zeichen."), ("n.one", "{{ count }} Zeile"), ("n.other", "{{ count }} Zeilen")];
        let english = |a: &'static str, one: &'static str| [("a", a), ("n.one", one), ("n.other", "{{ count }} rows")];
        assert!(check_language(Lang::En, &german, &english("At most {{max}} characters.", "one row")).is_ok());
        assert!(check_language(Lang::En, &german, &english("At most {max} characters.", "one row")).is_err());
        assert!(check_language(Lang::En, &german, &english("At most {{ min }} characters.", "one row")).is_err());
        assert!(check_language(Lang::En, &german, &english("At most {{ max }} characters.", "{{ count }} row {{ max }}")).is_err());
        // Russian has four forms; German's two are not enough.
        assert!(check_language(Lang::Ru, &german, &english("Не более {{ max }} символов.", "{{ count }} строка")).is_err());
        assert_eq!(placeholders("{{ a }} und {{b}} und {{ a }}"), Ok(vec!["a", "b"]));
        assert!(placeholders("{{ a } }").is_err() && placeholders("a}").is_err() && placeholders("{{ A }}").is_err());
    }

    #[test]
    fn a_text_is_filled_in_and_falls_back_to_german() {
        assert_eq!(fill(Lang::De, "reason_invalid_year", &[("min", &1900), ("max", &2030)]), "Ein Jahr zwischen 1900 und 2030.");
        assert_eq!(text(Lang::Ar, "no_such_key"), "no_such_key");
        assert_eq!(substitute("{{ a }}/{{b}}/{{ c }}", &[("a", "{{ b }}"), ("b", "2")]), "{{ b }}/2/{{ c }}");
    }

    #[test]
    fn a_counted_text_takes_the_form_of_its_number_in_each_language() {
        let rows = |lang: Lang| [0, 1, 2, 5, 21].map(|n| count(lang, "import_notice_empty_rows", n, &[]));
        assert_eq!(rows(Lang::De)[1], "1 leere Zeile wurde übergangen.");
        assert_eq!(rows(Lang::De)[2], "2 leere Zeilen wurden übergangen.");
        assert_eq!(rows(Lang::En)[1..3], ["1 empty row was skipped.", "2 empty rows were skipped."]);
        let days = |lang: Lang| [0, 1, 2, 5, 21].map(|n| count(lang, "after_days", n, &[]));
        assert_eq!(days(Lang::De), ["nach 0 Tagen", "nach 1 Tag", "nach 2 Tagen", "nach 5 Tagen", "nach 21 Tagen"]);
        assert_eq!(days(Lang::En), ["after 0 days", "after 1 day", "after 2 days", "after 5 days", "after 21 days"]);
        assert_eq!(days(Lang::Ru), ["через 0 дней", "через 1 день", "через 2 дня", "через 5 дней", "через 21 день"]);
        assert_eq!(days(Lang::Uk), ["через 0 днів", "через 1 день", "через 2 дні", "через 5 днів", "через 21 день"]);
        assert_eq!(days(Lang::Ar), ["بعد 0 يوم", "بعد يوم واحد", "بعد يومين", "بعد 5 أيام", "بعد 21 يومًا"]);
        assert_eq!(days(Lang::Tr), ["0 gün sonra", "1 gün sonra", "2 gün sonra", "5 gün sonra", "21 gün sonra"]);
        assert_eq!(days(Lang::Fa), ["پس از 0 روز", "پس از 1 روز", "پس از 2 روز", "پس از 5 روز", "پس از 21 روز"]);
        assert_eq!(count(Lang::Ru, "reason_too_long", 21, &[]), "Не более 21 символа.");
        assert_eq!(
            count(Lang::En, "reason_cell_too_long", 1, &[("cell", &"A2")]),
            "Cell A2 holds more than 1 character. Please shorten it."
        );
    }

    #[test]
    fn the_web_apps_list_has_every_form_of_a_counted_text() {
        let keys = app_keys(["b", "a.other", "a.one", "kind_other"]);
        assert_eq!(keys, ["a.few", "a.many", "a.one", "a.other", "a.two", "a.zero", "b", "kind_other"]);
        let german =
            |k: &str| [("a.one", "1 Zeile"), ("a.other", "n Zeilen"), ("b", "B")].into_iter().find(|(key, _)| *key == k).map(|(_, t)| t);
        let russian = |k: &str| {
            [("a.one", "строка"), ("a.few", "строки"), ("a.other", "строки")].into_iter().find(|(key, _)| *key == k).map(|(_, t)| t)
        };
        let list: Vec<&str> = keys.iter().map(|k| app_text(k, russian, german)).collect();
        assert_eq!(list, ["строки", "строки", "строка", "строки", "строки", "строки", "B", ""]);
    }
}
