//! One module per subcommand: resolve the arguments, call the AWS layer, hand results to render.

pub mod audit;
pub mod bulk_reverify;
pub mod change;
pub mod diagnose;
pub mod enable_verification;
pub mod explain;
pub mod force_alias;
pub mod force_alias_confirm;
pub mod force_alias_create;
pub mod map_idp;
pub mod reverify;
pub mod reverify_code;
pub mod settle;
pub mod undo;

use crate::cli::GlobalArgs;
use crate::error::{Error, Result};
use crate::settings::{looks_like_region, AwsTarget, UserPoolId};

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Resolves where the calls go: `--region` (or AWS_REGION, AWS_DEFAULT_REGION), else the pool
/// id's prefix; `--endpoint-url` (or the Cognito-specific, then the global endpoint variable).
pub fn resolve_target(g: &GlobalArgs, pool: Option<&UserPoolId>) -> Result<AwsTarget> {
    let missing = match pool {
        Some(p) => format!("cannot tell the region from pool id `{p}`; give --region"),
        None => "no region given; give --region or set AWS_REGION".to_owned(),
    };
    resolve_target_with(g, pool.and_then(|p| p.region()), missing)
}

/// As [`resolve_target`], with the region to use when none is given explicitly (the pool id's
/// prefix, or an access token's issuer).
pub fn resolve_target_with(
    g: &GlobalArgs,
    fallback: Option<&str>,
    missing: String,
) -> Result<AwsTarget> {
    let explicit = g
        .region
        .clone()
        .or_else(|| env_nonempty("AWS_REGION"))
        .or_else(|| env_nonempty("AWS_DEFAULT_REGION"));
    let region = match (explicit, fallback) {
        (Some(r), from_pool) => {
            if let Some(p) = from_pool {
                if p != r {
                    tracing::warn!(
                        "region {r} differs from the pool's region {p}; the pool may not be found"
                    );
                }
            }
            r
        }
        (None, Some(p)) => p.to_owned(),
        (None, None) => return Err(Error::usage(missing)),
    };
    if !looks_like_region(&region) {
        return Err(Error::usage(format!(
            "`{region}` is not an AWS region; give one such as us-east-1"
        )));
    }
    let endpoint_url = g
        .endpoint_url
        .clone()
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"))
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL"));
    if let Some(e) = &endpoint_url {
        if !(e.starts_with("http://") || e.starts_with("https://")) || e.len() < 10 {
            return Err(Error::usage(format!(
                "`{e}` is not an endpoint URL; give one such as http://127.0.0.1:5000 or https://cognito-idp.eu-west-1.amazonaws.com"
            )));
        }
    }
    let profile = g.profile.clone().filter(|p| !p.trim().is_empty());
    Ok(AwsTarget {
        region,
        profile,
        endpoint_url,
    })
}
