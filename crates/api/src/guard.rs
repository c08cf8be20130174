//! Bounds a GraphQL document *before* async-graphql validates or executes it.
//!
//! async-graphql 7.2's validation walks fragment spreads again for every use, so a
//! 1.3 KB document of 30 fragments that each spread the previous one twice would keep
//! a worker busy for minutes. Here the document is measured once, each fragment's
//! expanded size memoised, so the measurement itself costs time linear in the text:
//!
//! - nesting of braces, and of braces, brackets and parentheses together, in the raw
//!   text (checked before parsing, so the parser never recurses deeply),
//! - selections after expanding every spread, aliases, fields at the root,
//! - a cost budget, read against the schema's types and the one cost table
//!   (`cost.rs`): every field costs 1, a list costs its bound (its page size, or the
//!   stored bound of, say, an organisation's offerings) times what one item costs, so
//!   lists nested through back-references (`offerings { organisation { offerings … } }`)
//!   multiply; the fields that run whole computations (`networkOverview`, CSV and
//!   network files, the import) cost what they do, so repeating one adds up.

use std::{collections::HashMap, sync::OnceLock};

use async_graphql::{
    Name, Positioned, Value,
    parser::{
        parse_query, parse_schema,
        types::{
            BaseType, DocumentOperations, ExecutableDocument, Field, FragmentDefinition, OperationType, Selection, SelectionSet, Type,
            TypeKind, TypeSystemDefinition,
        },
    },
};

use crate::cost;

/// The bounds a document must keep.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Deepest nesting of `{` in the text.
    pub max_nesting: usize,
    /// Deepest nesting of `{`, `[` and `(` together in the text.
    pub max_brackets: usize,
    /// Names (fields, arguments, types) in the text: a document of thousands is
    /// refused before it is parsed at all.
    pub max_names: usize,
    /// Selections after every fragment spread is expanded.
    pub max_selections: u64,
    /// Aliases after expansion.
    pub max_aliases: u64,
    /// Fields directly under the operation.
    pub max_root_fields: u64,
    /// The cost budget of one document: about the most fields its answer can hold
    /// (see the module docs).
    pub max_cost: u64,
    /// Fragment definitions in one document.
    pub max_fragments: usize,
}

/// The bounds of migraup's API: the web app's largest document uses well under half.
pub const BOUNDS: Bounds = Bounds {
    max_nesting: cost::MAX_DEPTH + 4,
    max_brackets: 20,
    max_names: 2_000,
    max_selections: 600,
    max_aliases: 5,
    max_root_fields: 12,
    max_cost: 1_000_000,
    max_fragments: 40,
};

/// Why a document was refused (`extensions.reason`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a GraphQL document.
    Syntax,
    /// Too many names to be worth parsing.
    TooLong,
    TooDeep,
    TooManySelections,
    TooManyAliases,
    TooManyRootFields,
    TooCostly {
        cost: u64,
    },
    TooManyFragments,
    /// A fragment that spreads itself, or an unknown fragment.
    BadFragment,
}

impl Refusal {
    /// The machine-readable reason.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Syntax => "SYNTAX",
            Refusal::TooLong => "TOO_LONG",
            Refusal::TooDeep => "TOO_DEEP",
            Refusal::TooManySelections => "TOO_MANY_SELECTIONS",
            Refusal::TooManyAliases => "TOO_MANY_ALIASES",
            Refusal::TooManyRootFields => "TOO_MANY_ROOT_FIELDS",
            Refusal::TooCostly { .. } => "TOO_COSTLY",
            Refusal::TooManyFragments => "TOO_MANY_FRAGMENTS",
            Refusal::BadFragment => "BAD_FRAGMENT",
        }
    }
}

/// The output types of the schema: for each type, each field's type and whether it
/// is a list, read once from the SDL.
pub struct Types {
    fields: HashMap<String, HashMap<String, FieldType>>,
    query: String,
    mutation: String,
}

/// A field's named type and whether it is a list (of any depth).
#[derive(Clone, Debug)]
struct FieldType {
    named: String,
    list: bool,
    paged: bool,
}

