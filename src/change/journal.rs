//! The journal of changes: JSON Lines, one object per step of a change, the `planned` line
//! written and flushed as its call leaves and the result line (`applied`, `failed`,
//! `not-verified`) after, with the values before and after, so that `undo` can put back what a
//! run changed. A run opens its journal once, before it reads anything, and holds its lock to the
//! last write: one writer per journal, one pool per journal.

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
    /// Written as the call left.
    Planned,
    /// Sent and read back as planned.
    Applied,
    /// Refused or rejected, or the call did not get through: nothing changed.
    Failed,
    /// Sent, but the read-back differs, or could not be read.
    NotVerified,
}

/// The change of a journal that a restoration puts back: `undo` records it on each of its own
/// changes, so that a rerun, or an undo of the same journal again, knows it was put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undoes {
    /// The journal it comes from, as `undo --journal` named it.
    pub journal: String,
    /// Its change number there.
    pub change: u64,
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
    /// AdminCreateUser, ConfirmSignUp, VerifyUserAttribute.
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
    /// For a change `undo` made: the change it puts back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<Undoes>,
}

/// A change to record: what it is, before the call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub user_pool_id: String,
    pub operation: &'static str,
    pub target: String,
    pub before: Value,
    pub after: Value,
    pub undoes: Option<Undoes>,
}

