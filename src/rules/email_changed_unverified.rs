//! `email-changed-unverified`: cause 1, a local user's email is unverified and the user was
//! modified after its creation (an email change is one possibility; the API does not say).

use super::{
    has_tokens, local_federated_evidence, never_verified_signs, unexplained_unverified, Rule,
    Scope, Severity, Symptom,
};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "email-changed-unverified",
    title: "The user's email is unverified, and the user was modified after it was created",
    explanation: "\
What: a local user (or a federated one whose provider does not map email) has an email address \
and email_verified is false or absent, neither an alias conflict nor a pending sign-up explains \
it, and the user was modified after it was created (see email-never-verified for users that \
were never verified). Where the dates were not read, or show no change (a user in another \
status, such as COMPROMISED), the finding's title claims no change: only that no other cause \
explains the unverified email.

Why: when a user's email changes (UpdateUserAttributes or AdminUpdateUserAttributes), Amazon \
Cognito sets email_verified to false until the new address is verified. A user created by an \
administrator without email_verified=true is in the same state. With an unverified email the \
user cannot reset a forgotten password by email, and cannot sign in with the email if it is an \
alias.

Fix: make sure the pool sends email codes (AutoVerifiedAttributes includes email; see \
verification-not-configured). Then either an administrator who knows the user owns the address \
sets email_verified=true with AdminUpdateUserAttributes (`reverify --admin`), or the user asks \
for a code with GetUserAttributeVerificationCode (again if the code expired) and submits it with \
VerifyUserAttribute (`reverify --send-code`, then `reverify --code-file`).",
    docs: "https://repost.aws/knowledge-center/cognito-email-verified-attribute",
    scope: Scope::User,
    symptoms: unverified_email_symptoms![],
    stage: super::Stage::State,
    check,
    fixed_by: Some(super::Fixer::AdminReverify),
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let email = unexplained_unverified(s)?;
    if never_verified_signs(s).is_some() {
        return None;
    }
    let u = &s.user;
    let mut evidence = vec![
        format!("user {} has email {email}", u.username),
        u.email_verified_evidence(),
        format!("status {} (not a pending sign-up)", u.status),
    ];
    evidence.push(local_federated_evidence(s).unwrap_or_else(|| {
        "the user has no external identity (not federated, not linked)".to_owned()
    }));
    let mut dates = super::dates_evidence(u);
    if modified_after_creation(u) {
        dates.push_str("; an email change leaves email_verified false, an edit of another attribute (a name, a password) leaves it as it was, so this may be a change of address or an email that was never verified");
    }
    evidence.push(dates);
    if let Some(h) = &s.history {
        evidence.extend(history_evidence(h));
    }
    if s.pool.email_is_alias() {
        if s.unavailable.iter().any(|x| x.operation == "ListUsers") {
            evidence.push(
                "users with the same email could not be listed, so an alias conflict is not ruled out"
                    .to_owned(),
            );
        } else {
            evidence.push("no other user holds this email as a verified alias".to_owned());
        }
    }
    if s.pool.sends_email_codes() {
        evidence.push(
            "the pool sends email verification codes (AutoVerifiedAttributes includes email)"
                .to_owned(),
        );
    }
    let mut fix = Vec::new();
    if !s.pool.sends_email_codes() {
        fix.push(FixStep::advice(
            "First make the pool send email verification codes (see verification-not-configured)",
        ));
    }
    fix.push(FixStep::run(
        "If you know the user owns the address: mark it verified as an administrator",
        Action::admin_verify(&s.pool, u, false),
    ));
    if has_tokens(u) && !u.is_federated() {
        fix.push(FixStep::run(
            "Otherwise: send the user a code (with their access token; again if the code expired)",
            Action::SendCode,
        ));
        fix.push(FixStep::run(
            "and submit the code the user received",
            Action::VerifyCode,
        ));
    }
    let mut f = RULE.finding(Severity::Error, evidence, fix);
    if !modified_after_creation(u) {
        // The dates do not show a change (equal, or not read): the title does not claim one.
        f.title = "The user's email is unverified, and no other cause explains it".to_owned();
    }
    Some(f)
}

