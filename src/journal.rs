//! The journal of changes: JSON Lines, one object per step of a change, written and flushed
//! before each call (`planned`) and after it (`applied`, `failed`, `not-verified`), with the
//! values before and after, so that `undo` can put back what a run changed.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// Where a step of a change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Written before the call.
    Planned,
    /// Sent and read back as planned.
    Applied,
    /// Refused or rejected, or the call did not get through: nothing changed.
    Failed,
    /// Sent, but the read-back differs, or could not be read.
    NotVerified,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The change within the run: its `planned` and result lines share it.
    pub change: u64,
    /// RFC 3339, UTC.
    pub time: String,
    pub user_pool_id: String,
    /// The API operation: AdminUpdateUserAttributes, UpdateIdentityProvider, UpdateUserPool,
    /// AdminCreateUser, ConfirmSignUp, AdminDeleteUserAttributes.
    pub operation: String,
    /// What it acts on: a username, a provider name, or the pool id.
    pub target: String,
    /// The values it changes, as they were (`null` for an absent attribute) ...
    pub before: Value,
    /// ... and as the change sets them.
    pub after: Value,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A change to record: what it is, before the call.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub user_pool_id: String,
    pub operation: &'static str,
    pub target: String,
    pub before: Value,
    pub after: Value,
}

/// An open journal file. Every line is flushed and synced before the call it announces. Jobs
/// running at once share it: each line is written whole under a lock.
pub struct Journal {
    file: std::sync::Mutex<File>,
    pub path: PathBuf,
    next: std::sync::atomic::AtomicU64,
}

/// `$XDG_STATE_HOME/cognito-email-doctor/journal/` (else `~/.local/state/...`; with neither
/// variable set, as under some automation, the temporary directory: a change is never refused for
/// want of a place to record it, and the path is printed either way).
pub fn default_dir() -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })
        .unwrap_or_else(std::env::temp_dir);
    state.join("cognito-email-doctor").join("journal")
}

fn now_rfc3339() -> String {
    aws_smithy_types::DateTime::from(std::time::SystemTime::now())
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_default()
}

impl Journal {
    /// Opens `explicit` (appending), or a new file for this run in the default directory.
    pub fn open(explicit: Option<&Path>) -> Result<Journal> {
        let path = match explicit {
            Some(p) => p.to_owned(),
            None => {
                let dir = default_dir();
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Error::usage(format!(
                        "could not create the journal directory {}: {e}; give --journal F",
                        dir.display()
                    ))
                })?;
                let stamp = now_rfc3339().replace(':', "");
                dir.join(format!("{stamp}-{}.jsonl", std::process::id()))
            }
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| {
                Error::usage(format!(
                    "could not open the journal {}: {e}",
                    path.display()
                ))
            })?;
        // Appending to a journal of an earlier run continues its numbering.
        let next = read(&path).map(|es| es.iter().map(|e| e.change + 1).max().unwrap_or(0))?;
        crate::render::note(&format!("journal: {}", path.display()));
        Ok(Journal {
            file: std::sync::Mutex::new(file),
            path,
            next: std::sync::atomic::AtomicU64::new(next),
        })
    }

    /// Writes the `planned` line of a new change; returns its number.
    pub fn planned(&self, r: &Record) -> Result<u64> {
        let change = self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.write(r, change, Status::Planned, None)?;
        Ok(change)
    }

    /// Writes the result line of a change.
    pub fn result(
        &self,
        r: &Record,
        change: u64,
        status: Status,
        detail: Option<String>,
    ) -> Result<()> {
        self.write(r, change, status, detail)
    }

    fn write(&self, r: &Record, change: u64, status: Status, detail: Option<String>) -> Result<()> {
        let e = Entry {
            change,
            time: now_rfc3339(),
            user_pool_id: r.user_pool_id.clone(),
            operation: r.operation.to_owned(),
            target: r.target.clone(),
            before: r.before.clone(),
            after: r.after.clone(),
            status,
            detail,
        };
        let mut line = serde_json::to_vec(&e).map_err(|e| Error::Other(e.into()))?;
        line.push(b'\n');
        let io = |e: std::io::Error| {
            Error::Other(anyhow::anyhow!(
                "could not write the journal {}: {e}",
                self.path.display()
            ))
        };
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(&line).map_err(io)?;
        file.flush().map_err(io)?;
        file.sync_data().map_err(io)
    }
}

/// Every line of a journal.
pub fn read(path: &Path) -> Result<Vec<Entry>> {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::usage(format!(
                "could not read the journal {}: {e}",
                path.display()
            )))
        }
    };
    let mut out = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| {
            Error::usage(format!(
                "could not read the journal {}: {e}",
                path.display()
            ))
        })?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).map_err(|e| {
            Error::usage(format!(
                "line {} of the journal {} is not a journal entry ({e})",
                i + 1,
                path.display()
            ))
        })?);
    }
    Ok(out)
}

/// The last known state of each change, in the order they were planned.
pub fn settled(entries: &[Entry]) -> Vec<Entry> {
    let mut last: std::collections::BTreeMap<u64, Entry> = std::collections::BTreeMap::new();
    for e in entries {
        last.insert(e.change, e.clone());
    }
    last.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            user_pool_id: "us-east-1_x".into(),
            operation: "AdminUpdateUserAttributes",
            target: "alice".into(),
            before: serde_json::json!({"email_verified": null}),
            after: serde_json::json!({"email_verified": "true"}),
        }
    }

    #[test]
    fn planned_then_result_lines_round_trip_and_numbering_continues() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let j = Journal::open(Some(&path)).unwrap();
        let n = j.planned(&record()).unwrap();
        j.result(&record(), n, Status::Applied, None).unwrap();
        let m = j.planned(&record()).unwrap();
        drop(j);
        let j = Journal::open(Some(&path)).unwrap();
        let k = j.planned(&record()).unwrap();
        assert_eq!((n, m, k), (0, 1, 2));
        let all = read(&path).unwrap();
        assert_eq!(all.len(), 4);
        let s = settled(&all);
        assert_eq!(
            s.iter().map(|e| e.status).collect::<Vec<_>>(),
            [Status::Applied, Status::Planned, Status::Planned]
        );
        assert_eq!(s[0].before["email_verified"], Value::Null);
    }
}