/// An open journal file, locked for the whole run. Every line is flushed and synced as the call
/// it announces leaves. Jobs running at once share it: each line is written whole under a lock. A
/// line that cannot be written is cut off again (no half line stays) and the journal is closed
/// for good: every later `planned` fails, so no change is made that the journal cannot record.
pub struct Journal {
    file: std::sync::Mutex<Tail>,
    pub path: PathBuf,
    next: std::sync::atomic::AtomicU64,
    /// The write error that closed the journal, once one has.
    broken: std::sync::Mutex<Option<String>>,
    /// What the file held when the run opened it (read under its lock).
    entries: Vec<Entry>,
    /// The sentence naming a torn last line cut off before this run appended, if there was one.
    repaired: Option<String>,
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

/// Takes the journal's lock: one run per file, from its first read to its last write.
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

/// Refuses a journal path that is not a regular file (a device, a directory), before anything is
/// read or changed.
pub fn regular_or_absent(path: &Path) -> Result<()> {
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

/// Journals hold usernames and addresses: the directories made for them are the owner's alone.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Opens for appending, creating the file with mode 0600 (the owner's alone).
fn open_private(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .mode(0o600)
        .open(path)
}

/// Cuts a last line that was never finished (a run killed while writing it): an append after it
/// would make the file unreadable. Returns the sentence that names it.
fn repair_torn_tail(file: &File, path: &Path) -> Result<Option<String>> {
    let mut text = Vec::new();
    file.take(MAX_JOURNAL + 1)
        .read_to_end(&mut text)
        .map_err(|e| {
            Error::usage(format!(
                "could not read the journal {}: {e}",
                path.display()
            ))
        })?;
    if text.is_empty() || text.ends_with(b"\n") {
        return Ok(None);
    }
    let keep = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line = text[..keep].iter().filter(|b| **b == b'\n').count() + 1;
    file.set_len(keep as u64).map_err(|e| {
        Error::usage(format!(
            "could not repair the journal {}: {e}",
            path.display()
        ))
    })?;
    Ok(Some(format!(
        "warning: line {line} of the journal {} was cut short (a run stopped while writing it); it was removed before this run appends",
        path.display()
    )))
}

impl Journal {
    /// Opens this run's journal and locks it, before the run reads anything: `explicit`
    /// (appended to), or a new file in `dir`. Created with mode 0600 in a directory of mode 0700.
    /// A torn last line (a run killed while writing it) is cut off first. Refused when another
    /// run holds it, or when it holds changes to a pool other than `pool`: one pool per journal,
    /// so that `undo` can put all of it back. With `create` false (a dry run), a journal that is
    /// not there is not made: None.
    pub fn open(
        explicit: Option<&Path>,
        dir: &Path,
        pool: Option<&str>,
        create: bool,
    ) -> Result<Option<Journal>> {
        let path = match explicit {
            Some(p) => p.to_owned(),
            None if !create => return Ok(None),
            None => {
                private_dir(dir).map_err(|e| {
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
        if !create && !path.exists() {
            return Ok(None);
        }
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.exists())
        {
            private_dir(parent).map_err(|e| {
                Error::usage(format!(
                    "could not create the directory of the journal {}: {e}",
                    path.display()
                ))
            })?;
        }
        let file = open_private(&path).map_err(|e| {
            Error::usage(format!(
                "could not open the journal {}: {e}",
                path.display()
            ))
        })?;
        // One run per journal, from its first read to its last write: a second run on the same
        // file would interleave its changes with this one's, or act on what this one is about to
        // change. The lock lasts as long as the file is open, and goes with the process.
        lock(&file, &path)?;
        let repaired = repair_torn_tail(&file, &path)?;
        let read = read(&path)?;
        let other = pool.and_then(|p| read.entries.iter().find(|e| e.user_pool_id != p));
        if let (Some(pool), Some(other)) = (pool, other) {
            return Err(Error::refused(format!(
                "the journal {} holds changes to the pool {}, not {pool}: one journal holds one pool's changes, so that undo can put them back; give this run its own --journal",
                path.display(),
                crate::text::one_line(&other.user_pool_id)
            )));
        }
        // Appending to a journal of an earlier run continues its numbering.
        let next = read.entries.iter().map(|e| e.change + 1).max().unwrap_or(0);
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Some(Journal {
            file: std::sync::Mutex::new(Tail { file, len }),
            path,
            next: std::sync::atomic::AtomicU64::new(next),
            broken: std::sync::Mutex::new(None),
            entries: read.entries,
            repaired,
        }))
    }

    /// What the journal held when this run opened it.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The sentence naming a torn last line cut off when the run opened the journal.
    pub fn repaired(&self) -> Option<&str> {
        self.repaired.as_deref()
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
            undoes: r.undoes.clone(),
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

/// A run's journal: opened and locked before the run reads anything when the file is there (so
/// that its entries, and no other run, stand for the whole run), made when the run first changes
/// something (a dry run makes none).
pub struct Slot {
    explicit: Option<PathBuf>,
    dir: PathBuf,
    pool: Option<String>,
    cell: std::cell::OnceCell<Journal>,
}

impl Slot {
    /// Opens (and locks) `explicit` when it is there, for a run on `pool`; else nothing yet.
    pub fn open(explicit: Option<&Path>, dir: &Path, pool: Option<&str>) -> Result<Slot> {
        let slot = Slot {
            explicit: explicit.map(Path::to_owned),
            dir: dir.to_owned(),
            pool: pool.map(str::to_owned),
            cell: std::cell::OnceCell::new(),
        };
        if let Some(j) = Journal::open(explicit, dir, pool, false)? {
            let _ = slot.cell.set(j);
        }
        Ok(slot)
    }

    /// The journal, when the run has it (opened at the start, or made since).
    pub fn existing(&self) -> Option<&Journal> {
        self.cell.get()
    }

    /// The journal, made now if the run does not have it yet; `note` is told where it is.
    pub fn ensure(&self, note: impl Fn(&str)) -> Result<&Journal> {
        if let Some(j) = self.cell.get() {
            if let Some(w) = j.repaired() {
                note(w);
            }
            note(&format!("journal: {}", j.path.display()));
            return Ok(j);
        }
        let j = Journal::open(
            self.explicit.as_deref(),
            &self.dir,
            self.pool.as_deref(),
            true,
        )?
        .ok_or_else(|| Error::usage("no journal could be made"))?;
        if let Some(w) = j.repaired() {
            note(w);
        }
        note(&format!("journal: {}", j.path.display()));
        Ok(self.cell.get_or_init(|| j))
    }
}

/// A journal read whole under its lock, which lasts as long as this value: `undo` reads the
/// journal it puts back so, and a run still writing it refuses it.
pub struct Locked {
    pub read: Read,
    _file: File,
}

/// Reads an existing journal under its lock (see [`Locked`]).
pub fn read_locked(path: &Path) -> Result<Locked> {
    regular_or_absent(path)?;
    let file = File::open(path).map_err(|e| {
        Error::usage(format!(
            "could not open the journal {}: {e}",
            path.display()
        ))
    })?;
    lock(&file, path)?;
    Ok(Locked {
        read: read(path)?,
        _file: file,
    })
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
            undoes: None,
        }
    }

    fn open(path: &Path, pool: &str) -> Result<Journal> {
        Journal::open(Some(path), path.parent().unwrap(), Some(pool), true).map(|j| j.unwrap())
    }

    #[test]
    fn planned_then_result_lines_round_trip_and_numbering_continues() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let j = open(&path, "us-east-1_x").unwrap();
        let n = j.planned(&record()).unwrap();
        j.result(&record(), n, Status::Applied, None).unwrap();
        let m = j.planned(&record()).unwrap();
        drop(j);
        let j = open(&path, "us-east-1_x").unwrap();
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
        let first = open(&path, "us-east-1_x").unwrap();
        let Err(Error::Refused(why)) = open(&path, "us-east-1_x") else {
            panic!("a second writer was let in");
        };
        assert!(why.contains("being written by another run"), "{why}");
        // A reader (undo) is refused too.
        assert!(read_locked(&path).is_err());
        drop(first);
        assert!(open(&path, "us-east-1_x").is_ok());
    }

    #[test]
    fn a_torn_last_line_is_cut_before_an_append_and_another_pool_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let j = open(&path, "us-east-1_x").unwrap();
        j.planned(&record()).unwrap();
        drop(j);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"change":1,"time":"t","user_pool_id":"us-ea"#)
            .unwrap();
        drop(f);
        let j = open(&path, "us-east-1_x").unwrap();
        assert!(
            j.repaired().unwrap().contains("line 2"),
            "{:?}",
            j.repaired()
        );
        j.planned(&record()).unwrap();
        drop(j);
        assert_eq!(read(&path).unwrap().entries.len(), 2);
        let Err(Error::Refused(why)) = open(&path, "eu-west-1_y") else {
            panic!("a second pool was let in");
        };
        assert!(
            why.contains("holds changes to the pool us-east-1_x"),
            "{why}"
        );
    }

    #[test]
    fn a_new_default_journal_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("state/cognito-email-doctor/journal");
        let j = Journal::open(None, &at, Some("us-east-1_x"), true)
            .unwrap()
            .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&at), 0o700);
        assert_eq!(mode(&j.path), 0o600);
        // A dry run makes nothing.
        assert!(Journal::open(None, &at, None, false).unwrap().is_none());
    }
}
