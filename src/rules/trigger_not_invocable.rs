//! `trigger-not-invocable`: a Lambda trigger of the pool whose function is gone, or whose
//! resource policy does not let Cognito (`cognito-idp.amazonaws.com`) invoke it for this pool.

use super::policy::{allows_action, allows_service, glob, statements, strings};
use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{Snapshot, Trigger};

pub const RULE: Rule = Rule {
    code: "trigger-not-invocable",
    title: "A Lambda trigger of the pool cannot be invoked by Cognito",
    explanation: "\
What: a trigger in the pool's LambdaConfig (CustomMessage, CustomEmailSender, PreSignUp, ...) \
names a function that GetFunctionConfiguration does not find, or whose resource policy \
(GetPolicy) has no statement allowing cognito-idp.amazonaws.com lambda:InvokeFunction for this \
pool (its aws:SourceArn condition, when it has one).

Why: Amazon Cognito calls the trigger on the way to sending a code (a sign-up, a resend, a \
password reset, an email change). When it may not invoke it, the operation fails with \
UnexpectedLambdaException \"PreSignUp invocation failed due to error AccessDeniedException.\" (the \
trigger's name first; older errors quote Lambda's own \"is not authorized to perform: \
lambda:InvokeFunction\"), and no message is sent. A function deleted, recreated or deployed by code that did not add the \
permission is the usual reason.

Fix: add the permission with `aws lambda add-permission`, with the pool's ARN as --source-arn \
and its account as --source-account; for a deleted function, deploy it again (and add the \
permission), or remove the trigger: the printed UpdateUserPool carries every other setting of \
the pool and leaves out only the triggers whose function does not exist.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html",
    scope: Scope::Pool,
    symptoms: &[
        Symptom {
            text: "CustomMessage failed with error AccessDeniedException",
            source: "Amazon Cognito UserLambdaValidationException wording (aws-cdk issue #25115, AWS re:Post)",
            direct: true,
        },
        Symptom {
            text: "PreSignUp failed with error AccessDeniedException",
            source: "Amazon Cognito UserLambdaValidationException wording (AWS re:Post)",
            direct: true,
        },
        Symptom {
            text: "invocation failed due to error AccessDeniedException",
            source: "Amazon Cognito's UnexpectedLambdaException when it may not invoke a trigger, the trigger's name first (\"PreSignUp invocation failed due to error AccessDeniedException.\": awslabs/service-workbench-on-aws issue #1136; PostConfirmation: amazon-cognito-auth-js issue #223; AWS Knowledge Center, cognito-lambda-trigger-errors)",
            direct: true,
        },
        Symptom {
            text: "is not authorized to perform: lambda:InvokeFunction on resource",
            source: "Lambda's AccessDeniedException (403) inside Cognito's trigger error: \"<function ARN> invocation failed with error User: <Cognito's role> is not authorized to perform: lambda:InvokeFunction on resource: <function ARN> (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; ...)\" (aws/aws-cli issue #2256)",
            direct: true,
        },
        Symptom {
            text: "UnexpectedLambdaException",
            source: "AWS API reference, SignUp, ForgotPassword and ResendConfirmationCode errors: the exception of a trigger Cognito could not invoke",
            direct: false,
        },
        Symptom {
            text: "failed with error ResourceNotFoundException",
            source: "Amazon Cognito UserLambdaValidationException wording for a deleted trigger function",
            direct: true,
        },
        Symptom {
            text: "UserLambdaValidationException",
            source: "AWS API reference, SignUp, ForgotPassword and ResendConfirmationCode errors",
            direct: false,
        },
    ],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

/// Whether the policy lets Cognito invoke the function for the pool `pool_arn`.
pub fn allows_cognito(doc: &str, pool_arn: Option<&str>) -> bool {
    statements(doc).iter().any(|st| {
        let source = st
            .get("Condition")
            .and_then(|c| c.as_object())
            .map(|c| {
                c.values()
                    .flat_map(|m| {
                        strings(m.get("AWS:SourceArn").or_else(|| m.get("aws:SourceArn")))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let for_pool =
            source.is_empty() || pool_arn.is_some_and(|p| source.iter().any(|s| glob(s, p)));
        allows_service(st, "cognito-idp.amazonaws.com")
            && allows_action(st, &["lambda:invokefunction"])
            && for_pool
    })
}

fn broken(t: &Trigger, pool_arn: Option<&str>) -> Option<String> {
    match (t.exists, &t.policy) {
        (Some(false), _) => Some(format!(
            "{} trigger {}: GetFunctionConfiguration answered ResourceNotFoundException (the function does not exist)",
            t.name, t.function_arn
        )),
        (Some(true), Some(doc)) if !allows_cognito(doc, pool_arn) => Some(if doc.is_empty() {
            format!(
                "{} trigger {}: the function has no resource policy, so Cognito may not invoke it",
                t.name, t.function_arn
            )
        } else {
            format!(
                "{} trigger {}: its resource policy (GetPolicy) has no statement letting cognito-idp.amazonaws.com invoke it for this pool",
                t.name, t.function_arn
            )
        }),
        _ => None,
    }
}

/// The pool's UpdateUserPool input without the `gone` triggers: every other setting as read.
/// A trigger named twice in LambdaConfig (`PreTokenGeneration` beside
/// `PreTokenGenerationConfig`, both naming one function) leaves with both keys. None when the
/// input has no LambdaConfig to take them from.
fn without_triggers(s: &Snapshot, gone: &[&Trigger]) -> Option<serde_json::Value> {
    let mut input = s.pool.update_input.clone();
    let config = input.get_mut("LambdaConfig")?.as_object_mut()?;
    let arn_of = |v: &serde_json::Value| {
        v.as_str()
            .or_else(|| v.get("LambdaArn").and_then(|a| a.as_str()))
            .map(str::to_owned)
    };
    let keys: Vec<String> = config
        .iter()
        .filter(|(key, v)| {
            gone.iter().any(|t| {
                *key == &t.name
                    || (key.starts_with(&t.name)
                        && arn_of(v).as_deref() == Some(t.function_arn.as_str()))
            })
        })
        .map(|(key, _)| key.clone())
        .collect();
    if keys.is_empty() {
        return None;
    }
    for key in keys {
        config.remove(&key);
    }
    Some(input)
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let pool_arn = s.pool.arn.as_deref();
    let mut evidence = Vec::new();
    let mut fix = Vec::new();
    let mut gone = Vec::new();
    for t in &s.pool.triggers {
        let Some(why) = broken(t, pool_arn) else {
            continue;
        };
        evidence.push(why);
        match (t.exists, pool_arn) {
            (Some(true), Some(arn)) => fix.push(FixStep::run(
                format!("Let Cognito invoke the {} function, for this pool only", t.name),
                Action::AllowCognitoInvoke {
                    function_arn: t.function_arn.clone(),
                    region: t.region().unwrap_or_default().to_owned(),
                    endpoint: t.endpoint.clone(),
                    pool_arn: arn.to_owned(),
                },
            )),
            (Some(false), _) => {
                gone.push(t);
                fix.push(FixStep::advice(format!(
                    "Deploy {} again (and let Cognito invoke it), or remove the {} trigger (below)",
                    t.function_arn, t.name
                )));
            }
            _ => fix.push(FixStep::advice(format!(
                "Let Cognito invoke {} (aws lambda add-permission with principal cognito-idp.amazonaws.com and this pool's ARN as source)",
                t.function_arn
            ))),
        }
    }
    // One call for every trigger whose function is gone: two calls, each from the pool as read,
    // would put back the trigger the other removed.
    if let Some(update_input) = without_triggers(s, &gone) {
        let names: Vec<&str> = gone.iter().map(|t| t.name.as_str()).collect();
        fix.push(FixStep::run(
            format!(
                "Or remove the {} trigger{} whose function does not exist, keeping every other setting of the pool (UpdateUserPool with the whole configuration as read)",
                names.join(", "),
                if names.len() == 1 { "" } else { "s" }
            ),
            Action::UpdatePool {
                pool_id: s.pool.id.clone(),
                update_input,
            },
        ));
    }
    (!evidence.is_empty()).then(|| RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::*;

    const POOL: &str = "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Abc";
    const FUNCTION: &str = "arn:aws:lambda:eu-west-1:111122223333:function:custom-message";

    fn with_trigger(exists: Option<bool>, policy: Option<&str>) -> Snapshot {
        let mut s = pool_snapshot();
        s.pool.arn = Some(POOL.into());
        s.pool.triggers = vec![Trigger {
            name: "CustomMessage".into(),
            function_arn: FUNCTION.into(),
            exists,
            policy: policy.map(str::to_owned),
            ..Trigger::default()
        }];
        s
    }

    #[test]
    fn a_gone_function_or_one_without_permission_is_an_error_with_its_fix() {
        let gone = finding(&with_trigger(Some(false), None), "trigger-not-invocable");
        assert!(
            gone.evidence[0].contains("ResourceNotFoundException"),
            "{gone:?}"
        );
        assert!(gone.fix[0].action.is_none());
        let bare = finding(&with_trigger(Some(true), Some("")), "trigger-not-invocable");
        let Some(Action::AllowCognitoInvoke {
            region, pool_arn, ..
        }) = &bare.fix[0].action
        else {
            panic!("{bare:?}");
        };
        assert_eq!((region.as_str(), pool_arn.as_str()), ("eu-west-1", POOL));
        let other_pool = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cognito-idp.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Other"}}}]}"#;
        assert!(
            codes(&with_trigger(Some(true), Some(other_pool))).contains(&"trigger-not-invocable")
        );
    }

    /// The pool's input as DescribeUserPool gave it: two triggers and other settings.
    fn with_config(triggers: &[(&str, &str, Option<bool>)]) -> Snapshot {
        let mut s = pool_snapshot();
        s.pool.arn = Some(POOL.into());
        let mut config = serde_json::Map::new();
        for (name, arn, exists) in triggers {
            config.insert((*name).into(), serde_json::json!(arn));
            s.pool.triggers.push(Trigger {
                name: (*name).into(),
                function_arn: (*arn).into(),
                exists: *exists,
                policy: exists.filter(|e| *e).map(|_| String::new()),
                ..Trigger::default()
            });
        }
        s.pool.update_input = serde_json::json!({
            "UserPoolId": "us-east-1_Test",
            "AutoVerifiedAttributes": ["email"],
            "LambdaConfig": config,
            "Policies": {"PasswordPolicy": {"MinimumLength": 14}},
        });
        s
    }

    fn removal(f: &crate::rules::Finding) -> &serde_json::Value {
        match f.fix.last().and_then(|x| x.action.as_ref()) {
            Some(Action::UpdatePool { update_input, .. }) => update_input,
            other => panic!("{other:?}"),
        }
    }

    /// A deleted function gets the advice to deploy it again and, beside it, the lossless
    /// UpdateUserPool that removes only its trigger.
    #[test]
    fn a_gone_function_gets_an_update_that_removes_only_its_trigger() {
        let other = "arn:aws:lambda:eu-west-1:111122223333:function:pre-sign-up";
        let s = with_config(&[
            ("CustomMessage", FUNCTION, Some(false)),
            ("PostAuthentication", other, None),
        ]);
        let f = finding(&s, "trigger-not-invocable");
        assert!(f.fix[0].action.is_none());
        assert!(f.fix[0]
            .description
            .starts_with(&format!("Deploy {FUNCTION} again")));
        assert_eq!(f.fix.len(), 2, "{f:?}");
        assert!(f.fix[1]
            .description
            .contains("remove the CustomMessage trigger whose function does not exist"));
        let input = removal(&f);
        let mut want = s.pool.update_input.clone();
        want["LambdaConfig"]
            .as_object_mut()
            .unwrap()
            .remove("CustomMessage");
        assert_eq!(input, &want);
        assert_eq!(input["LambdaConfig"]["PostAuthentication"], other);
    }

    /// Two gone functions leave in one call (two, each from the pool as read, would put back
    /// what the other removed); a trigger named twice leaves with both its keys.
    #[test]
    fn every_gone_trigger_leaves_in_one_update() {
        let second = "arn:aws:lambda:eu-west-1:111122223333:function:old-pre-sign-up";
        let s = with_config(&[
            ("CustomMessage", FUNCTION, Some(false)),
            ("PreSignUp", second, Some(false)),
        ]);
        let f = finding(&s, "trigger-not-invocable");
        let updates = f
            .fix
            .iter()
            .filter(|x| matches!(x.action, Some(Action::UpdatePool { .. })))
            .count();
        assert_eq!(updates, 1, "{f:?}");
        assert_eq!(removal(&f)["LambdaConfig"], serde_json::json!({}));

        let mut s = with_config(&[("PreTokenGeneration", FUNCTION, Some(false))]);
        s.pool.update_input["LambdaConfig"]["PreTokenGenerationConfig"] =
            serde_json::json!({"LambdaArn": FUNCTION, "LambdaVersion": "V2_0"});
        s.pool.update_input["LambdaConfig"]["PreAuthentication"] = serde_json::json!(FUNCTION);
        let f = finding(&s, "trigger-not-invocable");
        assert_eq!(
            removal(&f)["LambdaConfig"],
            serde_json::json!({"PreAuthentication": FUNCTION})
        );

        // Without the pool's LambdaConfig in hand, advice only.
        let mut s = with_config(&[("CustomMessage", FUNCTION, Some(false))]);
        s.pool
            .update_input
            .as_object_mut()
            .unwrap()
            .remove("LambdaConfig");
        let f = finding(&s, "trigger-not-invocable");
        assert!(f.fix.iter().all(|x| x.action.is_none()), "{f:?}");
    }

    #[test]
    fn a_permission_for_this_pool_or_any_clears_it_and_an_unread_one_is_not_guessed() {
        let this_pool = format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":{{"Service":"cognito-idp.amazonaws.com"}},"Action":"lambda:InvokeFunction","Resource":"{FUNCTION}","Condition":{{"ArnLike":{{"AWS:SourceArn":"{POOL}"}}}}}}]}}"#
        );
        let any = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cognito-idp.amazonaws.com"},"Action":"lambda:*","Resource":"*"}]}"#;
        for doc in [this_pool.as_str(), any] {
            assert!(
                !codes(&with_trigger(Some(true), Some(doc))).contains(&"trigger-not-invocable"),
                "{doc}"
            );
        }
        assert!(!codes(&with_trigger(None, None)).contains(&"trigger-not-invocable"));
    }
}
