//! `alias-held-by-other-user`: cause 2, another user holds this user's email as a verified alias.

use super::{alias_evidence, holder_is_newer, verified_holders, Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "alias-held-by-other-user",
    title: "Another user holds this email as a verified alias",
    explanation: "\
What: email is an alias (or username) attribute of the pool, this user's email is unverified, \
and another user has the same email verified.

Why: when email is an alias, only one user can hold a given address verified. When a newer user \
with the same address confirms its sign-up with ForceAliasCreation=true (or an administrator \
creates or updates a user with email_verified=true), the alias moves to that user and the older \
user's email_verified becomes false. The older user can no longer sign in with the email.

Fix: this is a choice between two people, not a repair. Leave the alias where it is (the older \
user signs in with their username and can change to another address), or move it back with \
AdminUpdateUserAttributes email_verified=true (`reverify --admin --take-alias`), which silently \
makes the current holder's email unverified in turn. Decide which account owns the address first.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "AliasExistsException",
        source: "AWS API reference, AdminUpdateUserAttributes and VerifyUserAttribute errors",
        direct: false,
    }],
    stage: super::Stage::Identity,
    check,
    fixed_by: Some(super::Fixer::AdminReverify),
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if u.email_verified() || u.is_unconfirmed() || u.status == "EXTERNAL_PROVIDER" {
        return None;
    }
    let holders = verified_holders(s);
    let holder = holders.first()?;
    let evidence = alias_evidence(s, &holders);
    let fix = vec![
        FixStep::advice(format!(
            "Decide which account owns the address. To leave it with {}, nothing changes: {} signs in with the username and may set another email",
            holder.username, u.username
        )),
        FixStep::run(
            "Give this user another address, then verify it",
            Action::SetEmail {
                pool_id: s.pool.id.clone(),
                username: u.username.clone(),
            },
        ),
        FixStep::run(
            format!(
                "Or move the alias {} {}: {}'s email becomes unverified and it can no longer sign in with it",
                if holder_is_newer(s, holder) { "back to" } else { "to" },
                u.username, holder.username
            ),
            Action::admin_verify(&s.pool, u, true),
        ),
    ];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    fn alias_pool_snapshot() -> crate::model::Snapshot {
        let mut s = snapshot(user("old", "same@example.com", Some("false")));
        s.pool.alias_attributes = vec!["email".into()];
        let mut newer = user("new", "same@example.com", Some("true"));
        newer.created = Some("2025-01-01T00:00:00Z".into());
        s.same_email.push(newer);
        s
    }

    #[test]
    fn the_alias_moves_back_only_when_the_holder_is_newer() {
        let s = alias_pool_snapshot();
        let f = finding(&s, "alias-held-by-other-user");
        assert!(f.fix[2]
            .description
            .starts_with("Or move the alias back to old"));
        let mut s = alias_pool_snapshot();
        s.same_email[0].created = Some("2023-01-01T00:00:00Z".into());
        let f = finding(&s, "alias-held-by-other-user");
        assert!(
            f.fix[2].description.starts_with("Or move the alias to old"),
            "{}",
            f.fix[2].description
        );
    }

    /// Within one second, the stored dates drop trailing zeros of the fraction: as text
    /// `…:37.1Z` sorts after `…:37.12Z` and `…:37Z` after `…:37.049Z`; as times they do not.
    #[test]
    fn newer_is_by_time_not_by_text() {
        for (ours, theirs) in [
            ("2026-12-06T13:51:37.1Z", "2026-12-06T13:51:37.12Z"),
            ("2026-12-06T13:51:37Z", "2026-12-06T13:51:37.049Z"),
        ] {
            let mut s = alias_pool_snapshot();
            s.user.created = Some(ours.into());
            s.same_email[0].created = Some(theirs.into());
            let f = finding(&s, "alias-held-by-other-user");
            assert!(
                f.evidence
                    .iter()
                    .any(|e| e.contains("ForceAliasCreation=true")),
                "{ours} {theirs}: {:?}",
                f.evidence
            );
        }
    }

    #[test]
    fn names_the_holder_and_the_trade_off() {
        let s = alias_pool_snapshot();
        assert_eq!(codes(&s), ["alias-held-by-other-user"]);
        let f = &crate::engine::findings(&s)[0];
        assert!(f
            .evidence
            .iter()
            .any(|e| e.contains("user new has the same email")));
        assert!(f
            .evidence
            .iter()
            .any(|e| e.contains("ForceAliasCreation=true")));
        assert!(f.fix.iter().any(|step| matches!(
            step.action,
            Some(Action::AdminVerifyEmail {
                take_alias: true,
                ..
            })
        )));
    }

    #[test]
    fn silent_when_email_is_not_an_alias() {
        let mut s = alias_pool_snapshot();
        s.pool.alias_attributes.clear();
        assert_eq!(codes(&s), ["email-changed-unverified"]);
    }

    #[test]
    fn username_attribute_email_counts_as_alias() {
        let mut s = alias_pool_snapshot();
        s.pool.alias_attributes.clear();
        s.pool.username_attributes = vec!["email".into()];
        assert_eq!(codes(&s), ["alias-held-by-other-user"]);
    }

    #[test]
    fn silent_when_the_other_user_is_unverified_too() {
        let mut s = alias_pool_snapshot();
        s.same_email[0].email_verified_raw = None;
        assert_eq!(codes(&s), ["email-changed-unverified"]);
    }
}
