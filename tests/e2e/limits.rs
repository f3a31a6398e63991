//! Bounds of every call: a read that hangs costs about twice `--read-timeout` and says so, and
//! an answer over the size cap is a failed read named as such, read in bounded memory.

use std::time::{Duration, Instant};

use crate::harness::*;
use crate::proxy::{Fault, Proxy};

fn through(proxy: &Proxy) -> Doctor {
    let mut cmd = doctor();
    cmd.env("AWS_ENDPOINT_URL", &proxy.endpoint);
    cmd
}

async fn pool_with_user(name: &str) -> String {
    let p = focused(client().create_user_pool().pool_name(name))
        .made()
        .await;
    create_user(
        &client(),
        &p,
        "hal",
        &[("email", "hal@example.com"), ("email_verified", "true")],
    )
    .await;
    p
}

/// DescribeUserPool answers after 3 s, every time; with `--read-timeout 1` the read is given up
/// after two attempts of a second each, and the sentence names the timeout and its flag.
#[tokio::test]
async fn a_read_that_hangs_costs_twice_the_read_timeout_and_says_so() {
    let p = pool_with_user("limits-hang").await;
    let proxy = Proxy::start(&moto().endpoint);
    proxy.fault("DescribeUserPool", 0, 10, Fault::Delay(3000));
    let started = Instant::now();
    let out = through(&proxy)
        .args([
            "--read-timeout",
            "1",
            "diagnose",
            "--user-pool-id",
            &p,
            "--username",
            "hal",
        ])
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_exit(
        &out,
        3,
        "DescribeUserPool: no answer within 1 s (--read-timeout)",
    );
    assert!(took < Duration::from_secs(4), "took {took:?}");
    let sent = proxy
        .seen()
        .iter()
        .filter(|o| *o == "DescribeUserPool")
        .count();
    assert_eq!(sent, 2, "one attempt and one retry: {:?}", proxy.seen());
}

#[test]
fn timeouts_out_of_range_are_usage_errors() {
    for (flag, value) in [("--read-timeout", "0"), ("--connect-timeout", "301")] {
        let out = doctor()
            .args([flag, value, "explain", "--list"])
            .output()
            .unwrap();
        assert_exit(&out, 2, "1..=300");
    }
}

/// Runs the binary at `endpoint` and watches its peak resident memory (VmHWM, in KiB) until it
/// exits.
fn measured(endpoint: &str, args: &[&str]) -> (std::process::Output, u64) {
    let child = spawn_doctor(endpoint, args);
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let mut child = child;
    while child.try_wait().unwrap().is_none() {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (child.wait_with_output().unwrap(), peak)
}

/// DescribeUserPool answers with 300 MB, streamed (with its Content-Length, or chunked with no
/// length): the read fails at the 32 MiB cap with a sentence that says so, is not asked for
/// again, and the run stays far below the answer's size in memory.
#[tokio::test]
async fn an_answer_over_the_cap_is_a_failed_read_in_bounded_memory() {
    let p = pool_with_user("limits-huge").await;
    for chunked in [false, true] {
        let proxy = Proxy::start(&moto().endpoint);
        let fault = Fault::HugeBody {
            bytes: 300 * 1024 * 1024,
            chunked,
        };
        proxy.fault("DescribeUserPool", 0, 10, fault);
        let (out, peak_kib) = measured(
            &proxy.endpoint,
            &["diagnose", "--user-pool-id", &p, "--username", "hal"],
        );
        assert_exit(
            &out,
            3,
            "the answer of DescribeUserPool was larger than 32 MiB",
        );
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert_eq!(proxy.faults_applied(), 1, "asked again: {:?}", proxy.seen());
        assert!(peak_kib > 0, "no memory figure was read");
        assert!(
            peak_kib < 160 * 1024,
            "chunked {chunked}: peak {} MiB",
            peak_kib / 1024
        );
    }
}
