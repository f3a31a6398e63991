//! `token-claims-stale`: the ID token the user's app holds predates the user's last change, and
//! its email claims no longer say what the pool says.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::{epoch_seconds, Snapshot};

pub const RULE: Rule = Rule {
    code: "token-claims-stale",
    title: "The user's ID token predates the last change: its email claims are out of date",
    explanation: "\
What: the ID token given with --id-token-file says email_verified false while the pool now says \
true, or names another address than the pool's, and it was issued (iat) before the user was \
last modified (UserLastModifiedDate).

Why: an ID token carries the user's attributes as they were when it was issued. Refreshing the \
tokens with the refresh token keeps those claims; only a new sign-in issues a token with the \
new ones. An app that reads email_verified from the token keeps showing the user as unverified \
(\"still false in my app\") after the fix, although Cognito holds it verified. The token is \
decoded here, never verified against the network, and never printed.

Fix: the user signs out and signs in again (or the app asks for new tokens with a new \
authentication, not a refresh); or the app reads the attribute with GetUser instead of from the \
token.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "email_verified is still false in my app",
        source: "public reports of apps reading the ID token after an administrator's fix (amplify-js, re:Post)",
        direct: true,
    }],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let t = s.id_token.as_ref()?;
    let u = &s.user;
    let modified = epoch_seconds(u.last_modified.as_deref()?)?;
    let iat = t.iat?;
    if iat >= modified {
        return None;
    }
    let mut differences = Vec::new();
    if t.email_verified == Some(false) && u.email_verified() {
        differences.push(format!(
            "the token says email_verified false; the pool now says {}",
            u.email_verified_evidence()
        ));
    }
    if let (Some(claimed), Some(now)) = (t.email.as_deref(), u.email.as_deref()) {
        if claimed != now {
            differences.push(format!(
                "the token names the address {claimed}; the pool now holds {now}"
            ));
        }
    }
    if differences.is_empty() {
        return None;
    }
    let issued = crate::wire::rfc3339_ms(iat.saturating_mul(1000));
    let mut evidence = vec![format!(
        "the ID token of user {} was issued at {issued} (iat), before the user was last modified at {}",
        u.username,
        u.last_modified.as_deref().unwrap_or_default()
    )];
    evidence.extend(differences);
    evidence.push("a refresh keeps the token's claims; a new sign-in shows the pool's".to_owned());
    Some(RULE.finding(
        Severity::Warning,
        evidence,
        vec![
            FixStep::advice(
                "Have the user sign out and sign in again (a token refresh keeps the old claims)",
            ),
            FixStep::advice(
                "Or let the app read email_verified with GetUser (the pool's value) rather than from the ID token",
            ),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::IdToken;
    use crate::rules::test_support::*;

    fn token(verified: bool, iat: i64, email: &str) -> IdToken {
        IdToken {
            sub: "sub-ann".into(),
            email: Some(email.into()),
            email_verified: Some(verified),
            iat: Some(iat),
        }
    }

    #[test]
    fn a_token_issued_before_the_fix_is_stale_one_issued_after_is_not() {
        // Last modified 2024-06-01T00:00:00Z = 1717200000.
        let mut s = snapshot(user("ann", "a@example.com", Some("true")));
        s.id_token = Some(token(false, 1_717_100_000, "a@example.com"));
        let f = finding(&s, "token-claims-stale");
        assert!(
            f.evidence[1].contains("email_verified false"),
            "{:?}",
            f.evidence
        );
        s.id_token = Some(token(false, 1_717_300_000, "a@example.com"));
        assert!(!codes(&s).contains(&"token-claims-stale"));
        // Another address, verified in both.
        s.id_token = Some(token(true, 1_717_100_000, "old@example.com"));
        assert!(finding(&s, "token-claims-stale").evidence[1].contains("old@example.com"));
        // The same claims as the pool: nothing stale to say.
        s.id_token = Some(token(true, 1_717_100_000, "a@example.com"));
        assert!(!codes(&s).contains(&"token-claims-stale"));
    }
}
