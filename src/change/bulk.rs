//! What a bulk run reads and leaves: the list of users from an audit (or one per line), the
//! users a survey leaves out by reason, a line per target and the tally (the driver,
//! [`super::drive`], runs it).

use std::collections::BTreeSet;

use crate::error::{Error, Result};

/// The usernames in `text`: `audit -o json` output (the users with a finding in `codes`; the pool
/// and summary lines are passed over; of a fleet's output, `audit --all-pools`, only the lines
/// naming `pool`) or one username per line (blank lines and `#` comments skipped). Each username
/// once, in the order first seen. A line of JSON of any other shape (an array, an object without
/// `username` and `findings`, a quoted string, `null`) is refused with the sentence why, never
/// read as a username.
pub fn usernames(text: &str, codes: &[&str], pool: &str) -> Result<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let refuse = |what: String| {
            Error::usage(format!(
                "line {} is {what}: expected a line of `audit -o json` (an object with \"username\" and \"findings\") or one username per line",
                i + 1
            ))
        };
        let name = match audit_line(line, codes, pool).map_err(refuse)? {
            Listed::Name(name) => name,
            Listed::Passed => continue,
            Listed::Plain => line.to_owned(),
        };
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    Ok(out)
}

/// What one line of a `--from` list gives.
enum Listed {
    /// The username of an audit line whose findings the command fixes.
    Name(String),
    /// An audit line passed over: the pool's or the summary's, or a user the command does not fix.
    Passed,
    /// Not JSON: the line is a username.
    Plain,
}

/// Reads one line as an audit JSON line when it looks like JSON; the error says what it is
/// instead.
fn audit_line(line: &str, codes: &[&str], pool: &str) -> std::result::Result<Listed, String> {
    let start = line.trim_start();
    if !start.starts_with(['{', '[', '"']) && start.trim_end() != "null" {
        return Ok(Listed::Plain);
    }
    let v: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| format!("neither a username nor valid JSON ({e})"))?;
    let object = match &v {
        serde_json::Value::Object(o) => o,
        serde_json::Value::Array(_) => return Err("a JSON array".into()),
        serde_json::Value::String(_) => {
            return Err(
                "a quoted JSON string (give usernames without quotes: jq -r prints them so)".into(),
            )
        }
        _ => return Err("JSON null".into()),
    };
    match object.get("pool") {
        // A fleet's line names its pool: another pool's users are not this command's, even when
        // a username is the same.
        Some(serde_json::Value::String(p)) if p != pool => return Ok(Listed::Passed),
        Some(serde_json::Value::String(_)) | None => {}
        // One pool's pool-level line.
        Some(_) => return Ok(Listed::Passed),
    }
    if ["summary", "pool_findings", "fleet", "unavailable"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        return Ok(Listed::Passed);
    }
    let name = match object.get("username") {
        Some(serde_json::Value::String(n)) => n,
        Some(_) => return Err("a JSON object whose \"username\" is not a string".into()),
        None => return Err("a JSON object without \"username\"".into()),
    };
    let Some(findings) = object.get("findings").and_then(|f| f.as_array()) else {
        return Err("a JSON object without a \"findings\" list".into());
    };
    let wanted = findings.iter().any(|f| {
        f.get("code")
            .and_then(|c| c.as_str())
            .is_some_and(|c| codes.contains(&c))
    });
    Ok(if wanted {
        Listed::Name(name.clone())
    } else {
        Listed::Passed
    })
}

/// The users a change works on: one (`--username`), or the list of `--from` (audit lines whose
/// findings a change of `codes` fixes, the lines of `pool` in a fleet's audit, or one username a
/// line). `none` is the sentence for a list that names nobody, `usage` the one for neither given.
pub fn targets(
    username: Option<&str>,
    from: Option<&std::path::Path>,
    codes: &[&str],
    pool: &str,
    none: &str,
    usage: &str,
) -> Result<Vec<String>> {
    match (username, from) {
        (Some(u), None) if !u.trim().is_empty() => Ok(vec![u.to_owned()]),
        (None, Some(from)) => {
            let names = usernames_from(from, codes, pool)?;
            // With --redact, every name of the list is masked wherever it appears.
            names.iter().for_each(|n| crate::redact::remember_user(n));
            if names.is_empty() {
                return Err(Error::usage(format!(
                    "{} names no user to {none}",
                    from.display()
                )));
            }
            Ok(names)
        }
        _ => Err(Error::usage(usage.to_owned())),
    }
}

