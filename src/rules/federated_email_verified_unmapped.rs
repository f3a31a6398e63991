//! `federated-email-verified-unmapped`: cause 3, a provider maps email but not email_verified.

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "federated-email-verified-unmapped",
    title: "The identity provider maps email but not email_verified",
    explanation: "\
What: the user is federated (or linked to a federated identity) and its identity provider's \
attribute mapping maps email but maps nothing to email_verified.

Why: at every federated sign-in Amazon Cognito writes the mapped attributes. When email is mapped \
and email_verified is not, it writes email_verified=false, so the user's email turns unverified \
again at each sign-in, whatever an administrator set in between. A verification code cannot fix \
it for the same reason.

Fix: map the provider's verification claim to email_verified with UpdateIdentityProvider \
(`map-idp`). UpdateIdentityProvider replaces the whole AttributeMapping, so the request must \
carry every existing mapping too. OIDC, Google and Sign in with Apple send an email_verified \
claim; Facebook, Login with Amazon and SAML have no standard one, so name the claim your provider \
sends. Existing users change at their next sign-in.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    scope: Scope::Both,
    symptoms: &[],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn map_step(s: &Snapshot, p: &crate::model::Provider) -> FixStep {
    let claim = p.default_verified_claim().map(str::to_owned);
    let description = match &claim {
        Some(c) => format!(
            "Map claim {c} of {} to email_verified, keeping every other mapping; existing users change at their next sign-in",
            p.name
        ),
        None => format!(
            "Map {}'s verification claim to email_verified, keeping every other mapping: {} has no standard claim, so name the one your provider sends; existing users change at their next sign-in",
            p.name, p.provider_type
        ),
    };
    FixStep::run(
        description,
        Action::MapIdp {
            pool_id: s.pool.id.clone(),
            provider_name: p.name.clone(),
            claim,
            mapping: p.attribute_mapping.clone(),
        },
    )
}

fn mapping_text(p: &crate::model::Provider) -> String {
    p.attribute_mapping
        .iter()
        .map(|(k, v)| format!("{k} <- {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Without a user: every provider of the pool that maps email and not email_verified.
fn pool_check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let unmapped: Vec<_> = s
        .providers
        .iter()
        .filter(|p| p.maps("email") && !p.maps("email_verified"))
        .collect();
    if unmapped.is_empty() {
        return None;
    }
    let evidence = unmapped
        .iter()
        .map(|p| {
            format!(
                "provider {} ({}) maps email but nothing to email_verified: each sign-in through it writes email_verified=false; mapping: {}",
                p.name,
                p.provider_type,
                mapping_text(p)
            )
        })
        .collect();
    let fix = unmapped.iter().map(|p| map_step(s, p)).collect();
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    if !s.has_user() {
        return pool_check(s);
    }
    let u = &s.user;
    if !u.is_federated() {
        return None;
    }
    let unmapped: Vec<_> = s
        .providers
        .iter()
        .filter(|p| u.identities.iter().any(|i| i.provider_name == p.name))
        .filter(|p| p.maps("email") && !p.maps("email_verified"))
        .collect();
    if unmapped.is_empty() {
        return None;
    }
    let mut evidence = vec![format!(
        "user {} is federated (status {}, identities: {})",
        u.username,
        u.status,
        u.identities
            .iter()
            .map(|i| i.provider_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    evidence.push(u.email_verified_evidence());
    let mut fix = Vec::new();
    for p in &unmapped {
        evidence.push(format!(
            "provider {} ({}) maps email <- {} but nothing to email_verified; mapping: {}",
            p.name,
            p.provider_type,
            p.attribute_mapping
                .get("email")
                .map(String::as_str)
                .unwrap_or_default(),
            mapping_text(p)
        ));
        fix.push(map_step(s, p));
    }
    let severity = if u.email_verified() {
        Severity::Warning
    } else {
        Severity::Error
    };
    if u.email_verified() {
        evidence.push(
            "the email is verified now, but the next sign-in writes email_verified=false"
                .to_owned(),
        );
    }
    Some(RULE.finding(severity, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;
    use crate::rules::Severity;

    #[test]
    fn fires_when_email_is_mapped_without_email_verified() {
        let mut u = user("okta_1", "f@example.com", Some("false"));
        federate(&mut u, "Okta", "OIDC");
        let mut s = snapshot(u);
        s.providers.push(provider(
            "Okta",
            "OIDC",
            &[("email", "email"), ("name", "name")],
        ));
        assert_eq!(
            codes(&s),
            [
                "federated-email-verified-unmapped",
                "federated-fix-will-revert"
            ]
        );
        let f = &crate::engine::findings(&s)[0];
        assert_eq!(f.severity, Severity::Error);
        let Some(Action::MapIdp { claim, mapping, .. }) = &f.fix[0].action else {
            panic!()
        };
        assert_eq!(claim.as_deref(), Some("email_verified"));
        assert_eq!(mapping.len(), 2);
    }

    #[test]
    fn pool_mode_lists_every_provider_that_maps_email_only() {
        let mut s = pool_snapshot();
        s.providers
            .push(provider("Okta", "OIDC", &[("email", "email")]));
        s.providers.push(provider(
            "Google",
            "Google",
            &[("email", "email"), ("email_verified", "email_verified")],
        ));
        let f = finding(&s, "federated-email-verified-unmapped");
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.fix.len(), 1);
        assert!(f.evidence[0].contains("Okta"));
    }

    #[test]
    fn saml_has_no_standard_claim() {
        let mut u = user("saml_1", "f@example.com", Some("false"));
        federate(&mut u, "Corp", "SAML");
        let mut s = snapshot(u);
        s.providers.push(provider(
            "Corp",
            "SAML",
            &[("email", "http://schemas/email")],
        ));
        let f = &crate::engine::findings(&s)[0];
        let Some(Action::MapIdp { claim, .. }) = &f.fix[0].action else {
            panic!()
        };
        assert_eq!(claim, &None);
    }

    #[test]
    fn warns_ahead_when_still_verified_and_is_silent_when_mapped() {
        let mut u = user("okta_1", "f@example.com", Some("true"));
        federate(&mut u, "Okta", "OIDC");
        let mut s = snapshot(u);
        s.providers
            .push(provider("Okta", "OIDC", &[("email", "email")]));
        assert_eq!(crate::engine::findings(&s)[0].severity, Severity::Warning);
        s.providers[0]
            .attribute_mapping
            .insert("email_verified".into(), "email_verified".into());
        assert!(codes(&s).is_empty());
    }
}
