//! Runs every rule over a snapshot and builds the sorted report.

use crate::model::{Snapshot, Unavailable};
use crate::rules::{self, Finding, Scope};

fn run(s: &Snapshot, wanted: impl Fn(Scope) -> bool) -> Vec<Finding> {
    let mut out: Vec<Finding> = rules::ALL
        .iter()
        .filter(|r| wanted(r.scope))
        .filter_map(|r| (r.check)(s))
        .collect();
    crate::fix_guard::apply(s, &mut out);
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.code.cmp(b.code)));
    out
}

/// Every finding of a diagnosis, most severe first, then by code: a stable order. With a user,
/// every rule runs (pool rules weigh their severity by the user); without one (a pool-level
/// diagnosis) only the pool's rules.
pub fn findings(s: &Snapshot) -> Vec<Finding> {
    if s.has_user() {
        run(s, |_| true)
    } else {
        pool_findings(s)
    }
}

/// The findings about one user of an audit: pool-level findings are printed once instead.
pub fn user_findings(s: &Snapshot) -> Vec<Finding> {
    run(s, |scope| scope != Scope::Pool)
}

/// The pool-level findings: `diagnose` without a user, and the head of `audit`.
pub fn pool_findings(s: &Snapshot) -> Vec<Finding> {
    run(s, |scope| scope != Scope::User)
}

/// The diagnosis of one user: what `diagnose` prints.
#[derive(Debug, Clone)]
pub struct Report {
    pub user_pool_id: String,
    /// None for a pool-level diagnosis.
    pub username: Option<String>,
    pub user_status: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub findings: Vec<Finding>,
    pub unavailable: Vec<Unavailable>,
    /// The lookups by email the diagnosis made (see [`Snapshot::lookups`]).
    pub lookups: Vec<String>,
}

impl Report {
    pub fn new(s: &Snapshot) -> Self {
        Self {
            user_pool_id: s.pool.id.clone(),
            username: s.has_user().then(|| s.user.username.clone()),
            user_status: s.has_user().then(|| s.user.status.clone()),
            email: s.user.email.clone(),
            email_verified: s.has_user().then(|| s.user.email_verified()),
            findings: findings(s),
            unavailable: s.unavailable.clone(),
            lookups: s.lookups.clone(),
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
    fn pool_level_diagnosis_runs_only_pool_rules_and_names_no_user() {
        let mut s = pool_snapshot();
        s.pool.auto_verified_attributes.clear();
        let r = Report::new(&s);
        assert_eq!(r.username, None);
        assert_eq!(r.email_verified, None);
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"verification-not-configured"), "{codes:?}");
        assert!(codes
            .iter()
            .all(|c| crate::rules::find(c).is_some_and(|r| r.scope != crate::rules::Scope::User)));
    }

    #[test]
    fn an_audit_user_gets_no_pool_only_findings() {
        let mut s = snapshot(user("alice", "a@example.com", Some("true")));
        s.clients.push(client("web", Some(&["email"])));
        assert_eq!(findings(&s).len(), 1);
        assert!(user_findings(&s).is_empty());
    }

    #[test]
    fn healthy_user_has_no_findings() {
        let mut s = snapshot(user("alice", "a@example.com", Some("true")));
        s.pool.email_sending_account = Some("DEVELOPER".into());
        let r = Report::new(&s);
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
