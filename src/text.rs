//! Text from outside the tool (a pool's names, a service's messages, a journal's lines), made
//! safe to print on one line: control characters and line breaks escaped, request credentials
//! removed, a service's message bounded. JSON keeps exact values; these are for lines people read.

use std::borrow::Cow;

/// The most of a service's message that is kept, in characters. A real error message is a
/// sentence or two; anything longer is an endpoint echoing a request or a page of HTML.
pub const MAX_SERVICE_MESSAGE: usize = 300;

/// What stands where request credentials were removed.
const REMOVED: &str = "[credentials removed]";

/// Characters that must not reach a terminal as they are: C0/C1 controls (a newline forges a
/// line, an escape sequence moves the cursor or recolours), the Unicode line and paragraph
/// separators, and the bidirectional overrides that reorder what a line shows.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A value shown on one line: every unsafe character escaped (`\n`, `\r`, `\t`, `\u{1b}`), so
/// that a newline in a pool id or a username prints as `\n` and never as a line of its own.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters: a longer text is cut and ends with `…`, so a cut is always seen.
pub fn bounded(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep: String = text.chars().take(max.saturating_sub(1)).collect();
            Cow::Owned(format!("{}…", keep.trim_end()))
        }
    }
}

/// Markers of request credentials, lowercase. A header runs to the end of its line; a query or
/// signature parameter runs to the next separator.
const HEADERS: &[&str] = &["authorization:", "x-amz-security-token:"];
const PARAMETERS: &[&str] = &[
    "x-amz-security-token=",
    "x-amz-credential=",
    "x-amz-signature=",
    "credential=",
    "signature=",
];

/// Ends a header's value: a line break, or its escaped form in a quoted body (`\r`, `\n`).
fn header_end(rest: &str) -> usize {
    let real = rest.find(['\r', '\n']).unwrap_or(rest.len());
    let escaped = ["\\r", "\\n"]
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    real.min(escaped)
}

/// Ends a parameter's value: whitespace, a separator of queries, headers or JSON.
fn parameter_end(rest: &str) -> usize {
    rest.find(|c: char| c.is_whitespace() || "&,;\"'<>\\".contains(c))
        .unwrap_or(rest.len())
}

/// The text without any request credential: the `Authorization` and `X-Amz-Security-Token`
/// headers, and the `X-Amz-Credential`, `X-Amz-Signature`, `Credential` and `Signature`
/// parameters (an endpoint or a proxy that echoes the request puts them in its error body).
/// The marker stays, so the reader sees what was there.
pub fn without_credentials(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (markers, end) in [
        (HEADERS, header_end as fn(&str) -> usize),
        (PARAMETERS, parameter_end),
    ] {
        for m in markers {
            for (at, _) in lower.match_indices(m) {
                // `x-amz-credential=` also contains `credential=`: one cut covers both.
                let from = at + m.len();
                // Removed already (a sentence that quotes a kept message): the rest of the line
                // is not the header's value.
                if text[from..].trim_start().starts_with(REMOVED) {
                    continue;
                }
                let to = from + end(&text[from..]);
                if to > from {
                    cuts.push((from, to));
                }
            }
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    cuts.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (from, to) in cuts {
        if to <= at {
            continue;
        }
        let from = from.max(at);
        out.push_str(&text[at..from]);
        if !out.ends_with(' ') && text[..from].ends_with(':') {
            out.push(' ');
        }
        out.push_str(REMOVED);
        at = to;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// A service's message as the tool keeps it for people and scripts: request credentials
/// removed, every run of whitespace (line breaks too) made one space, other unsafe characters
/// escaped, and at most [`MAX_SERVICE_MESSAGE`] characters.
pub fn service_message(text: &str) -> String {
    let clean = without_credentials(text);
    let joined = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    bounded(&one_line(&joined), MAX_SERVICE_MESSAGE).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_escapes_print_escaped() {
        assert_eq!(
            one_line("us-east-1_x\nOK: applied"),
            "us-east-1_x\\nOK: applied"
        );
        assert_eq!(one_line("a\r\tb\u{1b}[31m"), "a\\r\\tb\\u{1b}[31m");
        assert_eq!(one_line("a\u{2028}b\u{202e}c"), "a\\u{2028}b\\u{202e}c");
        assert!(matches!(one_line("plain ü"), Cow::Borrowed("plain ü")));
    }

    #[test]
    fn a_long_text_is_cut_with_a_mark() {
        assert_eq!(bounded("abcdef", 6), "abcdef");
        assert_eq!(bounded("abcdefg", 6), "abcde…");
        assert_eq!(bounded("ééééééé", 3).chars().count(), 3);
    }

    #[test]
    fn request_credentials_are_removed() {
        let echo = "bad request: POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\r\nX-Amz-Security-Token: FwoGZXIvYXdzEFakeSessionToken==\r\nx-amz-target: AWSCognitoIdentityProviderService.DescribeUserPool\r\n";
        let out = without_credentials(echo);
        for secret in ["AKIDEXAMPLE", "5d672d79", "FwoGZXIvYXdzEFakeSessionToken"] {
            assert!(!out.contains(secret), "{out}");
        }
        assert!(out.contains("x-amz-target: AWSCognitoIdentityProviderService.DescribeUserPool"));
        assert!(
            out.contains("Authorization: [credentials removed]"),
            "{out}"
        );
        // Escaped line breaks (a JSON body quoted as it was) end a header too.
        let quoted = r#"{"echo":"X-Amz-Security-Token: tok123\r\nHost: h"}"#;
        let out = without_credentials(quoted);
        assert!(!out.contains("tok123") && out.contains("Host: h"), "{out}");
        // Presigned query parameters.
        let url = "GET /?X-Amz-Credential=AKID%2F2025&X-Amz-Signature=abc123&x=1";
        let out = without_credentials(url);
        assert!(
            !out.contains("AKID") && !out.contains("abc123") && out.contains("&x=1"),
            "{out}"
        );
        assert!(matches!(
            without_credentials("no secrets"),
            Cow::Borrowed(_)
        ));
        // Removing twice (a kept message, then the sentence quoting it) keeps what follows.
        let kept = service_message(echo);
        assert_eq!(without_credentials(&kept), kept);
        assert!(kept.contains("x-amz-target"), "{kept}");
    }

    #[test]
    fn a_service_message_is_one_bounded_line_without_credentials() {
        let body = format!(
            "echo:\nAuthorization: AWS4-HMAC-SHA256 Signature=deadbeef\nX-Amz-Security-Token: FAKETOKEN\n{}",
            "x".repeat(1000)
        );
        let m = service_message(&body);
        assert!(
            !m.contains('\n') && !m.contains("deadbeef") && !m.contains("FAKETOKEN"),
            "{m}"
        );
        assert_eq!(m.chars().count(), MAX_SERVICE_MESSAGE);
        assert!(m.ends_with('…'));
        assert_eq!(
            service_message("User does not exist."),
            "User does not exist."
        );
    }
}
