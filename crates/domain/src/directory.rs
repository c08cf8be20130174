//! The directory's selection as its address carries it: a search, five filter lists
//! and a cursor. One format for the web app and the server-rendered page: lists are
//! written comma-separated (`topics=a,b`); a plain HTML form repeats the key
//! (`topics=a&topics=b`), and both are read.

/// At most this many values a filter list: a long address does not become a long query.
pub const MAX_VALUES: usize = 50;
/// At most this many characters of search text.
pub const MAX_SEARCH: usize = 200;

/// A filter of the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Topics,
    Districts,
    Languages,
    Kinds,
    TargetGroups,
}

impl Dimension {
    /// Every dimension, in the order the page shows them.
    pub const ALL: [Dimension; 5] =
        [Dimension::Topics, Dimension::TargetGroups, Dimension::Districts, Dimension::Languages, Dimension::Kinds];

    /// The key in the address (and the form field's name).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Topics => "topics",
            Dimension::Districts => "districts",
            Dimension::Languages => "languages",
            Dimension::Kinds => "kinds",
            Dimension::TargetGroups => "target_groups",
        }
    }
}

/// What the directory shows.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DirectoryQuery {
    pub search: String,
    pub topics: Vec<String>,
    pub districts: Vec<String>,
    pub languages: Vec<String>,
    pub kinds: Vec<String>,
    pub target_groups: Vec<String>,
    pub after: Option<String>,
}

impl DirectoryQuery {
    /// Reads the decoded pairs of a query string; unknown keys are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> DirectoryQuery {
        let mut query = DirectoryQuery::default();
        for (key, value) in pairs {
            match key {
                "q" => query.search = value.trim().chars().take(MAX_SEARCH).collect(),
                "after" => query.after = Some(value.to_owned()).filter(|v| !v.is_empty()),
                _ => {
                    if let Some(dim) = Dimension::ALL.into_iter().find(|d| d.key() == key) {
                        let list = query.values_mut(dim);
                        list.extend(value.split(',').filter(|v| !v.is_empty()).map(str::to_owned));
                        list.truncate(MAX_VALUES);
                    }
                }
            }
        }
        query
    }

    /// The values of one filter.
    pub fn values(&self, dim: Dimension) -> &[String] {
        match dim {
            Dimension::Topics => &self.topics,
            Dimension::Districts => &self.districts,
            Dimension::Languages => &self.languages,
            Dimension::Kinds => &self.kinds,
            Dimension::TargetGroups => &self.target_groups,
        }
    }

    pub fn values_mut(&mut self, dim: Dimension) -> &mut Vec<String> {
        match dim {
            Dimension::Topics => &mut self.topics,
            Dimension::Districts => &mut self.districts,
            Dimension::Languages => &mut self.languages,
            Dimension::Kinds => &mut self.kinds,
            Dimension::TargetGroups => &mut self.target_groups,
        }
    }

    /// Whether `value` is chosen in `dim`.
    pub fn has(&self, dim: Dimension, value: &str) -> bool {
        self.values(dim).iter().any(|v| v == value)
    }

    /// The same selection with `value` switched in `dim`, from the first page.
    pub fn toggled(&self, dim: Dimension, value: &str) -> DirectoryQuery {
        let mut next = self.at(None);
        let values = next.values_mut(dim);
        match values.iter().position(|v| v == value) {
            Some(i) => {
                values.remove(i);
            }
            None => values.push(value.to_owned()),
        }
        next
    }

    /// The same selection at another page (`None`: the first).
    pub fn at(&self, after: Option<&str>) -> DirectoryQuery {
        DirectoryQuery { after: after.map(str::to_owned), ..self.clone() }
    }

    /// Whether anything narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty() || Dimension::ALL.into_iter().any(|d| !self.values(d).is_empty())
    }

    /// The address of this selection, `/organisations?…`, every value encoded.
    pub fn path(&self) -> String {
        self.path_on("/organisations")
    }

    /// The same filters on the directory's map (`/map?…`), without the page.
    pub fn map_path(&self) -> String {
        self.at(None).path_on("/map")
    }

    fn path_on(&self, base: &str) -> String {
        let lists = Dimension::ALL.map(|d| (d.key(), self.values(d).join(",")));
        let pairs = [("q", self.search.clone())].into_iter().chain(lists).chain([("after", self.after.clone().unwrap_or_default())]);
        let query: Vec<String> = pairs.filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(&v))).collect();
        if query.is_empty() { base.to_owned() } else { format!("{base}?{}", query.join("&")) }
    }
}

/// A query-string value, percent-encoded (everything but RFC 3986's unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_list_forms_are_read_and_written_back_comma_separated() {
        let q = DirectoryQuery::from_pairs([("topics", "a,b"), ("topics", "c"), ("q", " Brücke "), ("x", "y"), ("after", "")]);
        assert_eq!(q.topics, ["a", "b", "c"]);
        assert_eq!(q.search, "Brücke");
        assert_eq!(q.after, None);
        assert_eq!(q.path(), "/organisations?q=Br%C3%BCcke&topics=a%2Cb%2Cc");
        assert_eq!(DirectoryQuery::default().path(), "/organisations");
    }

    #[test]
    fn toggling_starts_from_the_first_page_and_lists_are_bounded() {
        let q = DirectoryQuery::from_pairs([("kinds", "A"), ("after", "cursor")]);
        let t = q.toggled(Dimension::Kinds, "A");
        assert!(t.kinds.is_empty() && t.after.is_none() && !t.is_filtered());
        assert!(q.toggled(Dimension::Topics, "x").has(Dimension::Topics, "x"));
        let many = vec!["v"; 500].join(",");
        assert_eq!(DirectoryQuery::from_pairs([("languages", many.as_str())]).languages.len(), MAX_VALUES);
    }
}
