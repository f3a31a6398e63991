//! `unverified-email-signs-in`: email is a sign-in attribute, the pool does not keep the old
//! address until a new one is verified, and an app client may write email: a new, unverified
//! address signs in at once.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "unverified-email-signs-in",
    title: "A new, unverified email address can be used to sign in at once",
    explanation: "\
What: email is a username or alias attribute of the pool (UsernameAttributes or AliasAttributes), \
UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate does not hold email, and \
an app client may write email (its WriteAttributes is unset or holds email).

Why: without that setting, an email change takes effect at once: the new address is unverified, \
the old one is gone, and the user (or anyone holding the user's tokens) signs in with an address \
nobody has proven. It also leaves the user unverified until a code is entered, with the password \
reset and alias sign-in that depend on a verified address.

Fix: require verification before update, so that the old address stays, verified, until the new \
one is confirmed: UpdateUserPool with AttributesRequireVerificationBeforeUpdate holding email \
(the setting needs email among AutoVerifiedAttributes too). UpdateUserPool resets whatever it is \
not sent: the printed command carries every other setting of the pool as it was read.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#verifying-when-users-change-their-email-or-phone-number",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "signed in with an email address that was never verified",
        source: "public reports of email changes taking effect before verification (amplify-js, re:Post)",
        direct: true,
    }],
    // What an email change leads to in this pool, like the other consequences: it stands
    // beside the causes of a user's own state.
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let p = &s.pool;
    if !p.email_is_alias() || p.keeps_old_email_until_verified() {
        return None;
    }
    let writers: Vec<_> = s
        .clients
        .iter()
        .filter(|c| c.may_write("email") == Some(true))
        .collect();
    if writers.is_empty() {
        return None;
    }
    let mut evidence = vec![
        if p.username_attributes.iter().any(|a| a == "email") {
            "the pool's UsernameAttributes hold email: users sign in with their address".to_owned()
        } else {
            "the pool's AliasAttributes hold email: users sign in with their verified address".to_owned()
        },
        format!(
            "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate is [{}]: an email change takes effect before it is verified",
            p.require_verification_before_update.join(", ")
        ),
    ];
    evidence.extend(writers.iter().map(|c| {
        format!(
            "app client {} ({}) may write email ({})",
            c.id,
            c.name,
            if c.update_input.get("WriteAttributes").is_some() {
                "its WriteAttributes hold it"
            } else {
                "WriteAttributes unset: every writable attribute"
            }
        )
    }));
    let mut wanted = p.require_verification_before_update.clone();
    wanted.push("email".to_owned());
    let mut input = p.update_with(
        &[
            "UserAttributeUpdateSettings",
            "AttributesRequireVerificationBeforeUpdate",
        ],
        serde_json::json!(wanted),
    );
    let mut description =
        "Keep the old address until the new one is verified, carrying over every other pool setting"
            .to_owned();
    if !p.sends_email_codes() {
        let (auto, _) = p.with_email_verification();
        if let Some(obj) = input.as_object_mut() {
            obj.insert("AutoVerifiedAttributes".into(), serde_json::json!(auto));
        }
        description
            .push_str(" (email is added to AutoVerifiedAttributes too: the setting needs it)");
    }
    Some(RULE.finding(
        Severity::Warning,
        evidence,
        vec![FixStep::run(
            description,
            Action::UpdatePool {
                pool_id: p.id.clone(),
                update_input: input,
            },
        )],
    ))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    #[test]
    fn an_alias_pool_whose_clients_may_write_email_is_told_to_verify_first() {
        let mut s = pool_snapshot();
        s.clients.push(client("web", None));
        assert!(!codes(&s).contains(&"unverified-email-signs-in"));
        s.pool.alias_attributes = vec!["email".into()];
        let f = finding(&s, "unverified-email-signs-in");
        let Some(Action::UpdatePool { update_input, .. }) = &f.fix[0].action else {
            panic!("{f:?}")
        };
        assert_eq!(
            update_input["UserAttributeUpdateSettings"]
                ["AttributesRequireVerificationBeforeUpdate"],
            serde_json::json!(["email"])
        );
        assert_eq!(
            update_input["AutoVerifiedAttributes"],
            serde_json::json!(["email"])
        );
        // Verified before update: nothing to say.
        s.pool.require_verification_before_update = vec!["email".into()];
        assert!(!codes(&s).contains(&"unverified-email-signs-in"));
        // No client may write email: nothing to say either.
        s.pool.require_verification_before_update.clear();
        s.clients[0].update_input["WriteAttributes"] = serde_json::json!(["name"]);
        assert!(!codes(&s).contains(&"unverified-email-signs-in"));
    }
}
