//! A bundle: every read a diagnosis (or an audit) made, recorded at the one seam every read goes
//! through (the HTTP client of the session, `aws::seam`), for a customer to run (`collect`) and an
//! engineer to diagnose offline (`--bundle`). Readable JSON, versioned:
//!
//! ```json
//! {"format": "cognito-email-doctor bundle", "version": 1, "tool": "0.1.0",
//!  "time": "2026-12-06T12:00:00Z", "epoch": 1796558400, "region": "eu-west-1", "account": null,
//!  "pool": "eu-west-1_AbC123", "subject": {"username": "user-3f2a9c1b0d4e"},
//!  "pseudonyms": {"hmac": "sha256"},
//!  "reads": [{"service": "cognito-idp", "region": "eu-west-1",
//!             "target": "AWSCognitoIdentityProviderService.AdminGetUser", "method": "POST",
//!             "path": "/", "request": {...}, "status": 200, "error_type": null,
//!             "answer": {...}}, ...],
//!  "end": {"reads": 12, "pseudonyms": {"username": 1, "email": 2}}}
//! ```
//!
//! Pseudonyms: every username, email local part, sub, phone number, name and identity `userId`
//! becomes a keyed token (HMAC-SHA256 under a key made for the bundle), the same value the same
//! token throughout, in requests and answers alike, so that a replay asks exactly what was
//! recorded; email domains, pool ids, ARNs and settings are kept, since verdicts need them. An
//! address's case is kept in its token (the letters of the token take the case of the letters of
//! the address at the same places), so that two spellings of one address stay two spellings that
//! compare equal without case. Secrets (client secrets, tokens, codes, passwords) are never kept.

use std::collections::{BTreeMap, HashMap, HashSet};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The bundle format this version writes and reads.
pub const VERSION: u64 = 1;
pub const FORMAT: &str = "cognito-email-doctor bundle";

/// What the bundle was collected for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub all_users: bool,
}

/// The bundle's head: everything but the reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    pub format: String,
    pub version: u64,
    pub tool: String,
    pub time: String,
    /// When it was collected, in seconds since the epoch: the offline run's "now", so that every
    /// verdict that weighs an age (an expired invitation or code) is the same as live.
    pub epoch: i64,
    pub region: String,
    pub account: Option<String>,
    pub pool: String,
    pub subject: Subject,
    /// None with `--no-pseudonyms`.
    pub pseudonyms: Option<PseudonymsHead>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PseudonymsHead {
    pub hmac: String,
}

/// The bundle's last object: written once every read is, so a bundle without it was cut short.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct End {
    pub reads: usize,
    /// Distinct values made tokens, by kind (None with `--no-pseudonyms`).
    pub pseudonyms: Option<BTreeMap<String, usize>>,
}

/// One read as it went: where, what was asked, and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Read {
    /// The signing name of the service (`cognito-idp`, `ses`, `lambda`, `logs`, ...).
    pub service: String,
    pub region: String,
    /// `X-Amz-Target` of a JSON call; None for a REST call.
    pub target: Option<String>,
    pub method: String,
    /// The path (and query), names in it pseudonymised.
    pub path: String,
    /// The JSON request body; None for a REST call without one.
    pub request: Option<Value>,
    /// The HTTP status; None when no answer came (`failure` says why).
    pub status: Option<u16>,
    /// `x-amzn-ErrorType`, for an error answer.
    pub error_type: Option<String>,
    /// The answer's body: JSON, or the text as it came.
    pub answer: Option<Value>,
    /// No answer: `timeout` or `unreachable`.
    pub failure: Option<String>,
}

impl Read {
    /// The key a replay matches a request on: service, region, operation, path and the request
    /// without its time window (a replay runs later than the collection).
    pub fn key(&self) -> String {
        let mut request = self.request.clone().unwrap_or(Value::Null);
        if let Value::Object(m) = &mut request {
            for volatile in ["StartTime", "EndTime", "startTime", "endTime"] {
                m.remove(volatile);
            }
        }
        format!(
            "{} {} {} {} {} {}",
            self.service,
            self.region,
            self.target.as_deref().unwrap_or("-"),
            self.method,
            self.path,
            request
        )
    }
}

