//! Scopes: the account and region pairs a fleet command reads, each with its credentials resolved
//! once (cargo-lambda's `RemoteConfig`, one per scope). A scope item that fails (a profile without
//! credentials, a role that cannot be assumed, a region the account has not enabled) is a
//! [`ScopeGap`] with its kind, and never stops the others.

use std::collections::BTreeSet;

use aws_config::retry::RetryConfig;
use aws_config::SdkConfig;
use aws_sdk_cognitoidentityprovider::config::{
    ProvideCredentials, Region, SharedCredentialsProvider,
};
use futures_util::{stream, StreamExt};

use super::session::{Endpoints, Session};
use super::{classify_in, sdk_config, Client, ClientOptions};
use crate::error::{AwsError, AwsErrorKind, Error};
use crate::model::{ScopeFailure, ScopeGap, Service};
use crate::settings::AwsTarget;

/// Every region where Cognito user pools are offered, by partition: the `cognito-idp` regions of
/// botocore's endpoints.json (version 1.44.18), which the AWS CLI also reads.
pub const COGNITO_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];
/// The same for AWS GovCloud (US).
pub const COGNITO_GOV_REGIONS: &[&str] = &["us-gov-east-1", "us-gov-west-1"];

/// The partition of a region, for role ARNs (`arn:PARTITION:iam::ACCOUNT:role/NAME`).
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

/// The regions to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    Given(Vec<String>),
    /// Every Cognito region of the partition, narrowed to the account's enabled regions when
    /// account:ListRegions can be read.
    All,
}

/// The credential sets to search with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Profiles {
    /// The run's own credentials (`--profile`, or the default chain).
    Own(Option<String>),
    Given(Vec<String>),
    /// Every profile of the shared config and credentials files.
    All,
}

/// The accounts to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accounts {
    /// The accounts the credential sets are in.
    Own,
    /// Assume `role` in each of these accounts.
    Given { ids: Vec<String>, role: String },
    /// Assume `role` in every active account of the organization (Organizations ListAccounts).
    Organization { role: String },
}

/// What a fleet command reads: its scope options, resolved by [`resolve`].
#[derive(Debug, Clone)]
pub struct Spec {
    /// The region the credentials are checked in and STS, Organizations and Account are asked in.
    pub home: String,
    pub regions: Regions,
    pub profiles: Profiles,
    pub accounts: Accounts,
    /// Cognito's endpoint (an emulator), as every command has it.
    pub endpoint: Option<String>,
    /// The endpoints of STS, Organizations and Account, by the same rules as every service.
    pub sts: Option<String>,
    pub organizations: Option<String>,
    pub account: Option<String>,
    /// Scope items resolved at once (`--max-scopes`).
    pub max_scopes: usize,
}

/// One credential set: a profile, the default chain, or a role assumed in an account.
#[derive(Clone)]
struct Identity {
    label: String,
    profile: Option<String>,
    account: Option<String>,
    sdk: SdkConfig,
}

/// One account and region, with its credentials resolved.
#[derive(Clone)]
pub struct Scope {
    /// How the output names its credentials: `profile dev`, `account 111122223333 (role R)`.
    pub label: String,
    pub account: Option<String>,
    pub region: String,
    /// The profile its credentials come from, for the printed lines (None for an assumed role).
    pub profile: Option<String>,
    sdk: SdkConfig,
}

impl Scope {
    /// A Cognito client in this scope, one attempt per call (its pacer retries).
    pub fn cognito(&self) -> Client {
        Client::from_conf(
            aws_sdk_cognitoidentityprovider::config::Builder::from(&self.sdk)
                .interceptor(super::CallLog)
                .interceptor(super::limits::Limits)
                .build(),
        )
    }

    /// A session in this scope for the reads of one pool's audit.
    pub fn session(&self, endpoints: Endpoints) -> Session {
        Session::with_config(self.sdk.clone(), self.target(), endpoints)
    }

    /// Where its calls go, as the printed lines name it.
    pub fn target(&self) -> AwsTarget {
        AwsTarget {
            region: self.region.clone(),
            profile: self.profile.clone(),
            endpoint_url: self.sdk.endpoint_url().map(str::to_owned),
        }
    }

    /// `account / region`, or the region alone when the account is unknown.
    pub fn name(&self) -> String {
        match &self.account {
            Some(a) => format!("{a}/{}", self.region),
            None => self.region.clone(),
        }
    }
}

