//! Plain data the diagnosis rules read: pool settings, the user, same-email users and identity
//! providers. No SDK types live here, so rules and their tests need no AWS client.

use std::collections::BTreeMap;

use serde::Serialize;

mod history;
mod protection;
pub use history::{
    event_kind, Actor, EventKind, History, HistoryEvent, IdToken, TOKEN_OPERATIONS,
    VERIFY_ATTRIBUTE_EVENT,
};
pub use protection::{KmsKey, RiskConfiguration};

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
    /// App clients of the pool with their ReadAttributes (ListUserPoolClients, then
    /// DescribeUserPoolClient for each).
    pub clients: Vec<AppClient>,
    /// Other users whose email equals this user's ignoring case but not exactly (looked up by the
    /// lowercase form in `diagnose`, across the whole scan in `audit`).
    pub case_variants: Vec<User>,
    /// When the snapshot was read, in seconds since the epoch: how old a pending sign-up is.
    pub now: Option<i64>,
    /// Evidence that could not be read, with the reason.
    pub unavailable: Vec<Unavailable>,
    /// The user lookups `diagnose` made by email, and what each found: ListUsers compares
    /// addresses exactly, so the report says which spellings were searched.
    pub lookups: Vec<String>,
    /// What SES showed of the user's own address, for a pool that sends through SES.
    pub recipient: Recipient,
    /// The delivery errors the pool exports to CloudWatch Logs that name this user (None: the
    /// pool exports none, or the read failed and is listed under `unavailable`).
    pub delivery_log: Option<DeliveryLog>,
    /// The user asked for, when it is not in the pool (`diagnose` then reports on the pool).
    pub missing: Option<Missing>,
    /// The user's Cognito events in CloudTrail's event history (`diagnose` of a user only; None:
    /// not read, or the read failed and is listed under `unavailable`).
    pub history: Option<History>,
    /// The claims of the ID token `diagnose --id-token-file` was given.
    pub id_token: Option<IdToken>,
}

/// A user `diagnose` was asked for that the pool does not have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Missing {
    /// What was asked for: `email X`, `username X`, `sub X`.
    pub asked: String,
    /// The users nearest to it that the lookups read: the same address in another case, the
    /// same local part at another domain.
    pub nearest: Vec<User>,
    /// The lookups made, as the report lists them.
    pub lookups: Vec<String>,
}

/// What the pool's exported userNotification log showed for one user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryLog {
    /// The log group's ARN (GetLogDeliveryConfiguration, CloudWatchLogsConfiguration).
    pub group: String,
    /// The start of the window searched, RFC 3339.
    pub since: String,
    /// What the search looked for: the username, the address.
    pub terms: Vec<String>,
    /// The entries found, newest first.
    pub events: Vec<LoggedError>,
}

/// One logged delivery error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoggedError {
    /// When it was logged, RFC 3339.
    pub at: String,
    /// The error as logged (`message.details` of the Cognito log event, or the raw message).
    pub details: String,
    /// The finding code whose declared message or exception the error carries, best first: set
    /// by the engine (`symptoms`) before the rules run; None when none matches.
    pub points_to: Option<&'static str>,
}

/// What SES showed of a user's address in the account and region the pool sends from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recipient {
    /// The account-level suppression list (GetSuppressedDestination, or the list `audit` read).
    pub suppression: Suppression,
    /// In the SES sandbox: whether the address (or its domain) is itself a verified identity;
    /// None when not read.
    pub verified_identity: Option<bool>,
}

/// The account-level suppression list as `audit` holds it: for each address a 64-bit hash of its
/// lowercase form (SES compares addresses without case), its reason and when it was listed;
/// sorted, so memory is about 24 bytes an address (240 KB for 10,000) and each user's lookup is a
/// binary search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuppressionList {
    entries: Vec<(u64, u8, i64)>,
    reasons: Vec<String>,
}

impl SuppressionList {
    fn key(email: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        email.trim().to_lowercase().hash(&mut h);
        h.finish()
    }

    /// Adds an address listed for `reason` at `since` (seconds since the epoch).
    pub fn add(&mut self, email: &str, reason: &str, since: i64) {
        let r = match self.reasons.iter().position(|x| x == reason) {
            Some(i) => i,
            None => {
                self.reasons.push(reason.to_owned());
                self.reasons.len() - 1
            }
        };
        self.entries
            .push((Self::key(email), u8::try_from(r).unwrap_or(u8::MAX), since));
    }

