//! The services' answers as JSON (the wire's, or the AWS CLI's output of the same call) to the
//! plain model the rules read. Pure, and the only reader of answers: live reads, and later a
//! recorded bundle or pasted output, go through the same functions. A field an answer lacks
//! stays unknown and is named ([`Absent`]), never read as false; only `email_verified` has a
//! defined absence (Cognito reads it as false).

use serde_json::{Map, Value};

use crate::model::{
    parse_identities, AppClient, ImportJob, KmsKey, LoggedError, Pool, Provider, RiskConfiguration,
    SesAccount, Suppression, SuppressionList, Trigger, User,
};

/// The fields an answer lacked that a verdict needs.
pub type Absent = Vec<&'static str>;

/// A non-empty string at `path` of a JSON object.
pub fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for key in path {
        cur = cur.get(*key)?;
    }
    cur.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A page's next token, when there is one.
fn token(v: &Value, key: &str) -> Option<String> {
    text(v, &[key])
}

/// A date as RFC 3339 to the millisecond. The wire sends epoch seconds with a fraction
/// (`1548099495.428`), read through a float (`...15.427999973`): rounding to the millisecond
/// gives back the value the service sent. The AWS CLI prints the same date as ISO 8601
/// (`2019-01-21T19:38:15.428000+00:00`); both give one string.
pub fn date(v: Option<&Value>) -> Option<String> {
    use aws_smithy_types::date_time::Format;
    use aws_smithy_types::DateTime;
    let d = match v? {
        Value::Number(n) => DateTime::from_secs_f64(n.as_f64()?),
        Value::String(s) => {
            let s = s.trim();
            let utc = s
                .strip_suffix("+00:00")
                .map(|head| format!("{head}Z"))
                .unwrap_or_else(|| s.to_owned());
            DateTime::from_str(&utc, Format::DateTime).ok()?
        }
        _ => return None,
    };
    let mut secs = d.secs();
    let mut millis = (u64::from(d.subsec_nanos()) + 500_000) / 1_000_000;
    if millis == 1000 {
        secs += 1;
        millis = 0;
    }
    // `millis` is below 1000, so the nanoseconds fit a u32.
    let nanos = u32::try_from(millis * 1_000_000).unwrap_or(0);
    DateTime::from_secs_and_nanos(secs, nanos)
        .fmt(Format::DateTime)
        .ok()
}

/// A date in whole seconds since the epoch (SES's suppression dates).
pub fn epoch_seconds(v: Option<&Value>) -> Option<i64> {
    date(v).and_then(|d| crate::model::epoch_seconds(&d))
}

