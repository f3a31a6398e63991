//! How `audit` reads the whole pool: split into partitions by ListUsers filters on `sub`
//! prefixes (a sub is a lowercase hex UUID, so `sub ^= "0"` ... `sub ^= "f"` cover every user
//! once), scanned a few at a time under one shared pace, so that the scan is bound by the ListUsers
//! quota and not by the time each call takes; or one sequential scan. Where every partition stands
//! is one opaque resume token.

use base64::Engine;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::audit::{Auditor, Entry, Next};
use crate::aws::fetch;
use crate::aws::pace::{paced, Pacer};
use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::model::User;

pub mod audit;

/// The first character of a sub: 16 partitions.
pub const PREFIXES: [&str; 16] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
];

/// Where one partition of the scan stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The `sub` prefix; empty for a sequential scan (no filter).
    pub prefix: String,
    /// The ListUsers pagination token of the next page to read; None for the first page.
    pub next: Option<String>,
    pub done: bool,
}

/// Where the whole scan stands: what the resume token carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub parts: Vec<Part>,
    /// Users read before a stop whose verdict could not be made final (the lookup for a user
    /// holding their email failed too): the resumed run reads them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recheck: Vec<String>,
}

const TOKEN_PREFIX: &str = "ced1.";

impl Position {
    pub fn sequential() -> Self {
        Self {
            parts: vec![Part {
                prefix: String::new(),
                next: None,
                done: false,
            }],
            recheck: Vec::new(),
        }
    }

    pub fn partitioned() -> Self {
        Self {
            parts: PREFIXES
                .iter()
                .map(|p| Part {
                    prefix: (*p).to_owned(),
                    next: None,
                    done: false,
                })
                .collect(),
            recheck: Vec::new(),
        }
    }

    pub fn complete(&self) -> bool {
        self.parts.iter().all(|p| p.done) && self.recheck.is_empty()
    }

    pub fn is_partitioned(&self) -> bool {
        self.parts.iter().any(|p| !p.prefix.is_empty())
    }

    /// The resume token: one opaque string for every partition.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!(
            "{TOKEN_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
        )
    }

    /// Reads a token printed by `encode`; anything else is a usage error.
    pub fn decode(token: &str) -> Result<Self> {
        let bad = || {
            Error::usage(format!(
                "`{}` is not a resume token printed by audit; copy it whole from the last line of the interrupted run",
                crate::fix::quote(token)
            ))
        };
        if token.trim().starts_with(crate::fleet::audit::TOKEN_PREFIX) {
            return Err(Error::usage(
                "this token resumes a fleet audit (audit --all-pools), not one pool: give it with --all-pools and the scope options its resume line printed, instead of --user-pool-id",
            ));
        }
        let body = token.trim().strip_prefix(TOKEN_PREFIX).ok_or_else(bad)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| bad())?;
        let pos: Position = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        if pos.parts.is_empty() {
            return Err(bad());
        }
        Ok(pos)
    }
}

/// One page read from one partition.
#[derive(Debug)]
pub struct Page {
    pub part: usize,
    pub users: Vec<User>,
    pub next: Option<String>,
}

/// Whether the service honours `sub ^=` filters: one page of the first partition, checked.
/// A refusal (InvalidParameterException) or users outside the prefix mean no.
pub async fn prefix_filters_work(
    client: &crate::aws::Client,
    pool_id: &str,
    pacer: &Pacer,
) -> Result<bool, AwsError> {
    let probe = paced(pacer, || {
        fetch::list_users_page(client, pool_id, Some(PREFIXES[0]), None, 60)
    })
    .await;
    match probe {
        Ok((users, _)) => Ok(users
            .iter()
            .all(|u| u.sub.as_deref().is_some_and(|s| s.starts_with(PREFIXES[0])))),
        Err(e) if e.kind == AwsErrorKind::InvalidParameter => Ok(false),
        Err(e) => Err(e),
    }
}

