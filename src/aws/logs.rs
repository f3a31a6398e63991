//! The delivery errors a pool exports: the pool's log delivery configuration (read with the
//! pool, see [`super::fetch::delivery_log_group`]) names the CloudWatch Logs group that receives
//! its userNotification errors, and FilterLogEvents, in the group's region, finds the recent
//! entries that name a user or an address. Read-only; a read that fails is an [`Unavailable`]
//! named for what happened.

use super::session::Session;
use super::{answer, CaptureBody};
use crate::model::{DeliveryLog, Service, Unavailable};
use crate::wire;

/// FilterLogEvents pages read at most (each up to [`PAGE`] events): enough for the recent
/// entries of one user, bounded for a busy group.
const MAX_PAGES: usize = 5;
const PAGE: i32 = 50;
/// Entries kept as evidence, newest first.
pub const KEPT: usize = 5;

const LOGS: Service = Service::Logs;

/// What to look for in the pool's delivery log.
#[derive(Debug, Clone)]
pub struct Search {
    /// The log group's ARN.
    pub group: String,
    /// The user's username and address: an entry that names either is this user's.
    pub terms: Vec<String>,
    /// The window's start and now, in milliseconds since the epoch.
    pub since_ms: i64,
    pub now_ms: i64,
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

/// Reads the entries of the pool's delivery log that name the search's terms, in the window,
/// newest first (at most [`KEPT`]), with a client in the group's region.
pub async fn read(session: &Session, q: &Search) -> Result<DeliveryLog, Unavailable> {
    let Some((region, _)) = parse_group(&q.group) else {
        return Err(not_a_group(q));
    };
    search(&session.logs(region), q).await
}

fn not_a_group(q: &Search) -> Unavailable {
    Unavailable::failed(
        LOGS,
        "logs:FilterLogEvents",
        format!(
            "the pool's delivery log `{}` is not a CloudWatch Logs group ARN",
            q.group
        ),
    )
}

/// FilterLogEvents with `client` (in the group's region) for the search.
pub async fn search(
    client: &aws_sdk_cloudwatchlogs::Client,
    q: &Search,
) -> Result<DeliveryLog, Unavailable> {
    let Some((_, name)) = parse_group(&q.group) else {
        return Err(not_a_group(q));
    };
    let mut log = DeliveryLog {
        since: wire::rfc3339_ms(q.since_ms),
        terms: q.terms.clone(),
        group: q.group.clone(),
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
        let capture = CaptureBody::default();
        let v = answer(
            LOGS,
            "FilterLogEvents",
            capture.clone(),
            client
                .filter_log_events()
                .log_group_name(name)
                .filter_pattern(&filter)
                .start_time(q.since_ms)
                .end_time(q.now_ms)
                .limit(PAGE)
                .set_next_token(token.take())
                .customize()
                .interceptor(capture)
                .send(),
        )
        .await
        .map_err(|e| {
            let mut g = super::unavailable(&e, None);
            g.resource = Some(q.group.clone());
            g
        })?;
        let (events, next) = wire::log_events(&v);
        log.events.extend(
            events
                .iter()
                .filter(|(_, m)| names(m))
                .map(|(at, m)| wire::logged(*at, m)),
        );
        match next {
            Some(t) => token = Some(t),
            None => break,
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
}