    /// Sorts the list for [`SuppressionList::get`] (once every page is added).
    pub fn seal(&mut self) {
        self.entries.sort_unstable();
        self.entries.dedup_by_key(|e| e.0);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `email` is on the list (the list sealed).
    pub fn get(&self, email: &str) -> Suppression {
        let key = Self::key(email);
        match self.entries.binary_search_by_key(&key, |e| e.0) {
            Ok(i) => {
                let (_, r, since) = self.entries[i];
                Suppression::Listed {
                    reason: self
                        .reasons
                        .get(usize::from(r))
                        .cloned()
                        .unwrap_or_default(),
                    since: aws_smithy_types::DateTime::from_secs(since)
                        .fmt(aws_smithy_types::date_time::Format::DateTime)
                        .unwrap_or_else(|_| since.to_string()),
                }
            }
            Err(_) => Suppression::NotListed,
        }
    }
}

/// Whether an address is on the account-level suppression list of SES.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Suppression {
    /// Not read: no SES identity, or the read failed (listed under `unavailable`).
    #[default]
    NotRead,
    NotListed,
    /// On the list: SES drops every message to it. The reason (BOUNCE, COMPLAINT) and when it
    /// was listed (RFC 3339).
    Listed {
        reason: String,
        since: String,
    },
}

impl Snapshot {
    /// False for a pool-level diagnosis (`diagnose --user-pool-id` with no user): the user is
    /// then empty and only pool rules run.
    pub fn has_user(&self) -> bool {
        !self.user.username.is_empty()
    }

    /// Where this user's email comes from: set locally, or written by a provider at each
    /// federated sign-in.
    pub fn email_source(&self) -> EmailSource<'_> {
        let u = &self.user;
        if !u.is_federated() {
            return EmailSource::Local;
        }
        let names = self.provider_names();
        let missing: Vec<String> = names
            .iter()
            .filter(|n| !self.providers.iter().any(|p| &p.name == *n))
            .cloned()
            .collect();
        if names.is_empty() || !missing.is_empty() {
            return EmailSource::Unknown(if names.is_empty() {
                vec!["(the user's provider could not be named)".to_owned()]
            } else {
                missing
            });
        }
        let mapping: Vec<&Provider> = self
            .providers
            .iter()
            .filter(|p| names.contains(&p.name) && p.maps("email"))
            .collect();
        if mapping.is_empty() {
            EmailSource::LocalFederated
        } else {
            EmailSource::Provider(mapping)
        }
    }

    /// Users other than this one who hold its email as a verified alias (none when email is not
    /// an alias or username attribute): the same address, or in a pool that compares
    /// case-insensitively, the same address in another case. The one definition for the rules,
    /// the fix guard and the commands.
    pub fn alias_holders(&self) -> Vec<&User> {
        if !self.pool.email_is_alias() || self.user.email.is_none() {
            return Vec::new();
        }
        let case_too = !self.pool.is_case_sensitive();
        self.same_email
            .iter()
            .chain(self.case_variants.iter().filter(|_| case_too))
            .filter(|u| u.username != self.user.username && u.email_verified())
            .collect()
    }

    /// The providers this user signs in through: its `identities`, or for an EXTERNAL_PROVIDER
    /// user without them, the provider its username starts with (`ProviderName_id`).
    pub fn provider_names(&self) -> Vec<String> {
        let u = &self.user;
        let mut names: Vec<String> = u
            .identities
            .iter()
            .map(|i| i.provider_name.clone())
            .collect();
        if names.is_empty() && u.status == "EXTERNAL_PROVIDER" {
            names.extend(
                self.providers
                    .iter()
                    .filter(|p| u.username.starts_with(&format!("{}_", p.name)))
                    .map(|p| p.name.clone()),
            );
        }
        names.sort();
        names.dedup();
        names
    }
}

