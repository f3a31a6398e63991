//! The pool made to send email verification codes (`enable-verification`): UpdateUserPool with
//! the whole current configuration (it resets what it is not sent) and email added to
//! AutoVerifiedAttributes; the read-back compares everything DescribeUserPool shows. The inverse
//! puts AutoVerifiedAttributes back as it was.

use serde_json::Value;

use super::{Fix, Verdict};
use crate::aws::fetch::{self, Described};
use crate::aws::pace::Pacer;
use crate::aws::{apply, Client};
use crate::change::journal::{Entry, Record};
use crate::change::pool_diff;
use crate::change::settle::{Check, Settle};
use crate::change::{Change, Plan};
use crate::error::{AwsError, Result};
use crate::fix::Action;
use crate::settings::{AwsTarget, UserPoolId};

/// The operation it sends.
pub const OPERATION: &str = "UpdateUserPool";

/// The pool to change.
pub struct EnableVerification<'a> {
    pub client: &'a Client,
    pub target: &'a AwsTarget,
}

/// The pool as read, AutoVerifiedAttributes now and as wanted, and the whole input sent.
pub struct Subject {
    before: Described,
    current: Vec<String>,
    wanted: Vec<String>,
    expected: Value,
}

fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The journal record: AutoVerifiedAttributes before and after.
pub fn record(pool_id: &str, current: &[String], wanted: &[String]) -> Record {
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: OPERATION,
        target: pool_id.to_owned(),
        before: serde_json::json!({ "AutoVerifiedAttributes": current }),
        after: serde_json::json!({ "AutoVerifiedAttributes": wanted }),
        undoes: None,
    }
}

/// The AWS CLI command that shows the pool by hand.
fn check_cli(pool_id: &str, target: &AwsTarget) -> String {
    super::cognito_cli(&["describe-user-pool", "--user-pool-id", pool_id], target)
}

