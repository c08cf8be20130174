//! Plural forms: which form of a counted text a number takes in a language, by CLDR's
//! cardinal rules (ICU4X's `icu_plurals`, with its compiled data). A text with plural
//! forms has one key per form its language uses, `<key>.one`, `<key>.few`, …, and
//! always `<key>.other` (the form a lookup falls back to): Arabic uses all six, Russian
//! and Ukrainian one, few and many (other only for fractions), German, English,
//! Turkish and Farsi one and other.
//!
//! It costs the public bundle 9 KB (Brotli). `intl_pluralrules` would cost 2.8 KB, but
//! its rules (CLDR 37) put Arabic 103 or 111 in `other`: it drops the `n % 100` of
//! `few` and `many`.

use icu_locale_core::{LanguageIdentifier, langid};
use icu_plurals::{PluralCategory, PluralRules};

use crate::Lang;

/// A plural form (a CLDR plural category).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// Every form, in CLDR's order (the order a language's file lists them in).
    pub const ALL: [Plural; 6] = [Plural::Zero, Plural::One, Plural::Two, Plural::Few, Plural::Many, Plural::Other];

    /// The form's name, as a text key ends (`results.few`).
    pub fn as_str(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }

    /// The key of this form of the text `base`: `results` → `results.few`.
    pub fn key(self, base: &str) -> String {
        format!("{base}.{}", self.as_str())
    }

    /// The text and the form a key names: `results.few` → (`results`, `Few`); None for a
    /// key without plural forms.
    pub fn split(key: &str) -> Option<(&str, Plural)> {
        let (base, form) = key.rsplit_once('.')?;
        Plural::ALL.into_iter().find(|p| p.as_str() == form).map(|p| (base, p))
    }

    fn from_category(category: PluralCategory) -> Plural {
        match category {
            PluralCategory::Zero => Plural::Zero,
            PluralCategory::One => Plural::One,
            PluralCategory::Two => Plural::Two,
            PluralCategory::Few => Plural::Few,
            PluralCategory::Many => Plural::Many,
            PluralCategory::Other => Plural::Other,
        }
    }
}

fn language(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::De => langid!("de"),
        Lang::En => langid!("en"),
        Lang::Ar => langid!("ar"),
        Lang::Tr => langid!("tr"),
        Lang::Uk => langid!("uk"),
        Lang::Ru => langid!("ru"),
        Lang::Fa => langid!("fa"),
    }
}

/// The rules of `lang` (a look-up in compiled data, cheap enough to do per text; the
/// rules are not `Sync`, so they are not kept).
fn rules(lang: Lang) -> Option<PluralRules> {
    PluralRules::try_new_cardinal((&language(lang)).into()).ok()
}

/// The form `n` takes in `lang`: Russian 1 → One, 2 → Few, 5 → Many, 21 → One.
pub fn plural(lang: Lang, n: u64) -> Plural {
    rules(lang).map_or(Plural::Other, |rules| Plural::from_category(rules.category_for(n)))
}

/// The forms `lang` has, in CLDR's order, always with `Other`: the keys a text with
/// plural forms has in that language's file.
pub fn forms(lang: Lang) -> Vec<Plural> {
    let mut forms: Vec<Plural> = rules(lang).map(|r| r.categories().map(Plural::from_category).collect()).unwrap_or_default();
    forms.push(Plural::Other);
    forms.sort();
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::{Plural::*, *};

    #[test]
    fn each_language_takes_its_own_forms() {
        // 0, 1, 2, 5 and 21 in each language.
        let cases: [(Lang, [Plural; 5]); 7] = [
            (Lang::De, [Other, One, Other, Other, Other]),
            (Lang::En, [Other, One, Other, Other, Other]),
            (Lang::Tr, [Other, One, Other, Other, Other]),
            (Lang::Fa, [One, One, Other, Other, Other]),
            (Lang::Ru, [Many, One, Few, Many, One]),
            (Lang::Uk, [Many, One, Few, Many, One]),
            (Lang::Ar, [Zero, One, Two, Few, Many]),
        ];
        for (lang, expected) in cases {
            let found = [0, 1, 2, 5, 21].map(|n| plural(lang, n));
            assert_eq!(found, expected, "{lang}");
        }
        // Arabic counts hundreds anew: 103 takes `few`, 111 `many`.
        assert_eq!([100, 103, 111].map(|n| plural(Lang::Ar, n)), [Other, Few, Many]);
        assert_eq!(plural(Lang::Ru, 111), Many);
    }

    #[test]
    fn each_language_lists_the_forms_it_uses() {
        assert_eq!(forms(Lang::De), [One, Other]);
        assert_eq!(forms(Lang::Tr), [One, Other]);
        assert_eq!(forms(Lang::Ru), [One, Few, Many, Other]);
        assert_eq!(forms(Lang::Uk), [One, Few, Many, Other]);
        assert_eq!(forms(Lang::Ar), Plural::ALL);
    }

    #[test]
    fn a_key_names_its_form() {
        assert_eq!(Plural::split("dir_results.few"), Some(("dir_results", Few)));
        assert_eq!(Plural::split("kind_other"), None);
        assert_eq!(Plural::split("a.b"), None);
        assert_eq!(Many.key("dir_results"), "dir_results.many");
    }
}
