//! Reads of Amazon SES v2, read-only, in the identity's own region: the identity a pool sends
//! from (`EmailConfiguration.SourceArn`), its sending authorization policies where the pool needs
//! one, and, for a pool that sends through SES (DEVELOPER), the SES account (GetAccount) and what
//! it holds of users' addresses. Each answer is read by [`crate::wire`]; a read that fails is an
//! [`Unavailable`] named for what happened.

use super::session::Session;
use super::{answer, CaptureBody};
use crate::error::{AwsError, AwsErrorKind};
use crate::model::{
    Pool, Recipient, Service, SesAccount, SesIdentity, Suppression, SuppressionList, Unavailable,
};
use crate::wire;

const SES: Service = Service::Ses;

/// The identity the pool sends from, when `EmailConfiguration.SourceArn` names one: through SES
/// (DEVELOPER), or as a custom FROM address of Cognito's default email (COGNITO_DEFAULT).
pub fn identity_of(pool: &Pool) -> Option<std::result::Result<SesIdentity, String>> {
    let arn = pool.source_arn.as_deref()?;
    Some(
        SesIdentity::parse_arn(arn).ok_or_else(|| {
            format!("EmailConfiguration.SourceArn `{arn}` is not an SES identity ARN")
        }),
    )
}

fn not_found(e: &AwsError) -> bool {
    e.kind == AwsErrorKind::ResourceNotFound || e.code.as_deref() == Some("NotFoundException")
}

fn gap(e: &AwsError, resource: &str) -> Unavailable {
    let mut g = super::unavailable(e, None);
    g.resource = Some(resource.to_owned());
    g
}

