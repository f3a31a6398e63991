//! The streaming core of `audit`: runs the rules on each user as pages arrive and detects
//! same-email conflicts across the whole pool in one pass. Memory holds one 64-bit hash per
//! verified email (when email is an alias) and, per unverified user still waiting to learn
//! whether a later user holds its email, a hash and a file offset: the user itself waits in a
//! temporary file. Nothing grows with the pool but those hashes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};

use serde::Serialize;

use crate::engine;
use crate::model::{AppClient, Pool, Provider, Snapshot, Unavailable, User};
use crate::rules::Finding;

/// One affected user, ready to print.
#[derive(Debug, Clone)]
pub struct Entry {
    pub user: User,
    pub findings: Vec<Finding>,
    pub same_email: Vec<User>,
}

/// Counts for the last line of the report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub users_scanned: u64,
    pub users_with_findings: u64,
    pub by_code: BTreeMap<&'static str, u64>,
    /// True when any error or warning was found (exit code 1).
    #[serde(skip)]
    pub failing: bool,
}

/// What to do with a user just pushed.
#[derive(Debug)]
pub enum Next {
    /// Nothing more to read; entries (if any) were emitted.
    Done,
    /// A verified user with this email was seen earlier: read the users with this email (one
    /// ListUsers call) and pass them to [`Auditor::resolve`].
    LookUpHolder(User),
}

/// Users waiting for an answer, one JSON line each, in an unnamed temporary file.
struct Spill {
    file: File,
    len: u64,
}

impl Spill {
    fn new() -> io::Result<Self> {
        Ok(Self {
            file: tempfile::tempfile()?,
            len: 0,
        })
    }

    fn put(&mut self, user: &User) -> io::Result<u64> {
        let mut line = serde_json::to_vec(user)?;
        line.push(b'\n');
        let at = self.len;
        self.file.seek(SeekFrom::Start(at))?;
        self.file.write_all(&line)?;
        self.len += line.len() as u64;
        Ok(at)
    }

    fn get(&mut self, at: u64) -> io::Result<User> {
        self.file.seek(SeekFrom::Start(at))?;
        let mut line = String::new();
        BufReader::new(&mut self.file).read_line(&mut line)?;
        Ok(serde_json::from_str(&line)?)
    }
}

pub struct Auditor {
    pool: Pool,
    providers: Vec<Provider>,
    clients: Vec<AppClient>,
    alias: bool,
    verified: HashSet<u64>,
    /// Unverified users whose email no verified user has shown yet: email hash -> offsets in
    /// the spill file.
    pending: HashMap<u64, Vec<u64>>,
    pending_count: usize,
    spill: Option<Spill>,
    /// Offsets still to report once the scan is over.
    closing: Option<Vec<u64>>,
    pub summary: Summary,
}

fn email_key(email: &str) -> u64 {
    // Cognito compares aliases without regard to case.
    let mut h = DefaultHasher::new();
    email.trim().to_lowercase().hash(&mut h);
    h.finish()
}

impl Auditor {
    pub fn new(pool: Pool, providers: Vec<Provider>, clients: Vec<AppClient>) -> Self {
        let alias = pool.email_is_alias();
        Self {
            pool,
            providers,
            clients,
            alias,
            verified: HashSet::new(),
            pending: HashMap::new(),
            pending_count: 0,
            spill: None,
            closing: None,
            summary: Summary::default(),
        }
    }

    /// Users waiting for the rest of the pool to show whether another user holds their email.
    pub fn pending_count(&self) -> usize {
        self.pending_count
    }

    /// Takes one user from a ListUsers page; affected users go to `out`. Fails only when the
    /// temporary file cannot be used.
    pub fn push(&mut self, user: User, out: &mut Vec<Entry>) -> io::Result<Next> {
        self.summary.users_scanned += 1;
        let key = user.email.as_deref().filter(|_| self.alias).map(email_key);
        let Some(key) = key else {
            self.evaluate(user, Vec::new(), Vec::new(), out);
            return Ok(Next::Done);
        };
        if user.email_verified() {
            self.verified.insert(key);
            // Users seen earlier with this email now have their answer: this user holds it.
            if let Some(waiting) = self.pending.remove(&key) {
                self.pending_count -= waiting.len();
                for at in waiting {
                    let w = self.spill()?.get(at)?;
                    self.evaluate(w, vec![user.clone()], Vec::new(), out);
                }
            }
            self.evaluate(user, Vec::new(), Vec::new(), out);
            Ok(Next::Done)
        } else if user.status == "EXTERNAL_PROVIDER" {
            self.evaluate(user, Vec::new(), Vec::new(), out);
            Ok(Next::Done)
        } else if self.verified.contains(&key) {
            Ok(Next::LookUpHolder(user))
        } else {
            let at = self.spill()?.put(&user)?;
            self.pending.entry(key).or_default().push(at);
            self.pending_count += 1;
            Ok(Next::Done)
        }
    }