impl Read {
    /// The key pasted AWS CLI output is matched on: the operation and the parameters that name
    /// what was read (the pool, the user, the client, the provider), whatever else the tool asks.
    pub fn loose_key(&self) -> String {
        let r = self.request.clone().unwrap_or(Value::Null);
        let named: Vec<String> = ["UserPoolId", "Username", "ClientId", "ProviderName"]
            .iter()
            .map(|k| r[*k].as_str().unwrap_or("-").to_owned())
            .collect();
        format!(
            "{} {} {} {}",
            self.service,
            self.region,
            self.target.as_deref().unwrap_or("-"),
            named.join(" ")
        )
    }
}

/// A whole bundle, read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bundle {
    #[serde(flatten)]
    pub head: Head,
    pub reads: Vec<Read>,
    pub end: Option<End>,
}

/// The key file the customer keeps (`--key-out`): the HMAC key and each token with the value
/// it stands for, so that `--key` puts the real names back in the engineer's output.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeyFile {
    pub key: String,
    pub names: BTreeMap<String, String>,
}

/// The kinds of values made tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Username,
    Email,
    Sub,
    Phone,
    Name,
    IdentityUserId,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Username => "username",
            Kind::Email => "email",
            Kind::Sub => "sub",
            Kind::Phone => "phone",
            Kind::Name => "name",
            Kind::IdentityUserId => "identity",
        }
    }
}

/// Attributes whose values are names of a person.
const NAME_ATTRIBUTES: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "address",
    "birthdate",
];

/// Keys whose values are never written: secrets.
const SECRET_KEYS: &[&str] = &[
    "ClientSecret",
    "AccessToken",
    "IdToken",
    "RefreshToken",
    "Session",
    "Password",
    "TemporaryPassword",
    "PreviousPassword",
    "ProposedPassword",
    "ConfirmationCode",
    "Code",
    "SecretHash",
    // An identity provider's own secrets, in `ProviderDetails`.
    "client_secret",
    "private_key",
];

/// Makes tokens under one key (a token is made again from its value each time, never looked up),
/// and remembers what it must: a fingerprint of each value for the distinct counts, the values
/// free text may name, and the key file's names only when a key file is asked for. A pool's
/// collection so holds about 0.2 KB a user, not a table of every value and its token.
pub struct Pseudonyms {
    key: Vec<u8>,
    /// A 64-bit fingerprint of each value made a token, by kind: the distinct counts.
    distinct: HashSet<(Kind, u64)>,
    /// Token to value, for the key file (`--key-out`); None when none is asked for.
    names: Option<BTreeMap<String, String>>,
    /// Values seen whole (usernames, subs, names), with their kind, for free text.
    whole: HashMap<Box<str>, Kind>,
    /// The pool's own sender addresses (its FROM, its reply-to, its SES identity): settings, kept
    /// wherever they appear (lowercase).
    senders: HashSet<String>,
}

