//! One `audit` run over a pool: the pool and what lies past Cognito read once, the pages read in
//! partitions and fed to the auditor, the users still waiting for the rest of the pool made final,
//! each user handed to the sink as soon as it is final. Nothing here prints: the sink does
//! (`render::audit::Printer`).

use tokio::sync::{mpsc, oneshot};

use super::{
    beside, feed, look_up, spill_error, Begun, Page, PoolUsers, Position, Signals, Start,
    LOOKUP_BATCH,
};
use crate::audit::{Auditor, Entry, Summary};
use crate::aws::pace::{paced, Pacer};
use crate::aws::{self, fetch, session::Session};
use crate::error::{AwsError, AwsErrorKind, Error, ExitCode, Result};
use crate::model::User;
use crate::rules::Finding;
use crate::settings::UserPoolId;

/// Where an audit's output goes, as it is found (cargo-deny's sink): the printing one lives in
/// `render`.
pub trait Sink {
    /// The pool-level findings (before the users, and again at the end when the scan raised one).
    fn pool(&mut self, pool_id: &str, findings: &[Finding]) -> Result<()>;
    /// One user made final.
    fn entry(&mut self, entry: &Entry) -> Result<()>;
    /// How far the scan is.
    fn progress(&self, scanned: u64, with_findings: u64);
    /// The closing summary, with the token that resumes an incomplete scan.
    fn summary(&mut self, summary: &Summary, token: Option<&str>) -> Result<()>;
    /// A warning or a note on stderr.
    fn note(&self, text: &str);
    /// The scan is over: progress is cleared.
    fn done(&self);
}

/// How the scan reads: its pace (ListUsers calls a second), partitions, page size, the
/// position a resumed run starts from, and the signals that stop it.
pub struct Plan {
    pub rps: f64,
    pub parallel: u16,
    pub page_size: i32,
    pub resumed: Option<Position>,
    /// None: the run watches SIGINT, SIGTERM and SIGHUP itself; a fleet gives each pool the
    /// signals its one watcher sees.
    pub signals: Option<Signals>,
}

