//! How `audit` reads the whole pool: split into partitions by ListUsers filters on `sub`
//! prefixes (a sub is a lowercase hex UUID, so `sub ^= "0"` ... `sub ^= "f"` cover every user
//! once), scanned a few at a time under one shared pace, so that the scan is bound by the ListUsers
//! quota and not by the time each call takes; or one sequential scan. The scan starts at the first
//! paced slot, beside the pool's own reads, and the page that asks whether the service filters by
//! prefix is kept as the first partition's first page. Where every partition stands is one opaque
//! resume token.

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
/// How a fleet's token (audit --all-pools) begins, so that each kind of token is refused where
/// the other belongs, with the sentence why.
pub const FLEET_TOKEN_PREFIX: &str = "cedf1.";

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
        if token.trim().starts_with(FLEET_TOKEN_PREFIX) {
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

/// Reads one ListUsers page: the whole pool's (no prefix) or one partition's, with the users and
/// the next page's token. The pool through the SDK in a run; a fake pool in the tests.
pub trait Lister {
    fn page(
        &self,
        prefix: Option<&str>,
        token: Option<String>,
        limit: i32,
    ) -> impl std::future::Future<Output = Result<(Vec<User>, Option<String>), AwsError>>;
}

/// The pool's users through the SDK.
pub struct PoolUsers<'a> {
    pub client: &'a crate::aws::Client,
    pub pool_id: &'a str,
}

impl Lister for PoolUsers<'_> {
    fn page(
        &self,
        prefix: Option<&str>,
        token: Option<String>,
        limit: i32,
    ) -> impl std::future::Future<Output = Result<(Vec<User>, Option<String>), AwsError>> {
        fetch::list_users_page(self.client, self.pool_id, prefix, token, limit)
    }
}

/// Where a scan starts.
#[derive(Debug)]
pub enum Start {
    /// Where an interrupted run stood (its resume token).
    At(Position),
    /// One sequential scan.
    Sequential,
    /// Partitions by sub prefix, when the service filters by them: asked with the first page of
    /// the first partition, which the scan keeps.
    Partitions,
}

/// What the scan tells before its first page: the position its pages move on, and whether the
/// service refused partitions (one sequential scan instead).
#[derive(Debug)]
pub struct Begun {
    pub position: Position,
    pub refused_partitions: bool,
}

/// The first page of the first partition, which says whether the service honours `sub ^=`
/// filters: None when it refuses them (InvalidParameterException) or returns users outside the
/// prefix.
async fn probe<L: Lister>(
    list: &L,
    page_size: i32,
    pacer: &Pacer,
) -> Result<Option<(Vec<User>, Option<String>)>, AwsError> {
    let first = paced(pacer, || list.page(Some(PREFIXES[0]), None, page_size)).await;
    match first {
        Ok((users, next)) => Ok(users
            .iter()
            .all(|u| u.sub.as_deref().is_some_and(|s| s.starts_with(PREFIXES[0])))
            .then_some((users, next))),
        Err(e) if e.kind == AwsErrorKind::InvalidParameter => Ok(None),
        Err(e) => Err(e),
    }
}

/// The whole scan from `start`: tells `begun` the position (or the error that kept the scan from
/// starting), then reads as [`read`] does. Needs nothing from the consumer, so that it runs from
/// the first paced slot, beside the pool's own reads (see [`beside`]); the probe's page is the
/// first partition's first page, not read twice.
pub async fn scan<L: Lister>(
    list: &L,
    start: Start,
    parallel: usize,
    page_size: i32,
    pacer: &Pacer,
    begun: tokio::sync::oneshot::Sender<Result<Begun, AwsError>>,
    pages: mpsc::Sender<Result<Page, AwsError>>,
) {
    let (position, first, refused_partitions) = match start {
        Start::At(position) => (position, None, false),
        Start::Sequential => (Position::sequential(), None, false),
        Start::Partitions => match probe(list, page_size, pacer).await {
            Ok(Some(first)) => (Position::partitioned(), Some(first), false),
            Ok(None) => (Position::sequential(), None, true),
            Err(e) => {
                let _ = begun.send(Err(e));
                return;
            }
        },
    };
    let mut rest = position.clone();
    if begun
        .send(Ok(Begun {
            position,
            refused_partitions,
        }))
        .is_err()
    {
        return;
    }
    if let Some((users, next)) = first {
        rest.parts[0].done = next.is_none();
        rest.parts[0].next.clone_from(&next);
        let page = Page {
            part: 0,
            users,
            next,
        };
        if pages.send(Ok(page)).await.is_err() {
            return;
        }
    }
    read(list, rest, parallel, page_size, pacer, pages).await;
}

