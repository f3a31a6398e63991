//! What happened to a call, named in one place for every service (SPEC "A failed read is named
//! for what happened"): denied, not served by the endpoint, unreachable, throttled, or failed
//! with the service's own error; never an empty message, and a denied read names the permission
//! in its own service.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::error::{AwsError, AwsErrorKind};
use crate::model::{FailureKind, Service, Unavailable};

/// A Cognito call's SDK error as an [`AwsError`] the caller can branch on and `main` can print.
pub fn classify<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    classify_in(Service::CognitoIdp, operation, err)
}

/// Any service's SDK error as an [`AwsError`].
pub fn classify_in<E>(
    service: Service,
    operation: &'static str,
    err: SdkError<E, HttpResponse>,
) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let (kind, code, message) = match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let raw = se.raw();
            let status = raw.status().as_u16();
            match e.code() {
                Some(code) => {
                    let code = bare_code(code);
                    let message = match e.message().map(str::trim) {
                        Some(m) if !m.is_empty() => m.to_owned(),
                        _ => format!("HTTP {status}, no message"),
                    };
                    (kind_of_code(&code, operation), Some(code), message)
                }
                None => unnamed(status, raw.body().bytes(), operation),
            }
        }
        SdkError::ResponseError(re) => {
            let raw = re.raw();
            let status = raw.status().as_u16();
            match raw.body().bytes() {
                Some(b) if !is_json(b) => unnamed(status, Some(b), operation),
                _ => (
                    AwsErrorKind::Other,
                    None,
                    format!(
                        "HTTP {status}: the answer could not be read ({})",
                        last_cause(&err)
                    ),
                ),
            }
        }
        SdkError::TimeoutError(_) => (AwsErrorKind::Timeout, None, "no answer in time".to_owned()),
        SdkError::DispatchFailure(df) => {
            let kind = if df.is_timeout() {
                AwsErrorKind::Timeout
            } else {
                AwsErrorKind::Unreachable
            };
            (kind, None, last_cause(&err))
        }
        SdkError::ConstructionFailure(_) => {
            let msg = last_cause(&err);
            let kind = if msg.to_ascii_lowercase().contains("credential") {
                AwsErrorKind::NoCredentials
            } else {
                AwsErrorKind::Other
            };
            (kind, None, msg)
        }
        _ => (AwsErrorKind::Other, None, last_cause(&err)),
    };
    AwsError {
        operation,
        kind,
        code,
        message,
        service,
    }
}

/// `com.amazon.coral.service#UnknownOperationException` and `UnknownOperationException:` (as
/// some services send `__type`) are the name alone.
fn bare_code(code: &str) -> String {
    let code = code.rsplit('#').next().unwrap_or(code);
    code.split(':').next().unwrap_or(code).trim().to_owned()
}

fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok()
}

/// An error answer without the service's error name: a 404 or 501, or a body that is not JSON,
/// is an endpoint that does not serve the operation (an emulator, a proxy, a wrong URL).
fn unnamed(
    status: u16,
    body: Option<&[u8]>,
    operation: &str,
) -> (AwsErrorKind, Option<String>, String) {
    let what = match body {
        None | Some([]) => "an empty body".to_owned(),
        Some(b) if is_json(b) => "JSON without an error name".to_owned(),
        Some(b) if looks_like_html(b) => "an HTML page, not the service's JSON".to_owned(),
        Some(_) => "a body that is not the service's JSON".to_owned(),
    };
    let not_served =
        matches!(status, 404 | 405 | 501) || body.is_some_and(|b| !b.is_empty() && !is_json(b));
    if not_served {
        (
            AwsErrorKind::NotServed,
            None,
            format!("HTTP {status} with {what}: the endpoint does not serve {operation}"),
        )
    } else {
        (
            AwsErrorKind::Other,
            None,
            format!("HTTP {status} with {what}"),
        )
    }
}

fn looks_like_html(b: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&b[..b.len().min(64)]).to_ascii_lowercase();
    head.trim_start().starts_with("<!doctype")
        || head.trim_start().starts_with("<html")
        || head.trim_start().starts_with('<')
}

