//! `link-verification-without-domain`: the pool confirms by link but has no domain for the link.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "link-verification-without-domain",
    title: "Verification emails carry a link, but the pool has no domain for it",
    explanation: "\
What: the pool's VerificationMessageTemplate.DefaultEmailOption is CONFIRM_WITH_LINK and the pool \
has neither a Cognito domain (Domain) nor a custom domain (CustomDomain).

Why: a confirmation link points to the pool's domain. Without one the link cannot work (or no \
message is sent), so sign-ups stay UNCONFIRMED and their emails unverified. Operations that send \
the link fail with InvalidParameterException mentioning that no valid user pool domain is \
associated with the pool.

Fix: add a domain (CreateUserPoolDomain with a prefix you choose), or switch to codes: \
DefaultEmailOption CONFIRM_WITH_CODE with UpdateUserPool, sending every other pool setting (the \
AWS CLI command below does).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain.html",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "Cannot perform specific action because there does not exist a valid use pool domain associated with the user pool",
        source: "AWS re:Post and amplify-js reports (InvalidParameterException from SignUp and ResendConfirmationCode)",
        direct: true,
    }],
    stage: super::Stage::Configuration,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let p = &s.pool;
    if !p.confirms_with_link() || p.domain.is_some() || p.custom_domain.is_some() {
        return None;
    }
    let mut evidence = vec![
        "the pool's VerificationMessageTemplate.DefaultEmailOption is CONFIRM_WITH_LINK".to_owned(),
        "the pool has no Domain and no CustomDomain: the link has nowhere to point".to_owned(),
    ];
    let severity = if s.has_user() && (s.user.email_verified() || s.user.email.is_none()) {
        Severity::Info
    } else {
        if s.has_user() {
            evidence.push(format!(
                "user {} has status {} and {}",
                s.user.username,
                s.user.status,
                s.user.email_verified_evidence()
            ));
        }
        Severity::Error
    };
    let fix = vec![
        FixStep::run(
            "Add a Cognito domain (choose a free prefix)",
            Action::CreateDomain {
                pool_id: p.id.clone(),
            },
        ),
        FixStep::run(
            "Or send codes instead of links, carrying over every other pool setting",
            Action::UpdatePool {
                pool_id: p.id.clone(),
                update_input: p.update_with(
                    &["VerificationMessageTemplate", "DefaultEmailOption"],
                    serde_json::json!("CONFIRM_WITH_CODE"),
                ),
            },
        ),
    ];
    Some(RULE.finding(severity, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    #[test]
    fn link_mode_without_a_domain_is_an_error_and_either_fix_is_offered() {
        let mut s = pool_snapshot();
        s.pool.default_email_option = Some("CONFIRM_WITH_LINK".into());
        s.pool.update_input = serde_json::json!({"UserPoolId": "us-east-1_Test", "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_LINK", "EmailSubjectByLink": "Hi"}});
        let f = finding(&s, "link-verification-without-domain");
        let Some(Action::UpdatePool { update_input, .. }) = &f.fix[1].action else {
            panic!()
        };
        assert_eq!(
            update_input["VerificationMessageTemplate"]["DefaultEmailOption"],
            "CONFIRM_WITH_CODE"
        );
        assert_eq!(
            update_input["VerificationMessageTemplate"]["EmailSubjectByLink"],
            "Hi"
        );
        s.pool.domain = Some("myapp".into());
        assert!(!codes(&s).contains(&"link-verification-without-domain"));
    }
}