/// Runs `work` while `reading` goes on (until it ends): the pages are read at the pace from the
/// first slot whatever `work` is doing (the pool's own reads, a lookup, printing). `reading` is
/// dropped when `work` ends.
pub async fn beside<W: std::future::Future>(
    reading: impl std::future::Future<Output = ()>,
    work: W,
) -> W::Output {
    tokio::pin!(reading, work);
    let mut read = false;
    loop {
        tokio::select! {
            out = &mut work => return out,
            () = &mut reading, if !read => read = true,
        }
    }
}

/// Reads every partition not yet done, at most `parallel` at once, each page in a paced slot,
/// and sends each page (or the error that ended a partition) as it arrives. Returns when every
/// partition is read, an error was sent, or the receiver is gone.
async fn read<L: Lister>(
    list: &L,
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
                    let read = paced(pacer, || list.page(prefix, token.clone(), page_size)).await;
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

    use std::sync::Mutex;
    use std::time::Duration;
    use tokio::time::Instant;

    const LATENCY: Duration = Duration::from_millis(150);

    /// How the fake service treats `sub ^=` filters.
    #[derive(Clone, Copy, PartialEq)]
    enum Filters {
        Honoured,
        Ignored,
        Refused,
    }

    /// A pool whose partition `i` (sub prefix `PREFIXES[i]`) holds `pages[i]` pages of one user
    /// each; every call takes LATENCY and is recorded.
    struct FakePool {
        pages: Vec<usize>,
        filters: Filters,
        /// When each call started, and its prefix.
        calls: Mutex<Vec<(Instant, Option<String>)>>,
    }

    impl FakePool {
        fn new(pages: Vec<usize>, filters: Filters) -> Self {
            Self {
                pages,
                filters,
                calls: Mutex::new(Vec::new()),
            }
        }

        /// Every page of the pool (partition, page), partition by partition.
        fn all(&self) -> Vec<(usize, usize)> {
            (0..self.pages.len())
                .flat_map(|p| (0..self.pages[p]).map(move |k| (p, k)))
                .collect()
        }
    }

    impl Lister for FakePool {
        async fn page(
            &self,
            prefix: Option<&str>,
            token: Option<String>,
            _limit: i32,
        ) -> Result<(Vec<User>, Option<String>), AwsError> {
            self.calls
                .lock()
                .unwrap()
                .push((Instant::now(), prefix.map(str::to_owned)));
            tokio::time::sleep(LATENCY).await;
            let prefix = prefix.filter(|_| self.filters != Filters::Ignored);
            if prefix.is_some() && self.filters == Filters::Refused {
                return Err(AwsError {
                    operation: "ListUsers",
                    kind: AwsErrorKind::InvalidParameter,
                    ..AwsError::default()
                });
            }
            let pages: Vec<(usize, usize)> = match prefix {
                Some(p) => {
                    let i = PREFIXES.iter().position(|x| *x == p).unwrap();
                    (0..self.pages[i]).map(|k| (i, k)).collect()
                }
                None => self.all(),
            };
            let k: usize = token.map_or(0, |t| t.parse().unwrap());
            let (part, n) = pages[k];
            let user = User {
                username: format!("p{part}-{n}"),
                sub: Some(format!("{}{part:02}{n:04}", PREFIXES[part])),
                ..User::default()
            };
            Ok((
                vec![user],
                (k + 1 < pages.len()).then(|| (k + 1).to_string()),
            ))
        }
    }

    /// Runs the scan as `audit` does: beside a consumer that first spends `busy` on the pool's
    /// own reads, then takes the position and every page. Returns what it began with, the pages
    /// (partition, username) in the order they came, and how long the whole took.
    async fn scan_beside(
        pool: &FakePool,
        start: Start,
        rate: f64,
        busy: Duration,
    ) -> (Begun, Vec<(usize, String)>, Duration) {
        let t0 = Instant::now();
        let pacer = Pacer::new(rate);
        let (tx, mut rx) = mpsc::channel(16);
        let (begun_tx, begun_rx) = tokio::sync::oneshot::channel();
        let reading = scan(pool, start, 8, 60, &pacer, begun_tx, tx);
        let (begun, pages) = beside(reading, async {
            tokio::time::sleep(busy).await;
            let begun = begun_rx.await.unwrap().unwrap();
            let mut pages = Vec::new();
            while let Some(page) = rx.recv().await {
                let page = page.unwrap();
                pages.extend(page.users.into_iter().map(|u| (page.part, u.username)));
            }
            (begun, pages)
        })
        .await;
        (begun, pages, t0.elapsed())
    }

    /// The scan reads from the first paced slot, not once the pool's own reads are done: N pages
    /// over 16 partitions at rate R with 150 ms calls take no more than (N - 1) / R plus two
    /// latencies (the probe's answer before the other partitions start, the last answer),
    /// even when the consumer is busy for the first 600 ms; the probe's page is the first
    /// partition's first page, so each page is read once; and no R + 1 calls start within a
    /// second.
    #[tokio::test(start_paused = true)]
    async fn the_scan_keeps_the_rate_from_its_first_slot_and_reads_each_page_once() {
        let rate = 15.0;
        let pool = FakePool::new(
            vec![4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3, 4, 3],
            Filters::Honoured,
        );
        let n = pool.all().len();
        let (begun, pages, took) =
            scan_beside(&pool, Start::Partitions, rate, Duration::from_millis(600)).await;
        assert!(!begun.refused_partitions);
        assert_eq!(begun.position, Position::partitioned());
        let calls = pool.calls.lock().unwrap().clone();
        assert_eq!(calls.len(), n, "one call a page, the probe's included");
        let mut got: Vec<String> = pages.iter().map(|(_, u)| u.clone()).collect();
        got.sort();
        let mut want: Vec<String> = pool
            .all()
            .iter()
            .map(|(p, k)| format!("p{p}-{k}"))
            .collect();
        want.sort();
        assert_eq!(got, want, "every page once");
        for p in 0..16 {
            let mine: Vec<&String> = pages
                .iter()
                .filter(|(i, _)| *i == p)
                .map(|(_, u)| u)
                .collect();
            let ordered: Vec<String> = (0..pool.pages[p]).map(|k| format!("p{p}-{k}")).collect();
            assert_eq!(
                mine,
                ordered.iter().collect::<Vec<_>>(),
                "partition {p} in order"
            );
        }
        let bound = Duration::from_secs_f64((n - 1) as f64 / rate) + 2 * LATENCY;
        assert!(took <= bound, "{n} pages at {rate}/s: {took:?} > {bound:?}");
        let starts: Vec<Instant> = calls.iter().map(|c| c.0).collect();
        for w in starts.windows(16) {
            assert!(
                w[15] - w[0] >= Duration::from_millis(999),
                "16 calls in {:?}",
                w[15] - w[0]
            );
        }
    }

    /// A service that refuses the filter or ignores it: one sequential scan of every page, the
    /// probe's page not among them (it was not a partition's), and the refusal told. (The pool's
    /// first page holds a user outside the first partition, as any page of 60 would.)
    #[tokio::test(start_paused = true)]
    async fn a_service_without_the_filter_gets_one_sequential_scan() {
        for filters in [Filters::Refused, Filters::Ignored] {
            let pool = FakePool::new(
                vec![0, 2, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
                filters,
            );
            let (begun, pages, _) =
                scan_beside(&pool, Start::Partitions, 30.0, Duration::ZERO).await;
            assert!(begun.refused_partitions);
            assert_eq!(begun.position, Position::sequential());
            let got: Vec<String> = pages.into_iter().map(|(_, u)| u).collect();
            let want: Vec<String> = pool
                .all()
                .iter()
                .map(|(p, k)| format!("p{p}-{k}"))
                .collect();
            assert_eq!(got, want);
            let calls = pool.calls.lock().unwrap().clone();
            assert_eq!(
                calls.len(),
                1 + want.len(),
                "the probe, then each page once"
            );
            assert!(calls[1..].iter().all(|c| c.1.is_none()));
        }
    }

    /// A resumed scan starts where the token says, with no probe.
    #[tokio::test(start_paused = true)]
    async fn a_resumed_scan_reads_only_what_is_left() {
        let pool = FakePool::new(vec![3; 16], Filters::Honoured);
        let mut at = Position::partitioned();
        for part in &mut at.parts[1..] {
            part.done = true;
        }
        at.parts[0].next = Some("2".into());
        let (begun, pages, _) =
            scan_beside(&pool, Start::At(at.clone()), 30.0, Duration::ZERO).await;
        assert_eq!(begun.position, at);
        assert_eq!(pages, vec![(0, "p0-2".to_owned())]);
        assert_eq!(pool.calls.into_inner().unwrap().len(), 1);
    }
}
