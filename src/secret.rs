//! Secrets (access tokens, codes, client secrets, passwords): read from a file, stdin or an
//! environment variable, never from an argument; never printed or logged.

use std::fmt;
use std::io::Read;
use std::path::Path;

use base64::Engine;

use crate::error::{Error, Result};

/// A secret value. Its `Debug` and `Display` print only a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for the one call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where a secret came from, so that stdin is not also used for an interactive question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    File,
    Stdin,
    Env,
    Argument,
}

/// A token, code, client secret or password is far smaller: a Cognito access token is 1 to 2
/// KB. Reading stops here, so a wrong file (a log, /dev/zero) fails at once.
const MAX_SECRET_BYTES: u64 = 16 * 1024;

/// At most [`MAX_SECRET_BYTES`] of `from`, as UTF-8.
fn read_capped(what: &str, from: impl Read, place: &str) -> Result<String> {
    let mut bytes = Vec::new();
    from.take(MAX_SECRET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("could not read the {what} from {place}: {e}")))?;
    if bytes.len() as u64 > MAX_SECRET_BYTES {
        return Err(Error::usage(format!(
            "the {what} from {place} is over {} KiB: that is not a {what}; check the file",
            MAX_SECRET_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::usage(format!(
            "the {what} from {place} is not text; check the file"
        ))
    })
}

/// Reads `what` from `file` (`-` = stdin) or else the environment variable `env`.
pub fn read(what: &str, file: Option<&Path>, env: Option<&str>) -> Result<(Secret, Source)> {
    let (raw, source) = match file {
        Some(p) if p.as_os_str() == "-" => {
            (read_capped(what, std::io::stdin(), "stdin")?, Source::Stdin)
        }
        Some(p) => {
            let place = p.display().to_string();
            let f = std::fs::File::open(p).map_err(|e| {
                Error::usage(format!("could not read the {what} from {place}: {e}"))
            })?;
            (read_capped(what, f, &place)?, Source::File)
        }
        None => match env.and_then(|name| std::env::var(name).ok().map(|v| (name, v))) {
            Some((_, v)) => (v, Source::Env),
            None => {
                let hint = match env {
                    Some(name) => format!("give it in a file (`-` for stdin) or set {name}"),
                    None => "give it in a file (`-` for stdin)".to_owned(),
                };
                return Err(Error::usage(format!("no {what} was given; {hint}")));
            }
        },
    };
    let value = raw.trim().to_owned();
    if value.is_empty() {
        return Err(Error::usage(format!("the {what} is empty")));
    }
    Ok((Secret::new(value), source))
}

/// A code given as `--code` (accepted, though it lands in shell history) or read from a file.
pub fn code(what: &str, arg: Option<&str>, file: Option<&Path>) -> Result<(Secret, Source)> {
    match arg {
        Some(c) if !c.trim().is_empty() => Ok((Secret::new(c.trim().to_owned()), Source::Argument)),
        Some(_) => Err(Error::usage("--code is empty")),
        None => read(what, file, None),
    }
}

/// The claims of a Cognito access token this tool uses. The signature is not checked: Cognito
/// checks it when the token is used; these claims only choose the region and name the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClaims {
    /// From an AWS issuer (`https://cognito-idp.REGION.amazonaws.com/POOL`); None for another
    /// issuer (a local emulator's `http://localhost:9229/POOL`): then `--region` and
    /// `--endpoint-url` say where to go.
    pub region: Option<String>,
    pub user_pool_id: String,
    pub username: Option<String>,
    pub issuer: String,
}

/// Reads `iss` (the pool is its last path segment) and `token_use` from a JWT's payload; an ID
/// token or a refresh token given as the access token is named as such.
pub fn token_claims(token: &Secret) -> Result<TokenClaims> {
    let bad = || {
        Error::usage("the access token is not a Cognito JWT (three dot-separated parts with an `iss` claim); give the user's access token")
    };
    let claims = jwt_payload(token, "access token")?;
    match claims.get("token_use").and_then(|v| v.as_str()) {
        Some("access") | None => {}
        Some("id") => {
            return Err(Error::usage(
                "that is the user's ID token (token_use \"id\"); give the access token, which the same sign-in returned",
            ))
        }
        Some(other) => {
            return Err(Error::usage(format!(
                "that token's token_use is \"{other}\"; give the user's access token"
            )))
        }
    }
    let iss = claims.get("iss").and_then(|v| v.as_str()).ok_or_else(bad)?;
    let (region, pool) = issuer_pool(iss).ok_or_else(bad)?;
    Ok(TokenClaims {
        region,
        issuer: iss.to_owned(),
        user_pool_id: pool,
        username: claims
            .get("username")
            .or_else(|| claims.get("cognito:username"))
            .and_then(|v| v.as_str())
            .map(str::to_owned),
    })
}

