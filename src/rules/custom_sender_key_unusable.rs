//! `custom-sender-key-unusable`: the KMS key the custom email sender's codes are encrypted with
//! is disabled, pending deletion or gone.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "custom-sender-key-unusable",
    title: "The custom email sender's KMS key cannot be used: no code can be sent",
    explanation: "\
What: the pool sends email through a custom email sender trigger (LambdaConfig.CustomEmailSender), \
and DescribeKey of its KMS key (LambdaConfig.KMSKeyID) shows it disabled, pending deletion or in \
another state than Enabled, or answers that it does not exist.

Why: Cognito never hands codes and temporary passwords to a custom sender in plain text: it \
encrypts each with that key (the developer guide, \"Custom sender Lambda triggers\"). With the key \
unusable, the encryption fails and no code reaches the function, so no email is sent at all.

Fix: enable the key again (aws kms enable-key), or cancel its deletion (aws kms \
cancel-key-deletion, then enable it); a key that is gone cannot come back: create a symmetric key, \
give the function's role kms:Decrypt on it, and point LambdaConfig.KMSKeyID at it (UpdateUserPool, \
carrying every other setting).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "DisabledException",
            source: "AWS KMS API reference, Encrypt errors: the key is disabled",
            direct: true,
        },
        Symptom {
            text: "KMSInvalidStateException",
            source: "AWS KMS API reference, Encrypt errors: the key is pending deletion or otherwise not usable",
            direct: true,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let sender = s.pool.custom_email_sender.as_deref()?;
    let key = s.pool.kms_key.as_ref()?;
    let why = key.unusable()?;
    let evidence = vec![
        format!("the pool sends email through the custom email sender {sender}, which gets every code encrypted with LambdaConfig.KMSKeyID {}", key.id),
        why,
    ];
    let fix = if key.exists == Some(false) {
        vec![FixStep::advice(format!(
            "Create a symmetric KMS key, give the sender's execution role kms:Decrypt on it, and set LambdaConfig.KMSKeyID to it in place of {}",
            key.id
        ))]
    } else {
        vec![FixStep::advice(format!(
            "Enable the key {} again (aws kms enable-key; for a key pending deletion, aws kms cancel-key-deletion first)",
            key.id
        ))]
    };
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::KmsKey;
    use crate::rules::test_support::*;

    #[test]
    fn a_disabled_pending_or_missing_key_is_an_error_an_enabled_one_is_not() {
        let mut s = pool_snapshot();
        s.pool.custom_email_sender =
            Some("arn:aws:lambda:us-east-1:111122223333:function:sender".into());
        let key = |state: Option<&str>, exists| KmsKey {
            id: "arn:aws:kms:us-east-1:111122223333:key/k".into(),
            exists: Some(exists),
            state: state.map(str::to_owned),
            ..KmsKey::default()
        };
        s.pool.kms_key = Some(key(Some("Enabled"), true));
        assert!(!codes(&s).contains(&"custom-sender-key-unusable"));
        for (state, exists, says) in [
            (Some("Disabled"), true, "KeyState Disabled"),
            (Some("PendingDeletion"), true, "KeyState PendingDeletion"),
            (None, false, "does not exist"),
        ] {
            s.pool.kms_key = Some(key(state, exists));
            let f = finding(&s, "custom-sender-key-unusable");
            assert!(f.evidence[1].contains(says), "{:?}", f.evidence);
        }
        // Not read: no verdict.
        s.pool.kms_key = None;
        assert!(!codes(&s).contains(&"custom-sender-key-unusable"));
    }
}
