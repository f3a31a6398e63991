//! Reads of AWS Lambda, read-only: for each trigger of a pool, whether its function exists and
//! how long it may run (GetFunctionConfiguration) and what its resource policy allows
//! (GetPolicy), in the function's own region. A read that fails is returned as an [`Unavailable`] naming the permission.

use super::session::Session;
use super::{answer, CaptureBody};
use crate::error::{AwsError, AwsErrorKind};
use crate::model::{Service, Trigger, Unavailable};
use crate::wire;

const LAMBDA: Service = Service::Lambda;

fn not_found(e: &AwsError) -> bool {
    e.kind == AwsErrorKind::ResourceNotFound
        || e.code.as_deref() == Some("ResourceNotFoundException")
}

fn unavailable(e: &AwsError, t: &Trigger) -> Unavailable {
    let mut g = super::unavailable(e, None);
    g.error = format!("{} ({} trigger {})", g.error, t.name, t.function_arn);
    g.resource = Some(t.function_arn.clone());
    g
}

/// Reads one trigger's function and its policy.
pub async fn read_trigger(
    client: &aws_sdk_lambda::Client,
    mut t: Trigger,
) -> (Trigger, Vec<Unavailable>) {
    let mut gaps = Vec::new();
    let (config_capture, policy_capture) = (CaptureBody::default(), CaptureBody::default());
    let (config, policy) = tokio::join!(
        answer(
            LAMBDA,
            "GetFunctionConfiguration",
            config_capture.clone(),
            client
                .get_function_configuration()
                .function_name(&t.function_arn)
                .customize()
                .interceptor(config_capture)
                .send()
        ),
        answer(
            LAMBDA,
            "GetPolicy",
            policy_capture.clone(),
            client
                .get_policy()
                .function_name(&t.function_arn)
                .customize()
                .interceptor(policy_capture)
                .send()
        )
    );
    match config {
        Ok(v) if wire::function_described(&v) => {
            t.exists = Some(true);
            t.timeout = wire::function_timeout(&v);
        }
        Ok(_) => {
            let mut g = Unavailable::absent(
                LAMBDA,
                "lambda:GetFunctionConfiguration",
                "FunctionName",
                "whether the function exists",
            );
            g.resource = Some(t.function_arn.clone());
            gaps.push(g);
        }
        Err(e) if not_found(&e) => t.exists = Some(false),
        Err(e) => gaps.push(unavailable(&e, &t)),
    }
    match policy {
        Ok(v) => match wire::function_policy(&v) {
            Some(doc) => t.policy = Some(doc),
            None => {
                let mut g = Unavailable::absent(
                    LAMBDA,
                    "lambda:GetPolicy",
                    "Policy",
                    "whether Cognito may invoke the function",
                );
                g.resource = Some(t.function_arn.clone());
                gaps.push(g);
            }
        },
        // A function without a resource policy answers ResourceNotFoundException too: with the
        // function there, it has no policy at all.
        Err(e) if not_found(&e) => {
            t.policy = (t.exists == Some(true)).then(String::new);
        }
        Err(e) => gaps.push(unavailable(&e, &t)),
    }
    (t, gaps)
}

/// Reads every trigger at once, each in its function's region (`region` when its ARN names
/// none), and returns them with the reads that failed.
pub async fn read_all(
    session: &Session,
    region: &str,
    triggers: Vec<Trigger>,
) -> (Vec<Trigger>, Vec<Unavailable>) {
    let reads = triggers.into_iter().map(|t| async move {
        let c = session.lambda(t.region().unwrap_or(region));
        let (mut t, gaps) = read_trigger(&c, t).await;
        t.endpoint = session.endpoints.lambda.clone();
        (t, gaps)
    });
    let mut gaps = Vec::new();
    let mut read = Vec::new();
    for (t, g) in futures_util::future::join_all(reads).await {
        read.push(t);
        gaps.extend(g);
    }
    (read, gaps)
}

#[cfg(test)]
mod mocked {
    //! Faults moto cannot produce: a denied read.
    use aws_sdk_lambda::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn denied(body: &'static str) -> HttpResponse {
        let mut r = HttpResponse::new(
            StatusCode::try_from(403).expect("status"),
            SdkBody::from(body),
        );
        r.headers_mut()
            .insert("x-amzn-ErrorType", "AccessDeniedException".to_owned());
        r
    }

    #[tokio::test]
    async fn a_denied_read_is_unavailable_and_says_nothing_of_the_function() {
        let config = mock!(Client::get_function_configuration).then_http_response(|| {
            denied(r#"{"Message":"User: arn:aws:iam::111122223333:user/support is not authorized to perform: lambda:GetFunctionConfiguration"}"#)
        });
        let policy = mock!(Client::get_policy).then_http_response(|| {
            denied(r#"{"Message":"User: arn:aws:iam::111122223333:user/support is not authorized to perform: lambda:GetPolicy"}"#)
        });
        let client = mock_client!(aws_sdk_lambda, RuleMode::MatchAny, [&config, &policy]);
        let t = Trigger {
            name: "CustomMessage".into(),
            function_arn: "arn:aws:lambda:eu-west-1:111122223333:function:msg".into(),
            ..Trigger::default()
        };
        let (t, gaps) = read_trigger(&client, t).await;
        assert_eq!((t.exists, t.policy), (None, None));
        let ops: Vec<&str> = gaps.iter().map(|g| g.operation.as_str()).collect();
        assert_eq!(ops, ["lambda:GetFunctionConfiguration", "lambda:GetPolicy"]);
        assert!(gaps[1].error.contains("CustomMessage trigger"), "{gaps:?}");
        assert_eq!(gaps[1].permission.as_deref(), Some("lambda:GetPolicy"));
        assert_eq!(gaps[1].kind, crate::model::FailureKind::Denied);
    }
}
