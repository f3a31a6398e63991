//! The delivery errors a pool exports: GetLogDeliveryConfiguration names the CloudWatch Logs
//! group that receives its userNotification errors, and FilterLogEvents, in the group's region,
//! finds the recent entries that name a user or an address. Read-only; a read that fails is
//! returned as an [`Unavailable`] naming the permission it needs.

use aws_sdk_cloudwatchlogs::config::Region;

use super::{classify, optional_read};
use crate::model::{DeliveryLog, LoggedError, Unavailable};

/// The endpoint variable of CloudWatch Logs, as the AWS SDKs name it
/// (`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`).
pub const ENDPOINT_ENV: &str = "CLOUDWATCH_LOGS";

/// FilterLogEvents pages read at most (each up to [`PAGE`] events): enough for the recent
/// entries of one user, bounded for a busy group.
const MAX_PAGES: usize = 5;
const PAGE: i32 = 50;
/// Entries kept as evidence, newest first.
pub const KEPT: usize = 5;

/// What to look for in the pool's delivery log.
pub struct Query<'a> {
    pub cognito: &'a super::Client,
    pub pool_id: &'a str,
    /// The user's username and address: an entry that names either is this user's.
    pub terms: Vec<String>,
    /// The window's start and now, in milliseconds since the epoch.
    pub since_ms: i64,
    pub now_ms: i64,
}

/// GetLogDeliveryConfiguration: the ARN of the CloudWatch Logs group the pool exports its
/// userNotification (delivery) errors to, if any.
pub async fn delivery_group(
    cognito: &super::Client,
    pool_id: &str,
) -> Result<Option<String>, Unavailable> {
    let out = cognito
        .get_log_delivery_configuration()
        .user_pool_id(pool_id)
        .customize()
        .config_override(optional_read())
        .send()
        .await
        .map_err(|e| {
            let e = classify("GetLogDeliveryConfiguration", e);
            Unavailable {
                operation: "GetLogDeliveryConfiguration".into(),
                error: format!(
                    "{}; it needs cognito-idp:GetLogDeliveryConfiguration",
                    e.short()
                ),
                provider: None,
            }
        })?;
    Ok(out
        .log_delivery_configuration()
        .into_iter()
        .flat_map(|c| c.log_configurations())
        .filter(|c| c.event_source().as_str() == "userNotification")
        .find_map(|c| c.cloud_watch_logs_configuration()?.log_group_arn())
        .map(str::to_owned))
}

