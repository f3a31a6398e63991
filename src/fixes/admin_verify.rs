//! The administrator's verification of a user's email (`reverify --admin`, one user or `--from`
//! many): AdminUpdateUserAttributes `email_verified=true`, alone. Who else holds the address as a
//! verified alias (the call silently takes it), whether the next federated sign-in would undo it,
//! the journal record of every user it changes, the read-back, and the inverse: every user's
//! email_verified put back as it was.

use serde_json::Value;

use super::{check_user_cli, first_changes, Fix, Surveyed, Verdict, Words};
use crate::aws::pace::{paced, Pacer};
use crate::aws::{apply, fetch, Client};
use crate::change::bulk::NOT_IN_POOL;
use crate::change::journal::{Entry, Record};
use crate::change::settle::{Check, Settle};
use crate::change::{not_in_pool, verified_text, Change, Plan};
use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::fix::{Action, Spell};
use crate::model::{Pool, Provider, Snapshot, Unavailable, User};
use crate::settings::AwsTarget;

/// The operation it sends.
pub const OPERATION: &str = "AdminUpdateUserAttributes";

/// The pool's identity providers, read once for a bulk run, and the reads that failed.
pub type Providers = (Vec<Provider>, Vec<Unavailable>);

/// An administrator's verification of one user or of each of a list.
pub struct AdminVerify<'a> {
    pub client: &'a Client,
    pub pool: &'a Pool,
    pub target: &'a AwsTarget,
    /// The pool's providers, read once (a bulk run); None: read for the user (one user).
    pub providers: Option<&'a Providers>,
    /// `--anyway`: change a user whose next federated sign-in would undo it.
    pub anyway: bool,
    /// `--take-alias`: move the address from another user who holds it as a verified alias.
    pub take_alias: bool,
    /// The list a bulk run reads (`--from`).
    pub from: Option<&'a std::path::Path>,
    /// How the tool's own commands are spelled (the change that prevents a revert).
    pub spell: &'a dyn Spell,
}

/// One user as read just before its change.
pub struct Subject {
    user: User,
    email: String,
    holders: Vec<User>,
    /// Why the next federated sign-in would undo the change, when it would.
    reverts: Option<String>,
    /// When the user was read: the address that might be sent again was read then.
    read_at: String,
    fallback: Fallback,
}

