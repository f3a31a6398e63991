//! The diagnosis rules: one per file, each a pure check over a [`Snapshot`] with a stable code,
//! a title, a long explanation (What / Why / Fix) and the AWS documentation it comes from.

use serde::Serialize;

use crate::fix::FixStep;
use crate::model::{Snapshot, User};

/// The messages an unverified email shows users and apps, declared once for the two rules that
/// explain it (`email-changed-unverified`, `email-never-verified`), with any of their own first.
macro_rules! unverified_email_symptoms {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
        Symptom {
            text: "Cannot reset password for the user as there is no registered/verified email or phone_number",
            source: "AWS API reference, ForgotPassword (InvalidParameterException); amplify-js issue reports",
            direct: false,
        },
        Symptom {
            text: "User does not exist.",
            source: "AWS API reference, InitiateAuth (UserNotFoundException): an email that is an alias signs in only once verified; amplify-js issue reports",
            direct: true,
        },
        Symptom {
            text: "Username/client id combination not found.",
            source: "AWS API reference, ForgotPassword (UserNotFoundException): an unverified alias email does not find the user; re:Post reports",
            direct: true,
        },
        Symptom {
            text: "UserNotFoundException",
            source: "AWS API reference, InitiateAuth and ForgotPassword errors",
            direct: true,
        },
        Symptom {
            text: "Invalid verification code provided, please try again.",
            source: "AWS API reference, VerifyUserAttribute (CodeMismatchException): a code from an older message no longer matches",
            direct: false,
        },
        Symptom {
            text: "CodeMismatchException",
            source: "AWS API reference, VerifyUserAttribute errors",
            direct: false,
        },
        ]
    };
}

mod alias_conflict_blocks_confirmation;
mod alias_held_by_other_user;
mod app_client_cannot_read_email_verified;
mod attempt_limit_exceeded;
mod client_cannot_write_email;
mod codes_requested_not_used;
mod custom_message_too_slow;
mod custom_sender_key_unusable;
mod default_email_sender_limit;
pub mod delivery_error_logged;
mod email_case_duplicate;
mod email_change_pending;
mod email_changed_unverified;
mod email_immutable_but_mapped;
mod email_missing;
mod email_never_verified;
mod email_otp_needs_verified_email;
mod email_sent_by_trigger;
mod email_verified_not_canonical;
mod evidence_unavailable;
mod existence_errors_masked;
mod federated_email_verified_unmapped;
pub mod federated_fix_will_revert;
mod import_rejected_users;
mod invite_not_accepted;
mod link_verification_without_domain;
mod password_reset_blocked;
mod phone_verified_instead;
mod policy;
mod provider_reports_unverified;
mod recipient_suppressed;
mod recovery_goes_to_phone;
mod ses_identity_not_verified;
mod ses_identity_region_mismatch;
mod ses_quota_exhausted;
pub mod ses_regions;
mod ses_sandbox;
pub mod ses_sending_not_authorized;
mod ses_sending_paused;
mod sign_up_code_expired;
mod sign_up_not_confirmed;
mod threat_protection_blocks;
mod token_claims_stale;
mod trigger_not_invocable;
mod unverified_email_signs_in;
mod user_disabled;
mod verification_not_configured;

/// How bad a finding is. Error and warning make `diagnose` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn fails(self) -> bool {
        matches!(self, Severity::Error | Severity::Warning)
    }
}

/// Where a cause sits on the way from the pool's settings to what the user sees, lowest first.
/// Within a severity, findings are ordered by it, so the one that explains the others (delivery
/// blocked, say) comes before the state it leaves (an email that stays unverified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The user may not act at all (disabled): nothing about the email helps until that is undone.
    Access,
    /// The pool's settings decide whether a code is sent at all, and how it can be used.
    Configuration,
    /// A code that is sent goes through SES, a Lambda trigger and the recipient's address; when
    /// it is stopped there, the user never gets the code to verify with.
    Delivery,
    /// Who holds the address and how the user came to be (alias, provider, sign-up, invitation):
    /// it decides which user the email belongs to, whatever was delivered.
    Identity,
    /// The email's recorded state: what the causes before it leave behind.
    State,
    /// What that state leads to (a blocked reset, an app that cannot see the value), and what the
    /// diagnosis could not read.
    Consequence,
}

