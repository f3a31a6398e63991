//! Putting back what a journal shows changed (`undo --journal F`): each change's inverse,
//! through its kind ([`super::Kind::inverse`]), only where what it left still stands, newest
//! first for each target. Each restoration is journaled with the change it puts back
//! ([`Undoes`]), so that a rerun of an interrupted undo, or an undo of the same journal again,
//! does not put anything back twice, and a restoration recorded in the journal it undoes is not
//! itself undone.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    admin_verify, enable_verification, first_changes, map_provider, Fix, Kind, Surveyed, Verdict,
    Words,
};
use crate::aws::pace::Pacer;
use crate::aws::Client;
use crate::change::journal::{self, Entry, Record, Status, Undoes};
use crate::change::settle::{Check, Settle};
use crate::change::{Change, Plan};
use crate::error::{AwsError, Result};
use crate::settings::{AwsTarget, UserPoolId};

/// What undoing one change puts back, by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Inverse {
    EmailVerified(admin_verify::Restore),
    Mapping(map_provider::Restore),
    AutoVerified(enable_verification::Restore),
}

impl Inverse {
    /// The operation that puts it back.
    pub fn operation(&self) -> &'static str {
        match self {
            Inverse::EmailVerified(_) => admin_verify::OPERATION,
            Inverse::Mapping(_) => map_provider::OPERATION,
            Inverse::AutoVerified(_) => enable_verification::OPERATION,
        }
    }

    pub fn describe(&self) -> Vec<Change> {
        match self {
            Inverse::EmailVerified(r) => r.describe(),
            Inverse::Mapping(r) => r.describe(),
            Inverse::AutoVerified(r) => r.describe(),
        }
    }

    async fn changed_since(
        &self,
        client: &Client,
        reads: &Pacer,
        pool: &UserPoolId,
    ) -> Result<Option<String>> {
        match self {
            Inverse::EmailVerified(r) => r.changed_since(client, reads, pool.as_str()).await,
            Inverse::Mapping(r) => r.changed_since(client, pool.as_str()).await,
            Inverse::AutoVerified(r) => r.changed_since(client, pool).await,
        }
    }

    async fn write(&self, client: &Client, pool: &UserPoolId) -> std::result::Result<(), AwsError> {
        match self {
            Inverse::EmailVerified(r) => r.write(client, pool.as_str()).await,
            Inverse::Mapping(r) => r.write(client, pool.as_str()).await,
            Inverse::AutoVerified(r) => r.write(client, pool).await,
        }
    }

    async fn put_back(&self, client: &Client, reads: &Pacer, pool: &UserPoolId) -> Result<bool> {
        match self {
            Inverse::EmailVerified(r) => r.put_back(client, reads, pool.as_str()).await,
            Inverse::Mapping(r) => r.put_back(client, pool.as_str()).await,
            Inverse::AutoVerified(r) => r.put_back(client, pool).await,
        }
    }

    fn check_cli(&self, pool: &str, target: &str, t: &AwsTarget) -> String {
        match self {
            Inverse::EmailVerified(_) => super::check_user_cli(pool, target, t),
            Inverse::Mapping(r) => r.check_cli(pool, t),
            Inverse::AutoVerified(r) => r.check_cli(pool, t),
        }
    }
}

/// One change of the journal, with what putting it back takes (or why it cannot be).
#[derive(Debug, Clone)]
pub struct JournalChange {
    pub entry: Entry,
    pub inverse: std::result::Result<Inverse, String>,
}

/// How a change of the journal is named in a line: its number, operation and target.
pub fn line_target(e: &Entry) -> String {
    format!(
        "change {} ({} {})",
        e.change,
        crate::text::one_line(&e.operation),
        crate::text::one_line(&e.target)
    )
}

/// Checks a journal before undo trusts it: every result line follows the planned line of its
/// change (same target and operation) in the same file, and targets hold no control characters.
/// Returns the sentence that refuses each change that fails (by change number).
pub fn validate(entries: &[Entry]) -> BTreeMap<u64, String> {
    let mut planned: BTreeMap<u64, (&str, &str)> = BTreeMap::new();
    let mut refused = BTreeMap::new();
    for e in entries {
        if e.target.chars().any(char::is_control) || e.user_pool_id.chars().any(char::is_control) {
            refused.insert(
                e.change,
                "its target holds control characters: no run of this tool wrote it".to_owned(),
            );
            continue;
        }
        match e.status {
            Status::Planned => {
                planned.insert(e.change, (e.target.as_str(), e.operation.as_str()));
            }
            _ => match planned.get(&e.change) {
                Some((t, op)) if *t == e.target && *op == e.operation => {}
                _ => {
                    refused.insert(
                        e.change,
                        "its outcome line has no planned line before it (same change, target and operation): the journal was edited, or is not this tool's".to_owned(),
                    );
                }
            },
        }
    }
    refused
}