/// Where a user's email comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailSource<'a> {
    /// A local user: the email is set by the user or an administrator.
    Local,
    /// A federated or linked user whose providers (all read) do not map email: sign-ins do not
    /// rewrite it, so it behaves as a local user's.
    LocalFederated,
    /// Providers that map email: each federated sign-in writes it (and email_verified).
    Provider(Vec<&'a Provider>),
    /// A provider of the user could not be read: these names.
    Unknown(Vec<String>),
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
    /// `AccountRecoverySetting.RecoveryMechanisms` names by priority; None when the setting is
    /// absent (the legacy behaviour: a verified phone first, then a verified email).
    pub recovery_mechanisms: Option<Vec<String>>,
    /// `VerificationMessageTemplate.DefaultEmailOption`: CONFIRM_WITH_CODE or CONFIRM_WITH_LINK.
    pub default_email_option: Option<String>,
    /// `Domain` (prefix) and `CustomDomain`: where a confirmation link points.
    pub domain: Option<String>,
    pub custom_domain: Option<String>,
    /// Lambda triggers that decide what a user receives.
    pub custom_email_sender: Option<String>,
    /// `LambdaConfig.KMSKeyID`: the KMS key Cognito encrypts codes with for the custom sender
    /// triggers (a key, never a function).
    pub kms_key_id: Option<String>,
    pub custom_message: Option<String>,
    pub pre_sign_up: Option<String>,
    /// `EmailConfiguration.EmailSendingAccount`; absent means COGNITO_DEFAULT.
    pub email_sending_account: Option<String>,
    /// `UsernameConfiguration.CaseSensitive`; absent means case sensitive (older pools).
    pub case_sensitive: Option<bool>,
    /// `EstimatedNumberOfUsers`.
    pub estimated_users: Option<u64>,
    /// The pool's ARN (its account is the one SES must authorize).
    pub arn: Option<String>,
    /// `EmailConfiguration.SourceArn`: the SES identity Cognito sends through (DEVELOPER).
    pub source_arn: Option<String>,
    /// What SES showed of that identity, when it was read (see [`SesIdentity`]).
    pub ses: Option<SesIdentity>,
    /// Every Lambda trigger of `LambdaConfig`, by trigger name, with what Lambda showed of its
    /// function when it was read (see [`Trigger`]).
    pub triggers: Vec<Trigger>,
    /// ListUserImportJobs, newest first (read for the pool-level diagnosis and `audit`); None
    /// when not read.
    pub import_jobs: Option<Vec<ImportJob>>,
    /// The schema's `email` attribute is `Mutable` (SchemaAttributes); None when the answer
    /// did not say.
    pub email_mutable: Option<bool>,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors` (PASSWORD, EMAIL_OTP, SMS_OTP,
    /// WEB_AUTHN); None when the pool has no sign-in policy.
    pub first_auth_factors: Option<Vec<String>>,
    /// `UserPoolAddOns.AdvancedSecurityMode` (OFF, AUDIT, ENFORCED): threat protection.
    pub advanced_security_mode: Option<String>,
    /// What KMS showed of `kms_key_id`, for a pool with a custom email sender.
    pub kms_key: Option<KmsKey>,
    /// DescribeRiskConfiguration, read when threat protection is enforced.
    pub risk: Option<RiskConfiguration>,
}

/// A user import job, as ListUserImportJobs shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportJob {
    pub name: String,
    pub id: String,
    pub status: String,
    /// CompletionDate, else CreationDate, in seconds since the epoch.
    pub at: Option<i64>,
    pub imported: i64,
    pub skipped: i64,
    pub failed: i64,
    pub message: Option<String>,
}

/// A Lambda trigger of the pool and what Lambda showed of its function, in the function's region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trigger {
    /// `CustomMessage`, `PreSignUp`, `CustomEmailSender`, ...
    pub name: String,
    pub function_arn: String,
    /// Some(false) when GetFunctionConfiguration answered ResourceNotFoundException; None when
    /// it was not read (the failure is under `unavailable`).
    pub exists: Option<bool>,
    /// GetPolicy's document ("" when the function has no resource policy); None when not read.
    pub policy: Option<String>,
    /// The Lambda endpoint it was read at, when not AWS's own: printed fixes go there too.
    pub endpoint: Option<String>,
    /// The function's `Timeout` in seconds (GetFunctionConfiguration); None when not read.
    pub timeout: Option<i64>,
}

impl Trigger {
    /// The function's region, from its ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`).
    pub fn region(&self) -> Option<&str> {
        self.function_arn
            .split(':')
            .nth(3)
            .filter(|r| !r.is_empty())
    }
}