    fn spill(&mut self) -> io::Result<&mut Spill> {
        if self.spill.is_none() {
            self.spill = Some(Spill::new()?);
        }
        self.spill
            .as_mut()
            .ok_or_else(|| io::Error::other("no spill file"))
    }

    /// Completes a [`Next::LookUpHolder`] with the users that have the same email.
    pub fn resolve(&mut self, user: User, same_email: Vec<User>, out: &mut Vec<Entry>) {
        let others = same_email
            .into_iter()
            .filter(|u| u.username != user.username)
            .collect();
        self.evaluate(user, others, Vec::new(), out);
    }

    /// Completes a [`Next::LookUpHolder`] whose lookup failed: the finding says what is unknown.
    pub fn resolve_unavailable(&mut self, user: User, gap: Unavailable, out: &mut Vec<Entry>) {
        self.evaluate(user, Vec::new(), vec![gap], out);
    }

    /// Reports the users still waiting, at most `max` per call so that the caller prints them
    /// as they go; returns true when none is left. After the whole pool was read they have no
    /// holder; after an interrupted scan (`interrupted`) the finding says a later user may hold
    /// the email.
    pub fn finish(
        &mut self,
        out: &mut Vec<Entry>,
        interrupted: bool,
        max: usize,
    ) -> io::Result<bool> {
        if self.closing.is_none() {
            let mut offsets: Vec<u64> = self.pending.drain().flat_map(|(_, v)| v).collect();
            // Newest last, so that `pop` takes them in the order they were read.
            offsets.sort_unstable_by(|a, b| b.cmp(a));
            self.pending_count = 0;
            self.closing = Some(offsets);
        }
        for _ in 0..max {
            let Some(at) = self.closing.as_mut().and_then(Vec::pop) else {
                return Ok(true);
            };
            let w = self.spill()?.get(at)?;
            let gaps = if interrupted {
                vec![Unavailable {
                    operation: "ListUsers".into(),
                    error: "the scan stopped before the whole pool was read, so another user may hold this email".into(),
                }]
            } else {
                Vec::new()
            };
            self.evaluate(w, Vec::new(), gaps, out);
        }
        Ok(self.closing.as_ref().is_none_or(Vec::is_empty))
    }