/// The changes of a journal undo acts on, newest first: the last state of each change made (or
/// planned with no outcome: a run that stopped during the call), each with its inverse, or the
/// sentence that refuses it.
pub fn changes(entries: &[Entry]) -> Vec<JournalChange> {
    let forged = validate(entries);
    let mut out: Vec<JournalChange> = journal::settled(entries)
        .into_iter()
        .filter(|e| forged.contains_key(&e.change) || e.status != Status::Failed)
        .map(|e| {
            let inverse = match (forged.get(&e.change), Kind::of(&e)) {
                (Some(why), _) => Err(why.clone()),
                (None, Some(kind)) => kind.inverse(&e),
                (None, None) => Err(format!(
                    "{} is not a change undo knows",
                    crate::text::one_line(&e.operation)
                )),
            };
            JournalChange { entry: e, inverse }
        })
        .collect();
    out.reverse();
    out
}

/// The changes of a journal already put back, by change number, with the restoration that did
/// it: restorations recorded in `records` (this journal, or the record of an earlier undo of it)
/// that name the journal `of` and read back as applied.
pub fn put_back(of: &str, records: &[&[Entry]]) -> BTreeMap<u64, String> {
    let mut out = BTreeMap::new();
    for entries in records {
        for e in journal::settled(entries) {
            if let (Some(u), Status::Applied) = (&e.undoes, e.status) {
                if u.journal == of {
                    out.insert(
                        u.change,
                        format!(
                            "already put back (change {} of the undo's journal)",
                            e.change
                        ),
                    );
                }
            }
        }
    }
    out
}

/// One chain a target: its changes, newest first (each is put back in that order).
pub fn by_target(changes: Vec<JournalChange>) -> Vec<Vec<JournalChange>> {
    let mut groups: Vec<Vec<JournalChange>> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for c in changes {
        let key = (c.entry.operation.clone(), c.entry.target.clone());
        match index.get(&key) {
            Some(&i) => groups[i].push(c),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![c]);
            }
        }
    }
    groups
}

/// An undo of one journal.
pub struct Undo<'a> {
    pub client: &'a Client,
    pub pool: &'a UserPoolId,
    pub target: &'a AwsTarget,
    /// The journal undone, as `--journal` named it (restorations record it).
    pub journal: &'a str,
    /// Its changes already put back, with why.
    pub done: &'a BTreeMap<u64, String>,
    /// Restorations this very journal holds of itself (an undo recorded into the journal it
    /// undid): never undone by it.
    pub own: &'a BTreeSet<u64>,
    pub max_rps: f64,
}

