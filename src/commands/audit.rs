//! `audit`: the whole pool, streamed as ListUsers pages arrive, within a request-rate budget.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use tokio::time::Instant;

use crate::audit::{Auditor, Entry, Next};
use crate::aws::{self, fetch};
use crate::cli::{AuditArgs, GlobalArgs};
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, audit::AuditWriter, Style};
use crate::settings::UserPoolId;

/// Spaces calls at most `rps` per second.
struct Limiter {
    interval: Duration,
    next: Instant,
}

impl Limiter {
    fn new(rps: f64) -> Self {
        Self {
            interval: Duration::from_secs_f64(1.0 / rps),
            next: Instant::now(),
        }
    }

    async fn wait(&mut self) {
        let now = Instant::now();
        if self.next > now {
            tokio::time::sleep_until(self.next).await;
        }
        self.next = self.next.max(now) + self.interval;
    }
}

fn progress() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {pos} users scanned ({per_sec}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

fn spill_error(e: std::io::Error) -> Error {
    Error::Other(anyhow::anyhow!(
        "could not use a temporary file for users awaiting the rest of the pool ({e}); check TMPDIR has space"
    ))
}

pub async fn run(g: &GlobalArgs, a: &AuditArgs) -> Result<ExitCode> {
    if !(a.max_rps.is_finite() && (0.1..=100.0).contains(&a.max_rps)) {
        return Err(Error::usage(format!(
            "--max-rps {} is out of range; give a rate from 0.1 to 100 (ListUsers allows 30 per second per account, shared with your application)",
            a.max_rps
        )));
    }
    if a.max_rps > 30.0 {
        tracing::warn!(
            "--max-rps {} is above the ListUsers quota of 30 per second per account",
            a.max_rps
        );
    }
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    let target = super::resolve_target(g, Some(&pool_id))?;
    let client = aws::client(
        &target,
        &aws::ClientOptions {
            max_attempts: Some(8),
            adaptive: true,
        },
    )
    .await?;
    let id = pool_id.as_str();
    let (described, (providers, provider_gaps), (clients, client_gaps)) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::all_providers(&client, id),
        fetch::all_clients(&client, id)
    );
    let pool = described?.pool;
    let mut gaps = provider_gaps;
    gaps.extend(client_gaps);
    for g in &gaps {
        render::note(&format!(
            "warning: {} failed ({}); the users it concerns are reported with evidence-unavailable",
            g.operation, g.error
        ));
    }

    let mut auditor = Auditor::new(pool, providers, clients, gaps, Some(fetch::now()));
    let mut writer = AuditWriter::new(Style::new(g.output, g.no_color, g.redact), target.clone());
    let pb = progress();
    let mut limiter = Limiter::new(a.max_rps);
    let mut token = a.starting_token.clone();
    let mut out: Vec<Entry> = Vec::new();
    let mut interrupted = false;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);

    let print = |pb: &ProgressBar, text: String| -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        pb.suspend(|| render::emit(&text))
            .map_err(crate::error::io_error)
    };

    let head = auditor.pool_findings(None);
    for f in &head {
        auditor.summary.failing |= f.severity.fails();
    }
    print(&pb, writer.pool(id, &head))?;

    loop {
        let page = tokio::select! {
            _ = &mut ctrl_c => { interrupted = true; break; }
            page = async {
                limiter.wait().await;
                fetch::list_users_page(&client, id, token.clone(), a.page_size).await
            } => page,
        };
        let (users, next) = match page {
            Ok(p) => p,
            Err(e) => {
                pb.finish_and_clear();
                if let Some(t) = &token {
                    render::note(&format!(
                        "resume after fixing the cause with --starting-token '{t}'"
                    ));
                }
                return Err(e.into());
            }
        };
        for user in users {
            if let Next::LookUpHolder(u) = auditor.push(user, &mut out).map_err(spill_error)? {
                limiter.wait().await;
                let email = u.email.clone().unwrap_or_default();
                match fetch::users_where(&client, id, "email", &email).await {
                    Ok(same) => auditor.resolve(*u, same, &mut out),
                    Err(e) => auditor.resolve_unavailable(*u, fetch::gap(&e), &mut out),
                }
            }
        }
        for e in out.drain(..) {
            print(&pb, writer.entry(&e))?;
        }
        pb.set_position(auditor.summary.users_scanned);
        pb.set_message(format!(
            "{} with findings",
            auditor.summary.users_with_findings
        ));
        token = next;
        if token.is_none() {
            break;
        }
    }
    loop {
        let done = auditor
            .finish(&mut out, interrupted, 500)
            .map_err(spill_error)?;
        for e in out.drain(..) {
            print(&pb, writer.entry(&e))?;
        }
        if done {
            break;
        }
    }
    pb.finish_and_clear();
    if !interrupted {
        let unverified = auditor.unverified;
        let raised = auditor.pool_findings(Some(unverified));
        print(&pb, writer.pool(id, &raised))?;
    }
    let resume = if interrupted { token.as_deref() } else { None };
    print(&pb, writer.summary(&auditor.summary, resume))?;
    if interrupted {
        match resume {
            Some(t) => render::note(&format!(
                "interrupted after {} users; resume with --starting-token '{t}'",
                auditor.summary.users_scanned
            )),
            None => render::note("interrupted before the first page"),
        }
        return Ok(ExitCode::Interrupted);
    }
    Ok(if auditor.summary.failing {
        ExitCode::Findings
    } else {
        ExitCode::Ok
    })
}
