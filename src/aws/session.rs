//! One configuration for every service a run reads: credentials resolved once, then a client of
//! each service made from it, in the region and at the endpoint each read needs.

use aws_config::retry::RetryConfig;

use super::limits::Limits;
use super::{sdk_config, CallLog, Client, ClientOptions};
use crate::error::Result;
use crate::model::Service;
use crate::settings::AwsTarget;

/// The endpoint of each service, when not AWS's own (an emulator, a VPC endpoint).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    pub cognito: Option<String>,
    pub ses: Option<String>,
    pub lambda: Option<String>,
    pub logs: Option<String>,
    pub cloudtrail: Option<String>,
    pub kms: Option<String>,
}

impl Endpoints {
    pub fn of(&self, service: Service) -> Option<&str> {
        match service {
            Service::CognitoIdp => self.cognito.as_deref(),
            Service::Ses => self.ses.as_deref(),
            Service::Lambda => self.lambda.as_deref(),
            Service::Logs => self.logs.as_deref(),
            Service::CloudTrail => self.cloudtrail.as_deref(),
            Service::Kms => self.kms.as_deref(),
            _ => None,
        }
    }
}

/// The configuration of a run's target: where, as whom, and a Cognito client.
pub struct Session {
    pub target: AwsTarget,
    pub endpoints: Endpoints,
    sdk: aws_config::SdkConfig,
    cognito: Client,
    /// Clients given instead of made (mocked ones in tests), whatever the region.
    given: Given,
}

#[derive(Default)]
struct Given {
    ses: Option<aws_sdk_sesv2::Client>,
    lambda: Option<aws_sdk_lambda::Client>,
    logs: Option<aws_sdk_cloudwatchlogs::Client>,
    cloudtrail: Option<aws_sdk_cloudtrail::Client>,
    kms: Option<aws_sdk_kms::Client>,
}

/// Reads past Cognito are optional: two attempts, so that an endpoint that does not serve one
/// costs a second, not the whole retry budget.
const OPTIONAL_ATTEMPTS: u32 = 2;

impl Session {
    /// Resolves the credentials once (a missing credential fails here, with one sentence) and
    /// makes the Cognito client.
    pub async fn new(
        target: &AwsTarget,
        endpoints: Endpoints,
        opts: &ClientOptions,
    ) -> Result<Session> {
        let sdk = sdk_config(target, opts).await?;
        Ok(Session::with_config(sdk, target.clone(), endpoints))
    }

    /// A session on credentials already resolved (a scope of a fleet command).
    pub fn with_config(
        sdk: aws_config::SdkConfig,
        target: AwsTarget,
        endpoints: Endpoints,
    ) -> Session {
        let cognito = Client::from_conf(
            aws_sdk_cognitoidentityprovider::config::Builder::from(&sdk)
                .interceptor(CallLog)
                .interceptor(Limits)
                .build(),
        );
        Session {
            target,
            endpoints,
            sdk,
            cognito,
            given: Given::default(),
        }
    }

    pub fn cognito(&self) -> &Client {
        &self.cognito
    }

    fn optional_retry() -> RetryConfig {
        RetryConfig::standard().with_max_attempts(OPTIONAL_ATTEMPTS)
    }

    /// An SES v2 client in `region`.
    pub fn ses(&self, region: &str) -> aws_sdk_sesv2::Client {
        if let Some(c) = &self.given.ses {
            return c.clone();
        }
        let mut conf = aws_sdk_sesv2::config::Builder::from(&self.sdk)
            .region(aws_sdk_sesv2::config::Region::new(region.to_owned()))
            .retry_config(Self::optional_retry())
            .interceptor(CallLog)
            .interceptor(Limits);
        conf.set_endpoint_url(self.endpoints.ses.clone());
        aws_sdk_sesv2::Client::from_conf(conf.build())
    }

