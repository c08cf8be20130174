//! Every language of the network: e-mails in the recipient's language, error messages
//! in the reader's, the language picker of the server-rendered pages, and texts given
//! in more languages (what a reader sees, what search finds, what input is refused).

use axum::{body::Body, http::Request};
use serde_json::json;

use crate::{
    helpers::{Fixture, TestApp, mail_to},
    on_both_databases,
};

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (u16, axum::http::HeaderMap, String) {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (status, headers, body) = app.raw(request.body(Body::empty()).unwrap()).await;
    (status.as_u16(), headers, String::from_utf8(body).unwrap())
}

on_both_databases!(an_invitation_arrives_in_the_invited_persons_language, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let invite = "mutation($l: String) { inviteUser(input: { email: \"olena@test.org\", role: MULTIPLIER, language: $l }) { email } }";
    let bad = app.gql(Some(&f.admin), invite, json!({ "l": "klingonisch" })).await;
    assert_eq!((bad.code(), bad.field()), (Some("BAD_USER_INPUT"), Some("language")));
    let sent = app.gql(Some(&f.admin), invite, json!({ "l": "uk" })).await;
    assert_eq!(sent.data()["inviteUser"]["email"], "olena@test.org");
    let mail = mail_to(&app, "olena@test.org").await;
    assert_eq!(mail.subject, "Запрошення до migraup");
    assert!(mail.body.contains("token=") && !mail.body.contains("Guten Tag"), "{}", mail.body);
    // The account starts in that language, so later e-mails are Ukrainian too.
    let start = mail.body.find("token=").unwrap() + "token=".len();
    let token = mail.body[start..].split_whitespace().next().unwrap();
    let accept = "mutation($t: String!) { acceptInvitation(token: $t, displayName: \"Олена Коваль\", password: \"мій пароль у Панкові\") { user { preferredLanguage } } }";
    let accepted = app.gql(None, accept, json!({ "t": token })).await;
    assert_eq!(accepted.data()["acceptInvitation"]["user"]["preferredLanguage"], "uk");
    app.gql(None, "mutation { requestPasswordReset(email: \"olena@test.org\") }", json!({})).await;
    let mut reset = mail_to(&app, "olena@test.org").await;
    for _ in 0..200 {
        if reset.body.contains("reset-password") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        reset = mail_to(&app, "olena@test.org").await;
    }
    assert_eq!(
        reset.subject,
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/mail/password_reset/uk.txt"))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .split_once(':')
            .unwrap()
            .1
            .trim()
    );
    // Without a language, the inviter's interface language is the invitation's.
    let english = "mutation { inviteUser(input: { email: \"sam@test.org\", role: MULTIPLIER }) { email } }";
    app.gql_with(Some(&f.admin), &[("accept-language", "en")], english, json!({})).await;
    assert_eq!(mail_to(&app, "sam@test.org").await.subject, "Invitation to migraup");
});

on_both_databases!(a_registration_is_answered_in_the_language_it_was_made_in, |app: TestApp| async move {
    let register = "mutation($i: OrganisationInput!, $r: RegistrantInput!) { registerOrganisation(input: $i, registrant: $r) }";
    let vars = json!({ "i": { "name": "جمعية الجسر", "kind": "MIGRANT_ORGANISATION" },
                       "r": { "email": "jisr@test.org", "displayName": "سارة", "password": "كلمة سر طويلة جدا" } });
    let answer = app.gql_with(None, &[("accept-language", "ar,de;q=0.5")], register, vars).await;
    assert_eq!(answer.data()["registerOrganisation"], true);
    let mail = mail_to(&app, "jisr@test.org").await;
    assert_eq!(mail.subject, "يرجى تأكيد عنوان بريدكم الإلكتروني");
    // Error messages follow the reader's language as well.
    let short = app
        .gql_with(
            None,
            &[("accept-language", "tr")],
            register,
            json!({ "i": { "name": "X", "kind": "INITIATIVE" },
        "r": { "email": "x@test.org", "displayName": "X", "password": "uzun bir parola burada" } }),
        )
        .await;
    assert_eq!(short.field(), Some("name"));
    let message = short.body["errors"][0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains('2') && !message.contains("Zeichen") && !message.contains("characters"), "{message}");
});

