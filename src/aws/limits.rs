//! Bounds on every call of every service client (Cognito, SES v2, Lambda, CloudWatch Logs), in
//! one interceptor registered where each client is built: an attempt that got no answer in time
//! is sent once more at most, so an endpoint that never answers costs about twice the read
//! timeout per read, not four attempts of it.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::RetryConfig;

/// The interceptor; see the module's documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits;

impl Intercept for Limits {
    fn name(&self) -> &'static str {
        "Limits"
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
        if timed_out {
            let attempts = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
            last_attempt(cfg, attempts + 1);
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
