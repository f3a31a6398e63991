//! What CloudTrail's event history showed of one user (the events that name the user, who made
//! each call and how it ended), and what a user's ID token carried. Plain data for the rules.

use serde::Serialize;

/// The Cognito events of CloudTrail's event history that name one user, in the window read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The start of the window, RFC 3339 (`--since` before now).
    pub since: String,
    /// The Cognito events of the region read in the window, this user's or not.
    pub read: usize,
    /// LookupEvents calls made.
    pub pages: usize,
    /// The page cap was reached before the window's start: older events were not read.
    pub capped: bool,
    /// This user's events, oldest first.
    pub events: Vec<HistoryEvent>,
}

/// One event of the user's history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryEvent {
    /// `eventTime`, RFC 3339, and in seconds since the epoch.
    pub time: String,
    pub epoch: i64,
    /// `eventName`: the API operation (`UpdateUserAttributes`) or the managed login request
    /// (`Confirm_POST`).
    pub event: String,
    pub actor: Actor,
    /// `errorCode` and `errorMessage`, when the service refused the request.
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// The attribute names the request shows (an update's `userAttributes`, a code's
    /// `attributeName`); None when the request shows none or CloudTrail hid them.
    pub attributes: Option<Vec<String>>,
    /// The app client the request went through, when the event shows it.
    pub client_id: Option<String>,
    /// What in the event named this user: `sub` or `username`.
    pub named_by: &'static str,
}

/// Who made a call, as the event shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Actor {
    /// The user's own access token (UpdateUserAttributes, GetUserAttributeVerificationCode,
    /// VerifyUserAttribute): no IAM principal signs these.
    OwnToken,
    /// An IAM principal, by ARN (an administrator's or a backend's call).
    Principal(String),
    /// Cognito's managed login pages (hosted UI), on the user's behalf.
    ManagedLogin,
    /// An app's request without an IAM principal or a token (SignUp, ForgotPassword, ...),
    /// through the app client when the event names it.
    #[default]
    App,
}

impl Actor {
    /// How the report names it (`history[].actor`).
    pub fn describe(&self, client_id: Option<&str>) -> String {
        match (self, client_id) {
            (Actor::OwnToken, _) => "the user (own access token)".to_owned(),
            (Actor::Principal(arn), _) => arn.clone(),
            (Actor::ManagedLogin, _) => "managed login (hosted UI)".to_owned(),
            (Actor::App, Some(c)) => format!("app client {c} (no IAM principal)"),
            (Actor::App, None) => "an app (no IAM principal)".to_owned(),
        }
    }
}

/// What an event did, for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A code sent to the user: sign-up, resend, attribute code, forgot password.
    CodeRequest,
    /// A code (or a link) used: sign-up confirmed, attribute verified, password reset.
    Confirmation,
    /// The user's attributes updated (by the user or an administrator).
    AttributeUpdate,
    /// Another change to the user (created, password set, enabled, linked ...).
    Other,
}

/// The user-pool events on the email's path, by kind: the API operations and the managed login
/// requests of the developer guide's table ("Amazon Cognito logging in AWS CloudTrail"). Sign-ins
/// and reads are left out: they say nothing about the email.
const EVENTS: &[(&str, EventKind)] = &[
    ("SignUp", EventKind::CodeRequest),
    ("ResendConfirmationCode", EventKind::CodeRequest),
    ("GetUserAttributeVerificationCode", EventKind::CodeRequest),
    ("ForgotPassword", EventKind::CodeRequest),
    ("ResendCode_POST", EventKind::CodeRequest),
    ("ForgotPassword_POST", EventKind::CodeRequest),
    ("forgotPassword_POST", EventKind::CodeRequest),
    ("ConfirmSignUp", EventKind::Confirmation),
    ("AdminConfirmSignUp", EventKind::Confirmation),
    (VERIFY_ATTRIBUTE_EVENT, EventKind::Confirmation),
    ("ConfirmForgotPassword", EventKind::Confirmation),
    ("Confirm_POST", EventKind::Confirmation),
    ("ConfirmForgotPassword_POST", EventKind::Confirmation),
    ("signup_confirm_POST", EventKind::Confirmation),
    ("Confirm_With_Link_GET", EventKind::Confirmation),
    ("confirmUser_GET", EventKind::Confirmation),
    ("UpdateUserAttributes", EventKind::AttributeUpdate),
    ("AdminUpdateUserAttributes", EventKind::AttributeUpdate),
    ("AdminCreateUser", EventKind::Other),
    ("AdminDeleteUserAttributes", EventKind::Other),
    ("DeleteUserAttributes", EventKind::Other),
    ("AdminSetUserPassword", EventKind::Other),
    ("AdminResetUserPassword", EventKind::Other),
    ("AdminEnableUser", EventKind::Other),
    ("AdminDisableUser", EventKind::Other),
    ("AdminLinkProviderForUser", EventKind::Other),
    ("AdminDisableProviderForUser", EventKind::Other),
];

