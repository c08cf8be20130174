//! The frame of every server-rendered page: the web app's built `index.html` (its
//! stylesheet and scripts) with the page's head and content put in, so the app
//! starts over exactly this document.

use std::sync::Arc;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use maud::{Markup, PreEscaped, html};
use migraup_domain::Lang;

use super::texts::{Texts, key};

/// What a page puts into the frame.
pub(crate) struct Page {
    pub status: StatusCode,
    pub texts: Texts,
    pub title: String,
    /// The meta description (search results, link previews).
    pub description: String,
    /// The path with its canonical query, e.g. `/organisations/verein-x`.
    pub path: String,
    /// Filtered or paged views are followed, not indexed.
    pub index: bool,
    /// `website`, `profile` or `article` (Open Graph).
    pub kind: &'static str,
    /// schema.org data for search engines.
    pub json_ld: Option<serde_json::Value>,
    pub content: Markup,
}

/// The built `index.html` files: the whole app's and the public bundle's.
#[derive(Clone)]
pub(crate) struct Shell {
    html: Arc<str>,
    /// `public/index.html`: the small build without the pages for signed-in work; what
    /// anonymous visitors of the public pages load.
    public: Arc<str>,
    /// The public bundle's page without the app's code, for pages only the server draws.
    server_only: Arc<str>,
    public_url: Arc<str>,
}

/// Used when the web app is not built (API-only runs and tests).
const BARE: &str =
    "<!doctype html>\n<html lang=\"de\" dir=\"ltr\"><head><meta charset=\"utf-8\" /><title>migraup</title></head><body></body></html>";

impl Shell {
    pub fn load(static_dir: &std::path::Path, public_url: &str) -> Shell {
        let html: Arc<str> = std::fs::read_to_string(static_dir.join("index.html")).unwrap_or_else(|_| BARE.to_owned()).into();
        let public = std::fs::read_to_string(static_dir.join("public/index.html")).map_or_else(|_| html.clone(), Into::into);
        let server_only = without_app(&public).into();
        Shell { html, public, server_only, public_url: public_url.trim_end_matches('/').into() }
    }

    /// The absolute address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// The web app's document as it is, for its own pages (forms, administration).
    pub fn app(&self) -> Response {
        let mut response = Html(self.html.to_string()).into_response();
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        response
    }

    /// The whole document of `page`, with the web app to start over it.
    pub fn render(&self, page: Page) -> Response {
        self.compose(page, true, false)
    }

    /// The whole document of `page`, with the whole app (not the public bundle) to
    /// start over it: for pages only the whole app has (the working groups).
    pub fn render_whole_app(&self, page: Page) -> Response {
        self.compose(page, true, true)
    }

    /// A page only the server draws (the web app has no route for it, so it must not
    /// take over): the document without the app's code.
    pub fn render_without_app(&self, page: Page) -> Response {
        self.compose(page, false, false)
    }

