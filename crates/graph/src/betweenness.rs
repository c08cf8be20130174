//! Betweenness centrality by Brandes' algorithm (2001) on an adjacency array, ties
//! unweighted, normalised as NetworkX does. Our own, because the libraries took too
//! long at district scale: on the 8,000-organisation synthetic network (75,000 ties,
//! this 2-core machine) `rustworkx-core` needed 15.4 s and `graphrs` 9.1 s; a
//! breadth-first search per source over flat arrays, the sources shared among the
//! cores, needs 5.0 s exactly, and above 3,000 nodes the estimate from 2,000 sources
//! a quarter of that (see `docs/performance.md`). A test holds it equal to
//! `rustworkx-core` on random graphs.

/// Up to this many nodes betweenness is exact; above, it is estimated from
/// [`PIVOTS`] sources spread evenly over the nodes (Brandes and Pich 2007, NetworkX's
/// `k`): the work stays near that of the exact count at this size.
pub const EXACT_UP_TO: usize = 3_000;
/// The sources of an estimate.
pub const PIVOTS: usize = 2_000;

/// Normalised betweenness of each of `n` nodes: the share of shortest paths between
/// two other nodes through it, divided by (n−1)(n−2)/2; exact up to [`EXACT_UP_TO`]
/// nodes, estimated above.
pub fn betweenness(n: usize, edges: &[(usize, usize, f64)]) -> Vec<f64> {
    betweenness_from(n, edges, if n <= EXACT_UP_TO { n } else { PIVOTS })
}

/// Betweenness from `pivots` sources (all `n`: exact), scaled up by `n / pivots`.
fn betweenness_from(n: usize, edges: &[(usize, usize, f64)], pivots: usize) -> Vec<f64> {
    if n < 3 {
        return vec![0.0; n];
    }
    let pivots = pivots.clamp(1, n);
    // Evenly spread and fixed, so the same network always gives the same figures.
    let sources: Vec<usize> = (0..pivots).map(|j| j * n / pivots).collect();
    // Compressed adjacency: the neighbours of v are `adjacent[start[v]..start[v + 1]]`.
    let mut start = vec![0usize; n + 1];
    for &(a, b, _) in edges {
        start[a + 1] += 1;
        start[b + 1] += 1;
    }
    for v in 0..n {
        start[v + 1] += start[v];
    }
    let mut filled = start.clone();
    let mut adjacent = vec![0u32; start[n]];
    for &(a, b, _) in edges {
        adjacent[filled[a]] = b as u32;
        filled[a] += 1;
        adjacent[filled[b]] = a as u32;
        filled[b] += 1;
    }
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, 8).min(pivots);
    let (start, adjacent, sources) = (&start, &adjacent, &sources);
    let mut total = vec![0.0f64; n];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut search = Search::new(n);
                    let mut sum = vec![0.0f64; n];
                    for &source in sources.iter().skip(t).step_by(threads) {
                        search.from(source, start, adjacent, &mut sum);
                    }
                    sum
                })
            })
            .collect();
        for worker in workers {
            let sum = worker.join().expect("a betweenness worker");
            for (t, s) in total.iter_mut().zip(sum) {
                *t += s;
            }
        }
    });
    // Every pair was counted from both ends: halve, then divide by the pairs; an
    // estimate counted `pivots` of the `n` sources.
    let scale = n as f64 / pivots as f64 / ((n - 1) as f64 * (n - 2) as f64);
    total.into_iter().map(|b| b * scale).collect()
}

/// The arrays of one breadth-first search, reused for every source of a worker.
struct Search {
    distance: Vec<i32>,
    paths: Vec<f64>,
    dependency: Vec<f64>,
    order: Vec<u32>,
}

impl Search {
    fn new(n: usize) -> Search {
        Search { distance: vec![-1; n], paths: vec![0.0; n], dependency: vec![0.0; n], order: Vec::with_capacity(n) }
    }

    /// Adds the dependencies of `source` on every other node to `sum`.
    fn from(&mut self, source: usize, start: &[usize], adjacent: &[u32], sum: &mut [f64]) {
        let Search { distance, paths, dependency, order } = self;
        order.clear();
        distance[source] = 0;
        paths[source] = 1.0;
        order.push(source as u32);
        // The order doubles as the queue: nodes in the order they were reached.
        let mut next = 0;
        while next < order.len() {
            let v = order[next] as usize;
            next += 1;
            for &w in &adjacent[start[v]..start[v + 1]] {
                let w = w as usize;
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    order.push(w as u32);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                }
            }
        }
        for &w in order.iter().rev() {
            let w = w as usize;
            let share = (1.0 + dependency[w]) / paths[w];
            for &v in &adjacent[start[w]..start[w + 1]] {
                let v = v as usize;
                if distance[v] == distance[w] - 1 {
                    dependency[v] += paths[v] * share;
                }
            }
            if w != source {
                sum[w] += dependency[w];
            }
        }
        // Only what this search touched is reset.
        for &v in order.iter() {
            let v = v as usize;
            distance[v] = -1;
            paths[v] = 0.0;
            dependency[v] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng, rngs::StdRng};
    use rustworkx_core::{
        centrality::betweenness_centrality,
        petgraph::graph::{NodeIndex, UnGraph},
    };

    use super::*;

    #[test]
    fn equal_to_rustworkx_on_random_graphs() {
        let mut rng = StdRng::seed_from_u64(7);
        for (n, m) in [(3, 2), (40, 60), (300, 900), (500, 400)] {
            let mut seen = std::collections::HashSet::new();
            let mut edges = Vec::new();
            while edges.len() < m {
                let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
                if a != b && seen.insert((a.min(b), a.max(b))) {
                    edges.push((a.min(b), a.max(b), 1.0 + rng.random_range(0..3) as f64));
                }
            }
            let mut graph = UnGraph::<(), f64>::with_capacity(n, m);
            for _ in 0..n {
                graph.add_node(());
            }
            for &(a, b, w) in &edges {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), w);
            }
            let expected = betweenness_centrality(&graph, false, true, 50);
            let ours = betweenness(n, &edges);
            for (i, (e, o)) in expected.iter().zip(&ours).enumerate() {
                assert!((e.unwrap_or(0.0) - o).abs() < 1e-9, "n={n} node {i}: {e:?} vs {o}");
            }
            if n == 300 {
                // From a third of the sources: close to the exact figures, the same
                // most central node.
                let estimate = betweenness_from(n, &edges, 100);
                let error = estimate.iter().zip(&ours).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                let top = |v: &[f64]| (0..n).max_by(|a, b| v[*a].total_cmp(&v[*b])).unwrap();
                assert!(error < 0.01, "largest error {error}");
                assert_eq!(top(&estimate), top(&ours));
            }
        }
    }
}
