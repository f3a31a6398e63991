//! `audit --all-pools`: every pool of every scope, each audited as `audit` audits one
//! (`scan::audit`). Scopes run at once, at most `--max-scopes`; the pools of one scope one after
//! another, since they share its ListUsers quota. Every pool's output goes through one channel to
//! one consumer, which hands it whole to the sink: the lines of two pools never mix within one
//! entry. One watcher sees the signals for every pool; the resume token ([`Marks`]) names the pools
//! done and where each pool stopped mid-scan stands.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use base64::Engine;
use futures_util::{stream, StreamExt};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};

use crate::audit::{Entry, Summary};
use crate::aws::fetch;
use crate::aws::pace::Pacer;
use crate::aws::scope::{scope_gap, Scope};
use crate::aws::session::{Endpoints, Session};
use crate::error::{Error, ExitCode, Result};
use crate::model::{ScopeFailure, ScopeGap};
use crate::rules::Finding;
use crate::scan::audit::{Plan, Stop};
use crate::scan::{Position, Signalled, Signals};
use crate::settings::{AwsTarget, UserPoolId};

/// How a fleet token begins (a single pool's begins `ced1.`).
use crate::scan::FLEET_TOKEN_PREFIX as TOKEN_PREFIX;

/// Where a fleet audit stands, by scope: the pools done and, for each pool stopped mid-scan, its
/// scan position (what one pool's token carries). What the fleet's resume token carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    scopes: Vec<ScopeMarks>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ScopeMarks {
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    account: Option<String>,
    #[serde(rename = "r")]
    region: String,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    done: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    at: BTreeMap<String, Position>,
}

impl Marks {
    fn scope(&self, account: Option<&str>, region: &str) -> Option<&ScopeMarks> {
        self.scopes
            .iter()
            .find(|s| s.account.as_deref() == account && s.region == region)
    }

    fn scope_mut(&mut self, account: Option<&str>, region: &str) -> &mut ScopeMarks {
        let i = match self
            .scopes
            .iter()
            .position(|s| s.account.as_deref() == account && s.region == region)
        {
            Some(i) => i,
            None => {
                self.scopes.push(ScopeMarks {
                    account: account.map(str::to_owned),
                    region: region.to_owned(),
                    done: BTreeSet::new(),
                    at: BTreeMap::new(),
                });
                self.scopes.len() - 1
            }
        };
        &mut self.scopes[i]
    }

    /// Whether an earlier run audited this pool whole.
    pub fn is_done(&self, account: Option<&str>, region: &str, pool: &str) -> bool {
        self.scope(account, region)
            .is_some_and(|s| s.done.contains(pool))
    }

    /// Where an earlier run stopped in this pool.
    pub fn position(&self, account: Option<&str>, region: &str, pool: &str) -> Option<&Position> {
        self.scope(account, region).and_then(|s| s.at.get(pool))
    }

    /// The pool is audited whole.
    pub fn mark_done(&mut self, account: Option<&str>, region: &str, pool: &str) {
        let s = self.scope_mut(account, region);
        s.at.remove(pool);
        s.done.insert(pool.to_owned());
    }

    /// The pool stopped at `position`.
    pub fn mark_at(&mut self, account: Option<&str>, region: &str, pool: &str, position: Position) {
        let s = self.scope_mut(account, region);
        s.done.remove(pool);
        s.at.insert(pool.to_owned(), position);
    }

    /// Pools done by every run so far.
    pub fn done(&self) -> usize {
        self.scopes.iter().map(|s| s.done.len()).sum()
    }