/// The group's region and name, from `arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`.
pub fn parse_group(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(7, ':');
    let (Some("arn"), Some(_), Some("logs"), Some(region), Some(_), Some("log-group"), Some(name)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let name = name.strip_suffix(":*").unwrap_or(name);
    (!region.is_empty() && !name.is_empty()).then_some((region, name))
}

/// The CloudWatch Logs filter pattern that matches an entry naming any of `terms` (each as an
/// exact phrase; a term holding a quote cannot be written in the pattern and is left out).
pub fn pattern(terms: &[String]) -> Option<String> {
    let quoted: Vec<String> = terms
        .iter()
        .filter(|t| !t.is_empty() && !t.contains('"'))
        .map(|t| format!("?\"{t}\""))
        .collect();
    (!quoted.is_empty()).then(|| quoted.join(" "))
}

/// One logged entry: Cognito writes JSON (`{"eventSource": "USER_NOTIFICATION", "logLevel":
/// "ERROR", "message": {"details": "..."}, ...}`); anything else is kept as it was logged.
pub fn entry(timestamp_ms: i64, message: &str) -> LoggedError {
    let details = serde_json::from_str::<serde_json::Value>(message)
        .ok()
        .and_then(|v| match &v["message"] {
            serde_json::Value::Object(m) => {
                m.get("details").and_then(|d| d.as_str()).map(str::to_owned)
            }
            serde_json::Value::String(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_else(|| message.trim().to_owned());
    LoggedError {
        at: rfc3339_ms(timestamp_ms),
        details,
    }
}

fn rfc3339_ms(ms: i64) -> String {
    aws_smithy_types::DateTime::from_millis(ms)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| ms.to_string())
}

/// Reads the entries of the pool's delivery log that name the query's terms, in the window:
/// None when the pool exports no delivery errors to CloudWatch Logs.
pub async fn read(
    sdk: &aws_config::SdkConfig,
    endpoint: Option<&str>,
    q: &Query<'_>,
) -> Result<Option<DeliveryLog>, Unavailable> {
    let Some(group) = delivery_group(q.cognito, q.pool_id).await? else {
        return Ok(None);
    };
    let Some((region, _)) = parse_group(&group) else {
        return Err(Unavailable {
            operation: "logs:FilterLogEvents".into(),
            error: format!("the pool's delivery log `{group}` is not a CloudWatch Logs group ARN"),
            provider: None,
        });
    };
    let mut conf =
        aws_sdk_cloudwatchlogs::config::Builder::from(sdk).region(Region::new(region.to_owned()));
    conf.push_interceptor(super::limits::shared());
    conf.set_endpoint_url(endpoint.map(str::to_owned));
    let client = aws_sdk_cloudwatchlogs::Client::from_conf(conf.build());
    search(&client, &group, q).await.map(Some)
}

/// FilterLogEvents in `group` (an ARN) for the entries naming the query's terms, newest first
/// (at most [`KEPT`]).
pub async fn search(
    client: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    q: &Query<'_>,
) -> Result<DeliveryLog, Unavailable> {
    let name = parse_group(group).map_or(group, |(_, n)| n);
    let mut log = DeliveryLog {
        since: rfc3339_ms(q.since_ms),
        terms: q.terms.clone(),
        group: group.to_owned(),
        events: Vec::new(),
    };
    let Some(filter) = pattern(&q.terms) else {
        return Ok(log);
    };
    // The pattern already selects; this check holds where an endpoint filters more loosely
    // than CloudWatch Logs (an emulator that returns every event).
    let names = |m: &str| {
        q.terms
            .iter()
            .any(|t| !t.is_empty() && m.contains(t.as_str()))
    };
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let out = client
            .filter_log_events()
            .log_group_name(name)
            .filter_pattern(&filter)
            .start_time(q.since_ms)
            .end_time(q.now_ms)
            .limit(PAGE)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| Unavailable {
                operation: "logs:FilterLogEvents".into(),
                error: format!(
                    "{}; it needs logs:FilterLogEvents on {group}",
                    classify("FilterLogEvents", e).short()
                ),
                provider: None,
            })?;
        log.events.extend(
            out.events()
                .iter()
                .filter(|e| names(e.message().unwrap_or_default()))
                .map(|e| {
                    entry(
                        e.timestamp().unwrap_or_default(),
                        e.message().unwrap_or_default(),
                    )
                }),
        );
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    log.events.sort_by(|a, b| b.at.cmp(&a.at));
    log.events.truncate(KEPT);
    Ok(log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_arn_gives_its_region_and_name() {
        assert_eq!(
            parse_group(
                "arn:aws:logs:us-west-2:123456789012:log-group:/aws/cognito/notifications:*"
            ),
            Some(("us-west-2", "/aws/cognito/notifications"))
        );
        assert_eq!(parse_group("arn:aws:s3:::bucket"), None);
    }

    #[test]
    fn the_pattern_matches_any_term_as_a_phrase() {
        let terms = vec![
            "ann".to_owned(),
            "ann@example.com".to_owned(),
            "a\"b".to_owned(),
        ];
        assert_eq!(
            pattern(&terms).as_deref(),
            Some("?\"ann\" ?\"ann@example.com\"")
        );
        assert_eq!(pattern(&[]), None);
    }

    #[test]
    fn a_cognito_entry_gives_its_details_other_text_is_kept() {
        // The example event of the Cognito developer guide, "Exporting user pool logs", with
        // its `details` placeholder filled in with an SES rejection.
        let logged = r#"{"eventTimestamp":"1687297330677","eventSource":"USER_NOTIFICATION","logLevel":"ERROR","message":{"details":"SES Exception: Email address is not verified. The following identities failed the check in region US-EAST-1: ann@example.com"},"logSourceId":{"userPoolId":"us-east-1_EXAMPLE"}}"#;
        let e = entry(1687297330677, logged);
        assert!(
            e.details
                .starts_with("SES Exception: Email address is not verified"),
            "{e:?}"
        );
        assert_eq!(e.at, "2023-06-20T21:42:10.677Z");
        assert_eq!(entry(0, " plain text \n").details, "plain text");
    }
}
