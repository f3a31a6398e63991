//! `email-verified-not-canonical`: email_verified is stored as something other than exactly
//! "true" or "false".

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-verified-not-canonical",
    title: "email_verified is stored in a form apps may not read (not exactly \"true\" or \"false\")",
    explanation: "\
What: the user's email_verified attribute is neither exactly \"true\" nor exactly \"false\", for \
example \"True\" (the spelling some AWS articles use) or \"TRUE\".

Why: Amazon Cognito reads the value without regard to case, so the pool treats \"True\" as \
verified. Apps, ID-token consumers and API gateways often compare the string exactly with \
\"true\", and then show the user as unverified although Cognito does not.

Fix: rewrite the value as \"true\" or \"false\" with AdminUpdateUserAttributes (`reverify --admin` \
rewrites a value Cognito reads as true). Writing true keeps the alias with this user.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html",
    scope: Scope::User,
    symptoms: &[],
    stage: super::Stage::State,
    check,
    fixed_by: Some(super::Fixer::AdminReverify),
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    let raw = u.email_verified_raw.as_deref()?;
    if raw == "true" || raw == "false" {
        return None;
    }
    let value = u.email_verified();
    let evidence = vec![
        format!("user {} has email_verified \"{raw}\"", u.username),
        format!(
            "Cognito reads it as {value}; an app that compares the string with \"true\" reads it as {}",
            raw == "true"
        ),
    ];
    let fix = vec![FixStep::run(
        format!("Rewrite email_verified as \"{value}\""),
        Action::WriteEmailVerified {
            pool_id: s.pool.id.clone(),
            username: u.username.clone(),
            value,
        },
    )];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    #[test]
    fn capitalised_true_is_flagged_and_rewritten_as_true() {
        let s = snapshot(user("alice", "a@example.com", Some("True")));
        assert_eq!(codes(&s), ["email-verified-not-canonical"]);
        let f = finding(&s, "email-verified-not-canonical");
        assert!(matches!(
            f.fix[0].action,
            Some(Action::WriteEmailVerified { value: true, .. })
        ));
    }

    #[test]
    fn canonical_values_are_silent() {
        for v in ["true", "false"] {
            let s = snapshot(user("alice", "a@example.com", Some(v)));
            assert!(!codes(&s).contains(&"email-verified-not-canonical"), "{v}");
        }
        let s = snapshot(user("alice", "a@example.com", Some("yes")));
        let f = finding(&s, "email-verified-not-canonical");
        assert!(matches!(
            f.fix[0].action,
            Some(Action::WriteEmailVerified { value: false, .. })
        ));
    }
}
