//! `audit`: the whole pool, streamed as ListUsers pages arrive, partitioned by `sub` prefixes and
//! paced under the ListUsers quota (see `scan`); the rules run in `audit::Auditor`.

use indicatif::ProgressBar;
use tokio::sync::mpsc;

use crate::audit::{Auditor, Entry};
use crate::aws::pace::{paced, Pacer, Quota};
use crate::aws::{self, fetch};
use crate::cli::AuditArgs;
use crate::error::{Error, ExitCode, Result};
use crate::model::User;
use crate::render::{self, audit::AuditWriter, Style};
use crate::scan::{self, feed, look_up, spill_error, Position, LOOKUP_BATCH};
use crate::settings::UserPoolId;

/// What ended the scan early.
enum Stop {
    Signal(ExitCode, &'static str),
    Failed(crate::error::AwsError),
}

pub async fn run(g: &super::Context, a: &AuditArgs) -> Result<ExitCode> {
    let rps = Quota::ListUsers.check(a.max_rps).map_err(Error::usage)?;
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    let resumed = a
        .starting_token
        .as_deref()
        .map(Position::decode)
        .transpose()?;
    let target = g.target(Some(&pool_id))?;
    // One attempt per call: the pacer retries throttles and passing failures itself, so that a
    // wait is never counted as a call's own time.
    let client = aws::client(
        &target,
        &aws::ClientOptions {
            max_attempts: Some(1),
            adaptive: false,
        },
    )
    .await?;
    let id = pool_id.as_str();
    let pacer = Pacer::new(rps);
    // Whether the service filters by sub prefix is asked at the same time as the pool is read.
    let probe = async {
        match (&resumed, a.parallel) {
            (None, n) if n > 1 => Some(scan::prefix_filters_work(&client, id, &pacer).await),
            _ => None,
        }
    };
    let (described, (providers, provider_gaps), (clients, client_gaps), filters) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::all_providers(&client, id),
        fetch::all_clients(&client, id),
        probe
    );
    let pool = described?.pool;
    let estimated = pool.estimated_users;
    let mut gaps = provider_gaps;
    gaps.extend(client_gaps);
    for gap in &gaps {
        render::note(&format!(
            "warning: {} failed ({}); the users it concerns are reported with evidence-unavailable",
            gap.operation, gap.error
        ));
    }
    let mut position = match (&resumed, filters) {
        (Some(p), _) => p.clone(),
        (None, None) => Position::sequential(),
        (None, Some(works)) => {
            if works? {
                Position::partitioned()
            } else {
                render::note("the service does not filter ListUsers by sub prefix: one sequential scan instead of partitions");
                Position::sequential()
            }
        }
    };

