//! The network as files for other tools (Gephi, Cytoscape, NetworkX, yEd): GraphML and
//! GEXF, with the computed metrics and the community as node attributes and the tie
//! weight and its sources as edge attributes. Written with `quick-xml`, so every name
//! is escaped.

use std::io;

use migraup_domain::{DomainError, error::DomainResult};
use quick_xml::{
    Writer,
    events::{BytesDecl, BytesText, Event},
};

use super::{NetworkEdge, NetworkNode, NetworkOverview};

/// A node attribute: id, GraphML type, GEXF type, value.
type Attribute = (&'static str, &'static str, &'static str, fn(&NetworkNode) -> String);
/// An edge attribute, likewise.
type EdgeAttribute = (&'static str, &'static str, &'static str, fn(&NetworkEdge) -> String);

const NODE_ATTRIBUTES: [Attribute; 9] = [
    ("name", "string", "string", |n| n.name.clone()),
    ("kind", "string", "string", |n| n.kind.as_str().to_owned()),
    ("degree", "int", "integer", |n| n.metrics.degree.to_string()),
    ("weighted_degree", "double", "double", |n| n.metrics.weighted_degree.to_string()),
    ("betweenness", "double", "double", |n| n.metrics.betweenness.to_string()),
    // −1: no ties, so no community.
    ("community", "int", "integer", |n| n.metrics.community.map_or(-1, |c| c as i64).to_string()),
    ("component", "int", "integer", |n| n.metrics.component.to_string()),
    ("broker", "boolean", "boolean", |n| n.metrics.articulation.to_string()),
    ("verified", "boolean", "boolean", |n| n.verified.to_string()),
];

const EDGE_ATTRIBUTES: [EdgeAttribute; 8] = [
    ("relations", "int", "integer", |e| e.relations.to_string()),
    ("events", "int", "integer", |e| e.events.to_string()),
    ("projects", "int", "integer", |e| e.projects.to_string()),
    ("groups", "int", "integer", |e| e.groups.to_string()),
    ("group_names", "string", "string", |e| e.group_names.join(", ")),
    ("sources", "string", "string", sources),
    ("relation_kinds", "string", "string", |e| e.relation_kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",")),
    ("bridge", "boolean", "boolean", |e| e.bridge.to_string()),
];

/// Where a tie comes from: RELATION, EVENT, PROJECT, GROUP, comma-separated.
fn sources(e: &NetworkEdge) -> String {
    [("RELATION", e.relations), ("EVENT", e.events), ("PROJECT", e.projects), ("GROUP", e.groups)]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, _)| *s)
        .collect::<Vec<_>>()
        .join(",")
}

fn failed(e: impl std::fmt::Display) -> DomainError {
    tracing::error!(error = %e, "writing a network file failed");
    DomainError::internal()
}

fn finish(writer: Writer<Vec<u8>>) -> DomainResult<String> {
    String::from_utf8(writer.into_inner()).map_err(failed)
}

