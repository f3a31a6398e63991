//! The printing end of the change driver (`change::drive::Sink`): the plan and the question
//! before a change, its outcome after, a bulk run's lines as they finish and its tally; tables
//! for people, JSON for scripts, names masked with `--redact`.

use std::io::{BufRead, IsTerminal, Write};

use super::{bulk, change, emit, note, to_json, Redactor, Style};
use crate::change::bulk::{Line, Tally};
use crate::change::drive::{Decision, Sink};
use crate::change::{Outcome, Plan, State};
use crate::error::{io_error, Error, Result};
use crate::settings::OutputFormat;

/// Prints a change run.
pub struct Printer {
    pub style: Style,
    /// `--yes`.
    pub yes: bool,
    /// `--dry-run`.
    pub dry_run: bool,
    /// Stdin carried a secret or the list of users: the question is asked on the terminal itself.
    pub stdin_busy: bool,
}

fn refused_outcome(plan: &Plan, why: String) -> Outcome {
    Outcome {
        plan: plan.clone(),
        dry_run: false,
        applied: false,
        ok: false,
        state: State::NotApplied,
        result: why,
        read_back: Vec::new(),
        check_cli: None,
    }
}

impl Printer {
    /// Where the answer to the question comes from: stdin on a terminal; when stdin carried a
    /// secret (a pasted token) or the list, the terminal itself (/dev/tty), which is still there.
    fn terminal(&self) -> Option<Box<dyn BufRead>> {
        if !std::io::stderr().is_terminal() {
            None
        } else if !self.stdin_busy && std::io::stdin().is_terminal() {
            Some(Box::new(std::io::stdin().lock()))
        } else if self.stdin_busy {
            std::fs::File::open("/dev/tty")
                .ok()
                .filter(|f| f.is_terminal())
                .map(|f| Box::new(std::io::BufReader::new(f)) as Box<dyn BufRead>)
        } else {
            None
        }
    }

    fn json(&self) -> bool {
        self.style.format == OutputFormat::Json
    }
}

impl Sink for Printer {
    fn confirm(&self, plan: &Plan) -> Result<Decision> {
        let r = plan.redactor(self.style.redact);
        if self.style.format == OutputFormat::Table {
            emit(&change::plan_text(&plan.redacted(&r), self.style.color)).map_err(io_error)?;
        }
        if self.dry_run {
            return Ok(Decision::DryRun);
        }
        if self.yes {
            return Ok(Decision::Apply);
        }
        let Some(mut terminal) = self.terminal() else {
            if self.json() {
                let refused = refused_outcome(plan, "refused: no --yes".into());
                emit(&to_json(&refused.redacted(&r))).map_err(io_error)?;
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

    fn refused(&self, plan: &Plan, why: &str) -> Result<()> {
        let r = plan.redactor(self.style.redact);
        let plan = plan.redacted(&r);
        let text = if self.json() {
            to_json(&refused_outcome(&plan, format!("refused: {}", r.text(why))))
        } else {
            change::plan_text(&plan, self.style.color)
        };
        emit(&text).map_err(io_error)
    }

    fn outcome(&self, o: &Outcome) -> Result<()> {
        let o = o.redacted(&o.plan.redactor(self.style.redact));
        let text = if self.json() {
            to_json(&o)
        } else {
            change::outcome_text(&o, self.style.color)
        };
        emit(&text).map_err(io_error)
    }

    fn line(&self, l: &Line) {
        let r = Redactor::new(self.style.redact);
        let _ = emit(&bulk::line(l, self.style.format, self.style.color, &r));
    }

    fn summary(&self, t: &Tally, journal: &str) -> Result<()> {
        emit(&bulk::summary(t, self.style.format)).map_err(io_error)?;
        if self.style.format == OutputFormat::Table {
            note(journal);
        }
        Ok(())
    }

    fn note(&self, text: &str) {
        note(text);
    }
}
