//! Network metrics on an undirected, weighted graph of `n` nodes, by well-kept
//! libraries: `rustworkx-core` (Qiskit's algorithms on petgraph) for components,
//! bridges and articulation points; `graphrs` for Louvain communities; betweenness is
//! our own (`betweenness.rs`: the libraries were too slow at district scale).
//! Pure functions of the edge list, so textbook graphs test them.

use std::collections::{HashMap, HashSet};

use graphrs::{Edge as GEdge, Graph as GGraph, GraphSpecs, Node as GNode, algorithms::community::louvain};
use rustworkx_core::{
    connectivity::{articulation_points, bridges, connected_components},
    petgraph::graph::{NodeIndex, UnGraph},
};

/// What is known of one node.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeMetrics {
    /// Number of distinct neighbours.
    pub degree: usize,
    /// Sum of the weights of the node's ties.
    pub weighted_degree: f64,
    /// Share of shortest paths between other nodes that pass through this one,
    /// normalised to 0..1 by (n−1)(n−2)/2 (ties unweighted, as in NetworkX).
    pub betweenness: f64,
    /// Index into [`Analysis::components`], largest first.
    pub component: usize,
    /// Index into [`Analysis::communities`], largest first; `None` without ties (an
    /// isolate is no community).
    pub community: Option<usize>,
    /// Removing this node splits its component (a broker between parts).
    pub articulation: bool,
}

/// The result of [`analyse`].
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    pub nodes: Vec<NodeMetrics>,
    /// Node indices per connected component, largest first.
    pub components: Vec<Vec<usize>>,
    /// Node indices per community, largest first; only nodes with ties.
    pub communities: Vec<Vec<usize>>,
    /// Newman's modularity of the communities (weighted).
    pub modularity: f64,
    /// Ties whose removal splits a component, as `(smaller, larger)` node index.
    pub bridges: HashSet<(usize, usize)>,
    /// Nodes without ties.
    pub isolates: Vec<usize>,
}

/// Sorts groups by size (largest first), then by their smallest member, so the
/// numbering is stable between calls.
fn ordered(mut groups: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a.first().cmp(&b.first())));
    groups
}

/// Analyses a graph of `n` nodes; `edges` are `(a, b, weight)` with `a != b`, each
/// pair at most once.
pub fn analyse(n: usize, edges: &[(usize, usize, f64)]) -> Analysis {
    let mut graph = UnGraph::<(), f64>::with_capacity(n, edges.len());
    for _ in 0..n {
        graph.add_node(());
    }
    let mut nodes = vec![NodeMetrics::default(); n];
    for &(a, b, w) in edges {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), w);
        for x in [a, b] {
            nodes[x].degree += 1;
            nodes[x].weighted_degree += w;
        }
    }
    for (i, b) in crate::betweenness::betweenness(n, edges).into_iter().enumerate() {
        nodes[i].betweenness = b;
    }
    let components = ordered(connected_components(&graph).into_iter().map(|c| c.into_iter().map(NodeIndex::index).collect()).collect());
    for (c, members) in components.iter().enumerate() {
        for &i in members {
            nodes[i].component = c;
        }
    }
    for i in articulation_points(&graph, None) {
        nodes[i.index()].articulation = true;
    }
    let bridges = bridges(&graph)
        .into_iter()
        .map(|(a, b)| {
            let (a, b) = (a.index(), b.index());
            (a.min(b), a.max(b))
        })
        .collect();
    let isolates = (0..n).filter(|i| nodes[*i].degree == 0).collect();
    let communities = communities(edges);
    for (c, members) in communities.iter().enumerate() {
        for &i in members {
            nodes[i].community = Some(c);
        }
    }
    let modularity = modularity(n, edges, &nodes);
    Analysis { nodes, components, communities, modularity, bridges, isolates }
}

/// Louvain communities (fixed seed, so the same network gives the same colours) among
/// the nodes with ties; nodes without are counted as isolates, not as communities of
/// one (at district scale they outnumbered the real ones).
fn communities(edges: &[(usize, usize, f64)]) -> Vec<Vec<usize>> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    if !edges.is_empty() {
        let tied: Vec<_> = edges.iter().map(|&(a, b, w)| GEdge::<usize, ()>::with_weight(a, b, w)).collect();
        let mut nodes: Vec<usize> = edges.iter().flat_map(|&(a, b, _)| [a, b]).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let graph = GGraph::new_from_nodes_and_edges(nodes.into_iter().map(GNode::from_name).collect(), tied, GraphSpecs::undirected());
        if let Ok(graph) = graph
            && let Ok(parts) = louvain::louvain_communities(&graph, true, None, None, Some(42))
        {
            found = parts.into_iter().map(|c| c.into_iter().collect()).collect();
        }
    }
    ordered(found)
}