/// The journal record of setting a user's email_verified to "true": the values of every user it
/// changes (the alias holders lose theirs), by username, `null` for an absent attribute.
pub fn record(pool_id: &str, user: &User, holders: &[User]) -> Record {
    let mut before = serde_json::json!({ user.username.clone(): user.email_verified_raw });
    let mut after = serde_json::json!({ user.username.clone(): "true" });
    for h in holders {
        before[&h.username] = serde_json::json!(h.email_verified_raw);
        after[&h.username] = serde_json::json!("false");
    }
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: OPERATION,
        target: user.username.clone(),
        before,
        after,
        undoes: None,
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
) -> Result<Check>
where
    G: Fn(String) -> F,
    F: std::future::Future<Output = std::result::Result<User, AwsError>>,
{
    let after = get(username.to_owned()).await?;
    let mut read_back = vec![Change::new(
        format!("{} email_verified", after.username),
        verified_text(&after),
        "\"true\"",
    )];
    let mut observed = serde_json::json!({ after.username.clone(): after.email_verified_raw });
    let mut kept = Vec::new();
    for h in holders {
        let hu = get(h.username.clone()).await?;
        read_back.push(Change::new(
            format!("{} email_verified", hu.username),
            verified_text(&hu),
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
            verified_text(&after)
        )
    };
    Ok(Check {
        observed: Some(observed),
        took,
        read_back,
        result,
    })
}

/// Why the next federated sign-in of `user` would undo an administrator's fix, given the pool's
/// providers; None when sign-ins do not rewrite the email or the user is local.
pub fn reverts_with(
    pool: &Pool,
    user: &User,
    providers: &[Provider],
    gaps: &[Unavailable],
    target: &AwsTarget,
    spell: &dyn Spell,
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
    let revert = crate::rules::federated_fix_will_revert::reason(&probe)?;
    Some(match revert.prevent.and_then(|a| spell.fix(&a, target)) {
        Some(line) => format!("{}: {line}", revert.why),
        None => revert.why,
    })
}

impl AdminVerify<'_> {
    /// The user's providers: the run's, or read for this user.
    async fn reverts(&self, user: &User) -> Option<String> {
        if !user.is_federated() {
            return None;
        }
        match self.providers {
            Some((providers, gaps)) => {
                reverts_with(self.pool, user, providers, gaps, self.target, self.spell)
            }
            None => {
                let (providers, gaps) =
                    fetch::providers_for(self.client, &self.pool.id, user).await;
                reverts_with(self.pool, user, &providers, &gaps, self.target, self.spell)
            }
        }
    }

    /// The verdict on a user just read, its alias holders and its revert read after it.
    async fn assess(&self, user: User, reads: &Pacer) -> Verdict<Subject> {
        let Some(email) = user.email.clone() else {
            let why = format!(
                "user {} has no email to verify; set one first (aws cognito-idp admin-update-user-attributes ... Name=email,Value=...)",
                user.username
            );
            return Verdict::Refused {
                subject: None,
                why,
                short: "no email to verify".into(),
            };
        };
        let read_at = format!("at {}", crate::aws::now_rfc3339());
        let holders = match paced(reads, || {
            fetch::alias_holders(self.client, self.pool, &user)
        })
        .await
        {
            Ok(h) => h,
            Err(e) => return Verdict::Unread(e.into()),
        };
        let reverts = self.reverts(&user).await;
        let (verified, first) = (
            user.email_verified_raw.as_deref() == Some("true"),
            holders.first().map(|h| h.username.clone()),
        );
        let subject = Subject {
            user,
            email,
            holders,
            reverts,
            read_at,
            fallback: Fallback::default(),
        };
        let who = subject.user.username.clone();
        if verified {
            return Verdict::Unchanged {
                why: format!("{who} already has a verified email; nothing changed"),
                short: "already verified".into(),
                subject,
            };
        }
        if let (Some(why), false) = (&subject.reverts, self.anyway) {
            return Verdict::Refused {
                why: format!("{why}; rerun with --anyway to apply it regardless"),
                short: "federated through a provider that maps email but not email_verified (the fix would revert; map-idp first, or --anyway)".into(),
                subject: Some(subject),
            };
        }
        if let (Some(h), false) = (first, self.take_alias) {
            return Verdict::Refused {
                why: format!(
                    "{h} holds {} as a verified alias, and AdminUpdateUserAttributes would silently take it and make {h}'s email unverified; rerun with --take-alias if {who} should own the address",
                    subject.email
                ),
                short: "another user holds the email as a verified alias (--take-alias to move it)".into(),
                subject: Some(subject),
            };
        }
        Verdict::Change(subject)
    }
}

