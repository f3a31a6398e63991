//! What guards the code on its way to the user, as read: the KMS key the custom email sender's
//! codes are encrypted with (DescribeKey), and the pool's threat protection
//! (DescribeRiskConfiguration). Each field is None when the answer lacked it.

/// The custom sender's KMS key as KMS showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KmsKey {
    /// `LambdaConfig.KMSKeyID`, as the pool names it.
    pub id: String,
    /// Some(false) when DescribeKey answered NotFoundException; None when not read.
    pub exists: Option<bool>,
    /// `KeyState`: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, ...
    pub state: Option<String>,
    /// `Enabled`.
    pub enabled: Option<bool>,
    /// `DeletionDate` (RFC 3339), for a key pending deletion.
    pub deletion_date: Option<String>,
}

impl KmsKey {
    /// Why Cognito cannot encrypt with it, as read; None when it can or nothing says otherwise.
    pub fn unusable(&self) -> Option<String> {
        if self.exists == Some(false) {
            return Some(format!(
                "DescribeKey {}: NotFoundException, the key does not exist",
                self.id
            ));
        }
        match (self.state.as_deref(), self.enabled) {
            (Some("Enabled"), _) => None,
            (Some(state), _) => Some(match &self.deletion_date {
                Some(d) => format!("DescribeKey {}: KeyState {state}, deletion on {d}", self.id),
                None => format!("DescribeKey {}: KeyState {state}", self.id),
            }),
            (None, Some(false)) => Some(format!("DescribeKey {}: Enabled false", self.id)),
            (None, _) => None,
        }
    }
}

/// The pool's risk configuration (threat protection), as DescribeRiskConfiguration showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskConfiguration {
    /// `CompromisedCredentialsRiskConfiguration.Actions.EventAction` (BLOCK, NO_ACTION) and the
    /// events it applies to (`EventFilter`: SIGN_IN, PASSWORD_CHANGE, SIGN_UP).
    pub compromised_action: Option<String>,
    pub compromised_events: Vec<String>,
    /// `AccountTakeoverRiskConfiguration.Actions`: each risk level (Low, Medium, High) with its
    /// `EventAction` (BLOCK, MFA_IF_CONFIGURED, MFA_REQUIRED, NO_ACTION).
    pub takeover_actions: Vec<(String, String)>,
}

impl RiskConfiguration {
    /// The blocking actions, one line each; empty when nothing blocks.
    pub fn blocks(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.compromised_action.as_deref() == Some("BLOCK") {
            let events = if self.compromised_events.is_empty() {
                "every event".to_owned()
            } else {
                self.compromised_events.join(", ")
            };
            out.push(format!(
                "compromised credentials: EventAction BLOCK on {events}"
            ));
        }
        for (level, action) in &self.takeover_actions {
            if action == "BLOCK" {
                out.push(format!("account takeover, {level} risk: EventAction BLOCK"));
            }
        }
        out
    }
}