on_both_databases!(the_language_picker_works_without_the_app_and_only_goes_home, |app: TestApp| async move {
    let (status, headers, _) = page(&app, "/language?lang=fa&to=/organisations", &[]).await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], "/organisations");
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("migraup_lang=fa;") && cookie.contains("SameSite=Lax"), "{cookie}");
    // The choice wins over the browser's languages, and Farsi pages run right to left.
    let (_, _, html) = page(&app, "/organisations", &[("cookie", "migraup_lang=fa"), ("accept-language", "de")]).await;
    assert!(html.contains("<html lang=\"fa\" dir=\"rtl\""), "{}", &html[..300]);
    assert!(html.contains("<option value=\"fa\" lang=\"fa\" selected>فارسی</option>"), "the picker names each language in itself");
    let (_, _, html) = page(&app, "/organisations", &[("accept-language", "ru,en;q=0.5")]).await;
    assert!(html.contains("<html lang=\"ru\" dir=\"ltr\""));
    // Another site, a scheme-relative address or an unknown language: home, no cookie.
    for evil in ["/language?lang=ar&to=https://evil.example", "/language?lang=ar&to=//evil.example", "/language?lang=ar&to=/\\evil.example"]
    {
        let (status, headers, _) = page(&app, evil, &[]).await;
        assert_eq!((status, headers["location"].to_str().unwrap()), (303, "/"), "{evil}");
    }
    let (_, headers, _) = page(&app, "/language?lang=xx&to=/", &[]).await;
    assert!(headers.get("set-cookie").is_none());
});

on_both_databases!(a_description_in_more_languages_reaches_each_reader_in_theirs, |app: TestApp| async move {
    let f = Fixture::new(&app).await;
    let org = app.gql(Some(&f.admin), "query($id: ID!) { organisation(id: $id) { slug version } }", json!({ "id": f.org })).await;
    let (slug, version) = (org.data()["organisation"]["slug"].as_str().unwrap().to_owned(), org.data()["organisation"]["version"].clone());
    let update = "mutation($id: ID!, $v: Int!, $i: OrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $i) { version contentLanguage translations { language description } } }";
    let input = json!({ "description": "Beratung und Treffpunkt für Familien in Pankow.", "contentLanguage": "de",
        "translations": [ { "language": "ar", "description": "استشارات ولقاءات للعائلات في بانكوف." },
                          { "language": "uk", "description": "Консультації та зустрічі для сімей у Панкові." } ] });
    // A stranger with an account of their own cannot write another organisation's texts.
    let stranger = app.gql(Some(&f.other_representative), update, json!({ "id": f.org, "v": version, "i": input })).await;
    assert_eq!(stranger.code(), Some("FORBIDDEN"));
    // A translation in the organisation's own language, or twice the same, is refused whole.
    let twice = json!({ "translations": [ { "language": "ar", "description": "أ" }, { "language": "AR", "description": "ب" } ] });
    let refused = app.gql(Some(&f.representative), update, json!({ "id": f.org, "v": version, "i": twice })).await;
    assert_eq!((refused.code(), refused.field()), (Some("BAD_USER_INPUT"), Some("translations.1.language")));
    let own = json!({ "translations": [ { "language": "de", "description": "Doppelt" } ] });
    let refused = app.gql(Some(&f.representative), update, json!({ "id": f.org, "v": version, "i": own })).await;
    assert_eq!(refused.field(), Some("translations.0.language"));
    let saved = app.gql(Some(&f.representative), update, json!({ "id": f.org, "v": version, "i": input })).await;
    let langs: Vec<&str> =
        saved.data()["updateOrganisation"]["translations"].as_array().unwrap().iter().map(|t| t["language"].as_str().unwrap()).collect();
    assert_eq!(langs, ["ar", "uk"]);
    // An anonymous Arabic reader gets the Arabic text, marked as Arabic and right to left.
    let path = format!("/organisations/{slug}");
    let (_, _, arabic) = page(&app, &path, &[("accept-language", "ar")]).await;
    assert!(arabic.contains("<p class=\"description\" lang=\"ar\" dir=\"rtl\">استشارات ولقاءات للعائلات في بانكوف.</p>"), "{arabic}");
    assert!(arabic.contains("data-testid=\"content-languages\"") && arabic.contains("?text=de"), "the page names the other languages");
    let (_, _, german) = page(&app, &path, &[("accept-language", "de")]).await;
    assert!(german.contains("lang=\"de\" dir=\"ltr\">Beratung und Treffpunkt") && !german.contains("استشارات"), "{german}");
    // A reader of a language without a version gets the organisation's own text.
    let (_, _, turkish) = page(&app, &path, &[("accept-language", "tr")]).await;
    assert!(turkish.contains(">Beratung und Treffpunkt"));
    let (_, _, asked) = page(&app, &format!("{path}?text=uk"), &[("accept-language", "de")]).await;
    assert!(asked.contains("lang=\"uk\" dir=\"ltr\">Консультації"));
    // Search finds words of every language, Arabic without its vowel signs, Cyrillic in any case.
    for words in ["للعائلات", "لِلْعَائِلَاتِ", "КОНСУЛЬТАЦІЇ", "Treffpunkt"] {
        let found =
            app.gql(None, "query($s: String) { organisations(filter: { search: $s }) { totalCount } }", json!({ "s": words })).await;
        assert_eq!(found.data()["organisations"]["totalCount"], 1, "{words}");
    }
    // An offering's title and description in Arabic; a title is required with it.
    let create =
        "mutation($o: ID!, $i: OfferingInput!) { createOffering(organisationId: $o, input: $i) { id translations { language title } } }";
    let untitled = json!({ "title": "Elterncafé", "translations": [ { "language": "ar", "description": "لقاء الأهالي" } ] });
    let refused = app.gql(Some(&f.representative), create, json!({ "o": f.org, "i": untitled })).await;
    assert_eq!(refused.field(), Some("translations.0.title"));
    let offering =
        json!({ "title": "Elterncafé", "translations": [ { "language": "ar", "title": "مقهى الأهالي", "description": "لقاء أسبوعي" } ] });
    let created = app.gql(Some(&f.representative), create, json!({ "o": f.org, "i": offering })).await;
    assert_eq!(created.data()["createOffering"]["translations"][0]["title"], "مقهى الأهالي");
    let (_, _, arabic) = page(&app, &path, &[("accept-language", "ar")]).await;
    assert!(arabic.contains("<h3 lang=\"ar\" dir=\"rtl\">مقهى الأهالي</h3>"), "{arabic}");
    let found = app.gql(None, "{ organisations(filter: { search: \"مقهى\" }) { totalCount } }", json!({})).await;
    assert_eq!(found.data()["organisations"]["totalCount"], 1, "offering texts in any language are searched");
});

