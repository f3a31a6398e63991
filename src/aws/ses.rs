//! Reads of Amazon SES v2, read-only: the identity a pool sends through
//! (`EmailConfiguration.SourceArn`, EmailSendingAccount DEVELOPER), in the identity's own
//! region, and its sending authorization policies. A read that fails is returned as an
//! [`Unavailable`] naming the operation and the IAM permission it needs.

use aws_sdk_sesv2::config::Region;

use super::classify;
use crate::error::{AwsError, AwsErrorKind};
use crate::model::{
    Pool, Recipient, SesAccount, SesIdentity, Suppression, SuppressionList, Unavailable,
};

/// The endpoint variable of SES v2, as the AWS SDKs name it (`AWS_ENDPOINT_URL_SESV2`).
pub const ENDPOINT_ENV: &str = "SESV2";

/// An SES v2 client in `region`, at `endpoint` when one is given (an emulator, a VPC endpoint).
fn client(
    sdk: &aws_config::SdkConfig,
    region: &str,
    endpoint: Option<&str>,
) -> aws_sdk_sesv2::Client {
    let mut conf = aws_sdk_sesv2::config::Builder::from(sdk).region(Region::new(region.to_owned()));
    conf.push_interceptor(super::limits::shared());
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

/// GetAccount: the sending status and quota of the account in the client's region.
pub async fn read_account(client: &aws_sdk_sesv2::Client) -> Result<SesAccount, Unavailable> {
    let out = client
        .get_account()
        .send()
        .await
        .map_err(|e| unavailable(&classify("GetAccount", e), "ses:GetAccount"))?;
    let quota = out.send_quota();
    Ok(SesAccount {
        production_access: out.production_access_enabled(),
        sending_enabled: out.sending_enabled(),
        enforcement_status: out.enforcement_status().map(str::to_owned),
        max_24_hour_send: quota.map_or(0.0, |q| q.max24_hour_send()),
        sent_last_24_hours: quota.map_or(0.0, |q| q.sent_last24_hours()),
    })
}

/// GetSuppressedDestination of one address: on the account-level suppression list or not
/// (SES answers NotFoundException for an address it does not hold).
pub async fn read_suppression(
    client: &aws_sdk_sesv2::Client,
    email: &str,
) -> Result<Suppression, Unavailable> {
    match client
        .get_suppressed_destination()
        .email_address(email)
        .send()
        .await
        .map_err(|e| classify("GetSuppressedDestination", e))
    {
        Ok(out) => Ok(out
            .suppressed_destination()
            .map_or(Suppression::NotListed, |d| Suppression::Listed {
                reason: d.reason().as_str().to_owned(),
                since: rfc3339(d.last_update_time()),
            })),
        Err(e) if not_found(&e) => Ok(Suppression::NotListed),
        Err(e) => Err(unavailable(&e, "ses:GetSuppressedDestination")),
    }
}

/// ListSuppressedDestinations, every page, into a [`SuppressionList`]. `pages` counts the calls
/// made.
pub async fn list_suppressed(
    client: &aws_sdk_sesv2::Client,
    pages: &mut u64,
) -> Result<SuppressionList, Unavailable> {
    let mut list = SuppressionList::default();
    let mut token: Option<String> = None;
    loop {
        *pages += 1;
        let out = client
            .list_suppressed_destinations()
            .page_size(1000)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| {
                unavailable(
                    &classify("ListSuppressedDestinations", e),
                    "ses:ListSuppressedDestinations",
                )
            })?;
        for d in out.suppressed_destination_summaries() {
            list.add(
                d.email_address(),
                d.reason().as_str(),
                d.last_update_time().secs(),
            );
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    list.seal();
    Ok(list)
}

/// Whether an address can receive mail in the SES sandbox: the address, or its domain, is a
/// verified identity of the account.
pub async fn recipient_verified(
    client: &aws_sdk_sesv2::Client,
    email: &str,
) -> Result<bool, Unavailable> {
    let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
    for name in [email, domain].into_iter().filter(|n| !n.is_empty()) {
        match client
            .get_email_identity()
            .email_identity(name)
            .send()
            .await
            .map_err(|e| classify("GetEmailIdentity", e))
        {
            Ok(out)
                if out.verified_for_sending_status()
                    || out.verification_status().map(|s| s.as_str()) == Some("SUCCESS") =>
            {
                return Ok(true)
            }
            Ok(_) => {}
            Err(e) if not_found(&e) => {}
            Err(e) => return Err(unavailable(&e, "ses:GetEmailIdentity")),
        }
    }
    Ok(false)
}

/// A suppression date, to the second (SES sends epoch seconds with a fraction).
fn rfc3339(t: &aws_smithy_types::DateTime) -> String {
    aws_smithy_types::DateTime::from_secs(t.secs())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| t.secs().to_string())
}

/// Which addresses SES is asked about beside the pool's identity and account.
#[derive(Debug, Clone, Copy)]
pub enum Addresses<'a> {
    /// None (a pool-level diagnosis).
    None,
    /// One user's address (`diagnose`): GetSuppressedDestination, and in the sandbox whether it
    /// is a verified identity.
    One(&'a str),
    /// Every user's (`audit`): the whole suppression list, read once.
    All,
}

/// What SES showed: the pool's identity (with its account), one address, or the whole
/// suppression list, and the reads that failed.
#[derive(Debug, Default)]
pub struct Read {
    pub identity: Option<SesIdentity>,
    pub recipient: Recipient,
    /// The suppression list (for [`Addresses::All`]), sorted by lowercased address.
    pub suppressed: Option<SuppressionList>,
    /// ListSuppressedDestinations calls made.
    pub pages: u64,
    pub gaps: Vec<Unavailable>,
}

/// Reads the pool's SES identity when it sends through one, the SES account in its region
/// (GetAccount), and the `addresses` asked about. `endpoint` is the SES endpoint (see
/// `Context::endpoint_for`).
pub async fn read_for(
    sdk: &aws_config::SdkConfig,
    endpoint: Option<&str>,
    pool: &Pool,
    addresses: Addresses<'_>,
) -> Read {
    let id = match identity_of(pool) {
        None => return Read::default(),
        Some(Err(why)) => {
            let failed = Unavailable {
                operation: "sesv2:GetEmailIdentity".into(),
                error: why,
                provider: None,
            };
            return Read {
                gaps: vec![failed],
                ..Read::default()
            };
        }
        Some(Ok(id)) => id,
    };
    let client = client(sdk, &id.region, endpoint);
    let mut read = Read::default();
    // GetAccount and the suppression list describe the caller's own account: the pool's, since
    // Cognito's admin reads are never cross-account. An identity of another account is not read.
    let pool_account = pool.arn.as_deref().and_then(|a| a.split(':').nth(4));
    let own = pool_account.is_none_or(|a| a == id.account);
    let account_read = async {
        if own {
            Some(read_account(&client).await)
        } else {
            None
        }
    };
    let mut pages = 0;
    let suppression_read = async {
        match addresses {
            Addresses::One(email) if own => Some(read_suppression(&client, email).await.map(Some)),
            Addresses::All if own => Some(list_suppressed(&client, &mut pages).await.map(|list| {
                read.suppressed = Some(list);
                None
            })),
            _ => None,
        }
    };
    let ((mut id, mut gaps), account, suppression) =
        tokio::join!(read_identity(&client, id), account_read, suppression_read);
    id.endpoint = endpoint.map(str::to_owned);
    match account {
        Some(Ok(a)) => {
            if let (false, Addresses::One(email)) = (a.production_access, addresses) {
                match recipient_verified(&client, email).await {
                    Ok(v) => read.recipient.verified_identity = Some(v),
                    Err(gap) => gaps.push(gap),
                }
            }
            id.sending_account = Some(a);
        }
        Some(Err(gap)) => gaps.push(gap),
        None => gaps.push(Unavailable {
            operation: "sesv2:GetAccount".into(),
            error: format!(
                "the identity is in account {}, not the pool's account {}: its sending status, quota and suppression list are read with that account's credentials; it needs ses:GetAccount and ses:GetSuppressedDestination there",
                id.account,
                pool_account.unwrap_or_default()
            ),
            provider: None,
        }),
    }
    match suppression {
        Some(Ok(Some(state))) => read.recipient.suppression = state,
        Some(Err(gap)) => gaps.push(gap),
        Some(Ok(None)) | None => {}
    }
    read.pages = pages;
    read.identity = Some(id);
    read.gaps = gaps;
    read
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