/// The usernames of a `--from` input for `pool` (see [`usernames`]); a refusal names the input.
pub fn usernames_from(from: &std::path::Path, codes: &[&str], pool: &str) -> Result<Vec<String>> {
    usernames(&read_input(from)?, codes, pool).map_err(|e| match e {
        Error::Usage(why) => Error::usage(format!("{}, {why}", from.display())),
        other => other,
    })
}

/// Why a survey leaves out a user it did not find: the plan and the line name it so, never as a
/// user to change.
pub const NOT_IN_POOL: &str = "not in the pool (AdminGetUser: UserNotFoundException)";

/// Users named in a plan for each reason they are skipped; the rest are counted.
const NAMED: usize = 10;

/// The users a survey leaves out, by reason: a plan names them (the first few of each reason,
/// in the input's order), the tally counts them.
#[derive(Debug, Clone, Default)]
pub struct Skips(std::collections::BTreeMap<String, Vec<String>>);

impl Skips {
    pub fn add(&mut self, why: String, name: String) {
        self.0.entry(why).or_default().push(name);
    }

    /// Puts each reason's users in the order of `names` (the input's).
    pub fn sort_as(&mut self, names: &[String]) {
        let order: std::collections::HashMap<&String, usize> =
            names.iter().enumerate().map(|(i, n)| (n, i)).collect();
        for users in self.0.values_mut() {
            users.sort_by_key(|n| order.get(n).copied().unwrap_or(usize::MAX));
        }
    }

    pub fn total(&self) -> u64 {
        self.0.values().map(|u| u.len() as u64).sum()
    }

    /// How many users each reason left out, for the run's tally.
    pub fn counts(&self) -> std::collections::BTreeMap<String, u64> {
        self.0
            .iter()
            .map(|(why, users)| (why.clone(), users.len() as u64))
            .collect()
    }

    /// The plan's notes: `skipped N: why: alice, bob (and M more)`.
    pub fn notes(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(why, users)| {
                let more = users.len().saturating_sub(NAMED);
                format!(
                    "skipped {}: {why}: {}{}",
                    users.len(),
                    users[..users.len() - more].join(", "),
                    if more > 0 {
                        format!(" (and {more} more)")
                    } else {
                        String::new()
                    }
                )
            })
            .collect()
    }
}