impl Stage {
    /// Whether a finding of this stage can be the result of a first cause of stage `cause`:
    /// the email's state and what it leads to follow from a code not sent or not delivered, or
    /// from who holds the address; anything else stands beside the first cause.
    pub fn follows_from(self, cause: Stage) -> bool {
        matches!(self, Stage::State | Stage::Consequence)
            && matches!(
                cause,
                Stage::Configuration | Stage::Delivery | Stage::Identity
            )
            && self > cause
    }
}

/// One documented cause that applies to the user, with the facts that show it and the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub title: String,
    pub evidence: Vec<String>,
    pub fix: Vec<FixStep>,
}

/// What a rule looks at, which decides where it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One user: runs in `diagnose` with a user and for each user of `audit`.
    User,
    /// The pool's settings: runs once (`diagnose` without a user, the head of `audit`) and in
    /// `diagnose` with a user, where it may weigh its severity by that user.
    Pool,
    /// Both: for each user, and once for the pool without a user.
    Both,
}

/// A message or exception name that this cause produces, and where it was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symptom {
    /// The message as the service (or an SDK) words it, or an exception name.
    pub text: &'static str,
    /// Where it is documented or was seen.
    pub source: &'static str,
    /// True when this cause is what produces the message; false when it leads to another cause
    /// that does (an unverified email leads to a blocked password reset). At an equal match, a
    /// direct cause ranks first.
    pub direct: bool,
}

/// A rule: its stable code and documentation, and the check.
pub struct Rule {
    /// Stable kebab-case code; never renamed (SPEC.md).
    pub code: &'static str,
    pub title: &'static str,
    /// What / Why / Fix, for `explain`.
    pub explanation: &'static str,
    /// The AWS documentation page the cause and fix come from.
    pub docs: &'static str,
    pub scope: Scope,
    /// Where the cause sits among the others ([`Stage`]): findings of one severity are ordered
    /// by it.
    pub stage: Stage,
    /// The messages this cause shows users, apps and logs (`explain --error` matches them).
    pub symptoms: &'static [Symptom],
    /// Pure: reads only the snapshot. Without a user ([`Snapshot::has_user`] false) only Pool
    /// and Both rules are called, and they must not read `s.user`.
    pub check: fn(&Snapshot) -> Option<Finding>,
    /// The bulk change that fixes the users with this finding (`reverify --from` takes them
    /// from an audit), if one does.
    pub fixed_by: Option<Fixer>,
    /// How an audit weighs this pool finding once the scan is over, given how many users have
    /// an unverified email: the finding as it then stands, or None when it does not apply.
    pub weigh: Option<fn(Finding, u64) -> Option<Finding>>,
}

/// A bulk change that fixes a finding for every user an audit reports with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixer {
    /// `reverify --admin --from`.
    AdminReverify,
    /// `reinvite --from`.
    Reinvite,
}

/// The codes `fixer` fixes, as the rules declare them.
pub fn codes_fixed_by(fixer: Fixer) -> Vec<&'static str> {
    ALL.iter()
        .filter(|r| r.fixed_by == Some(fixer))
        .map(|r| r.code)
        .collect()
}

