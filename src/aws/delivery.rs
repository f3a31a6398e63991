//! The reads past Cognito, made beside the pool's own: the SES identity it sends through and its
//! Lambda triggers, each in its own region and at its service's endpoint, at once, with one
//! shared configuration (credentials resolved once).

use super::{lambda, sdk_config, ses, ClientOptions};
use crate::model::{Pool, Unavailable};

pub use ses::Addresses;
use crate::settings::AwsTarget;

/// The endpoints of the services past Cognito (None: AWS's own).
pub struct Endpoints<'a> {
    pub ses: Option<&'a str>,
    pub lambda: Option<&'a str>,
}

/// Reads what the pool's delivery path depends on past Cognito into `pool` (`ses`, `triggers`),
/// and what SES showed of the `addresses` asked about; the reads that failed are in `gaps`, each
/// naming the permission it needs.
pub async fn read(
    target: &AwsTarget,
    at: Endpoints<'_>,
    pool: &mut Pool,
    addresses: Addresses<'_>,
) -> ses::Read {
    if ses::identity_of(pool).is_none() && pool.triggers.is_empty() {
        return ses::Read::default();
    }
    // Optional reads: two attempts, so that an endpoint that does not implement one costs a
    // second, not the whole retry budget.
    let opts = ClientOptions {
        max_attempts: Some(2),
        adaptive: false,
    };
    let sdk = match sdk_config(target, &opts).await {
        Ok(sdk) => sdk,
        Err(e) => {
            let failed = Unavailable {
                operation: "sesv2 and lambda reads".into(),
                error: e.to_string(),
                provider: None,
            };
            return ses::Read {
                gaps: vec![failed],
                ..ses::Read::default()
            };
        }
    };
    let triggers = std::mem::take(&mut pool.triggers);
    let (mut read, (triggers, lambda_gaps)) = tokio::join!(
        ses::read_for(&sdk, at.ses, pool, addresses),
        lambda::read_all(&sdk, &target.region, at.lambda, triggers)
    );
    pool.ses = read.identity.take();
    pool.triggers = triggers;
    read.gaps.extend(lambda_gaps);
    read
}