    let mut auditor = Auditor::new(pool, providers, clients, gaps, Some(fetch::now()));
    // Users an earlier run could not make final: read again first.
    let recheck = std::mem::take(&mut position.recheck);
    let mut early: Vec<User> = Vec::new();
    for name in recheck {
        match paced(&pacer, || fetch::admin_get_user_aws(&client, id, &name)).await {
            Ok(u) => early.push(u),
            Err(e) if e.kind == crate::error::AwsErrorKind::UserNotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut writer = AuditWriter::new(Style::new(g.output, g.no_color, g.redact), target.clone());
    let pb = render::progress();
    let print = |pb: &ProgressBar, text: String| -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        pb.suspend(|| render::emit(&text))
            .map_err(crate::error::io_error)
    };
    let mut out: Vec<Entry> = Vec::new();
    let head = auditor.pool_findings(None);
    for f in &head {
        auditor.summary.failing |= f.severity.fails();
    }
    print(&pb, writer.pool(id, &head))?;
    for user in early {
        feed(&client, id, &pacer, &mut auditor, user, &mut out).await?;
    }
    for e in out.drain(..) {
        print(&pb, writer.entry(&e))?;
    }

    let parallel = usize::from(a.parallel);
    let (tx, mut rx) = mpsc::channel(parallel * 2);
    let reading = scan::read(
        &client,
        id,
        position.clone(),
        parallel,
        a.page_size,
        &pacer,
        tx,
    );
    tokio::pin!(reading);
    let mut reading_done = false;
    let mut stop: Option<Stop> = None;
    use tokio::signal::unix::{signal, SignalKind};
    let (mut int, mut term, mut hup) = (
        signal(SignalKind::interrupt()).map_err(crate::error::io_error)?,
        signal(SignalKind::terminate()).map_err(crate::error::io_error)?,
        signal(SignalKind::hangup()).map_err(crate::error::io_error)?,
    );
    loop {
        let page = tokio::select! {
            _ = int.recv() => { stop = Some(Stop::Signal(ExitCode::Interrupted, "interrupted")); break; }
            _ = term.recv() => { stop = Some(Stop::Signal(ExitCode::Terminated, "terminated")); break; }
            _ = hup.recv() => { stop = Some(Stop::Signal(ExitCode::HungUp, "hung up")); break; }
            _ = &mut reading, if !reading_done => { reading_done = true; continue; }
            page = rx.recv() => page,
        };
        let page = match page {
            None => break,
            Some(Err(e)) => {
                stop = Some(Stop::Failed(e));
                break;
            }
            Some(Ok(p)) => p,
        };
        for user in page.users {
            feed(&client, id, &pacer, &mut auditor, user, &mut out).await?;
        }
        for e in out.drain(..) {
            print(&pb, writer.entry(&e))?;
        }
        // The position moves only once the page's users are printed: a resume reads again any
        // page that was in flight, never skips one.
        let part = &mut position.parts[page.part];
        part.done = page.next.is_none();
        part.next = page.next;
        pb.set_position(auditor.summary.users_scanned);
        pb.set_message(format!(
            "{} with findings",
            auditor.summary.users_with_findings
        ));
    }
    drop(rx);

    // The users still waiting for the rest of the pool. After a whole uninterrupted scan none
    // holds their email; otherwise (a stop, or a resumed scan whose start this run did not read)
    // each is looked up, so that every user printed is final.
    if stop.is_some() || resumed.is_some() {
        loop {
            let batch = auditor.take_pending(LOOKUP_BATCH).map_err(spill_error)?;
            if batch.is_empty() {
                break;
            }
            for u in batch {
                let mut one = Vec::new();
                let unresolved = look_up(&client, id, &pacer, &mut auditor, u, &mut one).await;
                match (unresolved, stop.is_some()) {
                    // Not final: not printed, read again by the resumed run.
                    (Some(u), true) => {
                        auditor.forget(&one);
                        position.recheck.push(u.username);
                    }
                    _ => out.append(&mut one),
                }
            }
            for e in out.drain(..) {
                print(&pb, writer.entry(&e))?;
            }
        }
    } else {
        loop {
            let done = auditor.finish(&mut out, false, 500).map_err(spill_error)?;
            for e in out.drain(..) {
                print(&pb, writer.entry(&e))?;
            }
            if done {
                break;
            }
        }
    }
    pb.finish_and_clear();
    let complete = position.complete();
    if complete {
        let unverified = auditor.unverified;
        let raised = auditor.pool_findings(Some(unverified));
        print(&pb, writer.pool(id, &raised))?;
        if resumed.is_none() {
            render::audit::check_estimate(auditor.summary.users_scanned, estimated);
        }
    }
    let token = (!complete).then(|| position.encode());
    print(&pb, writer.summary(&auditor.summary, token.as_deref()))?;
    let resume = |t: &str| {
        format!(
            "resume with: cognito-email-doctor audit --user-pool-id {} --starting-token {}",
            crate::fix::quote(id),
            crate::fix::quote(t)
        )
    };
    match stop {
        Some(Stop::Signal(code, what)) => {
            if let Some(t) = &token {
                render::note(&format!(
                    "{what} after {} users; every user printed is final; {}",
                    auditor.summary.users_scanned,
                    resume(t)
                ));
            }
            Ok(code)
        }
        Some(Stop::Failed(e)) => {
            if let Some(t) = &token {
                render::note(&format!(
                    "stopped after {} users; every user printed is final; after fixing the cause, {}",
                    auditor.summary.users_scanned,
                    resume(t)
                ));
            }
            Err(e.into())
        }
        None => Ok(if auditor.summary.failing {
            ExitCode::Findings
        } else {
            ExitCode::Ok
        }),
    }
}
