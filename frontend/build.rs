//! Numbers the interface texts: `keys.rs` in `OUT_DIR` has one constant per key of
//! `locales/de.json` (its index in the sorted key list), so a text is looked up by
//! number and a misspelt key (or a placeholder name the text lacks) fails the build.
//! The texts themselves are not compiled in (apart from German in the whole app, its
//! fallback): the server sends each language's as a list in this order
//! (`/locales/{lang}.json`).

fn main() {
    println!("cargo::rerun-if-changed=locales/de.json");
    let text = std::fs::read_to_string("locales/de.json").expect("locales/de.json");
    // serde_json's map is sorted by key: the order the server sends the texts in.
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).expect("locales/de.json is JSON");
    let mut out = String::from("/// The index of each text key.\n#[allow(non_upper_case_globals, dead_code)]\npub mod key {\n");
    for (i, k) in map.keys().enumerate() {
        out.push_str(&format!("    pub const {k}: usize = {i};\n"));
    }
    out.push_str("}\n");
    // One unit constant per placeholder of each text, so `t!(i18n, key, name = …)` with
    // a name the text lacks fails the build.
    out.push_str("/// The `{{ name }}` placeholders of each text.\n#[allow(non_upper_case_globals, non_snake_case, dead_code)]\npub mod placeholder {\n");
    for (k, v) in &map {
        let text = v.as_str().unwrap_or_default();
        let names: Vec<&str> = text.split("{{").skip(1).filter_map(|rest| rest.split_once("}}")).map(|(name, _)| name.trim()).collect();
        if !names.is_empty() {
            out.push_str(&format!("    pub mod {k} {{\n"));
            for name in names {
                out.push_str(&format!("        pub const {name}: () = ();\n"));
            }
            out.push_str("    }\n");
        }
    }
    out.push_str("}\n");
    let fingerprint = migraup_domain::texts::keys_fingerprint(map.keys().map(String::as_str));
    out.push_str(&format!(
        "/// The fingerprint of the key list (`migraup_domain::texts::keys_fingerprint`).\npub const KEYS: &str = \"{fingerprint}\";\n/// How many texts there are.\npub const COUNT: usize = {};\n",
        map.len()
    ));
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("keys.rs");
    std::fs::write(path, out).expect("writing keys.rs");
}