/// What CloudTrail's history shows of the user's attribute updates: who made the last one and
/// when, which attributes it shows (values are always hidden; names may be), and whether a
/// VerifyUserAttribute followed. No more than the events show.
fn history_evidence(h: &crate::model::History) -> Vec<String> {
    use crate::model::{Actor, EventKind};
    let mut out = Vec::new();
    let Some(last) = h.accepted(EventKind::AttributeUpdate).last() else {
        out.push(format!(
            "the {} shows no accepted attribute update of this user",
            h.window()
        ));
        return out;
    };
    let who = match &last.actor {
        Actor::OwnToken => "the user, with their own access token".to_owned(),
        Actor::Principal(arn) => format!("an administrator, the IAM principal {arn}"),
        other => other.describe(last.client_id.as_deref()),
    };
    out.push(format!(
        "CloudTrail: the user's attributes were last updated at {} by {who} ({})",
        last.time, last.event
    ));
    out.push(match (last.shows_attribute("email"), &last.attributes) {
        (Some(true), _) => "that update names email among its attributes (CloudTrail hides the values)".to_owned(),
        (Some(false), Some(names)) => format!(
            "that update names [{}], not email: it did not change the address",
            names.join(", ")
        ),
        _ => "CloudTrail hides that update's attribute names: whether it changed the email is not shown".to_owned(),
    });
    let verified: Vec<_> = h
        .events
        .iter()
        .filter(|e| e.event == crate::model::VERIFY_ATTRIBUTE_EVENT && e.epoch >= last.epoch)
        .collect();
    out.push(match verified.iter().rev().find(|e| e.succeeded()) {
        Some(v) => format!("a VerifyUserAttribute was accepted after it, at {}", v.time),
        None if !verified.is_empty() => format!(
            "no VerifyUserAttribute after it was accepted ({} refused)",
            verified.len()
        ),
        None => "no VerifyUserAttribute followed it".to_owned(),
    });
    out.push(h.window());
    out
}

/// Both dates read, and the last modification later than the creation.
fn modified_after_creation(u: &crate::model::User) -> bool {
    matches!((&u.created, &u.last_modified), (Some(c), Some(m)) if c != m)
}

#[cfg(test)]
mod tests {
    use crate::model::Unavailable;
    use crate::rules::test_support::*;

    #[test]
    fn fires_for_a_confirmed_local_user_with_unverified_email() {
        let s = snapshot(user("alice", "a@example.com", Some("false")));
        assert!(codes(&s).contains(&"email-changed-unverified"));
    }

    #[test]
    fn absent_email_verified_counts_as_false() {
        let s = snapshot(user("alice", "a@example.com", None));
        assert!(codes(&s).contains(&"email-changed-unverified"));
    }

    #[test]
    fn silent_when_verified_in_any_case() {
        for v in ["true", "True"] {
            let s = snapshot(user("alice", "a@example.com", Some(v)));
            assert!(!codes(&s).contains(&"email-changed-unverified"), "{v}");
        }
    }

    #[test]
    fn a_federated_user_whose_provider_does_not_map_email_is_diagnosed_as_local() {
        let mut u = user("Facebook_1", "f@example.com", Some("false"));
        federate(&mut u, "Facebook", "Facebook");
        let mut s = snapshot(u);
        s.providers
            .push(provider("Facebook", "Facebook", &[("username", "id")]));
        assert_eq!(codes(&s), ["email-changed-unverified"]);
        let f = finding(&s, "email-changed-unverified");
        assert!(f.evidence.iter().any(|e| e.contains("does not map email")));
        assert!(!f
            .fix
            .iter()
            .any(|s| s.action == Some(crate::fix::Action::SendCode)));
    }

    #[test]
    fn the_evidence_words_the_change_as_a_guess_from_dates() {
        let f = finding(
            &snapshot(user("alice", "a@example.com", Some("false"))),
            "email-changed-unverified",
        );
        assert!(f.evidence.iter().any(|e| e
            .contains("created 2024-01-01T00:00:00Z and last modified 2024-06-01T00:00:00Z")
            && e.contains("does not say")));
    }