impl Types {
    /// Reads the object and interface types of an SDL.
    pub fn from_sdl(sdl: &str) -> Types {
        let document = parse_schema(sdl).expect("the schema's own SDL parses");
        let mut fields = HashMap::new();
        let (mut query, mut mutation) = ("Query".to_owned(), "Mutation".to_owned());
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    if let Some(q) = &schema.node.query {
                        query = q.node.to_string();
                    }
                    if let Some(m) = &schema.node.mutation {
                        mutation = m.node.to_string();
                    }
                }
                TypeSystemDefinition::Type(t) => {
                    let list = match &t.node.kind {
                        TypeKind::Object(o) => &o.fields,
                        TypeKind::Interface(i) => &i.fields,
                        _ => continue,
                    };
                    let of_type = list
                        .iter()
                        .map(|f| {
                            let (named, list) = named_type(&f.node.ty.node);
                            let paged = f.node.arguments.iter().any(|a| a.node.name.node == "first");
                            (f.node.name.node.to_string(), FieldType { named, list, paged })
                        })
                        .collect();
                    fields.insert(t.node.name.node.to_string(), of_type);
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        Types { fields, query, mutation }
    }

    /// Every list field as `Type.field`, and every field as `Type.field`.
    pub fn list_fields(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.fields.iter().flat_map(|(t, fs)| fs.iter().filter(|(_, f)| f.list).map(move |(name, _)| format!("{t}.{name}"))).collect();
        out.sort();
        out
    }

    /// Whether `Type.field` exists.
    pub fn has(&self, type_field: &str) -> bool {
        let Some((t, f)) = type_field.split_once('.') else { return false };
        self.fields.get(t).is_some_and(|fs| fs.contains_key(f))
    }

    fn field(&self, parent: Option<&str>, name: &str) -> Option<&FieldType> {
        self.fields.get(parent?)?.get(name)
    }
}

/// The named type under any list and non-null wrappers, and whether there was a list.
fn named_type(ty: &Type) -> (String, bool) {
    match &ty.base {
        BaseType::Named(name) => (name.to_string(), false),
        BaseType::List(inner) => (named_type(inner).0, true),
    }
}

/// The types of migraup's own schema, read once.
pub fn types() -> &'static Types {
    static TYPES: OnceLock<Types> = OnceLock::new();
    TYPES.get_or_init(|| Types::from_sdl(&crate::sdl()))
}

/// What one item of `field` multiplies its selections by: its page size (`first`,
/// a variable counting as the largest page) times its list bound.
fn multiplier(type_field: &str, kind: Option<&FieldType>, field: &Field) -> u64 {
    let Some(kind) = kind else { return 1 };
    let page = if kind.paged {
        let max = cost::max_first(type_field);
        match field.arguments.iter().find(|(name, _)| name.node == "first").map(|(_, v)| v.node.clone().into_const()) {
            Some(Some(Value::Number(n))) => n.as_u64().unwrap_or(max).clamp(1, max),
            // Absent: the field's default page, which is within the largest page.
            None => cost::default_first(type_field).min(max),
            Some(_) => max,
        }
    } else {
        1
    };
    let bound = match (kind.list, cost::list_bound(type_field)) {
        (false, _) | (true, Some(cost::Bound::Page)) => 1,
        (true, Some(cost::Bound::Max(n))) => n,
        // A list the table forgot (a test keeps this from happening): the largest page.
        (true, None) => cost::MAX_PAGE,
    };
    page.saturating_mul(bound)
}

#[derive(Clone, Copy, Default)]
struct Measure {
    selections: u64,
    aliases: u64,
    cost: u64,
    /// Fields at this level, spreads and inline fragments looked through (for the root).
    top: u64,
}

impl Measure {
    fn add(self, other: Measure) -> Measure {
        Measure {
            selections: self.selections.saturating_add(other.selections),
            aliases: self.aliases.saturating_add(other.aliases),
            cost: self.cost.saturating_add(other.cost),
            top: self.top.saturating_add(other.top),
        }
    }
}

struct Measurer<'a> {
    types: &'a Types,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    memo: HashMap<&'a str, Measure>,
    visiting: Vec<&'a str>,
}

