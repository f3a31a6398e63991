//! One pacing mechanism for every long run (bulk fixes, scans): calls start at most `rps` a
//! second, shared by every task in flight; a throttle halves the pace and successes bring it back
//! up. Ours, not the SDK's adaptive mode, so that waiting for a slot never counts against a call's
//! own timeout and is never mistaken for a network problem.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The slowest the pace goes after throttles: one call every 4 seconds.
const MIN_RPS: f64 = 0.25;
/// How much each success recovers toward the target rate.
const RECOVERY: f64 = 1.05;

#[derive(Debug)]
struct State {
    rps: f64,
    next: Instant,
}

/// A shared rate limit. `wait` reserves the next slot; `throttled` and `succeeded` adapt it.
#[derive(Debug)]
pub struct Pacer {
    target: f64,
    state: Mutex<State>,
}

impl Pacer {
    /// `rps` must be positive and finite (the command line checks it).
    pub fn new(rps: f64) -> Self {
        Self {
            target: rps,
            state: Mutex::new(State {
                rps,
                next: Instant::now(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for the next free slot.
    pub async fn wait(&self) {
        let at = {
            let mut s = self.lock();
            let now = Instant::now();
            let at = s.next.max(now);
            s.next = at + Duration::from_secs_f64(1.0 / s.rps);
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// A call was throttled: halve the pace.
    pub fn throttled(&self) {
        let mut s = self.lock();
        s.rps = (s.rps / 2.0).max(MIN_RPS);
        tracing::debug!("throttled: pace now {:.2} calls/s", s.rps);
    }

    /// A call went through: recover toward the target.
    pub fn succeeded(&self) {
        let mut s = self.lock();
        s.rps = (s.rps * RECOVERY).min(self.target);
    }

    /// The pace now, in calls a second.
    pub fn rps(&self) -> f64 {
        self.lock().rps
    }
}

/// Throttles absorbed before a call gives up: the pace halves at each, so ten cover minutes.
const MAX_THROTTLES: u32 = 10;
/// Other passing failures (a reset, a 5xx) retried before a call gives up.
const MAX_TRANSIENT: u32 = 3;

/// Runs `call` in a paced slot, absorbing throttles (the pace slows, the call waits for the next
/// slot) and passing failures (a short backoff). Waiting is never part of a call's own time, so
/// a throttled scan slows down instead of failing as "timed out"; when the retries end, the error
/// is the service's own.
pub async fn paced<T, F, Fut>(pacer: &Pacer, mut call: F) -> Result<T, crate::error::AwsError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, crate::error::AwsError>>,
{
    let (mut throttles, mut transient) = (0, 0);
    loop {
        pacer.wait().await;
        match call().await {
            Ok(v) => {
                pacer.succeeded();
                return Ok(v);
            }
            Err(e)
                if e.kind == crate::error::AwsErrorKind::Throttled && throttles < MAX_THROTTLES =>
            {
                throttles += 1;
                pacer.throttled();
            }
            Err(e) if e.is_transient() && transient < MAX_TRANSIENT => {
                transient += 1;
                tokio::time::sleep(Duration::from_millis(300 << transient)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn slots_are_spaced_and_throttles_slow_then_recover() {
        let p = Pacer::new(10.0);
        let t0 = Instant::now();
        for _ in 0..11 {
            p.wait().await;
        }
        assert_eq!(t0.elapsed(), Duration::from_millis(1000));
        p.throttled();
        assert_eq!(p.rps(), 5.0);
        for _ in 0..100 {
            p.succeeded();
        }
        assert_eq!(p.rps(), 10.0);
        for _ in 0..20 {
            p.throttled();
        }
        assert_eq!(p.rps(), MIN_RPS);
    }
}
