//! Text from outside the tool (a pool's names, a service's messages, a journal's lines), made
//! safe to print on one line: control characters and line breaks escaped, a service's message
//! bounded. JSON keeps exact values; these are for lines people read.

use std::borrow::Cow;

/// The most of a service's message that is kept, in characters. A real error message is a
/// sentence or two; anything longer is an endpoint echoing a request or a page of HTML.
pub const MAX_SERVICE_MESSAGE: usize = 300;

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

/// A service's message as the tool keeps it for people and scripts: every run of whitespace
/// (line breaks too) made one space, other unsafe characters escaped, and at most
/// [`MAX_SERVICE_MESSAGE`] characters.
pub fn service_message(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
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
    fn a_service_message_is_one_bounded_line() {
        let body = format!("echo:\nline two\r\n{}", "x".repeat(1000));
        let m = service_message(&body);
        assert!(
            !m.contains('\n') && m.starts_with("echo: line two x"),
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
