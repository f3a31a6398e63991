//! `app-client-cannot-read-email-verified`: an app client's ReadAttributes leaves out
//! email_verified, so apps using it never see the value.

use super::{Rule, Scope, Severity};
use crate::fix::{Action, FixStep};
use crate::model::Snapshot;

pub const RULE: Rule = Rule {
    code: "app-client-cannot-read-email-verified",
    title: "An app client cannot read email_verified",
    explanation: "\
What: an app client of the pool sets ReadAttributes and the list does not include \
email_verified.

Why: a client reads only the attributes in its ReadAttributes (when the list is set): ID tokens \
issued to it and GetUser through its tokens leave email_verified out. An app that checks the \
value then treats every user as unverified, although Cognito holds it verified.

Fix: add email_verified to the client's ReadAttributes with UpdateUserPoolClient. That call \
resets every client setting it is not sent (callback URLs, OAuth flows, token validity), so the \
request must carry the whole client: the AWS CLI command below does.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-attribute-permissions-and-scopes",
    scope: Scope::Pool,
    symptoms: &[],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let hidden: Vec<_> = s
        .clients
        .iter()
        .filter(|c| c.hides_email_verified())
        .collect();
    if hidden.is_empty() {
        return None;
    }
    let mut evidence = Vec::new();
    let mut fix = Vec::new();
    for c in &hidden {
        let read = c.read_attributes.clone().unwrap_or_default();
        evidence.push(format!(
            "app client {} ({}) has ReadAttributes [{}], without email_verified",
            c.id,
            c.name,
            read.join(", ")
        ));
        let mut wanted = read;
        wanted.push("email_verified".to_owned());
        let mut input = c.update_input.clone();
        if let Some(obj) = input.as_object_mut() {
            obj.insert("ReadAttributes".into(), serde_json::json!(wanted));
        }
        fix.push(FixStep::run(
            format!(
                "Let client {} read email_verified, carrying over every other client setting",
                c.name
            ),
            Action::UpdateClient {
                update_input: input,
            },
        ));
    }
    if s.has_user() && s.user.email_verified() {
        evidence.push(format!(
            "user {} is verified in the pool, but apps using these clients cannot see it",
            s.user.username
        ));
    }
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::fix::Action;
    use crate::rules::test_support::*;

    #[test]
    fn names_the_client_and_keeps_its_settings() {
        let mut s = snapshot(user("alice", "a@example.com", Some("true")));
        s.clients.push(client("web", Some(&["email", "name"])));
        s.clients.push(client("all", None));
        s.clients
            .push(client("ok", Some(&["email", "email_verified"])));
        assert_eq!(codes(&s), ["app-client-cannot-read-email-verified"]);
        let f = finding(&s, "app-client-cannot-read-email-verified");
        assert_eq!(f.fix.len(), 1);
        let Some(Action::UpdateClient { update_input }) = &f.fix[0].action else {
            panic!()
        };
        assert_eq!(
            update_input["ReadAttributes"],
            serde_json::json!(["email", "name", "email_verified"])
        );
        assert_eq!(update_input["ClientName"], "web-name");
    }
}
