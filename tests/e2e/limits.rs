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
        .send()
        .await
        .unwrap()
        .user_pool()
        .and_then(|p| p.id())
        .unwrap()
        .to_owned();
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