/// The SES identity a pool sends through, as SES v2 showed it in the identity's own region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SesIdentity {
    /// `EmailConfiguration.SourceArn`, and the identity, region and account it names.
    pub arn: String,
    pub name: String,
    pub region: String,
    pub account: String,
    /// Some(false) when GetEmailIdentity answered NotFoundException; None when it could not be
    /// read (the failure is listed under `unavailable`).
    pub exists: Option<bool>,
    /// `VerifiedForSendingStatus` (None: the answer lacked it) and `VerificationStatus`
    /// (PENDING, SUCCESS, FAILED, ...).
    pub verified_for_sending: Option<bool>,
    pub verification_status: Option<String>,
    /// GetEmailIdentityPolicies: policy name and document; None when it was not read.
    pub policies: Option<Vec<(String, String)>>,
    /// GetAccount of the SES account in the identity's region; None when it was not read.
    pub sending_account: Option<SesAccount>,
    /// The SES endpoint it was read at, when not AWS's own: printed fixes go there too.
    pub endpoint: Option<String>,
}

/// What GetAccount showed of the SES account a pool sends from, in the identity's region. Each
/// field is None when the answer lacked it: unknown, never read as false.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SesAccount {
    /// `ProductionAccessEnabled`: false is the SES sandbox (only verified recipients).
    pub production_access: Option<bool>,
    /// `SendingEnabled`: false when sending is paused (by hand or by SES).
    pub sending_enabled: Option<bool>,
    /// `EnforcementStatus`: HEALTHY, PROBATION or SHUTDOWN.
    pub enforcement_status: Option<String>,
    /// `SendQuota`: `Max24HourSend` and `SentLast24Hours`, when both were given.
    pub quota: Option<(f64, f64)>,
}

impl SesAccount {
    /// Sending is paused: SendingEnabled false, or an EnforcementStatus other than HEALTHY (as
    /// read; an absent field pauses nothing).
    pub fn paused(&self) -> bool {
        self.sending_enabled == Some(false)
            || self
                .enforcement_status
                .as_deref()
                .is_some_and(|s| s != "HEALTHY")
    }

    /// In the SES sandbox, as read.
    pub fn sandbox(&self) -> bool {
        self.production_access == Some(false)
    }

    /// The share of the 24-hour quota used, when the account has a quota.
    pub fn quota_used(&self) -> Option<f64> {
        let (max, sent) = self.quota?;
        (max > 0.0).then(|| sent / max)
    }
}

impl SesIdentity {
    /// Whether SES lets the identity send: VerifiedForSendingStatus, or a VerificationStatus of
    /// SUCCESS (an identity whose verification succeeded; moto reports only this one).
    pub fn verified(&self) -> bool {
        self.exists == Some(true)
            && (self.verified_for_sending == Some(true)
                || self.verification_status.as_deref() == Some("SUCCESS"))
    }

    /// Known not to be verified for sending: it does not exist, or the answer says so
    /// (VerifiedForSendingStatus false and no successful verification). None when unknown.
    pub fn unverified(&self) -> Option<bool> {
        match self.exists? {
            false => Some(true),
            true if self.verified() => Some(false),
            true => match (
                self.verified_for_sending,
                self.verification_status.as_deref(),
            ) {
                (Some(false), _) | (None, Some(_)) => Some(true),
                (None, None) => None,
                (Some(true), _) => Some(false),
            },
        }
    }

    /// Parses `arn:aws:ses:REGION:ACCOUNT:identity/NAME`.
    pub fn parse_arn(arn: &str) -> Option<SesIdentity> {
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(_), Some("ses"), Some(region), Some(account), Some(rest)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let name = rest.strip_prefix("identity/")?;
        (!region.is_empty() && !name.is_empty()).then(|| SesIdentity {
            arn: arn.to_owned(),
            name: name.to_owned(),
            region: region.to_owned(),
            account: account.to_owned(),
            ..SesIdentity::default()
        })
    }
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

    /// An email change keeps the old address verified until the new one is confirmed.
    pub fn keeps_old_email_until_verified(&self) -> bool {
        self.require_verification_before_update
            .iter()
            .any(|a| a == "email")
    }

    /// Confirmation emails carry a link rather than a code.
    pub fn confirms_with_link(&self) -> bool {
        self.default_email_option.as_deref() == Some("CONFIRM_WITH_LINK")
    }

