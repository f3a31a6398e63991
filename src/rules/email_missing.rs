//! `email-missing`: the user has no email at all, so there is nothing to verify.

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-missing",
    title: "The user has no email address",
    explanation: "\
What: the user has no email attribute.

Why: email_verified describes the email attribute; without an address there is nothing to \
verify, no code can be sent, and the user cannot recover their account by email. For a \
federated user it usually means the identity provider's attribute mapping does not map email, \
or the provider sent no email claim.

Fix: set an email for a local user (AdminUpdateUserAttributes, then verify it). For a federated \
user, map the provider's email claim to email in the provider's attribute mapping; the value is \
written at the user's next sign-in.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    scope: Scope::User,
    symptoms: &[],
    stage: super::Stage::State,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if u.email.is_some() {
        return None;
    }
    let mut evidence = vec![format!("user {} has no email attribute", u.username)];
    let mut fix = Vec::new();
    if u.is_federated() {
        for p in &s.providers {
            evidence.push(match p.attribute_mapping.get("email") {
                Some(claim) => format!(
                    "provider {} maps claim {claim} to email, but none arrived",
                    p.name
                ),
                None => format!("provider {} does not map email", p.name),
            });
        }
        fix.push(FixStep::advice(
            "Map the provider's email claim to email in its attribute mapping (keep the other mappings); it is written at the next sign-in",
        ));
    } else {
        fix.push(FixStep::run(
            "Set the user's email address, then verify it",
            Action::SetEmail {
                pool_id: s.pool.id.clone(),
                username: u.username.clone(),
            },
        ));
    }
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn fires_without_email_and_only_then() {
        assert_eq!(codes(&snapshot(user("alice", "", None))), ["email-missing"]);
        assert!(
            !codes(&snapshot(user("alice", "a@example.com", Some("true"))))
                .contains(&"email-missing")
        );
    }

    #[test]
    fn federated_user_gets_mapping_advice() {
        let mut u = user("okta_1", "", None);
        federate(&mut u, "Okta", "OIDC");
        let mut s = snapshot(u);
        s.providers
            .push(provider("Okta", "OIDC", &[("name", "name")]));
        let f = crate::engine::findings(&s);
        assert!(f[0]
            .evidence
            .iter()
            .any(|e| e.contains("does not map email")));
        assert!(f[0].fix[0].action.is_none());
    }
}
