//! Where a page of this site may send a visitor back to (`GET /language?to=…`): only
//! a path of this site. Browsers forgive a lot in a `Location` (they drop tabs and
//! line breaks, read `\` as `/`), so `/\t/evil.example` would lead to evil.example:
//! anything but a plain path is refused, not cleaned up.

use std::fmt::Write as _;

/// The longest path a visitor is sent back to.
const MAX_LENGTH: usize = 2048;

/// `to` as a `Location` on this site, or `None` when it is not plainly one of its paths:
/// it starts with one `/` (not `//`), has no control character, no white space and no
/// `\`. Letters beyond ASCII are percent-encoded, so the header is always valid.
pub(crate) fn local_target(to: &str) -> Option<String> {
    let plain = to.starts_with('/')
        && !to.starts_with("//")
        && to.len() <= MAX_LENGTH
        && !to.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if !plain {
        return None;
    }
    let mut target = String::with_capacity(to.len());
    for c in to.chars() {
        if c.is_ascii() {
            target.push(c);
        } else {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                let _ = write!(target, "%{byte:02X}");
            }
        }
    }
    // Second look, as a parser reads it: a path (and query) of this site, nothing else.
    let uri: axum::http::Uri = target.parse().ok()?;
    let own = uri.scheme().is_none() && uri.authority().is_none() && uri.path().starts_with('/') && !uri.path().starts_with("//");
    own.then_some(target)
}

#[cfg(test)]
mod tests {
    use super::local_target;

    #[test]
    fn only_plain_paths_of_this_site() {
        for hostile in [
            "/\t/evil.example",
            "/\u{b}/x",
            "/\n/evil.example",
            "/ /evil.example",
            "/\u{2003}/evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/\0",
        ] {
            assert_eq!(local_target(hostile), None, "{hostile:?}");
        }
        assert_eq!(local_target("/organisations?q=a").as_deref(), Some("/organisations?q=a"));
        assert_eq!(local_target("/").as_deref(), Some("/"));
        assert_eq!(local_target("/organisations?q=Café").as_deref(), Some("/organisations?q=Caf%C3%A9"));
        assert_eq!(local_target(&format!("/{}", "a".repeat(3000))), None);
    }
}
