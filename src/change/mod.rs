//! What every change shares, below the commands that make changes and the renderer that shows
//! them: the plan shown before acting, the values that change, and the outcome.

pub mod bulk;
pub mod drive;
pub mod journal;
pub mod pool_diff;
pub mod settle;

use serde::Serialize;

use crate::redact::Redactor;

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

/// What is true after a run, as far as the tool could establish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Sent and read back as planned (also when the reply was lost but the read-back shows it).
    Applied,
    /// Sent, and the read-back shows something else.
    NotVerified,
    /// Not applied: refused before acting, rejected by the service, or a read-back shows the
    /// pool as it was.
    NotApplied,
    /// The call's reply was lost and the state could not be read: check with `check_cli`.
    Unknown,
    /// Nothing needed to change.
    Unchanged,
    DryRun,
}

/// How a run ended.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub plan: Plan,
    pub dry_run: bool,
    pub applied: bool,
    /// True when the read-back shows the change (or nothing needed to change).
    pub ok: bool,
    pub state: State,
    pub result: String,
    /// Values read back after the change.
    pub read_back: Vec<Change>,
    /// When the state is unknown: the command that shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_cli: Option<String>,
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

    pub fn redacted(&self, r: &Redactor) -> Plan {
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
    pub fn redacted(&self, r: &Redactor) -> Change {
        Change::new(
            r.text(&self.what),
            r.text(&self.before),
            r.text(&self.after),
        )
    }
}

impl Outcome {
    pub fn redacted(&self, r: &Redactor) -> Outcome {
        Outcome {
            plan: self.plan.redacted(r),
            result: r.text(&self.result),
            read_back: self.read_back.iter().map(|c| c.redacted(r)).collect(),
            check_cli: self.check_cli.as_deref().map(|c| r.text(c)),
            ..self.clone()
        }
    }
}

/// `"true"`, `"false"` or `(absent)`, as a user's email_verified reads in a plan.
pub fn verified_text(u: &crate::model::User) -> String {
    u.email_verified_raw
        .as_deref()
        .map(|v| format!("\"{v}\""))
        .unwrap_or_else(|| "(absent)".to_owned())
}

/// The error of a user's read, for a command about one user: a user the pool does not have is
/// named (and the pool), exit 3 as every AWS error; any other failure is as it was.
pub fn not_in_pool(
    e: crate::error::AwsError,
    username: &str,
    pool_id: &str,
) -> crate::error::Error {
    if e.kind != crate::error::AwsErrorKind::UserNotFound {
        return e.into();
    }
    crate::error::Error::Other(anyhow::anyhow!(
        "user {username} is not in the pool {pool_id} ({}: {}); check the username and the pool id",
        e.operation,
        e.short()
    ))
}