// The web app has German compiled in and loads another language's texts from the
// server, in the order of the key list it was built with.
on_both_databases!(the_web_app_loads_a_languages_texts_in_its_key_order, |app: TestApp| async move {
    let german: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../../../../frontend/locales/de.json")).unwrap();
    // The key list: German's keys, a text with plural forms in all six forms.
    let all = migraup_domain::texts::app_keys(german.keys().map(String::as_str));
    let keys = migraup_domain::texts::keys_fingerprint(all.iter().map(String::as_str));
    let arabic: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../../../../frontend/locales/ar.json")).unwrap();
    let path = format!("/locales/ar.json?keys={keys}");
    let (status, headers, body) = page(&app, &path, &[]).await;
    assert_eq!(status, 200);
    let list: Vec<String> = serde_json::from_str(&body).unwrap();
    assert_eq!(list.len(), all.len());
    for key in ["dir_title", "dir_results.two", "dir_results.many"] {
        let index = all.iter().position(|k| k == key).unwrap();
        assert_eq!(list[index], arabic[key].as_str().unwrap(), "{key}");
    }
    // Unchanged texts cost a revalidation only.
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let (status, _, _) = page(&app, &path, &[("if-none-match", &etag)]).await;
    assert_eq!(status, 304);
    // A web app of another build, or a language the interface does not speak.
    assert_eq!(page(&app, "/locales/ar.json?keys=0000", &[]).await.0, 409);
    assert_eq!(page(&app, &format!("/locales/xx.json?keys={keys}"), &[]).await.0, 404);
    // An Arabic page asks the browser to fetch exactly that list early.
    let (_, _, html) = page(&app, "/organisations", &[("accept-language", "ar")]).await;
    assert!(html.contains(&format!("href=\"{}\"", path.replace('&', "&amp;"))) && html.contains("data-texts"), "{html}");
});