    /// How long an invitation's temporary password works, in days:
    /// `Policies.PasswordPolicy.TemporaryPasswordValidityDays`, else the legacy
    /// `AdminCreateUserConfig.UnusedAccountValidityDays`, else Cognito's default, 7.
    pub fn temporary_password_days(&self) -> i64 {
        let i = &self.update_input;
        i["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"]
            .as_i64()
            .or_else(|| i["AdminCreateUserConfig"]["UnusedAccountValidityDays"].as_i64())
            .filter(|d| *d > 0)
            .unwrap_or(7)
    }

    /// Usernames and aliases are compared exactly (absent: the pre-2020 default, true).
    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive != Some(false)
    }

    /// The UpdateUserPool input that carries every setting over with `key` set to `value`
    /// (a nested key is a path such as `["VerificationMessageTemplate", "DefaultEmailOption"]`).
    pub fn update_with(&self, path: &[&str], value: serde_json::Value) -> serde_json::Value {
        let mut input = self.update_input.clone();
        let mut cur = &mut input;
        for (i, key) in path.iter().enumerate() {
            let Some(obj) = cur.as_object_mut() else {
                break;
            };
            if i + 1 == path.len() {
                obj.insert((*key).to_owned(), value);
                break;
            }
            cur = obj
                .entry((*key).to_owned())
                .or_insert_with(|| serde_json::json!({}));
        }
        input
    }
}

/// One user, as AdminGetUser or ListUsers returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct User {
    pub username: String,
    pub sub: Option<String>,
    /// `UserStatus`: UNCONFIRMED, CONFIRMED, EXTERNAL_PROVIDER, FORCE_CHANGE_PASSWORD, ...;
    /// empty when the answer did not say ([`User::status_known`]).
    pub status: String,
    /// `Enabled`; None when the answer did not say (never read as false).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// RFC 3339.
    pub created: Option<String>,
    pub last_modified: Option<String>,
    pub email: Option<String>,
    /// The `email_verified` attribute exactly as stored: absent, or a string such as "true",
    /// "True" or "false".
    pub email_verified_raw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified_raw: Option<String>,
    pub identities: Vec<Identity>,
}