    /// The title and the evidence claim a change only where the dates show one.
    #[test]
    fn words_match_the_dates_read() {
        let changed = finding(
            &snapshot(user("alice", "a@example.com", Some("false"))),
            "email-changed-unverified",
        );
        assert_eq!(
            changed.title,
            "The user's email is unverified, and the user was modified after it was created"
        );
        for (created, modified, says) in [
            (
                None,
                Some("2024-06-01T00:00:00Z"),
                "its creation date was not read",
            ),
            (
                Some("2024-01-01T00:00:00Z"),
                None,
                "its last-modified date was not read",
            ),
            (None, None, "dates were not read"),
        ] {
            let mut u = user("alice", "a@example.com", Some("false"));
            u.created = created.map(str::to_owned);
            u.last_modified = modified.map(str::to_owned);
            let f = finding(&snapshot(u), "email-changed-unverified");
            assert!(!f.title.contains("modified after"), "{}", f.title);
            assert!(
                f.evidence.iter().any(|e| e.contains(says)),
                "{:?}",
                f.evidence
            );
            assert!(
                !f.evidence.iter().any(|e| e.contains("something changed")),
                "{:?}",
                f.evidence
            );
        }
        // A status the dates do not settle, never modified: no change is claimed.
        let mut u = user("cora", "c@example.com", Some("false"));
        u.status = "COMPROMISED".into();
        u.last_modified = u.created.clone();
        let f = finding(&snapshot(u), "email-changed-unverified");
        assert_eq!(
            f.title,
            "The user's email is unverified, and no other cause explains it"
        );
        assert!(
            f.evidence.iter().any(|e| e.contains(
                "at the same moment (2024-01-01T00:00:00Z): nothing shows that it changed"
            )),
            "{:?}",
            f.evidence
        );
    }

    #[test]
    fn silent_for_federated_and_unconfirmed_users() {
        let mut u = user("alice", "a@example.com", Some("false"));
        federate(&mut u, "Okta", "OIDC");
        assert!(!codes(&snapshot(u)).contains(&"email-changed-unverified"));
        let mut u = user("bob", "b@example.com", Some("false"));
        u.status = "UNCONFIRMED".into();
        assert!(!codes(&snapshot(u)).contains(&"email-changed-unverified"));
    }

    /// The history says who changed the attributes and whether a verification followed, and no
    /// more than its events show.
    #[test]
    fn the_history_names_who_updated_and_whether_a_verification_followed() {
        use crate::model::{Actor, History};
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        let mut update = history_event("AdminUpdateUserAttributes", 100, None);
        update.actor = Actor::Principal("arn:aws:iam::111122223333:user/admin".into());
        update.attributes = Some(vec!["email".into()]);
        s.history = Some(History {
            events: vec![update],
            ..History::default()
        });
        let f = finding(&s, "email-changed-unverified");
        let text = f.evidence.join("\n");
        assert!(
            text.contains("by an administrator, the IAM principal arn:aws:iam::111122223333:user/admin (AdminUpdateUserAttributes)"),
            "{text}"
        );
        assert!(text.contains("names email among its attributes"), "{text}");
        assert!(
            text.contains("no VerifyUserAttribute followed it"),
            "{text}"
        );
        // Hidden names: the evidence does not claim the email changed.
        s.history.as_mut().unwrap().events[0].attributes = None;
        let text = finding(&s, "email-changed-unverified").evidence.join("\n");
        assert!(
            text.contains("whether it changed the email is not shown"),
            "{text}"
        );
        // The user's own update of another attribute.
        let mut own = history_event("UpdateUserAttributes", 200, None);
        own.attributes = Some(vec!["name".into()]);
        s.history.as_mut().unwrap().events = vec![own];
        let text = finding(&s, "email-changed-unverified").evidence.join("\n");
        assert!(
            text.contains("by the user, with their own access token"),
            "{text}"
        );
        assert!(text.contains("names [name], not email"), "{text}");
    }

    #[test]
    fn says_when_an_alias_conflict_could_not_be_ruled_out() {
        let mut s = snapshot(user("alice", "a@example.com", Some("false")));
        s.pool.alias_attributes = vec!["email".into()];
        s.unavailable.push(Unavailable {
            operation: "ListUsers".into(),
            error: "AccessDeniedException".into(),
            ..Unavailable::default()
        });
        let f = crate::engine::findings(&s);
        let f = f
            .iter()
            .find(|f| f.code == "email-changed-unverified")
            .unwrap();
        assert!(f.evidence.iter().any(|e| e.contains("not ruled out")));
    }
}
