//! The scan of `audit`: the pages read in partitions and fed to the auditor, then the users
//! still waiting for the rest of the pool made final, each user printed as soon as it is.

use indicatif::ProgressBar;
use tokio::sync::mpsc;

use super::audit::Stop;
use crate::audit::{Auditor, Entry};
use crate::aws::{self, pace::Pacer};
use crate::cli::AuditArgs;
use crate::error::Result;
use crate::model::User;
use crate::render::{self, audit::AuditWriter};
use crate::scan::{self, feed, look_up, spill_error, Position, Signals, LOOKUP_BATCH};

/// A scan under way: what it reads with, what it has found, and where its output goes.
pub struct Scan<'a> {
    pub client: &'a aws::Client,
    pub id: &'a str,
    pub pacer: &'a Pacer,
    pub auditor: Auditor,
    pub writer: AuditWriter,
    pub pb: ProgressBar,
    pub out: Vec<Entry>,
    /// Users whose lowercase lookup failed during the scan: retried at its end, or read again by
    /// the resumed run when it stops.
    pub case_unread: Vec<User>,
}

impl Scan<'_> {
    pub fn print(&self, text: String) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.pb
            .suspend(|| render::emit(&text))
            .map_err(crate::error::io_error)
    }

    /// Prints the users made final so far.
    pub fn flush(&mut self) -> Result<()> {
        for e in std::mem::take(&mut self.out) {
            let text = self.writer.entry(&e);
            self.print(text)?;
        }
        Ok(())
    }

    pub async fn feed(&mut self, user: User) -> Result<()> {
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

    /// The users whose lowercase lookup failed: after a stop, handed to the resumed run (read
    /// again there, never printed here); otherwise looked up once more and made final.
    pub async fn settle_case_lookups(
        &mut self,
        position: &mut Position,
        stopped: bool,
    ) -> Result<()> {
        for u in std::mem::take(&mut self.case_unread) {
            if stopped {
                self.auditor.forget(&[]);
                position.recheck.push(u.username);
                continue;
            }
            scan::retry_case(
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
}

/// Reads the pages (partitions in parallel) and feeds their users to the auditor, until the
/// pool is read, a signal arrives or a read fails for good.
pub async fn pages(
    scan: &mut Scan<'_>,
    position: &mut Position,
    a: &AuditArgs,
    signals: &mut Signals,
) -> Result<Option<Stop>> {
    let parallel = usize::from(a.parallel);
    let (tx, mut rx) = mpsc::channel(parallel * 2);
    let reading = scan::read(
        scan.client,
        scan.id,
        position.clone(),
        parallel,
        a.page_size,
        scan.pacer,
        tx,
    );
    tokio::pin!(reading);
    let mut reading_done = false;
    loop {
        let page = tokio::select! {
            (code, what) = signals.next() => return Ok(Some(Stop::Signal(code, what))),
            _ = &mut reading, if !reading_done => { reading_done = true; continue; }
            page = rx.recv() => page,
        };
        let page = match page {
            None => return Ok(None),
            Some(Err(e)) => return Ok(Some(Stop::Failed(e))),
            Some(Ok(p)) => p,
        };
        for user in page.users {
            scan.feed(user).await?;
        }
        scan.flush()?;
        // The position moves only once the page's users are printed: a resume reads again any
        // page that was in flight, never skips one.
        let part = &mut position.parts[page.part];
        part.done = page.next.is_none();
        part.next = page.next;
        scan.pb.set_position(scan.auditor.summary.users_scanned);
        scan.pb.set_message(format!(
            "{} with findings",
            scan.auditor.summary.users_with_findings
        ));
    }
}

/// The users still waiting for the rest of the pool, after a stop or in a resumed scan whose
/// start this run did not read: each is looked up, so that every user printed is final. After a
/// stop, one that cannot be made final is not printed and is read again by the resumed run. A
/// signal here stops the lookups at once: the user in flight and every one still waiting are
/// handed to the resumed run, and the signal is returned.
pub async fn look_up_waiting(
    scan: &mut Scan<'_>,
    position: &mut Position,
    stopped: bool,
    signals: &mut Signals,
) -> Result<Option<Stop>> {
    loop {
        let batch = scan
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
                unresolved = look_up(scan.client, scan.id, scan.pacer, &mut scan.auditor, u, &mut one) => Ok(unresolved),
            };
            match looked {
                Err(stop) => {
                    position.recheck.push(name);
                    position.recheck.extend(batch.map(|w| w.username));
                    loop {
                        let rest = scan
                            .auditor
                            .take_pending(LOOKUP_BATCH)
                            .map_err(spill_error)?;
                        if rest.is_empty() {
                            break;
                        }
                        position
                            .recheck
                            .extend(rest.into_iter().map(|w| w.username));
                    }
                    scan.flush()?;
                    return Ok(Some(stop));
                }
                Ok(Some(u)) if stopped => {
                    scan.auditor.forget(&one);
                    position.recheck.push(u.username);
                }
                Ok(_) => scan.out.append(&mut one),
            }
        }
        scan.flush()?;
    }
}

/// After a signal: every user still waiting is handed to the resumed run as it is (read again
/// there), with no lookup, so that the run stops at once.
pub fn hand_back_waiting(scan: &mut Scan<'_>, position: &mut Position) -> Result<()> {
    loop {
        let rest = scan
            .auditor
            .take_pending(LOOKUP_BATCH)
            .map_err(spill_error)?;
        if rest.is_empty() {
            return scan.flush();
        }
        for w in rest {
            // Not printed here: the resumed run reads and counts it.
            scan.auditor.forget(&[]);
            position.recheck.push(w.username);
        }
    }
}

/// After a whole uninterrupted scan no user still waiting has their email held by another:
/// each is final as it stands.
pub fn finish_waiting(scan: &mut Scan<'_>) -> Result<()> {
    loop {
        let done = scan
            .auditor
            .finish(&mut scan.out, false, 500)
            .map_err(spill_error)?;
        scan.flush()?;
        if done {
            return Ok(());
        }
    }
}