/// The scopes resolved and the scope items that failed.
#[derive(Default)]
pub struct Resolved {
    pub scopes: Vec<Scope>,
    pub gaps: Vec<ScopeGap>,
}

impl Resolved {
    pub fn accounts(&self) -> usize {
        let known: BTreeSet<&str> = self
            .scopes
            .iter()
            .filter_map(|s| s.account.as_deref())
            .collect();
        known.len().max(usize::from(!self.scopes.is_empty()))
    }

    pub fn regions(&self) -> usize {
        self.scopes
            .iter()
            .map(|s| s.region.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }
}

fn gap(scope: String, kind: ScopeFailure, operation: &str, error: String) -> ScopeGap {
    ScopeGap {
        scope,
        kind,
        operation: operation.to_owned(),
        error,
    }
}

/// The kind of a failed call made for a scope item.
fn failure(e: &AwsError) -> ScopeFailure {
    match e.kind {
        AwsErrorKind::NoCredentials => ScopeFailure::NoCredentials,
        AwsErrorKind::AccessDenied | AwsErrorKind::NotAuthorized => ScopeFailure::Denied,
        AwsErrorKind::NotServed => ScopeFailure::NotServed,
        AwsErrorKind::Unreachable | AwsErrorKind::Timeout => ScopeFailure::Unreachable,
        AwsErrorKind::Throttled => ScopeFailure::Throttled,
        _ => ScopeFailure::Failed,
    }
}

/// A configuration for the reads that resolve scopes (STS, Organizations, Account): the standard
/// retries, in the home region, at `endpoint`.
fn setup_config(sdk: &SdkConfig, home: &str, endpoint: Option<&str>) -> SdkConfig {
    let mut b = sdk
        .to_builder()
        .region(Region::new(home.to_owned()))
        .retry_config(RetryConfig::standard().with_max_attempts(3));
    b.set_endpoint_url(endpoint.map(str::to_owned));
    b.build()
}

/// The profile names of the shared config and credentials files.
async fn profile_names() -> Result<Vec<String>, String> {
    let fs = aws_types::os_shim_internal::Fs::real();
    let env = aws_types::os_shim_internal::Env::real();
    let files = aws_runtime::env_config::file::EnvConfigFiles::default();
    let set = aws_config::profile::load(&fs, &env, &files, None)
        .await
        .map_err(|e| format!("could not read the shared config files: {e}"))?;
    let mut names: Vec<String> = set.profiles().map(str::to_owned).collect();
    names.sort();
    Ok(names)
}

/// STS GetCallerIdentity: the account a credential set is in.
async fn account_of(sdk: &SdkConfig, spec: &Spec) -> Result<String, AwsError> {
    let client = aws_sdk_sts::Client::new(&setup_config(sdk, &spec.home, spec.sts.as_deref()));
    let out = client
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| classify_in(Service::Sts, "GetCallerIdentity", e))?;
    out.account().map(str::to_owned).ok_or_else(|| AwsError {
        operation: "GetCallerIdentity",
        kind: AwsErrorKind::Other,
        message: "the answer named no account".into(),
        service: Service::Sts,
        ..AwsError::default()
    })
}

