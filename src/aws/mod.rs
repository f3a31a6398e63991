//! The AWS layer: builds the Cognito client, classifies SDK errors, reads snapshots and applies
//! changes. The only place that knows SDK types.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_sdk_cognitoidentityprovider::config::SharedCredentialsProvider;
use aws_sdk_cognitoidentityprovider::config::{
    ConfigBag, Intercept, ProvideCredentials, Region, RuntimeComponents,
};
use aws_sdk_cognitoidentityprovider::error::BoxError;
pub use aws_sdk_cognitoidentityprovider::Client;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use failure::last_cause;
pub use failure::{classify, classify_in, unavailable};

use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::settings::AwsTarget;

pub mod apply;
pub mod convert;
pub mod delivery;
pub mod failure;
pub mod fetch;
pub mod kms;
pub mod lambda;
pub mod limits;
pub mod logs;
pub mod pace;
pub mod scope;
pub mod seam;
pub mod ses;
pub mod session;
pub mod trail;

/// Options for building a client.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Retry attempts per call (first try included).
    pub max_attempts: Option<u32>,
    /// Adaptive retry (client-side rate limiting after throttling), for long scans.
    pub adaptive: bool,
    /// Where the reads go besides the network: recorded into a bundle, or answered from one.
    pub seam: Option<seam::Seam>,
}

impl ClientOptions {
    /// One attempt per call, for runs whose calls go through a pacer: the pacer absorbs
    /// throttles and slows down, which it cannot when the SDK's retries hide them.
    pub fn paced() -> Self {
        ClientOptions {
            max_attempts: Some(1),
            ..ClientOptions::default()
        }
    }
}

/// Builds a Cognito client for the target and checks that credentials resolve, so that a missing
/// credential fails at once with one sentence instead of at the first call.
pub async fn client(target: &AwsTarget, opts: &ClientOptions) -> Result<Client> {
    let sdk = sdk_config(target, opts).await?;
    let conf = aws_sdk_cognitoidentityprovider::config::Builder::from(&sdk)
        .interceptor(CallLog)
        .interceptor(limits::Limits)
        .build();
    Ok(Client::from_conf(conf))
}

/// The shared configuration of every service client: region, credentials (checked once here),
/// retries, timeouts and the endpoint of the target.
pub(crate) async fn sdk_config(
    target: &AwsTarget,
    opts: &ClientOptions,
) -> Result<aws_config::SdkConfig> {
    let region = Region::new(target.region.clone());
    if let Some(seam::Seam::Replay(replay)) = &opts.seam {
        return Ok(offline_config(region, replay).await);
    }
    // IMDS answers only on EC2; elsewhere it must give up fast instead of hanging the first call.
    let imds = aws_config::imds::Client::builder()
        .connect_timeout(Duration::from_millis(800))
        .read_timeout(Duration::from_millis(800))
        .max_attempts(1)
        .build();
    // As the AWS CLI resolves them: a named profile (flag or AWS_PROFILE) is used as it is,
    // even when AWS_ACCESS_KEY_ID is set, so the diagnosis and the printed fixes run under the
    // same account; without one, the default chain (environment first).
    let (credentials, source) = match &target.profile {
        Some(p) => (
            SharedCredentialsProvider::new(
                ProfileFileCredentialsProvider::builder()
                    .profile_name(p)
                    .build(),
            ),
            format!("the profile {p} of the shared config and credentials files"),
        ),
        None => (
            SharedCredentialsProvider::new(
                DefaultCredentialsChain::builder()
                    .region(region.clone())
                    .imds_client(imds)
                    .build()
                    .await,
            ),
            if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
                "the environment (AWS_ACCESS_KEY_ID)".to_owned()
            } else {
                "the default chain: the default profile, SSO, web identity, the container or IMDS"
                    .to_owned()
            },
        ),
    };
    if let Err(e) = credentials.provide_credentials().await {
        return Err(Error::Aws(AwsError {
            operation: "credentials",
            kind: AwsErrorKind::NoCredentials,
            code: None,
            message: credential_sentence(target.profile.as_deref(), &e),
            ..AwsError::default()
        }));
    }
    tracing::trace!("credentials from {source}");
    let retry = if opts.adaptive {
        RetryConfig::adaptive()
    } else {
        RetryConfig::standard()
    }
    .with_max_attempts(opts.max_attempts.unwrap_or(4));
    // How long a connection, and one attempt, may take (--connect-timeout, --read-timeout).
    // There is no limit on a whole call with its retries: the retries are bounded by their
    // number (and an attempt that timed out by one more, see `limits`), and when they end the
    // error is the service's own (a throttle, a 500), never "timed out".
    let timeouts = crate::error::Timeouts::current();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .credentials_provider(credentials)
        .retry_config(retry)
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(timeouts.connect))
                .operation_attempt_timeout(Duration::from_secs(timeouts.read))
                .build(),
        );
    if let Some(p) = &target.profile {
        loader = loader.profile_name(p);
    }
    if let Some(e) = &target.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    if let Some(seam::Seam::Record(recorder)) = &opts.seam {
        // The client the SDK builds by default (rustls with aws-lc, the proxy of the
        // environment), recorded through.
        use aws_smithy_http_client::{proxy::ProxyConfig, tls, Builder, ConnectorBuilder};
        let inner = Builder::new().build_with_connector_fn(|settings, components| {
            let mut conn = ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::AwsLc,
            ));
            conn.set_connector_settings(settings.cloned());
            if let Some(c) = components {
                conn.set_sleep_impl(c.sleep_impl());
            }
            conn.proxy_config(ProxyConfig::from_env()).build()
        });
        loader = loader.http_client(recorder.client(inner));
    }
    Ok(loader.load().await)
}