fn kind_of_code(code: &str, operation: &str) -> AwsErrorKind {
    match code {
        "UserNotFoundException" => AwsErrorKind::UserNotFound,
        super::seam::NOT_GIVEN => AwsErrorKind::NotGiven,
        "ResourceNotFoundException" if operation == "DescribeUserPool" => {
            AwsErrorKind::PoolNotFound
        }
        "ResourceNotFoundException" | "NotFoundException" => AwsErrorKind::ResourceNotFound,
        "AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation" => {
            AwsErrorKind::AccessDenied
        }
        "NotAuthorizedException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "ExpiredTokenException"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "MissingAuthenticationTokenException" => AwsErrorKind::NotAuthorized,
        "TooManyRequestsException" | "ThrottlingException" | "Throttling" => {
            AwsErrorKind::Throttled
        }
        // cognito-local answers what it lacks with `Unsupported`.
        "UnknownOperationException"
        | "UnknownOperation"
        | "InvalidAction"
        | "Unsupported"
        | "NotImplemented" => AwsErrorKind::NotServed,
        "LimitExceededException" => AwsErrorKind::LimitExceeded,
        "InvalidParameterException" => AwsErrorKind::InvalidParameter,
        "AliasExistsException" => AwsErrorKind::AliasExists,
        "CodeMismatchException" => AwsErrorKind::CodeMismatch,
        "ExpiredCodeException" => AwsErrorKind::ExpiredCode,
        _ => AwsErrorKind::Other,
    }
}

/// The innermost cause of an error chain: for a refused connection, "Connection refused".
pub(crate) fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &dyn std::error::Error = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    crate::text::service_message(&cur.to_string())
}

/// The name version 3 gave a read past Cognito in `unavailable[].operation`.
pub(crate) fn qualified(service: Service, operation: &str) -> String {
    match service {
        Service::CognitoIdp => operation.to_owned(),
        Service::Ses => format!("sesv2:{operation}"),
        other => format!("{}:{operation}", other.name()),
    }
}

