//! The declared size of a workbook's shared strings table. calamine reserves room for
//! as many strings as the table's `uniqueCount` says before it reads one, so a file of a
//! kilobyte declaring 10^13 of them made the allocation fail and the server abort. The
//! count is checked against what the part can hold before calamine opens the workbook.

use std::io::{Cursor, Read};

/// The start tag is read from at most this many bytes of the part (Excel writes a few hundred).
const HEAD: u64 = 64 * 1024;
/// The shortest entry of the table, `<si><t/></si>`, has 13 bytes.
const MIN_ENTRY_BYTES: u64 = 13;

/// Whether every shared strings part of `archive` declares no more strings than it can
/// hold. A part whose start tag cannot be read (not UTF-8, not `sst`, over [`HEAD`]) fails.
pub(super) fn declared_counts_fit(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else { return false };
        // calamine finds the part by path, whatever the letters' case (and cannot find a
        // part whose name does not read).
        if !entry.name().is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")) {
            continue;
        }
        let size = entry.size();
        let mut head = Vec::new();
        if entry.take(HEAD).read_to_end(&mut head).is_err() {
            return false;
        }
        match unique_count(&head) {
            Some(Some(count)) if count > size / MIN_ENTRY_BYTES => return false,
            Some(_) => {}
            None => return false,
        }
    }
    true
}

/// The root element's `uniqueCount`: `Some(None)` when it has none, `None` when the head
/// holds no complete `sst` start tag or the count is not a number.
fn unique_count(head: &[u8]) -> Option<Option<u64>> {
    let tag = root_start_tag(head)?;
    let name_end = tag.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(tag.len());
    let name = &tag[..name_end];
    if name.rsplit(|b| *b == b':').next() != Some(b"sst".as_slice()) {
        return None;
    }
    let mut rest = &tag[name_end..];
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() || rest[0] == b'/' {
            return Some(None);
        }
        let key_end = rest.iter().position(|b| b.is_ascii_whitespace() || *b == b'=')?;
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
        let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
        let value_end = rest[1..].iter().position(|b| *b == quote)?;
        let value = &rest[1..=value_end];
        if key == b"uniqueCount" {
            // Digits only; a number over u64 is as good as infinite.
            let digits = std::str::from_utf8(value).ok()?.trim().trim_start_matches('+');
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            return Some(Some(digits.parse().unwrap_or(u64::MAX)));
        }
        rest = &rest[value_end + 2..];
    }
}

/// The text between `<` and `>` of the first element (after the XML declaration,
/// processing instructions and comments); `>` inside quoted values does not end it.
fn root_start_tag(head: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    loop {
        at += head[at..].iter().position(|b| *b == b'<')?;
        let rest = &head[at..];
        if rest.starts_with(b"<?") {
            at += find(rest, b"?>")? + 2;
        } else if rest.starts_with(b"<!--") {
            at += find(rest, b"-->")? + 3;
        } else if rest.starts_with(b"<!") {
            at += find(rest, b">")? + 1;
        } else {
            let mut quote = None;
            for (i, b) in rest.iter().enumerate().skip(1) {
                match (quote, *b) {
                    (None, b'"' | b'\'') => quote = Some(*b),
                    (Some(q), b) if b == q => quote = None,
                    (None, b'>') => return Some(&rest[1..i]),
                    _ => {}
                }
            }
            return None;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::unique_count;

    #[test]
    fn the_declared_count_is_read_from_the_root_tag_only() {
        let excel = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="2"><si><t>a</t></si>"#;
        assert_eq!(unique_count(excel), Some(Some(2)));
        assert_eq!(unique_count(b"\xEF\xBB\xBF<!-- x --><x:sst a='>' uniqueCount = '99999999999999999999999'>"), Some(Some(u64::MAX)));
        assert_eq!(unique_count(b"<sst count=\"1\"/>"), Some(None));
        // Anything else is not read as a table, so nothing is reserved blindly.
        assert_eq!(unique_count(b"<sst uniqueCount=\"-1\">"), None);
        assert_eq!(unique_count(b"<other uniqueCount=\"1\">"), None);
        assert_eq!(unique_count(b"<sst uniqueCount=\"1\""), None);
        let utf16: Vec<u8> = "<sst uniqueCount=\"1\">".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(unique_count(&utf16), None);
    }
}
