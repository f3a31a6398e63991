//! SDK types (and raw API JSON) to the plain model the rules read.

use aws_sdk_cognitoidentityprovider::primitives::DateTime;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, IdentityProviderType, UserType};
use serde_json::{Map, Value};

use crate::model::{parse_identities, AppClient, Pool, Provider, User};

/// Top-level keys of an UpdateUserPool request, in the API's spelling. DescribeUserPool returns
/// each of them (with `Id` and `Name` for `UserPoolId` and `PoolName`) in the same nested shape.
const UPDATE_USER_POOL_KEYS: &[&str] = &[
    "Policies",
    "DeletionProtection",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "UserAttributeUpdateSettings",
    "MfaConfiguration",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "UserPoolAddOns",
    "AccountRecoverySetting",
    "UserPoolTier",
    "KeyConfiguration",
    "IssuerConfiguration",
    "AcrConfiguration",
];

/// The UpdateUserPool input that leaves a pool exactly as DescribeUserPool showed it.
/// `described` is the `UserPool` object of the DescribeUserPool response.
///
/// Two pairs of fields cannot be sent together although DescribeUserPool returns both:
/// `AdminCreateUserConfig.UnusedAccountValidityDays` is refused next to
/// `PasswordPolicy.TemporaryPasswordValidityDays` (which replaced it), and the legacy
/// `Email/SmsVerification*` strings duplicate `VerificationMessageTemplate`. The newer field is
/// kept; the pool ends the same.
pub fn update_input_from_described(described: &Value) -> Value {
    let mut out = Map::new();
    if let Some(id) = described.get("Id") {
        out.insert("UserPoolId".into(), id.clone());
    }
    for key in UPDATE_USER_POOL_KEYS {
        if let Some(v) = described.get(*key) {
            if !v.is_null() {
                out.insert((*key).to_owned(), v.clone());
            }
        }
    }
    if let Some(name) = described.get("Name") {
        out.insert("PoolName".into(), name.clone());
    }
    let has_temp_days = out
        .get("Policies")
        .and_then(|p| p.get("PasswordPolicy"))
        .and_then(|p| p.get("TemporaryPasswordValidityDays"))
        .is_some();
    if has_temp_days {
        if let Some(Value::Object(cfg)) = out.get_mut("AdminCreateUserConfig") {
            cfg.remove("UnusedAccountValidityDays");
        }
    }
    let template = out.get("VerificationMessageTemplate").cloned();
    if let Some(t) = template {
        for (legacy, modern) in [
            ("EmailVerificationMessage", "EmailMessage"),
            ("EmailVerificationSubject", "EmailSubject"),
            ("SmsVerificationMessage", "SmsMessage"),
        ] {
            if out.get(legacy).is_some() && out.get(legacy) == t.get(modern) {
                out.remove(legacy);
            }
        }
    }
    Value::Object(out)
}

/// The pool model from DescribeUserPool's raw `UserPool` object.
pub fn pool_from_described(described: &Value) -> Pool {
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    Pool {
        id: described
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        name: described
            .get("Name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        auto_verified_attributes: strings(described.get("AutoVerifiedAttributes")),
        alias_attributes: strings(described.get("AliasAttributes")),
        username_attributes: strings(described.get("UsernameAttributes")),
        require_verification_before_update: strings(
            described
                .get("UserAttributeUpdateSettings")
                .and_then(|s| s.get("AttributesRequireVerificationBeforeUpdate")),
        ),
        update_input: update_input_from_described(described),
        recovery_mechanisms: recovery_mechanisms(described),
        default_email_option: text(
            described,
            &["VerificationMessageTemplate", "DefaultEmailOption"],
        ),
        domain: text(described, &["Domain"]),
        custom_domain: text(described, &["CustomDomain"]),
        custom_email_sender: text(
            described,
            &["LambdaConfig", "CustomEmailSender", "LambdaArn"],
        ),
        custom_message: text(described, &["LambdaConfig", "CustomMessage"]),
        pre_sign_up: text(described, &["LambdaConfig", "PreSignUp"]),
        email_sending_account: text(described, &["EmailConfiguration", "EmailSendingAccount"]),
        source_arn: text(described, &["EmailConfiguration", "SourceArn"]),
        arn: text(described, &["Arn"]),
        ses: None,
        triggers: triggers_of(described),
        import_jobs: None,
        case_sensitive: described
            .get("UsernameConfiguration")
            .and_then(|c| c.get("CaseSensitive"))
            .and_then(Value::as_bool),
        estimated_users: described
            .get("EstimatedNumberOfUsers")
            .and_then(Value::as_u64),
    }
}

/// Every Lambda trigger of `LambdaConfig`: the plain ones (`CustomMessage`: ARN) and those with
/// a `LambdaArn` inside (`CustomEmailSender`, `CustomSMSSender`, `PreTokenGenerationConfig`).
fn triggers_of(described: &Value) -> Vec<crate::model::Trigger> {
    let Some(config) = described.get("LambdaConfig").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out: Vec<crate::model::Trigger> = config
        .iter()
        .filter_map(|(name, v)| {
            let arn = v
                .as_str()
                .or_else(|| v.get("LambdaArn").and_then(Value::as_str))?;
            arn.starts_with("arn:").then(|| crate::model::Trigger {
                name: name.clone(),
                function_arn: arn.to_owned(),
                ..Default::default()
            })
        })
        .collect();
    // PreTokenGeneration and PreTokenGenerationConfig name the same function: read it once.
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.function_arn == b.function_arn && a.name.starts_with(&b.name));
    out
}

