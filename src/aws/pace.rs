//! One pacing mechanism for every long run (bulk fixes, scans): calls start at most `rps` a
//! second, shared by every task in flight; a throttle lowers the pace (never below a quarter of
//! it) and it climbs back within seconds. Ours, not the SDK's adaptive mode, so that waiting for a slot never counts against a call's
//! own timeout and is never mistaken for a network problem.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The slowest the pace goes after throttles, as a share of the chosen rate: an account whose
/// app shares the quota sees sparse throttles, and the pace must not collapse under them.
const FLOOR_SHARE: f64 = 0.25;
/// Each throttle multiplies the pace by this (the SDK's adaptive mode uses 0.7).
const DECREASE: f64 = 0.7;
/// After the last throttle the pace climbs back to the chosen rate over this long, linearly:
/// a few seconds of clean calls, not minutes.
const RECOVERY: Duration = Duration::from_secs(2);

#[derive(Debug)]
struct State {
    /// The pace right after the last throttle, and when that was.
    cut: f64,
    since: Instant,
    next: Instant,
}

/// A shared rate limit: a token bucket of one at the chosen rate, lowered multiplicatively on a
/// throttle (never below a quarter of the chosen rate) and climbing back within
/// [`RECOVERY`]. `wait` reserves the next slot; `throttled` adapts it.
#[derive(Debug)]
pub struct Pacer {
    target: f64,
    state: Mutex<State>,
}

