//! `alias-conflict-blocks-confirmation`: cause 2 before it happens, an unconfirmed sign-up whose
//! email another user holds as a verified alias.

use super::{alias_evidence, verified_holders, Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "alias-conflict-blocks-confirmation",
    title: "Confirming this sign-up fails unless the alias is moved from another user",
    explanation: "\
What: the user is UNCONFIRMED, email is an alias (or username) attribute, and another user holds \
the same email verified.

Why: ConfirmSignUp with ForceAliasCreation=false (the default) fails with AliasExistsException \
\"An account with the email already exists.\" With ForceAliasCreation=true it succeeds and moves \
the alias: the other user's email becomes unverified and it can no longer sign in with it.

Fix: choose. Allow: confirm with ForceAliasCreation=true (`force-alias confirm`), after making \
sure the new account really owns the address. Deny: confirm with ForceAliasCreation=false \
(`force-alias confirm --deny`) and ask the user to sign up with another address or to sign in to \
the existing account.",
    docs: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html",
    scope: Scope::User,
    symptoms: &[
        Symptom {
            text: "An account with the email already exists.",
            source: "AWS API reference, ConfirmSignUp (AliasExistsException); amplify-js issue reports",
            direct: true,
        },
        Symptom {
            text: "AliasExistsException",
            source: "AWS API reference, ConfirmSignUp errors",
            direct: true,
        },
    ],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let u = &s.user;
    if !u.is_unconfirmed() || u.email_verified() {
        return None;
    }
    let holders = verified_holders(s);
    let holder = holders.first()?;
    let mut evidence = alias_evidence(s, &holders);
    let client_id = match s.clients.as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    };
    if s.clients.len() > 1 {
        evidence.push(format!(
            "the pool has {} app clients ({}): use the one the user signed up through",
            s.clients.len(),
            s.clients
                .iter()
                .map(|c| format!("{} {}", c.id, c.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let fix = vec![
        FixStep::run(
            format!(
                "Allow: confirm with ForceAliasCreation=true; the alias moves and {}'s email becomes unverified",
                holder.username
            ),
            Action::ConfirmSignUp {
                pool_id: s.pool.id.clone(),
                client_id: client_id.clone(),
                username: u.username.clone(),
                force_alias: Some(true),
                secret_hash: false,
            },
        ),
        FixStep::run(
            format!(
                "Deny: confirm with ForceAliasCreation=false; it fails with AliasExistsException and {} keeps the alias",
                holder.username
            ),
            Action::ConfirmSignUp {
                pool_id: s.pool.id.clone(),
                client_id,
                username: u.username.clone(),
                force_alias: Some(false),
                secret_hash: false,
            },
        ),
    ];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::model::AppClient;
    use crate::rules::test_support::*;

    #[test]
    fn unconfirmed_user_with_a_verified_holder() {
        let mut u = user("late", "same@example.com", None);
        u.status = "UNCONFIRMED".into();
        let mut s = snapshot(u);
        s.pool.alias_attributes = vec!["email".into(), "preferred_username".into()];
        s.same_email
            .push(user("first", "same@example.com", Some("true")));
        s.clients.push(AppClient {
            id: "client123".into(),
            name: "web".into(),
            ..AppClient::default()
        });
        assert_eq!(codes(&s), ["alias-conflict-blocks-confirmation"]);
        let f = &crate::engine::findings(&s)[0];
        let Some(Action::ConfirmSignUp {
            client_id,
            force_alias: Some(true),
            ..
        }) = &f.fix[0].action
        else {
            panic!("first step is not the allow path");
        };
        assert_eq!(client_id.as_deref(), Some("client123"));
    }

    #[test]
    fn without_a_holder_it_is_only_a_pending_sign_up() {
        let mut u = user("late", "same@example.com", None);
        u.status = "UNCONFIRMED".into();
        let mut s = snapshot(u);
        s.pool.alias_attributes = vec!["email".into()];
        assert_eq!(codes(&s), ["sign-up-not-confirmed"]);
    }
}
