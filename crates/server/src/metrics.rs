//! `/metrics` in Prometheus' text format: GraphQL requests and their latency per
//! operation name and outcome, and, read when scraped, the database pool, the mail
//! outbox and the computation caches. In production it answers only with the
//! configured bearer token (`MIGRAUP_METRICS_TOKEN`).

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

use migraup_core::Core;

/// Operation names are chosen by clients: only names of operations that ran are given
/// here (`graphql::run`; a request that never ran counts as `anonymous`), and beyond
/// this many distinct ones, new names are counted as `other`, so nobody can grow the
/// server's memory with made-up names.
const MAX_OPERATION_NAMES: usize = 100;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    cache: String,
}

type Latencies = Family<OperationLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms … about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The server's metrics; cheap to clone.
#[derive(Clone)]
pub(crate) struct Metrics {
    registry: Arc<Registry>,
    requests: Family<OperationLabels, Counter>,
    latency: Latencies,
    names: Arc<Mutex<HashSet<String>>>,
    pool_connections: Gauge,
    pool_idle: Gauge,
    outbox_queued: Gauge,
    outbox_failed: Gauge,
    statements: Gauge,
    cache_hits: Family<CacheLabels, Gauge>,
    cache_misses: Family<CacheLabels, Gauge>,
    backup_success: Gauge,
    backup_failure: Gauge,
    backup_bytes: Gauge,
    /// Production serves the metrics only with this bearer token.
    production: bool,
    token: Option<String>,
}

impl Metrics {
    pub(crate) fn new(production: bool, token: Option<String>) -> Self {
        let mut registry = Registry::with_prefix("migraup");
        let requests = Family::<OperationLabels, Counter>::default();
        let latency: Latencies = Family::new_with_constructor(latency_histogram);
        let pool_connections = Gauge::default();
        let pool_idle = Gauge::default();
        let outbox_queued = Gauge::default();
        let outbox_failed = Gauge::default();
        let statements = Gauge::default();
        let cache_hits = Family::<CacheLabels, Gauge>::default();
        let cache_misses = Family::<CacheLabels, Gauge>::default();
        let backup_success = Gauge::default();
        let backup_failure = Gauge::default();
        let backup_bytes = Gauge::default();
        registry.register("graphql_requests", "GraphQL requests by operation name and outcome (ok or the error code)", requests.clone());
        registry.register("graphql_request_duration_seconds", "Time to answer a GraphQL request", latency.clone());
        registry.register("db_pool_connections", "Open database connections", pool_connections.clone());
        registry.register("db_pool_idle_connections", "Idle database connections", pool_idle.clone());
        registry.register("db_statements", "SQL statements sent since start", statements.clone());
        registry.register("mail_outbox_queued", "E-mails waiting to be sent", outbox_queued.clone());
        registry.register("mail_outbox_failed", "E-mails given up after every attempt", outbox_failed.clone());
        registry.register("cache_hits", "Answers from a computation cache since start", cache_hits.clone());
        registry.register("cache_misses", "Computations a cache had to run since start", cache_misses.clone());
        registry.register(
            "backup_last_success_timestamp_seconds",
            "When the newest written backup started (0: none yet); alert when older than a day",
            backup_success.clone(),
        );
        registry.register(
            "backup_last_failure_timestamp_seconds",
            "When the newest failed backup started (0: none failed among the recent ones)",
            backup_failure.clone(),
        );
        registry.register("backup_last_size_bytes", "Size of the newest written backup", backup_bytes.clone());
        Metrics {
            registry: Arc::new(registry),
            requests,
            latency,
            names: Arc::default(),
            pool_connections,
            pool_idle,
            outbox_queued,
            outbox_failed,
            statements,
            cache_hits,
            cache_misses,
            backup_success,
            backup_failure,
            backup_bytes,
            production,
            token,
        }
    }

    /// Counts one GraphQL request.
    pub(crate) fn observe(&self, operation: Option<&str>, outcome: &str, elapsed: Duration) {
        let operation = self.bounded_name(operation);
        let labels = OperationLabels { operation, outcome: outcome.to_owned() };
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(elapsed.as_secs_f64());
    }

    fn bounded_name(&self, operation: Option<&str>) -> String {
        let Some(name) = operation.filter(|n| !n.is_empty() && n.len() <= 64) else {
            return if operation.is_none() { "anonymous".into() } else { "other".into() };
        };
        let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        if names.contains(name) || (names.len() < MAX_OPERATION_NAMES && names.insert(name.to_owned())) {
            name.to_owned()
        } else {
            "other".into()
        }
    }
}

/// The metrics, after reading the figures that are not counted as they happen.
pub(crate) async fn scrape(State(metrics): State<Metrics>, State(core): State<Core>, headers: HeaderMap) -> Response {
    if metrics.production {
        let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        let allowed = match (&metrics.token, given) {
            (Some(expected), Some(given)) => constant_time_eq(expected.as_bytes(), given.as_bytes()),
            _ => false,
        };
        if !allowed {
            return StatusCode::NOT_FOUND.into_response();
        }
    }
    match core.operating_figures().await {
        Ok(f) => {
            metrics.pool_connections.set(i64::from(f.pool_size));
            metrics.pool_idle.set(f.pool_idle as i64);
            metrics.outbox_queued.set(f.outbox_queued as i64);
            metrics.outbox_failed.set(f.outbox_failed as i64);
            metrics.statements.set(f.statements as i64);
            metrics.backup_success.set(f.backup_last_success.unwrap_or(0));
            metrics.backup_failure.set(f.backup_last_failure.unwrap_or(0));
            metrics.backup_bytes.set(f.backup_last_bytes.unwrap_or(0));
            for (cache, hits, misses) in f.caches {
                metrics.cache_hits.get_or_create(&CacheLabels { cache: cache.into() }).set(hits as i64);
                metrics.cache_misses.get_or_create(&CacheLabels { cache: cache.into() }).set(misses as i64);
            }
        }
        // The database is down: the counters are still worth reading.
        Err(e) => tracing::warn!(error = %e, "metrics: reading the database figures failed"),
    }
    let mut body = String::new();
    if prometheus_client::encoding::text::encode(&mut body, &metrics.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body).into_response()
}

/// Compares without revealing where two tokens differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_operation_names_cannot_grow_the_metrics() {
        let metrics = Metrics::new(false, None);
        for i in 0..1_000 {
            metrics.observe(Some(&format!("Op{i}")), "ok", Duration::from_millis(1));
        }
        metrics.observe(Some(&"x".repeat(500)), "ok", Duration::from_millis(1));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &metrics.registry).unwrap();
        let series = text.lines().filter(|l| l.starts_with("migraup_graphql_requests_total{")).count();
        assert_eq!(series, MAX_OPERATION_NAMES + 1, "100 names and `other`");
        assert!(text.contains("operation=\"other\""));
    }
}
