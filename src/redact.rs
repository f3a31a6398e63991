//! `--redact`: masks emails, usernames and subs consistently within one run, so that output can
//! be pasted into a ticket and still be read (user-1 is the same user everywhere: stdout, the
//! error sentence on stderr, every format). One mask table per process, below every layer, so
//! that the AWS layer can name the users it puts into an error sentence.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

#[derive(Debug, Default)]
struct Table {
    masks: HashMap<String, String>,
    users: usize,
    emails: usize,
    subs: usize,
}

static TABLE: Mutex<Option<Table>> = Mutex::new(None);
static ENABLED: AtomicBool = AtomicBool::new(false);

fn table() -> MutexGuard<'static, Option<Table>> {
    TABLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Turns masking on for the whole run (`--redact`).
pub fn enable() {
    ENABLED.store(true, Ordering::SeqCst);
}

/// Registers a username that a lower layer puts into a sentence (no-op without `--redact`).
pub fn remember_user(username: &str) {
    if ENABLED.load(Ordering::SeqCst) {
        Redactor::new(true).user(username);
    }
}

/// Masks an error sentence: every registered identifier, and any word that looks like an email.
pub fn scrub(sentence: &str) -> String {
    if !ENABLED.load(Ordering::SeqCst) {
        return sentence.to_owned();
    }
    let mut r = Redactor::new(true);
    let emails: Vec<String> = sentence
        .split(|c: char| c.is_whitespace() || "()[]{},;'\"`<>".contains(c))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| w.contains('@') && w.len() > 2)
        .map(str::to_owned)
        .collect();
    for e in emails {
        r.email(&e);
    }
    r.text(sentence)
}

/// Masks identifiers in output. Copies share the run's mask table.
#[derive(Debug, Default, Clone)]
pub struct Redactor {
    enabled: bool,
}

impl Redactor {
    pub fn new(enabled: bool) -> Self {
        Self { enabled }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Registers a username and returns its mask.
    pub fn user(&mut self, username: &str) -> String {
        self.mask(username, |r| {
            r.users += 1;
            format!("user-{}", r.users)
        })
    }

    /// Registers an email and returns its mask; the domain is kept only as a redacted label.
    pub fn email(&mut self, email: &str) -> String {
        self.mask(email, |r| {
            r.emails += 1;
            format!("email-{}@redacted.invalid", r.emails)
        })
    }

    pub fn sub(&mut self, sub: &str) -> String {
        self.mask(sub, |r| {
            r.subs += 1;
            format!("sub-{}", r.subs)
        })
    }

    fn mask(&mut self, value: &str, make: impl FnOnce(&mut Table) -> String) -> String {
        if !self.enabled || value.is_empty() {
            return value.to_owned();
        }
        let mut guard = table();
        let t = guard.get_or_insert_with(Table::default);
        if let Some(m) = t.masks.get(value) {
            return m.clone();
        }
        let m = make(t);
        // The forms a value takes inside printed commands and JSON: shell-quoted and escaped.
        // Masking runs over finished text, so each form must be known.
        let shell = value.replace('\'', r"'\''");
        let json = serde_json::to_string(value).unwrap_or_default();
        let json = json.trim_matches('"').to_owned();
        let json_in_shell = json.replace('\'', r"'\''");
        for form in [value.to_owned(), shell, json, json_in_shell] {
            t.masks.entry(form).or_insert_with(|| m.clone());
        }
        m
    }

    /// Replaces every registered identifier inside free text (evidence, commands). Longer values
    /// first, so that an email is not half-replaced by a username it contains.
    pub fn text(&self, text: &str) -> String {
        if !self.enabled {
            return text.to_owned();
        }
        let guard = table();
        let Some(t) = guard.as_ref() else {
            return text.to_owned();
        };
        let mut keys: Vec<&String> = t.masks.keys().collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut out = text.to_owned();
        for k in keys {
            if out.contains(k.as_str()) {
                out = replace_whole(&out, k, &t.masks[k]);
            }
        }
        out
    }
}

/// Characters that continue an identifier: a match next to one is part of a longer name.
fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || "_-@+".contains(c)
}

/// Replaces `needle` where it stands as a whole identifier, so that a short username such as
/// `al` does not mask the middle of `email`.
fn replace_whole(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(needle) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + needle.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            out.push_str(needle);
        } else {
            out.push_str(with);
        }
        rest = &rest[i + needle.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The mask table is shared by the whole process, so each test uses its own names and reads
    // the masks it was given rather than assuming counters.

    #[test]
    fn same_value_same_mask_and_text_replaced() {
        let mut r = Redactor::new(true);
        let a = r.user("alice-t1");
        let b = r.user("bob-t1");
        assert!(a.starts_with("user-") && a != b);
        assert_eq!(r.user("alice-t1"), a);
        let e = r.email("alice-t1@example.com");
        assert!(e.ends_with("@redacted.invalid"));
        assert_eq!(
            r.text("user alice-t1 has email alice-t1@example.com"),
            format!("user {a} has email {e}")
        );
    }

    #[test]
    fn only_whole_identifiers_are_masked() {
        let mut r = Redactor::new(true);
        let m = r.user("al");
        assert_eq!(
            r.text("al's email, user al, --username al"),
            format!("{m}'s email, user {m}, --username {m}")
        );
        assert_eq!(r.text("alice and val"), "alice and val");
    }

    #[test]
    fn quoted_and_escaped_forms_are_masked_too() {
        let mut r = Redactor::new(true);
        let m = r.user("o'brien-t3");
        let printed = format!("--username {}", crate::fix::quote("o'brien-t3"));
        assert_eq!(r.text(&printed), format!("--username '{m}'"));
        let e = r.email("x\"y-t3@example.com");
        assert_eq!(
            r.text(r#"{"Value":"x\"y-t3@example.com"}"#),
            format!(r#"{{"Value":"{e}"}}"#)
        );
    }

    #[test]
    fn error_sentences_mask_emails_they_were_not_told_about() {
        enable();
        let s = scrub("2 users have email zed-t4@example.com: a (CONFIRMED, verified)");
        assert!(!s.contains("zed-t4@example.com"), "{s}");
    }

    #[test]
    fn disabled_is_identity() {
        let mut r = Redactor::new(false);
        assert_eq!(r.user("alice"), "alice");
        assert_eq!(r.text("alice"), "alice");
    }
}