/// A failed read as the report lists it: its kind, the permission a denied read needs, and the
/// endpoint it went to (None: AWS's own).
pub fn unavailable(e: &AwsError, endpoint: Option<&str>) -> Unavailable {
    let kind = match e.kind {
        AwsErrorKind::AccessDenied | AwsErrorKind::NotAuthorized => FailureKind::Denied,
        AwsErrorKind::NotServed => FailureKind::NotServed,
        AwsErrorKind::NotGiven => FailureKind::NotGiven,
        AwsErrorKind::Unreachable | AwsErrorKind::Timeout => FailureKind::Unreachable,
        AwsErrorKind::Throttled => FailureKind::Throttled,
        _ => FailureKind::Failed,
    };
    Unavailable {
        operation: qualified(e.service, e.operation),
        error: e.short(),
        service: e.service,
        kind,
        permission: (kind == FailureKind::Denied).then(|| e.permission()),
        endpoint: endpoint.map(str::to_owned),
        provider: None,
        resource: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_name_is_the_name_alone() {
        assert_eq!(
            bare_code("com.amazon.coral.service#UnknownOperationException"),
            "UnknownOperationException"
        );
        assert_eq!(
            bare_code("ValidationException:http://internal"),
            "ValidationException"
        );
    }
}

/// The classification over real error answers of each service, sent through each service's own
/// SDK (so its protocol's error parsing runs as it does live). The bodies and where each was
/// seen: tests/contract/SOURCES.md, "Error answers". Where a source shows only the SDK's
/// rendering, the body is that message in the protocol's shape (awsJson: `__type` and
/// `message`; restJson: the `x-amzn-ErrorType` header and `message` or Lambda's `Message`).
#[cfg(test)]
mod answers {
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    /// moto's answer to a path it has no route for (Werkzeug's NotFound page).
    const WERKZEUG_404: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";
    /// moto's answer to an action it knows but has not implemented (NotImplementedError, under
    /// Werkzeug's InternalServerError page).
    const WERKZEUG_500: &str = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n";

    fn answer(status: u16, error_type: Option<&str>, body: &str) -> HttpResponse {
        let mut r = HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body.to_owned()),
        );
        if let Some(t) = error_type {
            r.headers_mut().insert("x-amzn-ErrorType", t.to_owned());
        }
        r
    }

    struct Case {
        status: u16,
        header: Option<&'static str>,
        body: &'static str,
        kind: FailureKind,
    }

    fn check(service: Service, op: &'static str, case: &Case, got: AwsError) {
        let u = unavailable(&got, Some("http://127.0.0.1:5000"));
        assert_eq!(
            u.kind, case.kind,
            "{service:?} {op} HTTP {} {:?}: {u:?}",
            case.status, case.body
        );
        assert!(!u.error.trim().is_empty(), "an empty message: {u:?}");
        assert!(!u.error.contains('\n'), "{u:?}");
        assert_eq!(u.service, service);
        match u.kind {
            FailureKind::Denied => {
                assert_eq!(u.permission, Some(format!("{}:{op}", service.name())))
            }
            _ => assert_eq!(u.permission, None, "{u:?}"),
        }
    }

    const DENIED: FailureKind = FailureKind::Denied;
    const FAILED: FailureKind = FailureKind::Failed;
    const NOT_SERVED: FailureKind = FailureKind::NotServed;
    const THROTTLED: FailureKind = FailureKind::Throttled;

    #[tokio::test]
    async fn cognito_answers() {
        use aws_sdk_cognitoidentityprovider::config::retry::RetryConfig;
        use aws_sdk_cognitoidentityprovider::Client;
        let cases = [
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"AccessDeniedException","message":"User: arn:aws:sts::260966982575:assumed-role/automation-front-cognito-role/CognitoIdentityCredentials is not authorized to perform: cognito-idp:ListUsers on resource: arn:aws:cognito-idp:ap-northeast-2:260966982575:userpool/ap-northeast-2_zQywVL7v9 because no identity-based policy allows the cognito-idp:ListUsers action"}"#,
                kind: DENIED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
                kind: DENIED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"ResourceNotFoundException","message":"User pool us-east-2_abcdefghi does not exist."}"#,
                kind: FAILED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#,
                kind: NOT_SERVED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"code":"Unsupported","message":"Cognito Local unsupported feature: Unsupported x-amz-target header \"ListIdentityProviders\""}"#,
                kind: NOT_SERVED,
            },
            Case {
                status: 404,
                header: None,
                body: WERKZEUG_404,
                kind: NOT_SERVED,
            },
            Case {
                status: 500,
                header: None,
                body: WERKZEUG_500,
                kind: NOT_SERVED,
            },
            Case {
                status: 404,
                header: None,
                body: "",
                kind: NOT_SERVED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
                kind: THROTTLED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"AccessDeniedException"}"#,
                kind: DENIED,
            },
        ];
        for case in &cases {
            let (status, header, body) = (case.status, case.header, case.body);
            let rule =
                mock!(Client::list_users).then_http_response(move || answer(status, header, body));
            let client = mock_client!(
                aws_sdk_cognitoidentityprovider,
                RuleMode::MatchAny,
                [&rule],
                |c| c.retry_config(RetryConfig::disabled())
            );
            let err = client
                .list_users()
                .user_pool_id("us-east-1_a")
                .send()
                .await
                .unwrap_err();
            check(
                Service::CognitoIdp,
                "ListUsers",
                case,
                classify("ListUsers", err),
            );
        }
    }

    #[tokio::test]
    async fn ses_answers() {
        use aws_sdk_sesv2::config::retry::RetryConfig;
        use aws_sdk_sesv2::Client;
        let cases = [
            Case {
                status: 403,
                header: Some("AccessDeniedException"),
                body: r#"{"message":"User: arn:aws:sts::315341936575:assumed-role/api-prod-app/5309b306a2994775a275f9ac8805df05 is not authorized to perform: ses:GetAccount on resource: * because no identity-based policy allows the ses:GetAccount action"}"#,
                kind: DENIED,
            },
            Case {
                status: 403,
                header: Some("AccessDeniedException"),
                body: "{}",
                kind: DENIED,
            },
            Case {
                status: 404,
                header: Some("NotFoundException"),
                body: r#"{"message":"Email address is not on the suppression list."}"#,
                kind: FAILED,
            },
            Case {
                status: 404,
                header: None,
                body: WERKZEUG_404,
                kind: NOT_SERVED,
            },
            Case {
                status: 404,
                header: None,
                body: "",
                kind: NOT_SERVED,
            },
            Case {
                status: 429,
                header: Some("TooManyRequestsException"),
                body: r#"{"message":"Maximum sending rate exceeded."}"#,
                kind: THROTTLED,
            },
        ];
        for case in &cases {
            let (status, header, body) = (case.status, case.header, case.body);
            let rule =
                mock!(Client::get_account).then_http_response(move || answer(status, header, body));
            let client = mock_client!(aws_sdk_sesv2, RuleMode::MatchAny, [&rule], |c| c
                .retry_config(RetryConfig::disabled()));
            let err = client.get_account().send().await.unwrap_err();
            check(
                Service::Ses,
                "GetAccount",
                case,
                classify_in(Service::Ses, "GetAccount", err),
            );
        }
    }

    #[tokio::test]
    async fn lambda_answers() {
        use aws_sdk_lambda::config::retry::RetryConfig;
        use aws_sdk_lambda::Client;
        let cases = [
            Case {
                status: 403,
                header: Some("AccessDeniedException"),
                body: r#"{"Message":"User: arn:aws:sts::831967359561:assumed-role/serverlessrepo-aws-lambda-power-tu-initializerRole-KBWW5V1IY08N/serverlessrepo-aws-lambda-power-tuning-initializer-1D8H4M62LFR4T is not authorized to perform: lambda:GetFunctionConfiguration on resource: arn:aws:lambda:us-west-2:725462913924:function:dev-testResult-student-testresults-get-lambda"}"#,
                kind: DENIED,
            },
            Case {
                status: 403,
                header: Some("AccessDeniedException"),
                body: "{}",
                kind: DENIED,
            },
            Case {
                status: 403,
                header: Some("InvalidSignatureException"),
                body: r#"{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'GET'"}"#,
                kind: DENIED,
            },
            Case {
                status: 404,
                header: Some("ResourceNotFoundException"),
                body: r#"{"Message":"Function not found: arn:aws:lambda:us-east-1:11111111:function:SC-E-local-Sidecar-Zoom-EnableCustomLivestreaming:active","Type":"User"}"#,
                kind: FAILED,
            },
            Case {
                status: 404,
                header: None,
                body: WERKZEUG_404,
                kind: NOT_SERVED,
            },
            Case {
                status: 429,
                header: Some("TooManyRequestsException"),
                body: r#"{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}"#,
                kind: THROTTLED,
            },
        ];
        for case in &cases {
            let (status, header, body) = (case.status, case.header, case.body);
            let rule = mock!(Client::get_function_configuration)
                .then_http_response(move || answer(status, header, body));
            let client = mock_client!(aws_sdk_lambda, RuleMode::MatchAny, [&rule], |c| c
                .retry_config(RetryConfig::disabled()));
            let err = client
                .get_function_configuration()
                .function_name("f")
                .send()
                .await
                .unwrap_err();
            check(
                Service::Lambda,
                "GetFunctionConfiguration",
                case,
                classify_in(Service::Lambda, "GetFunctionConfiguration", err),
            );
        }
    }

    #[tokio::test]
    async fn logs_answers() {
        use aws_sdk_cloudwatchlogs::config::retry::RetryConfig;
        use aws_sdk_cloudwatchlogs::Client;
        let cases = [
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"AccessDeniedException","message":"User: arn:aws:sts::XXXXXXXXXXXX:assumed-role/Log4JAppenderTesting/XXXXXXXXXXXX-kdgregory is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:us-east-1:XXXXXXXXXXXX:log-group:delivery because no identity-based policy allows the logs:FilterLogEvents action"}"#,
                kind: DENIED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}"#,
                kind: FAILED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"UnknownOperationException"}"#,
                kind: NOT_SERVED,
            },
            Case {
                status: 404,
                header: None,
                body: WERKZEUG_404,
                kind: NOT_SERVED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
                kind: THROTTLED,
            },
            Case {
                status: 400,
                header: None,
                body: r#"{"__type":"AccessDeniedException"}"#,
                kind: DENIED,
            },
        ];
        for case in &cases {
            let (status, header, body) = (case.status, case.header, case.body);
            let rule = mock!(Client::filter_log_events)
                .then_http_response(move || answer(status, header, body));
            let client = mock_client!(aws_sdk_cloudwatchlogs, RuleMode::MatchAny, [&rule], |c| c
                .retry_config(RetryConfig::disabled()));
            let err = client
                .filter_log_events()
                .log_group_name("g")
                .send()
                .await
                .unwrap_err();
            check(
                Service::Logs,
                "FilterLogEvents",
                case,
                classify_in(Service::Logs, "FilterLogEvents", err),
            );
        }
    }
}
