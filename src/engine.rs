//! Runs every rule over a snapshot and builds the sorted report.

use crate::model::{Snapshot, Unavailable};
use crate::rules::{self, Finding};

/// All findings for the snapshot's user, most severe first, then by code: a stable order.
pub fn findings(s: &Snapshot) -> Vec<Finding> {
    let mut out: Vec<Finding> = rules::ALL.iter().filter_map(|r| (r.check)(s)).collect();
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.code.cmp(b.code)));
    out
}

/// The diagnosis of one user: what `diagnose` prints.
#[derive(Debug, Clone)]
pub struct Report {
    pub user_pool_id: String,
    pub username: String,
    pub user_status: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub findings: Vec<Finding>,
    pub unavailable: Vec<Unavailable>,
}

impl Report {
    pub fn new(s: &Snapshot) -> Self {
        Self {
            user_pool_id: s.pool.id.clone(),
            username: s.user.username.clone(),
            user_status: s.user.status.clone(),
            email: s.user.email.clone(),
            email_verified: s.user.email_verified(),
            findings: findings(s),
            unavailable: s.unavailable.clone(),
        }
    }

    /// True when a finding of severity error or warning is present (exit code 1).
    pub fn fails(&self) -> bool {
        self.findings.iter().any(|f| f.severity.fails())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    #[test]
    fn healthy_user_has_no_findings() {
        let r = Report::new(&snapshot(user("alice", "a@example.com", Some("true"))));
        assert!(r.findings.is_empty());
        assert!(!r.fails());
    }

    #[test]
    fn findings_sorted_by_severity_then_code() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.pool.auto_verified_attributes.clear();
        let r = Report::new(&s);
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            ["email-changed-unverified", "verification-not-configured"]
        );
        assert!(r.fails());
    }
}
