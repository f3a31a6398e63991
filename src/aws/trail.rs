//! The user's history in CloudTrail's event history: LookupEvents of the Cognito user pools
//! events (event source `cognito-idp.amazonaws.com`) of the pool's region in the window, paced
//! within the operation's quota (2 calls a second per account and region) and bounded by a page
//! cap that the report names when it is reached; each event is attributed by
//! [`crate::trail::event`]. Read-only; a read that fails is an [`Unavailable`].

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};

use super::pace::{paced, Pacer};
use super::session::Session;
use super::{answer, CaptureBody};
use crate::error::{AwsError, AwsErrorKind};
use crate::model::{History, Service, Unavailable};
use crate::trail::{self, Subject};

const CLOUDTRAIL: Service = Service::CloudTrail;

/// LookupEvents allows 2 calls a second per account and region (CloudTrail API reference,
/// LookupEvents): the history is read at that pace, never faster.
pub const CALLS_PER_SECOND: f64 = 2.0;

/// LookupEvents pages read at most (50 events each): 500 Cognito events of the region, about five
/// seconds at the quota's pace. A busier region reaches it inside the window; the report says so.
pub const MAX_PAGES: usize = 10;
const PAGE: i32 = 50;

/// What to look for.
#[derive(Debug, Clone)]
pub struct Search {
    pub subject: Subject,
    /// The window's start and now, in milliseconds since the epoch.
    pub since_ms: i64,
    pub now_ms: i64,
}

fn millis(ms: i64) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_millis(ms)
}

/// Reads the user's events in the window, in `region` (the pool's), oldest first.
pub async fn read(session: &Session, region: &str, q: &Search) -> Result<History, Unavailable> {
    lookup(&session.cloudtrail(region), q).await.map_err(|e| {
        let mut g = super::unavailable(&e, None);
        g.resource = Some(format!("CloudTrail event history in {region}"));
        g
    })
}

/// LookupEvents with `client`, page after page at the quota's pace, up to [`MAX_PAGES`].
pub async fn lookup(client: &aws_sdk_cloudtrail::Client, q: &Search) -> Result<History, AwsError> {
    let pacer = Pacer::new(CALLS_PER_SECOND);
    let mut history = History {
        since: crate::wire::rfc3339_ms(q.since_ms),
        ..History::default()
    };
    let attribute = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::EventSource)
        .attribute_value(trail::SOURCE)
        .build()
        .map_err(|e| AwsError {
            operation: "LookupEvents",
            kind: AwsErrorKind::Other,
            code: None,
            message: e.to_string(),
            service: CLOUDTRAIL,
        })?;
    let mut token: Option<String> = None;
    loop {
        let v = paced(&pacer, || {
            let capture = CaptureBody::default();
            answer(
                CLOUDTRAIL,
                "LookupEvents",
                capture.clone(),
                client
                    .lookup_events()
                    .lookup_attributes(attribute.clone())
                    .start_time(millis(q.since_ms))
                    .end_time(millis(q.now_ms))
                    .max_results(PAGE)
                    .set_next_token(token.clone())
                    .customize()
                    .interceptor(capture)
                    .send(),
            )
        })
        .await?;
        history.pages += 1;
        let (events, next) = trail::page(&v).ok_or_else(|| AwsError {
            operation: "LookupEvents",
            kind: AwsErrorKind::Other,
            code: None,
            message: "the answer had no Events list".into(),
            service: CLOUDTRAIL,
        })?;
        history.read += events.len();
        history
            .events
            .extend(events.iter().filter_map(|e| trail::event(e, &q.subject)));
        match next {
            Some(t) if history.pages < MAX_PAGES => token = Some(t),
            Some(_) => {
                history.capped = true;
                break;
            }
            None => break,
        }
    }
    history.events.sort_by_key(|e| e.epoch);
    Ok(history)
}

#[cfg(test)]
mod mocked {
    //! Faults no server of the suite produces: CloudTrail's own throttling, absorbed at the
    //! quota's pace.
    use aws_sdk_cloudtrail::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn response(status: u16, body: &'static str) -> HttpResponse {
        HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        )
    }

    fn search() -> Search {
        Search {
            subject: Subject {
                pool_id: "us-east-1_Mock".into(),
                username: "ann".into(),
                sub: Some("s-1".into()),
            },
            since_ms: 0,
            now_ms: 1_000,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttle_is_absorbed_and_the_page_cap_is_reported() {
        let throttled = mock!(Client::lookup_events)
            .match_requests(|r| r.next_token().is_none())
            .sequence()
            .http_response(|| {
                response(
                    400,
                    r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
                )
            })
            .http_response(|| response(200, r#"{"Events":[],"NextToken":"more"}"#))
            .build();
        let more = mock!(Client::lookup_events)
            .match_requests(|r| r.next_token() == Some("more"))
            .then_http_response(|| response(200, r#"{"Events":[],"NextToken":"more"}"#));
        let client = mock_client!(aws_sdk_cloudtrail, RuleMode::MatchAny, [&throttled, &more]);
        let started = tokio::time::Instant::now();
        let h = lookup(&client, &search()).await.unwrap();
        assert_eq!(h.pages, MAX_PAGES);
        assert!(h.capped);
        // Ten pages and one throttle at two calls a second: at least 4.5 seconds.
        assert!(
            started.elapsed() >= std::time::Duration::from_millis(4_500),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn an_answer_without_events_is_a_failed_read() {
        let other = mock!(Client::lookup_events).then_http_response(|| response(200, "{}"));
        let client = mock_client!(aws_sdk_cloudtrail, [&other]);
        let err = lookup(&client, &search()).await.unwrap_err();
        assert!(err.message.contains("no Events list"), "{err}");
    }
}
