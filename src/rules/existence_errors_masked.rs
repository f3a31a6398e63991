//! `existence-errors-masked`: the user asked for is not in the pool, and an app client masks
//! that: the app showed "code sent" and nothing was sent.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "existence-errors-masked",
    title: "No such user, and the app client hides it: the app said a code was sent, and none was",
    explanation: "\
What: the user `diagnose` was asked for is not in the pool, and an app client has \
PreventUserExistenceErrors ENABLED.

Why: with that setting, ForgotPassword and ResendConfirmationCode for an address that belongs to \
no user answer as if a code was sent (a made-up CodeDeliveryDetails), so that the app cannot be \
used to learn which addresses have accounts. The user sees \"code sent\" and waits for a message \
that was never sent.

Fix: the address belongs to no user: the user signs up, or uses the address the account was made \
with. The diagnosis lists the nearest users it read (the same address in another case, the same \
local part at another domain).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "PreventUserExistenceErrors",
        source: "AWS API reference, UserPoolClientType",
        direct: true,
    }],
    stage: super::Stage::Identity,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let missing = s.missing.as_ref()?;
    let masking: Vec<String> = s
        .clients
        .iter()
        .filter(|c| c.masks_existence())
        .map(|c| format!("{} ({})", c.name, c.id))
        .collect();
    if masking.is_empty() {
        return None;
    }
    let mut evidence = vec![
        format!("no user has {}", missing.asked),
        format!(
            "app client{} {} {} PreventUserExistenceErrors ENABLED: ForgotPassword and ResendConfirmationCode for a user that does not exist answer as if a code was sent",
            if masking.len() == 1 { "" } else { "s" },
            masking.join(", "),
            if masking.len() == 1 { "has" } else { "have" }
        ),
    ];
    if missing.nearest.is_empty() {
        evidence.push(
            "no user with the same address in another case or the same local part was found".into(),
        );
    }
    for u in &missing.nearest {
        evidence.push(format!(
            "nearest user read: {} ({}, status {})",
            u.username,
            u.email.as_deref().unwrap_or("no email"),
            u.status
        ));
    }
    let fix = vec![FixStep::advice(if missing.nearest.is_empty() {
        "The address belongs to no user, and no user has the same local part: the user signs up, or finds the address the account was made with".to_owned()
    } else {
        format!(
            "The address belongs to no user: the user signs up, or uses the address the account was made with (the nearest user{} read: {})",
            if missing.nearest.len() == 1 { "" } else { "s" },
            missing
                .nearest
                .iter()
                .map(|u| format!("{} ({})", u.username, u.email.as_deref().unwrap_or("no email")))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })];
    Some(RULE.finding(Severity::Info, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::Missing;
    use crate::rules::test_support::*;

    #[test]
    fn a_missing_user_behind_a_masking_client_is_named_with_the_nearest_users() {
        let mut s = pool_snapshot();
        s.missing = Some(Missing {
            asked: "email ann@example.com".into(),
            nearest: vec![user("ann2", "Ann@Example.com", Some("true"))],
            lookups: Vec::new(),
        });
        let mut c = client("web", None);
        assert!(!codes(&{
            let mut t = s.clone();
            t.clients = vec![c.clone()];
            t
        })
        .contains(&"existence-errors-masked"));
        c.update_input = serde_json::json!({"PreventUserExistenceErrors": "ENABLED"});
        s.clients = vec![c];
        let f = finding(&s, "existence-errors-masked");
        assert!(
            f.evidence[1].contains("web-name (web) has PreventUserExistenceErrors ENABLED"),
            "{f:?}"
        );
        assert!(f.evidence[2].contains("ann2 (Ann@Example.com"), "{f:?}");
    }
}
