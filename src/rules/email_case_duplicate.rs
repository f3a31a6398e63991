//! `email-case-duplicate`: another user's email differs from this one only in letter case, in a
//! case-sensitive pool.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-case-duplicate",
    title: "Another user's email differs from this one only in letter case",
    explanation: "\
What: the pool is case sensitive (UsernameConfiguration.CaseSensitive is true, or absent as in \
pools created before February 2020) and another user has the same email address in other letter \
case (Alice@example.com and alice@example.com).

Why: mail servers treat the two as one mailbox, but a case-sensitive pool treats them as two \
users. The person signs up twice, receives codes for both, verifies one and signs in to the \
other; lookups by email find one of them depending on how the address was typed, and support \
sees an unverified account for a person whose email works.

Fix: decide which account the person uses, then merge or change the other: give it another \
address, or delete it after moving what it owns. New pools should be case insensitive \
(CaseSensitive false is set at creation and cannot be changed), and apps should lowercase \
addresses before sign-up.",
    docs:
        "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-case-sensitivity.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "An account with the given email already exists.",
        source: "AWS API reference, SignUp (UsernameExistsException); amplify-js issue reports",
        direct: true,
    }],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    let email = u.email.as_deref()?;
    if !s.pool.is_case_sensitive() || s.case_variants.is_empty() {
        return None;
    }
    let mut evidence = vec![match s.pool.case_sensitive {
        Some(true) => "the pool's UsernameConfiguration.CaseSensitive is true".to_owned(),
        _ => "the pool has no UsernameConfiguration: it is case sensitive (pools created before February 2020)".to_owned(),
    }];
    evidence.push(format!(
        "user {} has email {email}, {}",
        u.username,
        u.email_verified_evidence()
    ));
    for o in &s.case_variants {
        evidence.push(format!(
            "user {} has email {} ({}, status {})",
            o.username,
            o.email.as_deref().unwrap_or_default(),
            o.email_verified_evidence(),
            o.status
        ));
    }
    let fix = vec![
        FixStep::advice(
            "Decide which account the person uses; give the other another address or remove it once nothing depends on it",
        ),
        FixStep::run(
            "To change this user's address",
            Action::SetEmail {
                pool_id: s.pool.id.clone(),
                username: u.username.clone(),
            },
        ),
    ];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn fires_in_a_case_sensitive_pool_only() {
        let mut s = snapshot(user("alice", "Alice@Example.com", Some("true")));
        s.case_variants
            .push(user("alice2", "alice@example.com", Some("false")));
        let f = finding(&s, "email-case-duplicate");
        assert!(f.evidence.iter().any(|e| e.contains("alice2")));
        s.pool.case_sensitive = Some(false);
        assert!(!codes(&s).contains(&"email-case-duplicate"));
    }
}
