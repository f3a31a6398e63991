//! Putting back what a journal shows applied: what each entry changed, whether it still stands
//! (someone may have changed it since), and the inverse change, made through the bulk runner.

use std::collections::BTreeMap;

use serde_json::Value;

use super::bulk::{Line, LineState, Runner};
use super::journal::{Entry, Record};
use super::settle::{Check, Settle};
use super::Change;
use crate::aws::pace::{paced, Pacer};
use crate::aws::{apply, fetch};
use crate::error::{AwsErrorKind, Result};
use crate::settings::UserPoolId;

/// What a journal entry changed, in a form that can be compared and put back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undoable {
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
pub fn undoable(e: &Entry) -> std::result::Result<Undoable, String> {
    match e.operation.as_str() {
        "AdminUpdateUserAttributes" | "VerifyUserAttribute" => {
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
                    escaped(&v.to_string()),
                    escaped(name)
                ));
            }
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
        "AdminCreateUser" if super::reinvite::is_resend(e) => Err(format!(
            "the invitation sent to {} cannot be taken back: an email that went out stays sent (its temporary password replaced the earlier one)",
            e.target
        )),
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
pub async fn changed_since(
    client: &crate::aws::Client,
    reads: &Pacer,
    pool_id: &UserPoolId,
    u: &Undoable,
) -> Result<Option<String>> {
    let id = pool_id.as_str();
    Ok(match u {
        Undoable::EmailVerified(users) => {
            let mut differ = Vec::new();
            for (name, _, after) in users {
                let now = match paced(reads, || fetch::admin_get_user(client, id, name)).await {
                    Ok(user) => user.email_verified_raw,
                    Err(e) if e.kind == AwsErrorKind::UserNotFound => {
                        differ.push(format!(
                            "user {name} is {}",
                            crate::change::bulk::NOT_IN_POOL
                        ));
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

/// Puts one change back through the run's runner (paced, journaled as a change of its own) and
/// reads it back; its line names the change.
pub async fn restore(
    runner: &Runner<'_>,
    client: &crate::aws::Client,
    pool_id: &UserPoolId,
    e: &Entry,
    u: &Undoable,
) -> Line {
    let id = pool_id.as_str();
    let operation: &'static str = match u {
        Undoable::EmailVerified(_) => "AdminUpdateUserAttributes",
        Undoable::Mapping { .. } => "UpdateIdentityProvider",
        Undoable::AutoVerified { .. } => "UpdateUserPool",
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
            operation,
            target: e.target.clone(),
            before: e.after.clone(),
            after: e.before.clone(),
        }),
    };
    let write = || async {
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
                let described = fetch::describe_pool(client, pool_id).await?;
                apply::update_pool_auto_verified(client, &described.typed, before).await
            }
        }
    };
    let read = || async {
        let put_back = match u {
            Undoable::EmailVerified(users) => {
                let mut ok = true;
                for (name, before, _) in users {
                    let now = runner
                        .read(|| fetch::admin_get_user(client, id, name))
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
    runner.change(line_target(e), &how, write, read).await
}

/// How a change of the journal is named in a line: its number, operation and target.
pub fn line_target(e: &Entry) -> String {
    format!(
        "change {} ({} {})",
        e.change,
        escaped(&e.operation),
        escaped(&e.target)
    )
}

/// A journal's text as it may be printed: every control character escaped (`\n`, `\u{1b}`), so
/// that a journal line cannot forge an output line or move the terminal.
pub fn escaped(text: &str) -> String {
    crate::text::one_line(text).into_owned()
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
            super::journal::Status::Planned => {
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

pub fn describe(u: &Undoable) -> Vec<Change> {
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

/// What the survey of a journal found: the changes that can be put back now and those refused
/// with the reason, both in the journal's order.
pub struct Surveyed {
    pub restorable: Vec<(Entry, Undoable)>,
    pub refused: Vec<(Entry, String)>,
    /// Changes planned with no outcome recorded that were never made: nothing to put back.
    pub never_made: Vec<(Entry, String)>,
}

/// Reads, a few at a time, whether each change of a journal can be put back now: what it
/// changed still stands. `Err` when a read failed; `Ok(None)` when a signal stopped it (nothing
/// was changed), after `on_signal`.
pub async fn survey(
    client: &crate::aws::Client,
    reads: &Pacer,
    pool_id: &UserPoolId,
    done: Vec<Entry>,
    in_flight: usize,
    on_signal: impl Fn(),
) -> Result<std::result::Result<Surveyed, i32>> {
    type Verdict = Result<std::result::Result<Undoable, (bool, String)>>;
    let mut found: Vec<(usize, Entry, Verdict)> = Vec::new();
    let ended = super::bulk::drive(
        done.into_iter().enumerate().collect(),
        in_flight,
        || None,
        on_signal,
        |(i, e): (usize, Entry)| async move {
            // A change journaled as planned with no outcome (the run stopped during the call)
            // is read like any other: its planned value there means it was made.
            let planned_only = e.status == super::journal::Status::Planned;
            let verdict: Verdict = match undoable(&e) {
                Err(why) => Ok(Err((false, why))),
                Ok(u) => match changed_since(client, reads, pool_id, &u).await {
                    Ok(Some(_)) if planned_only => Ok(Err((
                        true,
                        "planned, its outcome never recorded, and what it planned is not there: it was never made, so nothing was changed".to_owned(),
                    ))),
                    Ok(Some(why)) => Ok(Err((false, why))),
                    Ok(None) => Ok(Ok(u)),
                    Err(err) => Err(err),
                },
            };
            (i, e, verdict)
        },
        |r| found.push(r),
    )
    .await;
    if let super::bulk::Ended::Signal(code) = ended {
        return Ok(Err(code));
    }
    found.sort_by_key(|(i, _, _)| *i);
    let mut out = Surveyed {
        restorable: Vec::new(),
        refused: Vec::new(),
        never_made: Vec::new(),
    };
    for (_, e, verdict) in found {
        match verdict? {
            Ok(u) => out.restorable.push((e, u)),
            Err((true, why)) => out.never_made.push((e, why)),
            Err((false, why)) => out.refused.push((e, why)),
        }
    }
    Ok(Ok(out))
}

/// One job of an undo: the changes of one target, newest first, each read again just before
/// (someone may have changed it since the plan) and put back; it stops at a journal that can no
/// longer be written.
pub async fn restore_group(
    runner: &Runner<'_>,
    client: &crate::aws::Client,
    pool_id: &UserPoolId,
    group: Vec<(Entry, Undoable)>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for (e, u) in group {
        match changed_since(client, runner.reads, pool_id, &u).await {
            Ok(None) => lines.push(restore(runner, client, pool_id, &e, &u).await),
            Ok(Some(why)) => lines.push(Line {
                target: line_target(&e),
                state: LineState::Skipped,
                detail: why,
            }),
            Err(err) => lines.push(Line {
                target: line_target(&e),
                state: LineState::Failed,
                detail: err.to_string(),
            }),
        }
        if runner.journal.broken().is_some() {
            break;
        }
    }
    lines
}

/// One job per target, its changes newest first in order; targets run a few at a time.
pub fn by_target(restorable: Vec<(Entry, Undoable)>) -> Vec<Vec<(Entry, Undoable)>> {
    let mut groups: Vec<Vec<(Entry, Undoable)>> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (e, u) in restorable {
        let key = (e.operation.clone(), e.target.clone());
        match index.get(&key) {
            Some(&i) => groups[i].push((e, u)),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![(e, u)]);
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::journal::Status;

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
    fn a_forged_or_hand_edited_line_is_refused_and_printed_escaped() {
        let e = entry(
            "AdminUpdateUserAttributes",
            serde_json::json!({"alice": "yes<script>\u{0}"}),
            serde_json::json!({"alice": "true"}),
        );
        let why = undoable(&e).unwrap_err();
        assert!(why.contains("not a value it can have"), "{why}");
        assert!(!why.contains('\u{0}'), "{why:?}");
        // An applied line with no planned line before it.
        let applied = entry(
            "AdminUpdateUserAttributes",
            serde_json::json!({"alice": null}),
            serde_json::json!({"alice": "true"}),
        );
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
        let mut forged = entry("AdminUpdateUserAttributes", Value::Null, Value::Null);
        forged.target = "bob\napplied      eve: restored".into();
        assert!(validate(&[forged.clone()])[&0].contains("control characters"));
        assert_eq!(
            line_target(&forged),
            "change 0 (AdminUpdateUserAttributes bob\\napplied      eve: restored)"
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
