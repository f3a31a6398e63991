//! Commands over many scopes (account and region pairs, `aws::scope`): `locate` finds a user in
//! any pool, and `audit --all-pools` audits every pool. Each scope is paced by its own quota and
//! read at the same time as the others, at most `--max-scopes` at once, so a fleet costs about
//! what its largest account costs; a scope item that fails is a gap, never a stop.

pub mod audit;
pub mod locate;

use crate::aws::scope::{Resolved, Scope};

/// Pools of one scope searched at once: they share the scope's pacer, so this only hides each
/// call's latency.
pub const POOLS_AT_ONCE: usize = 8;

/// How much was searched, for the sentence when nothing was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub pools: usize,
    pub regions: usize,
    pub accounts: usize,
    /// Scope items (and pools) that could not be searched.
    pub gaps: usize,
}

impl Reach {
    /// `3 pools in 2 regions and 1 account`.
    pub fn sentence(&self) -> String {
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        format!(
            "{} in {} and {}",
            n(self.pools, "pool", "pools"),
            n(self.regions, "region", "regions"),
            n(self.accounts, "account", "accounts")
        )
    }

    /// What the scopes themselves reached, before any pool was read.
    pub fn of(resolved: &Resolved) -> Reach {
        Reach {
            pools: 0,
            regions: resolved.regions(),
            accounts: resolved.accounts(),
            gaps: resolved.gaps.len(),
        }
    }
}

/// The label of a pool in a scope, for a gap.
pub fn pool_label(scope: &Scope, pool_id: &str) -> String {
    format!("{} in {}: {pool_id}", scope.label, scope.region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reach_is_a_sentence() {
        let r = Reach {
            pools: 1,
            regions: 3,
            accounts: 2,
            gaps: 0,
        };
        assert_eq!(r.sentence(), "1 pool in 3 regions and 2 accounts");
    }
}
