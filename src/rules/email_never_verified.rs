//! `email-never-verified`: the email was never verified (created unverified: AdminCreateUser, an
//! auto-confirming PreSignUp trigger, an import), as opposed to changed later.

use super::{
    has_tokens, local_federated_evidence, never_verified_signs, unexplained_unverified, Rule,
    Scope, Severity, Symptom,
};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-never-verified",
    title: "The user's email is unverified, and most likely never was verified",
    explanation: "\
What: a CONFIRMED, FORCE_CHANGE_PASSWORD or RESET_REQUIRED user (or a federated one whose \
provider does not map email) has an email whose email_verified is false or absent, and what was \
read points to an address never verified rather than changed: the user was created and last \
modified at the same moment (nothing shows that it changed), or, modified since, it is in a pool \
that keeps the old address verified during a change (AttributesRequireVerificationBeforeUpdate \
includes email) or that sends sign-up codes to the phone only (AutoVerifiedAttributes holds both \
email and phone_number). The finding's title and evidence say which.

Why: a user can be confirmed without its email ever being verified. AdminCreateUser leaves \
email_verified unset unless the call sets it (status FORCE_CHANGE_PASSWORD); a PreSignUp \
trigger that returns autoConfirmUser without autoVerifyEmail confirms the sign-up and skips the \
code (status CONFIRMED); AdminConfirmSignUp confirms without verifying; users imported from a CSV \
file carry the file's email_verified (status RESET_REQUIRED). Such a user cannot reset a \
forgotten password by email, nor sign in with the email when it is an alias.

Fix: if you know the user owns the address, set email_verified=true as an administrator \
(`reverify --admin`, which first checks that no other user holds the address as an alias). A \
signed-in user can also request a code and submit it (`reverify --send-code`, then \
`reverify --code-file`). Stop the origin too: have the PreSignUp trigger return autoVerifyEmail \
with autoConfirmUser, create users with email_verified=true when you know the address, or set \
email_verified in the import file.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html",
    scope: Scope::User,
    symptoms: unverified_email_symptoms![Symptom {
        text: "User password cannot be reset in the current state.",
        source: "AWS API reference, ForgotPassword (NotAuthorizedException) for a FORCE_CHANGE_PASSWORD user; amplify-flutter issue #3048",
        direct: false,
    }],
    stage: super::Stage::State,
    check,
    fixed_by: Some(super::Fixer::AdminReverify),
    weigh: None,
};

/// The likely origin of a never-verified email, from the status and the pool's triggers.
fn origin(s: &Snapshot) -> String {
    let u = &s.user;
    match u.status.as_str() {
        "FORCE_CHANGE_PASSWORD" => "status FORCE_CHANGE_PASSWORD: the user was most likely created by an administrator (AdminCreateUser) without email_verified=true, and has not signed in yet".to_owned(),
        "RESET_REQUIRED" => "status RESET_REQUIRED: the user was most likely imported (a user import job) with email_verified false or missing in the file".to_owned(),
        "EXTERNAL_PROVIDER" => "status EXTERNAL_PROVIDER with a provider that does not map email: the address was set when the user was created (by an administrator or a migration), not by the provider".to_owned(),
        _ => match &s.pool.pre_sign_up {
            Some(arn) => format!("the pool has a PreSignUp trigger ({arn}): most likely it confirms sign-ups (autoConfirmUser) without autoVerifyEmail"),
            None => "status CONFIRMED with no PreSignUp trigger: most likely confirmed by an administrator (AdminConfirmSignUp, or AdminCreateUser then AdminSetUserPassword), which does not verify the email".to_owned(),
        },
    }
}

