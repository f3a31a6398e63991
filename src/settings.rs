//! Validated settings built from the raw command line before any AWS call (parse, then resolve).

use std::fmt;

use crate::error::{Error, Result};

/// A user pool id as the API defines it: `[\w-]+_[0-9a-zA-Z]+`, at most 55 characters.
/// The part before the underscore is the pool's region (`eu-west-1_AbC123`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPoolId(String);

impl UserPoolId {
    pub fn parse(raw: &str) -> Result<Self> {
        let bad = || {
            Error::usage(format!(
                "`{raw}` is not a user pool id; it looks like `us-east-1_AbC123` (region, underscore, letters and digits)"
            ))
        };
        if raw.is_empty() || raw.len() > 55 {
            return Err(bad());
        }
        let (region, suffix) = raw.split_once('_').ok_or_else(bad)?;
        let region_ok = !region.is_empty()
            && region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let suffix_ok = !suffix.is_empty() && suffix.chars().all(|c| c.is_ascii_alphanumeric());
        if region_ok && suffix_ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region the pool lives in, when the prefix looks like one (`eu-west-1`).
    pub fn region(&self) -> Option<&str> {
        let prefix = self.0.split('_').next()?;
        looks_like_region(prefix).then_some(prefix)
    }
}

impl fmt::Display for UserPoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, `eu-central-2`: letters, dashes, a final number.
pub fn looks_like_region(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    first.len() >= 2
        && first.chars().all(|c| c.is_ascii_lowercase())
        && rest.len() >= 2
        && rest
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && rest[..rest.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

/// Which user `diagnose` looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserSelector {
    Username(String),
    Email(String),
    Sub(String),
}

impl UserSelector {
    pub fn describe(&self) -> String {
        match self {
            UserSelector::Username(u) => format!("username `{u}`"),
            UserSelector::Email(e) => format!("email `{e}`"),
            UserSelector::Sub(s) => format!("sub `{s}`"),
        }
    }
}

/// Where and as whom the AWS calls go, after resolution. The same values are printed into every
/// `aws_cli` fix so that a command run as printed reaches the same pool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsTarget {
    pub region: String,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_ids_follow_the_api_pattern() {
        let id = UserPoolId::parse("eu-west-1_AbC123").unwrap();
        assert_eq!(id.region(), Some("eu-west-1"));
        // Emulators use long ids; the pattern allows them.
        let long = UserPoolId::parse("us-east-1_0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(long.region(), Some("us-east-1"));
        assert!(UserPoolId::parse("").is_err());
        assert!(UserPoolId::parse("nounderscore").is_err());
        assert!(UserPoolId::parse("us-east-1_").is_err());
        assert!(UserPoolId::parse("us-east-1_ab!c").is_err());
        assert!(UserPoolId::parse("us east-1_abc").is_err());
        assert!(UserPoolId::parse(&format!("us-east-1_{}", "a".repeat(60))).is_err());
    }

    #[test]
    fn region_prefix_must_look_like_a_region() {
        assert_eq!(UserPoolId::parse("local_abc").unwrap().region(), None);
        assert!(looks_like_region("us-gov-west-1"));
        assert!(looks_like_region("ap-southeast-2"));
        assert!(!looks_like_region("us-east"));
        assert!(!looks_like_region("US-EAST-1"));
    }
}

/// How results are printed (`-o`): below the renderer and the command line, which both name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}