impl Fix for AdminVerify<'_> {
    type Target = String;
    type Subject = Subject;

    fn name(&self, t: &String) -> String {
        t.clone()
    }

    async fn survey(&self, name: &String, reads: &Pacer) -> Verdict<Subject> {
        match paced(reads, || {
            fetch::admin_get_user(self.client, &self.pool.id, name)
        })
        .await
        {
            Ok(user) => self.assess(user, reads).await,
            Err(e) if e.kind == AwsErrorKind::UserNotFound => {
                Verdict::Missing(not_in_pool(e, name, &self.pool.id))
            }
            Err(e) => Verdict::Unread(e.into()),
        }
    }

    fn plan(&self, s: &Subject) -> Plan {
        let user = &s.user;
        let mut changes = vec![Change::new(
            format!("{} email_verified", user.username),
            verified_text(user),
            "\"true\"",
        )];
        for h in &s.holders {
            changes.push(Change::new(
                format!("{} email_verified", h.username),
                verified_text(h),
                "\"false\" (the alias moves away from it)",
            ));
        }
        let mut notes = Vec::new();
        match &s.reverts {
            Some(why) => notes.push(why.clone()),
            None if user.is_federated() => notes.push(format!(
                "{} is federated, but no provider of it maps email: sign-ins do not rewrite the email, so this fix holds",
                user.username
            )),
            None => {}
        }
        let action = Action::admin_verify(self.pool, user, self.take_alias);
        notes.push(sends_alone_note(&s.email, &s.read_at));
        Plan {
            command: format!(
                "reverify --admin{}",
                if self.take_alias { " --take-alias" } else { "" }
            ),
            call: format!(
                "{OPERATION} ({})",
                action.attributes_sent().unwrap_or_default()
            ),
            subject: [
                ("user pool".to_owned(), self.pool.id.clone()),
                ("user".to_owned(), user.username.clone()),
                ("email".to_owned(), s.email.clone()),
            ]
            .into_iter()
            .chain(
                s.holders
                    .iter()
                    .map(|h| ("alias held by".to_owned(), h.username.clone())),
            )
            .collect(),
            changes,
            notes,
            aws_cli: Some(action.aws_cli(self.target)),
        }
    }

    fn plan_many(&self, s: &Surveyed<'_, Subject>) -> Plan {
        let changes = s
            .to_change
            .iter()
            .take(super::SHOWN)
            .map(|(n, subject)| {
                let before =
                    subject.map_or("(could not be read)".to_owned(), |s| verified_text(&s.user));
                Change::new(format!("{n} email_verified"), before, "\"true\"")
            })
            .collect();
        let words = super::BulkNotes {
            doing: "to change",
            pace: format!("{OPERATION} calls a second (the UserUpdate quota is 25 a second per account, shared with your application)"),
            each: "change",
        };
        let mut notes = words.head(s, self.from);
        notes.push(sends_alone_note(
            "<the user's address>",
            "just before its change",
        ));
        words.tail(s, &mut notes);
        Plan {
            command: "reverify --admin --from".into(),
            call: format!("{OPERATION} (email_verified=true), once per user"),
            subject: vec![("user pool".into(), self.pool.id.clone())],
            changes: first_changes(changes, s.to_change.len(), "users"),
            notes,
            aws_cli: None,
        }
    }

    fn settle(&self, s: &Subject) -> Settle {
        Settle {
            operation: OPERATION,
            repeat_answers: &[],
            check_cli: check_user_cli(&self.pool.id, &s.user.username, self.target),
            record: Some(record(&self.pool.id, &s.user, &s.holders)),
        }
    }

    async fn write(&self, s: &Subject) -> std::result::Result<(), AwsError> {
        let sent =
            apply::admin_verify_email(self.client, &self.pool.id, &s.user.username, &s.email)
                .await?;
        s.fallback.record(sent);
        Ok(())
    }

    async fn read_back(&self, s: &Subject, reads: &Pacer) -> Result<Check> {
        let (client, id) = (self.client, self.pool.id.as_str());
        let get =
            |n: String| async move { paced(reads, || fetch::admin_get_user(client, id, &n)).await };
        let mut check = read_verified(get, &s.user.username, &s.email, &s.holders).await?;
        s.fallback.annotate(&mut check, &s.email, &s.read_at);
        Ok(check)
    }

    /// AliasExistsException on an administrator's verification, explained by what was read: the
    /// holders looked up before the call, or that none was found.
    fn explain(&self, s: &Subject, e: Error) -> Error {
        let email = &s.email;
        match e {
            Error::Refused(msg) if msg.contains("AliasExistsException") => {
                Error::refused(if s.holders.is_empty() {
                    format!("the service refused with AliasExistsException, although no other user was found holding {email} verified (looked up with ListUsers email = that address before the call); read the pool's users with that address by hand before retrying")
                } else {
                    format!(
                        "the service refused with AliasExistsException: {} hold{} {email} verified",
                        s.holders
                            .iter()
                            .map(|h| h.username.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        if s.holders.len() == 1 { "s" } else { "" }
                    )
                })
            }
            other => other,
        }
    }

    fn words(&self) -> Words {
        Words {
            nothing: "no user needs the change; nothing changed".into(),
            journal: "(undo --journal F puts these changes back)".into(),
            changes: "changes".into(),
            unread: "nothing was changed: could not be read".into(),
            ..Words::default()
        }
    }
}

/// What undoing an administrator's verification (or a code submitted) puts back: each user's
/// email_verified as it was (None: absent), the target first, then the users whose alias it
/// took.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub users: Vec<(String, Option<String>, Option<String>)>,
}

/// An email_verified value a journal may hold: absent, or true/false in any case (a stored
/// "True" is what `reverify` rewrites).
fn verified_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"),
        _ => false,
    }
}

