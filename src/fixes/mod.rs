//! Every kind of change the tool makes, one file each (git-branchless's typed plan, ruff's one
//! applier): its operation, how it reads its subject, plans, records, writes and reads back
//! (a [`Fix`] the one driver, `change::drive`, runs), and how a journal entry of it is undone.
//! [`Kind`] is the closed list of them and the one place that tells a journal entry's kind by its
//! operation; `undo` dispatches through it.

pub mod admin_verify;
pub mod code_flow;
pub mod confirm_sign_up;
pub mod create_user;
pub mod enable_verification;
pub mod map_provider;
pub mod reinvite;
pub mod undo;

pub use crate::change::drive::{Fix, Surveyed, Verdict, Words};

use crate::aws::fetch;
use crate::change::journal::Entry;
use crate::change::{verified_text, Change};
use crate::model::User;
use crate::settings::AwsTarget;

/// Every kind of change, closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `reverify --admin`: an administrator marks the email verified.
    AdminVerify,
    /// `reverify --code-file`: the user's own code submitted.
    VerifyCode,
    /// `reinvite`: the invitation sent again.
    Reinvite,
    /// `force-alias confirm`: a sign-up confirmed, the alias moved or denied.
    ConfirmSignUp,
    /// `force-alias create`: a user created with a verified duplicate email.
    CreateUser,
    /// `map-idp`: a provider's mapping of email_verified.
    MapProvider,
    /// `enable-verification`: the pool sends email codes.
    EnableVerification,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::AdminVerify,
        Kind::VerifyCode,
        Kind::Reinvite,
        Kind::ConfirmSignUp,
        Kind::CreateUser,
        Kind::MapProvider,
        Kind::EnableVerification,
    ];

    /// The operation its journal entries carry.
    pub fn operation(self) -> &'static str {
        match self {
            Kind::AdminVerify => admin_verify::OPERATION,
            Kind::VerifyCode => code_flow::OPERATION,
            Kind::Reinvite => reinvite::OPERATION,
            Kind::ConfirmSignUp => confirm_sign_up::OPERATION,
            Kind::CreateUser => create_user::OPERATION,
            Kind::MapProvider => map_provider::OPERATION,
            Kind::EnableVerification => enable_verification::OPERATION,
        }
    }

    /// The kind of a journal entry, by its operation (an AdminCreateUser is a resent invitation
    /// or a created user, by what it recorded).
    pub fn of(e: &Entry) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| {
            k.operation() == e.operation
                && match k {
                    Kind::Reinvite => reinvite::is_resend(e),
                    Kind::CreateUser => !reinvite::is_resend(e),
                    _ => true,
                }
        })
    }

    /// What undoing the entry puts back, or the sentence why it cannot be.
    pub fn inverse(self, e: &Entry) -> Result<undo::Inverse, String> {
        match self {
            Kind::AdminVerify | Kind::VerifyCode => {
                admin_verify::inverse(e).map(undo::Inverse::EmailVerified)
            }
            Kind::Reinvite => Err(reinvite::irreversible(e)),
            Kind::ConfirmSignUp => Err(confirm_sign_up::irreversible(e)),
            Kind::CreateUser => Err(create_user::irreversible(e)),
            Kind::MapProvider => map_provider::inverse(e).map(undo::Inverse::Mapping),
            Kind::EnableVerification => {
                enable_verification::inverse(e).map(undo::Inverse::AutoVerified)
            }
        }
    }
}

/// The AWS CLI command that shows a user's state by hand.
pub fn check_user_cli(pool_id: &str, username: &str, target: &AwsTarget) -> String {
    cognito_cli(
        &[
            "admin-get-user",
            "--user-pool-id",
            pool_id,
            "--username",
            username,
        ],
        target,
    )
}

/// `aws cognito-idp WORDS...` where `target` says: a read that shows a change by hand.
pub fn cognito_cli(words: &[&str], target: &AwsTarget) -> String {
    let mut line = vec!["aws".to_owned(), "cognito-idp".to_owned()];
    crate::fix::push(&mut line, words);
    crate::fix::push_target(&mut line, target);
    line.join(" ")
}