/// One user: AdminGetUser's answer (`UserAttributes`) or an item of ListUsers (`Attributes`).
/// `Enabled` and `UserStatus` are named when absent: a verdict needs them.
pub fn user(v: &Value) -> (User, Absent) {
    let attributes = v
        .get("UserAttributes")
        .or_else(|| v.get("Attributes"))
        .and_then(Value::as_array);
    let attr = |name: &str| {
        attributes?
            .iter()
            .find(|a| a.get("Name").and_then(Value::as_str) == Some(name))
            .and_then(|a| a.get("Value"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut absent = Vec::new();
    let enabled = v.get("Enabled").and_then(Value::as_bool);
    if enabled.is_none() {
        absent.push("Enabled");
    }
    let status = text(v, &["UserStatus"]).unwrap_or_default();
    if status.is_empty() {
        absent.push("UserStatus");
    }
    let user = User {
        username: text(v, &["Username"]).unwrap_or_default(),
        sub: attr("sub"),
        status,
        enabled,
        created: date(v.get("UserCreateDate")),
        last_modified: date(v.get("UserLastModifiedDate")),
        email: attr("email").filter(|e| !e.is_empty()),
        email_verified_raw: attr("email_verified"),
        phone_number: attr("phone_number").filter(|p| !p.is_empty()),
        phone_number_verified_raw: attr("phone_number_verified"),
        identities: attr("identities")
            .map(|raw| parse_identities(&raw))
            .unwrap_or_default(),
    };
    (user, absent)
}

/// ListUsers: the users with what each lacked, and the next page's token; None when the answer
/// holds no `Users` list at all (not an answer of ListUsers).
#[allow(clippy::type_complexity)]
pub fn users(v: &Value) -> Option<(Vec<(User, Absent)>, Option<String>)> {
    let list = v.get("Users")?.as_array()?;
    Some((list.iter().map(user).collect(), token(v, "PaginationToken")))
}

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
pub fn pool(described: &Value) -> Pool {
    Pool {
        id: text(described, &["Id"]).unwrap_or_default(),
        name: text(described, &["Name"]),
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
        kms_key_id: text(described, &["LambdaConfig", "KMSKeyID"]),
        custom_message: text(described, &["LambdaConfig", "CustomMessage"]),
        pre_sign_up: text(described, &["LambdaConfig", "PreSignUp"]),
        email_sending_account: text(described, &["EmailConfiguration", "EmailSendingAccount"]),
        source_arn: text(described, &["EmailConfiguration", "SourceArn"]),
        arn: text(described, &["Arn"]),
        ses: None,
        triggers: email_triggers(described),
        import_jobs: None,
        case_sensitive: described
            .get("UsernameConfiguration")
            .and_then(|c| c.get("CaseSensitive"))
            .and_then(Value::as_bool),
        estimated_users: described
            .get("EstimatedNumberOfUsers")
            .and_then(Value::as_u64),
        email_mutable: described
            .get("SchemaAttributes")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter()
                    .find(|x| x.get("Name").and_then(Value::as_str) == Some("email"))
            })
            .and_then(|x| x.get("Mutable"))
            .and_then(Value::as_bool),
        first_auth_factors: described
            .get("Policies")
            .and_then(|p| p.get("SignInPolicy"))
            .and_then(|p| p.get("AllowedFirstAuthFactors"))
            .map(|v| strings(Some(v))),
        advanced_security_mode: text(described, &["UserPoolAddOns", "AdvancedSecurityMode"]),
        kms_key: None,
        risk: None,
    }
}

/// The triggers on the email's path (SPEC "Only what takes part is read"): what sends or
/// words the message, what runs before a sign-up is accepted or after it is confirmed, and what
/// migrates a user on a reset. The others (authentication challenges, token generation, the SMS
/// sender) never stand between a user and a code by email, and `KMSKeyID` is a key.
pub const EMAIL_TRIGGERS: &[&str] = &[
    "CustomMessage",
    "CustomEmailSender",
    "PreSignUp",
    "PostConfirmation",
    "UserMigration",
];

/// The email's triggers of `LambdaConfig`, in [`EMAIL_TRIGGERS`] order: the plain ones
/// (`CustomMessage`: ARN) and `CustomEmailSender`, whose ARN is its `LambdaArn`.
fn email_triggers(described: &Value) -> Vec<Trigger> {
    let Some(config) = described.get("LambdaConfig").and_then(Value::as_object) else {
        return Vec::new();
    };
    EMAIL_TRIGGERS
        .iter()
        .filter_map(|name| {
            let v = config.get(*name)?;
            let arn = v
                .as_str()
                .or_else(|| v.get("LambdaArn").and_then(Value::as_str))?;
            arn.starts_with("arn:").then(|| Trigger {
                name: (*name).to_owned(),
                function_arn: arn.to_owned(),
                ..Trigger::default()
            })
        })
        .collect()
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

/// An app client from DescribeUserPoolClient's raw `UserPoolClient` object (or an item of
/// ListUserPoolClients, which carries only its id and name), with the complete
/// UpdateUserPoolClient input that leaves it as it is (the secret left out).
pub fn app_client(described: &Value) -> AppClient {
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

/// ListUserPoolClients: the clients' ids and names, and the next page's token.
pub fn clients_page(v: &Value) -> (Vec<AppClient>, Option<String>) {
    let clients = v
        .get("UserPoolClients")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|c| AppClient {
                    id: text(c, &["ClientId"]).unwrap_or_default(),
                    name: text(c, &["ClientName"]).unwrap_or_default(),
                    ..AppClient::default()
                })
                .collect()
        })
        .unwrap_or_default();
    (clients, token(v, "NextToken"))
}