impl User {
    /// `email_verified` as Cognito reads it: absent means false; "true" in any case means true.
    pub fn email_verified(&self) -> bool {
        self.email_verified_raw
            .as_deref()
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    pub fn phone_verified(&self) -> bool {
        self.phone_number.is_some()
            && self
                .phone_number_verified_raw
                .as_deref()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// Created and last modified at the same moment: nothing changed since creation.
    pub fn unchanged_since_creation(&self) -> bool {
        matches!((&self.created, &self.last_modified), (Some(c), Some(m)) if c == m)
    }

    /// Signed in through an external provider, or a local user linked to one.
    pub fn is_federated(&self) -> bool {
        self.status == "EXTERNAL_PROVIDER" || !self.identities.is_empty()
    }

    pub fn is_unconfirmed(&self) -> bool {
        self.status == "UNCONFIRMED"
    }

    /// The answer said the user's status: without it, no verdict that needs it is given.
    pub fn status_known(&self) -> bool {
        !self.status.is_empty()
    }

    /// The fields the answer that read this user lacked, which a verdict needs, as unavailable
    /// evidence of `operation` (SPEC "Absent is unknown").
    pub fn absent(&self, operation: &str) -> Vec<Unavailable> {
        let mut gaps = Vec::new();
        if self.enabled.is_none() {
            gaps.push(Unavailable::absent(
                Service::CognitoIdp,
                operation,
                "Enabled",
                "whether the user is enabled",
            ));
        }
        if !self.status_known() {
            gaps.push(Unavailable::absent(
                Service::CognitoIdp,
                operation,
                "UserStatus",
                "the user's status",
            ));
        }
        gaps
    }

    /// Enabled false, as read (an answer without `Enabled` says nothing).
    pub fn disabled(&self) -> bool {
        self.enabled == Some(false)
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

/// An app client. Its secret is never kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppClient {
    pub id: String,
    pub name: String,
    /// `ReadAttributes`; None when the client was not described or sets none (all readable).
    pub read_attributes: Option<Vec<String>>,
    /// The complete UpdateUserPoolClient input that reproduces the client (no secret), in the
    /// API's shape: UpdateUserPoolClient resets whatever it is not sent.
    pub update_input: serde_json::Value,
}

impl AppClient {
    /// `PreventUserExistenceErrors` ENABLED: for a user that does not exist, ForgotPassword and
    /// ResendConfirmationCode answer as if a code was sent.
    pub fn masks_existence(&self) -> bool {
        self.update_input["PreventUserExistenceErrors"].as_str() == Some("ENABLED")
    }
}

impl AppClient {
    /// Whether the client may write `attribute`: WriteAttributes unset (every writable
    /// attribute) or holding it. None for a client that was listed but not described.
    pub fn may_write(&self, attribute: &str) -> Option<bool> {
        self.update_input.get("ClientId")?;
        Some(match self.update_input.get("WriteAttributes") {
            Some(serde_json::Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(attribute)),
            _ => true,
        })
    }

    /// The client sets ReadAttributes and leaves email_verified out.
    pub fn hides_email_verified(&self) -> bool {
        self.read_attributes
            .as_ref()
            .is_some_and(|r| !r.is_empty() && !r.iter().any(|a| a == "email_verified"))
    }
}

/// Seconds since the epoch of an RFC 3339 date as the model stores it.
pub fn epoch_seconds(rfc3339: &str) -> Option<i64> {
    aws_smithy_types::DateTime::from_str(rfc3339, aws_smithy_types::date_time::Format::DateTime)
        .ok()
        .map(|d| d.secs())
}

/// Milliseconds since the epoch of an RFC 3339 date as the model stores it. Dates are compared
/// this way, never as text: the stored form drops a zero fraction and trailing zeros
/// (`…:37Z`, `…:37.1Z`, `…:37.12Z`), so the text does not sort as the time does.
pub fn epoch_millis(rfc3339: &str) -> Option<i64> {
    aws_smithy_types::DateTime::from_str(rfc3339, aws_smithy_types::date_time::Format::DateTime)
        .ok()
        .and_then(|d| d.to_millis().ok())
}

/// A service the tool reads, by the name its IAM actions carry (`ses:GetAccount`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Service {
    #[default]
    #[serde(rename = "cognito-idp")]
    CognitoIdp,
    #[serde(rename = "ses")]
    Ses,
    #[serde(rename = "lambda")]
    Lambda,
    #[serde(rename = "logs")]
    Logs,
    #[serde(rename = "kms")]
    Kms,
    #[serde(rename = "cloudtrail")]
    CloudTrail,
    #[serde(rename = "sts")]
    Sts,
    #[serde(rename = "organizations")]
    Organizations,
    #[serde(rename = "account")]
    Account,
}

impl Service {
    /// The prefix of its IAM actions, and its name in `unavailable[].service`.
    pub fn name(self) -> &'static str {
        match self {
            Service::CognitoIdp => "cognito-idp",
            Service::Ses => "ses",
            Service::Lambda => "lambda",
            Service::Logs => "logs",
            Service::Kms => "kms",
            Service::CloudTrail => "cloudtrail",
            Service::Sts => "sts",
            Service::Organizations => "organizations",
            Service::Account => "account",
        }
    }

    /// The suffix of its endpoint variable as the AWS SDKs name it (`AWS_ENDPOINT_URL_SESV2`).
    pub fn endpoint_env(self) -> &'static str {
        match self {
            Service::CognitoIdp => "COGNITO_IDENTITY_PROVIDER",
            Service::Ses => "SESV2",
            Service::Lambda => "LAMBDA",
            Service::Logs => "CLOUDWATCH_LOGS",
            Service::Kms => "KMS",
            Service::CloudTrail => "CLOUDTRAIL",
            Service::Sts => "STS",
            Service::Organizations => "ORGANIZATIONS",
            Service::Account => "ACCOUNT",
        }
    }
}

/// Where `locate` found what it looked for: a user, or (for an app client or a hosted domain)
/// the pool alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub account: Option<String>,
    pub region: String,
    pub pool_id: String,
    pub pool_name: Option<String>,
    /// The user found; None when an app client or a domain was looked for.
    pub user: Option<User>,
}

/// What happened to a scope item of a fleet command (SPEC "Reach"): a failing item is listed
/// with its kind and never stops the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeFailure {
    /// A profile (or the default chain) gave no credentials.
    NoCredentials,
    /// A role could not be assumed in an account.
    RoleNotAssumable,
    /// A region the account has not enabled (an opt-in region).
    RegionNotEnabled,
    Denied,
    NotServed,
    Unreachable,
    Throttled,
    Failed,
}

