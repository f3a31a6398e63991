//! `force-alias`: cause 2. Confirm a sign-up moving (or denying) the alias, or create a user
//! with a duplicate verified email.

use super::change::{verified_text, Change};
use crate::aws::fetch;
use crate::cli::{ForceAliasArgs, ForceAliasCommand};
use crate::error::{ExitCode, Result};
use crate::model::User;

pub async fn run(g: &super::Context, a: &ForceAliasArgs) -> Result<ExitCode> {
    match &a.command {
        ForceAliasCommand::Confirm(c) => super::force_alias_confirm::confirm(g, c).await,
        ForceAliasCommand::Create(c) => super::force_alias_create::create(g, c).await,
    }
}

/// The alias holders as read back, with what the plan expects of them: the alias moved away
/// (`moved`), or kept. Also whether every holder reads back as expected.
pub(super) async fn read_back_holders(
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

/// What a confirmation changes (the user's status, and the holder's alias when it moves) and
/// what the operator must know, for the plan of `force-alias confirm`.
pub(super) fn confirm_changes(user: &User, hs: &[User], force: bool) -> (Vec<Change>, Vec<String>) {
    let mut changes = vec![Change::new(
        format!("{} status", user.username),
        user.status.clone(),
        "CONFIRMED",
    )];
    let mut notes = Vec::new();
    match (hs.first(), force) {
        (Some(h), true) => {
            changes.push(Change::new(
                format!("{} email_verified", h.username),
                verified_text(h),
                "\"false\" (the alias moves to this user)",
            ));
            notes.push(format!(
                "{} can no longer sign in with {}",
                h.username,
                user.email.as_deref().unwrap_or_default()
            ));
        }
        (Some(h), false) => {
            changes[0] = Change::new(
                format!("{} status", user.username),
                user.status.clone(),
                "UNCONFIRMED (denied)",
            );
            notes.push(format!(
                "expected answer: AliasExistsException \"An account with the email already exists.\"; {} keeps the alias",
                h.username
            ));
        }
        (None, _) => {
            notes.push("no other user holds this email as a verified alias: nothing moves".into())
        }
    }
    (changes, notes)
}
