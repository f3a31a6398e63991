//! Plain data the diagnosis rules read: pool settings, the user, same-email users and identity
//! providers. No SDK types live here, so rules and their tests need no AWS client.

use std::collections::BTreeMap;

use serde::Serialize;

/// Everything read from the pool about one user.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub pool: Pool,
    pub user: User,
    /// Other users whose `email` equals this user's (this user excluded). Empty when the user has
    /// no email or the read was unavailable.
    pub same_email: Vec<User>,
    /// Identity providers named in the user's `identities` attribute that could be read.
    pub providers: Vec<Provider>,
    /// App clients of the pool, read only when a confirmation may be needed.
    pub clients: Vec<AppClient>,
    /// Evidence that could not be read, with the reason.
    pub unavailable: Vec<Unavailable>,
}

/// The pool settings that matter to `email_verified`.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    pub id: String,
    pub name: Option<String>,
    pub auto_verified_attributes: Vec<String>,
    pub alias_attributes: Vec<String>,
    pub username_attributes: Vec<String>,
    /// `AttributesRequireVerificationBeforeUpdate`: when it holds `email`, an email change stays
    /// pending and the old address stays verified.
    pub require_verification_before_update: Vec<String>,
    /// The complete UpdateUserPool input that reproduces the pool's current settings, in the
    /// API's (and AWS CLI `--cli-input-json`) shape. UpdateUserPool resets whatever it is not
    /// sent, so a fix that changes one setting starts from this whole object.
    pub update_input: serde_json::Value,
}

impl Pool {
    pub fn sends_email_codes(&self) -> bool {
        self.auto_verified_attributes.iter().any(|a| a == "email")
    }

    /// The AutoVerifiedAttributes that send email codes, and the whole UpdateUserPool input that
    /// sets them while carrying every other setting over. `diagnose` prints this input as the
    /// AWS CLI fix and `enable-verification` applies and checks it: one computation for both.
    pub fn with_email_verification(&self) -> (Vec<String>, serde_json::Value) {
        let mut wanted = self.auto_verified_attributes.clone();
        if !self.sends_email_codes() {
            wanted.push("email".to_owned());
        }
        let mut input = self.update_input.clone();
        if let Some(obj) = input.as_object_mut() {
            obj.insert("AutoVerifiedAttributes".into(), serde_json::json!(wanted));
        }
        (wanted, input)
    }

    /// Email is unique among verified users when it is an alias or a username attribute.
    pub fn email_is_alias(&self) -> bool {
        self.alias_attributes.iter().any(|a| a == "email")
            || self.username_attributes.iter().any(|a| a == "email")
    }
}

/// One user, as AdminGetUser or ListUsers returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct User {
    pub username: String,
    pub sub: Option<String>,
    /// `UserStatus`: UNCONFIRMED, CONFIRMED, EXTERNAL_PROVIDER, FORCE_CHANGE_PASSWORD, ...
    pub status: String,
    pub enabled: bool,
    /// RFC 3339.
    pub created: Option<String>,
    pub last_modified: Option<String>,
    pub email: Option<String>,
    /// The `email_verified` attribute exactly as stored: absent, or a string such as "true",
    /// "True" or "false".
    pub email_verified_raw: Option<String>,
    pub identities: Vec<Identity>,
}

impl User {
    /// `email_verified` as Cognito reads it: absent means false; "true" in any case means true.
    pub fn email_verified(&self) -> bool {
        self.email_verified_raw
            .as_deref()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// Signed in through an external provider, or a local user linked to one.
    pub fn is_federated(&self) -> bool {
        self.status == "EXTERNAL_PROVIDER" || !self.identities.is_empty()
    }

    pub fn is_unconfirmed(&self) -> bool {
        self.status == "UNCONFIRMED"
    }

    /// How `email_verified` reads in evidence: the stored value, quoted, or that it is absent.
    pub fn email_verified_evidence(&self) -> String {
        match &self.email_verified_raw {
            Some(v) => format!("email_verified is \"{v}\""),
            None => "email_verified is absent (Cognito reads that as false)".to_owned(),
        }
    }
}

/// One entry of the `identities` attribute, which Cognito stores as a JSON array string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Identity {
    pub provider_name: String,
    pub provider_type: Option<String>,
    pub user_id: Option<String>,
}

/// Parses the `identities` attribute. Cognito writes
/// `[{"userId":"...","providerName":"Google","providerType":"Google",...}]`.
pub fn parse_identities(raw: &str) -> Vec<Identity> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(raw) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let name = item.get("providerName")?.as_str()?.to_owned();
            Some(Identity {
                provider_name: name,
                provider_type: item
                    .get("providerType")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
                user_id: item
                    .get("userId")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
            })
        })
        .collect()
}

/// An identity provider of the pool. `ProviderDetails` are never kept: they hold client secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provider {
    pub name: String,
    /// SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC.
    pub provider_type: String,
    /// User pool attribute -> provider claim.
    pub attribute_mapping: BTreeMap<String, String>,
}

impl Provider {
    pub fn maps(&self, attribute: &str) -> bool {
        self.attribute_mapping.contains_key(attribute)
    }

    /// The provider claim that carries "email verified", when the provider type has a standard
    /// one. Facebook, Login with Amazon and SAML have none: the operator must name it.
    pub fn default_verified_claim(&self) -> Option<&'static str> {
        default_verified_claim(&self.provider_type)
    }
}

pub fn default_verified_claim(provider_type: &str) -> Option<&'static str> {
    match provider_type {
        "OIDC" | "Google" | "SignInWithApple" => Some("email_verified"),
        _ => None,
    }
}

/// An app client (id and name only; its secret is never read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppClient {
    pub id: String,
    pub name: String,
}

/// A read that failed; the diagnosis goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    pub operation: String,
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_verified_absent_or_string() {
        let mut u = User::default();
        assert!(!u.email_verified());
        for (raw, want) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("false", false),
            ("", false),
            ("yes", false),
        ] {
            u.email_verified_raw = Some(raw.to_owned());
            assert_eq!(u.email_verified(), want, "{raw}");
        }
    }

    #[test]
    fn identities_attribute_parses() {
        let ids = parse_identities(
            r#"[{"userId":"123","providerName":"MyOIDC","providerType":"OIDC","issuer":null,"primary":true,"dateCreated":1700000000000}]"#,
        );
        assert_eq!(ids.len(), 1);
        assert_eq!(ids[0].provider_name, "MyOIDC");
        assert_eq!(ids[0].provider_type.as_deref(), Some("OIDC"));
        assert!(parse_identities("not json").is_empty());
        assert!(parse_identities("[]").is_empty());
    }
}