/// DescribeIdentityProvider's `IdentityProvider`: its name, type and mapping. `ProviderDetails`
/// is dropped: it holds client secrets.
pub fn provider(v: &Value) -> Provider {
    Provider {
        name: text(v, &["ProviderName"]).unwrap_or_default(),
        provider_type: text(v, &["ProviderType"]).unwrap_or_default(),
        attribute_mapping: v
            .get("AttributeMapping")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// ListIdentityProviders: the providers' names, and the next page's token.
pub fn provider_names(v: &Value) -> (Vec<String>, Option<String>) {
    let names = v
        .get("Providers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| text(p, &["ProviderName"]))
                .collect()
        })
        .unwrap_or_default();
    (names, token(v, "NextToken"))
}

/// ListUserImportJobs: the jobs, newest first as listed.
pub fn import_jobs(v: &Value) -> Vec<ImportJob> {
    v.get("UserImportJobs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|j| ImportJob {
                    name: text(j, &["JobName"]).unwrap_or_default(),
                    id: text(j, &["JobId"]).unwrap_or_default(),
                    status: text(j, &["Status"]).unwrap_or_default(),
                    at: epoch_seconds(j.get("CompletionDate"))
                        .or_else(|| epoch_seconds(j.get("CreationDate"))),
                    imported: j.get("ImportedUsers").and_then(Value::as_i64).unwrap_or(0),
                    skipped: j.get("SkippedUsers").and_then(Value::as_i64).unwrap_or(0),
                    failed: j.get("FailedUsers").and_then(Value::as_i64).unwrap_or(0),
                    message: text(j, &["CompletionMessage"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// GetLogDeliveryConfiguration: the ARN of the CloudWatch Logs group that receives the pool's
/// userNotification (delivery) errors, if any.
pub fn delivery_log_group(v: &Value) -> Option<String> {
    v.get("LogDeliveryConfiguration")?
        .get("LogConfigurations")?
        .as_array()?
        .iter()
        .filter(|c| c.get("EventSource").and_then(Value::as_str) == Some("userNotification"))
        .find_map(|c| text(c, &["CloudWatchLogsConfiguration", "LogGroupArn"]))
}

/// FilterLogEvents: each event's time (ms) and message, and the next page's token.
pub fn log_events(v: &Value) -> (Vec<(i64, String)>, Option<String>) {
    let events = v
        .get("events")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e.get("timestamp").and_then(Value::as_i64).unwrap_or(0),
                        text(e, &["message"]).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (events, token(v, "nextToken"))
}

/// One logged entry: Cognito writes JSON (`{"eventSource": "USER_NOTIFICATION", "logLevel":
/// "ERROR", "message": {"details": "..."}, ...}`); anything else is kept as it was logged.
pub fn logged(timestamp_ms: i64, message: &str) -> LoggedError {
    let details = serde_json::from_str::<Value>(message)
        .ok()
        .and_then(|v| match &v["message"] {
            Value::Object(m) => m.get("details").and_then(|d| d.as_str()).map(str::to_owned),
            Value::String(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| message.trim().to_owned());
    LoggedError {
        at: rfc3339_ms(timestamp_ms),
        details,
        points_to: None,
    }
}

/// Milliseconds since the epoch as RFC 3339.
pub fn rfc3339_ms(ms: i64) -> String {
    aws_smithy_types::DateTime::from_millis(ms)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| ms.to_string())
}

/// GetEmailIdentity: `VerifiedForSendingStatus` (None when the answer lacked it) and
/// `VerificationStatus`.
pub fn ses_identity(v: &Value) -> (Option<bool>, Option<String>) {
    (
        v.get("VerifiedForSendingStatus").and_then(Value::as_bool),
        text(v, &["VerificationStatus"]),
    )
}

/// GetEmailIdentityPolicies: each policy's name and document, sorted by name; None when the
/// answer holds no `Policies` map.
pub fn ses_policies(v: &Value) -> Option<Vec<(String, String)>> {
    let map = v.get("Policies")?.as_object()?;
    let mut found: Vec<(String, String)> = map
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect();
    found.sort();
    Some(found)
}

/// GetAccount: the sending status and quota, each field unknown when the answer lacked it.
pub fn ses_account(v: &Value) -> (SesAccount, Absent) {
    let mut absent = Vec::new();
    let production_access = v.get("ProductionAccessEnabled").and_then(Value::as_bool);
    if production_access.is_none() {
        absent.push("ProductionAccessEnabled");
    }
    let sending_enabled = v.get("SendingEnabled").and_then(Value::as_bool);
    if sending_enabled.is_none() {
        absent.push("SendingEnabled");
    }
    let enforcement_status = text(v, &["EnforcementStatus"]);
    if enforcement_status.is_none() {
        absent.push("EnforcementStatus");
    }
    let quota = v.get("SendQuota").and_then(|q| {
        Some((
            q.get("Max24HourSend")?.as_f64()?,
            q.get("SentLast24Hours")?.as_f64()?,
        ))
    });
    if quota.is_none() {
        absent.push("SendQuota");
    }
    (
        SesAccount {
            production_access,
            sending_enabled,
            enforcement_status,
            quota,
        },
        absent,
    )
}

/// GetSuppressedDestination: the address's entry; None when the answer holds no
/// `SuppressedDestination` (an address not on the list is a NotFoundException, not this).
pub fn suppressed_destination(v: &Value) -> Option<Suppression> {
    let d = v.get("SuppressedDestination")?;
    Some(Suppression::Listed {
        reason: text(d, &["Reason"]).unwrap_or_default(),
        since: suppression_date(d.get("LastUpdateTime")),
    })
}

/// A suppression date, to the second (SES sends epoch seconds with a fraction).
fn suppression_date(v: Option<&Value>) -> String {
    match epoch_seconds(v) {
        Some(secs) => aws_smithy_types::DateTime::from_secs(secs)
            .fmt(aws_smithy_types::date_time::Format::DateTime)
            .unwrap_or_else(|_| secs.to_string()),
        None => "an unknown date".to_owned(),
    }
}

/// ListSuppressedDestinations: adds the page's addresses to `list` and returns the next page's
/// token; None when the answer holds no list at all.
pub fn suppression_page(v: &Value, list: &mut SuppressionList) -> Option<Option<String>> {
    let page = v.get("SuppressedDestinationSummaries")?.as_array()?;
    for d in page {
        if let Some(email) = text(d, &["EmailAddress"]) {
            list.add(
                &email,
                &text(d, &["Reason"]).unwrap_or_default(),
                epoch_seconds(d.get("LastUpdateTime")).unwrap_or(0),
            );
        }
    }
    Some(token(v, "NextToken"))
}

/// GetFunctionConfiguration: whether the answer describes a function (a `FunctionName` or
/// `FunctionArn`).
pub fn function_described(v: &Value) -> bool {
    text(v, &["FunctionName"]).is_some() || text(v, &["FunctionArn"]).is_some()
}

/// GetFunctionConfiguration: the function's `Timeout` in seconds, when the answer gives it.
pub fn function_timeout(v: &Value) -> Option<i64> {
    v.get("Timeout").and_then(Value::as_i64)
}

/// DescribeKey: what KMS showed of the key `id` (the answer's `KeyMetadata`); the fields it
/// lacked stay unknown, and the answer holding no `KeyMetadata` at all is named.
pub fn kms_key(id: &str, v: &Value) -> (KmsKey, Absent) {
    let Some(m) = v.get("KeyMetadata") else {
        return (
            KmsKey {
                id: id.to_owned(),
                ..KmsKey::default()
            },
            vec!["KeyMetadata"],
        );
    };
    let key = KmsKey {
        id: id.to_owned(),
        exists: Some(true),
        state: text(m, &["KeyState"]),
        enabled: m.get("Enabled").and_then(Value::as_bool),
        deletion_date: date(m.get("DeletionDate")),
    };
    let absent = if key.state.is_none() && key.enabled.is_none() {
        vec!["KeyState"]
    } else {
        Vec::new()
    };
    (key, absent)
}

/// DescribeRiskConfiguration: the blocking settings of the answer's `RiskConfiguration`; None
/// when the answer holds none.
pub fn risk_configuration(v: &Value) -> Option<RiskConfiguration> {
    let r = v.get("RiskConfiguration")?.as_object()?;
    let compromised = r.get("CompromisedCredentialsRiskConfiguration");
    let mut takeover_actions = Vec::new();
    if let Some(actions) = r
        .get("AccountTakeoverRiskConfiguration")
        .and_then(|a| a.get("Actions"))
    {
        for (level, key) in [
            ("low", "LowAction"),
            ("medium", "MediumAction"),
            ("high", "HighAction"),
        ] {
            if let Some(action) = text(actions, &[key, "EventAction"]) {
                takeover_actions.push((level.to_owned(), action));
            }
        }
    }
    Some(RiskConfiguration {
        compromised_action: compromised.and_then(|c| text(c, &["Actions", "EventAction"])),
        compromised_events: strings(compromised.and_then(|c| c.get("EventFilter"))),
        takeover_actions,
    })
}

/// GetPolicy: the resource policy document; None when the answer lacked it.
pub fn function_policy(v: &Value) -> Option<String> {
    v.get("Policy")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_keep_the_milliseconds_the_service_sent_in_either_form() {
        for (epoch, want) in [
            (1548099495.428, "2019-01-21T19:38:15.428Z"),
            (1689030181.63, "2023-07-10T23:03:01.63Z"),
            (1700000000.0, "2023-11-14T22:13:20Z"),
            (1548099495.9996, "2019-01-21T19:38:16Z"),
        ] {
            assert_eq!(date(Some(&json!(epoch))).as_deref(), Some(want), "{epoch}");
        }
        // The AWS CLI's rendering of the same date.
        assert_eq!(
            date(Some(&json!("2019-01-21T19:38:15.428000+00:00"))).as_deref(),
            Some("2019-01-21T19:38:15.428Z")
        );
        assert_eq!(date(Some(&json!("not a date"))), None);
        assert_eq!(date(None), None);
    }

    #[test]
    fn a_user_without_enabled_or_status_is_unknown_not_disabled() {
        let (u, absent) = user(&json!({"Username": "ann", "UserAttributes": [
            {"Name": "email", "Value": "a@example.com"}]}));
        assert_eq!(u.enabled, None);
        assert!(!u.disabled());
        assert!(!u.status_known());
        assert_eq!(absent, ["Enabled", "UserStatus"]);
        let (u, absent) = user(&json!({"Username": "ann", "Enabled": false,
            "UserStatus": "CONFIRMED", "Attributes": [{"Name": "email_verified", "Value": "True"}]}));
        assert!(u.disabled());
        assert_eq!(u.email_verified_raw.as_deref(), Some("True"));
        assert!(absent.is_empty());
    }

    #[test]
    fn an_answer_of_another_shape_is_no_list_of_users() {
        assert!(users(&json!({})).is_none());
        let (page, next) = users(&json!({"Users": [], "PaginationToken": "t"})).unwrap();
        assert!(page.is_empty());
        assert_eq!(next.as_deref(), Some("t"));
    }

    #[test]
    fn an_empty_get_account_answer_says_nothing_of_the_account() {
        let (a, absent) = ses_account(&json!({}));
        assert!(!a.sandbox() && !a.paused() && a.quota_used().is_none());
        assert_eq!(
            absent,
            [
                "ProductionAccessEnabled",
                "SendingEnabled",
                "EnforcementStatus",
                "SendQuota"
            ]
        );
        assert_eq!(suppressed_destination(&json!({})), None);
        assert_eq!(function_policy(&json!({})), None);
        assert_eq!(ses_policies(&json!({})), None);
    }

    #[test]
    fn only_the_email_triggers_are_read_and_the_key_is_a_key() {
        let p = pool(&json!({"Id": "us-east-1_a", "LambdaConfig": {
            "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": "arn:aws:lambda:us-east-1:1:function:sender"},
            "KMSKeyID": "arn:aws:kms:us-east-1:1:key/abc",
            "DefineAuthChallenge": "arn:aws:lambda:us-east-1:1:function:define",
            "PreTokenGeneration": "arn:aws:lambda:us-east-1:1:function:token",
            "PostConfirmation": "arn:aws:lambda:us-east-1:1:function:post",
            "CustomMessage": "arn:aws:lambda:us-east-1:1:function:message"
        }}));
        let names: Vec<&str> = p.triggers.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["CustomMessage", "CustomEmailSender", "PostConfirmation"]
        );
        assert_eq!(
            p.kms_key_id.as_deref(),
            Some("arn:aws:kms:us-east-1:1:key/abc")
        );
    }

    #[test]
    fn client_input_drops_the_secret_and_dates() {
        let c = app_client(&json!({
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
        let pool = pool(&described);
        assert_eq!(pool.alias_attributes, ["email"]);
        assert!(!pool.sends_email_codes());
    }

    #[test]
    fn a_cognito_entry_gives_its_details_other_text_is_kept() {
        // The example event of the Cognito developer guide, "Exporting user pool logs", with
        // its `details` placeholder filled in with an SES rejection.
        let entry = r#"{"eventTimestamp":"1687297330677","eventSource":"USER_NOTIFICATION","logLevel":"ERROR","message":{"details":"SES Exception: Email address is not verified. The following identities failed the check in region US-EAST-1: ann@example.com"},"logSourceId":{"userPoolId":"us-east-1_EXAMPLE"}}"#;
        let e = logged(1687297330677, entry);
        assert!(
            e.details
                .starts_with("SES Exception: Email address is not verified"),
            "{e:?}"
        );
        assert_eq!(e.at, "2023-06-20T21:42:10.677Z");
        assert_eq!(logged(0, " plain text \n").details, "plain text");
    }
}
