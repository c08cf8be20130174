//! Impressum and Datenschutzerklärung: the operator's Markdown files
//! (`MIGRAUP_IMPRINT_FILE`, `MIGRAUP_PRIVACY_FILE`), read at start-up and served as
//! plain HTML pages in the web app's stylesheet, readable without JavaScript.

use std::{path::Path, sync::Arc};

use axum::{
    extract::State,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use crate::Settings;

/// The two pages, rendered once.
#[derive(Clone, Default)]
pub(crate) struct LegalPages {
    imprint: Arc<String>,
    privacy: Arc<String>,
}

impl LegalPages {
    /// Reads and renders both files; a configured file that cannot be read stops the
    /// start (a silent empty Impressum would be worse).
    pub(crate) fn load(settings: &Settings, static_dir: &Path) -> anyhow::Result<Self> {
        let stylesheets = stylesheet_links(&static_dir.join("index.html"));
        let page = |title: &str, file: &Option<std::path::PathBuf>, variable: &str| -> anyhow::Result<String> {
            let content = match file {
                Some(path) => {
                    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{variable} ({}): {e}", path.display()))?;
                    markdown_to_html(&text)
                }
                None => {
                    if settings.production() {
                        tracing::warn!("{variable} is not set: /{} says that the text is missing", title.to_lowercase());
                    }
                    format!(
                        "<p>Der Betreiber dieser Seite hat diesen Text noch nicht hinterlegt ({variable}).</p><p lang=\"en\">The operator of this site has not supplied this text yet ({variable}).</p>"
                    )
                }
            };
            Ok(shell(title, &stylesheets, &content))
        };
        Ok(LegalPages {
            imprint: Arc::new(page("Impressum", &settings.imprint_file, "MIGRAUP_IMPRINT_FILE")?),
            privacy: Arc::new(page("Datenschutzerklärung", &settings.privacy_file, "MIGRAUP_PRIVACY_FILE")?),
        })
    }
}

pub(crate) async fn imprint(State(pages): State<LegalPages>) -> Response {
    respond(&pages.imprint)
}

pub(crate) async fn privacy(State(pages): State<LegalPages>) -> Response {
    respond(&pages.privacy)
}

fn respond(page: &Arc<String>) -> Response {
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-cache")], Html(page.as_str().to_owned())).into_response()
}

fn markdown_to_html(markdown: &str) -> String {
    migraup_core::markdown::to_html(markdown)
}

/// The `<link rel="stylesheet">` tags of the built web app, so that the pages look like it.
fn stylesheet_links(index: &Path) -> String {
    let html = std::fs::read_to_string(index).unwrap_or_default();
    html.split('<').filter(|tag| tag.starts_with("link") && tag.contains("stylesheet")).map(|tag| format!("<{}", tag.trim_end())).collect()
}

fn shell(title: &str, stylesheets: &str, content: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"de\" dir=\"ltr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} · migraup</title>{stylesheets}</head><body><header class=\"site-header\"><div class=\"brand\"><a href=\"/\"><span class=\"brand-name\">migraup</span></a></div></header><main id=\"main\" class=\"legal\"><h1>{title}</h1>{content}</main><footer class=\"site-footer\"><p><a href=\"/impressum\">Impressum</a> · <a href=\"/datenschutz\">Datenschutz</a></p></footer></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::markdown_to_html;

    #[test]
    fn markdown_is_rendered_and_raw_html_is_shown_as_text() {
        let html = markdown_to_html("# Verein\n\n**Anschrift**: Musterstr. 1\n\n<script>alert(1)</script>");
        assert!(html.contains("<h1>Verein</h1>"));
        assert!(html.contains("<strong>Anschrift</strong>"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