/// The title as the dates read allow it: "nothing shows that it changed" only for a user never
/// modified after its creation.
fn title(s: &Snapshot) -> String {
    let u = &s.user;
    if u.unchanged_since_creation() {
        "The user's email is unverified, and nothing shows that it changed".to_owned()
    } else if u.created.is_some() && u.last_modified.is_some() {
        "The user's email is unverified, and most likely never was verified, though the user was modified after it was created".to_owned()
    } else {
        RULE.title.to_owned()
    }
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let email = unexplained_unverified(s)?;
    let signs = never_verified_signs(s)?;
    let u = &s.user;
    let mut evidence = vec![
        format!("user {} has email {email}", u.username),
        u.email_verified_evidence(),
    ];
    // The dates first when they do not say it was unchanged (that sign is among the signs).
    if !u.unchanged_since_creation() {
        evidence.push(super::dates_evidence(u));
    }
    evidence.extend(signs);
    evidence.push(origin(s));
    evidence.extend(local_federated_evidence(s));
    let mut fix = vec![FixStep::run(
        "If you know the user owns the address: mark it verified as an administrator",
        Action::admin_verify(&s.pool, u, false),
    )];
    if has_tokens(u) && !u.is_federated() {
        fix.push(FixStep::run(
            "Otherwise: send the user a code (with their access token)",
            Action::SendCode,
        ));
        fix.push(FixStep::run(
            "and submit the code the user received",
            Action::VerifyCode,
        ));
    }
    fix.push(FixStep::advice(
        "Stop the origin: a PreSignUp trigger that sets autoConfirmUser should also set autoVerifyEmail; AdminCreateUser and import files should set email_verified=true for addresses you know",
    ));
    let mut f = RULE.finding(Severity::Error, evidence, fix);
    f.title = title(s);
    Some(f)
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    #[test]
    fn created_and_never_modified_is_never_verified_not_changed() {
        let mut u = user("diego", "diego@example.com", None);
        u.status = "FORCE_CHANGE_PASSWORD".into();
        u.last_modified = u.created.clone();
        let s = snapshot(u);
        assert_eq!(codes(&s), ["email-never-verified", "invite-not-accepted"]);
        let f = finding(&s, "email-never-verified");
        assert!(
            f.evidence.iter().any(|e| e.contains("AdminCreateUser")),
            "{:?}",
            f.evidence
        );
        assert!(!f
            .evidence
            .iter()
            .any(|e| e.contains("email most likely changed")));
        // No access token before the first sign-in: no code flow offered.
        assert!(!f.fix.iter().any(|s| s.action == Some(Action::SendCode)));
    }

    #[test]
    fn auto_confirm_trigger_is_named() {
        let mut u = user("tess", "tess@example.com", Some("false"));
        u.last_modified = u.created.clone();
        let mut s = snapshot(u);
        s.pool.pre_sign_up = Some("arn:aws:lambda:us-east-1:1:function:autoconfirm".into());
        let f = finding(&s, "email-never-verified");
        assert!(f
            .evidence
            .iter()
            .any(|e| e.contains("autoconfirm") && e.contains("autoVerifyEmail")));
        assert!(f.fix.iter().any(|s| s.action == Some(Action::SendCode)));
    }

    #[test]
    fn keep_original_pool_points_to_never_verified_even_after_a_change() {
        let mut s = snapshot(user("ivy", "ivy@example.com", Some("false")));
        s.pool.require_verification_before_update = vec!["email".into()];
        assert_eq!(codes(&s), ["email-never-verified"]);
        let f = finding(&s, "email-never-verified");
        assert!(f
            .evidence
            .iter()
            .any(|e| e.contains("AttributesRequireVerificationBeforeUpdate")));
    }

    /// "nothing shows that it changed" only for a user never modified after its creation; a
    /// user modified since is said to be, and the verdict rests on the pool's settings.
    #[test]
    fn words_match_the_dates_read() {
        let mut u = user("nell", "nell@example.com", Some("false"));
        u.last_modified = u.created.clone();
        let unchanged = finding(&snapshot(u), "email-never-verified");
        assert_eq!(
            unchanged.title,
            "The user's email is unverified, and nothing shows that it changed"
        );
        assert!(unchanged
            .evidence
            .iter()
            .any(|e| e.contains("created and last modified at the same moment")));

        // Modified after creation, in a pool that keeps the old address verified during a
        // change: never verified, but not "nothing changed".
        let mut s = snapshot(user("ivy", "ivy@example.com", Some("false")));
        s.pool.require_verification_before_update = vec!["email".into()];
        let f = finding(&s, "email-never-verified");
        assert!(!f.title.contains("nothing shows"), "{}", f.title);
        assert!(
            f.title.contains("modified after it was created"),
            "{}",
            f.title
        );
        assert!(
            f.evidence.iter().any(|e| e.contains(
                "created 2024-01-01T00:00:00Z and last modified 2024-06-01T00:00:00Z: something changed after creation"
            )),
            "{:?}",
            f.evidence
        );
        assert!(
            !f.evidence
                .iter()
                .any(|e| e.contains("nothing shows") || e.contains("at the same moment")),
            "{:?}",
            f.evidence
        );

        // Dates not read: neither claim.
        s.user.created = None;
        let f = finding(&s, "email-never-verified");
        assert_eq!(f.title, super::RULE.title);
        assert!(
            f.evidence.iter().any(|e| e.contains("not read")),
            "{:?}",
            f.evidence
        );
    }

    #[test]
    fn imported_users_are_named_as_such() {
        let mut u = user("imp", "imp@example.com", Some("false"));
        u.status = "RESET_REQUIRED".into();
        u.last_modified = u.created.clone();
        let f = finding(&snapshot(u), "email-never-verified");
        assert!(f.evidence.iter().any(|e| e.contains("imported")));
    }
}
