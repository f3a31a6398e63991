//! `email-immutable-but-mapped`: the schema's email is immutable and an identity provider maps
//! email, so every federated sign-in after the first fails.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-immutable-but-mapped",
    title: "The pool's email is immutable and a provider maps it: the second federated sign-in fails",
    explanation: "\
What: the pool's schema declares email Mutable false (SchemaAttributes), and an identity \
provider's AttributeMapping writes email.

Why: Cognito applies the provider's mapping at every federated sign-in, rewriting each mapped \
attribute from the provider's claims. The first sign-in creates the user and writes email, which \
an immutable attribute allows once; every later sign-in tries to write it again, and Cognito \
refuses the sign-in with \"Attribute cannot be updated\", even when the value is the same. The \
user signs in once and never again.

Fix: a schema attribute's mutability is fixed when the pool is created: it cannot be changed. \
Either stop mapping email from the provider (UpdateIdentityProvider with the same mapping less \
email, when the app can do without it), or move the users to a new pool whose email is mutable.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "Invalid user attributes: email: Attribute cannot be updated.",
            source: "managed login's error_description after a second federated sign-in (amazon-cognito-auth-js issue #159, amplify-js issue #3526)",
            direct: true,
        },
        Symptom {
            text: "user.email: Attribute cannot be updated.",
            source: "the current wording of the same error (amplify-js issue #3526, 2024; aws-solutions-library-samples accelerated-intelligent-document-processing-on-aws issue #835)",
            direct: true,
        },
    ],
    stage: super::Stage::Configuration,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    if s.pool.email_mutable != Some(false) {
        return None;
    }
    let mapping: Vec<_> = s.providers.iter().filter(|p| p.maps("email")).collect();
    if mapping.is_empty() {
        return None;
    }
    let mut evidence = vec![
        "the pool's schema declares email Mutable false (SchemaAttributes): it can be written once, when the user is created".to_owned(),
    ];
    evidence.extend(mapping.iter().map(|p| {
        format!(
            "provider {} ({}) maps email from its claim {}: each federated sign-in writes it again",
            p.name,
            p.provider_type,
            p.attribute_mapping
                .get("email")
                .map(String::as_str)
                .unwrap_or_default()
        )
    }));
    if s.has_user() && s.user.is_federated() {
        evidence.push(format!(
            "user {} signs in through {}",
            s.user.username,
            s.provider_names().join(", ")
        ));
    }
    Some(RULE.finding(
        Severity::Error,
        evidence,
        vec![
            FixStep::advice(
                "Stop mapping email from the provider (its mapping less email), if the app can do without the provider's address",
            ),
            FixStep::advice(
                "Or move the users to a new pool whose schema has email mutable: mutability cannot be changed on an existing pool",
            ),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn an_immutable_email_mapped_by_a_provider_is_an_error() {
        let mut s = pool_snapshot();
        s.providers
            .push(provider("Google", "Google", &[("email", "email")]));
        assert!(!codes(&s).contains(&"email-immutable-but-mapped"));
        s.pool.email_mutable = Some(false);
        let f = finding(&s, "email-immutable-but-mapped");
        assert!(
            f.evidence[1].contains("provider Google (Google) maps email"),
            "{:?}",
            f.evidence
        );
        // Unknown mutability is no verdict.
        s.pool.email_mutable = None;
        assert!(!codes(&s).contains(&"email-immutable-but-mapped"));
    }
}
