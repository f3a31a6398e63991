//! The sandbox (scripts/sandbox.sh) looks like an account: every scenario shows its own cause,
//! and nothing about reads moto lacks; `evidence-unavailable` only where a read is denied.

use std::process::Command;

#[test]
fn the_sandbox_shows_each_cause_and_evidence_unavailable_only_for_the_denied_read() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("bash")
        .arg(format!("{root}/scripts/sandbox.sh"))
        .env("DOCTOR", env!("CARGO_BIN_EXE_cognito-email-doctor"))
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs the sandbox");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scenarios: Vec<&str> = text.split("\n=== ").skip(1).collect();
    assert_eq!(scenarios.len(), 14, "{text}");
    for s in &scenarios {
        let title = s.lines().next().unwrap_or_default();
        let denied = title.contains("denied");
        assert_eq!(
            s.contains("evidence-unavailable"),
            denied,
            "{title}: evidence-unavailable only where a read is denied:\n{s}"
        );
        assert!(
            !s.contains("not-served") && !s.contains("not served"),
            "{title}:\n{s}"
        );
    }
    let healthy = scenarios
        .iter()
        .find(|s| s.starts_with("A healthy user"))
        .expect("the healthy scenario");
    assert!(healthy.contains("(exit code 0)"), "{healthy}");
    let denied = scenarios.last().expect("the denied scenario");
    assert!(
        denied.contains("denied; grant cognito-idp:DescribeIdentityProvider"),
        "{denied}"
    );
}