    /// The resume token: one opaque string.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!(
            "{TOKEN_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
        )
    }

    /// Reads a token printed by [`Marks::encode`]; one pool's token, or anything else, is a
    /// usage error saying so.
    pub fn decode(token: &str) -> Result<Marks> {
        let token = token.trim();
        if token.starts_with("ced1.") {
            return Err(Error::usage(
                "this token resumes one pool's audit, not a fleet: give it with --user-pool-id (the pool its resume line names) instead of --all-pools",
            ));
        }
        let bad = || {
            Error::usage(format!(
                "`{}` is not a resume token printed by audit --all-pools; copy it whole from the resume line of the interrupted run",
                crate::fix::quote(token)
            ))
        };
        let body = token.strip_prefix(TOKEN_PREFIX).ok_or_else(bad)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| bad())?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }
}

/// A pool in a scope: what every line of its output names, and where its printed lines point.
#[derive(Debug, Clone)]
pub struct PoolAt {
    /// Its place among the pools of this run, for the consumer's bookkeeping.
    pub seq: usize,
    pub account: Option<String>,
    pub region: String,
    pub pool_id: String,
    pub pool_name: Option<String>,
    /// Its region, the scope's profile (none for an assumed role) and the endpoint.
    pub target: AwsTarget,
}

/// Where a fleet audit's output goes, as it is found: the printing one lives in `render`. Each
/// call is made whole from one consumer, whatever pools are being read at the time.
pub trait Sink {
    /// A pool's pool-level findings (before its users, and again at its end when the scan raised
    /// one).
    fn pool(&mut self, at: &PoolAt, findings: &[Finding]) -> Result<()>;
    /// One user of a pool, made final.
    fn entry(&mut self, at: &PoolAt, entry: &Entry) -> Result<()>;
    /// A pool's closing summary, with the token of that pool alone when it is incomplete.
    fn summary(&mut self, at: &PoolAt, summary: &Summary, token: Option<&str>) -> Result<()>;
    /// A warning or a note about one pool, on stderr.
    fn note(&self, at: &PoolAt, text: &str);
    /// A scope item, or a pool, that could not be read.
    fn gap(&mut self, gap: &ScopeGap) -> Result<()>;
    /// Pools audited (whole, stopped or failed) of the pools found so far, and users scanned.
    fn progress(&self, audited: usize, pools: usize, scanned: u64);
}

/// What a fleet audit is asked: the pace and shape of each pool's scan, the endpoints of the
/// services past Cognito, how many scopes at once, and where an earlier run stopped.
pub struct Job {
    pub rps: f64,
    pub parallel: u16,
    pub page_size: i32,
    pub endpoints: Endpoints,
    pub max_scopes: usize,
    pub resumed: Marks,
}

/// The fleet's summary: what was found and what could not be read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Pools found in the scopes read, the ones an earlier run did whole included.
    pub pools: usize,
    /// Pools audited whole by this run.
    pub pools_audited: usize,
    /// Pools an earlier run audited whole (the resume token named them): not read again.
    pub pools_done_before: usize,
    pub regions: usize,
    pub accounts: usize,
    pub users_scanned: u64,
    pub users_with_findings: u64,
    pub by_code: BTreeMap<&'static str, u64>,
    /// Pools whose audit failed (a read that outlasted its retries).
    pub pools_failed: Vec<ScopeGap>,
    /// Scope items that could not be read (a profile, a role, a region, a scope's ListUserPools).
    pub unavailable: Vec<ScopeGap>,
}

/// How a fleet audit ended: the tally, where every pool stands, the exit the worst pool gives,
/// the signal that stopped it, and whether any scope listed its pools.
pub struct Outcome {
    pub tally: Tally,
    pub marks: Marks,
    pub exit: ExitCode,
    pub signal: Option<Signalled>,
    /// Whether every pool found was audited whole and every scope item read.
    pub complete: bool,
    /// Whether at least one scope listed its pools: exit 3 only when none could.
    pub searched: bool,
}

