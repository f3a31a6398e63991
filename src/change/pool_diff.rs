//! Comparing a pool's settings before and after an UpdateUserPool: DescribeUserPool's object
//! without what an update changes by itself, with the documented defaults written out, key by
//! key. A setting lost on the way (an emulator dropping AliasAttributes, say) must not pass.

/// DescribeUserPool's object without what an update changes by itself (dates, counts, delivery
/// failures) and with the AutoVerifiedAttributes the change asked for.
pub fn comparable(described: &serde_json::Value, wanted: &[String]) -> serde_json::Value {
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
pub fn diff_keys(expected: &serde_json::Value, actual: &serde_json::Value) -> Vec<String> {
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