/// Reads every partition not yet done, at most `parallel` at once, each page in a paced slot,
/// and sends each page (or the error that ended a partition) as it arrives. Returns when every
/// partition is read, an error was sent, or the receiver is gone.
pub async fn read(
    client: &crate::aws::Client,
    pool_id: &str,
    position: Position,
    parallel: usize,
    page_size: i32,
    pacer: &Pacer,
    pages: mpsc::Sender<Result<Page, AwsError>>,
) {
    use futures_util::{stream, StreamExt};
    let todo: Vec<(usize, Part)> = position
        .parts
        .into_iter()
        .enumerate()
        .filter(|(_, p)| !p.done)
        .collect();
    stream::iter(todo)
        .for_each_concurrent(parallel.max(1), |(i, part)| {
            let pages = pages.clone();
            async move {
                let prefix = (!part.prefix.is_empty()).then_some(part.prefix.as_str());
                let mut next = part.next.clone();
                loop {
                    let token = next.clone();
                    let read = paced(pacer, || {
                        fetch::list_users_page(client, pool_id, prefix, token.clone(), page_size)
                    })
                    .await;
                    let page = match read {
                        Ok((users, after)) => {
                            if let Some(p) = prefix {
                                if let Some(u) = users.iter().find(|u| !u.sub.as_deref().is_some_and(|s| s.starts_with(p))) {
                                    let _ = pages
                                        .send(Err(AwsError {
                                            service: crate::model::Service::CognitoIdp,
                                            operation: "ListUsers",
                                            kind: AwsErrorKind::Other,
                                            code: None,
                                            message: format!(
                                                "the service ignored the filter sub ^= \"{p}\" (user {} is outside it); run audit with --parallel 1",
                                                u.username
                                            ),
                                        }))
                                        .await;
                                    return;
                                }
                            }
                            next = after.clone();
                            Page { part: i, users, next: after }
                        }
                        Err(e) => {
                            let _ = pages.send(Err(e)).await;
                            return;
                        }
                    };
                    let last = page.next.is_none();
                    if pages.send(Ok(page)).await.is_err() || last {
                        return;
                    }
                }
            }
        })
        .await;
}

/// Waiting users looked up per batch when the scan stops or a resumed scan ends.
pub const LOOKUP_BATCH: usize = 100;

/// The error of a spill file that cannot be used.
pub fn spill_error(e: std::io::Error) -> Error {
    Error::Other(anyhow::anyhow!(
        "could not use a temporary file for users awaiting the rest of the pool ({e}); check TMPDIR has space"
    ))
}

/// Feeds one user to the auditor and does the lookups it asks for: the lowercase form of an
/// address with capitals, then the holder of an alias seen before. A user whose lowercase lookup
/// fails is handed back, not evaluated: the scan retries it at its end, or, when it stops, the
/// resumed run reads it again (so the pair is reported from both sides there).
pub async fn feed(
    client: &crate::aws::Client,
    id: &str,
    pacer: &Pacer,
    auditor: &mut Auditor,
    user: User,
    out: &mut Vec<Entry>,
) -> Result<Option<User>> {
    let mut next = auditor.push(user, out).map_err(spill_error)?;
    loop {
        next = match next {
            Next::Done => return Ok(None),
            Next::LookUpCase(u) => {
                let lower = u.email.as_deref().unwrap_or_default().to_lowercase();
                match paced(pacer, || fetch::users_where(client, id, "email", &lower)).await {
                    Ok(found) => auditor
                        .push_checked(*u, Ok(found), out)
                        .map_err(spill_error)?,
                    Err(_) => return Ok(Some(*u)),
                }
            }
        };
    }
}

/// A user whose lowercase lookup failed during the scan, once more at its end: the lookup's
/// failure, if it fails again, is in the user's findings (evidence-unavailable).
pub async fn retry_case(
    client: &crate::aws::Client,
    id: &str,
    pacer: &Pacer,
    auditor: &mut Auditor,
    user: User,
    out: &mut Vec<Entry>,
) -> Result<()> {
    let lower = user.email.as_deref().unwrap_or_default().to_lowercase();
    let found = paced(pacer, || fetch::users_where(client, id, "email", &lower))
        .await
        .map_err(|e| fetch::gap(&e));
    auditor
        .push_checked(user, found, out)
        .map_err(spill_error)?;
    Ok(())
}

