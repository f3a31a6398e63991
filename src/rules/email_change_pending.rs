//! `email-change-pending`: the pool keeps the old address until a new one is verified, and the
//! user's history shows an update not yet verified.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::{Actor, Snapshot};

pub const RULE: Rule = Rule {
    code: "email-change-pending",
    title: "An email change is pending: the old address stays until the code sent to the new one is used",
    explanation: "\
What: the pool's UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate holds \
email, and CloudTrail's event history shows the user's attributes updated (UpdateUserAttributes \
or AdminUpdateUserAttributes, showing email or hiding the names) with no accepted \
VerifyUserAttribute after it.

Why: with that setting, Cognito keeps the old address, verified, until the new one is verified: \
the user still signs in and receives mail at the old address, and the pool shows it. The code went \
to the new address. Asking for a code again with GetUserAttributeVerificationCode sends it to the \
old address, not the new one, so the change can look lost (\"I changed my email but it still shows \
the old one\").

Fix: the user submits the code sent to the new address (VerifyUserAttribute). To send it again, \
update the email to the new address again (UpdateUserAttributes); an administrator who knows the \
new address is the user's can set it with email_verified true in the same request.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#verifying-when-users-change-their-email-or-phone-number",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "I changed my email but it still shows the old one",
        source: "public reports of pools that keep the original value until verification (amplify-js, re:Post)",
        direct: true,
    }],
    stage: super::Stage::State,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    if !s.pool.keeps_old_email_until_verified() {
        return None;
    }
    let h = s.history.as_ref()?;
    let (update, verified) = h.last_email_update()?;
    if !verified.is_empty() {
        return None;
    }
    let u = &s.user;
    let mut evidence = vec![
        "the pool's AttributesRequireVerificationBeforeUpdate holds email: the old address stays until the new one is verified".to_owned(),
        format!("last attribute update of user {}: {}", u.username, update.line()),
    ];
    if update.shows_attribute("email").is_none() {
        evidence.push("CloudTrail hides the attribute names of that update: it may have changed another attribute".to_owned());
    }
    if let Actor::Principal(arn) = &update.actor {
        evidence.push(format!("the update was an administrator's ({arn})"));
    }
    evidence.push(format!(
        "no accepted VerifyUserAttribute after it; the pool still holds {} ({})",
        u.email.as_deref().unwrap_or("no address"),
        u.email_verified_evidence()
    ));
    evidence.push(h.window());
    Some(RULE.finding(
        Severity::Warning,
        evidence,
        vec![
            FixStep::advice(
                "The user submits the code that was sent to the new address (VerifyUserAttribute)",
            ),
            FixStep::advice(
                "To send it again, update the email to the new address again (UpdateUserAttributes): GetUserAttributeVerificationCode sends to the old address",
            ),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::History;
    use crate::rules::test_support::*;

    #[test]
    fn an_update_not_verified_is_pending_only_where_the_pool_keeps_the_old_address() {
        let mut s = snapshot(user("ann", "a@example.com", Some("true")));
        let mut update = history_event("UpdateUserAttributes", 100, None);
        update.attributes = Some(vec!["email".into()]);
        s.history = Some(History {
            events: vec![update],
            ..History::default()
        });
        assert!(!codes(&s).contains(&"email-change-pending"));
        s.pool.require_verification_before_update = vec!["email".into()];
        let f = finding(&s, "email-change-pending");
        assert!(
            f.evidence[1].contains(
                "UpdateUserAttributes by the user (own access token) (attributes: email)"
            ),
            "{:?}",
            f.evidence
        );
        // Verified after: nothing pending.
        let mut verify = history_event("VerifyUserAttribute", 200, None);
        verify.attributes = Some(vec!["email".into()]);
        s.history.as_mut().unwrap().events.push(verify);
        assert!(!codes(&s).contains(&"email-change-pending"));
        // An update of another attribute, shown as such, is no email change.
        let mut name = history_event("UpdateUserAttributes", 300, None);
        name.attributes = Some(vec!["name".into()]);
        s.history.as_mut().unwrap().events = vec![name];
        assert!(!codes(&s).contains(&"email-change-pending"));
    }
}
