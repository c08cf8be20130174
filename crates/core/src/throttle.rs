//! Throttling failed sign-ins: at most 5 failures a minute per client address and 10
//! an hour per account. Only failures count, so people who sign in often are never
//! locked out. Kept in memory: with several instances each one throttles on its own.

use std::{
    collections::{HashMap, VecDeque},
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

const PER_ADDRESS: (usize, Duration) = (5, Duration::from_secs(60));
const PER_ACCOUNT: (usize, Duration) = (10, Duration::from_secs(3600));

/// Sliding windows of recent failures.
#[derive(Default)]
pub struct LoginThrottle {
    addresses: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
    accounts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

fn prune(window: &mut VecDeque<Instant>, span: Duration, now: Instant) {
    while window.front().is_some_and(|t| now.duration_since(*t) >= span) {
        window.pop_front();
    }
}

fn full<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, VecDeque<Instant>>>, key: &K, (limit, span): (usize, Duration)) -> bool {
    let now = Instant::now();
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    match map.get_mut(key) {
        Some(window) => {
            prune(window, span, now);
            window.len() >= limit
        }
        None => false,
    }
}

fn record<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, VecDeque<Instant>>>, key: K, span: Duration) {
    let now = Instant::now();
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    // Drop idle keys now and then so the map cannot grow without bound.
    if map.len() > 10_000 {
        map.retain(|_, w| w.back().is_some_and(|t| now.duration_since(*t) < span));
    }
    map.entry(key).or_default().push_back(now);
}

impl LoginThrottle {
    /// Whether this address or account has failed too often lately.
    pub fn is_blocked(&self, address: Option<IpAddr>, account: &str) -> bool {
        address.is_some_and(|a| full(&self.addresses, &a, PER_ADDRESS)) || full(&self.accounts, &account.to_owned(), PER_ACCOUNT)
    }

    /// Notes a failed attempt.
    pub fn record_failure(&self, address: Option<IpAddr>, account: &str) {
        if let Some(a) = address {
            record(&self.addresses, a, PER_ADDRESS.1);
        }
        record(&self.accounts, account.to_owned(), PER_ACCOUNT.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_from_one_address_block_it() {
        let t = LoginThrottle::default();
        let addr: IpAddr = "192.0.2.1".parse().unwrap();
        for i in 0..5 {
            assert!(!t.is_blocked(Some(addr), &format!("user{i}@example.org")));
            t.record_failure(Some(addr), &format!("user{i}@example.org"));
        }
        assert!(t.is_blocked(Some(addr), "other@example.org"));
        assert!(!t.is_blocked(Some("192.0.2.2".parse().unwrap()), "other@example.org"));
    }

    #[test]
    fn ten_failures_on_one_account_block_it_from_everywhere() {
        let t = LoginThrottle::default();
        for i in 0..10u8 {
            t.record_failure(Some(IpAddr::from([192, 0, 2, i])), "a@example.org");
        }
        assert!(t.is_blocked(Some("198.51.100.7".parse().unwrap()), "a@example.org"));
        assert!(!t.is_blocked(Some("198.51.100.7".parse().unwrap()), "b@example.org"));
    }
}
