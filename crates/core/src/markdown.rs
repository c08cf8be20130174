//! Markdown as people write it (minutes, agendas, legal pages) to HTML that is safe
//! to show: raw HTML is shown as text, links keep only web and mail addresses, and
//! images become links (no page loads a stranger's picture).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn safe_destination(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// CommonMark (with tables and strike-through) to HTML without script, style or foreign media.
pub fn to_html(markdown: &str) -> String {
    nested_html(markdown, 0)
}

/// A heading `shift` levels lower (at most `h6`).
fn lower(level: HeadingLevel, shift: usize) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + shift).min(6)).unwrap_or(HeadingLevel::H6)
}

/// [`to_html`] for a text shown under a page's own headings (minutes under "Protokoll",
/// an `h4`): its headings move `shift` levels down, so the page's outline stays whole.
pub fn nested_html(markdown: &str, shift: usize) -> String {
    let mut dropped_links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) | Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let keep = safe_destination(&dest_url);
            dropped_links.push(!keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Some(Event::Start(Tag::Heading { level: lower(level, shift), id, classes, attrs }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(lower(level, shift)))),
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            let dropped = dropped_links.pop().unwrap_or(false);
            (!dropped).then_some(Event::End(TagEnd::Link))
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The text of a Markdown document without its markup, for previews and mails.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            // Whitespace is collapsed below.
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_raw_html_is_shown_as_text() {
        let html = to_html("# Verein\n\n**Anschrift**: Musterstr. 1\n\n<script>alert(1)</script>");
        assert!(html.contains("<h1>Verein</h1>"));
        assert!(html.contains("<strong>Anschrift</strong>"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn script_links_and_images_do_not_survive() {
        let html = to_html("[klick](javascript:alert(1)) ![x](https://example.org/p.png) <img src=x onerror=alert(1)>");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("klick"));
        assert!(html.contains("href=\"https://example.org/p.png\""), "{html}");
        assert_eq!(plain("**Hallo** _Welt_"), "Hallo Welt");
        assert!(nested_html("## Ergebnisse\n\n# Titel", 3).contains("<h5>Ergebnisse</h5>\n<h4>Titel</h4>"));
    }
}