/// The rule of `code`.
pub fn rule(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

impl Rule {
    pub fn finding(&self, severity: Severity, evidence: Vec<String>, fix: Vec<FixStep>) -> Finding {
        Finding {
            code: self.code,
            severity,
            title: self.title.to_owned(),
            evidence,
            fix,
        }
    }
}

/// Every rule, by code (findings are ordered by severity, [`Stage`], then code).
pub const ALL: &[&Rule] = &[
    &alias_conflict_blocks_confirmation::RULE,
    &alias_held_by_other_user::RULE,
    &app_client_cannot_read_email_verified::RULE,
    &attempt_limit_exceeded::RULE,
    &client_cannot_write_email::RULE,
    &codes_requested_not_used::RULE,
    &custom_message_too_slow::RULE,
    &custom_sender_key_unusable::RULE,
    &default_email_sender_limit::RULE,
    &delivery_error_logged::RULE,
    &email_case_duplicate::RULE,
    &email_change_pending::RULE,
    &email_changed_unverified::RULE,
    &email_immutable_but_mapped::RULE,
    &email_missing::RULE,
    &email_never_verified::RULE,
    &email_otp_needs_verified_email::RULE,
    &email_sent_by_trigger::RULE,
    &email_verified_not_canonical::RULE,
    &evidence_unavailable::RULE,
    &existence_errors_masked::RULE,
    &federated_email_verified_unmapped::RULE,
    &federated_fix_will_revert::RULE,
    &import_rejected_users::RULE,
    &invite_not_accepted::EXPIRED,
    &invite_not_accepted::RULE,
    &link_verification_without_domain::RULE,
    &password_reset_blocked::RULE,
    &phone_verified_instead::RULE,
    &provider_reports_unverified::RULE,
    &recipient_suppressed::RULE,
    &recovery_goes_to_phone::RULE,
    &ses_identity_not_verified::RULE,
    &ses_identity_region_mismatch::RULE,
    &ses_quota_exhausted::RULE,
    &ses_sandbox::RULE,
    &ses_sending_not_authorized::RULE,
    &ses_sending_paused::RULE,
    &sign_up_code_expired::RULE,
    &sign_up_not_confirmed::RULE,
    &threat_protection_blocks::RULE,
    &token_claims_stale::RULE,
    &trigger_not_invocable::RULE,
    &unverified_email_signs_in::RULE,
    &user_disabled::RULE,
    &verification_not_configured::RULE,
];

/// The code `audit` reports from both sides of a case-only pair.
pub const EMAIL_CASE_DUPLICATE: &str = email_case_duplicate::RULE.code;

/// The code whose severity `audit` raises when many users are unverified, and the limit.
pub const DEFAULT_EMAIL_SENDER_LIMIT: &str = default_email_sender_limit::RULE.code;

/// The stage of the rule that gave `code` (the last stage for a code no rule has).
pub fn stage_of(code: &str) -> Stage {
    find(code).map_or(Stage::Consequence, |r| r.stage)
}

pub fn find(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// The statuses of a user who has signed in or can: the user-side code flow needs its access
/// token, which FORCE_CHANGE_PASSWORD and RESET_REQUIRED users do not have yet.
pub(crate) fn has_tokens(u: &User) -> bool {
    u.status == "CONFIRMED"
}

/// A local (or effectively local) user with an unverified email and no other explanation: no
/// pending sign-up, no alias holder, no provider that writes the email. The common ground of
/// `email-changed-unverified` and `email-never-verified`.
pub(crate) fn unexplained_unverified(s: &Snapshot) -> Option<&str> {
    use crate::model::EmailSource;
    let u = &s.user;
    let email = u.email.as_deref()?;
    // Without the status, a pending sign-up cannot be ruled out: no verdict (the missing field
    // is under `unavailable`).
    if u.email_verified()
        || !u.status_known()
        || u.is_unconfirmed()
        || !verified_holders(s).is_empty()
    {
        return None;
    }
    matches!(
        s.email_source(),
        EmailSource::Local | EmailSource::LocalFederated
    )
    .then_some(email)
}

/// Whether the unverified email looks never verified rather than changed, with the facts that
/// tell. A guess from dates and settings: the API does not say which attribute changed.
pub(crate) fn never_verified_signs(s: &Snapshot) -> Option<Vec<String>> {
    let u = &s.user;
    if !matches!(
        u.status.as_str(),
        "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED" | "EXTERNAL_PROVIDER"
    ) {
        return None;
    }
    let mut signs = Vec::new();
    if u.unchanged_since_creation() {
        signs.push(dates_evidence(u));
    }
    if s.pool
        .auto_verified_attributes
        .iter()
        .any(|a| a == "phone_number")
        && s.pool.sends_email_codes()
    {
        signs.push("the pool's AutoVerifiedAttributes hold both email and phone_number: at sign-up Cognito sends a code to the phone only, so an address given at sign-up is likely never verified (see phone-verified-instead)".to_owned());
    }
    if s.pool.keeps_old_email_until_verified() {
        signs.push("the pool's AttributesRequireVerificationBeforeUpdate includes email: an email change keeps the old address verified until the new one is confirmed, so a change would not have left it unverified".to_owned());
    }
    (!signs.is_empty()).then_some(signs)
}

/// What the user's dates say, and no more: "nothing shows that it changed" only for a user never
/// modified after it was created (created and last modified at the same moment).
pub(crate) fn dates_evidence(u: &User) -> String {
    match (&u.created, &u.last_modified) {
        (Some(c), Some(m)) if c == m => format!(
            "the user was created and last modified at the same moment ({c}): nothing shows that it changed since it was created"
        ),
        (Some(c), Some(m)) => format!(
            "the user was created {c} and last modified {m}: something changed after creation, and the API does not say which attribute"
        ),
        (None, Some(m)) => format!(
            "the user was last modified {m}; its creation date was not read, so whether it changed since is not known"
        ),
        (Some(c), None) => format!(
            "the user was created {c}; its last-modified date was not read, so whether it changed since is not known"
        ),
        (None, None) => "the user's creation and last-modified dates were not read: whether it changed since it was created is not known".to_owned(),
    }
}

/// The command-line evidence of the user's email source when it is federated but no provider
/// maps email.
pub(crate) fn local_federated_evidence(s: &Snapshot) -> Option<String> {
    (s.email_source() == crate::model::EmailSource::LocalFederated).then(|| {
        format!(
            "user {} is federated through {}, which does not map email: sign-ins do not rewrite the email, so an administrator's fix holds",
            s.user.username,
            s.provider_names().join(", ")
        )
    })
}

/// Users with the same email who hold it verified: when email is an alias, the one among them
/// that holds the alias.
pub(crate) fn verified_holders(s: &Snapshot) -> Vec<&User> {
    s.alias_holders()
}

/// The holder was created after this user (so the alias moved away from this user).
pub(crate) fn holder_is_newer(s: &Snapshot, holder: &User) -> bool {
    let at = |d: &Option<String>| d.as_deref().and_then(crate::model::epoch_millis);
    matches!((at(&holder.created), at(&s.user.created)), (Some(theirs), Some(ours)) if theirs > ours)
}

/// Evidence lines common to the alias rules.
pub(crate) fn alias_evidence(s: &Snapshot, holders: &[&User]) -> Vec<String> {
    let mut ev = Vec::new();
    let p = &s.pool;
    if p.alias_attributes.iter().any(|a| a == "email") {
        ev.push(format!(
            "the pool's AliasAttributes include email ({})",
            p.alias_attributes.join(", ")
        ));
    } else {
        ev.push(format!(
            "the pool's UsernameAttributes include email ({})",
            p.username_attributes.join(", ")
        ));
    }
    let email = s.user.email.as_deref().unwrap_or_default();
    ev.push(format!(
        "user {} has email {email}, {}, status {}",
        s.user.username,
        s.user.email_verified_evidence(),
        s.user.status
    ));
    for h in holders {
        let mut line = format!(
            "user {} has the same email with email_verified \"{}\" (status {}",
            h.username,
            h.email_verified_raw.as_deref().unwrap_or_default(),
            h.status
        );
        if let Some(c) = &h.created {
            line.push_str(&format!(", created {c}"));
        }
        line.push(')');
        ev.push(line);
        if holder_is_newer(s, h) {
            ev.push(format!(
                "{} was created after {}: it most likely confirmed with ForceAliasCreation=true and took the alias",
                h.username, s.user.username
            ));
        }
    }
    ev
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A small builder of snapshots for the rule tests.
    use std::collections::BTreeMap;

    use crate::model::{Identity, Pool, Provider, Snapshot, User};

    /// `s` with a pool sending through a verified SES identity of account 111122223333 in
    /// eu-west-1, whose account GetAccount showed as `account`.
    pub fn with_account(
        mut s: crate::model::Snapshot,
        account: crate::model::SesAccount,
    ) -> crate::model::Snapshot {
        s.pool.email_sending_account = Some("DEVELOPER".into());
        let mut id = crate::model::SesIdentity::parse_arn(
            "arn:aws:ses:eu-west-1:111122223333:identity/no-reply@example.com",
        )
        .unwrap();
        id.exists = Some(true);
        id.verified_for_sending = Some(true);
        id.sending_account = Some(account);
        s.pool.ses = Some(id);
        s
    }

    pub fn pool() -> Pool {
        Pool {
            id: "us-east-1_Test".into(),
            auto_verified_attributes: vec!["email".into()],
            // The default sender's note would be in every test; its own tests clear this.
            email_sending_account: Some("DEVELOPER".into()),
            // Recovery by phone only: password-reset-blocked stays out of unrelated tests.
            recovery_mechanisms: Some(vec!["verified_phone_number".into()]),
            update_input: serde_json::json!({"UserPoolId": "us-east-1_Test", "AutoVerifiedAttributes": ["email"]}),
            ..Pool::default()
        }
    }

    pub fn user(name: &str, email: &str, verified: Option<&str>) -> User {
        User {
            username: name.into(),
            sub: Some(format!("sub-{name}")),
            status: "CONFIRMED".into(),
            enabled: Some(true),
            created: Some("2024-01-01T00:00:00Z".into()),
            last_modified: Some("2024-06-01T00:00:00Z".into()),
            email: (!email.is_empty()).then(|| email.to_owned()),
            email_verified_raw: verified.map(str::to_owned),
            identities: Vec::new(),
            ..User::default()
        }
    }

    pub fn snapshot(user: User) -> Snapshot {
        Snapshot {
            pool: pool(),
            user,
            // Unknown unless a test sets it (sign-up-code-expired needs it).
            now: None,
            ..Snapshot::default()
        }
    }

    /// A pool-level snapshot: no user.
    pub fn pool_snapshot() -> Snapshot {
        Snapshot {
            pool: pool(),
            now: Some(1_717_286_400),
            ..Snapshot::default()
        }
    }

    pub fn client(id: &str, read: Option<&[&str]>) -> crate::model::AppClient {
        crate::model::AppClient {
            id: id.into(),
            name: format!("{id}-name"),
            read_attributes: read.map(|r| r.iter().map(|a| (*a).to_owned()).collect()),
            update_input: serde_json::json!({"UserPoolId": "us-east-1_Test", "ClientId": id, "ClientName": format!("{id}-name"), "ReadAttributes": read}),
        }
    }

    pub fn federate(user: &mut User, provider: &str, ptype: &str) {
        user.status = "EXTERNAL_PROVIDER".into();
        user.identities.push(Identity {
            provider_name: provider.into(),
            provider_type: Some(ptype.into()),
            user_id: Some("123".into()),
        });
    }

    pub fn provider(name: &str, ptype: &str, mapping: &[(&str, &str)]) -> Provider {
        Provider {
            name: name.into(),
            provider_type: ptype.into(),
            attribute_mapping: mapping
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    /// An accepted (or, with `error`, refused) event of the user's history, made with the user's
    /// own token, at `epoch` seconds.
    pub fn history_event(
        name: &str,
        epoch: i64,
        error: Option<&str>,
    ) -> crate::model::HistoryEvent {
        crate::model::HistoryEvent {
            time: crate::wire::rfc3339_ms(epoch * 1000),
            epoch,
            event: name.into(),
            actor: crate::model::Actor::OwnToken,
            error_code: error.map(str::to_owned),
            named_by: "sub",
            ..crate::model::HistoryEvent::default()
        }
    }

    pub fn codes(s: &Snapshot) -> Vec<&'static str> {
        crate::engine::findings(s).iter().map(|f| f.code).collect()
    }

    /// The one finding with this code.
    pub fn finding(s: &Snapshot, code: &str) -> crate::rules::Finding {
        crate::engine::findings(s)
            .into_iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {code} in {:?}", codes(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_codes_are_unique_kebab_case_and_explained() {
        let mut seen = std::collections::BTreeSet::new();
        for r in ALL {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                r.code
            );
            for part in ["What", "Why", "Fix"] {
                assert!(
                    r.explanation.contains(&format!("{part}:")),
                    "{} explanation lacks {part}:",
                    r.code
                );
            }
            assert!(r.docs.starts_with("https://"), "{}", r.code);
            assert!(!r.title.is_empty());
        }
    }

    /// A title is a whole sentence: it never ends on a word that leaves it hanging (an
    /// invitation's title once ended "until the temporary password is", and read as cut).
    #[test]
    fn titles_are_whole_sentences() {
        const HANGING: &[&str] = &[
            "a", "an", "the", "is", "and", "or", "but", "until", "its", "their",
        ];
        for r in ALL {
            let last = r
                .title
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            assert!(
                !HANGING.contains(&last.as_str()),
                "{}: the title ends on \"{last}\": {}",
                r.code,
                r.title
            );
        }
    }

    /// Each cause sits before what it leaves: a code that is not sent or not delivered before
    /// the unverified state, that state before what it blocks. The list is the contract of the
    /// report's order (severity, then stage, then code).
    #[test]
    fn stages_put_each_cause_before_what_it_leaves() {
        let of = |stage: Stage| -> Vec<&str> {
            ALL.iter()
                .filter(|r| r.stage == stage)
                .map(|r| r.code)
                .collect()
        };
        assert_eq!(of(Stage::Access), ["user-disabled"]);
        assert_eq!(
            of(Stage::Configuration),
            [
                "client-cannot-write-email",
                "email-immutable-but-mapped",
                "link-verification-without-domain",
                "phone-verified-instead",
                "verification-not-configured"
            ]
        );
        assert_eq!(
            of(Stage::Delivery),
            [
                "attempt-limit-exceeded",
                "codes-requested-not-used",
                "custom-message-too-slow",
                "custom-sender-key-unusable",
                "default-email-sender-limit",
                "delivery-error-logged",
                "email-sent-by-trigger",
                "recipient-suppressed",
                "ses-identity-not-verified",
                "ses-identity-region-mismatch",
                "ses-quota-exhausted",
                "ses-sandbox",
                "ses-sending-not-authorized",
                "ses-sending-paused",
                "trigger-not-invocable"
            ]
        );
        assert_eq!(
            of(Stage::State),
            [
                "email-change-pending",
                "email-changed-unverified",
                "email-missing",
                "email-never-verified",
                "email-verified-not-canonical"
            ]
        );
        assert_eq!(
            of(Stage::Consequence),
            [
                "app-client-cannot-read-email-verified",
                "email-otp-needs-verified-email",
                "evidence-unavailable",
                "import-rejected-users",
                "password-reset-blocked",
                "recovery-goes-to-phone",
                "threat-protection-blocks",
                "token-claims-stale",
                "unverified-email-signs-in"
            ]
        );
        // Every other rule is about who holds the address and how the user came to be.
        assert_eq!(of(Stage::Identity).len(), 11);
        assert!(Stage::State.follows_from(Stage::Delivery));
        assert!(Stage::Consequence.follows_from(Stage::Identity));
        assert!(!Stage::Identity.follows_from(Stage::Delivery));
        assert!(!Stage::State.follows_from(Stage::Access));
        assert!(!Stage::State.follows_from(Stage::State));
    }

    #[test]
    fn registry_list_is_stable() {
        // Codes are a contract (SPEC.md): this list only ever grows.
        let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            [
                "alias-conflict-blocks-confirmation",
                "alias-held-by-other-user",
                "app-client-cannot-read-email-verified",
                "attempt-limit-exceeded",
                "client-cannot-write-email",
                "codes-requested-not-used",
                "custom-message-too-slow",
                "custom-sender-key-unusable",
                "default-email-sender-limit",
                "delivery-error-logged",
                "email-case-duplicate",
                "email-change-pending",
                "email-changed-unverified",
                "email-immutable-but-mapped",
                "email-missing",
                "email-never-verified",
                "email-otp-needs-verified-email",
                "email-sent-by-trigger",
                "email-verified-not-canonical",
                "evidence-unavailable",
                "existence-errors-masked",
                "federated-email-verified-unmapped",
                "federated-fix-will-revert",
                "import-rejected-users",
                "invite-expired",
                "invite-not-accepted",
                "link-verification-without-domain",
                "password-reset-blocked",
                "phone-verified-instead",
                "provider-reports-unverified",
                "recipient-suppressed",
                "recovery-goes-to-phone",
                "ses-identity-not-verified",
                "ses-identity-region-mismatch",
                "ses-quota-exhausted",
                "ses-sandbox",
                "ses-sending-not-authorized",
                "ses-sending-paused",
                "sign-up-code-expired",
                "sign-up-not-confirmed",
                "threat-protection-blocks",
                "token-claims-stale",
                "trigger-not-invocable",
                "unverified-email-signs-in",
                "user-disabled",
                "verification-not-configured",
            ]
        );
    }
}
