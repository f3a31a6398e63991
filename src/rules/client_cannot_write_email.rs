//! `client-cannot-write-email`: the user's app client (as the history names it), or every app
//! client of the pool, sets WriteAttributes without email: the user cannot change the address.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::{Action, FixStep};
use crate::model::{AppClient, Snapshot};

pub const RULE: Rule = Rule {
    code: "client-cannot-write-email",
    title: "The user's app client cannot write email: the user cannot change the address",
    explanation: "\
What: an app client's WriteAttributes is set and does not hold email: the client the user's \
requests went through, as CloudTrail's event history names it, or, when the history names none, \
every app client of the pool.

Why: UpdateUserAttributes with the user's access token writes only the attributes its client may \
write; for email it fails with \"A client attempted to write unauthorized attribute\". The user \
then keeps an address they cannot correct or verify anew, and an app may show the failure as \
\"could not update your email\".

Fix: add email to the client's WriteAttributes with UpdateUserPoolClient. That call resets every \
client setting it is not sent (callback URLs, OAuth flows, token validity), so the request must \
carry the whole client: the AWS CLI command below does.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-attribute-permissions-and-scopes",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "A client attempted to write unauthorized attribute",
        source: "Cognito's NotAuthorizedException for UpdateUserAttributes through a client without write permission (amplify-js issue reports)",
        direct: true,
    }],
    stage: super::Stage::Configuration,
    check,
    fixed_by: None,
    weigh: None,
};

/// The described clients that cannot write email.
fn cannot_write(clients: &[AppClient]) -> Vec<&AppClient> {
    clients
        .iter()
        .filter(|c| c.may_write("email") == Some(false))
        .collect()
}

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let described: Vec<&AppClient> = s
        .clients
        .iter()
        .filter(|c| c.may_write("email").is_some())
        .collect();
    // The user's clients, as the history names them.
    let mut used: Vec<String> = s
        .history
        .iter()
        .flat_map(|h| h.events.iter().filter_map(|e| e.client_id.clone()))
        .collect();
    used.sort();
    used.dedup();
    let blocked = cannot_write(&s.clients);
    let (chosen, why): (Vec<&AppClient>, String) = if s.has_user() && !used.is_empty() {
        (
            blocked
                .iter()
                .copied()
                .filter(|c| used.contains(&c.id))
                .collect(),
            format!(
                "the user's requests in CloudTrail's history went through app client {}",
                used.join(", ")
            ),
        )
    } else if !described.is_empty() && blocked.len() == described.len() {
        (
            blocked,
            "no app client of the pool may write email".to_owned(),
        )
    } else {
        return None;
    };
    if chosen.is_empty() {
        return None;
    }
    let mut evidence = vec![why];
    let mut fix = Vec::new();
    for c in &chosen {
        let write: Vec<String> = c.update_input["WriteAttributes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        evidence.push(format!(
            "app client {} ({}) has WriteAttributes [{}], without email",
            c.id,
            c.name,
            write.join(", ")
        ));
        let mut wanted = write;
        wanted.push("email".to_owned());
        let mut input = c.update_input.clone();
        if let Some(obj) = input.as_object_mut() {
            obj.insert("WriteAttributes".into(), serde_json::json!(wanted));
        }
        fix.push(FixStep::run(
            format!(
                "Let client {} write email, carrying over every other client setting",
                c.name
            ),
            Action::UpdateClient {
                update_input: input,
            },
        ));
    }
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::model::History;
    use crate::rules::test_support::*;

    fn writes(id: &str, attrs: &[&str]) -> crate::model::AppClient {
        let mut c = client(id, None);
        c.update_input["WriteAttributes"] = serde_json::json!(attrs);
        c
    }

    #[test]
    fn every_client_without_email_or_the_user_s_own_is_named() {
        let mut s = pool_snapshot();
        s.clients.push(writes("web", &["name"]));
        s.clients.push(writes("admin", &["name", "email"]));
        assert!(!codes(&s).contains(&"client-cannot-write-email"));
        s.clients.pop();
        let f = finding(&s, "client-cannot-write-email");
        let Some(Action::UpdateClient { update_input }) = &f.fix[0].action else {
            panic!("{f:?}")
        };
        assert_eq!(
            update_input["WriteAttributes"],
            serde_json::json!(["name", "email"])
        );
        assert_eq!(update_input["ClientName"], "web-name");

        // A user whose history names the client it uses: that client alone counts.
        let mut s = snapshot(user("ann", "a@example.com", Some("false")));
        s.clients.push(writes("web", &["name"]));
        s.clients.push(writes("admin", &["name", "email"]));
        let mut e = history_event("UpdateUserAttributes", 100, Some("NotAuthorizedException"));
        e.client_id = Some("web".into());
        s.history = Some(History {
            events: vec![e],
            ..History::default()
        });
        let f = finding(&s, "client-cannot-write-email");
        assert!(f.evidence[0].contains("app client web"), "{:?}", f.evidence);
        s.history.as_mut().unwrap().events[0].client_id = Some("admin".into());
        assert!(!codes(&s).contains(&"client-cannot-write-email"));
    }
}