/// The worse of two exits: 0 < 1 < 3 < a signal's.
pub fn worse(a: ExitCode, b: ExitCode) -> ExitCode {
    let rank = |c: ExitCode| match c {
        ExitCode::Ok => 0,
        ExitCode::Findings => 1,
        ExitCode::Usage | ExitCode::Refused => 2,
        ExitCode::Aws => 3,
        ExitCode::Interrupted | ExitCode::Terminated | ExitCode::HungUp => 4,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// How one pool's audit ended.
enum PoolEnd {
    /// Read whole: whether a finding fails the audit.
    Whole { failing: bool },
    /// A signal stopped it.
    Stopped { signal: Signalled, left: Left },
    /// A read failed for good.
    Failed { gap: ScopeGap, left: Left },
    /// Not started: the fleet was stopping.
    NotStarted,
}

/// Where a pool that did not end whole stands, for the resume token.
enum Left {
    /// Nothing was left to read: every user is printed.
    Done,
    /// Resume from here.
    At(Position),
    /// As it was before this run (it failed before printing a user).
    Unchanged,
}

impl Left {
    fn of(position: Option<Position>) -> Left {
        match position {
            Some(p) => Left::At(p),
            None => Left::Done,
        }
    }
}

enum Event {
    /// A scope's pools were listed: how many to audit now, and the ones done before.
    Listed {
        account: Option<String>,
        region: String,
        pools: usize,
        done_before: usize,
    },
    Gap(ScopeGap),
    Pool(Arc<PoolAt>, Vec<Finding>),
    Entry(Arc<PoolAt>, Box<Entry>),
    Scanned(Arc<PoolAt>, u64),
    Summary(Arc<PoolAt>, Box<Summary>, Option<String>),
    Note(Arc<PoolAt>, String),
    Ended(Arc<PoolAt>, PoolEnd),
}

type Tx = mpsc::UnboundedSender<Event>;

/// Audits every pool of `scopes`, `job.max_scopes` scopes at once, handing every line to `sink`;
/// `gaps` are the scope items that failed before (counted in the tally, already printed).
pub async fn run(
    scopes: &[Scope],
    gaps: &[ScopeGap],
    job: &Job,
    sink: &mut dyn Sink,
) -> Result<Outcome> {
    let mut signals = Signals::watch()?;
    let (stop_tx, stop_rx) = watch::channel(None);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let work = async {
        let scopes = stream::iter(scopes).for_each_concurrent(job.max_scopes.max(1), |scope| {
            audit_scope(scope, job, stop_rx.clone(), tx.clone())
        });
        tokio::pin!(scopes);
        tokio::select! {
            () = &mut scopes => {}
            s = signals.next() => {
                // Every pool sees it at once and stops as `audit` stops; none starts after it.
                stop_tx.send_replace(Some(s));
                scopes.await;
            }
        }
        drop(tx);
    };
    let take = async {
        let mut consumer = Consumer::new(job.resumed.clone(), gaps);
        while let Some(event) = rx.recv().await {
            if let Err(e) = consumer.take(event, sink) {
                // The output is gone: every pool stops at once, and the error is the run's.
                stop_tx.send_replace(Some((ExitCode::Aws, "stopped")));
                return Err(e);
            }
        }
        Ok(consumer)
    };
    let ((), taken) = tokio::join!(work, take);
    let signal = *stop_rx.borrow();
    Ok(taken?.outcome(signal))
}

/// The one consumer of every pool's events: it hands them to the sink whole and keeps the tally.
struct Consumer {
    tally: Tally,
    marks: Marks,
    exit: ExitCode,
    /// Pools to audit this run, and the ones that ended.
    pools: usize,
    ended: usize,
    incomplete: bool,
    scanned: BTreeMap<usize, u64>,
    scanned_before: u64,
    regions: BTreeSet<String>,
    accounts: BTreeSet<Option<String>>,
    searched: bool,
}

impl Consumer {
    fn new(marks: Marks, gaps: &[ScopeGap]) -> Consumer {
        Consumer {
            tally: Tally {
                unavailable: gaps.to_vec(),
                ..Tally::default()
            },
            marks,
            exit: ExitCode::Ok,
            pools: 0,
            ended: 0,
            incomplete: !gaps.is_empty(),
            scanned: BTreeMap::new(),
            scanned_before: 0,
            regions: BTreeSet::new(),
            accounts: BTreeSet::new(),
            searched: false,
        }
    }

    fn take(&mut self, event: Event, sink: &mut dyn Sink) -> Result<()> {
        match event {
            Event::Listed {
                account,
                region,
                pools,
                done_before,
            } => {
                self.searched = true;
                self.pools += pools;
                self.tally.pools += pools + done_before;
                self.tally.pools_done_before += done_before;
                self.regions.insert(region);
                self.accounts.insert(account);
            }
            Event::Gap(g) => {
                self.incomplete = true;
                sink.gap(&g)?;
                self.tally.unavailable.push(g);
            }
            Event::Pool(at, findings) => sink.pool(&at, &findings)?,
            Event::Entry(at, entry) => sink.entry(&at, &entry)?,
            Event::Scanned(at, n) => {
                self.scanned.insert(at.seq, n);
            }
            Event::Summary(at, s, token) => {
                self.scanned.remove(&at.seq);
                self.scanned_before += s.users_scanned;
                self.tally.users_scanned += s.users_scanned;
                self.tally.users_with_findings += s.users_with_findings;
                for (code, n) in &s.by_code {
                    *self.tally.by_code.entry(code).or_default() += n;
                }
                sink.summary(&at, &s, token.as_deref())?;
            }
            Event::Note(at, text) => sink.note(&at, &text),
            Event::Ended(at, end) => self.end(&at, end, sink)?,
        }
        let scanned = self.scanned_before + self.scanned.values().sum::<u64>();
        sink.progress(self.ended, self.pools, scanned);
        Ok(())
    }

    fn end(&mut self, at: &PoolAt, end: PoolEnd, sink: &mut dyn Sink) -> Result<()> {
        self.ended += 1;
        let (account, region, pool) = (at.account.as_deref(), at.region.as_str(), &at.pool_id);
        let left = match end {
            PoolEnd::Whole { failing } => {
                self.tally.pools_audited += 1;
                let code = match failing {
                    true => ExitCode::Findings,
                    false => ExitCode::Ok,
                };
                self.exit = worse(self.exit, code);
                Left::Done
            }
            PoolEnd::Stopped { signal, left } => {
                self.exit = worse(self.exit, signal.0);
                left
            }
            PoolEnd::Failed { gap, left } => {
                self.incomplete = true;
                self.exit = worse(self.exit, ExitCode::Aws);
                sink.gap(&gap)?;
                self.tally.pools_failed.push(gap);
                left
            }
            PoolEnd::NotStarted => Left::Unchanged,
        };
        match left {
            Left::Done => self.marks.mark_done(account, region, pool),
            Left::At(p) => {
                self.incomplete = true;
                self.marks.mark_at(account, region, pool, p);
            }
            Left::Unchanged => self.incomplete = true,
        }
        Ok(())
    }

    fn outcome(mut self, signal: Option<Signalled>) -> Outcome {
        self.tally.regions = self.regions.len();
        self.tally.accounts = self.accounts.len();
        let exit = match signal {
            Some((code, _)) => worse(self.exit, code),
            None => self.exit,
        };
        Outcome {
            complete: !self.incomplete && signal.is_none(),
            tally: self.tally,
            marks: self.marks,
            exit,
            signal,
            searched: self.searched,
        }
    }
}

/// One scope: its pools listed (ListUserPools, paced), then audited one after another, each
/// resumed from where an earlier run left it; the ones done before are passed over.
async fn audit_scope(scope: &Scope, job: &Job, stop: watch::Receiver<Option<Signalled>>, tx: Tx) {
    let client = scope.cognito();
    let pools = match fetch::list_pools(&client, &Pacer::new(job.rps)).await {
        Ok(p) => p,
        Err(e) => {
            let _ = tx.send(Event::Gap(scope_gap(scope, &e)));
            return;
        }
    };
    let account = scope.account.as_deref();
    let (done, todo): (Vec<_>, Vec<_>) = pools
        .into_iter()
        .partition(|p| job.resumed.is_done(account, &scope.region, &p.id));
    let _ = tx.send(Event::Listed {
        account: scope.account.clone(),
        region: scope.region.clone(),
        pools: todo.len(),
        done_before: done.len(),
    });
    let session = scope.session(job.endpoints.clone());
    for pool in todo {
        let at = Arc::new(PoolAt {
            seq: next_seq(),
            account: scope.account.clone(),
            region: scope.region.clone(),
            pool_id: pool.id.clone(),
            pool_name: pool.name.clone(),
            target: scope.target(),
        });
        // Read before the match: a borrow held across the audit would block the watcher.
        let stopping = stop.borrow().is_some() || tx.is_closed();
        let end = match stopping {
            true => PoolEnd::NotStarted,
            false => audit_pool(&session, scope, &at, job, stop.clone(), &tx).await,
        };
        let _ = tx.send(Event::Ended(at, end));
    }
}

/// A number for each pool of the run.
fn next_seq() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// One pool, audited as `audit` audits it, its output forwarded to the consumer.
async fn audit_pool(
    session: &Session,
    scope: &Scope,
    at: &Arc<PoolAt>,
    job: &Job,
    stop: watch::Receiver<Option<Signalled>>,
    tx: &Tx,
) -> PoolEnd {
    let resumed = job
        .resumed
        .position(at.account.as_deref(), &at.region, &at.pool_id)
        .cloned();
    // Failed before printing a user (the pool's own reads, a user read again, the id): from
    // where it started.
    let failed = |e: &Error| PoolEnd::Failed {
        gap: pool_gap(scope, &at.pool_id, e),
        left: Left::Unchanged,
    };
    let id = match UserPoolId::parse(&at.pool_id) {
        Ok(id) => id,
        Err(e) => return failed(&e),
    };
    let plan = Plan {
        rps: job.rps,
        parallel: job.parallel,
        page_size: job.page_size,
        resumed,
        signals: Some(Signals::shared(stop)),
    };
    let mut forward = Forward {
        at: at.clone(),
        tx: tx.clone(),
    };
    match crate::scan::audit::run(session, &id, plan, &mut forward).await {
        Ok(ended) => match ended.stop {
            None => PoolEnd::Whole {
                failing: ended.failing,
            },
            Some(Stop::Signal(code, what)) => PoolEnd::Stopped {
                signal: (code, what),
                left: Left::of(ended.position),
            },
            Some(Stop::Failed(e)) => PoolEnd::Failed {
                gap: pool_gap(scope, &at.pool_id, &Error::Aws(e)),
                left: Left::of(ended.position),
            },
        },
        Err(e) => failed(&e),
    }
}

/// A pool that could not be audited, named by its scope and id.
fn pool_gap(scope: &Scope, pool_id: &str, e: &Error) -> ScopeGap {
    let mut gap = match e {
        Error::Aws(e) => scope_gap(scope, e),
        other => ScopeGap {
            scope: String::new(),
            kind: ScopeFailure::Failed,
            operation: "audit".into(),
            error: other.to_string(),
        },
    };
    gap.scope = super::pool_label(scope, pool_id);
    gap
}

/// One pool's sink: everything its audit hands over goes to the consumer, tagged with the pool.
struct Forward {
    at: Arc<PoolAt>,
    tx: Tx,
}

impl Forward {
    fn send(&self, event: Event) -> Result<()> {
        self.tx.send(event).map_err(|_| {
            Error::Other(anyhow::anyhow!(
                "the fleet's output stopped before this pool's audit ended"
            ))
        })
    }
}

impl crate::scan::audit::Sink for Forward {
    fn pool(&mut self, _pool_id: &str, findings: &[Finding]) -> Result<()> {
        self.send(Event::Pool(self.at.clone(), findings.to_vec()))
    }

    fn entry(&mut self, entry: &Entry) -> Result<()> {
        self.send(Event::Entry(self.at.clone(), Box::new(entry.clone())))
    }

    fn progress(&self, scanned: u64, _with_findings: u64) {
        let _ = self.send(Event::Scanned(self.at.clone(), scanned));
    }

    fn summary(&mut self, summary: &Summary, token: Option<&str>) -> Result<()> {
        self.send(Event::Summary(
            self.at.clone(),
            Box::new(summary.clone()),
            token.map(str::to_owned),
        ))
    }

    fn note(&self, text: &str) {
        let _ = self.send(Event::Note(self.at.clone(), text.to_owned()));
    }

    fn done(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fleet_token_round_trips_and_a_pools_token_is_refused_with_the_reason() {
        let mut m = Marks::default();
        m.mark_done(Some("111122223333"), "us-east-1", "us-east-1_A");
        let mut p = Position::partitioned();
        p.parts[2].next = Some("opaque/ListUsers+token==".into());
        m.mark_at(Some("111122223333"), "eu-west-1", "eu-west-1_B", p.clone());
        let t = m.encode();
        assert!(t.starts_with(TOKEN_PREFIX), "{t}");
        assert!(
            t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{t}"
        );
        let back = Marks::decode(&t).unwrap();
        assert_eq!(back, m);
        assert!(back.is_done(Some("111122223333"), "us-east-1", "us-east-1_A"));
        assert!(!back.is_done(Some("444455556666"), "us-east-1", "us-east-1_A"));
        assert_eq!(
            back.position(Some("111122223333"), "eu-west-1", "eu-west-1_B"),
            Some(&p)
        );
        assert_eq!(back.done(), 1);
        // A pool stopped then finished is done, with no position left.
        let mut m = back;
        m.mark_done(Some("111122223333"), "eu-west-1", "eu-west-1_B");
        assert_eq!(
            m.position(Some("111122223333"), "eu-west-1", "eu-west-1_B"),
            None
        );
        assert_eq!(m.done(), 2);

        // Each token is refused where the other belongs, with the sentence why.
        let one = Position::sequential().encode();
        let e = Marks::decode(&one).unwrap_err();
        assert_eq!(e.exit_code(), ExitCode::Usage);
        assert!(e.to_string().contains("--user-pool-id"), "{e}");
        let e = Position::decode(&t).unwrap_err();
        assert_eq!(e.exit_code(), ExitCode::Usage);
        assert!(e.to_string().contains("--all-pools"), "{e}");
        for bad in ["", "abc", "cedf1.!!!", "cedf1.e30x"] {
            assert_eq!(
                Marks::decode(bad).unwrap_err().exit_code(),
                ExitCode::Usage,
                "{bad}"
            );
        }
    }

    #[test]
    fn the_exit_is_the_worst_pools() {
        use ExitCode::*;
        assert_eq!(worse(Ok, Findings), Findings);
        assert_eq!(worse(Findings, Ok), Findings);
        assert_eq!(worse(Findings, Aws), Aws);
        assert_eq!(worse(Aws, Interrupted), Interrupted);
        assert_eq!(worse(Interrupted, Aws), Interrupted);
        assert_eq!(worse(Terminated, Findings), Terminated);
    }

    /// A shared watcher's signal reaches every pool, one that starts after it too, every time.
    #[tokio::test]
    async fn a_shared_signal_reaches_every_pool_at_once() {
        let (tx, rx) = watch::channel(None);
        let mut early = Signals::shared(rx.clone());
        let waiting = tokio::spawn(async move { early.next().await });
        tokio::task::yield_now().await;
        tx.send_replace(Some((ExitCode::Terminated, "terminated")));
        assert_eq!(waiting.await.unwrap().0, ExitCode::Terminated);
        let mut late = Signals::shared(rx);
        assert_eq!(late.next().await.0, ExitCode::Terminated);
        assert_eq!(late.next().await.1, "terminated");
    }
}
