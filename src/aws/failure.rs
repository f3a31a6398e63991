//! What happened to a call, named in one place for every service (SPEC "A failed read is named
//! for what happened"): denied, not served by the endpoint, unreachable, throttled, or failed
//! with the service's own error; never an empty message, and a denied read names the permission
//! in its own service.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::error::{AwsError, AwsErrorKind};
use crate::model::{FailureKind, Service, Unavailable};

/// The longest service message kept: a proxy or an endpoint that echoes the request would
/// otherwise fill the screen (and could carry its headers).
const MESSAGE_LIMIT: usize = 300;

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
        message: bounded(&message),
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

/// A service's text, one line and bounded: the first line, cut at [`MESSAGE_LIMIT`] characters.
pub fn bounded(message: &str) -> String {
    let line = message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if line.chars().count() > MESSAGE_LIMIT {
        let cut: String = line.chars().take(MESSAGE_LIMIT).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

/// The innermost cause of an error chain: for a refused connection, "Connection refused".
pub(crate) fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &dyn std::error::Error = err;
    while let Some(next) = cur.source() {
        cur = next;
    }
    bounded(&cur.to_string())
}

/// The name version 3 gave a read past Cognito in `unavailable[].operation`.
fn qualified(service: Service, operation: &str) -> String {
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
    fn a_message_is_one_bounded_line() {
        assert_eq!(bounded("first\nAuthorization: AWS4-HMAC-SHA256"), "first");
        let long = "x".repeat(MESSAGE_LIMIT + 10);
        assert_eq!(bounded(&long).chars().count(), MESSAGE_LIMIT + 1);
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
