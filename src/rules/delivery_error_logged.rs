//! `delivery-error-logged`: the pool exports its delivery errors to CloudWatch Logs, and recent
//! entries name this user or address: the logged error says why the code did not arrive.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "delivery-error-logged",
    title: "Cognito logged a delivery error for this user: the quoted error says why the code did not arrive",
    explanation: "\
What: GetLogDeliveryConfiguration shows the pool exporting userNotification errors to a \
CloudWatch Logs group, and FilterLogEvents in that group finds entries in the window searched \
(`diagnose --since`, 7 days unless given) that name the user's username or address.

Why: when SES or SNS refuses a message, Cognito still answers the app's call; the refusal is \
only in that log (\"eventSource\": \"USER_NOTIFICATION\", \"logLevel\": \"ERROR\", with the \
service's own error in message.details). That error names the cause: an unverified identity, the \
sandbox, a paused account, a quota, a suppressed address.

Fix: per the quoted error; the evidence names the finding code it points to, whose own fix \
applies (`explain CODE` describes it).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html",
    scope: Scope::User,
    symptoms: &[Symptom {
        text: "USER_NOTIFICATION",
        source: "Cognito developer guide, exporting user pool logs: the eventSource of a delivery error",
        direct: true,
    }],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let log = s.delivery_log.as_ref()?;
    if log.events.is_empty() {
        return None;
    }
    let mut evidence = vec![format!(
        "the pool exports userNotification errors to {}; since {}, {} entr{} name {}",
        log.group,
        log.since,
        log.events.len(),
        if log.events.len() == 1 { "y" } else { "ies" },
        log.terms.join(" or ")
    )];
    let mut pointed = Vec::new();
    for e in &log.events {
        let points = match e.points_to {
            Some(c) => {
                pointed.push(c);
                format!(" (points to {c})")
            }
            None => String::new(),
        };
        evidence.push(format!("{}: \"{}\"{points}", e.at, e.details));
    }
    pointed.dedup();
    let fix = vec![FixStep::advice(match pointed.first() {
        Some(code) => format!(
            "Follow the logged error: it points to {code}, whose fix applies (its explanation gives it)"
        ),
        None => "Follow the logged error: it is the refusal of SES or SNS, in the service's own words".to_owned(),
    })];
    Some(RULE.finding(Severity::Error, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::{DeliveryLog, LoggedError};
    use crate::rules::test_support::*;

    #[test]
    fn a_logged_error_is_quoted_with_the_code_it_points_to() {
        let mut s = snapshot(user("ann", "ann@example.com", Some("false")));
        s.delivery_log = Some(DeliveryLog {
            group: "arn:aws:logs:us-east-1:123456789012:log-group:/cognito/notify".into(),
            since: "2026-11-25T00:00:00Z".into(),
            terms: vec!["ann".into(), "ann@example.com".into()],
            events: Vec::new(),
        });
        assert!(!codes(&s).contains(&"delivery-error-logged"));
        s.delivery_log.as_mut().unwrap().events.push(LoggedError {
            at: "2026-12-01T10:00:00Z".into(),
            details: "Email address is not verified. The following identities failed the check in region US-EAST-1: ann@example.com".into(),
            points_to: None,
        });
        let f = finding(&s, "delivery-error-logged");
        assert!(
            f.evidence[0].contains("1 entry name ann or ann@example.com"),
            "{f:?}"
        );
        assert!(
            f.evidence[1].starts_with("2026-12-01T10:00:00Z: \"Email address is not verified."),
            "{f:?}"
        );
        assert!(
            f.evidence[1].ends_with("(points to ses-identity-not-verified)"),
            "{f:?}"
        );
        assert!(f.fix[0]
            .description
            .contains("points to ses-identity-not-verified, whose fix applies"));
    }
}
