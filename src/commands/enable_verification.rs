//! `enable-verification`: add email to AutoVerifiedAttributes, carrying over every other setting.

use super::change::{self, Change, Check, Decision, Plan};
use crate::aws::{self, apply, fetch};
use crate::change::journal::Record;
use crate::cli::EnableVerificationArgs;
use crate::error::{ExitCode, Result};
use crate::fix::Action;

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
    let read = || async {
        let after = fetch::describe_pool(&client, &pool_id).await?;
        let mut read_back = vec![Change::new(
            "AutoVerifiedAttributes",
            list(&after.pool.auto_verified_attributes),
            list(&wanted),
        )];
        // Everything DescribeUserPool shows is compared, not only what UpdateUserPool takes: a
        // setting lost on the way (an emulator dropping AliasAttributes, say) must not pass.
        let differing = diff_keys(
            &comparable(&before.raw, &wanted),
            &comparable(&after.raw, &wanted),
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
    };
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

/// DescribeUserPool's object without what an update changes by itself (dates, counts, delivery
/// failures) and with the AutoVerifiedAttributes the change asked for.
fn comparable(described: &serde_json::Value, wanted: &[String]) -> serde_json::Value {
    let mut v = described.clone();
    if let Some(o) = v.as_object_mut() {
        for volatile in [
            "LastModifiedDate",
            "EstimatedNumberOfUsers",
            "SmsConfigurationFailure",
            "EmailConfigurationFailure",
        ] {
            o.remove(volatile);
        }
        o.insert("AutoVerifiedAttributes".into(), serde_json::json!(wanted));
        with_documented_defaults(o);
        // The deprecated mirror of TemporaryPasswordValidityDays is not sent (the service
        // refuses both together), so it is not compared either when the newer field is there.
        let has_temp_days = o
            .get("Policies")
            .and_then(|p| p.get("PasswordPolicy"))
            .and_then(|p| p.get("TemporaryPasswordValidityDays"))
            .is_some();
        if let (true, Some(serde_json::Value::Object(cfg))) =
            (has_temp_days, o.get_mut("AdminCreateUserConfig"))
        {
            cfg.remove("UnusedAccountValidityDays");
        }
    }
    v
}

/// Settings the API treats as their documented default when absent. A service (or emulator)
/// that writes the default out at an update has not changed the pool: compare what the API
/// means, not how it was spelled.
fn with_documented_defaults(o: &mut serde_json::Map<String, serde_json::Value>) {
    let policy = o
        .entry("Policies")
        .or_insert_with(|| serde_json::json!({}))
        .as_object_mut()
        .map(|p| {
            p.entry("PasswordPolicy")
                .or_insert_with(|| serde_json::json!({}))
        });
    if let Some(serde_json::Value::Object(p)) = policy {
        for (k, v) in [
            ("MinimumLength", serde_json::json!(8)),
            ("RequireUppercase", serde_json::json!(true)),
            ("RequireLowercase", serde_json::json!(true)),
            ("RequireNumbers", serde_json::json!(true)),
            ("RequireSymbols", serde_json::json!(true)),
            ("TemporaryPasswordValidityDays", serde_json::json!(7)),
        ] {
            p.entry(k).or_insert(v);
        }
    }
    o.entry("MfaConfiguration")
        .or_insert(serde_json::json!("OFF"));
    o.entry("DeletionProtection")
        .or_insert(serde_json::json!("INACTIVE"));
}

/// Top-level keys whose values differ between two UpdateUserPool inputs.
fn diff_keys(expected: &serde_json::Value, actual: &serde_json::Value) -> Vec<String> {
    let (Some(e), Some(a)) = (expected.as_object(), actual.as_object()) else {
        return vec!["(the whole configuration)".into()];
    };
    let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| e.get(*k) != a.get(*k))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_absent_setting_equals_its_default_written_out() {
        let before = serde_json::json!({"Policies": {"PasswordPolicy": {"MinimumLength": 12}}});
        let after = serde_json::json!({"Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7}}, "MfaConfiguration": "OFF"});
        let wanted = ["email".to_owned()];
        assert!(super::diff_keys(
            &super::comparable(&before, &wanted),
            &super::comparable(&after, &wanted)
        )
        .is_empty());
        let changed = serde_json::json!({"Policies": {"PasswordPolicy": {"MinimumLength": 8}}});
        assert_eq!(
            super::diff_keys(
                &super::comparable(&before, &wanted),
                &super::comparable(&changed, &wanted)
            ),
            ["Policies"]
        );
    }

    #[test]
    fn diff_finds_lost_settings() {
        let e = serde_json::json!({"A": 1, "B": {"x": 1}, "C": 3});
        let a = serde_json::json!({"A": 1, "B": {"x": 2}});
        assert_eq!(super::diff_keys(&e, &a), ["B", "C"]);
    }
}
