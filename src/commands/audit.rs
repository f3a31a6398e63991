//! `audit`: the whole pool, streamed as ListUsers pages arrive, partitioned by `sub` prefixes and
//! paced under the ListUsers quota (`scan::audit`); each user printed as it is made final.

use crate::aws;
use crate::aws::pace::Quota;
use crate::cli::{line, AuditArgs, OutputFormat};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::render;
use crate::scan::audit::{self, Plan, Stop};
use crate::scan::Position;
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &AuditArgs) -> Result<ExitCode> {
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
    let plan = Plan {
        rps,
        parallel: a.parallel,
        page_size: a.page_size,
        resumed,
    };
    let mut printer = render::audit::Printer::new(g.style.clone(), target.clone());
    let ended = audit::run(&session, &pool_id, plan, &mut printer).await?;
    let resume = line::Resume {
        pool_id: pool_id.as_str(),
        max_rps: a.max_rps,
        page_size: a.page_size,
        target: &target,
        output: match g.output {
            OutputFormat::Json => Some("json"),
            OutputFormat::Csv => Some("csv"),
            OutputFormat::Table => None,
        },
        redact: g.style.redact,
        no_color: g.no_color,
    };
    let resume = ended
        .token
        .as_deref()
        .map(|t| line::audit_resume(&resume, t));
    end(ended, resume.as_deref())
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
