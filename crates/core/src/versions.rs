//! Optimistic locking's arithmetic. A version comes from the client; one that cannot
//! exist (`i32::MAX`, say) must end as `CONFLICT`, never as an overflow panic or a
//! silent wrap, so the next version saturates and the claim simply finds no row.

/// The version after `v`.
pub(crate) fn next(v: i32) -> i32 {
    v.saturating_add(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_largest_version_does_not_overflow() {
        assert_eq!(super::next(1), 2);
        assert_eq!(super::next(i32::MAX), i32::MAX);
    }
}
