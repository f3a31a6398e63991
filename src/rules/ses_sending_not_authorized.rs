//! `ses-sending-not-authorized`: the pool emails with Cognito's default email functionality from
//! a custom FROM address (an SES identity of its own, `SourceArn`), and the identity's sending
//! authorization policy does not let Cognito's email principal send from it. A pool that sends
//! through SES (DEVELOPER) needs no such policy: the service-linked role grants it (Cognito
//! developer guide, "Email settings for Amazon Cognito user pools", and "Authorizing Amazon
//! Cognito to send Amazon SES email on your behalf").

use serde_json::Value;

use super::policy::{allows_action, allows_service, glob, statements, strings};
use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{Pool, SesIdentity, Snapshot};

/// The name the printed policy gets.
pub const POLICY_NAME: &str = "AllowCognitoToSendEmail";

/// The service principal Cognito's default email sends as, in pools whose region SES serves.
pub const EMAIL_PRINCIPAL: &str = "email.cognito-idp.amazonaws.com";

pub const RULE: Rule = Rule {
    code: "ses-sending-not-authorized",
    title: "The SES identity of the pool's FROM address does not let Cognito send from it",
    explanation: "\
What: the pool emails with Cognito's default email functionality (EmailSendingAccount \
COGNITO_DEFAULT) from a custom FROM address, an SES identity of the account (SourceArn), and none \
of the identity's sending authorization policies (GetEmailIdentityPolicies) has a statement that \
allows Cognito's email principal, email.cognito-idp.amazonaws.com, ses:SendEmail or \
ses:SendRawEmail on it. In a pool region where SES is not offered (an \"Alternate Region\" of the \
developer guide's table), the principal is the region's own, cognito-idp.REGION.amazonaws.com, \
and it is needed with either email setting.

Why: Cognito sends as that identity on the pool's behalf only when the identity's policy allows \
it. The console attaches the policy when the address is chosen there; the AWS CLI, the API and \
infrastructure code do not, and every message then fails. A pool that sends through SES \
(EmailSendingAccount DEVELOPER) needs no policy: Cognito's service-linked role \
AWSServiceRoleForAmazonCognitoIdpEmailService grants the access, and the tool does not flag it. A \
policy written for cognito-idp.amazonaws.com does not authorize the email principal.

Fix: add the documented statement with `aws sesv2 create-email-identity-policy`, in the identity's \
region, limited to the pool's account and ARN (aws:SourceAccount, aws:SourceArn).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "is not authorized to perform `ses:SendEmail' on resource",
            source: "Amazon SES AccessDenied wording seen through Cognito (aws-cdk issue #19787, AWS re:Post)",
            direct: true,
        },
        Symptom {
            text: "Cognito is not allowed to use your email identity",
            source: "Amazon Cognito InvalidEmailRoleAccessPolicyException wording at UpdateUserPool and CreateUserPool",
            direct: true,
        },
        Symptom {
            text: "InvalidEmailRoleAccessPolicyException",
            source: "AWS API reference, CreateUserPool and UpdateUserPool errors",
            direct: true,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

/// The principal the SES identity of the pool's FROM address must authorize, when the pool
/// needs a sending authorization policy at all: Cognito's default email with a custom FROM
/// address, or any pool in an alternate region; None for a pool that sends through SES in a
/// region SES serves, or that has no FROM identity of its own.
pub fn principal_needed(pool: &Pool) -> Option<String> {
    pool.source_arn.as_ref()?;
    let region = super::ses_regions::pool_region(pool);
    // Alternate regions: the developer guide's table (see `ses_regions`).
    let alternate = region
        .as_deref()
        .is_some_and(super::ses_regions::is_alternate);
    let through_ses = pool.email_sending_account.as_deref() == Some("DEVELOPER");
    match (alternate, through_ses) {
        (true, _) => region.map(|r| format!("cognito-idp.{r}.amazonaws.com")),
        (false, true) => None,
        (false, false) => Some(EMAIL_PRINCIPAL.to_owned()),
    }
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let principal = principal_needed(&s.pool)?;
    let id = s.pool.ses.as_ref()?;
    // A missing identity is the other finding; unread policies are under `unavailable`.
    let policies = match (id.exists, &id.policies) {
        (Some(true), Some(p)) => p,
        _ => return None,
    };
    if policies
        .iter()
        .any(|(_, doc)| authorizes(doc, &id.arn, &principal))
    {
        return None;
    }
    let setting = match s.pool.email_sending_account.as_deref() {
        Some("DEVELOPER") => format!(
            "the pool sends through SES (EmailSendingAccount DEVELOPER) from SourceArn {} in a region where SES is not offered: the identity must trust {principal}",
            id.arn
        ),
        _ => format!(
            "the pool uses Cognito's default email (EmailSendingAccount {}) with the custom FROM address SourceArn {}: Cognito sends as {principal}, which the identity must authorize",
            s.pool
                .email_sending_account
                .as_deref()
                .unwrap_or("not set, so COGNITO_DEFAULT"),
            id.arn
        ),
    };
    let mut evidence = vec![
        setting,
        if policies.is_empty() {
            format!(
                "GetEmailIdentityPolicies {} in {}: no policy at all",
                id.name, id.region
            )
        } else {
            format!(
                "GetEmailIdentityPolicies {} in {}: {} ({}), none allowing {principal} ses:SendEmail",
                id.name,
                id.region,
                policies.len(),
                policies.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
            )
        },
    ];
    for (name, doc) in policies {
        if authorizes(doc, &id.arn, "cognito-idp.amazonaws.com") {
            evidence.push(format!(
                "policy {name} allows cognito-idp.amazonaws.com, the principal of Lambda triggers, not {principal}, the one Cognito sends email as"
            ));
        }
    }
    let fix = vec![FixStep::run(
        "Let Cognito send from the identity, for this pool only (the developer guide's policy)",
        Action::AuthorizeCognitoOnSes {
            identity: id.name.clone(),
            region: id.region.clone(),
            endpoint: id.endpoint.clone(),
            policy_name: POLICY_NAME.to_owned(),
            policy: policy_for(id, s.pool.arn.as_deref(), &principal),
        },
    )];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

/// The developer guide's sending authorization policy for `principal`, limited to the pool's
/// account and ARN when they are known.
pub fn policy_for(id: &SesIdentity, pool_arn: Option<&str>, principal: &str) -> Value {
    let mut statement = serde_json::json!({
        "Sid": "AllowCognitoToSendEmail",
        "Effect": "Allow",
        "Principal": {"Service": [principal]},
        "Action": ["SES:SendEmail", "SES:SendRawEmail"],
        "Resource": id.arn,
    });
    if let Some(arn) = pool_arn {
        let account = arn.split(':').nth(4).unwrap_or_default();
        statement["Condition"] = serde_json::json!({
            "StringEquals": {"aws:SourceAccount": account},
            "ArnLike": {"aws:SourceArn": arn},
        });
    }
    serde_json::json!({"Version": "2012-10-17", "Statement": [statement]})
}

/// Whether a policy document has an Allow statement for `principal` with ses:SendEmail or
/// ses:SendRawEmail (or a wildcard) on the identity (or a wildcard).
pub fn authorizes(doc: &str, identity_arn: &str, principal: &str) -> bool {
    statements(doc).iter().any(|st| {
        allows_service(st, principal)
            && allows_action(st, &["ses:sendemail", "ses:sendrawemail"])
            && strings(st.get("Resource"))
                .iter()
                .any(|r| glob(r, identity_arn))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    const ARN: &str = "arn:aws:ses:us-east-1:111122223333:identity/example.com";
    const POOL_ARN: &str = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Abc";

    fn with_policies(sending: Option<&str>, policies: &[(&str, &str)]) -> Snapshot {
        let mut s = pool_snapshot();
        s.pool.email_sending_account = sending.map(str::to_owned);
        s.pool.arn = Some(POOL_ARN.into());
        s.pool.source_arn = Some(ARN.into());
        let mut id = SesIdentity::parse_arn(ARN).unwrap();
        id.exists = Some(true);
        id.verification_status = Some("SUCCESS".into());
        id.policies = Some(
            policies
                .iter()
                .map(|(n, d)| (n.to_string(), d.to_string()))
                .collect(),
        );
        s.pool.ses = Some(id);
        s
    }

    #[test]
    fn a_pool_that_sends_through_ses_needs_no_policy() {
        // The correction of version 4: the service-linked role authorizes DEVELOPER pools.
        let s = with_policies(Some("DEVELOPER"), &[]);
        assert_eq!(principal_needed(&s.pool), None);
        assert!(!codes(&s).contains(&"ses-sending-not-authorized"));
    }

    #[test]
    fn the_default_email_with_a_custom_from_address_needs_the_email_principal() {
        for sending in [Some("COGNITO_DEFAULT"), None] {
            let f = finding(&with_policies(sending, &[]), "ses-sending-not-authorized");
            assert!(f.evidence[1].contains("no policy at all"), "{f:?}");
            let Some(Action::AuthorizeCognitoOnSes { policy, region, .. }) = &f.fix[0].action
            else {
                panic!("{f:?}");
            };
            assert_eq!(region, "us-east-1");
            let st = &policy["Statement"][0];
            assert_eq!(st["Principal"]["Service"][0], EMAIL_PRINCIPAL);
            assert_eq!(
                st["Condition"]["StringEquals"]["aws:SourceAccount"],
                "111122223333"
            );
            assert_eq!(st["Condition"]["ArnLike"]["aws:SourceArn"], POOL_ARN);
            // The printed policy itself authorizes Cognito's email principal.
            assert!(authorizes(&policy.to_string(), ARN, EMAIL_PRINCIPAL));
        }
    }

    #[test]
    fn a_policy_for_the_lambda_principal_does_not_authorize_email_and_says_so() {
        let old = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cognito-idp.amazonaws.com"},"Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"arn:aws:ses:us-east-1:111122223333:identity/example.com"}]}"#;
        let f = finding(
            &with_policies(Some("COGNITO_DEFAULT"), &[("old", old)]),
            "ses-sending-not-authorized",
        );
        assert!(
            f.evidence
                .iter()
                .any(|e| e.contains("policy old allows cognito-idp.amazonaws.com")),
            "{f:?}"
        );
    }

    #[test]
    fn the_documented_statement_or_a_wildcard_clears_it() {
        for doc in [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"stmnt1234567891234","Effect":"Allow","Principal":{"Service":["email.cognito-idp.amazonaws.com"]},"Action":["SES:SendEmail","SES:SendRawEmail"],"Resource":"arn:aws:ses:us-east-1:111122223333:identity/example.com","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},"ArnLike":{"aws:SourceArn":"arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Abc"}}}]}"#,
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":["email.cognito-idp.amazonaws.com"]},"Action":"ses:*","Resource":"arn:aws:ses:*:111122223333:identity/*"}}"#,
        ] {
            assert!(
                !codes(&with_policies(Some("COGNITO_DEFAULT"), &[("p", doc)]))
                    .contains(&"ses-sending-not-authorized"),
                "{doc}"
            );
        }
        let deny = r#"{"Statement":[{"Effect":"Deny","Principal":{"Service":"email.cognito-idp.amazonaws.com"},"Action":"ses:SendEmail","Resource":"*"}]}"#;
        assert!(codes(&with_policies(None, &[("p", deny)])).contains(&"ses-sending-not-authorized"));
        assert!(!authorizes("not json", ARN, EMAIL_PRINCIPAL));
    }

    #[test]
    fn an_alternate_region_pool_needs_its_regional_principal_with_either_setting() {
        let mut pool = pool_snapshot().pool;
        pool.id = "me-central-1_Abc".into();
        pool.source_arn = Some("arn:aws:ses:eu-central-1:111122223333:identity/example.com".into());
        for sending in [Some("DEVELOPER"), Some("COGNITO_DEFAULT")] {
            pool.email_sending_account = sending.map(str::to_owned);
            assert_eq!(
                principal_needed(&pool).as_deref(),
                Some("cognito-idp.me-central-1.amazonaws.com")
            );
        }
        pool.source_arn = None;
        assert_eq!(principal_needed(&pool), None);
    }
}
