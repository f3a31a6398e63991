//! The reads past Cognito, made beside the pool's own: the SES identity it sends through (and
//! its account, a user's address or the suppression list), its Lambda triggers, and the delivery
//! errors it exports to CloudWatch Logs; each in its own region and at its service's endpoint, at
//! once, with one shared configuration (credentials resolved once).

use super::{lambda, logs, sdk_config, ses, ClientOptions};
use crate::model::{DeliveryLog, Pool, Recipient, SuppressionList, Unavailable};
use crate::settings::AwsTarget;

pub use logs::Query as LogQuery;
pub use ses::Addresses;

/// The endpoints of the services past Cognito (None: AWS's own).
pub struct Endpoints<'a> {
    pub ses: Option<&'a str>,
    pub lambda: Option<&'a str>,
    pub logs: Option<&'a str>,
}

/// What was read past Cognito besides what went into the pool.
#[derive(Debug, Default)]
pub struct Past {
    /// What SES showed of the user's address ([`Addresses::One`]).
    pub recipient: Recipient,
    /// The account's suppression list ([`Addresses::All`]).
    pub suppressed: Option<SuppressionList>,
    /// ListSuppressedDestinations calls made.
    pub pages: u64,
    /// The pool's exported delivery errors that name the user (when a [`LogQuery`] was given and
    /// the pool exports them).
    pub delivery_log: Option<DeliveryLog>,
    /// The reads that failed, each naming the permission it needs.
    pub gaps: Vec<Unavailable>,
}

/// Reads what the pool's delivery path depends on past Cognito into `pool` (`ses`, `triggers`),
/// and what SES showed of the `addresses` asked about, and with `log` the pool's delivery log.
pub async fn read(
    target: &AwsTarget,
    at: Endpoints<'_>,
    pool: &mut Pool,
    addresses: Addresses<'_>,
    log: Option<LogQuery<'_>>,
) -> Past {
    if ses::identity_of(pool).is_none() && pool.triggers.is_empty() && log.is_none() {
        return Past::default();
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
                operation: "reads past Cognito (SES, Lambda, CloudWatch Logs)".into(),
                error: e.to_string(),
                provider: None,
            };
            return Past {
                gaps: vec![failed],
                ..Past::default()
            };
        }
    };
    let triggers = std::mem::take(&mut pool.triggers);
    let logged = async {
        match &log {
            Some(q) => Some(logs::read(&sdk, at.logs, q).await),
            None => None,
        }
    };
    let (mut read, (triggers, lambda_gaps), logged) = tokio::join!(
        ses::read_for(&sdk, at.ses, pool, addresses),
        lambda::read_all(&sdk, &target.region, at.lambda, triggers),
        logged
    );
    pool.ses = read.identity.take();
    pool.triggers = triggers;
    read.gaps.extend(lambda_gaps);
    let delivery_log = match logged {
        Some(Ok(found)) => found,
        Some(Err(gap)) => {
            read.gaps.push(gap);
            None
        }
        None => None,
    };
    Past {
        recipient: read.recipient,
        suppressed: read.suppressed,
        pages: read.pages,
        delivery_log,
        gaps: read.gaps,
    }
}