impl Pacer {
    /// `rps` must be positive and finite (the command line checks it).
    pub fn new(rps: f64) -> Self {
        let now = Instant::now();
        Self {
            target: rps,
            state: Mutex::new(State {
                cut: rps,
                since: now,
                next: now,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn rate_at(&self, s: &State, now: Instant) -> f64 {
        let climbed = now.saturating_duration_since(s.since).as_secs_f64() / RECOVERY.as_secs_f64();
        (s.cut + (self.target - s.cut) * climbed.min(1.0)).min(self.target)
    }

    /// Waits for the next free slot.
    pub async fn wait(&self) {
        let at = {
            let mut s = self.lock();
            let now = Instant::now();
            let at = s.next.max(now);
            let rps = self.rate_at(&s, at);
            s.next = at + Duration::from_secs_f64(1.0 / rps);
            at
        };
        tokio::time::sleep_until(at).await;
    }

    /// A call was throttled: lower the pace, not below the floor.
    pub fn throttled(&self) {
        let mut s = self.lock();
        let now = Instant::now();
        let floor = self.target * FLOOR_SHARE;
        s.cut = (self.rate_at(&s, now) * DECREASE).max(floor);
        s.since = now;
        tracing::debug!("throttled: pace now {:.2} calls/s", s.cut);
    }

    /// A call went through. The pace climbs back with time since the last throttle, so a
    /// success has nothing to add; kept so that callers report both outcomes in one place.
    pub fn succeeded(&self) {}

    /// The chosen rate, in calls a second.
    pub fn rate(&self) -> f64 {
        self.target
    }

    /// The pace now, in calls a second.
    pub fn rps(&self) -> f64 {
        let s = self.lock();
        self.rate_at(&s, Instant::now())
    }
}

/// A short wait before a throttled call's retry, jittered so that the calls throttled together
/// do not return together: 50 to 150 ms, doubling with each throttle of the same call up to 8x.
pub fn throttle_backoff(throttles: u32) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = 50 + u64::from(nanos % 101);
    Duration::from_millis(jitter << throttles.min(3))
}

/// The account quotas a run is paced within (per account and second, shared with the customer's
/// application). Each `--max-rps` is bounded by its quota, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    /// ListUsers: 30 a second (the audit's scan and its alias lookups).
    ListUsers,
    /// UserUpdate (AdminUpdateUserAttributes and the other admin writes): 25 a second.
    UserUpdate,
    /// UserRead (AdminGetUser): 120 a second.
    UserRead,
    /// UserCreation (AdminCreateUser, a resent invitation included): 50 a second.
    UserCreation,
}

impl Quota {
    /// Calls a second the quota allows.
    pub fn rps(self) -> f64 {
        match self {
            Quota::ListUsers => 30.0,
            Quota::UserUpdate => 25.0,
            Quota::UserRead => 120.0,
            Quota::UserCreation => 50.0,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Quota::ListUsers => "ListUsers allows 30 calls a second per account",
            Quota::UserUpdate => {
                "AdminUpdateUserAttributes (UserUpdate) allows 25 calls a second per account"
            }
            Quota::UserRead => "AdminGetUser (UserRead) allows 120 calls a second per account",
            Quota::UserCreation => {
                "AdminCreateUser (UserCreation) allows 50 calls a second per account"
            }
        }
    }

    /// Checks a `--max-rps` against the quota: 0.1 up to the quota itself. The sentence names
    /// the quota when it is refused.
    pub fn check(self, rps: f64) -> Result<f64, String> {
        if rps.is_finite() && (0.1..=self.rps()).contains(&rps) {
            Ok(rps)
        } else {
            Err(format!(
                "--max-rps {rps} is out of range; give 0.1 to {} ({}, shared with your application)",
                self.rps(),
                self.name()
            ))
        }
    }
}

/// Throttles absorbed before a call gives up.
pub const MAX_THROTTLES: u32 = 10;
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
                tokio::time::sleep(throttle_backoff(throttles)).await;
            }
            // An attempt that got no answer in time is sent once more, no more (as the clients
            // do, see `limits`): an endpoint that never answers costs two timeouts, not four.
            Err(e)
                if e.is_transient()
                    && transient < MAX_TRANSIENT
                    && (e.kind != crate::error::AwsErrorKind::Timeout || transient == 0) =>
            {
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

    /// A call that gets no answer is sent once more, no more; other passing failures get the
    /// usual retries.
    #[tokio::test(start_paused = true)]
    async fn a_timed_out_call_is_sent_once_more_only() {
        use crate::error::{AwsError, AwsErrorKind};
        for (kind, calls) in [(AwsErrorKind::Timeout, 2), (AwsErrorKind::Unreachable, 4)] {
            let p = Pacer::new(100.0);
            let n = std::sync::atomic::AtomicU32::new(0);
            let r: Result<(), AwsError> = paced(&p, || {
                n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                async move {
                    Err(AwsError {
                        operation: "DescribeUserPool",
                        kind,
                        code: None,
                        message: "no answer in time".into(),
                        ..AwsError::default()
                    })
                }
            })
            .await;
            assert!(r.is_err());
            assert_eq!(n.into_inner(), calls, "{kind:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn slots_are_spaced_at_the_rate() {
        let p = Pacer::new(10.0);
        let t0 = Instant::now();
        for _ in 0..11 {
            p.wait().await;
        }
        assert_eq!(t0.elapsed(), Duration::from_millis(1000));
    }

    /// The rate, not the latency, bounds a run that keeps calls waiting: N calls of 150 ms each
    /// under rate R, in flight together, take no more than (N - 1) / R plus one latency (the
    /// first slot is at once, the last call's answer one latency after its slot); and they
    /// never go faster than R: the first and the last of any k + 1 consecutive calls start at
    /// least k / R apart (a second for R + 1 of them).
    #[tokio::test(start_paused = true)]
    async fn calls_in_flight_together_keep_the_whole_rate_and_never_more() {
        const LATENCY: Duration = Duration::from_millis(150);
        for (n, rate) in [(60usize, 15.0), (200, 30.0), (37, 2.5)] {
            let p = Pacer::new(rate);
            let t0 = Instant::now();
            let starts = Mutex::new(Vec::new());
            let calls = (0..n).map(|_| {
                paced(&p, || async {
                    starts.lock().unwrap().push(Instant::now());
                    tokio::time::sleep(LATENCY).await;
                    Ok::<_, crate::error::AwsError>(())
                })
            });
            futures_util::future::join_all(calls).await;
            let bound = Duration::from_secs_f64((n - 1) as f64 / rate) + LATENCY;
            assert!(
                t0.elapsed() <= bound + Duration::from_millis(1),
                "{n} calls at {rate}/s: {:?} > {bound:?}",
                t0.elapsed()
            );
            let mut starts = starts.into_inner().unwrap();
            starts.sort();
            assert_eq!(starts.len(), n);
            let r = rate.floor() as usize;
            let spread = Duration::from_secs_f64(r as f64 / rate);
            for w in starts.windows(r + 1) {
                assert!(
                    w[r] - w[0] + Duration::from_millis(1) >= spread,
                    "{} calls within {:?} at {rate}/s",
                    r + 1,
                    w[r] - w[0]
                );
            }
        }
    }

    /// N throttles lower the pace multiplicatively to the floor; M seconds of clean calls bring
    /// it back to the chosen rate within RECOVERY.
    #[tokio::test(start_paused = true)]
    async fn throttles_lower_the_pace_to_a_floor_and_it_recovers_in_seconds() {
        let p = Pacer::new(10.0);
        p.throttled();
        assert!((p.rps() - 7.0).abs() < 1e-9, "{}", p.rps());
        p.throttled();
        assert!((p.rps() - 4.9).abs() < 1e-9, "{}", p.rps());
        for _ in 0..20 {
            p.throttled();
        }
        assert_eq!(p.rps(), 2.5, "never below a quarter of the rate");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!((p.rps() - 6.25).abs() < 1e-9, "half way back: {}", p.rps());
        // Clean calls for two seconds: the whole rate again.
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(1) {
            p.wait().await;
            p.succeeded();
        }
        assert_eq!(p.rps(), 10.0);
        // One sparse throttle costs a fraction of a second of rate, not minutes.
        p.throttled();
        let t0 = Instant::now();
        let mut calls = 0;
        while t0.elapsed() < Duration::from_secs(4) {
            p.wait().await;
            calls += 1;
        }
        assert!(
            calls >= 37,
            "{calls} calls in 4 s at 10/s after one throttle"
        );
    }

    #[test]
    fn each_rate_is_bounded_by_its_quota() {
        assert_eq!(Quota::UserUpdate.check(25.0), Ok(25.0));
        assert!(Quota::UserUpdate
            .check(26.0)
            .unwrap_err()
            .contains("25 calls a second"));
        assert!(Quota::ListUsers.check(31.0).is_err());
        assert!(Quota::UserRead.check(f64::NAN).is_err());
        assert!(Quota::UserRead.check(0.05).is_err());
    }

    #[test]
    fn a_throttled_call_waits_a_jittered_moment() {
        for n in 1..6 {
            let d = throttle_backoff(n);
            assert!(
                d >= Duration::from_millis(50) && d <= Duration::from_millis(150 * 8),
                "{d:?}"
            );
        }
    }
}