/// The notes a plan for many users opens with: how many were read and from where, how many
/// change and why the others are skipped, the pace under its quota, that each is read again and
/// journaled; and, closing, how many could not be read for the plan.
pub struct BulkNotes<'a> {
    /// `to change`, `to invite again`.
    pub doing: &'a str,
    /// `AdminUpdateUserAttributes calls a second (the UserUpdate quota is 25 a second ...)`.
    pub pace: String,
    /// `change`, `invitation`.
    pub each: &'a str,
}

impl BulkNotes<'_> {
    pub fn head<S>(&self, s: &Surveyed<'_, S>, from: Option<&std::path::Path>) -> Vec<String> {
        let mut notes = vec![format!(
            "{} users read from {}: {} {}, {} skipped",
            s.read,
            from.map(|f| f.display().to_string()).unwrap_or_default(),
            s.to_change.len(),
            self.doing,
            s.skipped.total()
        )];
        notes.extend(s.skipped.notes());
        notes.push(format!(
            "pace: at most {} {}: about {:.0} s",
            s.rps,
            self.pace,
            s.to_change.len() as f64 / s.rps
        ));
        notes.push(format!(
            "each user is read again just before its {each} and read back after; every {each} is journaled",
            each = self.each
        ));
        notes
    }

    pub fn tail<S>(&self, s: &Surveyed<'_, S>, notes: &mut Vec<String>) {
        if s.unread > 0 {
            notes.push(format!(
                "{} of them could not be read for this plan: each is read again just before its {}, and one that still cannot be read is reported as failed",
                s.unread, self.each
            ));
        }
    }
}

/// The alias holders as read back, with what the plan expects of them: the alias moved away
/// (`moved`), or kept; and whether every holder reads back as expected.
pub async fn read_back_holders(
    client: &crate::aws::Client,
    pool_id: &str,
    hs: &[User],
    moved: bool,
) -> (Vec<Change>, bool) {
    let mut out = Vec::new();
    let mut as_planned = true;
    for h in hs {
        if let Ok(u) = fetch::admin_get_user(client, pool_id, &h.username).await {
            as_planned &= u.email_verified() != moved;
            out.push(Change::new(
                format!("{} email_verified", u.username),
                verified_text(&u),
                if moved {
                    "\"false\" (alias moved)"
                } else {
                    "\"true\" (keeps the alias)"
                },
            ));
        }
    }
    (out, as_planned)
}

/// The first `SHOWN` of a bulk run's changes as plan lines, and "... and N more".
pub fn first_changes(mut changes: Vec<Change>, total: usize, what: &str) -> Vec<Change> {
    changes.truncate(SHOWN);
    if total > SHOWN {
        changes.push(Change::new(
            format!("... and {} more {what}", total - SHOWN),
            "",
            "",
        ));
    }
    changes
}

