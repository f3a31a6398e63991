//! `undo --journal F`: puts back the `before` values of every change the journal shows applied,
//! newest first, each only where the current value is still the journal's `after` (someone may
//! have changed it since: then that change is refused with a sentence). Plan, `--yes`,
//! `--dry-run`, read-back and its own journal, as every change; a bulk journal is undone in bulk,
//! paced the same way.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;

use super::change::{self, Change, Check, Decision, Plan, Settle, Settled};
use crate::aws::pace::Pacer;
use crate::aws::{self, apply, fetch};
use crate::bulk::{self, Line, LineState, Tally};
use crate::cli::{ChangeArgs, GlobalArgs, OutputFormat, UndoArgs};
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::journal::{self, Entry, Journal, Record, Status};
use crate::render::{self, Redactor, Style};
use crate::settings::UserPoolId;

const IN_FLIGHT: usize = 4;
const SHOWN: usize = 10;

/// What a journal entry changed, in a form that can be compared and put back.
#[derive(Debug, Clone, PartialEq)]
enum Undoable {
    /// email_verified of each user, before and after (None: absent).
    EmailVerified(Vec<(String, Option<String>, Option<String>)>),
    Mapping {
        provider: String,
        before: BTreeMap<String, String>,
        after: BTreeMap<String, String>,
    },
    AutoVerified {
        before: Vec<String>,
        after: Vec<String>,
    },
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// What the entry changed, or why this tool does not put it back.
fn undoable(e: &Entry) -> std::result::Result<Undoable, String> {
    match e.operation.as_str() {
        "AdminUpdateUserAttributes" | "VerifyUserAttribute" => {
            let (Some(before), Some(after)) = (e.before.as_object(), e.after.as_object()) else {
                return Err("the journal line holds no email_verified values".into());
            };
            // The target first, then the users whose alias it took.
            let mut users: Vec<(String, Option<String>, Option<String>)> = Vec::new();
            let mut names: Vec<&String> = after.keys().collect();
            names.sort_by_key(|n| (**n != e.target, (*n).clone()));
            for n in names {
                users.push((n.clone(), before.get(n).and_then(text), after.get(n).and_then(text)));
            }
            Ok(Undoable::EmailVerified(users))
        }
        "UpdateIdentityProvider" => {
            let map = |v: &Value| -> Option<BTreeMap<String, String>> {
                serde_json::from_value(v.get("AttributeMapping")?.clone()).ok()
            };
            match (map(&e.before), map(&e.after)) {
                (Some(before), Some(after)) => Ok(Undoable::Mapping {
                    provider: e.target.clone(),
                    before,
                    after,
                }),
                _ => Err("the journal line holds no attribute mapping".into()),
            }
        }
        "UpdateUserPool" => {
            let list = |v: &Value| -> Option<Vec<String>> {
                serde_json::from_value(v.get("AutoVerifiedAttributes")?.clone()).ok()
            };
            match (list(&e.before), list(&e.after)) {
                (Some(before), Some(after)) => Ok(Undoable::AutoVerified { before, after }),
                _ => Err("the journal line holds no AutoVerifiedAttributes".into()),
            }
        }
        "AdminCreateUser" => Err(format!(
            "undo does not delete the user {} that was created; delete it yourself (aws cognito-idp admin-delete-user) if it must go",
            e.target
        )),
        "ConfirmSignUp" => Err(format!("a confirmed sign-up ({}) cannot be unconfirmed", e.target)),
        other => Err(format!("{other} is not a change undo knows")),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// None when the current values are still the journal's `after` (it can be put back), else the
/// sentence why not.
async fn changed_since(
    client: &aws_sdk_cognitoidentityprovider::Client,
    pool_id: &UserPoolId,
    u: &Undoable,
) -> Result<Option<String>> {
    let id = pool_id.as_str();
    Ok(match u {
        Undoable::EmailVerified(users) => {
            let mut differ = Vec::new();
            for (name, _, after) in users {
                let now = match fetch::admin_get_user(client, id, name).await {
                    Ok(user) => user.email_verified_raw,
                    Err(Error::Aws(e)) if e.kind == AwsErrorKind::UserNotFound => {
                        differ.push(format!("user {name} no longer exists"));
                        continue;
                    }
                    Err(e) => return Err(e),
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
            (!differ.is_empty()).then(|| format!("changed since: {}", differ.join("; ")))
        }
        Undoable::Mapping {
            provider, after, ..
        } => {
            let now = apply::describe_provider(client, id, provider)
                .await?
                .attribute_mapping;
            (now != *after).then(|| format!("changed since: provider {provider}'s attribute mapping is not what the change left"))
        }
        Undoable::AutoVerified { after, .. } => {
            let now = fetch::describe_pool(client, pool_id)
                .await?
                .pool
                .auto_verified_attributes;
            (sorted(now.clone()) != sorted(after.clone())).then(|| {
                format!(
                    "changed since: AutoVerifiedAttributes is [{}] now, not [{}]",
                    now.join(", "),
                    after.join(", ")
                )
            })
        }
    })
}

/// Puts one change back and reads it back; journaled as a change of its own.
async fn restore(
    client: &aws_sdk_cognitoidentityprovider::Client,
    pool_id: &UserPoolId,
    e: &Entry,
    u: &Undoable,
    journal: &Journal,
) -> Result<Settled> {
    let id = pool_id.as_str();
    let (operation, record_op): (&'static str, &'static str) = match u {
        Undoable::EmailVerified(_) => ("AdminUpdateUserAttributes", "AdminUpdateUserAttributes"),
        Undoable::Mapping { .. } => ("UpdateIdentityProvider", "UpdateIdentityProvider"),
        Undoable::AutoVerified { .. } => ("UpdateUserPool", "UpdateUserPool"),
    };
    let how = Settle {
        operation,
        repeat_answers: &[],
        check_cli: format!(
            "cognito-email-doctor undo --journal ... --dry-run (change {} of the journal)",
            e.change
        ),
        record: Some(Record {
            user_pool_id: id.to_owned(),
            operation: record_op,
            target: e.target.clone(),
            before: e.after.clone(),
            after: e.before.clone(),
        }),
    };
    let write = async {
        match u {
            Undoable::EmailVerified(users) => {
                for (name, before, _) in users {
                    apply::restore_email_verified(client, id, name, before.as_deref()).await?;
                }
                Ok(())
            }
            Undoable::Mapping {
                provider, before, ..
            } => apply::update_provider_mapping(client, id, provider, before).await,
            Undoable::AutoVerified { before, .. } => {
                let described =
                    fetch::describe_pool(client, pool_id)
                        .await
                        .map_err(|err| match err {
                            Error::Aws(a) => a,
                            other => crate::error::AwsError {
                                operation: "DescribeUserPool",
                                kind: AwsErrorKind::Other,
                                code: None,
                                message: other.to_string(),
                            },
                        })?;
                let typed = before
                    .iter()
                    .map(|s| {
                        aws_sdk_cognitoidentityprovider::types::VerifiedAttributeType::from(
                            s.as_str(),
                        )
                    })
                    .collect();
                apply::update_pool_auto_verified(client, &described.typed, typed).await
            }
        }
    };
    let read = || async {
        let put_back = match u {
            Undoable::EmailVerified(users) => {
                let mut ok = true;
                for (name, before, _) in users {
                    let now = fetch::admin_get_user(client, id, name)
                        .await?
                        .email_verified_raw;
                    ok &= now == *before;
                }
                ok
            }
            Undoable::Mapping {
                provider, before, ..
            } => {
                apply::describe_provider(client, id, provider)
                    .await?
                    .attribute_mapping
                    == *before
            }
            Undoable::AutoVerified { before, .. } => {
                sorted(
                    fetch::describe_pool(client, pool_id)
                        .await?
                        .pool
                        .auto_verified_attributes,
                ) == sorted(before.clone())
            }
        };
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
    };
    change::write_and_check(&how, Some(journal), write, read).await
}

fn describe(u: &Undoable) -> Vec<Change> {
    match u {
        Undoable::EmailVerified(users) => users
            .iter()
            .map(|(n, before, after)| {
                let q = |v: &Option<String>| {
                    v.as_deref()
                        .map(|v| format!("\"{v}\""))
                        .unwrap_or_else(|| "(absent)".into())
                };
                Change::new(format!("{n} email_verified"), q(after), q(before))
            })
            .collect(),
        Undoable::Mapping {
            provider,
            before,
            after,
        } => vec![Change::new(
            format!("{provider} AttributeMapping"),
            serde_json::to_string(after).unwrap_or_default(),
            serde_json::to_string(before).unwrap_or_default(),
        )],
        Undoable::AutoVerified { before, after } => vec![Change::new(
            "AutoVerifiedAttributes",
            format!("[{}]", after.join(", ")),
            format!("[{}]", before.join(", ")),
        )],
    }
}

pub async fn run(g: &GlobalArgs, a: &UndoArgs) -> Result<ExitCode> {
    if !(a.max_rps.is_finite() && (0.1..=25.0).contains(&a.max_rps)) {
        return Err(Error::usage(format!(
            "--max-rps {} is out of range; give 0.1 to 25",
            a.max_rps
        )));
    }
    let entries = journal::read(&a.journal)?;
    if entries.is_empty() {
        return Err(Error::usage(format!(
            "{} holds no changes (or does not exist)",
            a.journal.display()
        )));
    }
    let mut done: Vec<Entry> = journal::settled(&entries)
        .into_iter()
        .filter(|e| matches!(e.status, Status::Applied | Status::NotVerified))
        .collect();
    done.reverse(); // newest first
    let pools: std::collections::BTreeSet<&str> =
        done.iter().map(|e| e.user_pool_id.as_str()).collect();
    let pool = match pools.into_iter().collect::<Vec<_>>().as_slice() {
        [] => {
            return Err(Error::usage(format!(
                "{} shows no applied change: nothing to undo",
                a.journal.display()
            )))
        }
        [one] => UserPoolId::parse(one)?,
        many => {
            return Err(Error::usage(format!(
                "{} holds changes to {} pools; undo one pool's journal at a time",
                a.journal.display(),
                many.len()
            )))
        }
    };
    let target = super::resolve_target(g, Some(&pool))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;

    // Survey: which changes can be put back now.
    let mut restorable: Vec<(Entry, Undoable)> = Vec::new();
    let mut refused: Vec<(Entry, String)> = Vec::new();
    for e in done {
        match undoable(&e) {
            Err(why) => refused.push((e, why)),
            Ok(u) => match changed_since(&client, &pool, &u).await? {
                Some(why) => refused.push((e, why)),
                None => restorable.push((e, u)),
            },
        }
    }
    let mut changes: Vec<Change> = restorable
        .iter()
        .take(SHOWN)
        .flat_map(|(_, u)| describe(u))
        .collect();
    if restorable.len() > SHOWN {
        changes.push(Change::new(
            format!("... and {} more changes", restorable.len() - SHOWN),
            "",
            "",
        ));
    }
    let mut notes = vec![format!(
        "{} changes of {} to put back, newest first; {} refused",
        restorable.len(),
        a.journal.display(),
        refused.len()
    )];
    for (e, why) in refused.iter().take(SHOWN) {
        notes.push(format!(
            "refused: change {} ({} {}): {why}",
            e.change, e.operation, e.target
        ));
    }
    let plan = Plan {
        command: "undo".into(),
        call:
            "the inverse of each change: its before values, only where the after values still stand"
                .into(),
        subject: vec![("user pool".into(), pool.to_string())],
        changes,
        notes,
        aws_cli: None,
    };
    let change_args = ChangeArgs {
        yes: a.yes,
        dry_run: a.dry_run,
        journal: a.record.clone(),
    };
    if restorable.is_empty() {
        return change::refuse(
            g,
            plan,
            "no change of the journal can be put back: every one is refused above".into(),
        );
    }
    if let Decision::DryRun = change::confirm(g, &change_args, &plan, false)? {
        return change::dry_run(g, plan);
    }
    let own = Journal::open(a.record.as_deref())?;
    let pace = Pacer::new(a.max_rps);
    let style = Style::new(g.output, g.no_color, g.redact);
    let redactor = Redactor::new(g.redact);
    let mut tally = Tally {
        targets: (restorable.len() + refused.len()) as u64,
        ..Tally::default()
    };
    for (e, why) in &refused {
        let line = Line {
            target: format!("change {} ({} {})", e.change, e.operation, e.target),
            state: LineState::Skipped,
            detail: why.clone(),
        };
        tally.count(&line);
        render::emit(&render::bulk::line(&line, g.output, style.color, &redactor))
            .map_err(crate::error::io_error)?;
    }
    // One job per target, its changes newest first in order; targets a few at a time.
    let mut groups: Vec<Vec<(Entry, Undoable)>> = Vec::new();
    let mut by_target: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (e, u) in restorable {
        let key = (e.operation.clone(), e.target.clone());
        match by_target.get(&key) {
            Some(&i) => groups[i].push((e, u)),
            None => {
                by_target.insert(key, groups.len());
                groups.push(vec![(e, u)]);
            }
        }
    }
    let started = Instant::now();
    let ended = bulk::drive(
        groups,
        IN_FLIGHT,
        |group| {
            let (client, pool, pace, own) = (&client, &pool, &pace, &own);
            async move {
                let mut lines = Vec::new();
                for (e, u) in group {
                    let target = format!("change {} ({} {})", e.change, e.operation, e.target);
                    // Read again just before: someone may have changed it since the plan.
                    match changed_since(client, pool, &u).await {
                        Ok(Some(why)) => {
                            lines.push(Line {
                                target,
                                state: LineState::Skipped,
                                detail: why,
                            });
                            continue;
                        }
                        Err(err) => {
                            lines.push(Line {
                                target,
                                state: LineState::Failed,
                                detail: err.to_string(),
                            });
                            continue;
                        }
                        Ok(None) => {}
                    }
                    pace.wait().await;
                    let (state, detail) = match restore(client, pool, &e, &u, own).await {
                        Ok(Settled::Took { check, .. }) => (LineState::Applied, check.result),
                        Ok(Settled::Differs(check)) => (LineState::NotVerified, check.result),
                        Ok(Settled::Unknown { why, .. }) => (LineState::NotVerified, why),
                        Ok(Settled::NotApplied { error, .. }) | Ok(Settled::Rejected(error)) => {
                            (LineState::Failed, error.to_string())
                        }
                        Err(err) => (LineState::Failed, err.to_string()),
                    };
                    lines.push(Line {
                        target,
                        state,
                        detail,
                    });
                }
                lines
            }
        },
        |lines| {
            for line in lines {
                tally.count(&line);
                let _ = render::emit(&render::bulk::line(&line, g.output, style.color, &redactor));
            }
        },
    )
    .await;
    tally.close(started, ended);
    render::emit(&render::bulk::summary(&tally, g.output)).map_err(crate::error::io_error)?;
    if g.output == OutputFormat::Table {
        render::note(&format!("journal of this undo: {}", own.path.display()));
    }
    change::bulk_exit(ended, tally.failures(), |n| {
        format!("{n} changes could not be put back; see the lines above")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(op: &str, before: Value, after: Value) -> Entry {
        Entry {
            change: 0,
            time: String::new(),
            user_pool_id: "us-east-1_x".into(),
            operation: op.into(),
            target: "alice".into(),
            before,
            after,
            status: Status::Applied,
            detail: None,
        }
    }

    #[test]
    fn email_verified_changes_put_the_target_back_first_then_the_holders() {
        let e = entry(
            "AdminUpdateUserAttributes",
            serde_json::json!({"alice": null, "nora": "true"}),
            serde_json::json!({"alice": "true", "nora": "false"}),
        );
        assert_eq!(
            undoable(&e).unwrap(),
            Undoable::EmailVerified(vec![
                ("alice".into(), None, Some("true".into())),
                ("nora".into(), Some("true".into()), Some("false".into())),
            ])
        );
    }

    #[test]
    fn creations_and_confirmations_are_refused_with_a_sentence() {
        let e = entry(
            "AdminCreateUser",
            Value::Null,
            serde_json::json!({"alice": "true"}),
        );
        assert!(undoable(&e).unwrap_err().contains("admin-delete-user"));
        let e = entry(
            "ConfirmSignUp",
            serde_json::json!({"status": "UNCONFIRMED"}),
            serde_json::json!({"status": "CONFIRMED"}),
        );
        assert!(undoable(&e).unwrap_err().contains("cannot be unconfirmed"));
    }
}
