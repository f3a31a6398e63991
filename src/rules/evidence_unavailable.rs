//! `evidence-unavailable`: a read that could explain the finding (or its absence) failed, so the
//! diagnosis is incomplete.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::{EmailSource, Snapshot};

/// Reads whose failure hides a pool-level cause for every user.
pub const RULE: Rule = Rule {
    code: "evidence-unavailable",
    title: "A read that could explain the unverified email failed: the diagnosis is incomplete",
    explanation: "\
What: a read the diagnosis needs failed (listed under \"unavailable\" with the service's error): \
for example DescribeIdentityProvider for a federated user's provider, ListUsers for users with \
the same email in an alias pool, or DescribeUserPoolClient for the app clients.

Why: without that read, a cause cannot be ruled in or out: a provider that does not map \
email_verified, another user holding the alias, an app client that cannot read the value. The tool \
never calls such a user healthy.

Fix: grant the read named (cognito-idp:DescribeIdentityProvider, ListIdentityProviders, \
ListUsers, ListUserPoolClients or DescribeUserPoolClient; past Cognito ses:GetEmailIdentity, \
ses:GetEmailIdentityPolicies, lambda:GetFunctionConfiguration or lambda:GetPolicy) to the \
credentials used, or run with a profile that has it, and diagnose again.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/security-iam.html",
    scope: Scope::Both,
    symptoms: &[Symptom {
        text: "AccessDeniedException",
        source: "AWS API reference, common errors (a read denied by IAM)",
        direct: true,
    }],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    if s.unavailable.is_empty() {
        return None;
    }
    let mut evidence = Vec::new();
    if s.has_user() {
        let u = &s.user;
        let unknown = match s.email_source() {
            EmailSource::Unknown(names) => Some(names),
            _ => None,
        };
        // For an unverified email only (SPEC): a verified user whose optional read failed is
        // healthy, the failed read listed under `unavailable`.
        if u.email_verified() {
            return None;
        }
        evidence.push(format!(
            "for user {}, {}",
            u.username,
            u.email_verified_evidence()
        ));
        if let Some(names) = unknown {
            evidence.push(format!(
                "the user is federated through {}, whose attribute mapping could not be read: whether sign-ins rewrite email_verified is unknown",
                names.join(", ")
            ));
        }
    }
    for g in &s.unavailable {
        evidence.push(format!("{} failed: {}", g.operation, g.error));
    }
    let mut ops: Vec<&str> = s.unavailable.iter().map(|g| g.operation.as_str()).collect();
    ops.sort_unstable();
    ops.dedup();
    let fix = vec![FixStep::advice(format!(
        "Grant {} to these credentials (or use a profile that has it) and diagnose again",
        ops.iter()
            .map(|o| permission(o))
            .collect::<Vec<_>>()
            .join(", ")
    ))];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

/// The IAM action of a read named under `unavailable`: Cognito's by their bare names, the reads
/// past Cognito by their service's (`sesv2:GetEmailIdentity` is `ses:GetEmailIdentity`).
fn permission(operation: &str) -> String {
    match operation.split_once(':') {
        Some(("sesv2", op)) => format!("ses:{op}"),
        Some((service, op)) => format!("{service}:{op}"),
        None => format!("cognito-idp:{operation}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Unavailable;
    use crate::rules::test_support::*;

    fn denied(op: &str) -> Unavailable {
        Unavailable {
            operation: op.into(),
            error: format!("AccessDeniedException: not authorized to perform cognito-idp:{op}"),
            provider: None,
        }
    }

    #[test]
    fn a_federated_user_whose_provider_could_not_be_read_is_never_healthy() {
        let mut u = user("Facebook_1", "f@example.com", Some("false"));
        federate(&mut u, "Facebook", "Facebook");
        let mut s = snapshot(u);
        s.unavailable.push(denied("DescribeIdentityProvider"));
        assert_eq!(codes(&s), ["evidence-unavailable"]);
        let f = finding(&s, "evidence-unavailable");
        assert!(f.evidence.iter().any(|e| e.contains("Facebook")));
        assert!(crate::engine::Report::new(&s).fails());
    }

    #[test]
    fn a_verified_user_is_healthy_whatever_optional_read_failed() {
        let mut s = snapshot(user("alice", "a@example.com", Some("true")));
        s.unavailable.push(denied("ListUsers"));
        assert!(codes(&s).is_empty());
        s.unavailable.push(denied("DescribeUserPoolClient"));
        assert!(codes(&s).is_empty());
        assert!(!crate::engine::Report::new(&s).fails());
        // The same reads for an unverified email: the diagnosis is incomplete.
        s.user.email_verified_raw = Some("false".into());
        assert!(codes(&s).contains(&"evidence-unavailable"));
    }

    #[test]
    fn the_permission_to_grant_is_named_in_its_own_service() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.unavailable.push(denied("sesv2:GetEmailIdentity"));
        s.unavailable.push(denied("lambda:GetPolicy"));
        s.unavailable.push(denied("ListUsers"));
        let f = finding(&s, "evidence-unavailable");
        assert_eq!(
            f.fix[0].description,
            "Grant cognito-idp:ListUsers, lambda:GetPolicy, ses:GetEmailIdentity to these credentials (or use a profile that has it) and diagnose again"
        );
    }

    #[test]
    fn pool_level_gaps_are_reported_without_a_user() {
        let mut s = pool_snapshot();
        s.unavailable.push(denied("ListUserPoolClients"));
        assert!(codes(&s).contains(&"evidence-unavailable"));
    }
}
