//! `audit`: the whole pool, streamed as ListUsers pages arrive, partitioned by `sub` prefixes and
//! paced under the ListUsers quota (see `scan`); the rules run in `audit::Auditor`.

use super::audit_scan::{finish_waiting, hand_back_waiting, look_up_waiting, pages, Scan};
use crate::audit::Auditor;
use crate::aws::pace::{paced, Pacer, Quota};
use crate::aws::{self, fetch};
use crate::cli::AuditArgs;
use crate::error::{Error, ExitCode, Result};
use crate::model::User;
use crate::render::{self, audit::AuditWriter};
use crate::scan::Signals;
use crate::scan::{self, Position};
use crate::settings::UserPoolId;

/// What ended the scan early.
pub enum Stop {
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
    let session = g.session(&target, &aws::ClientOptions::paced()).await?;
    let client = session.cognito().clone();
    let id = pool_id.as_str();
    let pacer = Pacer::new(rps);
    let (auditor, mut position, estimated) =
        begin(&session, &pool_id, &pacer, resumed.as_ref(), a.parallel).await?;
    let mut scan = Scan {
        client: &client,
        id,
        pacer: &pacer,
        auditor,
        writer: AuditWriter::new(g.style.clone(), target.clone()),
        pb: render::progress(),
        out: Vec::new(),
        case_unread: Vec::new(),
    };
    // Users an earlier run could not make final: read again first.
    let mut early: Vec<User> = Vec::new();
    for name in std::mem::take(&mut position.recheck) {
        match paced(&pacer, || fetch::admin_get_user(&client, id, &name)).await {
            Ok(u) => early.push(u),
            Err(e) if e.kind == crate::error::AwsErrorKind::UserNotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    let head = scan.auditor.pool_findings(None);
    for f in &head {
        scan.auditor.summary.failing |= f.severity.fails();
    }
    let text = scan.writer.pool(id, &head);
    scan.print(text)?;
    for user in early {
        scan.feed(user).await?;
    }
    scan.flush()?;
    let mut signals = Signals::watch()?;
    let stop = pages(&mut scan, &mut position, a, &mut signals).await?;
    // Before the waiting users are made final: a user looked up again may join them.
    scan.settle_case_lookups(&mut position, stop.is_some())
        .await?;
    let late = if matches!(stop, Some(Stop::Signal(..))) {
        // A signal stops the run now: the waiting users are read again by the resumed run.
        hand_back_waiting(&mut scan, &mut position)?;
        None
    } else if stop.is_some() || resumed.is_some() {
        look_up_waiting(&mut scan, &mut position, stop.is_some(), &mut signals).await?
    } else {
        finish_waiting(&mut scan)?;
        None
    };
    // A signal during the lookups is the stop that counts.
    let stop = late.or(stop);
    scan.settle_case_lookups(&mut position, stop.is_some())
        .await?;
    scan.auditor.close_case_pairs(&mut scan.out);
    scan.flush()?;
    scan.pb.finish_and_clear();
    let complete = position.complete();
    if complete {
        let unverified = scan.auditor.unverified;
        let raised = scan.auditor.pool_findings(Some(unverified));
        let text = scan.writer.pool(id, &raised);
        scan.print(text)?;
        if resumed.is_none() {
            render::audit::check_estimate(scan.auditor.summary.users_scanned, estimated);
        }
    }
    let token = (!complete).then(|| position.encode());
    let text = scan.writer.summary(&scan.auditor.summary, token.as_deref());
    scan.print(text)?;
    let resume = crate::scan::Resume {
        pool_id: &a.user_pool_id,
        max_rps: a.max_rps,
        page_size: a.page_size,
        target: &target,
        output: match g.output {
            crate::cli::OutputFormat::Json => Some("json"),
            crate::cli::OutputFormat::Csv => Some("csv"),
            crate::cli::OutputFormat::Table => None,
        },
        redact: g.style.redact,
        no_color: g.no_color,
    };
    let resume = token.as_deref().map(|t| resume.line(t));
    end(&scan.auditor, stop, resume.as_deref())
}

/// Reads the pool, its providers and app clients, and where the scan starts: a resumed
/// position, or partitions by sub prefix when the service filters by them (asked while the pool
/// is read).
async fn begin(
    session: &aws::session::Session,
    pool_id: &UserPoolId,
    pacer: &Pacer,
    resumed: Option<&Position>,
    parallel: u16,
) -> Result<(Auditor, Position, Option<u64>)> {
    let id = pool_id.as_str();
    let client = session.cognito();
    let probe = async {
        match (resumed, parallel) {
            (None, n) if n > 1 => Some(scan::prefix_filters_work(client, id, pacer).await),
            _ => None,
        }
    };
    let (described, (providers, provider_gaps), (clients, client_gaps), filters, jobs) = tokio::join!(
        fetch::describe_pool(client, pool_id),
        fetch::all_providers(client, id),
        fetch::all_clients(client, id),
        probe,
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
        render::note(&format!(
            "warning: {} failed ({}: {}); {}; the users it concerns are reported with evidence-unavailable",
            gap.operation,
            gap.kind.as_str(),
            gap.error,
            gap.advice()
        ));
    }
    let position = match (resumed, filters) {
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
    if let Some(list) = past.suppressed {
        auditor = auditor.with_suppression_list(list);
    }
    Ok((auditor, position, estimated))
}

/// The exit: the signal that stopped the scan or the read that failed, each with the command
/// that resumes it; otherwise whether any finding fails the audit.
fn end(auditor: &Auditor, stop: Option<Stop>, resume_line: Option<&str>) -> Result<ExitCode> {
    let resume = |t: &str| format!("resume with: {t}");
    let scanned = auditor.summary.users_scanned;
    match stop {
        Some(Stop::Signal(code, what)) => {
            if let Some(t) = resume_line {
                render::note(&format!(
                    "{what} after {scanned} users; every user printed is final; {}",
                    resume(t)
                ));
            }
            Ok(code)
        }
        Some(Stop::Failed(e)) => {
            if let Some(t) = resume_line {
                render::note(&format!(
                    "stopped after {scanned} users; every user printed is final; after fixing the cause, {}",
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
