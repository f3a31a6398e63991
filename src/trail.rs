//! CloudTrail's LookupEvents answers to the user's history. Pure, like [`crate::wire`]: a page's
//! events, and for each Cognito event whether it names the user and how.
//!
//! An event is the user's only by what it shows, as the developer guide's examples carry it
//! ("Amazon Cognito logging in AWS CloudTrail": "Amazon Cognito records `UserSub` but not
//! `UserName` in CloudTrail logs for requests that are specific to a user"; its sample queries
//! read `additionalEventData.sub`; the managed login's `Confirm_POST` carries the sub in
//! `additionalEventData.requestParameters.sub`): the user's `sub` there, or an administrator's
//! request naming the username (`requestParameters.username`, with the pool's id beside it).
//! CloudTrail hides private fields as `HIDDEN_DUE_TO_SECURITY_REASONS`: a hidden value names no
//! one, and an event that names nobody (the managed login's `Signup_POST`, whose username is
//! hidden and which has no sub yet) is never attributed.

use serde_json::Value;

use crate::model::{event_kind, Actor, HistoryEvent, TOKEN_OPERATIONS};
use crate::wire::text;

/// How CloudTrail writes a value it does not show.
pub const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

/// Cognito user pools' event source.
pub const SOURCE: &str = "cognito-idp.amazonaws.com";

/// The user whose events are looked for.
#[derive(Debug, Clone)]
pub struct Subject {
    pub pool_id: String,
    pub username: String,
    pub sub: Option<String>,
}

/// One LookupEvents page: each event's `CloudTrailEvent` document (parsed; the outer
/// `EventTime` is kept for one without its own `eventTime`), and the next page's token. None
/// when the answer holds no `Events` list.
pub fn page(v: &Value) -> Option<(Vec<Value>, Option<String>)> {
    let events = v.get("Events")?.as_array()?;
    let parsed = events
        .iter()
        .filter_map(|e| {
            let mut doc: Value = serde_json::from_str(e.get("CloudTrailEvent")?.as_str()?).ok()?;
            if doc.get("eventTime").is_none() {
                if let (Some(obj), Some(t)) = (doc.as_object_mut(), e.get("EventTime")) {
                    obj.insert("eventTime".into(), t.clone());
                }
            }
            Some(doc)
        })
        .collect();
    Some((parsed, text(v, &["NextToken"])))
}

/// A value the event shows (not hidden, not empty).
fn shown(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != HIDDEN)
}

/// The values of a managed login request parameter, which CloudTrail writes as an array.
fn form_values<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.get("additionalEventData")
        .and_then(|a| a.get("requestParameters"))
        .and_then(|p| p.get(key))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| shown(Some(x))).collect())
        .unwrap_or_default()
}

/// The pool an event names, if any.
fn pool_named(v: &Value) -> Option<&str> {
    shown(v.get("requestParameters").and_then(|p| p.get("userPoolId"))).or_else(|| {
        shown(
            v.get("additionalEventData")
                .and_then(|a| a.get("userPoolId")),
        )
    })
}

/// What in the event names the subject: its sub, or its username beside its pool.
fn names(v: &Value, who: &Subject) -> Option<&'static str> {
    if let Some(pool) = pool_named(v) {
        if pool != who.pool_id {
            return None;
        }
    }
    if let Some(sub) = who.sub.as_deref().filter(|s| !s.is_empty()) {
        let own = shown(v.get("additionalEventData").and_then(|a| a.get("sub")));
        if own == Some(sub) || form_values(v, "sub").contains(&sub) {
            return Some("sub");
        }
    }
    let username = shown(v.get("requestParameters").and_then(|p| p.get("username")));
    (username == Some(who.username.as_str()) && pool_named(v) == Some(who.pool_id.as_str()))
        .then_some("username")
}

/// Who made the call, as the event shows it.
fn actor(v: &Value, event: &str) -> Actor {
    if let Some(arn) = shown(v.get("userIdentity").and_then(|u| u.get("arn"))) {
        return Actor::Principal(arn.to_owned());
    }
    if v.get("eventType").and_then(Value::as_str) == Some("AwsServiceEvent") {
        return Actor::ManagedLogin;
    }
    if TOKEN_OPERATIONS.contains(&event) {
        return Actor::OwnToken;
    }
    Actor::App
}

/// The attribute names a request shows: an update's `userAttributes` (each `name`), a code's
/// `attributeName`; None when it shows none (hidden, or not such a request).
fn attributes(v: &Value) -> Option<Vec<String>> {
    let p = v.get("requestParameters")?;
    if let Some(list) = p.get("userAttributes").and_then(Value::as_array) {
        let names: Vec<String> = list
            .iter()
            .filter_map(|a| shown(a.get("name").or_else(|| a.get("Name"))).map(str::to_owned))
            .collect();
        return (!names.is_empty()).then_some(names);
    }
    shown(p.get("attributeName")).map(|n| vec![n.to_owned()])
}

