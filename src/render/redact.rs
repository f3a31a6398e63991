//! `--redact`: masks emails, usernames and subs consistently within one run, so that output can
//! be pasted into a ticket and still be read (user-1 is the same user everywhere).

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Redactor {
    enabled: bool,
    masks: HashMap<String, String>,
    users: usize,
    emails: usize,
    subs: usize,
}

impl Redactor {
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            ..Self::default()
        }
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

    fn mask(&mut self, value: &str, make: impl FnOnce(&mut Self) -> String) -> String {
        if !self.enabled || value.is_empty() {
            return value.to_owned();
        }
        if let Some(m) = self.masks.get(value) {
            return m.clone();
        }
        let m = make(self);
        self.masks.insert(value.to_owned(), m.clone());
        m
    }

    /// Replaces every registered identifier inside free text (evidence, commands). Longer values
    /// first, so that an email is not half-replaced by a username it contains.
    pub fn text(&self, text: &str) -> String {
        if !self.enabled || self.masks.is_empty() {
            return text.to_owned();
        }
        let mut keys: Vec<&String> = self.masks.keys().collect();
        keys.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut out = text.to_owned();
        for k in keys {
            if out.contains(k.as_str()) {
                out = replace_whole(&out, k, &self.masks[k]);
            }
        }
        out
    }
}

/// Characters that continue an identifier: a match next to one is part of a longer name.
fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || "._-@+".contains(c)
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

    #[test]
    fn same_value_same_mask_and_text_replaced() {
        let mut r = Redactor::new(true);
        assert_eq!(r.user("alice"), "user-1");
        assert_eq!(r.user("bob"), "user-2");
        assert_eq!(r.user("alice"), "user-1");
        assert_eq!(r.email("alice@example.com"), "email-1@redacted.invalid");
        assert_eq!(
            r.text("user alice has email alice@example.com"),
            "user user-1 has email email-1@redacted.invalid"
        );
    }

    #[test]
    fn only_whole_identifiers_are_masked() {
        let mut r = Redactor::new(true);
        r.user("al");
        assert_eq!(
            r.text("al's email, user al, --username al"),
            "user-1's email, user user-1, --username user-1"
        );
        assert_eq!(r.text("alice and val"), "alice and val");
    }

    #[test]
    fn disabled_is_identity() {
        let mut r = Redactor::new(false);
        assert_eq!(r.user("alice"), "alice");
        assert_eq!(r.text("alice"), "alice");
    }
}
