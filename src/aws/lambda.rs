//! Reads of AWS Lambda, read-only: for each trigger of a pool, whether its function exists
//! (GetFunctionConfiguration) and what its resource policy allows (GetPolicy), in the function's
//! own region. A read that fails is returned as an [`Unavailable`] naming the permission.

use aws_sdk_lambda::config::Region;

use super::classify;
use crate::error::{AwsError, AwsErrorKind};
use crate::model::{Trigger, Unavailable};

/// The endpoint variable of Lambda, as the AWS SDKs name it (`AWS_ENDPOINT_URL_LAMBDA`).
pub const ENDPOINT_ENV: &str = "LAMBDA";

fn client(
    sdk: &aws_config::SdkConfig,
    region: &str,
    endpoint: Option<&str>,
) -> aws_sdk_lambda::Client {
    let mut conf =
        aws_sdk_lambda::config::Builder::from(sdk).region(Region::new(region.to_owned()));
    conf.push_interceptor(super::limits::shared());
    conf.set_endpoint_url(endpoint.map(str::to_owned));
    aws_sdk_lambda::Client::from_conf(conf.build())
}

fn not_found(e: &AwsError) -> bool {
    e.kind == AwsErrorKind::ResourceNotFound
        || e.code.as_deref() == Some("ResourceNotFoundException")
}

fn unavailable(e: &AwsError, permission: &str, t: &Trigger) -> Unavailable {
    Unavailable {
        operation: format!("lambda:{}", e.operation),
        error: format!(
            "{} ({} trigger {}); it needs {permission}",
            e.short(),
            t.name,
            t.function_arn
        ),
        provider: None,
    }
}

/// Reads one trigger's function and its policy.
pub async fn read_trigger(
    client: &aws_sdk_lambda::Client,
    mut t: Trigger,
) -> (Trigger, Vec<Unavailable>) {
    let mut gaps = Vec::new();
    let (config, policy) = tokio::join!(
        client
            .get_function_configuration()
            .function_name(&t.function_arn)
            .send(),
        client.get_policy().function_name(&t.function_arn).send()
    );
    match config.map_err(|e| classify("GetFunctionConfiguration", e)) {
        Ok(_) => t.exists = Some(true),
        Err(e) if not_found(&e) => t.exists = Some(false),
        Err(e) => gaps.push(unavailable(&e, "lambda:GetFunctionConfiguration", &t)),
    }
    match policy.map_err(|e| classify("GetPolicy", e)) {
        Ok(out) => t.policy = Some(out.policy().unwrap_or_default().to_owned()),
        // A function without a resource policy answers ResourceNotFoundException too: with the
        // function there, it has no policy at all.
        Err(e) if not_found(&e) => {
            t.policy = (t.exists == Some(true)).then(String::new);
        }
        Err(e) => gaps.push(unavailable(&e, "lambda:GetPolicy", &t)),
    }
    (t, gaps)
}

/// Reads every trigger at once, each in its function's region (`region` when its ARN names
/// none), and returns them with the reads that failed. `endpoint` is the Lambda endpoint (see
/// `Context::endpoint_for`).
pub async fn read_all(
    sdk: &aws_config::SdkConfig,
    region: &str,
    endpoint: Option<&str>,
    triggers: Vec<Trigger>,
) -> (Vec<Trigger>, Vec<Unavailable>) {
    let reads = triggers.into_iter().map(|t| async move {
        let c = client(sdk, t.region().unwrap_or(region), endpoint);
        let (mut t, gaps) = read_trigger(&c, t).await;
        t.endpoint = endpoint.map(str::to_owned);
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
        assert!(
            gaps[1].error.ends_with("it needs lambda:GetPolicy"),
            "{gaps:?}"
        );
    }
}
