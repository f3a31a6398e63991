//! `undo --journal F`: puts back what a journal shows changed, newest first, each change only
//! where what it left still stands (see `fixes::undo`); plan, `--yes`, `--dry-run`, read-back and
//! its own journal (`--record`), as every change.

use std::collections::BTreeSet;
use std::path::Path;

use crate::aws::{self, pace::Quota};
use crate::change::drive::{self, Pacing};
use crate::change::journal::{self, Entry};
use crate::cli::{ChangeArgs, UndoArgs};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fixes::undo::{self, Undo};
use crate::settings::UserPoolId;

/// The survey's and the run's reads (AdminGetUser) per second, inside UserRead (120).
const READ_RPS: f64 = 60.0;

/// The name restorations record for a journal: its path made absolute, so that a rerun naming
/// it another way still finds them.
fn journal_name(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

/// With --redact, every user the journal names is masked wherever it appears: the target of a
/// change to a user, and the users an email_verified change names.
fn remember(entries: &[Entry]) {
    use crate::fixes::Kind;
    for e in entries {
        let kind = Kind::of(e);
        if !matches!(kind, Some(Kind::MapProvider | Kind::EnableVerification)) {
            crate::redact::remember_user(&e.target);
        }
        if matches!(
            kind,
            Some(Kind::AdminVerify | Kind::VerifyCode | Kind::CreateUser)
        ) {
            for v in [&e.before, &e.after] {
                if let Some(map) = v.as_object() {
                    map.keys().for_each(|n| crate::redact::remember_user(n));
                }
            }
        }
    }
}

/// The one pool the journal's changes were made to.
fn pool_of(path: &Path, changes: &[undo::JournalChange]) -> Result<UserPoolId> {
    let pools: BTreeSet<&str> = changes
        .iter()
        .filter(|c| c.inverse.is_ok())
        .map(|c| c.entry.user_pool_id.as_str())
        .collect();
    match pools.into_iter().collect::<Vec<_>>().as_slice() {
        [one] => UserPoolId::parse(one),
        [] if changes.iter().any(|c| c.inverse.is_err()) => Err(Error::refused(format!(
            "{} holds no change undo can trust: {}",
            path.display(),
            changes
                .iter()
                .filter_map(|c| c
                    .inverse
                    .as_ref()
                    .err()
                    .map(|why| format!("{}: {why}", undo::line_target(&c.entry))))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        [] => Err(Error::usage(format!(
            "{} shows no applied change: nothing to undo",
            path.display()
        ))),
        many => Err(Error::usage(format!(
            "{} holds changes to {} pools; undo one pool's journal at a time",
            path.display(),
            many.len()
        ))),
    }
}

/// The journal undone, read under its lock, with its torn last line named.
fn read_journal(path: &Path) -> Result<journal::Locked> {
    let locked = journal::read_locked(path)?;
    if let Some(warning) = &locked.read.truncated {
        crate::render::note(warning);
    }
    if locked.read.entries.is_empty() {
        return Err(Error::usage(format!(
            "{} holds no changes (or does not exist)",
            path.display()
        )));
    }
    Ok(locked)
}

pub async fn run(g: &Context, a: &UndoArgs) -> Result<ExitCode> {
    let rps = Quota::UserUpdate.check(a.max_rps).map_err(Error::usage)?;
    if let Some(own) = &a.record {
        journal::regular_or_absent(own)?;
    }
    let name = journal_name(&a.journal);
    let same = a.record.as_deref().is_some_and(|r| journal_name(r) == name);
    // The journal undone is locked from the first read to the last write (a run still writing
    // it refuses this undo); when it is its own record, once.
    let source = match same {
        true => None,
        false => Some(read_journal(&a.journal)?),
    };
    let peek = match &source {
        Some(s) => s.read.entries.clone(),
        None => read_journal(&a.journal)?.read.entries,
    };
    remember(&peek);
    let changes = undo::changes(&peek);
    let pool = pool_of(&a.journal, &changes)?;
    let record = g.journal(a.record.as_deref(), pool.as_str())?;
    let entries: &[Entry] = match (&source, record.existing()) {
        (Some(s), _) => &s.read.entries,
        (None, Some(own)) => own.entries(),
        (None, None) => &peek,
    };
    let recorded = record.existing().map(|j| j.entries()).unwrap_or_default();
    let done = undo::put_back(&name, &[entries, recorded]);
    let own: BTreeSet<u64> = entries
        .iter()
        .filter(|e| e.undoes.as_ref().is_some_and(|u| u.journal == name))
        .map(|e| e.change)
        .collect();
    let target = g.target(Some(&pool))?;
    let client = aws::client(&target, &aws::ClientOptions::paced()).await?;
    let fix = Undo {
        client: &client,
        pool: &pool,
        target: &target,
        journal: &name,
        done: &done,
        own: &own,
        max_rps: a.max_rps,
    };
    let pacing = Pacing::new(rps, READ_RPS);
    let change = ChangeArgs {
        yes: a.yes,
        dry_run: a.dry_run,
        journal: a.record.clone(),
    };
    let chains = undo::by_target(undo::changes(entries));
    drive::many(
        &fix,
        chains,
        &pacing.run(&record, drive::IN_FLIGHT),
        &g.printer(&change, false),
    )
    .await
}
