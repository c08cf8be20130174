//! `schema.graphql` is generated from the code and committed, so the SPA's typed
//! queries are checked against it. Locally a stale file is rewritten (and the test
//! fails once, to make the change visible); in CI it only fails.

#[test]
fn committed_schema_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let fresh = migraup_api::sdl();
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        if std::env::var_os("CI").is_none() {
            std::fs::write(&path, &fresh).expect("write schema.graphql");
        }
        panic!(
            "crates/api/schema.graphql was stale{}",
            if std::env::var_os("CI").is_none() {
                "; it has been rewritten, commit it"
            } else {
                "; run `cargo xtask schema` and commit it"
            }
        );
    }
}