impl<'a> Measurer<'a> {
    /// Measures a selection set on the type `parent` (`None` where the type is unknown:
    /// validation refuses such a document later, here every field then costs 1).
    fn set(&mut self, parent: Option<&str>, set: &'a SelectionSet) -> Result<Measure, Refusal> {
        let mut total = Measure::default();
        for item in &set.items {
            let m = match &item.node {
                Selection::Field(f) => {
                    let field = &f.node;
                    let name = field.name.node.as_str();
                    let kind = self.types.field(parent, name);
                    let type_field = format!("{}.{name}", parent.unwrap_or_default());
                    let inner = self.set(kind.map(|k| k.named.as_str()), &field.selection_set.node)?;
                    let mul = multiplier(&type_field, kind, field);
                    Measure {
                        selections: 1u64.saturating_add(inner.selections),
                        aliases: u64::from(field.alias.is_some()).saturating_add(inner.aliases),
                        cost: cost::own_cost(&type_field).saturating_add(inner.cost.saturating_mul(mul)),
                        top: 1,
                    }
                }
                Selection::InlineFragment(f) => {
                    let on = f.node.type_condition.as_ref().map(|c| c.node.on.node.as_str()).or(parent);
                    self.set(on, &f.node.selection_set.node)?
                }
                Selection::FragmentSpread(s) => self.fragment(s.node.fragment_name.node.as_str())?,
            };
            total = total.add(m);
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'a str) -> Result<Measure, Refusal> {
        if let Some(m) = self.memo.get(name) {
            return Ok(*m);
        }
        if self.visiting.contains(&name) {
            return Err(Refusal::BadFragment);
        }
        let (key, definition) = self.fragments.get_key_value(name).ok_or(Refusal::BadFragment)?;
        self.visiting.push(key.as_str());
        let on = definition.node.type_condition.node.on.node.as_str();
        let m = self.set(Some(on), &definition.node.selection_set.node)?;
        self.visiting.pop();
        self.memo.insert(key.as_str(), m);
        Ok(m)
    }
}

/// What one pass over the text finds, before any parsing.
struct Scan {
    /// Deepest nesting of `{`.
    braces: usize,
    /// Deepest nesting of `{`, `[` and `(` together: list values nest with `[` and
    /// the parser recurses on each, so `[[[…]]]` in an argument or a variable's
    /// default must be bounded before it parses, like selections.
    brackets: usize,
    /// Names (fields, arguments, types).
    names: usize,
}

/// Nesting and names outside strings and comments: one pass over the text.
fn scan(query: &str) -> Scan {
    let (mut braces, mut brackets) = (0usize, 0usize);
    let mut out = Scan { braces: 0, brackets: 0, names: 0 };
    let mut in_name = false;
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        let name_char = c == '_' || c.is_ascii_alphanumeric();
        if name_char && !in_name && !c.is_ascii_digit() {
            out.names += 1;
        }
        in_name = name_char;
        match c {
            '{' | '[' | '(' => {
                if c == '{' {
                    braces += 1;
                    out.braces = out.braces.max(braces);
                }
                brackets += 1;
                out.brackets = out.brackets.max(brackets);
            }
            '}' | ']' | ')' => {
                if c == '}' {
                    braces = braces.saturating_sub(1);
                }
                brackets = brackets.saturating_sub(1);
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                // Block strings and plain strings: skip to the closing quote.
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Measures `query` against `bounds`; returns the parsed document when it is within them.
pub fn check(query: &str, bounds: &Bounds) -> Result<ExecutableDocument, Refusal> {
    let scan = scan(query);
    if scan.braces > bounds.max_nesting || scan.brackets > bounds.max_brackets {
        return Err(Refusal::TooDeep);
    }
    if scan.names > bounds.max_names {
        return Err(Refusal::TooLong);
    }
    let document = parse_query(query).map_err(|_| Refusal::Syntax)?;
    if document.fragments.len() > bounds.max_fragments {
        return Err(Refusal::TooManyFragments);
    }
    let types = types();
    let mut measurer = Measurer { types, fragments: &document.fragments, memo: HashMap::new(), visiting: Vec::new() };
    let root = |kind: OperationType| match kind {
        OperationType::Query => Some(types.query.as_str()),
        OperationType::Mutation => Some(types.mutation.as_str()),
        OperationType::Subscription => None,
    };
    let operations: Vec<(Option<&str>, &SelectionSet)> = match &document.operations {
        DocumentOperations::Single(op) => vec![(root(op.node.ty), &op.node.selection_set.node)],
        DocumentOperations::Multiple(ops) => ops.values().map(|op| (root(op.node.ty), &op.node.selection_set.node)).collect(),
    };
    // One operation of a document runs (graphql_client sends a file's whole document),
    // so the largest operation is what counts.
    let mut total = Measure::default();
    for (root, set) in operations {
        let m = measurer.set(root, set)?;
        if m.top > bounds.max_root_fields {
            return Err(Refusal::TooManyRootFields);
        }
        total = Measure {
            selections: total.selections.max(m.selections),
            aliases: total.aliases.max(m.aliases),
            cost: total.cost.max(m.cost),
            top: 0,
        };
    }
    // Fragments no operation uses are measured too (validation would walk them).
    let names: Vec<&str> = document.fragments.keys().map(Name::as_str).collect();
    for name in names {
        measurer.fragment(name)?;
    }
    if total.selections > bounds.max_selections {
        return Err(Refusal::TooManySelections);
    }
    if total.aliases > bounds.max_aliases {
        return Err(Refusal::TooManyAliases);
    }
    if total.cost > bounds.max_cost {
        return Err(Refusal::TooCostly { cost: total.cost });
    }
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubling_fragments(levels: usize) -> String {
        let mut q = String::from("fragment G0 on Query { __typename }\n");
        for i in 1..=levels {
            q.push_str(&format!("fragment G{i} on Query {{ ...G{p} ...G{p} }}\n", p = i - 1));
        }
        q.push_str(&format!("query {{ ...G{levels} }}"));
        q
    }

    #[test]
    fn a_fragment_bomb_is_refused_at_once() {
        let q = doubling_fragments(30);
        assert!(q.len() < 1_500);
        // 2^30 root fields: refused for them, counted without expanding anything.
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManyRootFields);
        let nested = q.replace("query { ...G30 }", "query { me { ...G30 } }");
        assert!(nested.contains("me {"));
        assert_eq!(check(&nested, &BOUNDS).unwrap_err(), Refusal::TooManySelections);
        // Even 2^39 expansions are counted at once and saturate instead of overflowing.
        let q = doubling_fragments(39).replace("query { ...G39 }", "query { me { ...G39 } }");
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManySelections);
    }

    #[test]
    fn every_document_of_the_web_app_is_within_the_bounds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/queries");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("frontend/queries") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "graphql") {
                let text = std::fs::read_to_string(&path).unwrap();
                check(&text, &BOUNDS).unwrap_or_else(|r| panic!("{} is refused: {r:?}", path.display()));
                if let Err(Refusal::TooCostly { cost }) = check(&text, &Bounds { max_cost: 0, ..BOUNDS }) {
                    eprintln!("{}: cost {cost}", path.display());
                }
                checked += 1;
            }
        }
        assert!(checked > 10, "{checked}");
    }

    #[test]
    fn self_spreading_fragments_are_refused() {
        let q = "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }";
        assert_eq!(check(q, &BOUNDS).unwrap_err(), Refusal::BadFragment);
        assert_eq!(check("{ ...Missing }", &BOUNDS).unwrap_err(), Refusal::BadFragment);
    }

    #[test]
    fn repeated_list_fields_exhaust_the_budget() {
        let q = format!("{{ {} }}", "organisations(first: 1) { totalCount } ".repeat(11));
        assert!(check(&q, &BOUNDS).is_ok(), "eleven small lists are fine");
        let q = format!("{{ {} }}", "organisations(first: 1) { totalCount } ".repeat(1_871));
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooLong, "refused before parsing");
        let q = format!("{{ {} }}", "organisations(first: 1) { totalCount } ".repeat(13));
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooManyRootFields);
        // Hidden below one root field, repetition still adds up.
        let item = "offerings { title topics { name labels { lang text } } } ";
        let q = format!("{{ organisations(first: 50) {{ edges {{ node {{ {} }} }} }} }}", item.repeat(4));
        assert!(matches!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooCostly { .. }));
        let q = format!("{{ {} }}", "networkOverview { metricsCsv } ".repeat(9));
        assert!(matches!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooCostly { .. }));
        assert!(check("{ networkOverview { metricsCsv coverageCsv } }", &BOUNDS).is_ok());
    }

    /// The probe's 189-byte document: offerings and their organisation, four times.
    const PROBE: &str = "{ organisation(id:\"0190a0e0-0000-7000-8000-000000000000\"){ offerings { organisation { offerings { organisation { offerings { organisation { offerings { organisation { id } } } } } } } } } }";

    #[test]
    fn lists_nested_through_back_references_multiply() {
        assert_eq!(PROBE.len(), 189);
        let refused = check(PROBE, &BOUNDS).unwrap_err();
        assert!(matches!(refused, Refusal::TooCostly { cost } if cost > 100_000_000), "{refused:?}");
        // Three levels (the probe's 13.7 MB) are refused too; two stay possible.
        let three = "{ organisation(id:\"x\"){ offerings { organisation { offerings { organisation { offerings { title } } } } } } }";
        assert!(matches!(check(three, &BOUNDS).unwrap_err(), Refusal::TooCostly { .. }));
        let two = "{ organisation(id:\"x\"){ offerings { organisation { offerings { title } } } } }";
        assert!(check(two, &BOUNDS).is_ok());
        // The same through a fragment and through an inline fragment.
        let fragment = "fragment O on Offering { organisation { offerings { organisation { offerings { id } } } } } { organisation(id:\"x\") { offerings { ...O } } }";
        assert!(matches!(check(fragment, &BOUNDS).unwrap_err(), Refusal::TooCostly { .. }));
        let inline = "{ organisation(id:\"x\") { offerings { ... on Offering { organisation { offerings { organisation { offerings { id } } } } } } } }";
        assert!(matches!(check(inline, &BOUNDS).unwrap_err(), Refusal::TooCostly { .. }));
    }

    #[test]
    fn a_page_counts_its_first_up_to_the_fields_own_largest_page() {
        // `completeness` takes pages up to the whole network: 10,000 is counted as such.
        let small = "{ networkOverview { completeness(first: 10) { organisationId score missing } } }";
        let large = "{ networkOverview { completeness(first: 10000) { organisationId score missing } } }";
        let cost = |q: &str| match check(q, &Bounds { max_cost: 0, ..BOUNDS }) {
            Err(Refusal::TooCostly { cost }) => cost,
            other => panic!("{other:?}"),
        };
        assert_eq!(cost(large) - cost(small), (10_000 - 10) * 3, "three fields per row");
        let paged = "query($n: Int) { organisations(first: $n) { edges { node { id } } } }";
        assert_eq!(cost(paged), 1 + 50 * 3, "a variable counts as the largest page");
    }

    #[test]
    fn every_list_of_the_schema_has_a_bound_and_the_table_names_real_fields() {
        let types = types();
        let missing: Vec<String> = types.list_fields().into_iter().filter(|f| cost::list_bound(f).is_none()).collect();
        assert!(missing.is_empty(), "list fields without a bound in cost.rs: {missing:?}");
        let lists = cost::LISTS.iter().map(|(f, _)| *f);
        let stale: Vec<&str> = lists.chain(cost::COMPUTATIONS.iter().map(|(f, _)| *f)).filter(|f| !types.has(f)).collect();
        assert!(stale.is_empty(), "cost.rs names fields the schema lacks: {stale:?}");
    }

    #[test]
    fn nested_list_values_are_refused_before_parsing() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        for q in [
            format!("{{ organisations(filter: {{ topicIds: {} }}) {{ totalCount }} }}", deep(300)),
            format!("query($a: [ID!] = {}) {{ __typename }}", deep(600)),
            format!("{{ __typename @include(if: {}) }}", deep(400)),
            format!("{{ a{}", "(".repeat(500)),
        ] {
            assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooDeep, "{}", &q[..40]);
        }
        // Ordinary lists in arguments are fine.
        assert!(check("{ organisations(filter: { topicIds: [\"a\", \"b\"] }) { totalCount } }", &BOUNDS).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let q = format!("{}{}", "{a".repeat(5_000), "}".repeat(5_000));
        assert_eq!(check(&q, &BOUNDS).unwrap_err(), Refusal::TooDeep);
        // Braces inside strings and comments do not count.
        assert!(check("{ organisations(search: \"{{{{{{{{{{{{{{{{{{{{\") { totalCount } } # {{{{{{{{{{{{{{{{", &BOUNDS).is_ok());
    }

    #[test]
    fn aliases_are_counted_after_expansion() {
        let q = "fragment F on Query { a: __typename b: __typename c: __typename } { ...F x: __typename y: __typename z: __typename }";
        assert_eq!(check(q, &BOUNDS).unwrap_err(), Refusal::TooManyAliases);
    }
}
