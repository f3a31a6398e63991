//! The streaming core of `audit`: runs the rules on each user as pages arrive and detects
//! same-email conflicts across the whole pool in one pass. Memory holds one 64-bit hash per
//! verified email (when email is an alias) and, per unverified user still waiting to learn
//! whether a later user holds its email, a hash and a file offset: the user itself waits in a
//! temporary file. Nothing grows with the pool but those hashes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};

use serde::Serialize;

use crate::engine;
use crate::model::{
    AppClient, Pool, Provider, Recipient, Snapshot, Suppression, SuppressionList, Unavailable, User,
};
use crate::rules::Finding;

/// One affected user, ready to print.
#[derive(Debug, Clone)]
pub struct Entry {
    pub user: User,
    pub findings: Vec<Finding>,
    pub same_email: Vec<User>,
    /// The users whose address is this one's in another case (`email-case-duplicate`), so that
    /// `--redact` masks them in the evidence too.
    pub case_variants: Vec<User>,
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
    /// In a case-sensitive pool, a user whose address has capitals: read the users with the
    /// lowercase form (one ListUsers call, as `diagnose` does) and pass them to
    /// [`Auditor::push_checked`]. The same answer whatever the order users are read in.
    LookUpCase(Box<User>),
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
    /// Reads of the pool's providers and clients that failed.
    gaps: Vec<Unavailable>,
    now: Option<i64>,
    alias: bool,
    case_sensitive: bool,
    /// Users whose lowercase lookup found the same address in other letter case (few), or whose
    /// lookup failed: kept until the user is evaluated.
    variants: HashMap<String, std::result::Result<Vec<User>, Unavailable>>,
    /// The other side of those pairs: a user found by another's lowercase lookup (by username),
    /// as it was read, with the users whose address it is in another case. Consumed when that
    /// user is evaluated; what is left when the scan ends was evaluated before the pair was
    /// found, and gets a line of its own ([`Auditor::close_case_pairs`]).
    partners: HashMap<String, (User, Vec<User>)>,
    /// Users whose email is unverified (for the default sender's daily limit).
    pub unverified: u64,
    /// Verified users' emails in an alias pool (by key), each with where the holder is kept in
    /// the spill file: a user met after its alias holder is judged against it at once, as one met
    /// before it is when the holder comes, so the verdict never depends on the order.
    verified: HashMap<u64, u64>,
    /// Unverified users whose email no verified user has shown yet: email hash -> offsets in
    /// the spill file.
    pending: HashMap<u64, Vec<u64>>,
    pending_count: usize,
    spill: Option<Spill>,
    /// Offsets still to report once the scan is over.
    closing: Option<Vec<u64>>,
    /// The account's SES suppression list, read once; None when it was not read.
    suppressed: Option<SuppressionList>,
    pub summary: Summary,
}

fn email_key(email: &str) -> u64 {
    // Cognito compares aliases without regard to case.
    hash(&email.trim().to_lowercase())
}

fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl Auditor {
    pub fn new(
        pool: Pool,
        providers: Vec<Provider>,
        clients: Vec<AppClient>,
        gaps: Vec<Unavailable>,
        now: Option<i64>,
    ) -> Self {
        let alias = pool.email_is_alias();
        let case_sensitive = pool.is_case_sensitive();
        Self {
            pool,
            providers,
            clients,
            gaps,
            now,
            alias,
            case_sensitive,
            variants: HashMap::new(),
            partners: HashMap::new(),
            unverified: 0,
            verified: HashMap::new(),
            pending: HashMap::new(),
            pending_count: 0,
            spill: None,
            closing: None,
            suppressed: None,
            summary: Summary::default(),
        }
    }

    /// The pool-level findings, printed once before the users. After the scan, pass the number
    /// of users with an unverified email: the default sender's limit is then weighed by it.
    pub fn pool_findings(&mut self, unverified: Option<u64>) -> Vec<Finding> {
        let snapshot = self.snapshot(User::default(), Vec::new(), self.gaps.clone());
        let mut findings = engine::pool_findings(&snapshot);
        let _ = self.restore(snapshot);
        if let Some(n) = unverified {
            // After the scan only the findings that weigh the whole pool's users stand.
            findings = findings
                .into_iter()
                .filter_map(|f| (crate::rules::rule(f.code)?.weigh?)(f, n))
                .collect();
            self.summary.failing |= findings.iter().any(|f| f.severity.fails());
        }
        findings
    }

    /// Whether the pool compares aliases without regard to case (CaseSensitive false).
    pub fn compares_without_case(&self) -> bool {
        !self.case_sensitive
    }

    /// Users waiting for the rest of the pool to show whether another user holds their email.
    pub fn pending_count(&self) -> usize {
        self.pending_count
    }

    /// Takes one user from a ListUsers page; affected users go to `out`. Fails only when the
    /// temporary file cannot be used.
    pub fn push(&mut self, user: User, out: &mut Vec<Entry>) -> io::Result<Next> {
        self.summary.users_scanned += 1;
        if user.email.is_some() && !user.email_verified() {
            self.unverified += 1;
        }
        let capitals = user.email.as_deref().is_some_and(|e| e.to_lowercase() != e);
        if self.case_sensitive && capitals {
            return Ok(Next::LookUpCase(Box::new(user)));
        }
        self.place(user, out)
    }

    /// Completes a [`Next::LookUpCase`] with the users found by the lowercase address (or the
    /// lookup's failure), then goes on as [`Auditor::push`].
    pub fn push_checked(
        &mut self,
        user: User,
        found: std::result::Result<Vec<User>, Unavailable>,
        out: &mut Vec<Entry>,
    ) -> io::Result<Next> {
        let found = found.map(|users| {
            users
                .into_iter()
                .filter(|u| u.username != user.username && u.email != user.email)
                .collect::<Vec<_>>()
        });
        // Each user found has this one as its own case variant: the pair is reported from both
        // sides, whichever the scan meets first.
        if let Ok(others) = &found {
            for o in others {
                self.partners
                    .entry(o.username.clone())
                    .or_insert_with(|| (o.clone(), Vec::new()))
                    .1
                    .push(user.clone());
            }
        }
        if !matches!(&found, Ok(v) if v.is_empty()) {
            self.variants.insert(user.username.clone(), found);
        }
        self.place(user, out)
    }

    fn place(&mut self, user: User, out: &mut Vec<Entry>) -> io::Result<Next> {
        let key = user.email.as_deref().filter(|_| self.alias).map(email_key);
        let Some(key) = key else {
            self.evaluate(user, Vec::new(), Vec::new(), out);
            return Ok(Next::Done);
        };
        if user.email_verified() {
            if !self.verified.contains_key(&key) {
                let at = self.spill()?.put(&user)?;
                self.verified.insert(key, at);
            }
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
        } else if let Some(&at) = self.verified.get(&key) {
            // The holder was read earlier: the same verdict as if it came after.
            let holder = self.spill()?.get(at)?;
            self.evaluate(user, vec![holder], Vec::new(), out);
            Ok(Next::Done)
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

    /// Completes a waiting user's lookup with the users that have the same email.
    pub fn resolve(&mut self, user: User, same_email: Vec<User>, out: &mut Vec<Entry>) {
        let others = same_email
            .into_iter()
            .filter(|u| u.username != user.username)
            .collect();
        self.evaluate(user, others, Vec::new(), out);
    }

    /// Completes a waiting user's lookup that failed: the finding says what is unknown.
    pub fn resolve_unavailable(&mut self, user: User, gap: Unavailable, out: &mut Vec<Entry>) {
        self.evaluate(user, Vec::new(), vec![gap], out);
    }

    /// Takes back a user handed to the resumed run (which counts it then) and the counts of its
    /// entries, which will not be printed.
    pub fn forget(&mut self, entries: &[Entry]) {
        self.summary.users_scanned = self.summary.users_scanned.saturating_sub(1);
        for e in entries {
            self.summary.users_with_findings = self.summary.users_with_findings.saturating_sub(1);
            for f in &e.findings {
                if let Some(n) = self.summary.by_code.get_mut(f.code) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.summary.by_code.remove(f.code);
                    }
                }
            }
        }
    }

    /// Hands back up to `max` of the users still waiting to learn whether another user holds their
    /// email, for a targeted lookup each ([`Auditor::resolve`]): after a stop, and at the end of a
    /// resumed scan, whose earlier part this run did not read. Empty when none is left.
    pub fn take_pending(&mut self, max: usize) -> io::Result<Vec<User>> {
        if self.closing.is_none() {
            let mut offsets: Vec<u64> = self.pending.drain().flat_map(|(_, v)| v).collect();
            // Newest last, so that `pop` takes them in the order they were read.
            offsets.sort_unstable_by(|a, b| b.cmp(a));
            self.pending_count = 0;
            self.closing = Some(offsets);
        }
        let mut users = Vec::new();
        for _ in 0..max {
            let Some(at) = self.closing.as_mut().and_then(Vec::pop) else {
                break;
            };
            users.push(self.spill()?.get(at)?);
        }
        Ok(users)
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
        let batch = self.take_pending(max)?;
        let done = batch.len() < max;
        for w in batch {
            let gaps = if interrupted {
                vec![Unavailable::failed(
                    crate::model::Service::CognitoIdp,
                    "ListUsers",
                    "the scan stopped before the whole pool was read, so another user may hold this email",
                )]
            } else {
                Vec::new()
            };
            self.evaluate(w, Vec::new(), gaps, out);
        }
        Ok(done)
    }

    /// The account's suppression list, as `aws::ses::list_suppressed` read it: every user's
    /// address is matched against it, with no call a user.
    pub fn with_suppression_list(mut self, list: SuppressionList) -> Self {
        self.suppressed = Some(list);
        self
    }

    fn suppression_of(&self, user: &User) -> Suppression {
        match (&self.suppressed, &user.email) {
            (Some(list), Some(email)) => list.get(email),
            _ => Suppression::NotRead,
        }
    }

    /// The users a lowercase lookup found after they were evaluated (earlier in this scan, in
    /// another partition, or before a resume): each gets a line with `email-case-duplicate`
    /// alone (its other findings, if any, are on its own line). Called once the scan ends,
    /// whole or interrupted, so every case-only pair is reported from both sides.
    pub fn close_case_pairs(&mut self, out: &mut Vec<Entry>) {
        let mut left: Vec<(String, (User, Vec<User>))> = self.partners.drain().collect();
        left.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, (user, others)) in left {
            let mut snapshot = self.snapshot(user, Vec::new(), Vec::new());
            snapshot.case_variants = others;
            let findings: Vec<Finding> = engine::user_findings(&snapshot)
                .into_iter()
                .filter(|f| f.code == crate::rules::EMAIL_CASE_DUPLICATE)
                .collect();
            let (user, _, case_variants) = self.restore(snapshot);
            if findings.is_empty() {
                continue;
            }
            self.summary.users_with_findings += 1;
            for f in &findings {
                *self.summary.by_code.entry(f.code).or_default() += 1;
                self.summary.failing |= f.severity.fails();
            }
            out.push(Entry {
                user,
                findings,
                same_email: Vec::new(),
                case_variants,
            });
        }
    }

    fn snapshot(
        &mut self,
        user: User,
        same_email: Vec<User>,
        unavailable: Vec<Unavailable>,
    ) -> Snapshot {
        // The pool and providers move into the snapshot and back: no copy per user.
        let recipient = Recipient {
            suppression: self.suppression_of(&user),
            verified_identity: None,
        };
        Snapshot {
            pool: std::mem::take(&mut self.pool),
            user,
            same_email,
            providers: std::mem::take(&mut self.providers),
            clients: std::mem::take(&mut self.clients),
            case_variants: Vec::new(),
            now: self.now,
            unavailable,
            lookups: Vec::new(),
            recipient,
            delivery_log: None,
            missing: None,
            // `audit` reads no history.
            history: None,
            id_token: None,
        }
    }

    /// Takes the pool and providers back; returns the user and its same-email users.
    fn restore(&mut self, snapshot: Snapshot) -> (User, Vec<User>, Vec<User>) {
        self.pool = snapshot.pool;
        self.providers = snapshot.providers;
        self.clients = snapshot.clients;
        (snapshot.user, snapshot.same_email, snapshot.case_variants)
    }

    /// The failed provider reads that concern this user: its own providers', or the listing. A
    /// provider named in its identities that the pool does not list is one too (`diagnose`
    /// reads it and fails the same way).
    fn gaps_for(&self, user: &User) -> Vec<Unavailable> {
        if !user.is_federated() {
            return Vec::new();
        }
        let listed = self
            .gaps
            .iter()
            .all(|g| g.operation != "ListIdentityProviders");
        let missing = user.identities.iter().filter(|i| {
            listed
                && !self.providers.iter().any(|p| p.name == i.provider_name)
                && !self
                    .gaps
                    .iter()
                    .any(|g| g.provider.as_ref() == Some(&i.provider_name))
        });
        let mut gaps: Vec<Unavailable> = missing
            .map(|i| Unavailable {
                provider: Some(i.provider_name.clone()),
                ..Unavailable::failed(
                    crate::model::Service::CognitoIdp,
                    "DescribeIdentityProvider",
                    format!(
                        "provider {}: not among the pool's identity providers (ListIdentityProviders)",
                        i.provider_name
                    ),
                )
            })
            .collect();
        gaps.extend(
            self.gaps
                .iter()
                .filter(|g| match &g.provider {
                    Some(name) => {
                        user.identities.iter().any(|i| &i.provider_name == name)
                            || user.username.starts_with(&format!("{name}_"))
                    }
                    None => g.operation == "ListIdentityProviders",
                })
                .cloned(),
        );
        gaps
    }

    fn evaluate(
        &mut self,
        user: User,
        same_email: Vec<User>,
        mut unavailable: Vec<Unavailable>,
        out: &mut Vec<Entry>,
    ) {
        unavailable.extend(self.gaps_for(&user));
        unavailable.extend(user.absent("ListUsers"));
        let mut variants = match self.variants.remove(&user.username) {
            Some(Ok(v)) => v,
            Some(Err(gap)) => {
                unavailable.push(gap);
                Vec::new()
            }
            None => Vec::new(),
        };
        if let Some((_, others)) = self.partners.remove(&user.username) {
            variants.extend(others);
        }
        let mut snapshot = self.snapshot(user, same_email, unavailable);
        snapshot.case_variants = variants;
        let findings = engine::user_findings(&snapshot);
        let (user, same_email, case_variants) = self.restore(snapshot);
        if findings.is_empty() {
            return;
        }
        self.summary.users_with_findings += 1;
        for f in &findings {
            *self.summary.by_code.entry(f.code).or_default() += 1;
            self.summary.failing |= f.severity.fails();
        }
        out.push(Entry {
            user,
            findings,
            same_email,
            case_variants,
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
        Auditor::new(p, Vec::new(), Vec::new(), Vec::new(), None)
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
        a.push(user("new", "s@example.com", Some("true")), &mut out)
            .unwrap();
        assert_eq!(
            codes(&out),
            [("old".to_owned(), "alias-held-by-other-user")]
        );
        assert_eq!(out[0].same_email[0].username, "new");
        assert_eq!(a.pending_count(), 0);
    }

    #[test]
    fn holder_before_the_affected_user_gives_the_same_verdict_with_no_lookup() {
        // A pool that compares aliases without case (CaseSensitive false).
        let insensitive = || {
            let mut p = pool();
            p.alias_attributes = vec!["email".into()];
            p.case_sensitive = Some(false);
            Auditor::new(p, Vec::new(), Vec::new(), Vec::new(), None)
        };
        let mut a = insensitive();
        let mut first = Vec::new();
        a.push(user("new", "u7@example.com", Some("true")), &mut first)
            .unwrap();
        assert!(matches!(
            a.push(user("OLD", "U7@Example.com", Some("false")), &mut first)
                .unwrap(),
            Next::Done
        ));
        let mut b = insensitive();
        let mut last = Vec::new();
        b.push(user("OLD", "U7@Example.com", Some("false")), &mut last)
            .unwrap();
        b.push(user("new", "u7@example.com", Some("true")), &mut last)
            .unwrap();
        assert_eq!(
            codes(&first),
            codes(&last),
            "the holder read first or last: one verdict"
        );
        assert_eq!(
            codes(&first),
            [("OLD".to_owned(), "alias-held-by-other-user")]
        );
        assert_eq!(first[0].same_email[0].username, "new");
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
    fn an_unreadable_provider_affects_only_its_users() {
        use crate::rules::test_support::{federate, provider};
        let gaps = vec![Unavailable {
            operation: "DescribeIdentityProvider".into(),
            error: "provider Facebook: AccessDeniedException".into(),
            provider: Some("Facebook".into()),
            ..Unavailable::default()
        }];
        let okta = provider(
            "Okta",
            "OIDC",
            &[("email", "email"), ("email_verified", "email_verified")],
        );
        let mut a = Auditor::new(pool(), vec![okta], Vec::new(), gaps, None);
        let mut out = Vec::new();
        let mut fb = user("Facebook_1", "fb@example.com", Some("false"));
        federate(&mut fb, "Facebook", "Facebook");
        let mut ok = user("Okta_1", "ok@example.com", Some("false"));
        federate(&mut ok, "Okta", "OIDC");
        a.push(fb, &mut out).unwrap();
        a.push(ok, &mut out).unwrap();
        assert_eq!(
            codes(&out),
            [
                ("Facebook_1".to_owned(), "evidence-unavailable"),
                ("Okta_1".to_owned(), "provider-reports-unverified")
            ]
        );
        assert!(a.summary.failing);
    }

    #[test]
    fn an_address_with_capitals_is_checked_against_its_lowercase_form_whatever_the_order() {
        let mut a = Auditor::new(pool(), Vec::new(), Vec::new(), Vec::new(), None);
        let mut out = Vec::new();
        // The lowercase address asks for nothing; the capitalised one asks for a lookup.
        assert!(matches!(
            a.push(user("a2", "ann@example.com", Some("true")), &mut out)
                .unwrap(),
            Next::Done
        ));
        let Next::LookUpCase(u) = a
            .push(user("a1", "Ann@Example.com", Some("true")), &mut out)
            .unwrap()
        else {
            panic!("expected a lookup");
        };
        let found = vec![user("a2", "ann@example.com", Some("true"))];
        a.push_checked(*u, Ok(found), &mut out).unwrap();
        assert_eq!(codes(&out), [("a1".to_owned(), "email-case-duplicate")]);
        assert_eq!(
            out[0].findings[0].evidence.len(),
            3,
            "{:?}",
            out[0].findings[0].evidence
        );
        // a2 was evaluated before the pair was found: its line comes when the scan ends.
        a.close_case_pairs(&mut out);
        assert_eq!(
            codes(&out),
            [
                ("a1".to_owned(), "email-case-duplicate"),
                ("a2".to_owned(), "email-case-duplicate")
            ]
        );
        assert!(
            out[1].findings[0].evidence[2].contains("a1"),
            "{:?}",
            out[1]
        );
        out.clear();
        // The other order: the lowercase user comes after, and its own line names the pair.
        let Next::LookUpCase(u) = a
            .push(user("c1", "Cy@Example.com", Some("true")), &mut out)
            .unwrap()
        else {
            panic!("expected a lookup");
        };
        a.push_checked(
            *u,
            Ok(vec![user("c2", "cy@example.com", Some("true"))]),
            &mut out,
        )
        .unwrap();
        a.push(user("c2", "cy@example.com", Some("true")), &mut out)
            .unwrap();
        a.close_case_pairs(&mut out);
        assert_eq!(
            codes(&out),
            [
                ("c1".to_owned(), "email-case-duplicate"),
                ("c2".to_owned(), "email-case-duplicate")
            ]
        );
        out.clear();
        // Nothing found: nothing reported.
        let Next::LookUpCase(u) = a
            .push(user("b1", "Bob@Example.com", Some("true")), &mut out)
            .unwrap()
        else {
            panic!("expected a lookup");
        };
        a.push_checked(*u, Ok(Vec::new()), &mut out).unwrap();
        assert!(out.is_empty());
        // A case-insensitive pool asks for nothing.
        let mut p = pool();
        p.case_sensitive = Some(false);
        let mut a = Auditor::new(p, Vec::new(), Vec::new(), Vec::new(), None);
        assert!(matches!(
            a.push(user("a1", "Ann@Example.com", Some("true")), &mut Vec::new())
                .unwrap(),
            Next::Done
        ));
    }

    #[test]
    fn pool_findings_come_once_and_the_sender_limit_is_weighed_at_the_end() {
        let mut p = pool();
        p.email_sending_account = None;
        let mut a = Auditor::new(p, Vec::new(), Vec::new(), Vec::new(), None);
        let head: Vec<_> = a.pool_findings(None).iter().map(|f| f.code).collect();
        assert_eq!(head, ["default-email-sender-limit"]);
        assert!(a.pool_findings(Some(3)).is_empty());
        let end = a.pool_findings(Some(50));
        assert_eq!(end[0].severity, crate::rules::Severity::Warning);
        assert!(a.summary.failing);
    }

    #[test]
    fn without_alias_nothing_waits() {
        let mut a = Auditor::new(pool(), Vec::new(), Vec::new(), Vec::new(), None);
        let mut out = Vec::new();
        a.push(user("x", "x@example.com", Some("false")), &mut out)
            .unwrap();
        a.push(user("y", "x@example.com", Some("true")), &mut out)
            .unwrap();
        assert_eq!(codes(&out), [("x".to_owned(), "email-changed-unverified")]);
        assert_eq!(a.pending_count(), 0);
    }
}