/// The configuration of an offline run: every answer from the bundle, no credentials looked for
/// (static ones sign requests no one receives), no endpoint reached.
async fn offline_config(
    region: Region,
    replay: &std::sync::Arc<seam::Replay>,
) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .credentials_provider(aws_credential_types::Credentials::new(
            "offline", "offline", None, None, "bundle",
        ))
        .http_client(replay.client())
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .endpoint_url("http://offline.invalid")
        .load()
        .await
}

/// For optional reads (providers, app clients): two attempts, so that an error that will not pass
/// (an operation the endpoint does not implement answers 500 every time) costs a second, not the
/// whole retry budget. The diagnosis goes on without the read and says so.
pub fn optional_read() -> aws_sdk_cognitoidentityprovider::config::Builder {
    aws_sdk_cognitoidentityprovider::config::Builder::default()
        .retry_config(RetryConfig::standard().with_max_attempts(2))
}

/// One plain sentence for credentials that did not resolve: a profile that does not exist is
/// named as such, a profile that holds no credentials says so, and the SDK's internal error
/// names stay out.
fn credential_sentence(
    profile: Option<&str>,
    e: &aws_credential_types::provider::error::CredentialsError,
) -> String {
    let Some(p) = profile else {
        return "no AWS credentials were found in the environment, the default profile, SSO, web identity, the container or the instance metadata; set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".to_owned();
    };
    let (config, credentials) = profile_files();
    if !profile_declared(p, &config, &credentials) {
        return format!(
            "the profile {p} does not exist in {} or {}; name one that does (aws configure list-profiles), or leave --profile and AWS_PROFILE unset",
            config.display(),
            credentials.display()
        );
    }
    let cause = last_cause(e);
    if matches!(
        e,
        aws_credential_types::provider::error::CredentialsError::CredentialsNotLoaded(_)
    ) {
        format!("the profile {p} gave no credentials: it sets no access keys, role, SSO session or credential_process; add them, or run `aws configure --profile {p}`")
    } else {
        format!("the profile {p} gave no credentials: {cause}; for an SSO profile, run `aws sso login --profile {p}`")
    }
}