/// GetEmailIdentity of one identity: None when SES has no such identity.
async fn get_identity(
    client: &aws_sdk_sesv2::Client,
    name: &str,
) -> Result<Option<(Option<bool>, Option<String>)>, AwsError> {
    let capture = CaptureBody::default();
    match answer(
        SES,
        "GetEmailIdentity",
        capture.clone(),
        client
            .get_email_identity()
            .email_identity(name)
            .customize()
            .interceptor(capture)
            .send(),
    )
    .await
    {
        Ok(v) => Ok(Some(wire::ses_identity(&v))),
        Err(e) if not_found(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads the identity and, with `policies`, its sending authorization policies. Every failure
/// other than "no such identity" is returned as unavailable.
pub async fn read_identity(
    client: &aws_sdk_sesv2::Client,
    mut id: SesIdentity,
    policies: bool,
) -> (SesIdentity, Vec<Unavailable>) {
    let mut gaps = Vec::new();
    let read_policies = async {
        if !policies {
            return None;
        }
        let capture = CaptureBody::default();
        Some(
            answer(
                SES,
                "GetEmailIdentityPolicies",
                capture.clone(),
                client
                    .get_email_identity_policies()
                    .email_identity(&id.name)
                    .customize()
                    .interceptor(capture)
                    .send(),
            )
            .await,
        )
    };
    let (got, read) = tokio::join!(get_identity(client, &id.name), read_policies);
    match got {
        Ok(Some((verified_for_sending, status))) => {
            id.exists = Some(true);
            id.verified_for_sending = verified_for_sending;
            id.verification_status = status;
            if verified_for_sending.is_none() && id.verification_status.is_none() {
                gaps.push(Unavailable::absent(
                    SES,
                    "sesv2:GetEmailIdentity",
                    "VerifiedForSendingStatus",
                    "whether the identity may send",
                ));
            }
        }
        Ok(None) => id.exists = Some(false),
        Err(e) => gaps.push(gap(&e, &id.arn)),
    }
    match read {
        None => {}
        Some(Ok(v)) => match wire::ses_policies(&v) {
            Some(p) => id.policies = Some(p),
            None => gaps.push(Unavailable::absent(
                SES,
                "sesv2:GetEmailIdentityPolicies",
                "Policies",
                "whether the identity authorizes Cognito",
            )),
        },
        // Without the identity there is nothing to authorize: the missing identity is the finding.
        Some(Err(e)) if not_found(&e) => id.policies = None,
        Some(Err(e)) => gaps.push(gap(&e, &id.arn)),
    }
    (id, gaps)
}

/// GetAccount: the sending status and quota of the account in the client's region; the fields
/// the answer lacked are named.
pub async fn read_account(
    client: &aws_sdk_sesv2::Client,
) -> Result<(SesAccount, Vec<Unavailable>), Unavailable> {
    let capture = CaptureBody::default();
    let v = answer(
        SES,
        "GetAccount",
        capture.clone(),
        client.get_account().customize().interceptor(capture).send(),
    )
    .await
    .map_err(|e| super::unavailable(&e, None))?;
    let (account, absent) = wire::ses_account(&v);
    let gaps = absent
        .into_iter()
        .map(|field| {
            Unavailable::absent(
                SES,
                "sesv2:GetAccount",
                field,
                match field {
                    "ProductionAccessEnabled" => "whether the account is in the SES sandbox",
                    "SendQuota" => "how much of the sending quota is used",
                    _ => "whether sending is paused",
                },
            )
        })
        .collect();
    Ok((account, gaps))
}

/// GetSuppressedDestination of one address: on the account-level suppression list or not
/// (SES answers NotFoundException for an address it does not hold).
pub async fn read_suppression(
    client: &aws_sdk_sesv2::Client,
    email: &str,
) -> Result<Suppression, Unavailable> {
    let capture = CaptureBody::default();
    match answer(
        SES,
        "GetSuppressedDestination",
        capture.clone(),
        client
            .get_suppressed_destination()
            .email_address(email)
            .customize()
            .interceptor(capture)
            .send(),
    )
    .await
    {
        Ok(v) => wire::suppressed_destination(&v).ok_or_else(|| {
            Unavailable::absent(
                SES,
                "sesv2:GetSuppressedDestination",
                "SuppressedDestination",
                "whether the address is suppressed",
            )
        }),
        Err(e) if not_found(&e) => Ok(Suppression::NotListed),
        Err(e) => Err(super::unavailable(&e, None)),
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
        let capture = CaptureBody::default();
        let v = answer(
            SES,
            "ListSuppressedDestinations",
            capture.clone(),
            client
                .list_suppressed_destinations()
                .page_size(1000)
                .set_next_token(token.take())
                .customize()
                .interceptor(capture)
                .send(),
        )
        .await
        .map_err(|e| super::unavailable(&e, None))?;
        match wire::suppression_page(&v, &mut list) {
            Some(Some(t)) => token = Some(t),
            Some(None) => break,
            None => {
                return Err(Unavailable::absent(
                    SES,
                    "sesv2:ListSuppressedDestinations",
                    "SuppressedDestinationSummaries",
                    "which addresses are suppressed",
                ))
            }
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
        match get_identity(client, name).await {
            Ok(Some((sending, status)))
                if sending == Some(true) || status.as_deref() == Some("SUCCESS") =>
            {
                return Ok(true)
            }
            Ok(_) => {}
            Err(e) => return Err(super::unavailable(&e, None)),
        }
    }
    Ok(false)
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

/// Reads the identity the pool sends from, its policies where the pool needs one (see
/// [`crate::rules::ses_sending_not_authorized::principal_needed`]), and for a pool that sends
/// through SES the account in the identity's region (GetAccount) and the `addresses` asked
/// about. With Cognito's default email, Cognito's own SES account sends: this account's sandbox,
/// quota and suppression list play no part and are not read.
pub async fn read_for(session: &Session, pool: &Pool, addresses: Addresses<'_>) -> Read {
    let id = match identity_of(pool) {
        None => return Read::default(),
        Some(Err(why)) => {
            return Read {
                gaps: vec![Unavailable::failed(SES, "sesv2:GetEmailIdentity", why)],
                ..Read::default()
            };
        }
        Some(Ok(id)) => id,
    };
    let client = session.ses(&id.region);
    let mut read = Read::default();
    let through_ses = pool.email_sending_account.as_deref() == Some("DEVELOPER");
    let policies = crate::rules::ses_sending_not_authorized::principal_needed(pool).is_some();
    // GetAccount and the suppression list describe the caller's own account: the pool's, since
    // Cognito's admin reads are never cross-account. An identity of another account is not read.
    let pool_account = pool.arn.as_deref().and_then(|a| a.split(':').nth(4));
    let own = pool_account.is_none_or(|a| a == id.account);
    let account_read = async {
        if through_ses && own {
            Some(read_account(&client).await)
        } else {
            None
        }
    };
    let mut pages = 0;
    let suppression_read = async {
        match addresses {
            _ if !through_ses || !own => None,
            Addresses::One(email) => Some(read_suppression(&client, email).await.map(Some)),
            Addresses::All => Some(list_suppressed(&client, &mut pages).await.map(|list| {
                read.suppressed = Some(list);
                None
            })),
            Addresses::None => None,
        }
    };
    let ((mut id, mut gaps), account, suppression) = tokio::join!(
        read_identity(&client, id, policies),
        account_read,
        suppression_read
    );
    id.endpoint = session.endpoints.ses.clone();
    match account {
        Some(Ok((a, absent))) => {
            gaps.extend(absent);
            if let (true, Addresses::One(email)) = (a.sandbox(), addresses) {
                match recipient_verified(&client, email).await {
                    Ok(v) => read.recipient.verified_identity = Some(v),
                    Err(gap) => gaps.push(gap),
                }
            }
            id.sending_account = Some(a);
        }
        Some(Err(gap)) => gaps.push(gap),
        None if through_ses => gaps.push(Unavailable::failed(
            SES,
            "sesv2:GetAccount",
            format!(
                "the identity is in account {}, not the pool's account {}: its sending status, quota and suppression list are read with that account's credentials; it needs ses:GetAccount and ses:GetSuppressedDestination there",
                id.account,
                pool_account.unwrap_or_default()
            ),
        )),
        None => {}
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
    use crate::model::FailureKind;

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
        let (id, gaps) = read_identity(&client, identity(), true).await;
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
        assert_eq!(gaps[0].kind, FailureKind::Denied);
        assert_eq!(gaps[0].permission.as_deref(), Some("ses:GetEmailIdentity"));
        assert_eq!(
            gaps[1].permission.as_deref(),
            Some("ses:GetEmailIdentityPolicies")
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
        let (id, gaps) = read_identity(&client, identity(), true).await;
        assert_eq!(id.exists, Some(false));
        assert!(gaps.is_empty(), "{gaps:?}");
    }

    #[tokio::test]
    async fn an_identity_answer_without_its_status_is_unknown_not_unverified() {
        let get = mock!(Client::get_email_identity)
            .then_http_response(|| response(200, "", r#"{"IdentityType":"EMAIL_ADDRESS"}"#));
        let client = mock_client!(aws_sdk_sesv2, [&get]);
        let (id, gaps) = read_identity(&client, identity(), false).await;
        assert_eq!(id.exists, Some(true));
        assert_eq!(id.unverified(), None);
        assert!(
            gaps[0].error.contains("no VerifiedForSendingStatus"),
            "{gaps:?}"
        );
    }

    #[tokio::test]
    async fn a_404_html_page_is_not_served_never_a_missing_permission() {
        let get = mock!(Client::get_account).then_http_response(|| {
            HttpResponse::new(
                StatusCode::try_from(404).expect("status"),
                SdkBody::from("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>"),
            )
        });
        let client = mock_client!(aws_sdk_sesv2, [&get]);
        let err = read_account(&client).await.unwrap_err();
        assert_eq!(err.kind, FailureKind::NotServed, "{err:?}");
        assert_eq!(err.permission, None);
        assert!(!err.error.is_empty());
    }
}
