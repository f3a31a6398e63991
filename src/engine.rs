//! Runs every rule over a snapshot and builds the sorted report.

use std::borrow::Cow;

use crate::model::{Snapshot, Unavailable};
use crate::rules::{self, Finding, Scope};

/// The snapshot with each logged delivery error pointed at the code its words name
/// ([`crate::symptoms`]): the delivery rule quotes the error with that cause. The rules stay pure
/// over facts; the matching over every rule's declared messages is done here, above them.
fn with_pointers(s: &Snapshot) -> Cow<'_, Snapshot> {
    let Some(log) = &s.delivery_log else {
        return Cow::Borrowed(s);
    };
    if log.events.iter().all(|e| e.points_to.is_some()) {
        return Cow::Borrowed(s);
    }
    let mut owned = s.clone();
    for e in owned
        .delivery_log
        .iter_mut()
        .flat_map(|l| l.events.iter_mut())
    {
        e.points_to = crate::symptoms::matches(&e.details)
            .into_iter()
            .map(|m| m.code)
            .find(|c| *c != rules::delivery_error_logged::RULE.code);
    }
    Cow::Owned(owned)
}

fn run(s: &Snapshot, wanted: impl Fn(Scope) -> bool) -> Vec<Finding> {
    let s = &*with_pointers(s);
    let mut out: Vec<Finding> = rules::ALL
        .iter()
        .filter(|r| wanted(r.scope))
        .filter_map(|r| (r.check)(s))
        .collect();
    crate::fix_guard::apply(s, &mut out);
    out.sort_by_key(|f| (f.severity, rules::stage_of(f.code), f.code));
    out
}

/// Every finding of a diagnosis, most severe first, then by stage (a cause before the state it
/// leaves, [`rules::Stage`]), then by code: a stable order. With a user,
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
    /// The user's CloudTrail history, when it was read (see [`Snapshot::history`]).
    pub history: Option<crate::model::History>,
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
            history: s.history.clone(),
        }
    }

    /// True when a finding of severity error or warning is present (exit code 1).
    pub fn fails(&self) -> bool {
        self.findings.iter().any(|f| f.severity.fails())
    }

    /// The verdict: the first cause (the first finding of severity error or warning, in the
    /// report's order), the failing findings that can follow from it, and those beside it.
    /// None when nothing fails.
    pub fn verdict(&self) -> Option<Verdict<'_>> {
        let mut failing = self.findings.iter().filter(|f| f.severity.fails());
        let first = failing.next()?;
        let cause = rules::stage_of(first.code);
        let (following, beside) =
            failing.partition(|f| rules::stage_of(f.code).follows_from(cause));
        Some(Verdict {
            first,
            following,
            beside,
        })
    }
}

/// The first cause of a failing diagnosis and how the other failing findings relate to it.
#[derive(Debug)]
pub struct Verdict<'a> {
    pub first: &'a Finding,
    /// Later in the path than the first cause, and of a kind it can lead to (the email's state
    /// and what that leads to).
    pub following: Vec<&'a Finding>,
    /// Independent of it, as far as the stages tell.
    pub beside: Vec<&'a Finding>,
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
    fn findings_sorted_by_severity_first() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.pool.auto_verified_attributes.clear();
        let r = Report::new(&s);
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        // An error before a warning, whatever their stages.
        assert_eq!(
            codes,
            ["email-changed-unverified", "verification-not-configured"]
        );
        assert!(r.fails());
        let v = r.verdict().unwrap();
        assert_eq!(v.first.code, "email-changed-unverified");
        assert_eq!(
            v.beside.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["verification-not-configured"]
        );
    }

    /// In the SES sandbox, the code never reaches an address that is not a verified identity:
    /// that is the first cause, and the unverified email follows from it. Both are errors: the
    /// stage orders them, though the codes sort the other way.
    #[test]
    fn within_a_severity_the_stage_orders_the_sandbox_before_the_email_it_leaves_unverified() {
        let mut s = with_account(
            snapshot(user("alice", "a@example.com", Some("false"))),
            crate::model::SesAccount {
                production_access: Some(false),
                sending_enabled: Some(true),
                enforcement_status: Some("HEALTHY".into()),
                quota: Some((200.0, 0.0)),
            },
        );
        s.recipient.verified_identity = Some(false);
        let r = Report::new(&s);
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["ses-sandbox", "email-changed-unverified"]);
        let v = r.verdict().unwrap();
        assert_eq!(v.first.code, "ses-sandbox");
        assert_eq!(v.following.len(), 1);
    }

    /// A cause that does not lead to the first one's state stands beside it; info findings are
    /// no cause at all.
    #[test]
    fn unrelated_failing_findings_stand_beside_the_first_cause() {
        let mut u = user("alice", "a@example.com", Some("false"));
        u.enabled = Some(false);
        let mut s = snapshot(u);
        s.pool.auto_verified_attributes.clear();
        let r = Report::new(&s);
        let v = r.verdict().unwrap();
        assert_eq!(v.first.code, "user-disabled");
        let beside: Vec<_> = v.beside.iter().map(|f| f.code).collect();
        assert_eq!(
            beside,
            ["email-changed-unverified", "verification-not-configured"]
        );
        assert!(v.following.is_empty());

        let mut info_only = snapshot(user("bob", "b@example.com", Some("true")));
        info_only.pool.email_sending_account = Some("COGNITO_DEFAULT".into());
        let r = Report::new(&info_only);
        assert!(
            !r.findings.is_empty() && r.verdict().is_none(),
            "{:?}",
            r.findings
        );
    }
}