impl Fix for Undo<'_> {
    type Target = JournalChange;
    type Subject = (Entry, Inverse);

    fn name(&self, t: &JournalChange) -> String {
        line_target(&t.entry)
    }

    async fn survey(&self, c: &JournalChange, reads: &Pacer) -> Verdict<(Entry, Inverse)> {
        let e = &c.entry;
        let refuse = |why: String| Verdict::Refused {
            subject: None,
            short: why.clone(),
            why,
        };
        let unchanged = Verdict::unchanged;
        let inverse = match &c.inverse {
            Ok(i) => i.clone(),
            Err(why) => return refuse(why.clone()),
        };
        let subject = (e.clone(), inverse.clone());
        if let Some(why) = self.done.get(&e.change) {
            return unchanged(why.clone(), subject);
        }
        if self.own.contains(&e.change) {
            return unchanged(
                "a restoration an undo of this journal recorded here: undoing it would make the change again; undo that run's own journal for that".into(),
                subject,
            );
        }
        // A change journaled as planned with no outcome (the run stopped during the call) is
        // read like any other: its planned value there means it was made.
        match inverse.changed_since(self.client, reads, self.pool).await {
            Ok(None) => Verdict::Change(subject),
            Ok(Some(_)) if e.status == Status::Planned => unchanged(
                "planned, its outcome never recorded, and what it planned is not there: it was never made, so nothing was changed".into(),
                subject,
            ),
            Ok(Some(why)) => refuse(why),
            Err(err) => Verdict::Unread(err),
        }
    }

    fn plan(&self, (e, inverse): &(Entry, Inverse)) -> Plan {
        Plan {
            command: "undo".into(),
            call: format!(
                "{} with the values before {}",
                inverse.operation(),
                line_target(e)
            ),
            subject: vec![("user pool".into(), self.pool.to_string())],
            changes: inverse.describe(),
            notes: Vec::new(),
            aws_cli: None,
        }
    }

    fn plan_many(&self, s: &Surveyed<'_, (Entry, Inverse)>) -> Plan {
        let changes: Vec<Change> = s
            .to_change
            .iter()
            .take(super::SHOWN)
            .flat_map(|(_, subject)| subject.map(|(_, i)| i.describe()).unwrap_or_default())
            .collect();
        let mut notes = vec![format!(
            "{} changes of {} to put back, newest first; {} refused",
            s.to_change.len(),
            self.journal,
            s.refused.len()
        )];
        for l in s.refused.iter().take(super::SHOWN) {
            notes.push(format!("refused: {}: {}", l.target, l.detail));
        }
        for l in s.unchanged.iter().take(super::SHOWN) {
            notes.push(format!("nothing to put back: {}: {}", l.target, l.detail));
        }
        notes.push(format!(
            "pace: at most {} calls a second (the UserUpdate quota is 25 a second per account, shared with your application)",
            self.max_rps
        ));
        Plan {
            command: "undo".into(),
            call: "the inverse of each change: its before values, only where the after values still stand".into(),
            subject: vec![("user pool".into(), self.pool.to_string())],
            changes: first_changes(changes, s.to_change.len(), "changes"),
            notes,
            aws_cli: None,
        }
    }

    fn settle(&self, (e, inverse): &(Entry, Inverse)) -> Settle {
        let operation = inverse.operation();
        Settle {
            operation,
            repeat_answers: &[],
            check_cli: inverse.check_cli(self.pool.as_str(), &e.target, self.target),
            record: Some(Record {
                user_pool_id: self.pool.to_string(),
                operation,
                target: e.target.clone(),
                before: e.after.clone(),
                after: e.before.clone(),
                undoes: Some(Undoes {
                    journal: self.journal.to_owned(),
                    change: e.change,
                }),
            }),
        }
    }

    async fn write(&self, (_, inverse): &(Entry, Inverse)) -> std::result::Result<(), AwsError> {
        inverse.write(self.client, self.pool).await
    }

    async fn read_back(&self, (_, inverse): &(Entry, Inverse), reads: &Pacer) -> Result<Check> {
        let put_back = inverse.put_back(self.client, reads, self.pool).await?;
        Ok(Check {
            observed: None,
            took: put_back,
            read_back: Vec::new(),
            result: if put_back {
                "put back as it was".into()
            } else {
                "read back different from the journal's before".into()
            },
        })
    }

    fn words(&self) -> Words {
        Words {
            nothing: "nothing to put back: every change of the journal is put back already, or was never made".into(),
            journal: "(this undo's own changes)".into(),
            changes: "changes".into(),
            refusals_fail: true,
            all_refused: "no change of the journal can be put back: every one is refused above".into(),
            unread: "nothing was changed: could not be read".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(change: u64, op: &str, status: Status) -> Entry {
        Entry {
            change,
            time: String::new(),
            user_pool_id: "us-east-1_x".into(),
            operation: op.into(),
            target: "alice".into(),
            before: serde_json::json!({"alice": null}),
            after: serde_json::json!({"alice": "true"}),
            status,
            detail: None,
            undoes: None,
        }
    }

    #[test]
    fn a_forged_or_hand_edited_line_is_refused_and_printed_escaped() {
        let applied = entry(0, admin_verify::OPERATION, Status::Applied);
        let refused = validate(std::slice::from_ref(&applied));
        assert!(
            refused[&0].contains("no planned line before it"),
            "{refused:?}"
        );
        let mut planned = applied.clone();
        planned.status = Status::Planned;
        assert!(validate(&[planned.clone(), applied.clone()]).is_empty());
        // A planned line for another target does not vouch for it.
        planned.target = "mallory".into();
        assert_eq!(validate(&[planned, applied]).len(), 1);
        // A target that would forge an output line.
        let mut forged = entry(0, admin_verify::OPERATION, Status::Applied);
        forged.target = "bob\napplied      eve: restored".into();
        assert!(validate(&[forged.clone()])[&0].contains("control characters"));
        assert_eq!(
            line_target(&forged),
            "change 0 (AdminUpdateUserAttributes bob\\napplied      eve: restored)"
        );
    }

    #[test]
    fn creations_and_confirmations_are_refused_with_a_sentence() {
        let e = entry(0, super::super::create_user::OPERATION, Status::Applied);
        assert!(Kind::of(&e)
            .unwrap()
            .inverse(&e)
            .unwrap_err()
            .contains("admin-delete-user"));
        let e = entry(0, super::super::confirm_sign_up::OPERATION, Status::Applied);
        assert!(Kind::of(&e)
            .unwrap()
            .inverse(&e)
            .unwrap_err()
            .contains("cannot be unconfirmed"));
    }

    /// A restoration marks its change put back, whichever journal holds it; one recorded in the
    /// journal it undid is not undone again.
    #[test]
    fn restorations_mark_their_changes_put_back() {
        let planned = entry(0, admin_verify::OPERATION, Status::Planned);
        let applied = entry(0, admin_verify::OPERATION, Status::Applied);
        let mut restored = entry(1, admin_verify::OPERATION, Status::Applied);
        restored.undoes = Some(Undoes {
            journal: "j.jsonl".into(),
            change: 0,
        });
        let mut restored_planned = restored.clone();
        restored_planned.status = Status::Planned;
        let all = [planned, applied, restored_planned, restored];
        let done = put_back("j.jsonl", &[&all]);
        assert!(done[&0].starts_with("already put back"), "{done:?}");
        assert!(put_back("other.jsonl", &[&all]).is_empty());
    }
}