/// Targets named in a bulk plan before "and N more".
pub const SHOWN: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::journal::{Record, Status};
    use crate::error::AwsError;
    use std::collections::BTreeMap;

    fn ann() -> User {
        User {
            username: "ann".into(),
            status: "FORCE_CHANGE_PASSWORD".into(),
            email: Some("ann@example.com".into()),
            email_verified_raw: Some("false".into()),
            last_modified: Some("2026-01-01T00:00:00Z".into()),
            ..User::default()
        }
    }

    fn bob() -> User {
        User {
            username: "bob".into(),
            email_verified_raw: Some("true".into()),
            ..User::default()
        }
    }

    /// The record each kind's fix journals, for a change to ann (bob holding her address as an
    /// alias where the kind moves it).
    fn records(pool: &str) -> [(Kind, Record); 7] {
        [
            (
                Kind::AdminVerify,
                admin_verify::record(pool, &ann(), &[bob()]),
            ),
            (Kind::VerifyCode, code_flow::record(pool, &ann())),
            (Kind::Reinvite, reinvite::record(pool, &ann())),
            (
                Kind::ConfirmSignUp,
                confirm_sign_up::record(pool, &ann(), false),
            ),
            (Kind::CreateUser, create_user::record(pool, "ann", &[bob()])),
            (
                Kind::MapProvider,
                map_provider::record(
                    pool,
                    "Okta",
                    &[("email".to_owned(), "email".to_owned())].into(),
                    &[("email_verified".to_owned(), "email_verified".to_owned())].into(),
                ),
            ),
            (
                Kind::EnableVerification,
                enable_verification::record(pool, &[], &["email".to_owned()]),
            ),
        ]
    }

    /// An entry reads as `kind`, and is undone (an inverse that describes what it puts back) or
    /// refused with a sentence, as that kind is: invitations, confirmations and created users are
    /// refused, the rest put back.
    fn assert_undoes_as(kind: Kind, e: &Entry) {
        assert_eq!(Kind::of(e), Some(kind), "{e:?}");
        match (kind, kind.inverse(e)) {
            (Kind::Reinvite | Kind::ConfirmSignUp | Kind::CreateUser, Err(why)) => {
                assert!(!why.trim().is_empty(), "{kind:?}: {e:?}")
            }
            (
                Kind::AdminVerify | Kind::VerifyCode | Kind::MapProvider | Kind::EnableVerification,
                Ok(inverse),
            ) => assert!(!inverse.describe().is_empty(), "{kind:?}: {e:?}"),
            (k, other) => panic!("{k:?}, change {}: {other:?}", e.change),
        }
    }

    /// A journal as `undo` reads it: every change a planned line then its applied line, no line
    /// refused, each line of the kind `kinds` names for its change and undone (or refused) as
    /// that kind is, and one change for undo per change of the journal.
    fn assert_journal_undoes(entries: &[Entry], kinds: &BTreeMap<u64, Kind>) {
        assert_eq!(entries.len(), 2 * kinds.len(), "{entries:?}");
        for pair in entries.chunks(2) {
            assert_eq!(
                (pair[0].status, pair[1].status, pair[0].change),
                (Status::Planned, Status::Applied, pair[1].change),
                "{pair:?}"
            );
        }
        let refused = undo::validate(entries);
        assert!(refused.is_empty(), "{refused:?}");
        for e in entries {
            let kind = kinds
                .get(&e.change)
                .unwrap_or_else(|| panic!("change {} is not expected", e.change));
            assert_undoes_as(*kind, e);
            // `undo` takes its pool from the journal.
            crate::settings::UserPoolId::parse(&e.user_pool_id).unwrap();
        }
        let changes = undo::changes(entries);
        let made: Vec<u64> = changes.iter().rev().map(|c| c.entry.change).collect();
        assert_eq!(made, kinds.keys().copied().collect::<Vec<_>>());
        for c in &changes {
            assert_eq!(c.entry.status, Status::Applied);
            let kind = kinds[&c.entry.change];
            assert_eq!(
                c.inverse.as_ref().ok(),
                kind.inverse(&c.entry).ok().as_ref()
            );
            assert_undoes_as(kind, &c.entry);
        }
    }

    /// Reads journal text through `journal::read`, as `undo` reads its file.
    fn read_journal(text: &str) -> Vec<Entry> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        std::fs::write(&path, text).unwrap();
        let read = crate::change::journal::read(&path).unwrap();
        assert!(read.truncated.is_none(), "{:?}", read.truncated);
        read.entries
    }

    /// Each kind's journal record is read back as that kind, and undone (its inverse) or refused
    /// with a sentence: the record every fix writes, round-tripped through undo.
    #[test]
    fn every_kind_of_record_round_trips_through_undo() {
        let entry = |r: Record| Entry {
            change: 0,
            time: "t".into(),
            user_pool_id: r.user_pool_id,
            operation: r.operation.into(),
            target: r.target,
            before: r.before,
            after: r.after,
            status: Status::Applied,
            detail: None,
            undoes: r.undoes,
        };
        for (kind, record) in records("p") {
            assert_undoes_as(kind, &entry(record));
        }
    }

    /// The journals version 3 (f2e2be3) wrote, line for line as its code serialized them
    /// (tests/journals/SOURCES.md names the function behind each line): every kind of change it
    /// made still reads as its kind, and undo puts back or refuses each as it did then. Its own
    /// undo's journal, whose restorations carry no `undoes`, reads as changes of their own.
    #[test]
    fn journals_written_by_version_3_still_undo() {
        const V3: &str = include_str!("../../tests/journals/v3.jsonl");
        const V3_UNDO: &str = include_str!("../../tests/journals/v3-undo.jsonl");
        let entries = read_journal(V3);
        // Today's Entry keeps every key version 3 wrote, and adds none to its lines.
        for (line, e) in V3.lines().zip(&entries) {
            assert_eq!(serde_json::to_string(e).unwrap(), line);
        }
        let kinds: BTreeMap<u64, Kind> = [
            (0, Kind::AdminVerify),
            (1, Kind::AdminVerify),
            (2, Kind::VerifyCode),
            (3, Kind::Reinvite),
            (4, Kind::Reinvite),
            (5, Kind::ConfirmSignUp),
            (6, Kind::CreateUser),
            (7, Kind::MapProvider),
            (8, Kind::EnableVerification),
        ]
        .into();
        assert!(Kind::ALL.iter().all(|k| kinds.values().any(|v| v == k)));
        assert_journal_undoes(&entries, &kinds);
        // What undo puts back: the values before each change, an absent attribute absent again.
        let q = |v: &str| format!("\"{v}\"");
        let put_back: BTreeMap<u64, Vec<Change>> = [
            (
                0,
                vec![
                    Change::new("ann email_verified", q("true"), q("false")),
                    Change::new("bob email_verified", q("false"), q("true")),
                ],
            ),
            (
                1,
                vec![Change::new("cal email_verified", q("true"), "(absent)")],
            ),
            (
                2,
                vec![Change::new("dee email_verified", q("true"), q("false"))],
            ),
            (
                7,
                vec![Change::new(
                    "Okta AttributeMapping",
                    r#"{"email":"email","email_verified":"email_verified","username":"sub"}"#,
                    r#"{"email":"email","username":"sub"}"#,
                )],
            ),
            (
                8,
                vec![Change::new(
                    "AutoVerifiedAttributes",
                    "[phone_number, email]",
                    "[phone_number]",
                )],
            ),
        ]
        .into();
        for c in undo::changes(&entries) {
            let described = c.inverse.as_ref().ok().map(undo::Inverse::describe);
            assert_eq!(described.as_ref(), put_back.get(&c.entry.change), "{c:?}");
        }

        let restorations = read_journal(V3_UNDO);
        let kinds: BTreeMap<u64, Kind> = [
            (0, Kind::EnableVerification),
            (1, Kind::MapProvider),
            (2, Kind::AdminVerify),
            (3, Kind::AdminVerify),
            (4, Kind::AdminVerify),
        ]
        .into();
        assert_journal_undoes(&restorations, &kinds);
        assert!(restorations.iter().all(|e| e.undoes.is_none()));
    }

    /// A journal this version writes: each kind's record through a real `Journal`, its planned
    /// line then its applied line with what the kind's read-back observes (as `write_and_check`
    /// writes it), read back from the file: every kind undoes, or is refused, as it should.
    #[tokio::test]
    async fn journals_written_by_this_version_undo() {
        const POOL: &str = "us-east-1_NowJournal";
        // The users as the read-back finds them once the change took.
        fn read_as(
            users: Vec<User>,
        ) -> impl Fn(String) -> std::future::Ready<Result<User, AwsError>> {
            move |name| {
                std::future::ready(Ok(users
                    .iter()
                    .find(|u| u.username == name)
                    .cloned()
                    .unwrap()))
            }
        }
        let verified = User {
            email_verified_raw: Some("true".into()),
            ..ann()
        };
        let moved = User {
            email_verified_raw: Some("false".into()),
            ..bob()
        };
        let invited = User {
            last_modified: Some("2026-02-01T00:00:00Z".into()),
            ..ann()
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("now.jsonl");
        let journal =
            crate::change::journal::Journal::open(Some(&path), dir.path(), Some(POOL), true)
                .unwrap()
                .unwrap();
        let mut kinds = BTreeMap::new();
        for (kind, record) in records(POOL) {
            let observed = match kind {
                Kind::AdminVerify => {
                    admin_verify::read_verified(
                        read_as(vec![verified.clone(), moved.clone()]),
                        "ann",
                        "ann@example.com",
                        &[bob()],
                    )
                    .await
                    .unwrap()
                    .observed
                }
                Kind::Reinvite => {
                    reinvite::read_back(read_as(vec![invited.clone()]), &ann())
                        .await
                        .unwrap()
                        .observed
                }
                _ => None,
            };
            let n = journal.planned(&record).unwrap();
            let seen = match observed {
                Some(after) => Record {
                    after,
                    ..record.clone()
                },
                None => record.clone(),
            };
            journal.result(&seen, n, Status::Applied, None).unwrap();
            kinds.insert(n, kind);
        }
        drop(journal);
        assert_eq!(kinds.values().copied().collect::<Vec<_>>(), Kind::ALL);
        let entries = crate::change::journal::read(&path).unwrap().entries;
        assert_journal_undoes(&entries, &kinds);
    }
}