impl Pseudonyms {
    /// Under a fresh random key.
    pub fn fresh() -> std::io::Result<Pseudonyms> {
        let mut key = vec![0u8; 32];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Pseudonyms::with_key(key))
    }

    pub fn with_key(key: Vec<u8>) -> Pseudonyms {
        Pseudonyms {
            key,
            distinct: HashSet::new(),
            names: None,
            whole: HashMap::new(),
            senders: HashSet::new(),
        }
    }

    /// Keeps each token with its value, for [`Pseudonyms::key_file`].
    pub fn keeping_names(mut self) -> Pseudonyms {
        self.names = Some(BTreeMap::new());
        self
    }

    /// From a key file (`--key`): the same key, so that real names asked for are made tokens as
    /// the bundle made them.
    pub fn from_key_file(k: &KeyFile) -> Option<Pseudonyms> {
        hex::decode(&k.key).ok().map(Pseudonyms::with_key)
    }

    /// The key and the names kept since [`Pseudonyms::keeping_names`] (none before it).
    pub fn key_file(&self) -> KeyFile {
        KeyFile {
            key: hex::encode(&self.key),
            names: self.names.clone().unwrap_or_default(),
        }
    }

    /// Distinct values made tokens, by kind.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for (kind, _) in &self.distinct {
            *out.entry(kind.as_str().to_owned()).or_insert(0) += 1;
        }
        out
    }

    /// A value's fingerprint, as given (two spellings are two values).
    fn fingerprint(kind: Kind, value: &str) -> (Kind, u64) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        value.hash(&mut h);
        (kind, h.finish())
    }

    /// Remembers a value met for the first time: its fingerprint, the name the key file gives
    /// its token (an address's local part), and, for a name free text may carry, the value.
    fn remember(&mut self, kind: Kind, value: &str, token: &str) {
        if !self.distinct.insert(Pseudonyms::fingerprint(kind, value)) {
            return;
        }
        if let Some(names) = &mut self.names {
            let local = |s: &str| match kind {
                Kind::Email => s.split('@').next().unwrap_or(s).to_owned(),
                _ => s.to_owned(),
            };
            names.insert(local(token), local(value));
        }
        if matches!(
            kind,
            Kind::Username | Kind::Sub | Kind::Name | Kind::IdentityUserId | Kind::Phone
        ) && value.chars().count() >= 3
        {
            self.whole.insert(value.into(), kind);
        }
    }

    fn mac(&self, kind: Kind, value: &str) -> String {
        let mut mac = match Hmac::<sha2::Sha256>::new_from_slice(&self.key) {
            Ok(m) => m,
            Err(_) => return String::new(),
        };
        mac.update(kind.as_str().as_bytes());
        mac.update(&[0]);
        mac.update(value.to_lowercase().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The token of `value` of `kind`.
    pub fn token(&mut self, kind: Kind, value: &str) -> String {
        if value.is_empty() {
            return String::new();
        }
        let h = self.mac(kind, value);
        let token = match kind {
            Kind::Username => with_case(&format!("user-{}", &h[..12]), value),
            Kind::Email => match value.rsplit_once('@') {
                Some((local, domain)) => {
                    format!("{}@{domain}", with_case(&format!("u{}", &h[..10]), local))
                }
                None => with_case(&format!("u{}", &h[..10]), value),
            },
            Kind::Sub => {
                // The first character stays: audit partitions by it.
                let first = value.chars().next().unwrap_or('0');
                format!(
                    "{first}{}-{}-{}-{}-{}",
                    &h[1..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..32]
                )
            }
            Kind::Phone => {
                let digits: String = h
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .chain(std::iter::repeat(b'0'))
                    .take(7)
                    .map(char::from)
                    .collect();
                format!("+1555{digits}")
            }
            Kind::Name => format!("name-{}", &h[..10]),
            Kind::IdentityUserId => format!("id-{}", &h[..12]),
        };
        self.remember(kind, value, &token);
        token
    }

    /// Every email address in free text made a token (its domain kept).
    fn emails_in(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('@') {
            let before = &rest[..at];
            let start = before
                .char_indices()
                .rev()
                .find(|(_, c)| !is_local_char(*c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let after = &rest[at + 1..];
            let end = after
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-'))
                .map_or(after.len(), |(i, _)| i);
            let domain = after[..end].trim_end_matches('.');
            let address = format!("{}@{domain}", &before[start..]);
            if start == at
                || !domain.contains('.')
                || self.senders.contains(&address.to_lowercase())
            {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
                continue;
            }
            out.push_str(&before[..start]);
            out.push_str(&self.token(Kind::Email, &address));
            rest = &after[domain.len()..];
        }
        out.push_str(rest);
        out
    }

    /// Free text (a log message, a CloudTrail event, a filter): addresses, and every whole value
    /// seen before (a username, a sub), made tokens.
    pub fn text(&mut self, text: &str) -> String {
        // An ARN is kept whole (a pool's, an identity's, a function's, a key's).
        if text.starts_with("arn:") {
            return text.to_owned();
        }
        if let Some(&kind) = self.whole.get(text) {
            return self.token(kind, text);
        }
        let mut out = self.emails_in(text);
        // Only prose and embedded documents (a log message, a template, a CloudTrail event) can
        // name a value inside a longer text; a field's own value was matched whole above.
        let prose = text.len() > 24 && text.contains([' ', '{', '"', ',', '=']);
        if self.whole.is_empty() || !prose {
            return out;
        }
        let mut known: Vec<(Box<str>, Kind)> = self
            .whole
            .iter()
            .filter(|(o, _)| out.contains(&***o))
            .map(|(o, k)| (o.clone(), *k))
            .collect();
        known.sort_by_key(|(o, _)| std::cmp::Reverse(o.len()));
        for (original, kind) in known {
            let token = self.token(kind, &original);
            out = replace_bounded(&out, &original, &token);
        }
        out
    }

    /// A request or an answer body, pseudonymised in place by what each field is.
    pub fn body(&mut self, v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in SECRET_KEYS {
                    m.remove(*k);
                }
                let keys: Vec<String> = m.keys().cloned().collect();
                for k in keys {
                    let Some(field) = m.get_mut(&k) else { continue };
                    match (k.as_str(), &*field) {
                        ("Username" | "username" | "PreferredUsername", Value::String(s)) => {
                            *field = Value::String(self.token(Kind::Username, s));
                        }
                        ("Attributes" | "UserAttributes", Value::Array(_)) => {
                            self.attributes(field);
                        }
                        ("Filter", Value::String(s)) => {
                            *field = Value::String(self.filter(s));
                        }
                        ("CloudTrailEvent", Value::String(s)) => {
                            let mut inner: Value = serde_json::from_str(s).unwrap_or(Value::Null);
                            *field = match inner {
                                Value::Null => Value::String(self.text(s)),
                                _ => {
                                    self.body(&mut inner);
                                    Value::String(inner.to_string())
                                }
                            };
                        }
                        ("sub" | "userSub" | "UserSub", Value::String(s)) => {
                            *field = Value::String(self.token(Kind::Sub, s));
                        }
                        ("From" | "ReplyToEmailAddress" | "SourceArn", Value::String(s)) => {
                            let s = s.clone();
                            self.sender(&s);
                        }
                        (_, Value::String(s)) => *field = Value::String(self.text(s)),
                        _ => self.body(field),
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| self.body(x)),
            Value::String(s) => *s = self.text(s),
            _ => {}
        }
    }

    /// The pool's sender settings: every address in them is kept wherever it appears (the SES
    /// identity's path, its answer).
    fn sender(&mut self, setting: &str) {
        let addresses: Vec<String> = setting
            .split(|c: char| c.is_whitespace() || "<>\"/:,".contains(c))
            .filter(|w| w.contains('@'))
            .map(|w| w.trim_matches('.').to_lowercase())
            .collect();
        self.senders.extend(addresses);
    }

    /// Takes in the pool's sender settings from recorded answers (a replay that makes tokens of
    /// real names needs them before its first request).
    pub fn learn_senders(&mut self, v: &Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("From" | "ReplyToEmailAddress" | "SourceArn", Value::String(s)) => {
                            self.sender(s)
                        }
                        _ => self.learn_senders(x),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| self.learn_senders(x)),
            _ => {}
        }
    }

    /// `[{"Name": "email", "Value": "..."}, ...]`: each value by its attribute.
    fn attributes(&mut self, list: &mut Value) {
        let Value::Array(items) = list else { return };
        for item in items {
            let name = item["Name"].as_str().unwrap_or_default().to_owned();
            let Some(Value::String(value)) = item.get("Value").cloned() else {
                continue;
            };
            let token = match name.as_str() {
                "sub" => self.token(Kind::Sub, &value),
                "email" => self.token(Kind::Email, &value),
                "phone_number" => self.token(Kind::Phone, &value),
                "identities" => self.identities(&value),
                n if NAME_ATTRIBUTES.contains(&n) => self.token(Kind::Name, &value),
                _ => self.text(&value),
            };
            item["Value"] = Value::String(token);
        }
    }

    /// The `identities` attribute: a JSON array whose `userId`s are the provider's ids.
    fn identities(&mut self, raw: &str) -> String {
        let Ok(mut v) = serde_json::from_str::<Value>(raw) else {
            return self.text(raw);
        };
        if let Value::Array(items) = &mut v {
            for i in items {
                if let Some(Value::String(id)) = i.get("userId").cloned() {
                    i["userId"] = Value::String(self.token(Kind::IdentityUserId, &id));
                }
            }
        }
        v.to_string()
    }

    /// A ListUsers filter (`email = "a@b.c"`, `sub ^= "0"`): its value by its attribute. A
    /// one-character prefix (audit's partitions) is kept.
    fn filter(&mut self, f: &str) -> String {
        let Some((attr, rest)) = f.split_once(' ') else {
            return self.text(f);
        };
        let Some((op, quoted)) = rest.split_once(' ') else {
            return self.text(f);
        };
        let value = quoted
            .trim()
            .trim_matches('"')
            .replace("\\\"", "\"")
            .replace("\\\\", "\\");
        if op == "^=" && value.chars().count() <= 1 {
            return f.to_owned();
        }
        let token = match attr {
            "username" => self.token(Kind::Username, &value),
            "email" if value.contains('@') => self.token(Kind::Email, &value),
            "sub" => self.token(Kind::Sub, &value),
            "phone_number" => self.token(Kind::Phone, &value),
            n if NAME_ATTRIBUTES.contains(&n) => self.token(Kind::Name, &value),
            _ => self.text(&value),
        };
        format!(
            "{attr} {op} \"{}\"",
            token.replace('\\', "\\\\").replace('"', "\\\"")
        )
    }

    /// A URL path: each segment decoded, made tokens as free text, encoded again.
    pub fn path(&mut self, path: &str) -> String {
        use percent_encoding::{
            percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC,
        };
        // What a path segment keeps as it is: RFC 3986's unreserved characters, as the SDKs
        // encode labels.
        const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        let (p, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        let segments: Vec<String> = p
            .split('/')
            .map(|s| {
                let decoded = percent_decode_str(s).decode_utf8_lossy().into_owned();
                let shown = self.text(&decoded);
                match shown == decoded {
                    true => s.to_owned(),
                    false => utf8_percent_encode(&shown, SEGMENT).to_string(),
                }
            })
            .collect();
        let mut out = segments.join("/");
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        out
    }
}

/// A character of an address's local part as addresses are written in practice (not `/`, `:`
/// or `=`, which end an ARN's or a parameter's text before it).
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

/// `token` with the case of `like`'s letters at the same places: two spellings of one value
/// stay two spellings that compare equal without case.
fn with_case(token: &str, like: &str) -> String {
    let cases: Vec<bool> = like
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(char::is_uppercase)
        .collect();
    if !cases.iter().any(|u| *u) {
        return token.to_owned();
    }
    let mut i = 0;
    token
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                let upper = cases[i % cases.len()];
                i += 1;
                if upper {
                    return c.to_ascii_uppercase();
                }
            }
            c
        })
        .collect()
}