/// A non-empty string at `path` of a JSON object.
fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for key in path {
        cur = cur.get(*key)?;
    }
    cur.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The recovery mechanisms' names by priority, or None when the pool has no such setting.
fn recovery_mechanisms(described: &Value) -> Option<Vec<String>> {
    let list = described
        .get("AccountRecoverySetting")?
        .get("RecoveryMechanisms")?
        .as_array()?;
    let mut named: Vec<(i64, String)> = list
        .iter()
        .filter_map(|m| {
            Some((
                m.get("Priority")
                    .and_then(Value::as_i64)
                    .unwrap_or(i64::MAX),
                m.get("Name")?.as_str()?.to_owned(),
            ))
        })
        .collect();
    named.sort();
    Some(named.into_iter().map(|(_, n)| n).collect())
}

/// Top-level keys of an UpdateUserPoolClient request. DescribeUserPoolClient returns each in
/// the same shape, beside read-only fields (dates) and the ClientSecret, which is never kept.
const UPDATE_CLIENT_KEYS: &[&str] = &[
    "UserPoolId",
    "ClientId",
    "ClientName",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData",
    "AuthSessionValidity",
    "RefreshTokenRotation",
];

/// An app client from DescribeUserPoolClient's raw `UserPoolClient` object, with the complete
/// UpdateUserPoolClient input that leaves it as it is (the secret left out).
pub fn client_from_described(described: &Value) -> AppClient {
    let mut input = Map::new();
    for key in UPDATE_CLIENT_KEYS {
        if let Some(v) = described.get(*key).filter(|v| !v.is_null()) {
            input.insert((*key).to_owned(), v.clone());
        }
    }
    AppClient {
        id: text(described, &["ClientId"]).unwrap_or_default(),
        name: text(described, &["ClientName"]).unwrap_or_default(),
        read_attributes: described
            .get("ReadAttributes")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            }),
        update_input: Value::Object(input),
    }
}

/// RFC 3339 to the millisecond. Cognito sends dates as epoch seconds with three decimals
/// (`1548099495.428`), which the SDK reads through a float (`...15.427999973`): rounding to the
/// millisecond gives back the value the service sent.
fn rfc3339(d: Option<&DateTime>) -> Option<String> {
    let d = d?;
    let mut secs = d.secs();
    let mut millis = (u64::from(d.subsec_nanos()) + 500_000) / 1_000_000;
    if millis == 1000 {
        secs += 1;
        millis = 0;
    }
    // `millis` is below 1000, so the nanoseconds fit a u32.
    let nanos = u32::try_from(millis * 1_000_000).unwrap_or(0);
    DateTime::from_secs_and_nanos(secs, nanos)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .ok()
}

/// A user from its name, status and attributes (AdminGetUser and ListUsers share this).
pub fn user_from_parts(
    username: &str,
    status: Option<&str>,
    enabled: bool,
    created: Option<&DateTime>,
    modified: Option<&DateTime>,
    attributes: &[AttributeType],
) -> User {
    let attr = |name: &str| {
        attributes
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value())
            .map(str::to_owned)
    };
    User {
        username: username.to_owned(),
        sub: attr("sub"),
        status: status.unwrap_or("UNKNOWN").to_owned(),
        enabled,
        created: rfc3339(created),
        last_modified: rfc3339(modified),
        email: attr("email").filter(|e| !e.is_empty()),
        email_verified_raw: attr("email_verified"),
        phone_number: attr("phone_number").filter(|p| !p.is_empty()),
        phone_number_verified_raw: attr("phone_number_verified"),
        identities: attr("identities")
            .map(|raw| parse_identities(&raw))
            .unwrap_or_default(),
    }
}

