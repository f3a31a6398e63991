//! `ses-sending-not-authorized`: the SES identity the pool sends through has no sending
//! authorization policy that lets Cognito (`cognito-idp.amazonaws.com`) send from it.

use serde_json::Value;

use super::policy::{allows_action, allows_service, glob, statements, strings};
use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{SesIdentity, Snapshot};

/// The name the printed policy gets.
pub const POLICY_NAME: &str = "AllowCognitoToSendEmail";

pub const RULE: Rule = Rule {
    code: "ses-sending-not-authorized",
    title: "SES does not authorize Cognito to send from the pool's identity",
    explanation: "\
What: the pool sends with EmailSendingAccount DEVELOPER through an SES identity (SourceArn), and \
none of the identity's sending authorization policies (GetEmailIdentityPolicies) has a statement \
that allows the service principal cognito-idp.amazonaws.com ses:SendEmail or ses:SendRawEmail \
on it.

Why: Amazon Cognito sends as that identity on the pool's behalf, and SES lets it only with such a \
policy. The console adds it when the pool is set up there; infrastructure code (CDK, \
CloudFormation, Terraform) often does not, and every code then fails to send.

Fix: add the statement with `aws sesv2 create-email-identity-policy`, in the identity's region, \
limited to the pool's account and ARN (aws:SourceAccount, aws:SourceArn).",
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

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let id = s.pool.ses.as_ref()?;
    // A missing identity is the other finding; unread policies are under `unavailable`.
    let policies = match (id.exists, &id.policies) {
        (Some(true), Some(p)) => p,
        _ => return None,
    };
    if policies
        .iter()
        .any(|(_, doc)| authorizes_cognito(doc, &id.arn))
    {
        return None;
    }
    let evidence = vec![
        format!(
            "the pool sends with EmailSendingAccount DEVELOPER through SourceArn {}",
            id.arn
        ),
        if policies.is_empty() {
            format!(
                "GetEmailIdentityPolicies {} in {}: no policy at all",
                id.name, id.region
            )
        } else {
            format!(
                "GetEmailIdentityPolicies {} in {}: {} ({}), none allowing cognito-idp.amazonaws.com ses:SendEmail",
                id.name,
                id.region,
                policies.len(),
                policies.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
            )
        },
    ];
    let fix = vec![FixStep::run(
        "Let Cognito send from the identity, for this pool only",
        Action::AuthorizeCognitoOnSes {
            identity: id.name.clone(),
            region: id.region.clone(),
            endpoint: id.endpoint.clone(),
            policy_name: POLICY_NAME.to_owned(),
            policy: policy_for(id, s.pool.arn.as_deref()),
        },
    )];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

/// The statement Cognito needs, limited to the pool's account and ARN when they are known.
pub fn policy_for(id: &SesIdentity, pool_arn: Option<&str>) -> Value {
    let mut statement = serde_json::json!({
        "Sid": "AllowCognitoToSendEmail",
        "Effect": "Allow",
        "Principal": {"Service": "cognito-idp.amazonaws.com"},
        "Action": ["ses:SendEmail", "ses:SendRawEmail"],
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

/// Whether a policy document has an Allow statement for the Cognito service principal with
/// ses:SendEmail or ses:SendRawEmail (or a wildcard) on the identity (or a wildcard).
pub fn authorizes_cognito(doc: &str, identity_arn: &str) -> bool {
    statements(doc).iter().any(|st| {
        allows_service(st, "cognito-idp.amazonaws.com")
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

    const ARN: &str = "arn:aws:ses:eu-west-1:111122223333:identity/example.com";

    fn with_policies(policies: &[(&str, &str)]) -> Snapshot {
        let mut s = pool_snapshot();
        s.pool.email_sending_account = Some("DEVELOPER".into());
        s.pool.arn =
            Some("arn:aws:cognito-idp:us-east-1:444455556666:userpool/us-east-1_Abc".into());
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
    fn no_policy_or_one_for_another_principal_is_an_error_with_the_policy_to_add() {
        let f = finding(&with_policies(&[]), "ses-sending-not-authorized");
        assert!(f.evidence[1].contains("no policy at all"), "{f:?}");
        let other = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"ses:SendEmail","Resource":"*"}]}"#;
        let f = finding(
            &with_policies(&[("app", other)]),
            "ses-sending-not-authorized",
        );
        assert!(f.evidence[1].contains("1 (app)"), "{f:?}");
        let Some(Action::AuthorizeCognitoOnSes { policy, region, .. }) = &f.fix[0].action else {
            panic!("{f:?}");
        };
        assert_eq!(region, "eu-west-1");
        assert_eq!(
            policy["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"],
            "444455556666"
        );
        // The printed policy itself authorizes Cognito.
        assert!(authorizes_cognito(&policy.to_string(), ARN));
    }

    #[test]
    fn a_statement_for_cognito_on_the_identity_or_a_wildcard_clears_it() {
        for doc in [
            r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cognito-idp.amazonaws.com"},"Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"arn:aws:ses:eu-west-1:111122223333:identity/example.com"}]}"#,
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":["cognito-idp.amazonaws.com"]},"Action":"ses:*","Resource":"arn:aws:ses:*:111122223333:identity/*"}}"#,
        ] {
            assert!(
                !codes(&with_policies(&[("p", doc)])).contains(&"ses-sending-not-authorized"),
                "{doc}"
            );
        }
        let deny = r#"{"Statement":[{"Effect":"Deny","Principal":{"Service":"cognito-idp.amazonaws.com"},"Action":"ses:SendEmail","Resource":"*"}]}"#;
        assert!(codes(&with_policies(&[("p", deny)])).contains(&"ses-sending-not-authorized"));
        assert!(!authorizes_cognito("not json", ARN));
    }
}
