//! From a symptom to its cause: matches the text a user, an app or a log showed against the
//! messages and exception names each rule declares (`Rule::symptoms`), and ranks the codes.
//! Pure: no AWS call, no output.

use std::collections::HashSet;

use serde::Serialize;

use crate::rules::{self, Rule, Scope, Symptom};

/// At most this many codes are offered.
const MAX_MATCHES: usize = 5;
/// Below this score a code is not offered.
const THRESHOLD: f64 = 0.5;
/// A message matched only in part must share at least this share of its words with the text.
const MIN_COVERAGE: f64 = 0.85;
/// Messages this short must appear whole: a few common words prove nothing.
const MIN_PARTIAL_WORDS: usize = 6;
/// An exception name alone is shared by several causes: it ranks below a message.
const EXCEPTION_SCORE: f64 = 0.6;
/// What a direct cause gains over an indirect one at an equal match.
const DIRECT_BONUS: f64 = 0.05;

/// One likely cause of the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub code: &'static str,
    pub title: &'static str,
    /// Why it matched: the declared message or exception found, and where it is documented.
    pub why: String,
    /// Whether `diagnose` confirms it with a user (else the pool alone: a pool-level cause).
    #[serde(skip)]
    pub with_user: bool,
    #[serde(skip)]
    pub score: f64,
}