impl Fix for EnableVerification<'_> {
    type Target = UserPoolId;
    type Subject = Subject;

    fn name(&self, t: &UserPoolId) -> String {
        t.to_string()
    }

    async fn survey(&self, pool_id: &UserPoolId, _: &Pacer) -> Verdict<Subject> {
        let before = match fetch::describe_pool(self.client, pool_id).await {
            Ok(d) => d,
            Err(e) => return Verdict::Unread(e.into()),
        };
        let current = before.pool.auto_verified_attributes.clone();
        let (wanted, expected) = before.pool.with_email_verification();
        let done = current.iter().any(|x| x == "email");
        let subject = Subject {
            before,
            current,
            wanted,
            expected,
        };
        if done {
            let why = "the pool already sends email verification codes; nothing changed".to_owned();
            return Verdict::unchanged(why, subject);
        }
        Verdict::Change(subject)
    }

    fn plan(&self, s: &Subject) -> Plan {
        let pool_id = s.before.pool.id.clone();
        let carried: Vec<String> = s
            .expected
            .as_object()
            .map(|o| {
                o.keys()
                    .filter(|k| *k != "UserPoolId" && *k != "AutoVerifiedAttributes")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Plan {
            command: "enable-verification".into(),
            call: format!("{OPERATION} with the whole current configuration, AutoVerifiedAttributes changed"),
            subject: vec![
                ("user pool".into(), pool_id.clone()),
                ("pool name".into(), s.before.pool.name.clone().unwrap_or_default()),
            ],
            changes: vec![Change::new("AutoVerifiedAttributes", list(&s.current), list(&s.wanted))],
            notes: vec![
                format!(
                    "UpdateUserPool resets every setting it is not sent; these {} are sent unchanged: {}",
                    carried.len(),
                    carried.join(", ")
                ),
                "from now on a changed email gets a code; users already unverified still need reverify".into(),
            ],
            aws_cli: Some(
                Action::EnableVerification {
                    pool_id,
                    update_input: s.expected.clone(),
                }
                .aws_cli(self.target),
            ),
        }
    }

    fn settle(&self, s: &Subject) -> Settle {
        let id = &s.before.pool.id;
        Settle {
            operation: OPERATION,
            repeat_answers: &[],
            check_cli: check_cli(id, self.target),
            record: Some(record(id, &s.current, &s.wanted)),
        }
    }

    async fn write(&self, s: &Subject) -> std::result::Result<(), AwsError> {
        apply::update_pool_auto_verified(self.client, &s.before.typed, &s.wanted).await
    }

    /// The read-back: email in AutoVerifiedAttributes, and every other setting DescribeUserPool
    /// shows as it was before.
    async fn read_back(&self, s: &Subject, _: &Pacer) -> Result<Check> {
        let (before, wanted) = (&s.before, &s.wanted);
        let pool_id = crate::settings::UserPoolId::parse(&before.pool.id)?;
        let after = fetch::describe_pool(self.client, &pool_id).await?;
        let mut read_back = vec![Change::new(
            "AutoVerifiedAttributes",
            list(&after.pool.auto_verified_attributes),
            list(wanted),
        )];
        // Everything DescribeUserPool shows is compared, not only what UpdateUserPool takes: a
        // setting lost on the way (an emulator dropping AliasAttributes, say) must not pass.
        let differing = pool_diff::diff_keys(
            &pool_diff::comparable(&before.raw, wanted),
            &pool_diff::comparable(&after.raw, wanted),
        );
        let shown = |v: Option<&Value>| {
            v.map(|v| v.to_string())
                .unwrap_or_else(|| "(absent)".into())
        };
        for k in &differing {
            read_back.push(Change::new(
                k.clone(),
                shown(after.raw.get(k)),
                shown(before.raw.get(k)),
            ));
        }
        let sends = after.pool.sends_email_codes();
        let result = match (sends, differing.is_empty()) {
            (true, true) => format!(
                "the pool sends email verification codes; every other setting read back unchanged ({} compared)",
                before.raw.as_object().map_or(0, |o| o.len())
            ),
            (true, false) => format!(
                "applied: the pool sends email verification codes, but these settings read back different from before: {}; restore them from the plan above",
                differing.join(", ")
            ),
            (false, _) => "AutoVerifiedAttributes read back without email: the change did not take".to_owned(),
        };
        Ok(Check {
            observed: None,
            took: sends && differing.is_empty(),
            read_back,
            result,
        })
    }
}

/// What undoing it puts back: AutoVerifiedAttributes as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// The values an entry of this kind changed, or why they cannot be put back.
pub fn inverse(e: &Entry) -> std::result::Result<Restore, String> {
    let list = |v: &Value| -> Option<Vec<String>> {
        serde_json::from_value(v.get("AutoVerifiedAttributes")?.clone()).ok()
    };
    match (list(&e.before), list(&e.after)) {
        (Some(before), Some(after)) => Ok(Restore { before, after }),
        _ => Err("the journal line holds no AutoVerifiedAttributes".into()),
    }
}

impl Restore {
    pub fn describe(&self) -> Vec<Change> {
        vec![Change::new(
            "AutoVerifiedAttributes",
            list(&self.after),
            list(&self.before),
        )]
    }

    /// None when the pool still reads as the change left it, else why not.
    pub async fn changed_since(
        &self,
        client: &Client,
        pool_id: &UserPoolId,
    ) -> Result<Option<String>> {
        let now = fetch::describe_pool(client, pool_id)
            .await?
            .pool
            .auto_verified_attributes;
        Ok(
            (sorted(now.clone()) != sorted(self.after.clone())).then(|| {
                format!(
                    "changed since: AutoVerifiedAttributes is {} now, not {}",
                    list(&now),
                    list(&self.after)
                )
            }),
        )
    }

    pub async fn write(
        &self,
        client: &Client,
        pool_id: &UserPoolId,
    ) -> std::result::Result<(), AwsError> {
        let described = fetch::describe_pool(client, pool_id).await?;
        apply::update_pool_auto_verified(client, &described.typed, &self.before).await
    }

    pub async fn put_back(&self, client: &Client, pool_id: &UserPoolId) -> Result<bool> {
        let now = fetch::describe_pool(client, pool_id)
            .await?
            .pool
            .auto_verified_attributes;
        Ok(sorted(now) == sorted(self.before.clone()))
    }

    pub fn check_cli(&self, pool_id: &str, target: &AwsTarget) -> String {
        check_cli(pool_id, target)
    }
}
