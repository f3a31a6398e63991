//! The journal of changes: JSON Lines, one object per step of a change, written and flushed
//! before each call (`planned`) and after it (`applied`, `failed`, `not-verified`), with the
//! values before and after, so that `undo` can put back what a run changed.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read as _, Write};
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
/// running at once share it: each line is written whole under a lock. A line that cannot be
/// written is cut off again (no half line stays) and the journal is closed for good: every later
/// `planned` fails, so no change is made that the journal cannot record.
pub struct Journal {
    file: std::sync::Mutex<Tail>,
    pub path: PathBuf,
    next: std::sync::atomic::AtomicU64,
    /// The write error that closed the journal, once one has.
    broken: std::sync::Mutex<Option<String>>,
}

/// The file and the length of what is written whole.
struct Tail {
    file: File,
    len: u64,
}

/// A journal is text of a few hundred bytes a change; one line longer than this is not a
/// journal line (a device such as /dev/zero is one endless line).
const MAX_LINE: u64 = 1024 * 1024;
/// A journal larger than this is not one run's (10,000 users make about 6 MB): refused, so that
/// reading it stays within bounded memory.
pub const MAX_JOURNAL: u64 = 256 * 1024 * 1024;

/// Refuses a path that is there but is not a regular file (a device, a directory, a FIFO), or a
/// journal another run is writing: asked before a run reads or changes anything.
pub fn check_path(path: Option<&Path>) -> Result<()> {
    let Some(path) = path else { return Ok(()) };
    regular_or_absent(path)?;
    match File::open(path) {
        Ok(f) => lock(&f, path).map(|()| {
            let _ = f.unlock();
        }),
        Err(_) => Ok(()),
    }
}

/// Takes the journal's lock: one writer per file.
fn lock(file: &File, path: &Path) -> Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::refused(format!(
            "the journal {} is being written by another run; wait for it to end or give this run its own --journal",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::usage(format!(
            "could not lock the journal {}: {e}",
            path.display()
        ))),
    }
}

fn regular_or_absent(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(Error::usage(format!(
            "the journal {} is not a regular file; give a file path",
            path.display()
        ))),
        _ => Ok(()),
    }
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
    crate::aws::now_rfc3339()
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
        regular_or_absent(&path)?;
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
        // One writer per journal: a second run on the same file would interleave its changes
        // with this one's and leave undo half the story. The lock lasts as long as the file is
        // open, and goes with the process.
        lock(&file, &path)?;
        // Appending to a journal of an earlier run continues its numbering.
        let next = read(&path)?
            .entries
            .iter()
            .map(|e| e.change + 1)
            .max()
            .unwrap_or(0);
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Journal {
            file: std::sync::Mutex::new(Tail { file, len }),
            path,
            next: std::sync::atomic::AtomicU64::new(next),
            broken: std::sync::Mutex::new(None),
        })
    }

    /// The write error that closed the journal, if one has: a run stops at it.
    pub fn broken(&self) -> Option<String> {
        self.broken
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Writes the `planned` line of a new change; returns its number. Fails once the journal is
    /// closed by a write error: the change must then not be made.
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
        let mut tail = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(why) = self.broken() {
            return Err(Error::refused(why));
        }
        let written = tail
            .file
            .write_all(&line)
            .and_then(|()| tail.file.flush())
            .and_then(|()| tail.file.sync_data());
        match written {
            Ok(()) => {
                tail.len += line.len() as u64;
                Ok(())
            }
            Err(err) => {
                // No half line stays behind (a full disk still lets a file shrink).
                let at = tail.len;
                let _ = tail.file.set_len(at);
                let why = format!(
                    "could not write the journal {} ({err}), so the run stopped there: no change is made that the journal cannot record",
                    self.path.display()
                );
                *self.broken.lock().unwrap_or_else(|p| p.into_inner()) = Some(why.clone());
                Err(Error::refused(why))
            }
        }
    }
}

/// The lines of a journal, and what was passed over.
#[derive(Debug, Default)]
pub struct Read {
    pub entries: Vec<Entry>,
    /// A last line cut short (a crash or a full disk while it was written): skipped, with the
    /// sentence to warn with.
    pub truncated: Option<String>,
}

/// Every line of a journal, read in bounded memory: a file over [`MAX_JOURNAL`], a line over
/// 1 MiB or a path that is not a regular file is refused with a sentence. A last line that is cut
/// short is skipped and named in [`Read::truncated`]; any other line that is not an entry is an
/// error.
pub fn read(path: &Path) -> Result<Read> {
    let unreadable = |e: std::io::Error| {
        Error::usage(format!(
            "could not read the journal {}: {e}",
            path.display()
        ))
    };
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Read::default()),
        Err(e) => return Err(unreadable(e)),
    };
    let meta = f.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Error::usage(format!(
            "the journal {} is not a regular file; give the journal file a run printed",
            path.display()
        )));
    }
    if meta.len() > MAX_JOURNAL {
        return Err(Error::usage(format!(
            "the journal {} is {} MiB, over the 256 MiB of any one run's journal; give the journal file a run printed",
            path.display(),
            meta.len() / (1024 * 1024)
        )));
    }
    let mut reader = BufReader::new(f.take(MAX_JOURNAL + 1));
    let mut out = Read::default();
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut line)
            .map_err(unreadable)?;
        if n == 0 {
            break;
        }
        number += 1;
        if line.len() as u64 > MAX_LINE {
            return Err(Error::usage(format!(
                "line {number} of the journal {} is over 1 MiB: not a journal",
                path.display()
            )));
        }
        let complete = line.ends_with(b"\n");
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Entry>(text.trim_end()) {
            Ok(e) => out.entries.push(e),
            // The last line, cut short: skipped, with a warning.
            Err(_) if !complete => {
                out.truncated = Some(format!(
                    "warning: line {number} of the journal {} is cut short (a run stopped while writing it); it is skipped",
                    path.display()
                ));
            }
            Err(e) => {
                return Err(Error::usage(format!(
                    "line {number} of the journal {} is not a journal entry ({e})",
                    path.display()
                )))
            }
        }
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
        let all = read(&path).unwrap().entries;
        assert_eq!(all.len(), 4);
        let s = settled(&all);
        assert_eq!(
            s.iter().map(|e| e.status).collect::<Vec<_>>(),
            [Status::Applied, Status::Planned, Status::Planned]
        );
        assert_eq!(s[0].before["email_verified"], Value::Null);
    }

    #[test]
    fn a_second_writer_of_one_journal_is_refused_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let first = Journal::open(Some(&path)).unwrap();
        let Err(Error::Refused(why)) = Journal::open(Some(&path)) else {
            panic!("a second writer was let in");
        };
        assert!(why.contains("being written by another run"), "{why}");
        drop(first);
        assert!(Journal::open(Some(&path)).is_ok());
    }
}
