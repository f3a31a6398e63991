//! Setting a user's email_verified as an administrator, shared by `reverify --admin` for one
//! user and its bulk mode: who else holds the address as an alias, whether the next federated
//! sign-in would undo it, what the journal records, and the command that shows the user.

pub use crate::aws::fetch::alias_holders;
use crate::aws::pace::Pacer;
use crate::aws::{self, apply, fetch};
use crate::change::journal::Record;
use crate::change::settle::Check;
use crate::change::{Change, Plan};
use crate::error::AwsErrorKind;
use crate::model::{Pool, Provider, Unavailable};
use crate::model::{Snapshot, User};
use crate::settings::AwsTarget;

/// The journal record of setting a user's email_verified to "true": the values of every user it
/// changes (the alias holders lose theirs), by username, `null` for an absent attribute.
pub fn verified_record(pool_id: &str, user: &User, holders: &[User]) -> Record {
    let mut before = serde_json::json!({ user.username.clone(): user.email_verified_raw });
    let mut after = serde_json::json!({ user.username.clone(): "true" });
    for h in holders {
        before[&h.username] = serde_json::json!(h.email_verified_raw);
        after[&h.username] = serde_json::json!("false");
    }
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: "AdminUpdateUserAttributes",
        target: user.username.clone(),
        before,
        after,
    }
}

/// The plan's line on what an administrator's verification sends: `email_verified=true` alone,
/// and the one case where the address goes too, which would rewrite the address read at
/// `read_at` (for a bulk run: "just before each change").
pub fn sends_alone_note(email: &str, read_at: &str) -> String {
    format!(
        "email_verified=true is sent alone, so an address the user set since it was read stays; only if the service refuses it without the address (\"{}\", as cognito-local answers) is it sent once more with email={email}, the address read {read_at}: that would overwrite an address the user set since",
        crate::fix::ADMIN_VERIFY_FALLBACK
    )
}

/// Whether an administrator's verification had to send the address too (see
/// [`apply::admin_verify_email`]): the write records it, the read-back says it.
#[derive(Debug, Default)]
pub struct Fallback(std::sync::atomic::AtomicBool);