/// The event of a user's own code submitted for an attribute (its own access token).
pub const VERIFY_ATTRIBUTE_EVENT: &str = "VerifyUserAttribute";

/// The kind of an event on the email's path; None for any other event (a sign-in, a read).
pub fn event_kind(event: &str) -> Option<EventKind> {
    EVENTS.iter().find(|(n, _)| *n == event).map(|(_, k)| *k)
}

/// The operations a user calls with their own access token: no IAM principal, no app client.
pub const TOKEN_OPERATIONS: &[&str] = &[
    "UpdateUserAttributes",
    "GetUserAttributeVerificationCode",
    VERIFY_ATTRIBUTE_EVENT,
    "DeleteUserAttributes",
];

impl HistoryEvent {
    pub fn kind(&self) -> EventKind {
        event_kind(&self.event).unwrap_or(EventKind::Other)
    }

    /// The service accepted the request.
    pub fn succeeded(&self) -> bool {
        self.error_code.is_none()
    }

    /// `Code: message`, as the event gives them.
    pub fn error(&self) -> Option<String> {
        let code = self.error_code.as_deref()?;
        Some(match self.error_message.as_deref() {
            Some(m) => format!("{code}: {m}"),
            None => code.to_owned(),
        })
    }

    /// One line for evidence: when, what, who, and how it ended.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} {} by {}",
            self.time,
            self.event,
            self.actor.describe(self.client_id.as_deref())
        );
        if let Some(a) = &self.attributes {
            line.push_str(&format!(" (attributes: {})", a.join(", ")));
        }
        match self.error() {
            Some(e) => line.push_str(&format!(", refused: {e}")),
            None => line.push_str(", accepted"),
        }
        line
    }

    /// Whether the request shows `attribute` among its attribute names: Some(true) or
    /// Some(false) when it shows names, None when it shows none (hidden).
    pub fn shows_attribute(&self, attribute: &str) -> Option<bool> {
        self.attributes
            .as_ref()
            .map(|a| a.iter().any(|n| n == attribute))
    }
}

impl History {
    /// The accepted events of `kind`, oldest first.
    pub fn accepted(&self, kind: EventKind) -> impl Iterator<Item = &HistoryEvent> {
        self.events
            .iter()
            .filter(move |e| e.kind() == kind && e.succeeded())
    }

    /// The last accepted attribute update that may have changed the email (it shows email, or
    /// shows no names), and the accepted VerifyUserAttribute events after it.
    pub fn last_email_update(&self) -> Option<(&HistoryEvent, Vec<&HistoryEvent>)> {
        let update = self
            .accepted(EventKind::AttributeUpdate)
            .filter(|e| e.shows_attribute("email") != Some(false))
            .last()?;
        let verified = self
            .events
            .iter()
            .filter(|e| {
                e.event == VERIFY_ATTRIBUTE_EVENT
                    && e.succeeded()
                    && e.epoch >= update.epoch
                    && e.shows_attribute("email") != Some(false)
            })
            .collect();
        Some((update, verified))
    }

    /// The window as the report words it.
    pub fn window(&self) -> String {
        let mut w = format!(
            "CloudTrail event history since {} ({} Cognito event{} of the region read in {} LookupEvents call{}",
            self.since,
            self.read,
            if self.read == 1 { "" } else { "s" },
            self.pages,
            if self.pages == 1 { "" } else { "s" }
        );
        if self.capped {
            w.push_str("; the page cap was reached before the window's start, so older events were not read");
        }
        w.push(')');
        w
    }
}

/// The claims of a user's ID token that the diagnosis compares with the pool. Read from the
/// token, never checked against the network; the token itself is never kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdToken {
    pub sub: String,
    pub email: Option<String>,
    /// `email_verified` (a boolean, or the strings "true"/"false" of older tokens); None when
    /// absent.
    pub email_verified: Option<bool>,
    /// `iat`: when it was issued, in seconds since the epoch.
    pub iat: Option<i64>,
}
