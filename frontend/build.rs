//! Numbers the interface texts: `keys.rs` in `OUT_DIR` has one constant per key of
//! `locales/de.json` (its index in the key list `migraup_domain::texts::app_keys`
//! makes), so a text is looked up by number and a misspelt key (or a placeholder name
//! the text lacks) fails the build. A text with plural forms (`dir_results.one`,
//! `dir_results.other`) is one constant of type `Forms`, the numbers of its six forms.
//! The texts themselves are not compiled in (apart from German in the whole app, its
//! fallback): the server sends each language's as a list in this order
//! (`/locales/{lang}.json`).

use migraup_domain::{plural::Plural, texts};

fn main() {
    println!("cargo::rerun-if-changed=locales/de.json");
    let text = std::fs::read_to_string("locales/de.json").expect("locales/de.json");
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).expect("locales/de.json is JSON");
    let keys = texts::app_keys(map.keys().map(String::as_str));
    let index = |key: &str| keys.iter().position(|k| k == key).expect("a key of the list");
    let mut out = String::from(
        "/// The index of each text key.\n#[allow(non_upper_case_globals, dead_code)]\npub mod key {\n    use super::Forms;\n",
    );
    for key in &keys {
        match Plural::split(key) {
            Some((base, Plural::Other)) => {
                let forms: Vec<String> = Plural::ALL.iter().map(|form| index(&form.key(base)).to_string()).collect();
                out.push_str(&format!("    pub const {base}: Forms = Forms([{}]);\n", forms.join(", ")));
            }
            Some(_) => {}
            None => out.push_str(&format!("    pub const {key}: usize = {};\n", index(key))),
        }
    }
    out.push_str("}\n");
    // One unit constant per placeholder of each text (of a text with plural forms: of
    // its German forms), so `t!(i18n, key, name = …)` with a name the text lacks fails
    // the build.
    out.push_str("/// The `{{ name }}` placeholders of each text.\n#[allow(non_upper_case_globals, non_snake_case, dead_code)]\npub mod placeholder {\n");
    let mut names: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> = Default::default();
    for (key, value) in &map {
        let base = Plural::split(key).map_or(key.as_str(), |(base, _)| base);
        let found = texts::placeholders(value.as_str().unwrap_or_default()).unwrap_or_else(|e| panic!("locales/de.json: {key}: {e}"));
        names.entry(base).or_default().extend(found);
    }
    for (key, names) in names.iter().filter(|(_, names)| !names.is_empty()) {
        out.push_str(&format!("    pub mod {key} {{\n"));
        for name in names {
            out.push_str(&format!("        pub const {name}: () = ();\n"));
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    let fingerprint = texts::keys_fingerprint(keys.iter().map(String::as_str));
    out.push_str(&format!(
        "/// The fingerprint of the key list (`migraup_domain::texts::keys_fingerprint`).\npub const KEYS: &str = \"{fingerprint}\";\n/// How many texts there are.\npub const COUNT: usize = {};\n",
        keys.len()
    ));
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("keys.rs");
    std::fs::write(path, out).expect("writing keys.rs");
}