/// Lowercase words of letters and digits: case, punctuation, quoting, JSON syntax, stack-trace
/// frames and log prefixes fall away, and an exception's class prefix (`com.amazon...#Name`,
/// `CognitoIdentityProvider::Errors::Name`) leaves the name as its own word.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when `needle` occurs in `haystack` as consecutive words.
fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A match: its score, how many words the declared symptom has (a longer message is the more
/// specific at an equal score), and how it matched.
type Scored = (f64, usize, String);

/// How well one declared symptom matches the text's words, from 0 to 1, and how.
fn score(symptom: &Symptom, text: &[String], text_set: &HashSet<&str>) -> Option<Scored> {
    let sw = words(symptom.text);
    let (base, how) = if is_error_name(symptom) {
        if !text_set.contains(sw[0].as_str()) {
            return None;
        }
        (
            EXCEPTION_SCORE,
            format!("the exception {} ({})", symptom.text, symptom.source),
        )
    } else if contains_run(text, &sw) {
        (
            1.0,
            format!("the message \"{}\" ({})", symptom.text, symptom.source),
        )
    } else {
        if sw.len() < MIN_PARTIAL_WORDS {
            return None;
        }
        let distinct: HashSet<&str> = sw.iter().map(String::as_str).collect();
        let found = distinct.iter().filter(|w| text_set.contains(*w)).count();
        let coverage = found as f64 / distinct.len() as f64;
        if coverage < MIN_COVERAGE {
            return None;
        }
        (
            0.9 * coverage,
            format!(
                "most of the message \"{}\" ({})",
                symptom.text, symptom.source
            ),
        )
    };
    let bonus = if symptom.direct { DIRECT_BONUS } else { 0.0 };
    Some((base + bonus, sw.len(), how))
}

/// Words that wrap a message without being part of it: the AWS CLI's and SDKs' framing
/// ("An error occurred (X) when calling the Y operation"), JSON keys, log levels.
const WRAPPER_WORDS: &[&str] = &[
    "an",
    "error",
    "occurred",
    "when",
    "calling",
    "the",
    "operation",
    "type",
    "message",
    "code",
    "name",
    "status",
    "exception",
    "err",
    "info",
    "warn",
];

/// True when the text carries a message of its own besides exception names and framing: an
/// exception name then says less than the message does.
fn has_message(text: &[String]) -> bool {
    text.iter()
        .filter(|w| !w.ends_with("exception") && !WRAPPER_WORDS.contains(&w.as_str()))
        .count()
        > 2
}

/// An error's name rather than a message: one CamelCase word, such as `AccessDeniedException`,
/// or SES's `MessageRejected`, which SES gives for many reasons (an unverified identity, the
/// sandbox, a paused account): it says less than any message beside it.
fn is_error_name(s: &Symptom) -> bool {
    let t = s.text;
    t.chars().all(|c| c.is_ascii_alphanumeric())
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && t.chars().skip(1).any(|c| c.is_ascii_uppercase())
        && t.chars().any(|c| c.is_ascii_lowercase())
}

/// The likely causes of `text` among `rules`, best first (ties in registry order). Messages are
/// matched before exception names: a rule found only by an exception name is offered when the
/// text is little more than that name, or beside rules whose messages matched; never when the
/// text carries a message no rule declares (an exception such as InvalidParameterException is
/// raised for many reasons, and its name alone would outrank what the message says).
pub fn matches_in(rules: &[&'static Rule], text: &str) -> Vec<Match> {
    let tw = words(text);
    let set: HashSet<&str> = tw.iter().map(String::as_str).collect();
    let best = |r: &Rule, exceptions: bool| {
        r.symptoms
            .iter()
            .filter(|s| is_error_name(s) == exceptions)
            .filter_map(|s| score(s, &tw, &set))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
    };
    let by_message: Vec<(&'static Rule, Scored)> = rules
        .iter()
        .filter_map(|r| best(r, false).map(|m| (*r, m)))
        .filter(|(_, (score, ..))| *score >= THRESHOLD)
        .collect();
    let exceptions_count = by_message.is_empty() && !has_message(&tw) || !by_message.is_empty();
    let by_exception: Vec<(&'static Rule, Scored)> = if exceptions_count {
        rules
            .iter()
            .filter(|r| !by_message.iter().any(|(m, _)| m.code == r.code))
            .filter_map(|r| best(r, true).map(|m| (*r, m)))
            .filter(|(_, (score, ..))| *score >= THRESHOLD)
            .collect()
    } else {
        Vec::new()
    };
    let mut found: Vec<(Match, usize)> = by_message
        .into_iter()
        .chain(by_exception)
        .map(|(r, (score, length, why))| {
            let m = Match {
                code: r.code,
                title: r.title,
                why: format!("the text has {why}"),
                with_user: r.scope != Scope::Pool,
                score,
            };
            (m, length)
        })
        .collect();
    // At an equal score the longer declared message ranks first: "invocation failed due to
    // error AccessDeniedException" says more than "CustomEmailSender invocation failed due to
    // error" of the same text.
    found.sort_by(|(a, al), (b, bl)| b.score.total_cmp(&a.score).then(bl.cmp(al)));
    found.truncate(MAX_MATCHES);
    found.into_iter().map(|(m, _)| m).collect()
}

/// The likely causes of `text` among every rule.
pub fn matches(text: &str) -> Vec<Match> {
    matches_in(rules::ALL, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(text: &str) -> Vec<&'static str> {
        matches(text).iter().map(|m| m.code).collect()
    }

    /// Every message and exception a rule declares leads back to it, first or in the top three.
    #[test]
    fn every_declared_symptom_finds_its_rule() {
        for r in rules::ALL {
            for s in r.symptoms {
                let got = rank(s.text);
                let at = got.iter().position(|c| *c == r.code);
                assert!(
                    at.is_some_and(|i| i < 3),
                    "{:?} ranks {} at {at:?}: {got:?}",
                    s.text,
                    r.code
                );
                // A direct cause ranks first, or level with the first (two causes can produce
                // the same message directly).
                if s.direct && !s.text.ends_with("Exception") {
                    let all = matches(s.text);
                    assert!(
                        all.iter()
                            .take_while(|m| m.score == all[0].score)
                            .any(|m| m.code == r.code),
                        "{:?}: {got:?}",
                        s.text
                    );
                }
            }
        }
    }

    /// The same messages as SDKs, Amplify and logs wrap them.
    #[test]
    fn noise_around_the_message_is_ignored() {
        let wrapped = [
            (
                "AliasExistsException: An account with the email already exists.",
                "alias-conflict-blocks-confirmation",
            ),
            (
                r#"{"__type":"AliasExistsException","message":"An account with the email already exists."}"#,
                "alias-conflict-blocks-confirmation",
            ),
            (
                "Error: Cannot reset password for the user as there is no registered/verified email or phone_number\n    at AuthClass.forgotPassword (node_modules/@aws-amplify/auth/lib/Auth.js:1234:19)",
                "password-reset-blocked",
            ),
            (
                "[ERROR] 2026-11-25T10:00:00Z LimitExceededException: Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.",
                "default-email-sender-limit",
            ),
            (
                "An error occurred (UserLambdaValidationException) when calling the SignUp operation: CustomMessage invocation failed due to error AccessDeniedException.",
                "trigger-not-invocable",
            ),
            (
                "com.amazonaws.services.cognitoidp.model.UserNotConfirmedException: User is not confirmed. (Service: AWSCognitoIdentityProvider; Status Code: 400)",
                "sign-up-not-confirmed",
            ),
            (
                "USER IS NOT CONFIRMED",
                "sign-up-not-confirmed",
            ),
            (
                "ExpiredCodeException: Invalid code provided, please request a code again.",
                "sign-up-code-expired",
            ),
            (
                "InvalidParameterException: Cannot perform specific action because there does not exist a valid use pool domain associated with the user pool",
                "link-verification-without-domain",
            ),
        ];
        for (text, code) in wrapped {
            assert_eq!(rank(text).first(), Some(&code), "{text}: {:?}", rank(text));
        }
    }

    #[test]
    fn an_exception_name_alone_offers_every_cause_that_raises_it() {
        let got = rank("AliasExistsException");
        assert_eq!(
            got,
            [
                "alias-conflict-blocks-confirmation",
                "alias-held-by-other-user"
            ]
        );
        let m = &matches("AliasExistsException")[0];
        assert!(
            m.why.contains("the exception AliasExistsException"),
            "{}",
            m.why
        );
        assert!(m.with_user, "{m:?}");
        let pool = &matches("Exceeded daily email limit for the operation or the account")[0];
        assert!(!pool.with_user, "{pool:?}");
    }

    /// The messages of the commonest tickets, each as two apps show it, lead to the rule that
    /// declares them, first.
    #[test]
    fn ticket_messages_lead_to_their_rule_in_any_wrapping() {
        let tickets: &[(&str, &str, &[&str])] = &[
            ("UserNotFoundException", "User does not exist.", &["email-changed-unverified", "email-never-verified"]),
            ("UserNotFoundException", "Username/client id combination not found.", &["email-changed-unverified", "email-never-verified"]),
            ("CodeMismatchException", "Invalid verification code provided, please try again.", &["sign-up-not-confirmed"]),
            ("CodeDeliveryFailureException", "Unable to deliver message", &["default-email-sender-limit", "email-sent-by-trigger"]),
            ("CodeDeliveryFailureException", "Invalid email provided/Unable to send the email", &["default-email-sender-limit", "email-sent-by-trigger"]),
            ("NotAuthorizedException", "User password cannot be reset in the current state.", &["invite-not-accepted", "email-never-verified"]),
            ("UserNotConfirmedException", "User is not confirmed.", &["sign-up-not-confirmed"]),
            ("InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number", &["password-reset-blocked"]),
            ("AliasExistsException", "An account with the email already exists.", &["alias-conflict-blocks-confirmation"]),
            ("ExpiredCodeException", "Invalid code provided, please request a code again.", &["sign-up-code-expired"]),
        ];
        for (exception, message, want) in tickets {
            for text in [
                format!("An error occurred ({exception}) when calling the ForgotPassword operation: {message}"),
                format!(r#"[Amplify] AuthError {{"name":"{exception}","message":"{message}"}}"#),
            ] {
                let got = rank(&text);
                assert!(
                    got.first().is_some_and(|c| want.contains(c)),
                    "{text}: {got:?}"
                );
            }
        }
        // An exception name does not outrank a message no rule declares.
        let text = "An error occurred (InvalidParameterException) when calling the AdminUpdateUserAttributes operation: Attributes did not conform to the schema: email_verified";
        assert!(rank(text).is_empty(), "{text}: {:?}", rank(text));
        // The attempt limit is its own cause (the history shows the service's refusals).
        assert_eq!(
            rank("LimitExceededException: Attempt limit exceeded, please try after some time.")[0],
            "attempt-limit-exceeded"
        );
        // A bare exception name still offers every cause that raises it.
        assert_eq!(rank("CodeMismatchException")[0], "sign-up-not-confirmed");
    }

    /// The messages the services themselves write, in full as an app or a log shows them, lead
    /// to the cause that produces them, first.
    #[test]
    fn the_services_own_messages_rank_their_cause_first() {
        let cases = [
            // Cognito could not invoke a trigger (the current wording, the trigger's name first).
            (
                "An error occurred (UnexpectedLambdaException) when calling the SignUp operation: PreSignUp invocation failed due to error AccessDeniedException.",
                "trigger-not-invocable",
            ),
            (
                r#"[Amplify] AuthError {"name":"UnexpectedLambdaException","message":"CustomEmailSender invocation failed due to error AccessDeniedException."}"#,
                "trigger-not-invocable",
            ),
            (
                "UnexpectedLambdaException: PostConfirmation invocation failed due to error AccessDeniedException",
                "trigger-not-invocable",
            ),
            // The older wording: Lambda's own AccessDeniedException inside Cognito's error.
            (
                "arn:aws:lambda:us-east-1:061240556736:function:dev-portal-jm13-dev-authEmailTrigger invocation failed with error User: arn:aws:sts::745623467555:assumed-role/awscognitoidentityproviderservice-ec2-InstanceRole-QACF32J6RTZ3/i-081606d9e9943df60 is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:061240556736:function:dev-portal-jm13-dev-authEmailTrigger (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: b8d009ff-9b66-11e6-b7e6-eb8cd4c4168f)",
                "trigger-not-invocable",
            ),
            // SES refusing every message of an account whose sending is paused.
            (
                "MessageRejected: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
                "ses-sending-paused",
            ),
            (
                "CodeDeliveryFailureException: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
                "ses-sending-paused",
            ),
            (
                "An error occurred (SendingPausedException) when calling the SendEmail operation",
                "ses-sending-paused",
            ),
            // The bounce SES records for an address on the account's suppression list.
            (
                r#"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"OnAccountSuppressionList","bouncedRecipients":[{"emailAddress":"ann@example.com","action":"failed","status":"5.1.1","diagnosticCode":"Amazon SES did not send the message to this address because it is on the suppression list for your account. For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/DeveloperGuide/sending-email-suppression-list.html"}],"reportingMTA":"dns; amazonses.com"}}"#,
                "recipient-suppressed",
            ),
            (
                "Amazon SES did not send the message to this address because it is on the suppression list for your account.",
                "recipient-suppressed",
            ),
        ];
        for (text, code) in cases {
            let got = rank(text);
            assert_eq!(got.first(), Some(&code), "{text}: {got:?}");
        }
        // The rule's own message is why it matched, with its source.
        let m = &matches(cases[4].0)[0];
        assert!(m.why.contains("GoodDollar/GoodServer"), "{}", m.why);
    }

    /// SES's MessageRejected is a name for many refusals: beside a message it ranks below the
    /// cause that message names, alone it offers every SES cause that raises it.
    #[test]
    fn an_error_name_without_exception_in_it_ranks_as_a_name() {
        let paused = matches(
            "MessageRejected: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
        );
        assert_eq!(paused[0].code, "ses-sending-paused");
        assert!(paused[0].score > paused[1].score, "{paused:?}");
        let alone = rank("MessageRejected");
        assert_eq!(alone, ["ses-identity-not-verified", "ses-sandbox"]);
    }

    /// At an equal score the longer declared message ranks first, whatever the registry order.
    #[test]
    fn at_an_equal_score_the_longer_message_ranks_first() {
        fn never(_: &crate::model::Snapshot) -> Option<crate::rules::Finding> {
            None
        }
        const fn rule(code: &'static str, symptoms: &'static [Symptom]) -> Rule {
            Rule {
                code,
                title: code,
                explanation: "",
                docs: "",
                scope: Scope::Pool,
                stage: crate::rules::Stage::Delivery,
                symptoms,
                check: never,
                fixed_by: None,
                weigh: None,
            }
        }
        static SHORT: Rule = rule(
            "short",
            &[Symptom {
                text: "invocation failed due to error",
                source: "test",
                direct: true,
            }],
        );
        static LONG: Rule = rule(
            "long",
            &[Symptom {
                text: "invocation failed due to error AccessDeniedException",
                source: "test",
                direct: true,
            }],
        );
        let text = "PreSignUp invocation failed due to error AccessDeniedException.";
        for rules in [[&SHORT, &LONG], [&LONG, &SHORT]] {
            let got: Vec<_> = matches_in(&rules, text).iter().map(|m| m.code).collect();
            assert_eq!(got, ["long", "short"]);
        }
    }

    #[test]
    fn unrelated_text_matches_nothing() {
        for text in [
            "",
            "connection refused",
            "The user is not found",
            "Incorrect username or password.",
            "ResourceNotFoundException: User pool us-east-1_x does not exist.",
            "the account is fine and the code was accepted",
        ] {
            assert!(rank(text).is_empty(), "{text}: {:?}", rank(text));
        }
    }
}