/// What ended the scan early.
pub enum Stop {
    Signal(ExitCode, &'static str),
    Failed(AwsError),
}

/// How the run ended: what stopped it (None: the whole pool read), the token that resumes it (and
/// the position it encodes), and what was found.
pub struct Ended {
    pub stop: Option<Stop>,
    pub token: Option<String>,
    pub position: Option<Position>,
    pub scanned: u64,
    pub failing: bool,
}

/// Audits the pool the session reads, handing every user and finding to `sink`. The pages are
/// read from the first paced slot, beside the pool's own reads: they wait in the channel (a few
/// pages, bounded) until the auditor is ready for them.
pub async fn run(
    session: &Session,
    pool_id: &UserPoolId,
    mut plan: Plan,
    sink: &mut dyn Sink,
) -> Result<Ended> {
    let client = session.cognito();
    let id = pool_id.as_str();
    let pacer = Pacer::new(plan.rps);
    let resumed = plan.resumed.is_some();
    let shared_signals = plan.signals.take();
    let parallel = usize::from(plan.parallel);
    let start = match (plan.resumed, parallel) {
        (Some(position), _) => Start::At(position),
        (None, 1) => Start::Sequential,
        (None, _) => Start::Partitions,
    };
    let users = PoolUsers {
        client,
        pool_id: id,
    };
    let (pages_tx, pages) = mpsc::channel(parallel * 2);
    let (begun_tx, begun) = oneshot::channel();
    let reading = super::scan(
        &users,
        start,
        parallel,
        plan.page_size,
        &pacer,
        begun_tx,
        pages_tx,
    );
    let (mut scan, mut position, estimated, stop, mut signals) = beside(reading, async {
        let (auditor, estimated) = begin(session, pool_id, &*sink).await?;
        let mut position = started(begun, &*sink).await?;
        let mut scan = Scan {
            client,
            id,
            pacer: &pacer,
            auditor,
            sink,
            out: Vec::new(),
            case_unread: Vec::new(),
        };
        // Watched from here on (the users of the token are read beside the first pages).
        let mut signals = match shared_signals {
            Some(shared) => shared,
            None => Signals::watch()?,
        };
        let stop = match scan.head(&mut position, &mut signals).await? {
            Some(stop) => Some(stop),
            None => scan.pages(&mut position, pages, &mut signals).await?,
        };
        Ok::<_, Error>((scan, position, estimated, stop, signals))
    })
    .await?;
    let stop = scan
        .tail(&mut position, stop, resumed, &mut signals)
        .await?;
    scan.sink.done();
    let complete = position.complete();
    if complete {
        let unverified = scan.auditor.unverified;
        let raised = scan.auditor.pool_findings(Some(unverified));
        scan.sink.pool(id, &raised)?;
        if !resumed {
            check_estimate(scan.sink, scan.auditor.summary.users_scanned, estimated);
        }
    }
    let token = (!complete).then(|| position.encode());
    scan.sink.summary(&scan.auditor.summary, token.as_deref())?;
    Ok(Ended {
        stop,
        token,
        position: (!complete).then_some(position),
        scanned: scan.auditor.summary.users_scanned,
        failing: scan.auditor.summary.failing,
    })
}

/// Reads the pool, its providers and app clients, and what lies past Cognito (while the scan
/// reads its first pages).
async fn begin(
    session: &Session,
    pool_id: &UserPoolId,
    sink: &dyn Sink,
) -> Result<(Auditor, Option<u64>)> {
    let id = pool_id.as_str();
    let client = session.cognito();
    let (described, (providers, provider_gaps), (clients, client_gaps), jobs) = tokio::join!(
        fetch::describe_pool(client, pool_id),
        fetch::all_providers(client, id),
        fetch::all_clients(client, id),
        fetch::import_jobs(client, id)
    );
    let mut pool = described?.pool;
    let estimated = pool.estimated_users;
    let mut gaps = provider_gaps;
    gaps.extend(client_gaps);
    match jobs {
        Ok(jobs) => pool.import_jobs = Some(jobs),
        Err(gap) => gaps.push(gap),
    }
    let past = aws::delivery::read(session, &pool, aws::delivery::Addresses::All, None).await;
    pool.ses = past.ses;
    pool.triggers = past.triggers;
    gaps.extend(past.gaps);
    fetch::name_endpoints(session, &mut gaps);
    if let Some(list) = &past.suppressed {
        tracing::info!(
            "the SES suppression list: {} addresses in {} ListSuppressedDestinations pages",
            list.len(),
            past.pages
        );
    }
    for gap in &gaps {
        sink.note(&format!(
            "warning: {} failed ({}: {}); {}; the users it concerns are reported with evidence-unavailable",
            gap.operation,
            gap.kind.as_str(),
            gap.error,
            gap.advice()
        ));
    }
    let mut auditor = Auditor::new(pool, providers, clients, gaps, Some(fetch::now()));
    if let Some(list) = past.suppressed {
        auditor = auditor.with_suppression_list(list);
    }
    Ok((auditor, estimated))
}

/// Where the scan starts, as the reading tells it: a resumed position, or partitions by sub
/// prefix when the service filters by them (asked with the first partition's first page).
async fn started(
    begun: oneshot::Receiver<Result<Begun, AwsError>>,
    sink: &dyn Sink,
) -> Result<Position> {
    let begun = begun.await.map_err(|_| {
        Error::Other(anyhow::anyhow!(
            "the scan ended before it said where it starts"
        ))
    })??;
    if begun.refused_partitions {
        sink.note("the service does not filter ListUsers by sub prefix: one sequential scan instead of partitions");
    }
    Ok(begun.position)
}

/// A whole scan is checked against DescribeUserPool's estimate: a large difference means users
/// the scan did not see (or an estimate out of date), which the operator should know.
fn check_estimate(sink: &dyn Sink, scanned: u64, estimated: Option<u64>) {
    let Some(est) = estimated else { return };
    let diff = scanned.abs_diff(est);
    if diff > 10 && diff * 20 > est.max(scanned) {
        sink.note(&format!(
            "note: scanned {scanned} users, DescribeUserPool estimates {est}: the estimate lags behind recent changes, or users were not seen"
        ));
    }
}

/// A scan under way: what it reads with, what it has found, and where its output goes.
struct Scan<'a> {
    client: &'a aws::Client,
    id: &'a str,
    pacer: &'a Pacer,
    auditor: Auditor,
    sink: &'a mut dyn Sink,
    out: Vec<Entry>,
    /// Users whose lowercase lookup failed during the scan: retried at its end, or read again by
    /// the resumed run when it stops.
    case_unread: Vec<User>,
}

