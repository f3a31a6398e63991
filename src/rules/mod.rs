//! The diagnosis rules: one per file, each a pure check over a [`Snapshot`] with a stable code,
//! a title, a long explanation (What / Why / Fix) and the AWS documentation it comes from.

use serde::Serialize;

use crate::fix::FixStep;
use crate::model::{Snapshot, User};

mod alias_conflict_blocks_confirmation;
mod alias_held_by_other_user;
mod email_changed_unverified;
mod email_missing;
mod federated_email_verified_unmapped;
mod provider_reports_unverified;
mod sign_up_not_confirmed;
mod verification_not_configured;

/// How bad a finding is. Error and warning make `diagnose` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn fails(self) -> bool {
        matches!(self, Severity::Error | Severity::Warning)
    }
}

/// One documented cause that applies to the user, with the facts that show it and the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub title: String,
    pub evidence: Vec<String>,
    pub fix: Vec<FixStep>,
}

/// A rule: its stable code and documentation, and the check.
pub struct Rule {
    /// Stable kebab-case code; never renamed (SPEC.md).
    pub code: &'static str,
    pub title: &'static str,
    /// What / Why / Fix, for `explain`.
    pub explanation: &'static str,
    /// The AWS documentation page the cause and fix come from.
    pub docs: &'static str,
    pub check: fn(&Snapshot) -> Option<Finding>,
}

impl Rule {
    pub fn finding(&self, severity: Severity, evidence: Vec<String>, fix: Vec<FixStep>) -> Finding {
        Finding {
            code: self.code,
            severity,
            title: self.title.to_owned(),
            evidence,
            fix,
        }
    }
}

/// Every rule, in the order findings are reported within a severity.
pub const ALL: &[&Rule] = &[
    &alias_conflict_blocks_confirmation::RULE,
    &alias_held_by_other_user::RULE,
    &email_changed_unverified::RULE,
    &email_missing::RULE,
    &federated_email_verified_unmapped::RULE,
    &provider_reports_unverified::RULE,
    &sign_up_not_confirmed::RULE,
    &verification_not_configured::RULE,
];

pub fn find(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// Users with the same email who hold it verified: when email is an alias, the one among them
/// that holds the alias.
pub(crate) fn verified_holders(s: &Snapshot) -> Vec<&User> {
    if !s.pool.email_is_alias() || s.user.email.is_none() {
        return Vec::new();
    }
    s.same_email
        .iter()
        .filter(|u| u.username != s.user.username && u.email_verified())
        .collect()
}

/// Evidence lines common to the alias rules.
pub(crate) fn alias_evidence(s: &Snapshot, holders: &[&User]) -> Vec<String> {
    let mut ev = Vec::new();
    let p = &s.pool;
    if p.alias_attributes.iter().any(|a| a == "email") {
        ev.push(format!(
            "the pool's AliasAttributes include email ({})",
            p.alias_attributes.join(", ")
        ));
    } else {
        ev.push(format!(
            "the pool's UsernameAttributes include email ({})",
            p.username_attributes.join(", ")
        ));
    }
    let email = s.user.email.as_deref().unwrap_or_default();
    ev.push(format!(
        "user {} has email {email}, {}, status {}",
        s.user.username,
        s.user.email_verified_evidence(),
        s.user.status
    ));
    for h in holders {
        let mut line = format!(
            "user {} has the same email with email_verified \"{}\" (status {}",
            h.username,
            h.email_verified_raw.as_deref().unwrap_or_default(),
            h.status
        );
        if let Some(c) = &h.created {
            line.push_str(&format!(", created {c}"));
        }
        line.push(')');
        ev.push(line);
        if let (Some(theirs), Some(ours)) = (&h.created, &s.user.created) {
            if theirs > ours {
                ev.push(format!(
                    "{} was created after {}: it most likely confirmed with ForceAliasCreation=true and took the alias",
                    h.username, s.user.username
                ));
            }
        }
    }
    ev
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A small builder of snapshots for the rule tests.
    use std::collections::BTreeMap;

    use crate::model::{Identity, Pool, Provider, Snapshot, User};

    pub fn pool() -> Pool {
        Pool {
            id: "us-east-1_Test".into(),
            auto_verified_attributes: vec!["email".into()],
            update_input: serde_json::json!({"UserPoolId": "us-east-1_Test", "AutoVerifiedAttributes": ["email"]}),
            ..Pool::default()
        }
    }

    pub fn user(name: &str, email: &str, verified: Option<&str>) -> User {
        User {
            username: name.into(),
            sub: Some(format!("sub-{name}")),
            status: "CONFIRMED".into(),
            enabled: true,
            created: Some("2024-01-01T00:00:00Z".into()),
            last_modified: Some("2024-06-01T00:00:00Z".into()),
            email: (!email.is_empty()).then(|| email.to_owned()),
            email_verified_raw: verified.map(str::to_owned),
            identities: Vec::new(),
        }
    }

    pub fn snapshot(user: User) -> Snapshot {
        Snapshot {
            pool: pool(),
            user,
            ..Snapshot::default()
        }
    }

    pub fn federate(user: &mut User, provider: &str, ptype: &str) {
        user.status = "EXTERNAL_PROVIDER".into();
        user.identities.push(Identity {
            provider_name: provider.into(),
            provider_type: Some(ptype.into()),
            user_id: Some("123".into()),
        });
    }

    pub fn provider(name: &str, ptype: &str, mapping: &[(&str, &str)]) -> Provider {
        Provider {
            name: name.into(),
            provider_type: ptype.into(),
            attribute_mapping: mapping
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    pub fn codes(s: &Snapshot) -> Vec<&'static str> {
        crate::engine::findings(s).iter().map(|f| f.code).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_are_unique_kebab_case_and_explained() {
        let mut seen = std::collections::BTreeSet::new();
        for r in ALL {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                r.code
            );
            for part in ["What", "Why", "Fix"] {
                assert!(
                    r.explanation.contains(&format!("{part}:")),
                    "{} explanation lacks {part}:",
                    r.code
                );
            }
            assert!(r.docs.starts_with("https://"), "{}", r.code);
            assert!(!r.title.is_empty());
        }
    }

    #[test]
    fn registry_list_is_stable() {
        // Codes are a contract (SPEC.md): this list only ever grows.
        let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            [
                "alias-conflict-blocks-confirmation",
                "alias-held-by-other-user",
                "email-changed-unverified",
                "email-missing",
                "federated-email-verified-unmapped",
                "provider-reports-unverified",
                "sign-up-not-confirmed",
                "verification-not-configured",
            ]
        );
    }
}
