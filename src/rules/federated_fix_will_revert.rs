//! `federated-fix-will-revert`: an administrator's or a code's fix of this federated user's
//! email is undone at its next sign-in.

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::{EmailSource, Snapshot};

pub const RULE: Rule = Rule {
    code: "federated-fix-will-revert",
    title: "A fix of this user's email would be undone at the next sign-in",
    explanation: "\
What: the user is federated (or linked to a federated identity), its email is unverified, and its \
provider maps email but nothing to email_verified. Given together with \
federated-email-verified-unmapped.

Why: at every federated sign-in Amazon Cognito writes every mapped attribute, and with email \
mapped and email_verified not, it writes email_verified=false. AdminUpdateUserAttributes \
email_verified=true reads back as true and looks fixed, but the next sign-in reverts it; a \
verification code cannot be used for a mapped email at all.

Fix: map the provider's verification claim to email_verified first (`map-idp`); the user's value \
is then right at its next sign-in. `reverify` refuses such a user unless told `--anyway`.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html",
    scope: Scope::User,
    symptoms: &[],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if u.email_verified() || u.email.is_none() {
        return None;
    }
    let EmailSource::Provider(providers) = s.email_source() else {
        return None;
    };
    let unmapped: Vec<_> = providers
        .into_iter()
        .filter(|p| !p.maps("email_verified"))
        .collect();
    if unmapped.is_empty() {
        return None;
    }
    let mut evidence = vec![u.email_verified_evidence()];
    let mut fix = Vec::new();
    for p in unmapped {
        evidence.push(format!(
            "provider {} maps email <- {} and nothing to email_verified: each sign-in through it writes email_verified=false",
            p.name,
            p.attribute_mapping.get("email").map(String::as_str).unwrap_or_default()
        ));
        fix.push(FixStep::run(
            format!(
                "Map {}'s email-verified claim first, keeping every other mapping",
                p.name
            ),
            Action::MapIdp {
                pool_id: s.pool.id.clone(),
                provider_name: p.name.clone(),
                claim: p.default_verified_claim().map(str::to_owned),
                mapping: p.attribute_mapping.clone(),
            },
        ));
    }
    evidence.push(
        "an administrator's email_verified=true would read back as true now and revert at the next sign-in"
            .to_owned(),
    );
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

/// Why an administrator's fix of a federated user would be undone at its next sign-in, and the
/// change that prevents it when one does (mapping the provider's claim).
pub struct Revert {
    pub why: String,
    pub prevent: Option<Action>,
}

/// Why an administrator's fix of this federated user would be undone at its next sign-in, with
/// the change that prevents it; None when sign-ins do not rewrite the email.
pub fn reason(s: &Snapshot) -> Option<Revert> {
    let u = &s.user;
    let said = |why: String| Revert { why, prevent: None };
    match s.email_source() {
        EmailSource::Local | EmailSource::LocalFederated => None,
        EmailSource::Unknown(names) => Some(said(format!(
            "{} is federated through {}, whose attribute mapping could not be read ({}): if it maps email, the next sign-in undoes this fix",
            u.username,
            names.join(", "),
            s.unavailable
                .iter()
                .map(|g| g.error.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        EmailSource::Provider(providers) => {
            let unmapped: Vec<_> = providers
                .iter()
                .filter(|p| !p.maps("email_verified"))
                .collect();
            Some(match unmapped.first() {
                Some(p) => Revert {
                    why: format!(
                        "{} is federated through {}, which maps email but not email_verified: its next sign-in writes email_verified=false and undoes this fix; map the claim first",
                        u.username, p.name
                    ),
                    prevent: Some(Action::MapIdp {
                        pool_id: s.pool.id.clone(),
                        provider_name: p.name.clone(),
                        claim: p.default_verified_claim().map(str::to_owned),
                        mapping: p.attribute_mapping.clone(),
                    }),
                },
                None => said(format!(
                    "{} is federated through {}, which maps email_verified: its next sign-in writes the provider's value again; verify the address at the provider",
                    u.username,
                    providers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
                )),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn comes_with_the_unmapped_provider_finding() {
        let mut u = user("okta_1", "f@example.com", Some("false"));
        federate(&mut u, "Okta", "OIDC");
        let mut s = snapshot(u);
        s.providers
            .push(provider("Okta", "OIDC", &[("email", "email")]));
        assert_eq!(
            codes(&s),
            [
                "federated-email-verified-unmapped",
                "federated-fix-will-revert"
            ]
        );
    }
}
