//! `audit`: the whole pool, streamed as ListUsers pages arrive, partitioned by `sub` prefixes and
//! paced under the ListUsers quota (`scan::audit`); each user printed as it is made final. With
//! `--all-pools`, every pool of the scopes (`fleet::audit`), scopes at once, each line naming its
//! account, region and pool.

use crate::aws::pace::Quota;
use crate::aws::{self, scope};
use crate::cli::{line, AuditArgs, OutputFormat};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fleet::audit::{Job, Marks, Outcome, Sink};
use crate::render;
use crate::scan::audit::{self, Plan, Stop};
use crate::scan::Position;
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &AuditArgs) -> Result<ExitCode> {
    let mut rps = Quota::ListUsers.check(a.max_rps).map_err(Error::usage)?;
    let offline = a
        .bundle
        .as_deref()
        .map(|b| crate::collect::open(b, a.key.as_deref()))
        .transpose()?;
    let g = &match &offline {
        // Offline there is no quota to keep to: the reads are answered at once.
        Some(o) => {
            rps = OFFLINE_RPS;
            g.with_seam(o.seam.clone())
        }
        None => g.clone(),
    };
    let pool = match (&a.user_pool_id, a.all_pools, &offline) {
        (Some(pool), false, _) => pool,
        (None, false, Some(o)) => &o.pool,
        _ => return fleet(g, a, rps).await,
    };
    if let Some(flag) = a.scope.first_given() {
        return Err(Error::usage(format!(
            "{flag} chooses the pools of audit --all-pools; give --all-pools instead of --user-pool-id, or leave {flag} out"
        )));
    }
    let pool_id = UserPoolId::parse(pool)?;
    let resumed = a
        .starting_token
        .as_deref()
        .map(Position::decode)
        .transpose()?;
    let target = g.target(Some(&pool_id))?;
    // One attempt per call: the pacer retries throttles and passing failures itself, so that a
    // wait is never counted as a call's own time.
    let session = g.session(&target, &aws::ClientOptions::paced()).await?;
    let plan = Plan {
        rps,
        parallel: a.parallel,
        page_size: a.page_size,
        resumed,
        signals: None,
    };
    let mut printer = render::audit::Printer::new(g.style.clone(), target.clone());
    let ended = audit::run(&session, &pool_id, plan, &mut printer).await?;
    let resume = line::Resume {
        pool_id: pool_id.as_str(),
        max_rps: a.max_rps,
        page_size: a.page_size,
        target: &target,
        output: output(g),
        redact: g.style.redact,
        no_color: g.no_color,
    };
    let resume = ended
        .token
        .as_deref()
        .map(|t| line::audit_resume(&resume, t));
    end(ended, resume.as_deref())
}

/// The pace of an offline audit: every read is answered from the bundle.
const OFFLINE_RPS: f64 = 100_000.0;

/// `-o` as a resume line repeats it (the table is the default).
fn output(g: &Context) -> Option<&'static str> {
    match g.output {
        OutputFormat::Json => Some("json"),
        OutputFormat::Csv => Some("csv"),
        OutputFormat::Table => None,
    }
}

/// The exit: the signal that stopped the scan or the read that failed, each with the command
/// that resumes it; otherwise whether any finding fails the audit.
fn end(ended: audit::Ended, resume_line: Option<&str>) -> Result<ExitCode> {
    let scanned = ended.scanned;
    match ended.stop {
        Some(Stop::Signal(code, what)) => {
            if let Some(t) = resume_line {
                render::note(&format!(
                    "{what} after {scanned} users; every user printed is final; resume with: {t}"
                ));
            }
            Ok(code)
        }
        Some(Stop::Failed(e)) => {
            if let Some(t) = resume_line {
                render::note(&format!(
                    "stopped after {scanned} users; every user printed is final; after fixing the cause, resume with: {t}"
                ));
            }
            Err(e.into())
        }
        None => Ok(match ended.failing {
            true => ExitCode::Findings,
            false => ExitCode::Ok,
        }),
    }
}

/// `--all-pools`: every pool of every scope, resumed from a fleet token; the exit is the worst
/// pool's, and 3 only when no scope could be searched.
async fn fleet(g: &Context, a: &AuditArgs, rps: f64) -> Result<ExitCode> {
    let resumed = a
        .starting_token
        .as_deref()
        .map(Marks::decode)
        .transpose()?
        .unwrap_or_default();
    let spec = g.scope_spec(&a.scope)?;
    let job = Job {
        rps,
        parallel: a.parallel,
        page_size: a.page_size,
        endpoints: g.endpoints(spec.endpoint.clone())?,
        max_scopes: spec.max_scopes,
        resumed,
    };
    let resolved = scope::resolve(&spec, &aws::ClientOptions::paced()).await;
    let mut printer = render::fleet::Printer::new(g.style.clone());
    for gap in &resolved.gaps {
        printer.gap(gap)?;
    }
    let outcome =
        crate::fleet::audit::run(&resolved.scopes, &resolved.gaps, &job, &mut printer).await?;
    let token = (!outcome.complete).then(|| outcome.marks.encode());
    printer.finish(&outcome.tally, token.as_deref())?;
    if !outcome.searched {
        return Err(Error::Other(anyhow::anyhow!(
            "nothing could be audited: every scope item above failed; fix the credentials or roles, or narrow the scope"
        )));
    }
    if let Some(t) = &token {
        let endpoint = g.endpoint_url()?;
        let resume = line::FleetResume {
            scope: &a.scope,
            max_rps: a.max_rps,
            page_size: a.page_size,
            parallel: a.parallel,
            region: g.region(),
            profile: g.profile(),
            endpoint_url: endpoint.as_deref(),
            output: output(g),
            redact: g.style.redact,
            no_color: g.no_color,
        };
        render::note(&stopped(&outcome, &line::fleet_audit_resume(&resume, t)));
    }
    Ok(outcome.exit)
}

/// Why a fleet audit is incomplete, and the command that finishes it.
fn stopped(o: &Outcome, resume: &str) -> String {
    let t = &o.tally;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (o.signal, t.pools_failed.len()) {
        (Some((_, what)), _) => format!(
            "{what} after {} users, {} of {} audited whole; every user printed is final; resume with: {resume}",
            t.users_scanned,
            t.pools_audited + t.pools_done_before,
            plural(t.pools, "pool", "pools")
        ),
        (None, n) if n > 0 => format!(
            "{} could not be audited (above); every user printed is final; after fixing the cause, resume with: {resume}",
            plural(n, "pool", "pools")
        ),
        (None, _) => format!(
            "{} could not be searched (above); after fixing the cause, audit what is left with: {resume}",
            plural(t.unavailable.len(), "scope item", "scope items")
        ),
    }
}
