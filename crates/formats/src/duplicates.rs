//! Finding organisations that a row of an import may describe a second time: the same
//! website domain (with or without `www.`), e-mail address or phone number; the same
//! name once folded (case, accents, `ß`) and stripped of legal forms ("e.V.",
//! "gGmbH", …); or a similar name.
//!
//! "Similar" means few typos: at most [`MAX_EDITS`] letters inserted, removed or
//! replaced (Levenshtein distance, `strsim`) *and* a normalised similarity (1 − edits ÷
//! length of the longer) of at least [`SIMILAR`], i.e. at most one typo in seven
//! letters. "Interkultureller" / "Interkultureler Garten Weißensee" are 1 edit apart
//! (0.97); "Polnischer" / "Türkischer Elternverein Prenzlauer Berg" are 0.90 similar
//! but 4 edits apart, two different associations; "Frauentreff Pankow" / "Frauentreff
//! Buch" are 0.67. Names shorter than [`MIN_SIMILAR_LEN`] only match exactly. Comparing
//! every pair would be quadratic; a trigram index proposes only pairs that share
//! enough trigrams to reach the threshold at all (the q-gram count bound: an edit
//! destroys at most three trigrams), so the check stays exact and fast.

use std::collections::HashMap;

use migraup_domain::{DuplicateReason, search};

/// The least similarity of two names that counts as a possible duplicate.
pub const SIMILAR: f64 = 0.85;
/// The most edits (typos) between two names that count as a possible duplicate.
pub const MAX_EDITS: usize = 3;
/// Names shorter than this (after stripping) are compared only for equality.
pub const MIN_SIMILAR_LEN: usize = 8;

/// Legal forms left out when names are compared (after folding, without dots).
const LEGAL_FORMS: &[&str] =
    &["ev", "gev", "ggmbh", "gmbh", "mbh", "ug", "gug", "haftungsbeschrankt", "ag", "gag", "eg", "kg", "gbr", "ggbr", "ltd", "inc"];

/// What a row or an organisation is compared by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pub external_id: Option<String>,
    pub domain: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: String,
}

/// A name folded and without legal forms: "Brücke e. V." → "brucke".
pub fn name_key(name: &str) -> String {
    let folded = search::fold(name);
    let cleaned: String = folded.chars().filter(|c| *c != '.').map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().filter(|w| !LEGAL_FORMS.contains(w)).collect();
    // "e. V." leaves "e" and "v".
    if words.len() > 2 && words[words.len() - 2..] == ["e", "v"] {
        words.truncate(words.len() - 2);
    }
    words.join(" ")
}

/// Hosts many organisations share (social networks, link pages, the state portal,
/// free site builders): the same host there says nothing about being the same.
const SHARED_HOSTS: &[&str] = &[
    "facebook.com",
    "instagram.com",
    "linkedin.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "t.me",
    "linktr.ee",
    "berlin.de",
    "google.com",
    "sites.google.com",
    "wordpress.com",
    "blogspot.com",
    "wixsite.com",
    "jimdofree.com",
    "jimdo.com",
];

/// The host of a web address without `www.`: "https://www.Bruecke.de/kontakt" → "bruecke.de"
/// (none for a shared host).
pub fn domain(url: &str) -> Option<String> {
    let lower = url.trim().to_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?.trim_start_matches("www.");
    (host.contains('.') && !SHARED_HOSTS.contains(&host)).then(|| host.to_owned())
}

/// The digits of a phone number, a German country code written as a leading zero:
/// "+49 30 1234567" and "030/123 45 67" are the same.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = if phone.trim_start().starts_with('+') || digits.starts_with("00") {
        let without = digits.trim_start_matches('0');
        without.strip_prefix("49").map(|national| format!("0{national}")).unwrap_or_else(|| format!("00{without}"))
    } else {
        digits
    };
    (digits.len() >= 6).then_some(digits)
}

/// Similarity of two stripped names, 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

/// Whether two stripped names differ by a few typos only (see the module).
pub fn is_similar(a: &str, b: &str) -> bool {
    let edits = strsim::levenshtein(a, b);
    let longer = a.chars().count().max(b.chars().count());
    edits <= MAX_EDITS && longer > 0 && 1.0 - edits as f64 / longer as f64 >= SIMILAR - 1e-9
}