impl Scan<'_> {
    /// Hands the users made final so far to the sink.
    fn flush(&mut self) -> Result<()> {
        for e in std::mem::take(&mut self.out) {
            self.sink.entry(&e)?;
        }
        Ok(())
    }

    async fn feed(&mut self, user: User) -> Result<()> {
        let unread = feed(
            self.client,
            self.id,
            self.pacer,
            &mut self.auditor,
            user,
            &mut self.out,
        )
        .await?;
        self.case_unread.extend(unread);
        Ok(())
    }

    /// The pool's findings first, then the users an earlier run could not make final (read
    /// again before any page is fed). A signal while they are read stops the run there: none of
    /// them was printed, and all are read again by the resumed run.
    async fn head(
        &mut self,
        position: &mut Position,
        signals: &mut Signals,
    ) -> Result<Option<Stop>> {
        let mut early: Vec<User> = Vec::new();
        let names = std::mem::take(&mut position.recheck);
        let mut stop = None;
        for name in &names {
            let read = tokio::select! {
                (code, what) = signals.next() => {
                    stop = Some(Stop::Signal(code, what));
                    break;
                }
                read = paced(self.pacer, || fetch::admin_get_user(self.client, self.id, name)) => read,
            };
            match read {
                Ok(u) => early.push(u),
                Err(e) if e.kind == AwsErrorKind::UserNotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        let head = self.auditor.pool_findings(None);
        for f in &head {
            self.auditor.summary.failing |= f.severity.fails();
        }
        self.sink.pool(self.id, &head)?;
        if stop.is_some() {
            position.recheck = names;
            return Ok(stop);
        }
        for user in early {
            self.feed(user).await?;
        }
        self.flush()?;
        Ok(None)
    }

    /// After the pages: the users still waiting made final (or handed to the resumed run after a
    /// signal). Returns the stop that counts (a signal during the lookups).
    async fn tail(
        &mut self,
        position: &mut Position,
        stop: Option<Stop>,
        resumed: bool,
        signals: &mut Signals,
    ) -> Result<Option<Stop>> {
        // Before the waiting users are made final: a user looked up again may join them.
        self.settle_case_lookups(position, stop.is_some()).await?;
        let late = if matches!(stop, Some(Stop::Signal(..))) {
            // A signal stops the run now: the waiting users are read again by the resumed run.
            self.hand_back_waiting(position)?;
            None
        } else if stop.is_some() || resumed {
            self.look_up_waiting(position, stop.is_some(), signals)
                .await?
        } else {
            self.finish_waiting()?;
            None
        };
        let stop = late.or(stop);
        self.settle_case_lookups(position, stop.is_some()).await?;
        self.auditor.close_case_pairs(&mut self.out);
        self.flush()?;
        Ok(stop)
    }

    /// The users whose lowercase lookup failed: after a stop, handed to the resumed run (read
    /// again there, never printed here); otherwise looked up once more and made final.
    async fn settle_case_lookups(&mut self, position: &mut Position, stopped: bool) -> Result<()> {
        for u in std::mem::take(&mut self.case_unread) {
            if stopped {
                self.auditor.forget(&[]);
                position.recheck.push(u.username);
                continue;
            }
            super::retry_case(
                self.client,
                self.id,
                self.pacer,
                &mut self.auditor,
                u,
                &mut self.out,
            )
            .await?;
        }
        self.flush()
    }

    /// Feeds the pages the scan reads to the auditor, until the pool is read, a signal arrives
    /// or a read fails for good.
    async fn pages(
        &mut self,
        position: &mut Position,
        mut pages: mpsc::Receiver<Result<Page, AwsError>>,
        signals: &mut Signals,
    ) -> Result<Option<Stop>> {
        loop {
            let page = tokio::select! {
                (code, what) = signals.next() => return Ok(Some(Stop::Signal(code, what))),
                page = pages.recv() => page,
            };
            let page = match page {
                None => return Ok(None),
                Some(Err(e)) => return Ok(Some(Stop::Failed(e))),
                Some(Ok(p)) => p,
            };
            for user in page.users {
                self.feed(user).await?;
            }
            self.flush()?;
            // The position moves only once the page's users are printed: a resume reads again
            // any page that was in flight, never skips one.
            let part = &mut position.parts[page.part];
            part.done = page.next.is_none();
            part.next = page.next;
            let s = &self.auditor.summary;
            self.sink.progress(s.users_scanned, s.users_with_findings);
        }
    }

    /// Every user still waiting, by batch, into `position.recheck` (read again by the resumed
    /// run).
    fn recheck_the_rest(&mut self, position: &mut Position) -> Result<()> {
        loop {
            let rest = self
                .auditor
                .take_pending(LOOKUP_BATCH)
                .map_err(spill_error)?;
            if rest.is_empty() {
                return Ok(());
            }
            for w in rest {
                // Not printed here: the resumed run reads and counts it.
                self.auditor.forget(&[]);
                position.recheck.push(w.username);
            }
        }
    }

    /// The users still waiting for the rest of the pool, after a stop or in a resumed scan whose
    /// start this run did not read: each is looked up, so that every user printed is final. After
    /// a stop, one that cannot be made final is not printed and is read again by the resumed run.
    /// A signal here stops the lookups at once: the user in flight and every one still waiting
    /// are handed to the resumed run, and the signal is returned.
    async fn look_up_waiting(
        &mut self,
        position: &mut Position,
        stopped: bool,
        signals: &mut Signals,
    ) -> Result<Option<Stop>> {
        loop {
            let batch = self
                .auditor
                .take_pending(LOOKUP_BATCH)
                .map_err(spill_error)?;
            if batch.is_empty() {
                return Ok(None);
            }
            let mut batch = batch.into_iter();
            while let Some(u) = batch.next() {
                let mut one = Vec::new();
                let name = u.username.clone();
                let looked = tokio::select! {
                    (code, what) = signals.next() => Err(Stop::Signal(code, what)),
                    unresolved = look_up(self.client, self.id, self.pacer, &mut self.auditor, u, &mut one) => Ok(unresolved),
                };
                match looked {
                    Err(stop) => {
                        // Handed to the resumed run, which counts them: the user in flight, the
                        // rest of the batch, and every one still waiting.
                        for name in std::iter::once(name).chain(batch.map(|w| w.username)) {
                            self.auditor.forget(&[]);
                            position.recheck.push(name);
                        }
                        self.recheck_the_rest(position)?;
                        self.flush()?;
                        return Ok(Some(stop));
                    }
                    Ok(Some(u)) if stopped => {
                        self.auditor.forget(&one);
                        position.recheck.push(u.username);
                    }
                    Ok(_) => self.out.append(&mut one),
                }
            }
            self.flush()?;
        }
    }

    /// After a signal: every user still waiting is handed to the resumed run as it is (read
    /// again there), with no lookup, so that the run stops at once.
    fn hand_back_waiting(&mut self, position: &mut Position) -> Result<()> {
        self.recheck_the_rest(position)?;
        self.flush()
    }

    /// After a whole uninterrupted scan no user still waiting has their email held by another:
    /// each is final as it stands.
    fn finish_waiting(&mut self) -> Result<()> {
        loop {
            let done = self
                .auditor
                .finish(&mut self.out, false, 500)
                .map_err(spill_error)?;
            self.flush()?;
            if done {
                return Ok(());
            }
        }
    }
}
