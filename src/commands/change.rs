//! What every command that changes a pool shares: the plan, the confirmation, the outcome.

use std::io::{BufRead, IsTerminal, Write};

use serde::Serialize;

use crate::cli::{ChangeArgs, GlobalArgs, OutputFormat};
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, Redactor, Style};

/// One value that changes: what, before, after.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub what: String,
    pub before: String,
    pub after: String,
}

impl Change {
    pub fn new(
        what: impl Into<String>,
        before: impl Into<String>,
        after: impl Into<String>,
    ) -> Self {
        Self {
            what: what.into(),
            before: before.into(),
            after: after.into(),
        }
    }
}

/// What a command will do, shown before it acts.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The tool's command, such as `reverify --admin`.
    pub command: String,
    /// The AWS call it makes, with its non-secret parameters.
    pub call: String,
    /// Where: pool, user, provider.
    pub subject: Vec<(String, String)>,
    pub changes: Vec<Change>,
    /// Consequences the operator must know (an alias that moves, a sign-in that rewrites).
    pub notes: Vec<String>,
    /// The same change as an AWS CLI command, when one can be printed without a secret.
    pub aws_cli: Option<String>,
}

/// How a run ended.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub plan: Plan,
    pub dry_run: bool,
    pub applied: bool,
    /// True when the read-back shows the change (or nothing needed to change).
    pub ok: bool,
    pub result: String,
    /// Values read back after the change.
    pub read_back: Vec<Change>,
}

impl Plan {
    /// A redactor that knows the plan's people: subject entries `user`, `new user`,
    /// `alias held by` (usernames) and `email`.
    pub fn redactor(&self, enabled: bool) -> Redactor {
        let mut r = Redactor::new(enabled);
        for (k, v) in &self.subject {
            match k.as_str() {
                "user" | "new user" | "alias held by" => {
                    r.user(v);
                }
                "email" if v.contains('@') => {
                    r.email(v);
                }
                _ => {}
            }
        }
        r
    }

    fn redacted(&self, r: &Redactor) -> Plan {
        Plan {
            command: self.command.clone(),
            call: r.text(&self.call),
            subject: self
                .subject
                .iter()
                .map(|(k, v)| (k.clone(), r.text(v)))
                .collect(),
            changes: self.changes.iter().map(|c| c.redacted(r)).collect(),
            notes: self.notes.iter().map(|n| r.text(n)).collect(),
            aws_cli: self.aws_cli.as_deref().map(|c| r.text(c)),
        }
    }
}

impl Change {
    fn redacted(&self, r: &Redactor) -> Change {
        Change::new(
            r.text(&self.what),
            r.text(&self.before),
            r.text(&self.after),
        )
    }
}

impl Outcome {
    fn redacted(&self, r: &Redactor) -> Outcome {
        Outcome {
            plan: self.plan.redacted(r),
            dry_run: self.dry_run,
            applied: self.applied,
            ok: self.ok,
            result: r.text(&self.result),
            read_back: self.read_back.iter().map(|c| c.redacted(r)).collect(),
        }
    }
}

/// Whether to act.
pub enum Decision {
    Apply,
    DryRun,
}

/// Shows the plan (table mode) and decides: `--dry-run`, `--yes`, an interactive yes, or a
/// refusal (exit 4) when there is no terminal to ask on. `stdin_busy` is true when a secret was
/// read from stdin, which then cannot answer a question.
pub fn confirm(g: &GlobalArgs, c: &ChangeArgs, plan: &Plan, stdin_busy: bool) -> Result<Decision> {
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
    let can_ask = !stdin_busy && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !can_ask {
        if g.output == OutputFormat::Json {
            let refused = Outcome {
                plan: plan.clone(),
                dry_run: false,
                applied: false,
                ok: false,
                result: "refused: no --yes".into(),
                read_back: Vec::new(),
            };
            render::emit(&render::to_json(&refused.redacted(&r)))
                .map_err(crate::error::io_error)?;
        }
        return Err(Error::refused(
            "nothing was changed: not on a terminal to ask, so rerun with --yes to apply (or --dry-run to only see the plan)",
        ));
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "Apply this change? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
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

/// Prints the outcome and maps it to the exit code: 0 when it took (or was a dry run), else a
/// refusal naming what the read-back showed.
pub fn finish(g: &GlobalArgs, outcome: Outcome) -> Result<ExitCode> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let outcome = outcome.redacted(&outcome.plan.redactor(g.redact));
    let text = match g.output {
        OutputFormat::Json => render::to_json(&outcome),
        OutputFormat::Table | OutputFormat::Csv => {
            render::change::outcome_text(&outcome, style.color)
        }
    };
    render::emit(&text).map_err(crate::error::io_error)?;
    if outcome.ok {
        Ok(ExitCode::Ok)
    } else {
        Err(Error::refused(outcome.result))
    }
}

/// A run with nothing to change: the plan says so and the exit code is 0.
pub fn nothing_to_do(g: &GlobalArgs, plan: Plan, why: impl Into<String>) -> Result<ExitCode> {
    finish(
        g,
        Outcome {
            plan,
            dry_run: false,
            applied: false,
            ok: true,
            result: why.into(),
            read_back: Vec::new(),
        },
    )
}

/// A change that was sent: `ok` is what the read-back showed.
pub fn applied(
    g: &GlobalArgs,
    plan: Plan,
    ok: bool,
    result: String,
    read_back: Vec<Change>,
) -> Result<ExitCode> {
    finish(
        g,
        Outcome {
            plan,
            dry_run: false,
            applied: true,
            ok,
            result,
            read_back,
        },
    )
}

pub fn dry_run(g: &GlobalArgs, plan: Plan) -> Result<ExitCode> {
    finish(
        g,
        Outcome {
            plan,
            dry_run: true,
            applied: false,
            ok: true,
            result: "dry run: nothing was changed".into(),
            read_back: Vec::new(),
        },
    )
}

/// Refuses before acting: shows the plan (and the JSON outcome) and exits 4 with `why`.
pub fn refuse(g: &GlobalArgs, plan: Plan, why: String) -> Result<ExitCode> {
    let style = Style::new(g.output, g.no_color, g.redact);
    let r = plan.redactor(g.redact);
    let (plan, why) = (plan.redacted(&r), r.text(&why));
    match g.output {
        OutputFormat::Table | OutputFormat::Csv => {
            render::emit(&render::change::plan_text(&plan, style.color))
                .map_err(crate::error::io_error)?
        }
        OutputFormat::Json => {
            let o = Outcome {
                plan,
                dry_run: false,
                applied: false,
                ok: false,
                result: format!("refused: {why}"),
                read_back: Vec::new(),
            };
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

/// `"true"`, `"false"` or `(absent)`, as a user's email_verified reads in a plan.
pub fn verified_text(u: &crate::model::User) -> String {
    u.email_verified_raw
        .as_deref()
        .map(|v| format!("\"{v}\""))
        .unwrap_or_else(|| "(absent)".to_owned())
}