/// The network as GraphML (undirected).
pub fn graphml(o: &NetworkOverview) -> DomainResult<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(failed)?;
    w.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| -> io::Result<()> {
            for (id, kind, _, _) in NODE_ATTRIBUTES {
                w.create_element("key")
                    .with_attributes([("id", id), ("for", "node"), ("attr.name", id), ("attr.type", kind)])
                    .write_empty()?;
            }
            w.create_element("key")
                .with_attributes([("id", "weight"), ("for", "edge"), ("attr.name", "weight"), ("attr.type", "double")])
                .write_empty()?;
            for (id, kind, _, _) in EDGE_ATTRIBUTES {
                w.create_element("key")
                    .with_attributes([("id", id), ("for", "edge"), ("attr.name", id), ("attr.type", kind)])
                    .write_empty()?;
            }
            w.create_element("graph").with_attributes([("id", "migraup"), ("edgedefault", "undirected")]).write_inner_content(
                |w| -> io::Result<()> {
                    for n in &o.nodes {
                        let id = n.organisation_id.to_string();
                        w.create_element("node").with_attribute(("id", id.as_str())).write_inner_content(|w| -> io::Result<()> {
                            for (key, _, _, value) in NODE_ATTRIBUTES {
                                w.create_element("data").with_attribute(("key", key)).write_text_content(BytesText::new(&value(n)))?;
                            }
                            Ok(())
                        })?;
                    }
                    for (i, e) in o.edges.iter().enumerate() {
                        let (id, source, target) = (format!("e{i}"), e.source.to_string(), e.target.to_string());
                        w.create_element("edge")
                            .with_attributes([("id", id.as_str()), ("source", source.as_str()), ("target", target.as_str())])
                            .write_inner_content(|w| -> io::Result<()> {
                                w.create_element("data")
                                    .with_attribute(("key", "weight"))
                                    .write_text_content(BytesText::new(&e.weight.to_string()))?;
                                for (key, _, _, value) in EDGE_ATTRIBUTES {
                                    w.create_element("data").with_attribute(("key", key)).write_text_content(BytesText::new(&value(e)))?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                },
            )?;
            Ok(())
        })
        .map_err(failed)?;
    finish(w)
}

/// The network as GEXF 1.2 (Gephi's format), undirected, static.
pub fn gexf(o: &NetworkOverview) -> DomainResult<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(failed)?;
    w.create_element("gexf")
        .with_attributes([("xmlns", "http://www.gexf.net/1.2draft"), ("version", "1.2")])
        .write_inner_content(|w| -> io::Result<()> {
            w.create_element("meta").write_inner_content(|w| -> io::Result<()> {
                w.create_element("creator").write_text_content(BytesText::new("migraup"))?;
                Ok(())
            })?;
            w.create_element("graph").with_attributes([("defaultedgetype", "undirected"), ("mode", "static")]).write_inner_content(
                |w| -> io::Result<()> {
                    w.create_element("attributes").with_attribute(("class", "node")).write_inner_content(|w| -> io::Result<()> {
                        // The name is the node's label.
                        for (id, _, kind, _) in NODE_ATTRIBUTES.iter().skip(1) {
                            w.create_element("attribute").with_attributes([("id", *id), ("title", *id), ("type", *kind)]).write_empty()?;
                        }
                        Ok(())
                    })?;
                    w.create_element("attributes").with_attribute(("class", "edge")).write_inner_content(|w| -> io::Result<()> {
                        for (id, _, kind, _) in EDGE_ATTRIBUTES {
                            w.create_element("attribute").with_attributes([("id", id), ("title", id), ("type", kind)]).write_empty()?;
                        }
                        Ok(())
                    })?;
                    w.create_element("nodes").write_inner_content(|w| -> io::Result<()> {
                        for n in &o.nodes {
                            let id = n.organisation_id.to_string();
                            w.create_element("node")
                                .with_attributes([("id", id.as_str()), ("label", n.name.as_str())])
                                .write_inner_content(|w| -> io::Result<()> {
                                    w.create_element("attvalues").write_inner_content(|w| -> io::Result<()> {
                                        for (key, _, _, value) in NODE_ATTRIBUTES.iter().skip(1) {
                                            let v = value(n);
                                            w.create_element("attvalue")
                                                .with_attributes([("for", *key), ("value", v.as_str())])
                                                .write_empty()?;
                                        }
                                        Ok(())
                                    })?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| -> io::Result<()> {
                        for (i, e) in o.edges.iter().enumerate() {
                            let (id, source, target, weight) =
                                (i.to_string(), e.source.to_string(), e.target.to_string(), e.weight.to_string());
                            w.create_element("edge")
                                .with_attributes([
                                    ("id", id.as_str()),
                                    ("source", source.as_str()),
                                    ("target", target.as_str()),
                                    ("weight", weight.as_str()),
                                ])
                                .write_inner_content(|w| -> io::Result<()> {
                                    w.create_element("attvalues").write_inner_content(|w| -> io::Result<()> {
                                        for (key, _, _, value) in EDGE_ATTRIBUTES {
                                            let v = value(e);
                                            w.create_element("attvalue")
                                                .with_attributes([("for", key), ("value", v.as_str())])
                                                .write_empty()?;
                                        }
                                        Ok(())
                                    })?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                },
            )?;
            Ok(())
        })
        .map_err(failed)?;
    finish(w)
}
