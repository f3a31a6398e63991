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
    let mut words = vec!["aws".to_owned(), "cognito-idp".to_owned()];
    crate::fix::push(
        &mut words,
        &[
            "admin-get-user",
            "--user-pool-id",
            pool_id,
            "--username",
            username,
        ],
    );
    crate::fix::push_target(&mut words, target);
    words.join(" ")
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
    use crate::change::journal::Status;

    /// Each kind's journal record is read back as that kind, and undone (its inverse) or refused
    /// with a sentence: the record every fix writes, round-tripped through undo.
    #[test]
    fn every_kind_of_record_round_trips_through_undo() {
        let entry = |r: crate::change::journal::Record| Entry {
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
        let user = User {
            username: "ann".into(),
            status: "FORCE_CHANGE_PASSWORD".into(),
            email: Some("ann@example.com".into()),
            email_verified_raw: Some("false".into()),
            last_modified: Some("2026-01-01T00:00:00Z".into()),
            ..User::default()
        };
        let holder = User {
            username: "bob".into(),
            email_verified_raw: Some("true".into()),
            ..User::default()
        };
        let records = [
            (
                Kind::AdminVerify,
                admin_verify::record("p", &user, std::slice::from_ref(&holder)),
            ),
            (Kind::VerifyCode, code_flow::record("p", &user)),
            (Kind::Reinvite, reinvite::record("p", &user)),
            (
                Kind::ConfirmSignUp,
                confirm_sign_up::record("p", &user, false),
            ),
            (Kind::CreateUser, create_user::record("p", "ann", &[holder])),
            (
                Kind::MapProvider,
                map_provider::record(
                    "p",
                    "Okta",
                    &[("email".to_owned(), "email".to_owned())].into(),
                    &[("email_verified".to_owned(), "email_verified".to_owned())].into(),
                ),
            ),
            (
                Kind::EnableVerification,
                enable_verification::record("p", &[], &["email".to_owned()]),
            ),
        ];
        for (kind, record) in records {
            let e = entry(record);
            assert_eq!(Kind::of(&e), Some(kind), "{e:?}");
            match (kind, kind.inverse(&e)) {
                (Kind::Reinvite | Kind::ConfirmSignUp | Kind::CreateUser, Err(why)) => {
                    assert!(!why.is_empty())
                }
                (_, Ok(inverse)) => assert!(!inverse.describe().is_empty(), "{kind:?}"),
                (k, other) => panic!("{k:?}: {:?}", other.err()),
            }
        }
    }
}