/// The email_verified values an entry of this kind changed, or why they cannot be put back.
pub fn inverse(e: &Entry) -> std::result::Result<Restore, String> {
    let (Some(before), Some(after)) = (e.before.as_object(), e.after.as_object()) else {
        return Err("the journal line holds no email_verified values".into());
    };
    if let Some((name, v)) = before
        .iter()
        .chain(after.iter())
        .find(|(_, v)| !verified_value(v))
    {
        return Err(format!(
            "the journal holds {} for {}'s email_verified: not a value it can have (true, false or absent)",
            crate::text::one_line(&v.to_string()),
            crate::text::one_line(name)
        ));
    }
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let mut names: Vec<&String> = after.keys().collect();
    names.sort_by_key(|n| (**n != e.target, (*n).clone()));
    Ok(Restore {
        users: names
            .into_iter()
            .map(|n| (n.clone(), text(before.get(n)), text(after.get(n))))
            .collect(),
    })
}

fn quoted(v: &Option<String>) -> String {
    v.as_deref()
        .map(|v| format!("\"{v}\""))
        .unwrap_or_else(|| "(absent)".into())
}

impl Restore {
    pub fn describe(&self) -> Vec<Change> {
        self.users
            .iter()
            .map(|(n, before, after)| {
                Change::new(format!("{n} email_verified"), quoted(after), quoted(before))
            })
            .collect()
    }

    /// None when every user still reads as the change left it, else the sentence why not.
    pub async fn changed_since(
        &self,
        client: &Client,
        reads: &Pacer,
        pool_id: &str,
    ) -> Result<Option<String>> {
        let mut differ = Vec::new();
        for (name, _, after) in &self.users {
            let now = match paced(reads, || fetch::admin_get_user(client, pool_id, name)).await {
                Ok(user) => user.email_verified_raw,
                Err(e) if e.kind == AwsErrorKind::UserNotFound => {
                    differ.push(format!("user {name} is {NOT_IN_POOL}"));
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            if now != *after {
                differ.push(format!(
                    "{name}'s email_verified is {} now, not {} as the change left it",
                    now.as_deref()
                        .map(|v| format!("\"{v}\""))
                        .unwrap_or_else(|| "absent".into()),
                    after
                        .as_deref()
                        .map(|v| format!("\"{v}\""))
                        .unwrap_or_else(|| "absent".into())
                ));
            }
        }
        Ok((!differ.is_empty()).then(|| format!("changed since: {}", differ.join("; "))))
    }

    pub async fn write(&self, client: &Client, pool_id: &str) -> std::result::Result<(), AwsError> {
        for (name, before, _) in &self.users {
            apply::restore_email_verified(client, pool_id, name, before.as_deref()).await?;
        }
        Ok(())
    }

    /// Whether every user reads as it was before the change.
    pub async fn put_back(&self, client: &Client, reads: &Pacer, pool_id: &str) -> Result<bool> {
        let mut ok = true;
        for (name, before, _) in &self.users {
            let now = paced(reads, || fetch::admin_get_user(client, pool_id, name))
                .await?
                .email_verified_raw;
            ok &= now == *before;
        }
        Ok(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::journal::Status;

    fn entry(before: Value, after: Value) -> Entry {
        Entry {
            change: 0,
            time: String::new(),
            user_pool_id: "us-east-1_x".into(),
            operation: OPERATION.into(),
            target: "alice".into(),
            before,
            after,
            status: Status::Applied,
            detail: None,
            undoes: None,
        }
    }

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

    #[test]
    fn email_verified_changes_put_the_target_back_first_then_the_holders() {
        let e = entry(
            serde_json::json!({"alice": null, "nora": "true"}),
            serde_json::json!({"alice": "true", "nora": "false"}),
        );
        assert_eq!(
            inverse(&e).unwrap().users,
            vec![
                ("alice".into(), None, Some("true".into())),
                ("nora".into(), Some("true".into()), Some("false".into())),
            ]
        );
    }

    #[test]
    fn a_forged_value_is_refused_and_printed_escaped() {
        let e = entry(
            serde_json::json!({"alice": "yes<script>\u{0}"}),
            serde_json::json!({"alice": "true"}),
        );
        let why = inverse(&e).unwrap_err();
        assert!(why.contains("not a value it can have"), "{why}");
        assert!(!why.contains('\u{0}'), "{why:?}");
    }
}
