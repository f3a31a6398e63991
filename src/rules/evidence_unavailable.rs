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

Fix: as the failure was. A read that was denied (kind denied): grant the permission named \
(cognito-idp:DescribeIdentityProvider, ListUsers, ...; past Cognito ses:GetEmailIdentity, \
lambda:GetPolicy, ...) to the credentials used, or run with a profile that has it. A read the \
endpoint does not serve (not-served: an emulator, a proxy, a wrong URL answering 404 or a page \
that is not the service's JSON): point that service's endpoint variable \
(AWS_ENDPOINT_URL_SESV2, ...) at one that serves it. A service that could not be reached, or \
still throttled: check the network, or run again later. An answer that lacked a field a verdict \
needs (\"the answer had no Enabled\"): that verdict is not given; run again, and check the \
endpoint if it persists.",
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
    // The history is evidence for its own findings only (SPEC: denied or empty history changes
    // no other verdict): its gaps are listed under `unavailable`, never weighed here.
    let gaps: Vec<crate::model::Unavailable> = s
        .unavailable
        .iter()
        .filter(|g| g.service != crate::model::Service::CloudTrail)
        .cloned()
        .collect();
    if gaps.is_empty() {
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
    for g in &gaps {
        evidence.push(format!("{} {}: {}", g.operation, g.kind.as_str(), g.error));
    }
    Some(RULE.finding(Severity::Warning, evidence, fix_by_kind(&gaps)))
}

/// One step for each kind of failure, each with its own advice: a permission is asked for only
/// where a read was denied.
fn fix_by_kind(gaps: &[crate::model::Unavailable]) -> Vec<FixStep> {
    use crate::model::FailureKind;
    let of = |kind: FailureKind| gaps.iter().filter(move |g| g.kind == kind);
    let sorted = |mut v: Vec<String>| {
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut fix = Vec::new();
    let perms = sorted(
        of(FailureKind::Denied)
            .map(|g| g.permission.clone().unwrap_or_else(|| g.operation.clone()))
            .collect(),
    );
    if !perms.is_empty() {
        fix.push(FixStep::advice(format!(
            "Grant {} to these credentials (or use a profile that has it) and diagnose again",
            perms.join(", ")
        )));
    }
    let mut services: Vec<(crate::model::Service, Option<String>)> = of(FailureKind::NotServed)
        .map(|g| (g.service, g.endpoint.clone()))
        .collect();
    services.sort();
    services.dedup();
    for (service, endpoint) in services {
        let ops = sorted(
            of(FailureKind::NotServed)
                .filter(|g| g.service == service)
                .map(|g| g.operation.clone())
                .collect(),
        );
        fix.push(FixStep::advice(format!(
            "{} does not serve {}: point AWS_ENDPOINT_URL_{} at an endpoint that does (or unset it for AWS's own) and diagnose again",
            endpoint.as_deref().unwrap_or("The endpoint"),
            ops.join(", "),
            service.endpoint_env()
        )));
    }
    let unreachable = sorted(
        of(FailureKind::Unreachable)
            .map(|g| match &g.endpoint {
                Some(e) => format!("{} at {e}", g.service.name()),
                None => g.service.name().to_owned(),
            })
            .collect(),
    );
    if !unreachable.is_empty() {
        fix.push(FixStep::advice(format!(
            "Could not reach {}: check the network and the endpoint, then diagnose again",
            unreachable.join(", ")
        )));
    }
    if of(FailureKind::Throttled).next().is_some() {
        fix.push(FixStep::advice(
            "Reads were still throttled after retries: diagnose again in a minute, when the account's other callers are quieter",
        ));
    }
    if of(FailureKind::Failed).next().is_some() {
        fix.push(FixStep::advice(
            "Some answers failed or lacked what a verdict needs (see the evidence): diagnose again, and check the endpoint if it persists",
        ));
    }
    fix
}

#[cfg(test)]
mod tests {
    use crate::model::{FailureKind, Service, Unavailable};
    use crate::rules::test_support::*;

    fn denied(op: &str) -> Unavailable {
        let (service, bare, prefix) = match op.split_once(':') {
            Some(("sesv2", o)) => (Service::Ses, o, "ses"),
            Some(("lambda", o)) => (Service::Lambda, o, "lambda"),
            _ => (Service::CognitoIdp, op, "cognito-idp"),
        };
        Unavailable {
            operation: op.into(),
            error: format!("AccessDeniedException: not authorized to perform {prefix}:{bare}"),
            service,
            kind: FailureKind::Denied,
            permission: Some(format!("{prefix}:{bare}")),
            ..Unavailable::default()
        }
    }

    #[test]
    fn a_read_the_endpoint_does_not_serve_asks_for_no_permission() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.unavailable.push(Unavailable {
            operation: "sesv2:GetAccount".into(),
            error: "HTTP 404 with an HTML page, not the service's JSON: the endpoint does not serve GetAccount".into(),
            service: Service::Ses,
            kind: FailureKind::NotServed,
            endpoint: Some("http://127.0.0.1:5000".into()),
            ..Unavailable::default()
        });
        let f = finding(&s, "evidence-unavailable");
        let fixes: Vec<&str> = f.fix.iter().map(|x| x.description.as_str()).collect();
        assert!(fixes.iter().all(|d| !d.contains("Grant")), "{fixes:?}");
        assert!(fixes[0].starts_with("http://127.0.0.1:5000 does not serve sesv2:GetAccount: point AWS_ENDPOINT_URL_SESV2"), "{fixes:?}");
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

    /// A denied or empty history is named under `unavailable` and changes no verdict.
    #[test]
    fn the_history_s_gaps_change_no_verdict() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        let before = codes(&s);
        s.unavailable.push(Unavailable {
            operation: "cloudtrail:LookupEvents".into(),
            error: "AccessDeniedException: not authorized to perform cloudtrail:LookupEvents"
                .into(),
            service: Service::CloudTrail,
            kind: FailureKind::Denied,
            permission: Some("cloudtrail:LookupEvents".into()),
            ..Unavailable::default()
        });
        assert_eq!(codes(&s), before);
        assert!(!codes(&s).contains(&"evidence-unavailable"));
    }

    #[test]
    fn pool_level_gaps_are_reported_without_a_user() {
        let mut s = pool_snapshot();
        s.unavailable.push(denied("ListUserPoolClients"));
        assert!(codes(&s).contains(&"evidence-unavailable"));
    }
}