/// The user's event, when `v` (one `CloudTrailEvent` document) is a Cognito event on the
/// email's path that names the subject.
pub fn event(v: &Value, who: &Subject) -> Option<HistoryEvent> {
    if v.get("eventSource").and_then(Value::as_str) != Some(SOURCE) {
        return None;
    }
    let name = text(v, &["eventName"])?;
    event_kind(&name)?;
    let named_by = names(v, who)?;
    let time = crate::wire::date(v.get("eventTime"))?;
    let epoch = crate::model::epoch_seconds(&time)?;
    let client_id = shown(v.get("requestParameters").and_then(|p| p.get("clientId")))
        .map(str::to_owned)
        .or_else(|| form_values(v, "client_id").first().map(|c| (*c).to_owned()));
    Some(HistoryEvent {
        time,
        epoch,
        actor: actor(v, &name),
        error_code: shown(v.get("errorCode")).map(str::to_owned),
        error_message: shown(v.get("errorMessage")).map(crate::text::service_message),
        attributes: attributes(v),
        client_id,
        named_by,
        event: name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ann() -> Subject {
        Subject {
            pool_id: "us-west-2_EXAMPLE".into(),
            username: "ann".into(),
            sub: Some("704b1e47-34fe-40e9-8c41-504997494531".into()),
        }
    }

    #[test]
    fn a_hidden_username_names_no_one_and_another_pool_is_not_this_one() {
        let hidden = json!({"eventSource": SOURCE, "eventName": "AdminUpdateUserAttributes",
            "eventTime": "2024-05-01T10:00:00Z",
            "requestParameters": {"userPoolId": "us-west-2_EXAMPLE", "username": HIDDEN}});
        assert_eq!(event(&hidden, &ann()), None);
        let named = json!({"eventSource": SOURCE, "eventName": "AdminUpdateUserAttributes",
            "eventTime": "2024-05-01T10:00:00Z",
            "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/Alice"},
            "requestParameters": {"userPoolId": "us-west-2_EXAMPLE", "username": "ann",
                "userAttributes": [{"name": "email", "value": HIDDEN}]}});
        let e = event(&named, &ann()).unwrap();
        assert_eq!(e.named_by, "username");
        assert_eq!(
            e.actor,
            Actor::Principal("arn:aws:iam::123456789012:user/Alice".into())
        );
        assert_eq!(e.attributes, Some(vec!["email".to_owned()]));
        let mut other = named.clone();
        other["requestParameters"]["userPoolId"] = json!("us-west-2_OTHER");
        assert_eq!(event(&other, &ann()), None);
        // The same name in an event that names no pool is not this user.
        let mut no_pool = named;
        no_pool["requestParameters"]
            .as_object_mut()
            .unwrap()
            .remove("userPoolId");
        assert_eq!(event(&no_pool, &ann()), None);
    }

    #[test]
    fn the_own_token_operations_have_no_principal() {
        let v = json!({"eventSource": SOURCE, "eventName": "GetUserAttributeVerificationCode",
            "eventTime": "2024-05-01T10:00:00Z", "userIdentity": {"accountId": "123456789012"},
            "errorCode": "LimitExceededException",
            "errorMessage": "Attempt limit exceeded, please try after some time.",
            "requestParameters": {"accessToken": HIDDEN, "attributeName": "email"},
            "additionalEventData": {"sub": "704b1e47-34fe-40e9-8c41-504997494531"}});
        let e = event(&v, &ann()).unwrap();
        assert_eq!((e.actor.clone(), e.named_by), (Actor::OwnToken, "sub"));
        assert_eq!(
            e.error().as_deref(),
            Some("LimitExceededException: Attempt limit exceeded, please try after some time.")
        );
        assert!(!e.succeeded());
        // Another user's sub is not this user's.
        let mut other = v;
        other["additionalEventData"]["sub"] = json!("00000000-0000-0000-0000-000000000000");
        assert_eq!(event(&other, &ann()), None);
    }

    #[test]
    fn sign_ins_and_reads_are_not_history() {
        let v = json!({"eventSource": SOURCE, "eventName": "InitiateAuth",
            "eventTime": "2024-05-01T10:00:00Z",
            "additionalEventData": {"sub": "704b1e47-34fe-40e9-8c41-504997494531"}});
        assert_eq!(event(&v, &ann()), None);
    }
}
