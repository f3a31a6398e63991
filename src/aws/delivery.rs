//! The reads past Cognito, made beside the pool's own: the SES identity it sends from (and, for a
//! pool that sends through SES, its account, a user's address or the suppression list), the
//! Lambda triggers on the email's path, and the delivery errors it exports to CloudWatch Logs;
//! each in its own region and at its service's endpoint, at once, from the session's one
//! configuration.

use super::session::Session;
use super::{lambda, logs, ses};
use crate::model::{
    DeliveryLog, Pool, Recipient, SesIdentity, SuppressionList, Trigger, Unavailable,
};

pub use logs::Search as LogSearch;
pub use ses::Addresses;

/// What was read past Cognito.
#[derive(Debug, Default)]
pub struct Past {
    /// What SES showed of the identity the pool sends from (None: it sends from none).
    pub ses: Option<SesIdentity>,
    /// The email's triggers with what Lambda showed of each function.
    pub triggers: Vec<Trigger>,
    /// What SES showed of the user's address ([`Addresses::One`]).
    pub recipient: Recipient,
    /// The account's suppression list ([`Addresses::All`]).
    pub suppressed: Option<SuppressionList>,
    /// ListSuppressedDestinations calls made.
    pub pages: u64,
    /// The pool's exported delivery errors that name the user (when a [`LogSearch`] was given).
    pub delivery_log: Option<DeliveryLog>,
    /// The reads that failed, each named for what happened.
    pub gaps: Vec<Unavailable>,
}

/// Reads what the pool's delivery path depends on past Cognito, what SES showed of the
/// `addresses` asked about, and with `log` the entries of the pool's delivery log that name the
/// user: all at once.
pub async fn read(
    session: &Session,
    pool: &Pool,
    addresses: Addresses<'_>,
    log: Option<LogSearch>,
) -> Past {
    let logged = async {
        match &log {
            Some(search) => Some(logs::read(session, search).await),
            None => None,
        }
    };
    let (read, (triggers, lambda_gaps), logged) = tokio::join!(
        ses::read_for(session, pool, addresses),
        lambda::read_all(session, &session.target.region, pool.triggers.clone()),
        logged
    );
    let mut gaps = read.gaps;
    gaps.extend(lambda_gaps);
    let delivery_log = match logged {
        Some(Ok(found)) => Some(found),
        Some(Err(gap)) => {
            gaps.push(gap);
            None
        }
        None => None,
    };
    Past {
        ses: read.identity,
        triggers,
        recipient: read.recipient,
        suppressed: read.suppressed,
        pages: read.pages,
        delivery_log,
        gaps,
    }
}