/// The shared config and credentials files, as the AWS CLI finds them.
fn profile_files() -> (std::path::PathBuf, std::path::PathBuf) {
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let file = |var: &str, default: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| home.join(".aws").join(default))
    };
    (
        file("AWS_CONFIG_FILE", "config"),
        file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    )
}

/// Whether a profile has a section: `[profile NAME]` (or `[NAME]` for default) in the config
/// file, `[NAME]` in the credentials file.
fn profile_declared(name: &str, config: &std::path::Path, credentials: &std::path::Path) -> bool {
    let sections = |path: &std::path::Path| -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                l.strip_prefix('[')?
                    .strip_suffix(']')
                    .map(|s| s.trim().to_owned())
            })
            .collect()
    };
    let in_config = sections(config).iter().any(|s| {
        s.strip_prefix("profile")
            .map(str::trim)
            .is_some_and(|n| n == name)
            || (s == name && name == "default")
    });
    in_config || sections(credentials).iter().any(|s| s == name)
}

/// Logs each call with its duration at debug level (`-v`). Only the operation name, the
/// outcome and the time are logged: never a parameter, so no token, code or secret.
#[derive(Debug)]
struct CallLog;

#[derive(Debug, Clone)]
struct CallStart(Instant);

impl Storable for CallStart {
    type Storer = StoreReplace<Self>;
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "CallLog"
    }

    fn read_before_execution(
        &self,
        _ctx: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(CallStart(Instant::now()));
        Ok(())
    }

    fn read_after_execution(
        &self,
        ctx: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let op = cfg
            .load::<Metadata>()
            .map(|m| m.name().to_owned())
            .unwrap_or_default();
        let ms = cfg
            .load::<CallStart>()
            .map(|s| s.0.elapsed().as_secs_f64() * 1000.0)
            .unwrap_or_default();
        let status = ctx
            .response()
            .map(|r| r.status().as_u16())
            .unwrap_or_default();
        tracing::debug!("{op} -> HTTP {status} in {ms:.1} ms");
        Ok(())
    }
}

/// Keeps the raw JSON body of a response. DescribeUserPool's raw body is the pool's complete
/// configuration in the API's own shape, including settings newer than this SDK build, so a
/// read-modify-write built from it carries everything over.
#[derive(Debug, Clone, Default)]
pub struct CaptureBody(Arc<Mutex<Option<Vec<u8>>>>);

impl CaptureBody {
    pub fn take_json(&self) -> Option<serde_json::Value> {
        let bytes = self.0.lock().ok()?.take()?;
        serde_json::from_slice(&bytes).ok()
    }
}

impl Intercept for CaptureBody {
    fn name(&self) -> &'static str {
        "CaptureBody"
    }

    fn read_after_deserialization(
        &self,
        ctx: &AfterDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let (Some(bytes), Ok(mut slot)) = (ctx.response().body().bytes(), self.0.lock()) {
            *slot = Some(bytes.to_vec());
        }
        Ok(())
    }
}

/// Sends a call keeping its raw answer, and returns the answer as JSON: every read gets its
/// answer this way, and [`crate::wire`] reads the model from it, so a field the answer lacks is
/// seen as absent instead of the SDK's default (false, 0, empty).
pub(crate) async fn answer<O, E>(
    service: crate::model::Service,
    operation: &'static str,
    capture: CaptureBody,
    sent: impl std::future::Future<
        Output = std::result::Result<
            O,
            aws_sdk_cognitoidentityprovider::error::SdkError<
                E,
                aws_smithy_runtime_api::client::orchestrator::HttpResponse,
            >,
        >,
    >,
) -> std::result::Result<serde_json::Value, AwsError>
where
    E: aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    sent.await
        .map_err(|e| failure::classify_in(service, operation, e))?;
    capture.take_json().ok_or_else(|| AwsError {
        operation,
        kind: AwsErrorKind::Other,
        code: None,
        message: "the answer was empty".into(),
        service,
    })
}

/// Now, as RFC 3339 in UTC (the journal's timestamps).
pub fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}