/// An input list is text; more than this is not a list of usernames.
const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// The text of a `--from` input: a file, or stdin for `-`; refused over 256 MiB or when it is not
/// text.
pub fn read_input(from: &std::path::Path) -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let place = from.display().to_string();
    let read = if from.as_os_str() == "-" {
        std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(from).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::usage(format!("could not read {place}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Error::usage(format!(
            "{place} is over 256 MiB: not a list of users"
        )));
    }
    String::from_utf8(bytes).map_err(|_| Error::usage(format!("{place} is not text")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> Vec<&'static str> {
        crate::rules::codes_fixed_by(crate::rules::Fixer::AdminReverify)
    }

    #[test]
    fn audit_lines_give_the_users_an_admin_reverify_fixes() {
        let text = r#"{"pool":{"user_pool_id":"p","findings":[]}}
{"username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"username":"bob","findings":[{"code":"email-missing"}]}
{"username":"carol","findings":[{"code":"sign-up-not-confirmed"},{"code":"email-never-verified"}]}
{"username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"summary":{"users_scanned":3}}"#;
        assert_eq!(usernames(text, &admin(), "p").unwrap(), ["alice", "carol"]);
    }

    /// Of a fleet's output, only the lines of the command's pool: a username of another pool is
    /// passed over even when this pool has a user of that name.
    #[test]
    fn a_fleets_lines_give_the_users_of_the_pool_only() {
        let text = r#"{"unavailable":{"scope":"profile x","kind":"no-credentials","operation":"credentials","error":"e"}}
{"account":"1","region":"us-east-1","pool":"us-east-1_A","pool_findings":[]}
{"account":"1","region":"us-east-1","pool":"us-east-1_A","username":"alice","findings":[{"code":"email-changed-unverified"}]}
{"account":"1","region":"eu-west-1","pool":"eu-west-1_B","username":"bob","findings":[{"code":"email-changed-unverified"}]}
{"account":"1","region":"us-east-1","pool":"us-east-1_A","summary":{"users_scanned":3}}
{"fleet":{"pools":2}}"#;
        assert_eq!(usernames(text, &admin(), "us-east-1_A").unwrap(), ["alice"]);
        assert_eq!(usernames(text, &admin(), "eu-west-1_B").unwrap(), ["bob"]);
        assert!(usernames(text, &admin(), "us-east-1_C").unwrap().is_empty());
    }

    #[test]
    fn plain_lines_are_usernames() {
        let text = "# to fix\nalice\n\n -dash\no'brien\r\nalice\n";
        assert_eq!(
            usernames(text, &admin(), "p").unwrap(),
            ["alice", " -dash", "o'brien"]
        );
        assert!(usernames("{not json", &admin(), "p").is_err());
    }

    /// JSON of any other shape is refused with the line and what was expected, never read as a
    /// username.
    #[test]
    fn json_of_another_shape_is_refused() {
        for (text, what) in [
            ("[1,2,3]", "a JSON array"),
            ("{\"a\":1}", "without \"username\""),
            (
                "alice\n{\"user\":\"bob\",\"findings\":[]}",
                "without \"username\"",
            ),
            ("{\"username\":7,\"findings\":[]}", "not a string"),
            ("{\"username\":\"bob\"}", "without a \"findings\" list"),
            ("\"alice\"", "quoted JSON string"),
            ("null", "JSON null"),
        ] {
            let Err(Error::Usage(why)) = usernames(text, &admin(), "p") else {
                panic!("{text} was read as usernames");
            };
            let line = text.lines().count();
            assert!(why.starts_with(&format!("line {line} is ")), "{why}");
            assert!(
                why.contains(what) && why.contains("one username per line"),
                "{why}"
            );
        }
        // Numbers and names with brackets inside stay usernames.
        assert_eq!(
            usernames("12345\nbob[1]\n", &admin(), "p").unwrap(),
            ["12345", "bob[1]"]
        );
    }

    #[test]
    fn skips_name_their_users_in_the_input_order() {
        let names: Vec<String> = (0..14).map(|i| format!("u{i}")).collect();
        let mut s = Skips::default();
        for n in names.iter().rev() {
            s.add(NOT_IN_POOL.into(), n.clone());
        }
        s.add("already verified".into(), "v".into());
        s.sort_as(&names);
        assert_eq!(s.total(), 15);
        assert_eq!(s.counts()[NOT_IN_POOL], 14);
        assert_eq!(
            s.notes(),
            [
                "skipped 1: already verified: v".to_owned(),
                format!(
                    "skipped 14: {NOT_IN_POOL}: u0, u1, u2, u3, u4, u5, u6, u7, u8, u9 (and 4 more)"
                ),
            ]
        );
    }
}

/// What happened to one target of a bulk run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineState {
    Applied,
    Skipped,
    Failed,
    NotVerified,
}

/// One target's line of a bulk run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub target: String,
    pub state: LineState,
    /// Why it was skipped or failed, or what it read back.
    pub detail: String,
}

/// The counts of a bulk run, for its last line.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    pub targets: u64,
    pub applied: u64,
    pub skipped: std::collections::BTreeMap<String, u64>,
    pub failed: u64,
    pub not_verified: u64,
    /// False when a signal stopped the run: run it again to do the rest.
    pub complete: bool,
    pub seconds: f64,
    /// Changes sent per second, over the run.
    pub rate: f64,
}

impl Tally {
    /// Closes the tally of a run that started at `started`; `complete` when nothing stopped it.
    pub fn close(&mut self, started: std::time::Instant, complete: bool) {
        self.seconds = started.elapsed().as_secs_f64();
        self.rate =
            (self.applied + self.failed + self.not_verified) as f64 / self.seconds.max(0.001);
        self.complete = complete;
    }

    /// The changes that failed or did not read back as planned.
    pub fn failures(&self) -> u64 {
        self.failed + self.not_verified
    }

    pub fn count(&mut self, line: &Line) {
        match line.state {
            LineState::Applied => self.applied += 1,
            LineState::Skipped => *self.skipped.entry(line.detail.clone()).or_default() += 1,
            LineState::Failed => self.failed += 1,
            LineState::NotVerified => self.not_verified += 1,
        }
    }
}
