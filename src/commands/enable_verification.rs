//! `enable-verification`: add email to AutoVerifiedAttributes, carrying over every other setting.

use super::change::{self, Change, Check, Decision, Plan};
use crate::aws::fetch::Described;
use crate::aws::{self, apply, fetch};
use crate::change::journal::Record;
use crate::change::pool_diff;
use crate::cli::EnableVerificationArgs;
use crate::error::{ExitCode, Result};
use crate::fix::Action;
use crate::settings::UserPoolId;

fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

pub async fn run(g: &super::Context, a: &EnableVerificationArgs) -> Result<ExitCode> {
    let (pool_id, target, client) = g
        .connect(&a.user_pool_id, &aws::ClientOptions::default())
        .await?;
    let before = fetch::describe_pool(&client, &pool_id).await?;

    let current = before.pool.auto_verified_attributes.clone();
    let (wanted, expected) = before.pool.with_email_verification();
    let carried: Vec<String> = expected
        .as_object()
        .map(|o| {
            o.keys()
                .filter(|k| *k != "UserPoolId" && *k != "AutoVerifiedAttributes")
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let plan = Plan {
        command: "enable-verification".into(),
        call: "UpdateUserPool with the whole current configuration, AutoVerifiedAttributes changed".into(),
        subject: vec![
            ("user pool".into(), pool_id.to_string()),
            ("pool name".into(), before.pool.name.clone().unwrap_or_default()),
        ],
        changes: vec![Change::new("AutoVerifiedAttributes", list(&current), list(&wanted))],
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
                pool_id: pool_id.to_string(),
                update_input: expected.clone(),
            }
            .aws_cli(&target),
        ),
    };
    if current.iter().any(|x| x == "email") {
        return change::nothing_to_do(
            g,
            plan,
            "the pool already sends email verification codes; nothing changed",
        );
    }
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, false)? {
        return change::dry_run(g, plan);
    }
    let read = || read_pool(&client, &pool_id, &before, &wanted);
    let mut check = vec!["aws".to_owned(), "cognito-idp".to_owned()];
    crate::fix::push(
        &mut check,
        &["describe-user-pool", "--user-pool-id", pool_id.as_str()],
    );
    crate::fix::push_target(&mut check, &target);
    change::settle(
        g,
        &a.change,
        plan,
        change::Settle {
            operation: "UpdateUserPool",
            repeat_answers: &[],
            check_cli: check.join(" "),
            record: Some(Record {
                user_pool_id: pool_id.to_string(),
                operation: "UpdateUserPool",
                target: pool_id.to_string(),
                before: serde_json::json!({ "AutoVerifiedAttributes": current }),
                after: serde_json::json!({ "AutoVerifiedAttributes": wanted }),
            }),
        },
        || apply::update_pool_auto_verified(&client, &before.typed, &wanted),
        read,
    )
    .await
}

/// The read-back: email in AutoVerifiedAttributes, and every other setting DescribeUserPool
/// shows as it was before.
async fn read_pool(
    client: &aws::Client,
    pool_id: &UserPoolId,
    before: &Described,
    wanted: &[String],
) -> Result<Check> {
    let after = fetch::describe_pool(client, pool_id).await?;
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
    for k in &differing {
        read_back.push(Change::new(
            k.clone(),
            after
                .raw
                .get(k)
                .map(|v| v.to_string())
                .unwrap_or_else(|| "(absent)".into()),
            before
                .raw
                .get(k)
                .map(|v| v.to_string())
                .unwrap_or_else(|| "(absent)".into()),
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
