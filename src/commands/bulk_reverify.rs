//! `reverify --admin --from FILE`: the administrator's reverify for many users. Each user is
//! surveyed for the plan, read again just before its change (the pool may have moved since the
//! audit), changed with the same write-and-check as one user, journaled, and reported as it
//! finishes; paced under the UserUpdate quota. Running it again does only what is left: users
//! already verified are skipped.

use std::io::Read;
use std::time::Instant;

use super::change::{self, verified_text, Change, Check, Decision, Plan, Settle, Settled};
use super::reverify::{alias_holders, check_user_cli, reverts_with, verified_record};
use crate::aws::pace::Pacer;
use crate::aws::{self, apply, fetch};
use crate::bulk::{self, Ended, Line, LineState, Tally, ADMIN_REVERIFY_CODES};
use crate::cli::{GlobalArgs, OutputFormat, ReverifyArgs};
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::journal::Journal;
use crate::model::{Pool, Provider, Unavailable, User};
use crate::render::{self, Redactor, Style};
use crate::settings::{AwsTarget, UserPoolId};

/// AdminUpdateUserAttributes allows 25 calls a second per account (UserUpdate).
const USER_UPDATE_QUOTA: f64 = 25.0;
/// Calls in flight at once: enough to keep the pace when each takes a few hundred ms.
const IN_FLIGHT: usize = 4;
/// The survey's reads (AdminGetUser, ListUsers for alias holders) per second: UserRead allows
/// 120, shared with the application.
const SURVEY_RPS: f64 = 40.0;
/// An input list is text; more than this is not a list of usernames.
const MAX_INPUT: u64 = 256 * 1024 * 1024;
/// Users named in the plan before "and N more".
const SHOWN: usize = 10;

/// Where one user stands.
enum Verdict {
    Change { user: Box<User>, holders: Vec<User> },
    Skip(String),
}

/// The pool's identity providers, read once for the run, and the reads that failed.
type Providers = (Vec<Provider>, Vec<Unavailable>);

async fn assess(
    client: &aws_sdk_cognitoidentityprovider::Client,
    pool: &Pool,
    providers: &Providers,
    username: &str,
    a: &ReverifyArgs,
    target: &AwsTarget,
) -> Verdict {
    let user = match fetch::admin_get_user(client, &pool.id, username).await {
        Ok(u) => u,
        Err(Error::Aws(e)) if e.kind == AwsErrorKind::UserNotFound => {
            return Verdict::Skip("not found".into())
        }
        Err(e) => return Verdict::Skip(format!("could not be read ({e})")),
    };
    if user.email_verified_raw.as_deref() == Some("true") {
        return Verdict::Skip("already verified".into());
    }
    if user.email.is_none() {
        return Verdict::Skip("no email to verify".into());
    }
    if !a.anyway && reverts_with(pool, &user, &providers.0, &providers.1, target).is_some() {
        return Verdict::Skip(
            "federated through a provider that maps email but not email_verified (the fix would revert; map-idp first, or --anyway)".into(),
        );
    }
    let holders = match alias_holders(client, pool, &user).await {
        Ok(h) => h,
        Err(e) => return Verdict::Skip(format!("alias holders could not be read ({e})")),
    };
    if !holders.is_empty() && !a.take_alias {
        return Verdict::Skip(
            "another user holds the email as a verified alias (--take-alias to move it)".into(),
        );
    }
    Verdict::Change {
        user: Box::new(user),
        holders,
    }
}

fn read_input(from: &std::path::Path) -> Result<String> {
    let mut bytes = Vec::new();
    let place = from.display().to_string();
    let read = if from.as_os_str() == "-" {
        std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(from).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::usage(format!("could not read {place}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Error::usage(format!(
            "{place} is over 256 MiB: not a list of users"
        )));
    }
    String::from_utf8(bytes).map_err(|_| Error::usage(format!("{place} is not text")))
}