/// A possible duplicate of a row: which entry and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub entry: usize,
    pub reasons: Vec<DuplicateReason>,
    pub similarity: f64,
}

impl Match {
    /// Sure enough to suggest a merge or a skip: the same name (folded, without legal
    /// forms), or a similar one with the same external id, website, e-mail or phone.
    /// Shared contact data alone (an umbrella's phone, a running number) is left to a person.
    pub fn is_certain(&self) -> bool {
        use DuplicateReason::{SameName, SimilarName};
        self.reasons.contains(&SameName) || (self.reasons.contains(&SimilarName) && self.reasons.len() > 1)
    }
}

/// Entries (existing organisations and rows seen so far) by their keys.
#[derive(Default)]
pub struct Index {
    names: Vec<String>,
    /// Characters and distinct trigrams of each entry's name.
    lens: Vec<usize>,
    distinct_grams: Vec<usize>,
    by_external_id: HashMap<String, Vec<usize>>,
    by_domain: HashMap<String, Vec<usize>>,
    by_email: HashMap<String, Vec<usize>>,
    by_phone: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    by_trigram: HashMap<[char; 3], Vec<usize>>,
    /// Scratch counts for [`Index::find`], one per entry.
    shared: Vec<u32>,
}

fn trigrams(name: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = ['#', '#'].into_iter().chain(name.chars()).chain(['#', '#']).collect();
    let mut grams: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    grams.sort_unstable();
    grams
}

impl Index {
    /// Adds an entry; answers its number.
    pub fn add(&mut self, keys: &Keys) -> usize {
        let entry = self.names.len();
        self.names.push(keys.name.clone());
        self.shared.push(0);
        self.distinct_grams.push(0);
        self.lens.push(keys.name.chars().count());
        let put = |map: &mut HashMap<String, Vec<usize>>, key: &Option<String>| {
            if let Some(k) = key {
                map.entry(k.clone()).or_default().push(entry);
            }
        };
        put(&mut self.by_external_id, &keys.external_id);
        put(&mut self.by_domain, &keys.domain);
        put(&mut self.by_email, &keys.email);
        put(&mut self.by_phone, &keys.phone);
        if !keys.name.is_empty() {
            self.by_name.entry(keys.name.clone()).or_default().push(entry);
        }
        if keys.name.chars().count() >= MIN_SIMILAR_LEN {
            let mut grams = trigrams(&keys.name);
            grams.dedup();
            self.distinct_grams[entry] = grams.len();
            for g in grams {
                self.by_trigram.entry(g).or_default().push(entry);
            }
        }
        entry
    }

    /// The entries `keys` may duplicate, the most certain first.
    pub fn find(&mut self, keys: &Keys) -> Vec<Match> {
        let mut found: HashMap<usize, Vec<DuplicateReason>> = HashMap::new();
        let mut note = |map: &HashMap<String, Vec<usize>>, key: &Option<String>, reason: DuplicateReason| {
            for e in key.as_ref().and_then(|k| map.get(k)).into_iter().flatten() {
                found.entry(*e).or_default().push(reason);
            }
        };
        note(&self.by_external_id, &keys.external_id, DuplicateReason::ExternalId);
        note(&self.by_domain, &keys.domain, DuplicateReason::SameWebsite);
        note(&self.by_email, &keys.email, DuplicateReason::SameEmail);
        note(&self.by_phone, &keys.phone, DuplicateReason::SamePhone);
        if !keys.name.is_empty() {
            note(&self.by_name, &Some(keys.name.clone()), DuplicateReason::SameName);
        }
        let len = keys.name.chars().count();
        if len >= MIN_SIMILAR_LEN {
            let mut grams = trigrams(&keys.name);
            grams.dedup();
            let mut touched = Vec::new();
            for g in &grams {
                for e in self.by_trigram.get(g).into_iter().flatten() {
                    if self.shared[*e] == 0 {
                        touched.push(*e);
                    }
                    self.shared[*e] += 1;
                }
            }
            for e in touched {
                let shared = std::mem::take(&mut self.shared[e]) as usize;
                let other_len = self.lens[e];
                let longer = len.max(other_len);
                // At most this many edits keep the similarity at the threshold; each
                // edit touches at most three trigrams of either name.
                let edits = (((1.0 - SIMILAR) * longer as f64 + 1e-9).floor() as usize).min(MAX_EDITS);
                let needed = grams.len().max(self.distinct_grams[e]).saturating_sub(3 * edits);
                // Lengths further apart than the edits allowed cannot be similar either.
                if shared < needed || len.abs_diff(other_len) > edits || self.names[e] == keys.name {
                    continue;
                }
                if is_similar(&keys.name, &self.names[e]) {
                    found.entry(e).or_default().push(DuplicateReason::SimilarName);
                }
            }
        }
        let mut matches: Vec<Match> = found
            .into_iter()
            .map(|(entry, mut reasons)| {
                reasons.sort();
                reasons.dedup();
                Match { entry, similarity: similarity(&keys.name, &self.names[entry]), reasons }
            })
            .collect();
        matches.sort_by(|a, b| {
            b.is_certain()
                .cmp(&a.is_certain())
                .then(b.reasons.len().cmp(&a.reasons.len()))
                .then(b.similarity.total_cmp(&a.similarity))
                .then(a.entry.cmp(&b.entry))
        });
        matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str) -> Keys {
        Keys { name: name_key(name), ..Keys::default() }
    }