pub fn user_from_type(u: &UserType) -> User {
    user_from_parts(
        u.username().unwrap_or_default(),
        u.user_status().map(|s| s.as_str()),
        u.enabled(),
        u.user_create_date(),
        u.user_last_modified_date(),
        u.attributes(),
    )
}

/// A provider's name, type and mapping. `ProviderDetails` is dropped: it holds client secrets.
pub fn provider_from(p: &IdentityProviderType) -> Provider {
    Provider {
        name: p.provider_name().unwrap_or_default().to_owned(),
        provider_type: p
            .provider_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        attribute_mapping: p
            .attribute_mapping()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_keep_the_milliseconds_the_service_sent() {
        for (epoch, want) in [
            (1548099495.428, "2019-01-21T19:38:15.428Z"),
            (1689030181.63, "2023-07-10T23:03:01.63Z"),
            (1700000000.0, "2023-11-14T22:13:20Z"),
            (1548099495.9996, "2019-01-21T19:38:16Z"),
        ] {
            let d = DateTime::from_secs_f64(epoch);
            assert_eq!(rfc3339(Some(&d)).as_deref(), Some(want), "{epoch}");
        }
    }

    #[test]
    fn client_input_drops_the_secret_and_dates() {
        let c = client_from_described(&json!({
            "UserPoolId": "us-west-2_a", "ClientId": "abc", "ClientName": "web",
            "ClientSecret": "SECRET", "CreationDate": 1.0, "LastModifiedDate": 2.0,
            "ReadAttributes": ["email"], "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]
        }));
        assert_eq!(c.read_attributes, Some(vec!["email".to_owned()]));
        assert!(c.hides_email_verified());
        assert!(c.update_input.get("ClientSecret").is_none());
        assert!(c.update_input.get("CreationDate").is_none());
        assert_eq!(
            c.update_input["ExplicitAuthFlows"][0],
            "ALLOW_USER_SRP_AUTH"
        );
    }

    #[test]
    fn update_input_carries_every_setting_and_drops_read_only_fields() {
        let described = json!({
            "Id": "us-east-1_abc", "Name": "prod", "Arn": "arn:...", "CreationDate": 1.0,
            "LastModifiedDate": 2.0, "EstimatedNumberOfUsers": 3, "SchemaAttributes": [],
            "AliasAttributes": ["email"], "Status": "Enabled",
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "TemporaryPasswordValidityDays": 3}},
            "LambdaConfig": {"PreSignUp": "arn:aws:lambda:us-east-1:1:function:f"},
            "AutoVerifiedAttributes": ["phone_number"],
            "EmailVerificationSubject": "Hello", "EmailVerificationMessage": "Code {####}",
            "VerificationMessageTemplate": {"EmailSubject": "Hello", "EmailMessage": "Code {####}", "DefaultEmailOption": "CONFIRM_WITH_CODE"},
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": true, "UnusedAccountValidityDays": 3},
            "MfaConfiguration": "OFF",
            "SomethingNew": {"x": 1}
        });
        let input = update_input_from_described(&described);
        assert_eq!(input["UserPoolId"], "us-east-1_abc");
        assert_eq!(input["PoolName"], "prod");
        assert_eq!(input["Policies"]["PasswordPolicy"]["MinimumLength"], 12);
        assert_eq!(
            input["LambdaConfig"]["PreSignUp"],
            "arn:aws:lambda:us-east-1:1:function:f"
        );
        assert_eq!(
            input["VerificationMessageTemplate"]["EmailSubject"],
            "Hello"
        );
        assert_eq!(
            input["AdminCreateUserConfig"],
            json!({"AllowAdminCreateUserOnly": true})
        );
        for gone in [
            "Arn",
            "CreationDate",
            "SchemaAttributes",
            "AliasAttributes",
            "Id",
            "Name",
            "EmailVerificationSubject",
            "EmailVerificationMessage",
            "SomethingNew",
        ] {
            assert!(input.get(gone).is_none(), "{gone} should not be sent");
        }
        let pool = pool_from_described(&described);
        assert_eq!(pool.alias_attributes, ["email"]);
        assert!(!pool.sends_email_codes());
    }
}