/// The claims of a user's ID token that `diagnose --id-token-file` uses: the pool and region from
/// `iss`, the user from `sub`, and what the token says of the email and when it was issued. The
/// signature is not checked (nothing is sent anywhere): the claims only name the user and are
/// compared with the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenClaims {
    /// From an AWS issuer; None for another (an emulator's).
    pub region: Option<String>,
    pub user_pool_id: String,
    pub issuer: String,
    pub token: crate::model::IdToken,
}

/// A JWT's payload as JSON, or the sentence that says why `token` is not one.
fn jwt_payload(token: &Secret, what: &str) -> Result<serde_json::Value> {
    let bad = || {
        Error::usage(format!(
            "the {what} is not a Cognito JWT (three dot-separated parts with an `iss` claim); give the user's {what}"
        ))
    };
    if token.expose().split('.').count() == 5 {
        return Err(Error::usage(format!(
            "that is an encrypted token (five parts), as Cognito's refresh tokens are; give the user's {what}"
        )));
    }
    let payload = token.expose().split('.').nth(1).ok_or_else(bad)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| bad())?;
    serde_json::from_slice(&bytes).map_err(|_| bad())
}

/// The region and pool of an issuer `https://cognito-idp.REGION.amazonaws.com/POOL`; the region
/// is None for another host (an emulator's `http://localhost:9229/POOL`).
fn issuer_pool(iss: &str) -> Option<(Option<String>, String)> {
    let (_, rest) = iss.split_once("://")?;
    let (host, pool) = rest.split_once('/')?;
    let pool = pool.trim_end_matches('/');
    if pool.is_empty() {
        return None;
    }
    let region = host
        .strip_prefix("cognito-idp.")
        .and_then(|h| h.split('.').next())
        .map(str::to_owned);
    Some((region, pool.to_owned()))
}

/// Reads an ID token's claims (`token_use` "id"): an access or refresh token given in its place
/// is named as such. The token itself is not kept.
pub fn id_token_claims(token: &Secret) -> Result<IdTokenClaims> {
    let claims = jwt_payload(token, "ID token")?;
    match claims.get("token_use").and_then(|v| v.as_str()) {
        Some("id") => {}
        Some("access") => {
            return Err(Error::usage(
                "that is the user's access token (token_use \"access\"); give the ID token, which the same sign-in returned",
            ))
        }
        other => {
            return Err(Error::usage(format!(
                "that token's token_use is {}; give the user's ID token (token_use \"id\")",
                other.map_or_else(|| "absent".to_owned(), |o| format!("\"{o}\""))
            )))
        }
    }
    let bad = || {
        Error::usage("the ID token has no `iss` naming a user pool (https://cognito-idp.REGION.amazonaws.com/POOL); give the user's ID token")
    };
    let iss = claims.get("iss").and_then(|v| v.as_str()).ok_or_else(bad)?;
    let (region, user_pool_id) = issuer_pool(iss).ok_or_else(bad)?;
    let sub = claims
        .get("sub")
        .and_then(|v| v.as_str())
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::usage("the ID token has no `sub`: it names no user"))?;
    let email_verified = match claims.get("email_verified") {
        Some(serde_json::Value::Bool(b)) => Some(*b),
        // Older tokens carry the string.
        Some(serde_json::Value::String(s)) => Some(s.eq_ignore_ascii_case("true")),
        _ => None,
    };
    Ok(IdTokenClaims {
        region,
        user_pool_id,
        issuer: iss.to_owned(),
        token: crate::model::IdToken {
            sub: sub.to_owned(),
            email: claims
                .get("email")
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            email_verified,
            iat: claims.get("iat").and_then(serde_json::Value::as_i64),
        },
    })
}

/// SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)).
pub fn secret_hash(client_secret: &Secret, username: &str, client_id: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = match Hmac::<sha2::Sha256>::new_from_slice(client_secret.expose().as_bytes()) {
        Ok(m) => m,
        // HMAC takes keys of any length; this arm cannot be reached.
        Err(_) => return String::new(),
    };
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
pub(crate) fn test_token(region: &str, pool: &str, username: &str) -> Secret {
    let b64 = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let header = b64(&serde_json::json!({"alg": "RS256", "kid": "k"}));
    let payload = b64(&serde_json::json!({
        "iss": format!("https://cognito-idp.{region}.amazonaws.com/{pool}"),
        "username": username, "token_use": "access"
    }));
    Secret::new(format!("{header}.{payload}.signature"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_or_huge_file_is_refused_at_once() {
        let err = read("access token", Some(Path::new("/dev/zero")), None).unwrap_err();
        assert!(err.to_string().contains("over 16 KiB"), "{err}");
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("eyJhbGciOi.secret".into());
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
    }

    #[test]
    fn region_and_pool_from_the_token_issuer() {
        let t = test_token("eu-west-1", "eu-west-1_AbC123", "alice");
        let c = token_claims(&t).unwrap();
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.user_pool_id, "eu-west-1_AbC123");
        assert_eq!(c.username.as_deref(), Some("alice"));
        assert!(token_claims(&Secret::new("not-a-jwt".into())).is_err());
    }

    fn jwt(payload: serde_json::Value) -> Secret {
        let b64 = |v: &serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
        };
        Secret::new(format!(
            "{}.{}.sig",
            b64(&serde_json::json!({"alg": "RS256"})),
            b64(&payload)
        ))
    }

    #[test]
    fn an_emulator_issuer_names_the_pool_and_leaves_the_region_to_the_flags() {
        let c = token_claims(&jwt(
            serde_json::json!({"iss": "http://localhost:9229/local_AbC123", "token_use": "access"}),
        ))
        .unwrap();
        assert_eq!(c.region, None);
        assert_eq!(c.user_pool_id, "local_AbC123");
    }

    #[test]
    fn id_and_refresh_tokens_are_named() {
        let err = token_claims(&jwt(serde_json::json!({"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_a", "token_use": "id"}))).unwrap_err();
        assert!(err.to_string().contains("ID token"), "{err}");
        let err = token_claims(&Secret::new("a.b.c.d.e".into())).unwrap_err();
        assert!(err.to_string().contains("refresh tokens"), "{err}");
    }

    #[test]
    fn an_id_token_names_its_pool_and_user_and_an_access_token_is_refused() {
        let c = id_token_claims(&jwt(serde_json::json!({
            "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
            "token_use": "id", "sub": "aaaa-1111", "email": "a@example.com",
            "email_verified": false, "iat": 1700000000
        })))
        .unwrap();
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.user_pool_id, "eu-west-1_AbC123");
        assert_eq!(c.token.sub, "aaaa-1111");
        assert_eq!(c.token.email_verified, Some(false));
        assert_eq!(c.token.iat, Some(1_700_000_000));
        let older = id_token_claims(&jwt(serde_json::json!({
            "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
            "token_use": "id", "sub": "s", "email_verified": "true"
        })))
        .unwrap();
        assert_eq!(older.token.email_verified, Some(true));
        let err = id_token_claims(&test_token("eu-west-1", "eu-west-1_AbC123", "ann")).unwrap_err();
        assert!(err.to_string().contains("access token"), "{err}");
        let err = id_token_claims(&jwt(serde_json::json!({
            "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", "token_use": "id"
        })))
        .unwrap_err();
        assert!(err.to_string().contains("no `sub`"), "{err}");
        // Never printed: the error sentences name no claim value.
        assert!(!err.to_string().contains("eu-west-1_AbC123"), "{err}");
    }

    #[test]
    fn secret_hash_matches_the_documented_construction() {
        // Computed independently: printf 'aliceclient123' | openssl dgst -sha256 -hmac secret -binary | base64
        let h = secret_hash(&Secret::new("secret".into()), "alice", "client123");
        assert_eq!(h, "oKHO337pkuh1r3zUNCZ1oCL3YgM0Yi2nkcAZsKQTIH8=");
    }
}
