//! Bounds on every call of every service client (Cognito, SES v2, Lambda, CloudWatch Logs), in
//! one interceptor registered where each client is built: an answer's body is read up to
//! [`MAX_ANSWER`] and no further (a larger one is a failed read named as such, never read whole
//! into memory, never asked for again), and an attempt that got no answer in time is sent once
//! more at most, so an endpoint that never answers costs about twice the read timeout per read,
//! not four attempts of it.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::RetryConfig;
use http_body_util::BodyExt;

/// The largest answer read, in bytes. A page of any read the tool makes is well under 1 MiB
/// (60 users of ListUsers, a pool's whole configuration); an answer this large is an endpoint
/// gone wrong, and reading it whole would take its size in memory, and more.
pub const MAX_ANSWER: u64 = 32 * 1024 * 1024;

/// An answer over [`MAX_ANSWER`]: the read failed, and says why.
#[derive(Debug, Clone)]
pub struct TooLarge {
    pub operation: String,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the answer of {} was larger than {} MiB",
            self.operation,
            MAX_ANSWER / (1024 * 1024)
        )
    }
}

impl std::error::Error for TooLarge {}

/// Whether `e` or an error it wraps is a [`TooLarge`].
fn too_large(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(e) = cur {
        if e.is::<TooLarge>() {
            return true;
        }
        cur = e.source();
    }
    false
}

/// `body`, read up to `limit` bytes: past it, the read fails with [`TooLarge`].
fn capped(body: SdkBody, limit: u64, operation: String) -> SdkBody {
    let limited = http_body_util::Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX))
        .map_err(move |e| {
            if e.is::<http_body_util::LengthLimitError>() {
                Box::new(TooLarge {
                    operation: operation.clone(),
                }) as BoxError
            } else {
                e
            }
        });
    SdkBody::from_body_1_x(limited)
}

/// The interceptor; see the module's documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits;

impl Intercept for Limits {
    fn name(&self) -> &'static str {
        "Limits"
    }

    /// The body is wrapped before anything reads it: it yields at most [`MAX_ANSWER`] bytes, and
    /// nothing at all when its declared length is already over (a chunked answer of unknown
    /// length is cut where it passes the cap).
    fn modify_before_deserialization(
        &self,
        ctx: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let operation = cfg
            .load::<Metadata>()
            .map_or_else(|| "a call".to_owned(), |m| m.name().to_owned());
        let response = ctx.response_mut();
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        let limit = match declared {
            Some(n) if n > MAX_ANSWER => 0,
            _ => MAX_ANSWER,
        };
        let body = std::mem::replace(response.body_mut(), SdkBody::taken());
        *response.body_mut() = capped(body, limit, operation);
        Ok(())
    }

    /// After an attempt that timed out (no connection, or no answer, in time), the call's retry
    /// budget ends one attempt later: the retry strategy reads the budget from the call's config
    /// at each decision, and this layer is the call's own.
    fn read_after_attempt(
        &self,
        ctx: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let timed_out = matches!(
            ctx.output_or_error(),
            Some(Err(e)) if e.is_timeout_error()
                || e.as_connector_error().is_some_and(|c| c.is_timeout())
        );
        let attempts = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
        if timed_out {
            last_attempt(cfg, attempts + 1);
        }
        // An answer over the cap would be as large again: it is not asked for twice.
        if let Some(Err(e)) = ctx.output_or_error() {
            if too_large(e) {
                last_attempt(cfg, attempts);
            }
        }
        Ok(())
    }
}

/// The interceptor as a client's config builder takes it (`push_interceptor`).
pub fn shared() -> aws_smithy_runtime_api::client::interceptors::SharedInterceptor {
    aws_smithy_runtime_api::client::interceptors::SharedInterceptor::new(Limits)
}

/// Lowers the call's retry budget to `attempts` in all (never raises it).
fn last_attempt(cfg: &mut ConfigBag, attempts: u32) {
    if let Some(retry) = cfg.load::<RetryConfig>() {
        if retry.max_attempts() > attempts {
            let lowered = retry.clone().with_max_attempts(attempts);
            cfg.interceptor_state().store_put(lowered);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::config_bag::Layer;

    #[tokio::test]
    async fn a_body_is_read_up_to_the_cap_and_no_further() {
        let body = |n: u64| SdkBody::from(vec![b'x'; n as usize]);
        let small = capped(body(256 * 1024), MAX_ANSWER, "ListUsers".into());
        assert_eq!(small.collect().await.unwrap().to_bytes().len(), 256 * 1024);
        let exact = capped(body(MAX_ANSWER), MAX_ANSWER, "ListUsers".into());
        assert_eq!(
            exact.collect().await.unwrap().to_bytes().len() as u64,
            MAX_ANSWER
        );
        // One byte over: the error names the operation and the cap.
        let big = capped(body(MAX_ANSWER + 1), MAX_ANSWER, "DescribeUserPool".into());
        let e = big.collect().await.unwrap_err();
        assert!(too_large(e.as_ref()), "{e}");
        assert_eq!(
            e.to_string(),
            "the answer of DescribeUserPool was larger than 32 MiB"
        );
        // A declared length over the cap: not even the first piece is taken.
        let declared = capped(body(1), 0, "GetAccount".into());
        assert!(too_large(declared.collect().await.unwrap_err().as_ref()));
    }

    #[test]
    fn the_budget_is_lowered_never_raised() {
        let mut base = Layer::new("client");
        base.store_put(RetryConfig::standard().with_max_attempts(4));
        let mut cfg = ConfigBag::of_layers(vec![base]);
        last_attempt(&mut cfg, 2);
        assert_eq!(cfg.load::<RetryConfig>().unwrap().max_attempts(), 2);
        last_attempt(&mut cfg, 3);
        assert_eq!(cfg.load::<RetryConfig>().unwrap().max_attempts(), 2);
    }
}