    fn compose(&self, page: Page, app: bool, whole: bool) -> Response {
        let t = page.texts;
        let whole = whole || t.whole_app;
        let lang = page.texts.lang.as_str();
        let canonical = self.url(&page.path);
        let head = html! {
            title { (page.title) " · migraup" }
            meta name="description" content=(page.description);
            link rel="canonical" href=(canonical);
            @if !page.index { meta name="robots" content="noindex, follow"; }
            meta property="og:type" content=(page.kind);
            meta property="og:title" content=(page.title);
            meta property="og:description" content=(page.description);
            meta property="og:url" content=(canonical);
            meta property="og:site_name" content="migraup";
            @if app && (t.lang != Lang::De || !whole) {
                // The web app loads this language's texts (the public bundle also
                // German's); fetched alongside its code.
                link rel="preload" href=(format!("/locales/{lang}.json?keys={}", super::texts::APP_TEXTS.keys)) as="fetch" crossorigin="anonymous" data-texts;
            }
            meta property="og:locale" content=(og_locale(t.lang));
            @if let Some(data) = &page.json_ld {
                // No `<` in the script, so content cannot end it early (`\u003c` in JSON strings).
                script type="application/ld+json" { (PreEscaped(data.to_string().replace('<', "\\u003c"))) }
            }
        };
        let body = html! {
            div id="ssr" {
                a class="skip-link" href="#main" { (t.get(key::skip_to_content)) }
                (header(t, &page.path))
                main id="main" tabindex="-1" { (page.content) }
                footer class="site-footer" {
                    p { (t.get(key::footer_text)) }
                    p class="legal-links" {
                        a href="/impressum" { (t.get(key::footer_imprint)) } " · " a href="/datenschutz" { (t.get(key::footer_privacy)) }
                        " · " a href="/open-data" { (t.get(key::footer_open_data)) }
                        " · " a href="/api" { (t.get(key::footer_api)) }
                    }
                }
            }
        };
        let frame = if !app {
            &self.server_only
        } else if whole {
            &self.html
        } else {
            &self.public
        };
        let mut document = frame.replacen("<html lang=\"de\" dir=\"ltr\"", &format!("<html lang=\"{lang}\" dir=\"{}\"", t.lang.dir()), 1);
        document = replace_element(&document, "title", &head.into_string());
        document = replace_element(&document, "noscript", "");
        document = document.replacen("<body>", &format!("<body>{}", body.into_string()), 1);
        let mut response = (page.status, Html(document)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(header::VARY, HeaderValue::from_static("accept-language, cookie, sec-ch-ua-mobile, user-agent"));
        response
    }
}

/// The site header as the web app draws it for a visitor who is not signed in. The
/// language picker is a plain form (`GET /language`), so it works without the app;
/// its button is only for browsers without JavaScript, where choosing does not send.
fn header(t: Texts, path: &str) -> Markup {
    // The language switch comes back to this very page, filters and all.
    let back = path;
    let path = path.split('?').next().unwrap_or_default();
    let current = |href: &str| (path == href || (href != "/" && path.starts_with(&format!("{href}/")))).then_some("page");
    html! {
        header class="site-header" {
            div class="brand" {
                a href="/" { span class="brand-name" { (t.get(key::app_name)) } }
                span class="brand-tagline" { (t.get(key::tagline)) }
            }
            details class="menu" {
                summary { (t.get(key::menu_open)) }
                div class="menu-panel" {
                    nav aria-label=(t.get(key::main_navigation)) {
                        ul class="nav-list" {
                            @for (href, key) in [("/", key::nav_home), ("/organisations", key::nav_directory), ("/events", key::nav_events), ("/projects", key::nav_projects), ("/groups", key::nav_groups)] {
                                li { a href=(href) aria-current=[current(href)] { (t.get(key)) } }
                            }
                        }
                    }
                    div class="session" { a href="/login" { (t.get(key::nav_login)) } }
                    form class="lang-switch" method="get" action="/language" {
                        label for="language-choice" class="visually-hidden" { (t.get(key::language)) }
                        select id="language-choice" name="lang" {
                            @for l in Lang::ALL {
                                option value=(l.as_str()) lang=(l.as_str()) selected[*l == t.lang] { (l.native_name()) }
                            }
                        }
                        input type="hidden" name="to" value=(back);
                        noscript { button type="submit" { (t.get(key::language_apply)) } }
                    }
                }
            }
        }
    }
}

/// The Open Graph locale (`language_TERRITORY`) of an interface language.
fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de_DE",
        Lang::En => "en_GB",
        Lang::Ar => "ar_AR",
        Lang::Tr => "tr_TR",
        Lang::Uk => "uk_UA",
        Lang::Ru => "ru_RU",
        Lang::Fa => "fa_IR",
    }
}

/// `frame` without the web app's code: trunk's module script and the preload of its
/// JavaScript (before the page's own head, which may hold a JSON-LD script).
fn without_app(frame: &str) -> String {
    let document = replace_element(frame, "script", "");
    let Some(start) = document.find("<link rel=\"modulepreload\"") else { return document };
    let end = document[start..].find('>').map_or(document.len(), |e| start + e + 1);
    format!("{}{}", &document[..start], &document[end..])
}

/// `document` with the first `<tag …>…</tag>` replaced by `with`.
fn replace_element(document: &str, tag: &str, with: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    match (document.find(&open), document.find(&close)) {
        (Some(start), Some(end)) if end > start => format!("{}{with}{}", &document[..start], &document[end + close.len()..]),
        _ => document.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head of a page as trunk builds it (`frontend/dist/public/index.html`).
    const FRAME: &str = "<!doctype html>\n<html lang=\"de\" dir=\"ltr\">\n<head>\n<title>migraup</title>\n\
        <link rel=\"stylesheet\" href=\"/public/main-1.css\"/>\n<script type=\"module\">\nimport init from '/public/app-1.js';\n\
        await init({ module_or_path: '/public/app-1_bg.wasm' });\n</script>\n<link rel=\"modulepreload\" href=\"/public/app-1.js\" \
        crossorigin=\"anonymous\"></head>\n<body>\n<noscript>JS</noscript>\n</body>\n</html>\n";

    fn page(lang: Lang) -> Page {
        Page {
            status: StatusCode::OK,
            texts: Texts { lang, whole_app: false },
            title: "Offene Daten".into(),
            description: String::new(),
            path: "/open-data".into(),
            index: true,
            kind: "website",
            json_ld: Some(serde_json::json!({ "@type": "Dataset" })),
            content: html! { h1 { "Offene Daten" } },
        }
    }

    async fn body(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    #[tokio::test]
    async fn a_page_only_the_server_draws_carries_no_app() {
        let shell = Shell {
            html: FRAME.into(),
            public: FRAME.into(),
            server_only: without_app(FRAME).into(),
            public_url: "https://example.org".into(),
        };
        let without = body(shell.render_without_app(page(Lang::Ar))).await;
        assert!(!without.contains("import init") && !without.contains("modulepreload") && !without.contains("/locales/"), "{without}");
        assert!(without.contains("main-1.css") && without.contains("<h1>Offene Daten</h1>"), "{without}");
        assert!(without.contains("application/ld+json"), "the page's own script stays: {without}");
        // A page the app draws too loads it, and the public bundle the German texts.
        let with = body(shell.render(page(Lang::De))).await;
        assert!(with.contains("import init") && with.contains("modulepreload"), "{with}");
        assert!(with.contains("/locales/de.json?keys="), "{with}");
    }
}