    /// A Lambda client in `region`.
    pub fn lambda(&self, region: &str) -> aws_sdk_lambda::Client {
        if let Some(c) = &self.given.lambda {
            return c.clone();
        }
        let mut conf = aws_sdk_lambda::config::Builder::from(&self.sdk)
            .region(aws_sdk_lambda::config::Region::new(region.to_owned()))
            .retry_config(Self::optional_retry())
            .interceptor(CallLog)
            .interceptor(Limits);
        conf.set_endpoint_url(self.endpoints.lambda.clone());
        aws_sdk_lambda::Client::from_conf(conf.build())
    }

    /// A CloudWatch Logs client in `region`.
    pub fn logs(&self, region: &str) -> aws_sdk_cloudwatchlogs::Client {
        if let Some(c) = &self.given.logs {
            return c.clone();
        }
        let mut conf = aws_sdk_cloudwatchlogs::config::Builder::from(&self.sdk)
            .region(aws_sdk_cloudwatchlogs::config::Region::new(
                region.to_owned(),
            ))
            .retry_config(Self::optional_retry())
            .interceptor(CallLog)
            .interceptor(Limits);
        conf.set_endpoint_url(self.endpoints.logs.clone());
        aws_sdk_cloudwatchlogs::Client::from_conf(conf.build())
    }

    /// A CloudTrail client in `region`, one attempt a call: LookupEvents allows 2 calls a second
    /// per account and region, and the history's pacer (not the SDK's retries) absorbs a
    /// throttle.
    pub fn cloudtrail(&self, region: &str) -> aws_sdk_cloudtrail::Client {
        if let Some(c) = &self.given.cloudtrail {
            return c.clone();
        }
        let mut conf = aws_sdk_cloudtrail::config::Builder::from(&self.sdk)
            .region(aws_sdk_cloudtrail::config::Region::new(region.to_owned()))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .interceptor(CallLog)
            .interceptor(Limits);
        conf.set_endpoint_url(self.endpoints.cloudtrail.clone());
        aws_sdk_cloudtrail::Client::from_conf(conf.build())
    }

    /// A KMS client in `region`.
    pub fn kms(&self, region: &str) -> aws_sdk_kms::Client {
        if let Some(c) = &self.given.kms {
            return c.clone();
        }
        let mut conf = aws_sdk_kms::config::Builder::from(&self.sdk)
            .region(aws_sdk_kms::config::Region::new(region.to_owned()))
            .retry_config(Self::optional_retry())
            .interceptor(CallLog)
            .interceptor(Limits);
        conf.set_endpoint_url(self.endpoints.kms.clone());
        aws_sdk_kms::Client::from_conf(conf.build())
    }
}

impl Session {
    /// A session around a Cognito client already made (a mocked one in tests): AWS's own
    /// endpoints, no other service configured.
    pub fn from_client(cognito: Client) -> Session {
        Session {
            target: AwsTarget::default(),
            endpoints: Endpoints::default(),
            sdk: aws_config::SdkConfig::builder().build(),
            cognito,
            given: Given::default(),
        }
    }

    /// The same session reading SES with `client` (a mocked one in tests) in every region.
    pub fn with_ses(mut self, client: aws_sdk_sesv2::Client) -> Session {
        self.given.ses = Some(client);
        self
    }

    /// The same session reading Lambda with `client` in every region.
    pub fn with_lambda(mut self, client: aws_sdk_lambda::Client) -> Session {
        self.given.lambda = Some(client);
        self
    }

    /// The same session reading CloudWatch Logs with `client` in every region.
    pub fn with_logs(mut self, client: aws_sdk_cloudwatchlogs::Client) -> Session {
        self.given.logs = Some(client);
        self
    }

    /// The same session reading CloudTrail with `client` in every region.
    pub fn with_cloudtrail(mut self, client: aws_sdk_cloudtrail::Client) -> Session {
        self.given.cloudtrail = Some(client);
        self
    }

    /// The same session reading KMS with `client` in every region.
    pub fn with_kms(mut self, client: aws_sdk_kms::Client) -> Session {
        self.given.kms = Some(client);
        self
    }
}