/// The run's own credential sets, each checked and placed in its account.
async fn bases(spec: &Spec, opts: &ClientOptions) -> (Vec<Identity>, Vec<ScopeGap>) {
    let profiles: Vec<Option<String>> = match &spec.profiles {
        Profiles::Own(p) => vec![p.clone()],
        Profiles::Given(list) => list.iter().cloned().map(Some).collect(),
        Profiles::All => match profile_names().await {
            Ok(names) if !names.is_empty() => names.into_iter().map(Some).collect(),
            Ok(_) => {
                return (
                    Vec::new(),
                    vec![gap(
                        "--profiles all".into(),
                        ScopeFailure::NoCredentials,
                        "profiles",
                        "the shared config and credentials files name no profile".into(),
                    )],
                )
            }
            Err(why) => {
                return (
                    Vec::new(),
                    vec![gap(
                        "--profiles all".into(),
                        ScopeFailure::NoCredentials,
                        "profiles",
                        why,
                    )],
                )
            }
        },
    };
    let checked = stream::iter(profiles)
        .map(|profile| async move {
            let label = match &profile {
                Some(p) => format!("profile {p}"),
                None => "the default credentials".to_owned(),
            };
            let target = AwsTarget {
                region: spec.home.clone(),
                profile: profile.clone(),
                endpoint_url: spec.endpoint.clone(),
            };
            let sdk = match sdk_config(&target, opts).await {
                Ok(sdk) => sdk,
                Err(Error::Aws(e)) => {
                    return Err(gap(
                        label,
                        ScopeFailure::NoCredentials,
                        "credentials",
                        e.message,
                    ))
                }
                Err(e) => {
                    return Err(gap(
                        label,
                        ScopeFailure::NoCredentials,
                        "credentials",
                        e.to_string(),
                    ))
                }
            };
            match account_of(&sdk, spec).await {
                Ok(account) => Ok(Identity {
                    label,
                    profile,
                    account: Some(account),
                    sdk,
                }),
                Err(e) => Err(gap(
                    label,
                    failure(&e),
                    "sts:GetCallerIdentity",
                    e.to_string(),
                )),
            }
        })
        .buffered(spec.max_scopes.max(1))
        .collect::<Vec<_>>()
        .await;
    let mut ok = Vec::new();
    let mut gaps = Vec::new();
    for c in checked {
        match c {
            Ok(i) => ok.push(i),
            Err(g) => gaps.push(g),
        }
    }
    (ok, gaps)
}

/// Organizations ListAccounts: the active accounts of the caller's organization.
async fn organization_accounts(caller: &Identity, spec: &Spec) -> Result<Vec<String>, AwsError> {
    let client = aws_sdk_organizations::Client::new(&setup_config(
        &caller.sdk,
        &spec.home,
        spec.organizations.as_deref(),
    ));
    let mut pages = client.list_accounts().into_paginator().send();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify_in(Service::Organizations, "ListAccounts", e))?;
        for a in page.accounts() {
            let active = match (a.state(), a.status()) {
                (Some(s), _) => s.as_str() == "ACTIVE",
                (None, Some(s)) => s.as_str() == "ACTIVE",
                (None, None) => true,
            };
            if let (Some(id), true) = (a.id(), active) {
                ids.push(id.to_owned());
            }
        }
    }
    Ok(ids)
}

/// Assumes `role` in `account` with the caller's credentials; the credentials are fetched now, so
/// a role that cannot be assumed fails here.
async fn assume(
    caller: &Identity,
    account: &str,
    role: &str,
    spec: &Spec,
) -> Result<Identity, ScopeGap> {
    let arn = format!("arn:{}:iam::{account}:role/{role}", partition(&spec.home));
    let label = format!("account {account} (role {role})");
    let provider = aws_config::sts::AssumeRoleProvider::builder(arn.clone())
        .session_name("cognito-email-doctor")
        .configure(&setup_config(&caller.sdk, &spec.home, spec.sts.as_deref()))
        .build()
        .await;
    if let Err(e) = provider.provide_credentials().await {
        return Err(gap(
            label,
            ScopeFailure::RoleNotAssumable,
            "sts:AssumeRole",
            format!(
                "{} could not assume {arn}: {}; the role must exist and trust the caller, and the caller needs sts:AssumeRole on it",
                caller.label,
                super::failure::last_cause(&e)
            ),
        ));
    }
    let sdk = caller
        .sdk
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .identity_cache(aws_config::identity::IdentityCache::lazy().build())
        .build();
    Ok(Identity {
        label,
        profile: None,
        account: Some(account.to_owned()),
        sdk,
    })
}

/// account:ListRegions: the regions this identity's account has enabled; None when it cannot be
/// read (every Cognito region is tried then, and one not enabled fails as its own scope item).
async fn enabled_regions(identity: &Identity, spec: &Spec) -> Option<BTreeSet<String>> {
    use aws_sdk_account::types::RegionOptStatus;
    let client = aws_sdk_account::Client::new(&setup_config(
        &identity.sdk,
        &spec.home,
        spec.account.as_deref(),
    ));
    let mut pages = client
        .list_regions()
        .region_opt_status_contains(RegionOptStatus::Enabled)
        .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
        .into_paginator()
        .send();
    let mut out = BTreeSet::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => out.extend(
                p.regions()
                    .iter()
                    .filter_map(|r| r.region_name().map(str::to_owned)),
            ),
            Err(e) => {
                let e = classify_in(Service::Account, "ListRegions", e);
                tracing::info!("{}: every Cognito region is tried ({e})", identity.label);
                return None;
            }
        }
    }
    Some(out)
}