impl Fallback {
    pub fn record(&self, sent: apply::VerifySent) {
        if sent == apply::VerifySent::WithAddress {
            self.0.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// The read-back's result, with what the write sent when it was not `email_verified`
    /// alone.
    pub fn annotate(&self, check: &mut Check, email: &str, read_at: &str) {
        if self.0.load(std::sync::atomic::Ordering::SeqCst) {
            check.result.push_str(&format!(
                "; the service refused email_verified alone (\"{}\"), so it was sent again with email={email}, the address read {read_at}",
                crate::fix::ADMIN_VERIFY_FALLBACK
            ));
        }
    }
}

/// The read-back of setting a user's email_verified to "true": the user and every alias holder,
/// read with `get`. It took when the user reads exactly "true" and no holder still reads
/// verified (a holder still verified means the alias did not move, whatever the user reads).
pub async fn read_verified<G, F>(
    get: G,
    username: &str,
    email: &str,
    holders: &[User],
) -> crate::error::Result<Check>
where
    G: Fn(String) -> F,
    F: std::future::Future<Output = Result<User, crate::error::AwsError>>,
{
    let after = get(username.to_owned()).await?;
    let mut read_back = vec![Change::new(
        format!("{} email_verified", after.username),
        crate::change::verified_text(&after),
        "\"true\"",
    )];
    let mut observed = serde_json::json!({ after.username.clone(): after.email_verified_raw });
    let mut kept = Vec::new();
    for h in holders {
        let hu = get(h.username.clone()).await?;
        read_back.push(Change::new(
            format!("{} email_verified", hu.username),
            crate::change::verified_text(&hu),
            "\"false\"",
        ));
        observed[&hu.username] = serde_json::json!(hu.email_verified_raw);
        if hu.email_verified() {
            kept.push(hu.username);
        }
    }
    let verified = after.email_verified_raw.as_deref() == Some("true");
    let took = verified && kept.is_empty();
    let result = if took {
        format!("{}'s email {email} is verified", after.username)
    } else if verified {
        format!(
            "{}'s email reads verified, but {} still read{} back verified: the alias did not move as planned",
            after.username,
            kept.join(", "),
            if kept.len() == 1 { "s" } else { "" }
        )
    } else {
        format!(
            "email_verified of {} read back as {}: the change did not take",
            after.username,
            crate::change::verified_text(&after)
        )
    };
    Ok(Check {
        observed: Some(observed),
        took,
        read_back,
        result,
    })
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

/// For a federated user: why its next sign-in would undo an administrator's fix (reads its
/// providers); None when sign-ins do not rewrite the email or the user is local.
pub async fn reverts_at_sign_in(
    client: &crate::aws::Client,
    pool: &crate::model::Pool,
    user: &User,
    target: &AwsTarget,
) -> Option<String> {
    if !user.is_federated() {
        return None;
    }
    let (providers, unavailable) = fetch::providers_for(client, &pool.id, user).await;
    reverts_with(pool, user, &providers, &unavailable, target)
}

/// As [`reverts_at_sign_in`], with the pool's providers already read (a bulk run reads them
/// once, not once per user): `gaps` are the provider reads that failed.
pub fn reverts_with(
    pool: &crate::model::Pool,
    user: &User,
    providers: &[crate::model::Provider],
    gaps: &[crate::model::Unavailable],
    target: &AwsTarget,
) -> Option<String> {
    if !user.is_federated() {
        return None;
    }
    let probe = Snapshot {
        pool: pool.clone(),
        user: user.clone(),
        providers: providers.to_vec(),
        unavailable: gaps.to_vec(),
        ..Snapshot::default()
    };
    crate::rules::federated_fix_will_revert::reason(&probe, target)
}

/// Where one user stands.
pub enum Verdict {
    Change {
        user: Box<User>,
        holders: Vec<User>,
    },
    Skip(String),
    /// A read the verdict needs failed: never a skip (nothing says the user is fine), but a
    /// failure the run reports.
    Unread(String),
}

/// The pool's identity providers, read once for the run, and the reads that failed.
pub type Providers = (Vec<Provider>, Vec<Unavailable>);

/// What every user's assessment reads with.
pub struct Survey<'a> {
    pub client: &'a aws::Client,
    pub pool: &'a Pool,
    pub providers: &'a Providers,
    /// `--anyway`: change a user whose next federated sign-in would undo it.
    pub anyway: bool,
    /// `--take-alias`: move the address from another user who holds it as a verified alias.
    pub take_alias: bool,
    pub target: &'a AwsTarget,
    pub reads: &'a Pacer,
}

pub async fn assess(s: &Survey<'_>, username: &str) -> Verdict {
    let (client, pool, providers, target) = (s.client, s.pool, s.providers, s.target);
    let read = crate::aws::pace::paced(s.reads, || {
        fetch::admin_get_user(client, &pool.id, username)
    });
    let user = match read.await {
        Ok(u) => u,
        Err(e) if e.kind == AwsErrorKind::UserNotFound => {
            return Verdict::Skip(crate::change::bulk::NOT_IN_POOL.into())
        }
        Err(e) => return Verdict::Unread(format!("could not be read: {e}")),
    };
    if user.email_verified_raw.as_deref() == Some("true") {
        return Verdict::Skip("already verified".into());
    }
    if user.email.is_none() {
        return Verdict::Skip("no email to verify".into());
    }
    if !s.anyway && reverts_with(pool, &user, &providers.0, &providers.1, target).is_some() {
        return Verdict::Skip(
            "federated through a provider that maps email but not email_verified (the fix would revert; map-idp first, or --anyway)".into(),
        );
    }
    let holders =
        match crate::aws::pace::paced(s.reads, || alias_holders(client, pool, &user)).await {
            Ok(h) => h,
            Err(e) => return Verdict::Unread(format!("alias holders could not be read: {e}")),
        };
    if !holders.is_empty() && !s.take_alias {
        return Verdict::Skip(
            "another user holds the email as a verified alias (--take-alias to move it)".into(),
        );
    }
    Verdict::Change {
        user: Box::new(user),
        holders,
    }
}

/// Users named in a bulk plan before "and N more".
const SHOWN: usize = 10;

/// The plan of a bulk reverify: the first users and their values, the skips, the pace.
pub fn bulk_plan(
    pool: &Pool,
    read: usize,
    from: &std::path::Path,
    to_change: &[(String, String)],
    skipped: &crate::change::bulk::Skips,
    rps: f64,
) -> Plan {
    let mut changes: Vec<Change> = to_change
        .iter()
        .take(SHOWN)
        .map(|(n, before)| Change::new(format!("{n} email_verified"), before.clone(), "\"true\""))
        .collect();
    if to_change.len() > SHOWN {
        changes.push(Change::new(
            format!("... and {} more users", to_change.len() - SHOWN),
            "",
            "",
        ));
    }
    let mut notes = vec![format!(
        "{read} users read from {}: {} to change, {} skipped",
        from.display(),
        to_change.len(),
        skipped.total()
    )];
    notes.extend(skipped.notes());
    notes.push(format!(
        "pace: at most {rps} AdminUpdateUserAttributes calls a second (the UserUpdate quota is 25 a second per account, shared with your application): about {:.0} s",
        to_change.len() as f64 / rps
    ));
    notes.push("each user is read again just before its change and read back after; every change is journaled".into());
    notes.push(sends_alone_note(
        "<the user's address>",
        "just before its change",
    ));
    Plan {
        command: "reverify --admin --from".into(),
        call: "AdminUpdateUserAttributes (email_verified=true), once per user".into(),
        subject: vec![("user pool".into(), pool.id.clone())],
        changes,
        notes,
        aws_cli: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_names_the_fallback_and_the_outcome_says_when_it_happened() {
        let note = sends_alone_note("ann@example.com", "at 2026-01-02T03:04:05Z");
        assert!(
            note.starts_with("email_verified=true is sent alone"),
            "{note}"
        );
        assert!(
            note.contains("\"Email is required to verify/un-verify an email\"")
                && note.contains("email=ann@example.com, the address read at 2026-01-02T03:04:05Z")
                && note.contains("would overwrite an address the user set since"),
            "{note}"
        );
        let check = || Check {
            took: true,
            read_back: Vec::new(),
            result: "ann's email ann@example.com is verified".into(),
            observed: None,
        };
        let fallback = Fallback::default();
        fallback.record(apply::VerifySent::Alone);
        let mut alone = check();
        fallback.annotate(&mut alone, "ann@example.com", "at T");
        assert_eq!(alone.result, "ann's email ann@example.com is verified");
        fallback.record(apply::VerifySent::WithAddress);
        let mut again = check();
        fallback.annotate(&mut again, "ann@example.com", "at T");
        assert!(
            again.result.ends_with(
                "so it was sent again with email=ann@example.com, the address read at T"
            ),
            "{}",
            again.result
        );
    }
}
