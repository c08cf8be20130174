//! Where to draw each organisation: a force-directed layout (Fruchterman–Reingold)
//! computed once on the server, so the browser only draws. Deterministic: nodes
//! start on a circle grouped by community, there is no randomness. No Rust crate
//! with a compatible licence does this on plain edge lists, and it is presentation,
//! not a metric.

/// Positions in 0..1 for `n` nodes tied by `edges`, starting grouped by `community`.
pub fn layout(n: usize, edges: &[(usize, usize, f64)], community: &[usize]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.5, 0.5)];
    }
    // Start on a circle, members of a community next to each other.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (community.get(i).copied().unwrap_or(0), i));
    let mut pos = vec![(0.0f64, 0.0f64); n];
    for (k, &i) in order.iter().enumerate() {
        let a = std::f64::consts::TAU * k as f64 / n as f64;
        pos[i] = (a.cos(), a.sin());
    }
    let area = 4.0;
    let k = (area / n as f64).sqrt();
    // O(n²) per step: fewer steps for big networks keeps the work near 10⁸ pairs.
    let steps = (100_000_000 / (n * n)).clamp(8, 120);
    let mut temperature = 0.2;
    let cooling = temperature / steps as f64;
    let mut shift = vec![(0.0f64, 0.0f64); n];
    for _ in 0..steps {
        shift.iter_mut().for_each(|s| *s = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / d2;
                shift[i].0 += dx * f;
                shift[i].1 += dy * f;
                shift[j].0 -= dx * f;
                shift[j].1 -= dy * f;
            }
        }
        for &(a, b, w) in edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-9);
            let f = d * w.min(4.0) / k;
            shift[a].0 -= dx * f;
            shift[a].1 -= dy * f;
            shift[b].0 += dx * f;
            shift[b].1 += dy * f;
        }
        for (p, s) in pos.iter_mut().zip(&shift) {
            let len = (s.0 * s.0 + s.1 * s.1).sqrt().max(1e-9);
            let step = len.min(temperature);
            p.0 += s.0 / len * step;
            p.1 += s.1 / len * step;
            // Gravity keeps isolates and small parts from drifting off.
            p.0 *= 0.99;
            p.1 *= 0.99;
        }
        temperature = (temperature - cooling).max(0.002);
    }
    // Fit into 0..1 with a margin.
    let (min_x, max_x) = pos.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    let (min_y, max_y) = pos.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let span = (max_x - min_x).max(max_y - min_y).max(1e-9);
    pos.into_iter().map(|(x, y)| (0.05 + 0.9 * (x - min_x) / span, 0.05 + 0.9 * (y - min_y) / span)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tied_nodes_end_closer_than_untied_ones() {
        // Two triangles joined by nothing: within a triangle nodes sit closer.
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0)];
        let p = layout(6, &edges, &[0, 0, 0, 1, 1, 1]);
        let d = |a: usize, b: usize| ((p[a].0 - p[b].0).powi(2) + (p[a].1 - p[b].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 4), "{} vs {}", d(0, 1), d(0, 4));
        assert!(p.iter().all(|(x, y)| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y)));
        assert_eq!(layout(6, &edges, &[0, 0, 0, 1, 1, 1]), p, "the same network gives the same picture");
    }
}