/// `text` with each occurrence of `original` not inside a longer word replaced by `token`.
fn replace_bounded(text: &str, original: &str, token: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(original) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + original.len()..].chars().next();
        out.push_str(&rest[..i]);
        if word(before) || word(after) {
            out.push_str(original);
        } else {
            out.push_str(token);
        }
        rest = &rest[i + original.len()..];
    }
    out.push_str(rest);
    out
}

/// The real values put back with a key file (`--key`): every token in a string replaced by the
/// value it stands for. A token is a run of letters, digits, `+`, `_` and `-`, so each such run is
/// looked up once.
pub struct Restorer {
    names: HashMap<String, String>,
}

impl Restorer {
    pub fn new(key: &KeyFile) -> Restorer {
        Restorer {
            names: key
                .names
                .iter()
                .map(|(t, r)| (t.clone(), r.clone()))
                .collect(),
        }
    }

    pub fn text(&self, s: &str) -> String {
        let run = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '_' || c == '-';
        let mut out = String::with_capacity(s.len());
        let mut start = None;
        for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            match (run(c) && i < s.len(), start) {
                (true, None) => start = Some(i),
                (true, Some(_)) => {}
                (false, Some(st)) => {
                    let word = &s[st..i];
                    out.push_str(self.names.get(word).map_or(word, String::as_str));
                    start = None;
                    if i < s.len() {
                        out.push(c);
                    }
                }
                (false, None) => {
                    if i < s.len() {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    pub fn value(&self, v: &mut Value) {
        match v {
            Value::String(s) => *s = self.text(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.value(x)),
            Value::Object(m) => m.values_mut().for_each(|x| self.value(x)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Pseudonyms {
        Pseudonyms::with_key(vec![7; 32])
    }

    #[test]
    fn the_same_value_is_the_same_token_and_case_is_kept_apart() {
        let mut p = p();
        let a = p.token(Kind::Email, "jane@example.com");
        let b = p.token(Kind::Email, "Jane@Example.com");
        assert!(
            a.ends_with("@example.com") && b.ends_with("@Example.com"),
            "{a} {b}"
        );
        assert_ne!(a, b);
        assert_eq!(a.to_lowercase(), b.to_lowercase());
        assert_eq!(p.token(Kind::Email, "jane@example.com"), a);
        let sub = p.token(Kind::Sub, "a1b2c3d4-0000-1111-2222-333344445555");
        assert!(sub.starts_with('a') && sub.len() == 36, "{sub}");
    }

    #[test]
    fn a_user_answer_keeps_no_name_and_no_secret() {
        let mut p = p();
        let mut v = serde_json::json!({
            "Username": "jane",
            "UserAttributes": [
                {"Name": "sub", "Value": "0f0f0f0f-1111-2222-3333-444455556666"},
                {"Name": "email", "Value": "jane.doe@example.com"},
                {"Name": "email_verified", "Value": "false"},
                {"Name": "phone_number", "Value": "+447700900123"},
                {"Name": "given_name", "Value": "Jane"},
                {"Name": "identities", "Value": "[{\"userId\":\"1234567890\",\"providerName\":\"Okta\"}]"}
            ],
            "UserPoolClient": {"ClientSecret": "s3cr3t", "ClientId": "abc"}
        });
        p.body(&mut v);
        let text = v.to_string();
        for hidden in [
            "jane",
            "Jane",
            "0f0f0f0f-1111",
            "+447700900123",
            "1234567890",
            "s3cr3t",
        ] {
            assert!(!text.contains(hidden), "{hidden} in {text}");
        }
        for kept in ["@example.com", "email_verified", "false", "Okta", "abc"] {
            assert!(text.contains(kept), "{kept} lost: {text}");
        }
        // Free text later names the same user: the same token.
        let user = p.token(Kind::Username, "jane");
        assert_eq!(
            p.text("user jane asked for a code for jane.doe@example.com"),
            format!(
                "user {user} asked for a code for {}",
                p.token(Kind::Email, "jane.doe@example.com")
            )
        );
    }

    #[test]
    fn filters_and_paths_carry_the_same_tokens() {
        let mut p = p();
        let email = p.token(Kind::Email, "a@b.example");
        assert_eq!(
            p.filter(r#"email = "a@b.example""#),
            format!(r#"email = "{email}""#)
        );
        assert_eq!(p.filter(r#"sub ^= "a""#), r#"sub ^= "a""#);
        let path = p.path("/v2/email/suppression/addresses/a%40b.example");
        assert!(
            !path.contains("a%40b") && path.contains("b.example"),
            "{path}"
        );
    }

    #[test]
    fn the_key_file_puts_the_names_back() {
        assert!(p().key_file().names.is_empty());
        let mut p = p().keeping_names();
        let mut v = serde_json::json!({"Username": "jane", "Attributes": [{"Name": "email", "Value": "jane@example.com"}]});
        p.body(&mut v);
        let key = p.key_file();
        Restorer::new(&key).value(&mut v);
        assert_eq!(v["Username"], "jane");
        assert_eq!(v["Attributes"][0]["Value"], "jane@example.com");
        // The same key makes the same tokens.
        let mut again = Pseudonyms::from_key_file(&key).unwrap();
        assert_eq!(
            again.token(Kind::Username, "jane"),
            p.token(Kind::Username, "jane")
        );
    }
}
