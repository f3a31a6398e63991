//! What every command that changes a pool shares: the plan, the confirmation, the outcome.

use std::io::{BufRead, IsTerminal, Write};

pub use super::settle::{bulk_finish, open_journal, settle, stopping};
pub use crate::change::settle::{write_and_check, Check, Settle, Settled, Stop};
pub use crate::change::{verified_text, Change, Outcome, Plan, State};
use crate::cli::{ChangeArgs, OutputFormat};
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, Style};

/// Whether to act.
pub enum Decision {
    Apply,
    DryRun,
}

/// Shows the plan (table mode) and decides: `--dry-run`, `--yes`, an interactive yes, or a
/// refusal (exit 4) when there is no terminal to ask on. `stdin_busy` is true when a secret was
/// read from stdin, which then cannot answer a question.
pub fn confirm(
    g: &super::Context,
    c: &ChangeArgs,
    plan: &Plan,
    stdin_busy: bool,
) -> Result<Decision> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let r = plan.redactor(g.redact);
    if g.output == OutputFormat::Table {
        render::emit(&render::change::plan_text(&plan.redacted(&r), style.color))
            .map_err(crate::error::io_error)?;
    }
    if c.dry_run {
        return Ok(Decision::DryRun);
    }
    if c.yes {
        return Ok(Decision::Apply);
    }
    // The answer comes from stdin on a terminal; when stdin carried a secret (a pasted token),
    // from the terminal itself (/dev/tty), which is still there.
    let terminal: Option<Box<dyn BufRead>> = if !std::io::stderr().is_terminal() {
        None
    } else if !stdin_busy && std::io::stdin().is_terminal() {
        Some(Box::new(std::io::stdin().lock()))
    } else if stdin_busy {
        std::fs::File::open("/dev/tty")
            .ok()
            .filter(|f| f.is_terminal())
            .map(|f| Box::new(std::io::BufReader::new(f)) as Box<dyn BufRead>)
    } else {
        None
    };
    let Some(mut terminal) = terminal else {
        if g.output == OutputFormat::Json {
            let refused = outcome(
                plan.clone(),
                State::NotApplied,
                false,
                "refused: no --yes".into(),
                Vec::new(),
            );
            render::emit(&render::to_json(&refused.redacted(&r)))
                .map_err(crate::error::io_error)?;
        }
        return Err(Error::refused(
            "nothing was changed: not on a terminal to ask, so rerun with --yes to apply (or --dry-run to only see the plan)",
        ));
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "Apply this change? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    terminal
        .read_line(&mut answer)
        .map_err(|e| Error::usage(format!("could not read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(Decision::Apply)
    } else {
        Err(Error::refused(
            "nothing was changed: the change was not confirmed",
        ))
    }
}

/// Prints the outcome and maps it to the exit code: 0 when it took (or was a dry run or needed
/// nothing), else an error naming what the read-back showed (4), or that it could not be read (3).
pub fn finish(g: &super::Context, outcome: Outcome) -> Result<ExitCode> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let outcome = outcome.redacted(&outcome.plan.redactor(g.redact));
    let text = match g.output {
        OutputFormat::Json => render::to_json(&outcome),
        OutputFormat::Table | OutputFormat::Csv => {
            render::change::outcome_text(&outcome, style.color)
        }
    };
    render::emit(&text).map_err(crate::error::io_error)?;
    match (outcome.ok, outcome.state) {
        (true, _) => Ok(ExitCode::Ok),
        (false, State::Unknown) => Err(Error::Unsettled(outcome.result)),
        (false, _) => Err(Error::refused(outcome.result)),
    }
}

pub(super) fn outcome(
    plan: Plan,
    state: State,
    ok: bool,
    result: String,
    read_back: Vec<Change>,
) -> Outcome {
    Outcome {
        plan,
        dry_run: state == State::DryRun,
        applied: state == State::Applied || state == State::NotVerified,
        ok,
        state,
        result,
        read_back,
        check_cli: None,
    }
}

/// A run with nothing to change: the plan says so and the exit code is 0.
pub fn nothing_to_do(g: &super::Context, plan: Plan, why: impl Into<String>) -> Result<ExitCode> {
    finish(
        g,
        outcome(plan, State::Unchanged, true, why.into(), Vec::new()),
    )
}

/// A call that failed before changing anything: prints the outcome (the JSON object with `-o
/// json`, always) and returns the error.
pub fn failed(g: &super::Context, plan: Plan, e: Error) -> Result<ExitCode> {
    let _ = finish(
        g,
        outcome(plan, State::NotApplied, false, e.to_string(), Vec::new()),
    );
    Err(e)
}

/// A change that was sent: `ok` is what the read-back showed.
pub fn applied(
    g: &super::Context,
    plan: Plan,
    ok: bool,
    result: String,
    read_back: Vec<Change>,
) -> Result<ExitCode> {
    let state = if ok {
        State::Applied
    } else {
        State::NotVerified
    };
    finish(g, outcome(plan, state, ok, result, read_back))
}

pub fn dry_run(g: &super::Context, plan: Plan) -> Result<ExitCode> {
    finish(
        g,
        outcome(
            plan,
            State::DryRun,
            true,
            "dry run: nothing was changed".into(),
            Vec::new(),
        ),
    )
}

/// Refuses before acting: shows the plan (and the JSON outcome) and exits 4 with `why`.
pub fn refuse(g: &super::Context, plan: Plan, why: String) -> Result<ExitCode> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let r = plan.redactor(g.redact);
    let (plan, why) = (plan.redacted(&r), r.text(&why));
    match g.output {
        OutputFormat::Table | OutputFormat::Csv => {
            render::emit(&render::change::plan_text(&plan, style.color))
                .map_err(crate::error::io_error)?
        }
        OutputFormat::Json => {
            let o = outcome(
                plan,
                State::NotApplied,
                false,
                format!("refused: {why}"),
                Vec::new(),
            );
            render::emit(&render::to_json(&o)).map_err(crate::error::io_error)?
        }
    }
    Err(Error::refused(why))
}

/// A service error on the change itself: a rejection (bad code, alias taken, invalid value)
/// is exit 4; anything else (denied, throttled, unreachable) stays an AWS error, exit 3.
pub fn rejected(e: crate::error::AwsError) -> Error {
    use crate::error::AwsErrorKind as K;
    match e.kind {
        K::AliasExists | K::CodeMismatch | K::ExpiredCode | K::InvalidParameter => {
            Error::refused(format!("the service rejected the change: {e}"))
        }
        _ => Error::Aws(e),
    }
}