pub async fn run(g: &GlobalArgs, a: &ReverifyArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(a.user_pool_id.as_deref().unwrap_or_default())?;
    if !(a.max_rps.is_finite() && (0.1..=USER_UPDATE_QUOTA).contains(&a.max_rps)) {
        return Err(Error::usage(format!(
            "--max-rps {} is out of range; give 0.1 to 25 (AdminUpdateUserAttributes allows 25 a second per account, shared with your application)",
            a.max_rps
        )));
    }
    let from = a
        .from
        .as_deref()
        .ok_or_else(|| Error::usage("--from needs a file (`-` for stdin)"))?;
    let names = bulk::usernames(&read_input(from)?, ADMIN_REVERIFY_CODES)?;
    if names.is_empty() {
        return Err(Error::usage(format!(
            "{} names no user to reverify (audit lines whose findings an administrator's reverify fixes, or one username per line)",
            from.display()
        )));
    }
    let target = super::resolve_target(g, Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let (pool, providers) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::all_providers(&client, pool_id.as_str())
    );
    let pool = pool?.pool;

    // The survey, for the plan.
    let survey_pace = Pacer::new(SURVEY_RPS);
    let mut to_change: Vec<(String, String)> = Vec::new();
    let mut skipped: std::collections::BTreeMap<String, u64> = Default::default();
    let survey = bulk::drive(
        names.clone(),
        8,
        |name| {
            let (client, pool, providers, target, pace) =
                (&client, &pool, &providers, &target, &survey_pace);
            async move {
                pace.wait().await;
                let v = assess(client, pool, providers, &name, a, target).await;
                (name, v)
            }
        },
        |(name, v)| match v {
            Verdict::Change { user, .. } => to_change.push((name, verified_text(&user))),
            Verdict::Skip(why) => *skipped.entry(why).or_default() += 1,
        },
    )
    .await;
    if let Ended::Signal(code) = survey {
        render::note("stopped before anything was changed");
        return Ok(if code == 143 {
            ExitCode::Terminated
        } else {
            ExitCode::Interrupted
        });
    }
    // The input's order, for a plan that reads like the file.
    let order: std::collections::HashMap<&String, usize> =
        names.iter().enumerate().map(|(i, n)| (n, i)).collect();
    to_change.sort_by_key(|(n, _)| order.get(n).copied().unwrap_or(usize::MAX));

    let seconds = to_change.len() as f64 / a.max_rps;
    let mut changes: Vec<Change> = to_change
        .iter()
        .take(SHOWN)
        .map(|(n, before)| Change::new(format!("{n} email_verified"), before.clone(), "\"true\""))
        .collect();
    if to_change.len() > SHOWN {
        changes.push(Change::new(
            format!("... and {} more users", to_change.len() - SHOWN),
            "",
            "",
        ));
    }
    let mut notes = vec![format!(
        "{} users read from {}: {} to change, {} skipped",
        names.len(),
        from.display(),
        to_change.len(),
        skipped.values().sum::<u64>()
    )];
    for (why, n) in &skipped {
        notes.push(format!("skipped {n}: {why}"));
    }
    notes.push(format!(
        "pace: at most {} AdminUpdateUserAttributes calls a second (the UserUpdate quota is 25 a second per account, shared with your application): about {:.0} s",
        a.max_rps, seconds
    ));
    notes.push("each user is read again just before its change and read back after; every change is journaled".into());
    let plan = Plan {
        command: "reverify --admin --from".into(),
        call: if pool.email_is_alias() {
            "AdminUpdateUserAttributes (email_verified=true; email is a username or alias attribute here, so the address is not sent again), once per user".into()
        } else {
            "AdminUpdateUserAttributes (email=<the user's current address, unchanged>, email_verified=true), once per user".into()
        },
        subject: vec![("user pool".into(), pool_id.to_string())],
        changes,
        notes,
        aws_cli: None,
    };
    if to_change.is_empty() {
        return change::nothing_to_do(g, plan, "no user needs the change; nothing changed");
    }
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, from.as_os_str() == "-")? {
        return change::dry_run(g, plan);
    }

    let journal = Journal::open(a.change.journal.as_deref())?;
    let pace = Pacer::new(a.max_rps);
    let style = Style::new(g.output, g.no_color, g.redact);
    let redactor = Redactor::new(g.redact);
    let mut tally = Tally {
        targets: to_change.len() as u64,
        ..Tally::default()
    };
    let started = Instant::now();
    let id = pool_id.as_str();
    let ended = bulk::drive(
        to_change.into_iter().map(|(n, _)| n).collect(),
        IN_FLIGHT,
        |name| {
            let (client, pool, providers, target, pace, journal) =
                (&client, &pool, &providers, &target, &pace, &journal);
            async move {
                // Read again: the pool may have moved since the survey (or since the audit).
                let (user, holders) = match assess(client, pool, providers, &name, a, target).await
                {
                    Verdict::Skip(why) => {
                        return Line {
                            target: name,
                            state: LineState::Skipped,
                            detail: why,
                        }
                    }
                    Verdict::Change { user, holders } => (user, holders),
                };
                pace.wait().await;
                let read = || async {
                    let after = fetch::admin_get_user(client, id, &user.username).await?;
                    let mut observed =
                        serde_json::json!({ after.username.clone(): after.email_verified_raw });
                    let mut kept = Vec::new();
                    for h in &holders {
                        let hu = fetch::admin_get_user(client, id, &h.username).await?;
                        observed[&hu.username] = serde_json::json!(hu.email_verified_raw);
                        if hu.email_verified() {
                            kept.push(hu.username);
                        }
                    }
                    let verified = after.email_verified_raw.as_deref() == Some("true");
                    Ok(Check {
                        observed: Some(observed),
                        took: verified && kept.is_empty(),
                        result: if verified && !kept.is_empty() {
                            format!(
                                "email_verified read back as \"true\", but {} still reads verified: the alias did not move",
                                kept.join(", ")
                            )
                        } else {
                            format!("email_verified read back as {}", verified_text(&after))
                        },
                        read_back: Vec::new(),
                    })
                };
                let how = Settle {
                    operation: "AdminUpdateUserAttributes",
                    repeat_answers: &[],
                    check_cli: check_user_cli(id, &user.username, target),
                    record: Some(verified_record(id, &user, &holders)),
                };
                let settled = change::write_and_check(
                    &how,
                    Some(journal),
                    apply::admin_verify_email(
                        client,
                        id,
                        &user.username,
                        &crate::fix::admin_verify_attributes(
                            pool,
                            user.email.as_deref().unwrap_or_default(),
                        ),
                        user.email.as_deref().unwrap_or_default(),
                    ),
                    read,
                )
                .await;
                let (state, detail) = match settled {
                    Ok(Settled::Took { check, .. }) => {
                        pace.succeeded();
                        (LineState::Applied, check.result)
                    }
                    Ok(Settled::Differs(check)) => (LineState::NotVerified, check.result),
                    Ok(Settled::Unknown { why, .. }) => (
                        LineState::NotVerified,
                        format!("{why}; check with: {}", how.check_cli),
                    ),
                    Ok(Settled::NotApplied { error, .. }) | Ok(Settled::Rejected(error)) => {
                        if error.kind == AwsErrorKind::Throttled {
                            pace.throttled();
                        }
                        (LineState::Failed, error.to_string())
                    }
                    Err(e) => (LineState::Failed, e.to_string()),
                };
                Line {
                    target: name,
                    state,
                    detail,
                }
            }
        },
        |line| {
            tally.count(&line);
            let _ = render::emit(&render::bulk::line(&line, g.output, style.color, &redactor));
        },
    )
    .await;
    tally.close(started, ended);
    render::emit(&render::bulk::summary(&tally, g.output)).map_err(crate::error::io_error)?;
    if g.output == OutputFormat::Table {
        render::note(&format!(
            "journal: {} (undo --journal F puts these changes back)",
            journal.path.display()
        ));
    }
    change::bulk_exit(ended, tally.failures(), |n| {
        format!(
            "{n} of {} changes failed or did not read back as planned; see the lines above and the journal {}",
            tally.targets,
            journal.path.display()
        )
    })
}