/// Resolves the scope options into scopes: each credential set checked (STS GetCallerIdentity),
/// each role assumed, each account's regions listed, at most `max_scopes` at once.
pub async fn resolve(spec: &Spec, opts: &ClientOptions) -> Resolved {
    let (bases, mut gaps) = bases(spec, opts).await;
    let identities = match &spec.accounts {
        Accounts::Own => bases,
        Accounts::Given { .. } | Accounts::Organization { .. } if bases.is_empty() => Vec::new(),
        Accounts::Given { ids, role } => assume_all(&bases[0], ids, role, spec, &mut gaps).await,
        Accounts::Organization { role } => match organization_accounts(&bases[0], spec).await {
            Ok(ids) => assume_all(&bases[0], &ids, role, spec, &mut gaps).await,
            Err(e) => {
                gaps.push(gap(
                    bases[0].label.clone(),
                    failure(&e),
                    "organizations:ListAccounts",
                    format!("{e}; the caller must be the organization's management account or a delegated administrator"),
                ));
                Vec::new()
            }
        },
    };
    let mut scopes = Vec::new();
    for identity in identities {
        let regions: Vec<String> = match &spec.regions {
            Regions::Given(list) => list.clone(),
            Regions::All => {
                let all: &[&str] = if spec.home.starts_with("us-gov-") {
                    COGNITO_GOV_REGIONS
                } else {
                    COGNITO_REGIONS
                };
                let enabled = enabled_regions(&identity, spec).await;
                all.iter()
                    .filter(|r| enabled.as_ref().is_none_or(|e| e.contains(**r)))
                    .map(|r| (*r).to_owned())
                    .collect()
            }
        };
        for region in regions {
            scopes.push(Scope {
                label: identity.label.clone(),
                account: identity.account.clone(),
                profile: identity.profile.clone(),
                sdk: identity
                    .sdk
                    .to_builder()
                    .region(Region::new(region.clone()))
                    .build(),
                region,
            });
        }
    }
    Resolved { scopes, gaps }
}

async fn assume_all(
    caller: &Identity,
    ids: &[String],
    role: &str,
    spec: &Spec,
    gaps: &mut Vec<ScopeGap>,
) -> Vec<Identity> {
    let assumed = stream::iter(ids)
        .map(|id| assume(caller, id, role, spec))
        .buffered(spec.max_scopes.max(1))
        .collect::<Vec<_>>()
        .await;
    let mut out = Vec::new();
    for a in assumed {
        match a {
            Ok(i) => out.push(i),
            Err(g) => gaps.push(g),
        }
    }
    out
}

/// A call's failure in a scope, with the kind a region the account has not enabled gets: an
/// opt-in region answers as if the credentials were unknown there.
pub fn scope_gap(scope: &Scope, e: &AwsError) -> ScopeGap {
    let not_enabled = matches!(
        e.code.as_deref(),
        Some("UnrecognizedClientException" | "InvalidClientTokenId")
    );
    let kind = match not_enabled {
        true => ScopeFailure::RegionNotEnabled,
        false => failure(e),
    };
    let error = match not_enabled {
        true => format!(
            "{e}; the region {} may not be enabled for this account (AWS account settings, Regions)",
            scope.region
        ),
        false => e.to_string(),
    };
    gap(
        format!("{} in {}", scope.label, scope.region),
        kind,
        &super::failure::qualified(e.service, e.operation),
        error,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_unique_and_look_like_regions() {
        let all: BTreeSet<&str> = COGNITO_REGIONS
            .iter()
            .chain(COGNITO_GOV_REGIONS)
            .copied()
            .collect();
        assert_eq!(all.len(), COGNITO_REGIONS.len() + COGNITO_GOV_REGIONS.len());
        for r in all {
            assert!(crate::settings::looks_like_region(r), "{r}");
        }
        assert!(COGNITO_REGIONS.contains(&"us-east-1") && COGNITO_REGIONS.contains(&"eu-west-1"));
    }

    #[test]
    fn role_arns_carry_the_partition_of_the_home_region() {
        assert_eq!(partition("eu-west-1"), "aws");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("cn-north-1"), "aws-cn");
    }
}
