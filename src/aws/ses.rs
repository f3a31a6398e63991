//! Reads of Amazon SES v2, read-only: the identity a pool sends through
//! (`EmailConfiguration.SourceArn`, EmailSendingAccount DEVELOPER), in the identity's own
//! region, and its sending authorization policies. A read that fails is returned as an
//! [`Unavailable`] naming the operation and the IAM permission it needs.

use aws_sdk_sesv2::config::Region;

use super::classify;
use crate::error::{AwsError, AwsErrorKind};
use crate::model::{Pool, SesIdentity, Unavailable};

/// The endpoint variable of SES v2, as the AWS SDKs name it (`AWS_ENDPOINT_URL_SESV2`).
pub const ENDPOINT_ENV: &str = "SESV2";

/// An SES v2 client in `region`, at `endpoint` when one is given (an emulator, a VPC endpoint).
fn client(
    sdk: &aws_config::SdkConfig,
    region: &str,
    endpoint: Option<&str>,
) -> aws_sdk_sesv2::Client {
    let mut conf = aws_sdk_sesv2::config::Builder::from(sdk).region(Region::new(region.to_owned()));
    conf.set_endpoint_url(endpoint.map(str::to_owned));
    aws_sdk_sesv2::Client::from_conf(conf.build())
}

/// Whether the pool sends through an SES identity of its own (EmailSendingAccount DEVELOPER with
/// a SourceArn), and which.
pub fn identity_of(pool: &Pool) -> Option<std::result::Result<SesIdentity, String>> {
    if pool.email_sending_account.as_deref() != Some("DEVELOPER") {
        return None;
    }
    let arn = pool.source_arn.as_deref()?;
    Some(
        SesIdentity::parse_arn(arn).ok_or_else(|| {
            format!("EmailConfiguration.SourceArn `{arn}` is not an SES identity ARN")
        }),
    )
}

/// Reads the identity and its policies. Every failure other than "no such identity" is
/// returned as unavailable, with the permission that read needs.
pub async fn read_identity(
    client: &aws_sdk_sesv2::Client,
    mut id: SesIdentity,
) -> (SesIdentity, Vec<Unavailable>) {
    let mut gaps = Vec::new();
    let (got, policies) = tokio::join!(
        client.get_email_identity().email_identity(&id.name).send(),
        client
            .get_email_identity_policies()
            .email_identity(&id.name)
            .send()
    );
    match got.map_err(|e| classify("GetEmailIdentity", e)) {
        Ok(out) => {
            id.exists = Some(true);
            id.verified_for_sending = out.verified_for_sending_status();
            id.verification_status = out.verification_status().map(|s| s.as_str().to_owned());
        }
        Err(e) if not_found(&e) => {
            id.exists = Some(false);
        }
        Err(e) => gaps.push(unavailable(&e, "ses:GetEmailIdentity")),
    }
    match policies.map_err(|e| classify("GetEmailIdentityPolicies", e)) {
        Ok(out) => {
            let mut found: Vec<(String, String)> = out
                .policies()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            found.sort();
            id.policies = Some(found);
        }
        // Without the identity there is nothing to authorize: the missing identity is the finding.
        Err(e) if not_found(&e) => id.policies = None,
        Err(e) => gaps.push(unavailable(&e, "ses:GetEmailIdentityPolicies")),
    }
    (id, gaps)
}

fn not_found(e: &AwsError) -> bool {
    e.kind == AwsErrorKind::ResourceNotFound || e.code.as_deref() == Some("NotFoundException")
}

fn unavailable(e: &AwsError, permission: &str) -> Unavailable {
    Unavailable {
        operation: format!("sesv2:{}", e.operation),
        error: format!("{}; it needs {permission}", e.short()),
        provider: None,
    }
}

/// Reads the pool's SES identity when it sends through one: what SES showed, and the reads that
/// failed. `endpoint` is the SES endpoint (see `Context::endpoint_for`).
pub async fn read_for(
    sdk: &aws_config::SdkConfig,
    endpoint: Option<&str>,
    pool: &Pool,
) -> (Option<SesIdentity>, Vec<Unavailable>) {
    let id = match identity_of(pool) {
        None => return (None, Vec::new()),
        Some(Err(why)) => {
            let failed = Unavailable {
                operation: "sesv2:GetEmailIdentity".into(),
                error: why,
                provider: None,
            };
            return (None, vec![failed]);
        }
        Some(Ok(id)) => id,
    };
    let client = client(sdk, &id.region, endpoint);
    let (mut id, gaps) = read_identity(&client, id).await;
    id.endpoint = endpoint.map(str::to_owned);
    (Some(id), gaps)
}

#[cfg(test)]
mod mocked {
    //! Faults moto cannot produce: a denied read, and SES's own NotFoundException body.
    use aws_sdk_sesv2::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn response(status: u16, error: &str, body: &'static str) -> HttpResponse {
        let mut r = HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        );
        r.headers_mut().insert("x-amzn-ErrorType", error.to_owned());
        r
    }

    fn identity() -> SesIdentity {
        SesIdentity::parse_arn("arn:aws:ses:eu-west-1:111122223333:identity/example.com")
            .expect("an identity ARN")
    }

    #[tokio::test]
    async fn a_denied_read_is_unavailable_with_the_permission_to_grant() {
        let get = mock!(Client::get_email_identity).then_http_response(|| {
            response(403, "AccessDeniedException", r#"{"message":"User: arn:aws:iam::111122223333:user/support is not authorized to perform: ses:GetEmailIdentity"}"#)
        });
        let policies = mock!(Client::get_email_identity_policies).then_http_response(|| {
            response(403, "AccessDeniedException", r#"{"message":"User: arn:aws:iam::111122223333:user/support is not authorized to perform: ses:GetEmailIdentityPolicies"}"#)
        });
        let client = mock_client!(aws_sdk_sesv2, RuleMode::MatchAny, [&get, &policies]);
        let (id, gaps) = read_identity(&client, identity()).await;
        assert_eq!(
            id.exists, None,
            "a denied read says nothing of the identity"
        );
        assert_eq!(id.policies, None);
        let ops: Vec<&str> = gaps.iter().map(|g| g.operation.as_str()).collect();
        assert_eq!(
            ops,
            ["sesv2:GetEmailIdentity", "sesv2:GetEmailIdentityPolicies"]
        );
        assert!(
            gaps[0].error.starts_with("AccessDeniedException"),
            "{gaps:?}"
        );
        assert!(
            gaps[0].error.ends_with("it needs ses:GetEmailIdentity"),
            "{gaps:?}"
        );
    }

    #[tokio::test]
    async fn not_found_means_the_identity_does_not_exist() {
        // The body SES v2 answers for an identity it does not have (AWS API reference,
        // GetEmailIdentity errors: NotFoundException, HTTP 404).
        let get = mock!(Client::get_email_identity).then_http_response(|| {
            response(
                404,
                "NotFoundException",
                r#"{"message":"Email identity example.com does not exist."}"#,
            )
        });
        let policies = mock!(Client::get_email_identity_policies).then_http_response(|| {
            response(
                404,
                "NotFoundException",
                r#"{"message":"Email identity example.com does not exist."}"#,
            )
        });
        let client = mock_client!(aws_sdk_sesv2, RuleMode::MatchAny, [&get, &policies]);
        let (id, gaps) = read_identity(&client, identity()).await;
        assert_eq!(id.exists, Some(false));
        assert!(gaps.is_empty(), "{gaps:?}");
    }
}