/// Newman's weighted modularity Q = Σ_c [ L_c / m − (d_c / 2m)² ].
fn modularity(n: usize, edges: &[(usize, usize, f64)], nodes: &[NodeMetrics]) -> f64 {
    let m: f64 = edges.iter().map(|e| e.2).sum();
    if m == 0.0 || n == 0 {
        return 0.0;
    }
    let mut inside: HashMap<Option<usize>, f64> = HashMap::new();
    let mut degree: HashMap<Option<usize>, f64> = HashMap::new();
    for &(a, b, w) in edges {
        if nodes[a].community == nodes[b].community {
            *inside.entry(nodes[a].community).or_default() += w;
        }
    }
    for node in nodes {
        *degree.entry(node.community).or_default() += node.weighted_degree;
    }
    degree.iter().map(|(c, d)| inside.get(c).copied().unwrap_or(0.0) / m - (d / (2.0 * m)).powi(2)).sum()
}

/// Zachary's karate club (1977), the edge list as in NetworkX, nodes 0..33: a
/// reference network for the analysis tests and the relation import's.
pub const KARATE_CLUB: [(usize, usize); 78] = [
    (0, 1),
    (0, 2),
    (0, 3),
    (0, 4),
    (0, 5),
    (0, 6),
    (0, 7),
    (0, 8),
    (0, 10),
    (0, 11),
    (0, 12),
    (0, 13),
    (0, 17),
    (0, 19),
    (0, 21),
    (0, 31),
    (1, 2),
    (1, 3),
    (1, 7),
    (1, 13),
    (1, 17),
    (1, 19),
    (1, 21),
    (1, 30),
    (2, 3),
    (2, 7),
    (2, 8),
    (2, 9),
    (2, 13),
    (2, 27),
    (2, 28),
    (2, 32),
    (3, 7),
    (3, 12),
    (3, 13),
    (4, 6),
    (4, 10),
    (5, 6),
    (5, 10),
    (5, 16),
    (6, 16),
    (8, 30),
    (8, 32),
    (8, 33),
    (9, 33),
    (13, 33),
    (14, 32),
    (14, 33),
    (15, 32),
    (15, 33),
    (18, 32),
    (18, 33),
    (19, 33),
    (20, 32),
    (20, 33),
    (22, 32),
    (22, 33),
    (23, 25),
    (23, 27),
    (23, 29),
    (23, 32),
    (23, 33),
    (24, 25),
    (24, 27),
    (24, 31),
    (25, 31),
    (26, 29),
    (26, 33),
    (27, 33),
    (28, 31),
    (28, 33),
    (29, 32),
    (29, 33),
    (30, 32),
    (30, 33),
    (31, 32),
    (31, 33),
    (32, 33),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn unweighted(pairs: &[(usize, usize)]) -> Vec<(usize, usize, f64)> {
        pairs.iter().map(|&(a, b)| (a, b, 1.0)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn star() {
        // Centre 0 with 5 leaves: the centre lies on every path between leaves.
        let a = analyse(6, &unweighted(&[(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)]));
        assert_eq!(a.nodes[0].degree, 5);
        assert!(close(a.nodes[0].betweenness, 1.0));
        assert!((1..6).all(|i| close(a.nodes[i].betweenness, 0.0) && a.nodes[i].degree == 1));
        assert_eq!(a.bridges.len(), 5, "every tie of a star is a bridge");
        assert!(a.nodes[0].articulation && !a.nodes[1].articulation);
        assert_eq!(a.components.len(), 1);
        assert!(a.isolates.is_empty());
    }

    #[test]
    fn path() {
        // 0-1-2-3-4: normalised betweenness 0, 0.5, 2/3, 0.5, 0 (NetworkX).
        let a = analyse(5, &unweighted(&[(0, 1), (1, 2), (2, 3), (3, 4)]));
        let expected = [0.0, 0.5, 2.0 / 3.0, 0.5, 0.0];
        for (i, e) in expected.iter().enumerate() {
            assert!(close(a.nodes[i].betweenness, *e), "node {i}: {}", a.nodes[i].betweenness);
        }
        assert_eq!(a.bridges.len(), 4);
        assert_eq!(a.nodes.iter().filter(|n| n.articulation).count(), 3);
    }

    #[test]
    fn components_isolates_and_weights() {
        // A triangle, a pair and one isolate; the triangle has no bridge.
        let a = analyse(6, &[(0, 1, 2.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 5.0)]);
        assert_eq!(a.components.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 2, 1]);
        assert_eq!(a.isolates, vec![5]);
        assert_eq!(a.bridges, HashSet::from([(3, 4)]));
        assert!(close(a.nodes[0].weighted_degree, 3.0));
        assert!(close(a.nodes[3].weighted_degree, 5.0));
        assert_eq!(a.nodes[0].community, a.nodes[1].community);
        assert_ne!(a.nodes[0].community, a.nodes[3].community);
        assert_eq!(a.nodes[5].community, None, "the isolate is in no community");
        assert_eq!(a.communities.len(), 2);
    }

    #[test]
    fn karate_club() {
        let a = analyse(34, &unweighted(&KARATE_CLUB));
        assert_eq!(KARATE_CLUB.len(), 78);
        // Published values (NetworkX betweenness_centrality, normalised).
        let published = [
            (0, 0.437_635_281_385_281_3),
            (33, 0.304_074_975_949_976),
            (32, 0.145_247_113_997_114),
            (2, 0.143_656_806_156_806_16),
            (31, 0.138_275_613_275_613_26),
        ];
        for (i, b) in published {
            assert!(close(a.nodes[i].betweenness, b), "node {i}: {}", a.nodes[i].betweenness);
        }
        assert_eq!(a.nodes[33].degree, 17);
        assert_eq!(a.nodes[0].degree, 16);
        assert_eq!(a.components.len(), 1);
        // Node 11 hangs on node 0 alone: the one bridge of the club.
        assert_eq!(a.bridges, HashSet::from([(0, 11)]));
        assert!(a.nodes[0].articulation);
        // Louvain finds the known structure: about four communities with modularity
        // near the best known 0.4198, and Mr Hi (0) and the officer (33) apart.
        assert!((3..=5).contains(&a.communities.len()), "{} communities", a.communities.len());
        assert!(a.modularity > 0.40 && a.modularity < 0.42, "modularity {}", a.modularity);
        assert_ne!(a.nodes[0].community, a.nodes[33].community);
    }

    #[test]
    fn empty_network() {
        let a = analyse(0, &[]);
        assert!(a.nodes.is_empty() && a.communities.is_empty());
        let b = analyse(3, &[]);
        assert_eq!(b.isolates, vec![0, 1, 2]);
        assert!(b.communities.is_empty(), "isolates are no communities");
        assert!(b.nodes.iter().all(|n| n.community.is_none()));
        assert!(close(b.modularity, 0.0));
    }
}

/// Where the time goes on a large network: `cargo test --release -p migraup-graph -- --ignored timing`.
#[cfg(test)]
mod timing {
    #[test]
    #[ignore = "a measurement, not a test"]
    fn timing() {
        use rand::{Rng, SeedableRng, rngs::StdRng};
        let n = 8000;
        let mut rng = StdRng::seed_from_u64(1);
        let mut seen = std::collections::HashSet::new();
        let mut edges = Vec::new();
        while edges.len() < 75_000 {
            let a = rng.random_range(0..n);
            let b = if rng.random_bool(0.5) { (a / 40 * 40 + rng.random_range(0..40)).min(n - 1) } else { rng.random_range(0..n) };
            if a != b && seen.insert((a.min(b), a.max(b))) {
                edges.push((a.min(b), a.max(b), 1.0));
            }
        }
        let t = std::time::Instant::now();
        let mut graph = rustworkx_core::petgraph::graph::UnGraph::<(), f64>::new_undirected();
        for _ in 0..n {
            graph.add_node(());
        }
        for &(a, b, w) in &edges {
            graph.add_edge(super::NodeIndex::new(a), super::NodeIndex::new(b), w);
        }
        let _ = rustworkx_core::centrality::betweenness_centrality(&graph, false, true, 50);
        eprintln!("rustworkx betweenness {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = crate::betweenness::betweenness(n, &edges);
        eprintln!("our betweenness {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let tied: Vec<_> = edges.iter().map(|&(a, b, w)| super::GEdge::<usize, ()>::with_weight(a, b, w)).collect();
        let g =
            super::GGraph::new_from_nodes_and_edges((0..n).map(super::GNode::from_name).collect(), tied, super::GraphSpecs::undirected())
                .unwrap();
        let _ = graphrs::algorithms::centrality::betweenness::betweenness_centrality(&g, false, true);
        eprintln!("graphrs betweenness {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let c = super::communities(&edges);
        eprintln!("louvain {:?} ({} communities)", t.elapsed(), c.len());
        let t = std::time::Instant::now();
        let _ = super::bridges(&graph);
        let _ = super::articulation_points(&graph, None);
        let _ = super::connected_components(&graph);
        eprintln!("components, bridges, articulation {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = crate::layout::layout(n, &edges, &vec![0; n]);
        eprintln!("layout {:?}", t.elapsed());
    }
}