    #[test]
    fn legal_forms_accents_and_case_do_not_matter() {
        assert_eq!(name_key("Brücke e.V."), "brucke");
        assert_eq!(name_key("BRÜCKE e. V."), "brucke");
        assert_eq!(name_key("Brücke gGmbH"), "brucke");
        assert_eq!(name_key("Straßenkinder (UG haftungsbeschränkt)"), "strassenkinder");
        assert_eq!(domain("https://www.Bruecke-Pankow.de/kontakt"), Some("bruecke-pankow.de".into()));
        assert_eq!(domain("bruecke-pankow.de"), Some("bruecke-pankow.de".into()));
        assert_eq!(phone_key("+49 30 1234567"), phone_key("030/123 45 67"));
        assert_eq!(phone_key("0049 30 1234567"), Some("0301234567".into()));
        assert_eq!(phone_key("112"), None);
        assert_eq!(domain("https://www.facebook.com/brueckenbauer"), None, "a shared host");
        assert_eq!(domain("https://www.facebook.com/brueckenbauer"), None, "a shared host");
    }

    #[test]
    fn a_typo_is_similar_another_place_is_not() {
        let mut index = Index::default();
        let garden = index.add(&keys("Interkultureller Garten Pankow e.V."));
        let women = index.add(&keys("Frauentreff Pankow"));
        let found = index.find(&keys("Interkultureler Garten Pankow"));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].entry, found[0].reasons.as_slice()), (garden, &[DuplicateReason::SimilarName][..]));
        assert!(index.find(&keys("Frauentreff Buch")).is_empty());
        // Many letters alike but four apart: two associations, not a typo.
        index.add(&keys("Türkischer Elternverein Prenzlauer Berg e.V."));
        assert!(index.find(&keys("Polnischer Elternverein Prenzlauer Berg")).is_empty());
        assert_eq!(index.find(&keys("Frauentreff Pankow e.V."))[0].entry, women);
        assert!(index.find(&keys("Frauentreff Pankow e.V."))[0].is_certain());
    }

    #[test]
    fn the_trigram_bound_misses_nothing_the_threshold_accepts() {
        // Every pair of these, compared directly and through the index, agrees.
        let names = [
            "Sprachcafé Weißensee",
            "Sprachcafe Weissensee",
            "Sprachcafé Weißensee Nord",
            "Sprachcaffe Weisensee",
            "Café Weißensee",
            "Weißensee Sprachcafé",
        ];
        let mut index = Index::default();
        for n in names {
            index.add(&keys(n));
        }
        for (i, a) in names.iter().enumerate() {
            let found: Vec<usize> = index.find(&keys(a)).into_iter().map(|m| m.entry).filter(|e| *e != i).collect();
            for (j, b) in names.iter().enumerate() {
                let expected = j != i && (name_key(a) == name_key(b) || is_similar(&name_key(a), &name_key(b)));
                assert_eq!(found.contains(&j), expected, "{a} / {b}");
            }
        }
    }
}