    fn evaluate(
        &mut self,
        user: User,
        same_email: Vec<User>,
        unavailable: Vec<Unavailable>,
        out: &mut Vec<Entry>,
    ) {
        // The pool and providers move into the snapshot and back: no copy per user.
        let snapshot = Snapshot {
            pool: std::mem::take(&mut self.pool),
            user,
            same_email,
            providers: std::mem::take(&mut self.providers),
            clients: std::mem::take(&mut self.clients),
            unavailable,
        };
        let findings = engine::findings(&snapshot);
        self.pool = snapshot.pool;
        self.providers = snapshot.providers;
        self.clients = snapshot.clients;
        if findings.is_empty() {
            return;
        }
        self.summary.users_with_findings += 1;
        for f in &findings {
            *self.summary.by_code.entry(f.code).or_default() += 1;
            self.summary.failing |= f.severity.fails();
        }
        out.push(Entry {
            user: snapshot.user,
            findings,
            same_email: snapshot.same_email,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{pool, user};

    fn alias_auditor() -> Auditor {
        let mut p = pool();
        p.alias_attributes = vec!["email".into()];
        Auditor::new(p, Vec::new(), Vec::new())
    }

    fn codes(out: &[Entry]) -> Vec<(String, &'static str)> {
        out.iter()
            .flat_map(|e| {
                e.findings
                    .iter()
                    .map(move |f| (e.user.username.clone(), f.code))
            })
            .collect()
    }

    #[test]
    fn holder_after_the_affected_user_is_found_without_a_second_pass() {
        let mut a = alias_auditor();
        let mut out = Vec::new();
        assert!(matches!(
            a.push(user("old", "s@example.com", Some("false")), &mut out)
                .unwrap(),
            Next::Done
        ));
        assert!(out.is_empty(), "the answer waits for the rest of the pool");
        assert_eq!(a.pending_count(), 1);
        a.push(user("new", "S@Example.com", Some("true")), &mut out)
            .unwrap();
        assert_eq!(
            codes(&out),
            [("old".to_owned(), "alias-held-by-other-user")]
        );
        assert_eq!(out[0].same_email[0].username, "new");
        assert_eq!(a.pending_count(), 0);
    }

    #[test]
    fn holder_before_the_affected_user_asks_for_one_lookup() {
        let mut a = alias_auditor();
        let mut out = Vec::new();
        a.push(user("new", "s@example.com", Some("true")), &mut out)
            .unwrap();
        let Next::LookUpHolder(u) = a
            .push(user("old", "s@example.com", Some("false")), &mut out)
            .unwrap()
        else {
            panic!("expected a lookup");
        };
        a.resolve(
            u,
            vec![
                user("new", "s@example.com", Some("true")),
                user("old", "s@example.com", Some("false")),
            ],
            &mut out,
        );
        assert_eq!(
            codes(&out),
            [("old".to_owned(), "alias-held-by-other-user")]
        );
    }

    #[test]
    fn waiting_users_without_a_holder_are_plain_email_changes_at_the_end() {
        let mut a = alias_auditor();
        let mut out = Vec::new();
        a.push(user("solo", "solo@example.com", None), &mut out)
            .unwrap();
        a.push(user("fine", "fine@example.com", Some("true")), &mut out)
            .unwrap();
        assert!(out.is_empty());
        while !a.finish(&mut out, false, 7).unwrap() {}
        assert_eq!(
            codes(&out),
            [("solo".to_owned(), "email-changed-unverified")]
        );
        assert_eq!(a.summary.users_scanned, 2);
        assert_eq!(a.summary.users_with_findings, 1);
        assert_eq!(a.summary.by_code["email-changed-unverified"], 1);
        assert!(a.summary.failing);
    }

    #[test]
    fn interrupted_scan_reports_waiting_users_with_the_uncertainty() {
        let mut a = alias_auditor();
        let mut out = Vec::new();
        a.push(user("solo", "solo@example.com", None), &mut out)
            .unwrap();
        while !a.finish(&mut out, true, 7).unwrap() {}
        assert!(out[0].findings[0]
            .evidence
            .iter()
            .any(|e| e.contains("not ruled out")));
    }

    #[test]
    fn waiting_users_round_trip_through_the_spill_file_in_order() {
        let mut a = alias_auditor();
        let mut out = Vec::new();
        for i in 0..50 {
            let mut u = user(&format!("u{i:02}"), &format!("u{i}@example.com"), None);
            u.identities.clear();
            a.push(u, &mut out).unwrap();
        }
        assert_eq!(a.pending_count(), 50);
        a.push(user("holder", "u7@example.com", Some("true")), &mut out)
            .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].user.username, "u07");
        assert_eq!(
            out[0].user,
            user("u07", "u7@example.com", None),
            "read back whole"
        );
        while !a.finish(&mut out, false, 7).unwrap() {}
        let names: Vec<&str> = out[1..].iter().map(|e| e.user.username.as_str()).collect();
        assert_eq!(names.len(), 49);
        assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "in the order read: {names:?}"
        );
    }

    #[test]
    fn without_alias_nothing_waits() {
        let mut a = Auditor::new(pool(), Vec::new(), Vec::new());
        let mut out = Vec::new();
        a.push(user("x", "x@example.com", Some("false")), &mut out)
            .unwrap();
        a.push(user("y", "x@example.com", Some("true")), &mut out)
            .unwrap();
        assert_eq!(codes(&out), [("x".to_owned(), "email-changed-unverified")]);
        assert_eq!(a.pending_count(), 0);
    }
}