/// The users with this one's email, for a waiting user, in a paced slot. A failed lookup either
/// leaves the finding saying what is unknown, or (when the scan stops anyway) hands the user back
/// to be read again by the resumed run: every user printed is final.
pub async fn look_up(
    client: &crate::aws::Client,
    id: &str,
    pacer: &Pacer,
    auditor: &mut Auditor,
    user: User,
    out: &mut Vec<Entry>,
) -> Option<User> {
    let email = user.email.clone().unwrap_or_default();
    // ListUsers compares exactly; where the pool compares aliases without case, the lowercase
    // form (the one most apps store) is asked too, so the holder is found in either case.
    let lower = email.to_lowercase();
    let spellings: Vec<&str> = if auditor.compares_without_case() && lower != email {
        vec![email.as_str(), lower.as_str()]
    } else {
        vec![email.as_str()]
    };
    let mut found: Result<Vec<User>, crate::error::AwsError> = Ok(Vec::new());
    for spelling in spellings {
        match paced(pacer, || fetch::users_where(client, id, "email", spelling)).await {
            Ok(users) => {
                if let Ok(all) = &mut found {
                    all.extend(
                        users
                            .into_iter()
                            .filter(|u| !all.iter().any(|a| a.username == u.username))
                            .collect::<Vec<_>>(),
                    );
                }
            }
            Err(e) => {
                found = Err(e);
                break;
            }
        }
    }
    match found {
        Ok(same) => {
            auditor.resolve(user, same, out);
            None
        }
        Err(e) => {
            auditor.resolve_unavailable(user.clone(), fetch::gap(&e), out);
            Some(user)
        }
    }
}

/// A signal that stopped a run: the exit code it gives and what it did.
pub type Signalled = (crate::error::ExitCode, &'static str);

/// SIGINT, SIGTERM and SIGHUP, watched for the whole scan: the pages and the waiting users'
/// lookups after them stop at each alike (once tokio handles a signal, a phase that does not
/// listen would ignore it).
pub struct Signals(Source);

enum Source {
    Own {
        int: tokio::signal::unix::Signal,
        term: tokio::signal::unix::Signal,
        hup: tokio::signal::unix::Signal,
    },
    /// Another watcher's signals (a fleet's, one for all its pools): once one came, it is the
    /// answer at once, every time, in a pool that starts after it too.
    Shared(tokio::sync::watch::Receiver<Option<Signalled>>),
}

impl Signals {
    pub fn watch() -> Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals(Source::Own {
            int: signal(SignalKind::interrupt()).map_err(crate::error::io_error)?,
            term: signal(SignalKind::terminate()).map_err(crate::error::io_error)?,
            hup: signal(SignalKind::hangup()).map_err(crate::error::io_error)?,
        }))
    }

    /// The signals another watcher sees, as it publishes them.
    pub fn shared(seen: tokio::sync::watch::Receiver<Option<Signalled>>) -> Signals {
        Signals(Source::Shared(seen))
    }

    /// The next signal: the exit code it gives and what it did.
    pub async fn next(&mut self) -> Signalled {
        use crate::error::ExitCode;
        match &mut self.0 {
            Source::Own { int, term, hup } => tokio::select! {
                _ = int.recv() => (ExitCode::Interrupted, "interrupted"),
                _ = term.recv() => (ExitCode::Terminated, "terminated"),
                _ = hup.recv() => (ExitCode::HungUp, "hung up"),
            },
            Source::Shared(seen) => loop {
                if let Some(s) = *seen.borrow_and_update() {
                    return s;
                }
                if seen.changed().await.is_err() {
                    // The watcher is gone: no signal will come.
                    return std::future::pending().await;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_round_trips_and_anything_else_is_a_usage_error() {
        let mut p = Position::partitioned();
        p.parts[3].next = Some("opaque/ListUsers+token==".into());
        p.parts[0].done = true;
        let t = p.encode();
        assert!(
            t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{t}"
        );
        assert_eq!(Position::decode(&t).unwrap(), p);
        for bad in ["", "abc", "ced1.!!!", "ced1.e30"] {
            let err = Position::decode(bad).unwrap_err();
            assert_eq!(err.exit_code(), crate::error::ExitCode::Usage, "{bad}");
        }
        assert!(!Position::partitioned().complete());
        assert!(Position::partitioned().is_partitioned());
        assert!(!Position::sequential().is_partitioned());
    }
}
