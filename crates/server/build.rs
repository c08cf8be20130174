//! The keys of the interface texts the server-rendered pages say (the web app's
//! `frontend/locales/de.json`) as constants in `OUT_DIR/text_keys.rs`, included by
//! `pages/texts.rs`: a page names `key::dir_title`, so a misspelt key fails the build
//! instead of rendering empty. A text with plural forms (`dir_results.one`,
//! `dir_results.other`) is one constant of type `Counted`, which `Texts::count` takes.

fn main() {
    let file = "../../frontend/locales/de.json";
    println!("cargo::rerun-if-changed={file}");
    let text = std::fs::read_to_string(file).expect("frontend/locales/de.json");
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).expect("frontend/locales/de.json is JSON");
    let mut out = String::from(
        "/// Every key of `frontend/locales/de.json`.\n#[allow(non_upper_case_globals, dead_code)]\npub(crate) mod key {\n    use super::{Counted, Key};\n",
    );
    for key in map.keys() {
        // A plural form is `<text>.<form>` (`migraup_domain::plural::Plural::split`);
        // German has `one` and `other`, the text is named once.
        match key.rsplit_once('.') {
            Some((base, "other")) => out.push_str(&format!("    pub(crate) const {base}: Counted = Counted(\"{base}\");\n")),
            Some(_) => {}
            None => out.push_str(&format!("    pub(crate) const {key}: Key = Key(\"{key}\");\n")),
        }
    }
    out.push_str("}\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("text_keys.rs");
    std::fs::write(path, out).expect("writing text_keys.rs");
}