/// A scope item that could not be searched: which, what kind of failure, the call, and the
/// sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeGap {
    /// `profile dev`, `account 111122223333 (role R)`, `profile dev in ap-east-1`.
    pub scope: String,
    pub kind: ScopeFailure,
    pub operation: String,
    pub error: String,
}

/// What happened to a read that failed (SPEC "Verdicts from what was read"): each has its own
/// advice, so a missing permission is never blamed for an endpoint that does not serve the call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// AccessDenied, UnauthorizedOperation, NotAuthorized for the caller: grant the permission.
    Denied,
    /// UnknownOperation, HTTP 404 or 501, a body that is not the service's JSON: the endpoint
    /// does not serve the operation.
    NotServed,
    /// Connection refused, DNS, TLS, timeout: the service could not be reached.
    Unreachable,
    /// Still throttled after the retries.
    Throttled,
    /// Offline: not in the bundle, or not among the pasted AWS CLI output.
    NotGiven,
    /// Read, and nothing in the answer names the subject (a history with no event of the
    /// user's): no evidence either way.
    Empty,
    /// Anything else (the service's error name and message), or an answer that lacked a field
    /// the verdict needs.
    #[default]
    Failed,
}

impl FailureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Denied => "denied",
            FailureKind::NotServed => "not-served",
            FailureKind::Unreachable => "unreachable",
            FailureKind::Throttled => "throttled",
            FailureKind::NotGiven => "not-given",
            FailureKind::Empty => "empty",
            FailureKind::Failed => "failed",
        }
    }
}

/// A read that failed, or whose answer lacked a field a verdict needs; the diagnosis goes on
/// without it, and no verdict that needs it is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    /// The operation, prefixed by its service past Cognito (`sesv2:GetAccount`,
    /// `lambda:GetPolicy`), as version 3 named it.
    pub operation: String,
    /// What happened: the service's error name and message, or the sentence that says what
    /// could not be read. Never empty.
    pub error: String,
    pub service: Service,
    pub kind: FailureKind,
    /// For a denied read, the IAM permission to grant (`ses:GetAccount`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// The endpoint the read went to, when not AWS's own (it names what does not serve a call).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The identity provider the read was about, so that only its users are affected.
    #[serde(skip)]
    pub provider: Option<String>,
    /// What the read was about (a function, an identity), for counting reads in the table.
    #[serde(skip)]
    pub resource: Option<String>,
}

impl Unavailable {
    /// An answer that came back without `field`, which a verdict needs: that verdict is not
    /// given (SPEC "Absent is unknown").
    pub fn absent(service: Service, operation: &str, field: &str, what: &str) -> Unavailable {
        Unavailable {
            operation: operation.to_owned(),
            error: format!("the answer had no {field}: {what} is unknown"),
            service,
            kind: FailureKind::Failed,
            ..Unavailable::default()
        }
    }

    /// A read the tool could not make for a reason of its own (an ARN it cannot parse, another
    /// account): kind `failed`, with the sentence.
    pub fn failed(service: Service, operation: &str, error: impl Into<String>) -> Unavailable {
        Unavailable {
            operation: operation.to_owned(),
            error: error.into(),
            service,
            kind: FailureKind::Failed,
            ..Unavailable::default()
        }
    }

    /// The advice for this failure, in one clause.
    pub fn advice(&self) -> String {
        match self.kind {
            FailureKind::Denied => format!(
                "grant {}",
                self.permission.as_deref().unwrap_or("the permission")
            ),
            FailureKind::NotServed => format!(
                "{} does not serve it; point AWS_ENDPOINT_URL_{} at an endpoint that does",
                self.endpoint.as_deref().unwrap_or("the endpoint"),
                self.service.endpoint_env()
            ),
            FailureKind::Unreachable => format!(
                "could not reach {} at {}",
                self.service.name(),
                self.endpoint.as_deref().unwrap_or("its AWS endpoint")
            ),
            FailureKind::Throttled => {
                "still throttled after retries; run again later, or lower --max-rps".to_owned()
            }
            FailureKind::NotGiven => {
                "not in the bundle or the pasted output; collect it, or paste its AWS CLI output"
                    .to_owned()
            }
            FailureKind::Empty => {
                "nothing to read there; widen the window (--since) if the events may be older"
                    .to_owned()
            }
            FailureKind::Failed => "see the error".to_owned(),
        }
    }
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
