//! The reads of Cognito, each through [`super::answer`] and [`crate::wire`], and the diagnosis of
//! one user in two rounds: what needs only the pool id (the pool, the user, the app clients, the
//! providers, the delivery log's configuration) goes out at once; what needs the pool or the user
//! (same-email users, each client and provider described, SES, Lambda, the delivery log, the
//! custom sender's KMS key, the risk configuration, the user's CloudTrail history) goes out
//! together after. Primary reads (the pool, the user) fail the run; the others that fail are
//! listed as unavailable evidence.

use aws_sdk_cognitoidentityprovider::types::UserPoolType;
use aws_sdk_cognitoidentityprovider::Client;
use futures_util::future::join_all;
use futures_util::{stream, StreamExt};
use serde_json::Value;

use super::delivery::{self, Addresses};
use super::session::Session;
use super::{answer, classify, optional_read, CaptureBody};
use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::model::{AppClient, Pool, Provider, Service, Snapshot, Unavailable, User};
use crate::settings::{UserPoolId, UserSelector};
use crate::wire;

/// Same-email users beyond this many pages are not needed to name a cause.
const MAX_SAME_EMAIL_PAGES: usize = 5;

const COGNITO: Service = Service::CognitoIdp;

/// A pool as DescribeUserPool returned it: the model, the raw `UserPool` object and the SDK type.
pub struct Described {
    pub pool: Pool,
    pub raw: Value,
    pub typed: UserPoolType,
}

/// DescribeUserPool, keeping the raw response: the model and the exact UpdateUserPool input.
pub async fn describe_pool(client: &Client, pool_id: &UserPoolId) -> Result<Described, AwsError> {
    let capture = CaptureBody::default();
    let out = client
        .describe_user_pool()
        .user_pool_id(pool_id.as_str())
        .customize()
        .interceptor(capture.clone())
        .send()
        .await
        .map_err(|e| classify("DescribeUserPool", e))?;
    let typed = out
        .user_pool
        .unwrap_or_else(|| UserPoolType::builder().build());
    let described = capture
        .take_json()
        .and_then(|mut v| v.get_mut("UserPool").map(Value::take))
        .filter(Value::is_object)
        .ok_or_else(|| AwsError {
            operation: "DescribeUserPool",
            kind: AwsErrorKind::Other,
            code: None,
            message: "the answer held no UserPool object".into(),
            service: COGNITO,
        })?;
    Ok(Described {
        pool: wire::pool(&described),
        raw: described,
        typed,
    })
}

/// The ListUsers filter for an exact attribute value, with quotes and backslashes escaped.
pub fn equals_filter(attribute: &str, value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{attribute} = \"{escaped}\"")
}

/// The ListUsers filter for `attribute` starting with `prefix`.
pub fn prefix_filter(attribute: &str, prefix: &str) -> String {
    let escaped = prefix.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{attribute} ^= \"{escaped}\"")
}

/// One ListUsers call: the users and the next page's token. An answer without a `Users` list is
/// a failed read, never "no user".
async fn list_users(
    client: &Client,
    pool_id: &str,
    filter: Option<String>,
    token: Option<String>,
    limit: Option<i32>,
) -> Result<(Vec<User>, Option<String>), AwsError> {
    let capture = CaptureBody::default();
    let v = answer(
        COGNITO,
        "ListUsers",
        capture.clone(),
        client
            .list_users()
            .user_pool_id(pool_id)
            .set_filter(filter)
            .set_pagination_token(token)
            .set_limit(limit)
            .customize()
            .interceptor(capture)
            .send(),
    )
    .await?;
    let (users, next) = wire::users(&v).ok_or_else(|| AwsError {
        operation: "ListUsers",
        kind: AwsErrorKind::Other,
        code: None,
        message: "the answer had no Users list".into(),
        service: COGNITO,
    })?;
    Ok((users.into_iter().map(|(u, _)| u).collect(), next))
}

/// Nearest users read: at most this many.
const MAX_NEAREST: usize = 10;

/// For a user the pool does not have, the users nearest to what was asked, and the lookups
/// made: for an address, every user whose address has the same local part (as given and in
/// lowercase; ListUsers compares exactly, so a prefix of `local@` finds the other domains and the
/// other case of the domain). A username or sub has no near spelling ListUsers can search.
pub async fn nearest(client: &Client, pool_id: &str, who: &UserSelector) -> crate::model::Missing {
    let mut missing = crate::model::Missing {
        asked: who.describe(),
        ..crate::model::Missing::default()
    };
    let UserSelector::Email(e) = who else {
        missing
            .lookups
            .push("a username or sub has no near spelling that ListUsers can search".into());
        return missing;
    };
    let local = e.split('@').next().unwrap_or_default();
    let mut prefixes = vec![format!("{local}@")];
    if local.to_lowercase() != local {
        prefixes.push(format!("{}@", local.to_lowercase()));
    }
    for prefix in prefixes {
        match list_users(
            client,
            pool_id,
            Some(prefix_filter("email", &prefix)),
            None,
            Some(20),
        )
        .await
        {
            Ok((found, _)) => {
                missing.lookups.push(format!(
                    "ListUsers email ^= \"{prefix}\": {}",
                    names_found(&found)
                ));
                for u in found {
                    if missing.nearest.len() < MAX_NEAREST
                        && !missing.nearest.iter().any(|n| n.username == u.username)
                    {
                        missing.nearest.push(u);
                    }
                }
            }
            Err(err) => missing.lookups.push(format!(
                "ListUsers email ^= \"{prefix}\" failed: {}",
                err.short()
            )),
        }
    }
    missing
}

/// Every user whose `attribute` equals `value` (up to a few pages).
pub async fn users_where(
    client: &Client,
    pool_id: &str,
    attribute: &str,
    value: &str,
) -> Result<Vec<User>, AwsError> {
    let mut users = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_SAME_EMAIL_PAGES {
        let (page, next) = list_users(
            client,
            pool_id,
            Some(equals_filter(attribute, value)),
            token.take(),
            None,
        )
        .await?;
        users.extend(page);
        match next {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(users)
}

/// Users other than `user` that hold its email as a verified alias (none when email is not an
/// alias in this pool).
pub async fn alias_holders(
    client: &Client,
    pool: &crate::model::Pool,
    user: &User,
) -> Result<Vec<User>, AwsError> {
    match user.email.as_deref() {
        Some(email) => alias_holders_of(client, pool, email, &user.username).await,
        None => Ok(Vec::new()),
    }
}

/// Users other than `except` that hold `email` as a verified alias (none when email is not an
/// alias in this pool). In a case-insensitive pool the lowercase spelling is looked up too: it
/// holds one alias for every spelling.
pub async fn alias_holders_of(
    client: &Client,
    pool: &crate::model::Pool,
    email: &str,
    except: &str,
) -> Result<Vec<User>, AwsError> {
    if !pool.email_is_alias() {
        return Ok(Vec::new());
    }
    let mut found = users_where(client, &pool.id, "email", email).await?;
    let lower = email.to_lowercase();
    if !pool.is_case_sensitive() && lower != email {
        found.extend(users_where(client, &pool.id, "email", &lower).await?);
    }
    found.sort_by(|a, b| a.username.cmp(&b.username));
    found.dedup_by(|a, b| a.username == b.username);
    Ok(found
        .into_iter()
        .filter(|u| u.username != except && u.email_verified())
        .collect())
}

/// One ListUsers page of the whole pool (or of the users whose sub starts with `sub_prefix`): the
/// users and the next page's token.
pub async fn list_users_page(
    client: &Client,
    pool_id: &str,
    sub_prefix: Option<&str>,
    token: Option<String>,
    limit: i32,
) -> Result<(Vec<User>, Option<String>), AwsError> {
    list_users(
        client,
        pool_id,
        sub_prefix.map(|p| format!("sub ^= \"{p}\"")),
        token,
        Some(limit),
    )
    .await
}

/// DescribeIdentityProvider of one provider.
async fn describe_provider(
    client: &Client,
    pool_id: &str,
    name: &str,
) -> Result<Provider, AwsError> {
    let capture = CaptureBody::default();
    let v = answer(
        COGNITO,
        "DescribeIdentityProvider",
        capture.clone(),
        client
            .describe_identity_provider()
            .user_pool_id(pool_id)
            .provider_name(name)
            .customize()
            .config_override(optional_read())
            .interceptor(capture)
            .send(),
    )
    .await?;
    Ok(wire::provider(
        v.get("IdentityProvider").unwrap_or(&Value::Null),
    ))
}

/// Every identity provider's name (ListIdentityProviders, all pages).
pub async fn provider_names(client: &Client, pool_id: &str) -> Result<Vec<String>, AwsError> {
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let capture = CaptureBody::default();
        let v = answer(
            COGNITO,
            "ListIdentityProviders",
            capture.clone(),
            client
                .list_identity_providers()
                .user_pool_id(pool_id)
                .max_results(60)
                .set_next_token(token)
                .customize()
                .config_override(optional_read())
                .interceptor(capture)
                .send(),
        )
        .await?;
        let (page, next) = wire::provider_names(&v);
        names.extend(page);
        match next {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(names)
}

/// Each named provider with its mapping, described at once. A provider that cannot be
/// described is a gap that names it, so that only its users are affected.
pub async fn providers_named(
    client: &Client,
    pool_id: &str,
    names: &[String],
) -> (Vec<Provider>, Vec<Unavailable>) {
    let results = join_all(
        names
            .iter()
            .map(|name| describe_provider(client, pool_id, name)),
    )
    .await;
    let mut providers = Vec::new();
    let mut gaps = Vec::new();
    for (name, result) in names.iter().zip(results) {
        match result {
            Ok(p) => providers.push(p),
            Err(e) => {
                let mut g = gap(&e);
                g.error = format!("provider {name}: {}", g.error);
                g.provider = Some(name.clone());
                g.resource = Some(name.clone());
                gaps.push(g);
            }
        }
    }
    (providers, gaps)
}

/// Every identity provider of the pool with its mapping (ListIdentityProviders, then
/// DescribeIdentityProvider for each, concurrently); a failed listing is a gap for all.
pub async fn all_providers(client: &Client, pool_id: &str) -> (Vec<Provider>, Vec<Unavailable>) {
    match provider_names(client, pool_id).await {
        Ok(names) => providers_named(client, pool_id, &names).await,
        Err(e) => (Vec::new(), vec![gap(&e)]),
    }
}

/// The providers a user signs in through: its `identities`, or for an EXTERNAL_PROVIDER user
/// without them, the providers its username starts with (`ProviderName_id`) among `listed`.
fn providers_of(user: &User, listed: &[String]) -> Vec<String> {
    let mut names: Vec<String> = user
        .identities
        .iter()
        .map(|i| i.provider_name.clone())
        .collect();
    if names.is_empty() && user.status == "EXTERNAL_PROVIDER" {
        names.extend(
            listed
                .iter()
                .filter(|n| user.username.starts_with(&format!("{n}_")))
                .cloned(),
        );
    }
    names.sort();
    names.dedup();
    names
}

/// DescribeIdentityProvider for each provider in the user's `identities`. A federated user
/// without that attribute has a username `ProviderName_id`: the provider is found by that prefix.
pub async fn providers_for(
    client: &Client,
    pool_id: &str,
    user: &User,
) -> (Vec<Provider>, Vec<Unavailable>) {
    let mut gaps = Vec::new();
    let listed = if user.identities.is_empty() && user.status == "EXTERNAL_PROVIDER" {
        match provider_names(client, pool_id).await {
            Ok(n) => n,
            Err(e) => {
                gaps.push(gap(&e));
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let (providers, described) =
        providers_named(client, pool_id, &providers_of(user, &listed)).await;
    gaps.extend(described);
    (providers, gaps)
}

/// How many DescribeUserPoolClient calls are in flight at once.
const CLIENT_READS_IN_FLIGHT: usize = 8;

/// Every app client's id and name (ListUserPoolClients, all pages).
pub async fn list_clients(client: &Client, pool_id: &str) -> Result<Vec<AppClient>, AwsError> {
    let mut clients = Vec::new();
    let mut token = None;
    loop {
        let capture = CaptureBody::default();
        let v = answer(
            COGNITO,
            "ListUserPoolClients",
            capture.clone(),
            client
                .list_user_pool_clients()
                .user_pool_id(pool_id)
                .max_results(60)
                .set_next_token(token)
                .customize()
                .config_override(optional_read())
                .interceptor(capture)
                .send(),
        )
        .await?;
        let (page, next) = wire::clients_page(&v);
        clients.extend(page);
        match next {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(clients)
}

/// Each listed client with its settings (DescribeUserPoolClient, a few at a time). The raw body
/// is the lossless UpdateUserPoolClient input. Failures are gaps; the clients that could be read
/// are returned.
async fn describe_clients(
    client: &Client,
    pool_id: &str,
    listed: Vec<AppClient>,
) -> (Vec<AppClient>, Vec<Unavailable>) {
    let results: Vec<Result<AppClient, AwsError>> = stream::iter(listed)
        .map(|listed| async move {
            let capture = CaptureBody::default();
            let v = answer(
                COGNITO,
                "DescribeUserPoolClient",
                capture.clone(),
                client
                    .describe_user_pool_client()
                    .user_pool_id(pool_id)
                    .client_id(&listed.id)
                    .customize()
                    .config_override(optional_read())
                    .interceptor(capture)
                    .send(),
            )
            .await?;
            Ok(v.get("UserPoolClient")
                .filter(|c| c.is_object())
                .map(wire::app_client)
                .unwrap_or(listed))
        })
        .buffered(CLIENT_READS_IN_FLIGHT)
        .collect()
        .await;
    let mut clients = Vec::new();
    let mut gaps = Vec::new();
    for r in results {
        match r {
            Ok(c) => clients.push(c),
            Err(e) => gaps.push(gap(&e)),
        }
    }
    gaps.dedup();
    (clients, gaps)
}

/// Every app client with its settings (ListUserPoolClients, then DescribeUserPoolClient for
/// each).
pub async fn all_clients(client: &Client, pool_id: &str) -> (Vec<AppClient>, Vec<Unavailable>) {
    match list_clients(client, pool_id).await {
        Ok(listed) => describe_clients(client, pool_id, listed).await,
        Err(e) => (Vec::new(), vec![gap(&e)]),
    }
}

/// AdminGetUser. An answer that names no user is an error; one without `Enabled` or
/// `UserStatus` gives a user whose field is unknown (see [`User::absent`]).
pub async fn admin_get_user(
    client: &Client,
    pool_id: &str,
    username: &str,
) -> Result<User, AwsError> {
    let capture = CaptureBody::default();
    let v = answer(
        COGNITO,
        "AdminGetUser",
        capture.clone(),
        client
            .admin_get_user()
            .user_pool_id(pool_id)
            .username(username)
            .customize()
            .interceptor(capture)
            .send(),
    )
    .await?;
    let (user, _) = wire::user(&v);
    if user.username.is_empty() {
        return Err(AwsError {
            operation: "AdminGetUser",
            kind: AwsErrorKind::Other,
            code: None,
            message: "the reply named no user (an empty or cut-off response); run it again".into(),
            service: COGNITO,
        });
    }
    Ok(user)
}

fn not_found(what: String) -> Error {
    Error::Aws(AwsError {
        operation: "ListUsers",
        kind: AwsErrorKind::UserNotFound,
        code: Some("UserNotFoundException".into()),
        message: format!("no user has {what}"),
        service: COGNITO,
    })
}

/// The first lookup of the user, which needs only the pool id: AdminGetUser for a username,
/// ListUsers for an address or a sub.
enum First {
    User(Box<User>),
    Listed(Vec<User>),
}

async fn first_lookup(client: &Client, pool_id: &str, who: &UserSelector) -> Result<First> {
    Ok(match who {
        UserSelector::Username(u) => {
            First::User(Box::new(admin_get_user(client, pool_id, u).await?))
        }
        UserSelector::Sub(s) => First::Listed(users_where(client, pool_id, "sub", s).await?),
        UserSelector::Email(e) => First::Listed(users_where(client, pool_id, "email", e).await?),
    })
}

/// The user found, the same-email users already read (a lookup by email reads them), and the
/// lookups made.
type Found = (User, Option<Vec<User>>, Vec<String>);

/// Settles the lookup once the pool is known. By email, ListUsers compares the address as
/// stored; when it finds no one, Cognito is asked the way it compares (AdminGetUser takes an
/// email that is a username or alias attribute, in any letter case in a case-insensitive pool),
/// then the lowercase spelling is read: in a case-sensitive pool another spelling is another
/// user, and the run says so instead of diagnosing it.
async fn settle_lookup(
    client: &Client,
    pool: &Pool,
    who: &UserSelector,
    first: First,
) -> Result<Found> {
    let id = pool.id.as_str();
    let users = match first {
        First::User(u) => return Ok((*u, None, Vec::new())),
        First::Listed(users) => users,
    };
    let e = match who {
        UserSelector::Sub(_) => {
            let mut users = users;
            return match users.len() {
                0 => Err(not_found(who.describe())),
                _ => Ok((users.swap_remove(0), None, Vec::new())),
            };
        }
        UserSelector::Email(e) => e,
        UserSelector::Username(_) => unreachable!("a username is read with AdminGetUser"),
    };
    let mut lookups = vec![format!(
        "ListUsers email = \"{e}\": {}",
        names_found(&users)
    )];
    if !users.is_empty() {
        return choose(users, e, lookups);
    }
    let case = if pool.is_case_sensitive() {
        "case-sensitive (UsernameConfiguration.CaseSensitive true or not set)"
    } else {
        "case-insensitive (UsernameConfiguration.CaseSensitive false)"
    };
    if pool.email_is_alias() {
        match admin_get_user(client, id, e).await {
            Ok(u) => {
                lookups.push(format!(
                    "AdminGetUser {e} (Cognito compares it as the pool does, {case}): {} (email {})",
                    names_found(std::slice::from_ref(&u)),
                    u.email.as_deref().unwrap_or("none")
                ));
                return Ok((u, None, lookups));
            }
            Err(err) if err.kind == AwsErrorKind::UserNotFound => lookups.push(format!(
                "AdminGetUser {e} (Cognito compares it as the pool does, {case}): no user"
            )),
            Err(err) => return Err(err.into()),
        }
    }
    let lower = e.to_lowercase();
    if lower == *e {
        return Err(not_found(who.describe()));
    }
    let others = users_where(client, id, "email", &lower).await?;
    lookups.push(format!(
        "ListUsers email = \"{lower}\" (the address in lowercase): {}",
        names_found(&others)
    ));
    if others.is_empty() {
        return Err(not_found(format!(
            "email {e}, as given or in lowercase ({lower})"
        )));
    }
    // Where email is a username or alias attribute, a case-sensitive pool signs in and resets by
    // the spelling given: another spelling is another user, and the run says so. Elsewhere the
    // address is only an attribute, and its lowercase spelling is the nearest the lookup can do.
    if pool.is_case_sensitive() && pool.email_is_alias() {
        let names: Vec<&str> = others.iter().map(|u| u.username.as_str()).collect();
        return Err(not_found(format!(
            "email {e}; the pool is case-sensitive, where another spelling is another user, and only {lower} exists (user {}): diagnose it with --email {lower} if it is the one",
            names.join(", ")
        )));
    }
    choose(others, e, lookups)
}

/// Among users sharing an address, the one with a problem: the only one, or the only one whose
/// email is unverified; several are a usage error naming them.
fn choose(users: Vec<User>, e: &str, lookups: Vec<String>) -> Result<Found> {
    let chosen = match users.as_slice() {
        [] => return Err(not_found(format!("email {e}"))),
        [only] => only.clone(),
        many => {
            let unverified: Vec<&User> = many.iter().filter(|u| !u.email_verified()).collect();
            match unverified.as_slice() {
                [one] => (*one).clone(),
                _ => {
                    let names: Vec<String> = many
                        .iter()
                        .inspect(|u| crate::redact::remember_user(&u.username))
                        .map(|u| {
                            format!(
                                "{} ({}, {})",
                                u.username,
                                u.status,
                                if u.email_verified() {
                                    "verified"
                                } else {
                                    "unverified"
                                }
                            )
                        })
                        .collect();
                    return Err(Error::usage(format!(
                        "{} users have email {e}: {}; choose one with --username",
                        many.len(),
                        names.join(", ")
                    )));
                }
            }
        }
    };
    Ok((chosen, Some(users), lookups))
}

/// The users a lookup found, for the `lookups` evidence.
fn names_found(users: &[User]) -> String {
    if users.is_empty() {
        return "no user".to_owned();
    }
    users
        .iter()
        .inspect(|u| crate::redact::remember_user(&u.username))
        .map(|u| u.username.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The window of the delivery log searched for a user, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy)]
pub struct LogWindow {
    pub since_ms: i64,
    pub now_ms: i64,
}

/// GetLogDeliveryConfiguration: the ARN of the CloudWatch Logs group that receives the pool's
/// userNotification (delivery) errors, if any.
pub async fn delivery_log_group(
    client: &Client,
    pool_id: &str,
) -> std::result::Result<Option<String>, Unavailable> {
    let capture = CaptureBody::default();
    let v = answer(
        COGNITO,
        "GetLogDeliveryConfiguration",
        capture.clone(),
        client
            .get_log_delivery_configuration()
            .user_pool_id(pool_id)
            .customize()
            .config_override(optional_read())
            .interceptor(capture)
            .send(),
    )
    .await
    .map_err(|e| gap(&e))?;
    Ok(wire::delivery_log_group(&v))
}

/// Reads the snapshot for one user in two rounds (see the module's documentation), past
/// Cognito included; with `window`, the pool's delivery log for the user.
pub async fn snapshot(
    session: &Session,
    pool_id: &UserPoolId,
    who: &UserSelector,
    window: Option<LogWindow>,
) -> Result<Snapshot> {
    let client = session.cognito();
    let id = pool_id.as_str();
    let log_group = async {
        match window {
            Some(_) => Some(delivery_log_group(client, id).await),
            None => None,
        }
    };
    let (described, first, listed_clients, listed_providers, log_group) = tokio::join!(
        describe_pool(client, pool_id),
        first_lookup(client, id, who),
        list_clients(client, id),
        provider_names(client, id),
        log_group
    );
    let mut pool = described?.pool;
    let (user, same_email_known, mut lookups) = settle_lookup(client, &pool, who, first?).await?;
    let mut unavailable = user.absent("AdminGetUser");

    // Round two: everything that needs the pool or the user.
    let same_email_fut = async {
        match (&user.email, same_email_known) {
            (_, Some(known)) => Ok(known),
            (Some(email), None) if pool.email_is_alias() => {
                users_where(client, id, "email", email).await
            }
            _ => Ok(Vec::new()),
        }
    };
    // The same address may be held in other letter case: another user in a case-sensitive pool,
    // the same alias in a case-insensitive one. The lowercase form (the commonest variant) is
    // looked up when it differs from the user's.
    let variants_fut = async {
        match &user.email {
            Some(e) if e.to_lowercase() != *e => {
                users_where(client, id, "email", &e.to_lowercase())
                    .await
                    .map(Some)
            }
            _ => Ok(None),
        }
    };
    let clients_fut = async {
        match listed_clients {
            Ok(listed) => describe_clients(client, id, listed).await,
            Err(e) => (Vec::new(), vec![gap(&e)]),
        }
    };
    let providers_fut = async {
        let listed = match &listed_providers {
            Ok(n) => n.as_slice(),
            Err(_) => &[],
        };
        let (providers, mut gaps) = providers_named(client, id, &providers_of(&user, listed)).await;
        if let Err(e) = &listed_providers {
            if user.identities.is_empty() && user.status == "EXTERNAL_PROVIDER" {
                gaps.push(gap(e));
            }
        }
        (providers, gaps)
    };
    let terms: Vec<String> = [Some(user.username.clone()), user.email.clone()]
        .into_iter()
        .flatten()
        .collect();
    let log = match (window, log_group) {
        (Some(w), Some(Ok(Some(group)))) => Some(delivery::LogSearch {
            group,
            terms,
            since_ms: w.since_ms,
            now_ms: w.now_ms,
        }),
        (_, Some(Err(g))) => {
            unavailable.push(g);
            None
        }
        _ => None,
    };
    let addresses = match &user.email {
        Some(e) => Addresses::One(e),
        None => Addresses::None,
    };
    let history_fut = async {
        let w = window?;
        let search = super::trail::Search {
            subject: crate::trail::Subject {
                pool_id: pool.id.clone(),
                username: user.username.clone(),
                sub: user.sub.clone(),
            },
            since_ms: w.since_ms,
            now_ms: w.now_ms,
        };
        Some(super::trail::read(session, &session.target.region, &search).await)
    };
    let (same_email, variants, (clients, client_gaps), (providers, provider_gaps), past, more) = tokio::join!(
        same_email_fut,
        variants_fut,
        clients_fut,
        providers_fut,
        delivery::read(session, &pool, addresses, log),
        async {
            tokio::join!(
                super::kms::read(session, &pool),
                risk_configuration(client, &pool),
                history_fut
            )
        }
    );
    let ((kms_key, kms_gaps), risk, history) = more;

    let same_email = match same_email {
        Ok(users) => users
            .into_iter()
            .filter(|u| u.username != user.username)
            .collect(),
        Err(e) => {
            unavailable.push(gap(&e));
            Vec::new()
        }
    };
    unavailable.extend(provider_gaps);
    unavailable.extend(client_gaps);
    let case_variants = match variants {
        Ok(Some(users)) => {
            let lower = user.email.as_deref().unwrap_or_default().to_lowercase();
            let others: Vec<User> = users
                .into_iter()
                .filter(|u| u.username != user.username && u.email != user.email)
                .collect();
            lookups.push(format!(
                "ListUsers email = \"{lower}\" (the address in lowercase, for spellings in another case): {}",
                names_found(&others)
            ));
            others
        }
        Ok(None) => {
            if let Some(e) = &user.email {
                lookups.push(format!(
                    "{e} is lowercase: ListUsers compares addresses as stored and cannot search for spellings with capitals; `audit` compares every user's address ignoring case"
                ));
            }
            Vec::new()
        }
        Err(e) => {
            unavailable.push(gap(&e));
            Vec::new()
        }
    };
    pool.ses = past.ses;
    pool.triggers = past.triggers;
    unavailable.extend(past.gaps);
    pool.kms_key = kms_key;
    unavailable.extend(kms_gaps);
    match risk {
        Ok(r) => pool.risk = r,
        Err(g) => unavailable.push(g),
    }
    let history = match history {
        Some(Ok(h)) => {
            if h.events.is_empty() {
                unavailable.push(empty_history(&h));
            }
            Some(h)
        }
        Some(Err(g)) => {
            unavailable.push(g);
            None
        }
        None => None,
    };
    let mut s = Snapshot {
        pool,
        user,
        same_email,
        providers,
        clients,
        case_variants,
        now: Some(now()),
        unavailable,
        lookups,
        recipient: past.recipient,
        delivery_log: past.delivery_log,
        missing: None,
        history,
        id_token: None,
    };
    name_endpoints(session, &mut s.unavailable);
    Ok(s)
}

/// An empty history is no evidence that nothing happened: the events may be older than the
/// window, or carry nothing that names the user. It is named, and changes no verdict.
fn empty_history(h: &crate::model::History) -> Unavailable {
    let mut g = Unavailable::failed(
        Service::CloudTrail,
        "cloudtrail:LookupEvents",
        format!(
            "no Cognito event names this user in the {}: the history shows nothing, which does not show that nothing happened",
            h.window()
        ),
    );
    g.resource = Some("CloudTrail event history".to_owned());
    g.kind = crate::model::FailureKind::Empty;
    g
}

/// DescribeRiskConfiguration of the pool, when its threat protection is enforced (a pool in
/// AUDIT mode or without it blocks nothing, and is not read); Ok(None) when not read.
pub async fn risk_configuration(
    client: &Client,
    pool: &Pool,
) -> std::result::Result<Option<crate::model::RiskConfiguration>, Unavailable> {
    if pool.advanced_security_mode.as_deref() != Some("ENFORCED") {
        return Ok(None);
    }
    let capture = CaptureBody::default();
    let v = answer(
        COGNITO,
        "DescribeRiskConfiguration",
        capture.clone(),
        client
            .describe_risk_configuration()
            .user_pool_id(&pool.id)
            .customize()
            .config_override(optional_read())
            .interceptor(capture)
            .send(),
    )
    .await
    .map_err(|e| gap(&e))?;
    match wire::risk_configuration(&v) {
        Some(r) => Ok(Some(r)),
        None => Err(Unavailable::absent(
            COGNITO,
            "DescribeRiskConfiguration",
            "RiskConfiguration",
            "whether threat protection blocks the user",
        )),
    }
}

/// Fills in the endpoint each failed read went to, for the advice that names it.
pub fn name_endpoints(session: &Session, gaps: &mut [Unavailable]) {
    for g in gaps {
        if g.endpoint.is_none() {
            g.endpoint = session.endpoints.of(g.service).map(str::to_owned);
        }
    }
}

/// Every read of a diagnosis: the user's snapshot (with the window `since` for the time-bound
/// records), or the pool's alone. A user the pool does not have is an AWS error (exit 3), unless
/// an app client masks it: then the pool's snapshot says what the app showed and which users are
/// nearest, and the error is returned beside it. `diagnose` and `collect` make exactly these.
pub async fn diagnosis(
    session: &Session,
    pool_id: &UserPoolId,
    who: Option<&UserSelector>,
    since: std::time::Duration,
) -> Result<(Snapshot, Option<AwsError>)> {
    let now_ms = now() * 1000;
    let window = LogWindow {
        since_ms: now_ms - i64::try_from(since.as_millis()).unwrap_or(i64::MAX / 2),
        now_ms,
    };
    let Some(who) = who else {
        return Ok((pool_snapshot(session, pool_id).await?, None));
    };
    match snapshot(session, pool_id, who, Some(window)).await {
        Err(Error::Aws(e)) if e.kind == AwsErrorKind::UserNotFound => {
            let mut s = pool_snapshot(session, pool_id).await?;
            if !s.clients.iter().any(|c| c.masks_existence()) {
                return Err(Error::Aws(e));
            }
            let missing = nearest(session.cognito(), pool_id.as_str(), who).await;
            s.lookups = missing.lookups.clone();
            s.missing = Some(missing);
            Ok((s, Some(e)))
        }
        other => Ok((other?, None)),
    }
}

/// The time an offline run takes as now: its bundle's, so that every verdict that weighs an age
/// is the one the live run gave.
static FROZEN: std::sync::OnceLock<i64> = std::sync::OnceLock::new();

/// Makes `epoch` the run's now (an offline run, once).
pub fn freeze_now(epoch: i64) {
    let _ = FROZEN.set(epoch);
}

/// Seconds since the epoch, now (or the bundle's time, offline).
pub fn now() -> i64 {
    if let Some(t) = FROZEN.get() {
        return *t;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Everything a pool-level diagnosis reads, in two rounds: the pool, the providers' and app
/// clients' lists and the import jobs, then each provider and client and the reads past Cognito.
pub async fn pool_snapshot(session: &Session, pool_id: &UserPoolId) -> Result<Snapshot> {
    let client = session.cognito();
    let id = pool_id.as_str();
    let (described, names, listed, jobs) = tokio::join!(
        describe_pool(client, pool_id),
        provider_names(client, id),
        list_clients(client, id),
        import_jobs(client, id)
    );
    let mut pool = described?.pool;
    let mut unavailable = Vec::new();
    match jobs {
        Ok(jobs) => pool.import_jobs = Some(jobs),
        Err(gap) => unavailable.push(gap),
    }
    let providers_fut = async {
        match names {
            Ok(names) => providers_named(client, id, &names).await,
            Err(e) => (Vec::new(), vec![gap(&e)]),
        }
    };
    let clients_fut = async {
        match listed {
            Ok(listed) => describe_clients(client, id, listed).await,
            Err(e) => (Vec::new(), vec![gap(&e)]),
        }
    };
    let ((providers, provider_gaps), (clients, client_gaps), past, (kms_key, kms_gaps)) = tokio::join!(
        providers_fut,
        clients_fut,
        delivery::read(session, &pool, Addresses::None, None),
        super::kms::read(session, &pool)
    );
    unavailable.extend(provider_gaps);
    unavailable.extend(client_gaps);
    pool.ses = past.ses;
    pool.triggers = past.triggers;
    unavailable.extend(past.gaps);
    pool.kms_key = kms_key;
    unavailable.extend(kms_gaps);
    name_endpoints(session, &mut unavailable);
    Ok(Snapshot {
        pool,
        providers,
        clients,
        now: Some(now()),
        unavailable,
        ..Snapshot::default()
    })
}

/// ListUserImportJobs: the pool's newest import jobs (one page of 60, newest first).
pub async fn import_jobs(
    client: &Client,
    pool_id: &str,
) -> std::result::Result<Vec<crate::model::ImportJob>, Unavailable> {
    let capture = CaptureBody::default();
    let v = answer(
        COGNITO,
        "ListUserImportJobs",
        capture.clone(),
        client
            .list_user_import_jobs()
            .user_pool_id(pool_id)
            .max_results(60)
            .customize()
            .config_override(optional_read())
            .interceptor(capture)
            .send(),
    )
    .await
    .map_err(|e| gap(&e))?;
    Ok(wire::import_jobs(&v))
}

/// A failed Cognito read as unavailable evidence.
pub fn gap(e: &AwsError) -> Unavailable {
    super::unavailable(e, None)
}

/// A pool as ListUserPools names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolName {
    pub id: String,
    pub name: Option<String>,
}

/// ListUserPools, every page (60 a page), each page in a slot of `pacer`.
pub async fn list_pools(
    client: &Client,
    pacer: &super::pace::Pacer,
) -> Result<Vec<PoolName>, AwsError> {
    let mut pools = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let next = token.clone();
        let page = super::pace::paced(pacer, || {
            let next = next.clone();
            async move {
                client
                    .list_user_pools()
                    .max_results(60)
                    .set_next_token(next)
                    .send()
                    .await
                    .map_err(|e| classify("ListUserPools", e))
            }
        })
        .await?;
        pools.extend(page.user_pools().iter().filter_map(|p| {
            Some(PoolName {
                id: p.id()?.to_owned(),
                name: p.name().map(str::to_owned),
            })
        }));
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => return Ok(pools),
        }
    }
}

/// DescribeUserPoolDomain: the pool a domain (a prefix or a custom domain) belongs to in this
/// region; None when it is no pool's here.
pub async fn domain_pool(client: &Client, domain: &str) -> Result<Option<String>, AwsError> {
    let out = client
        .describe_user_pool_domain()
        .domain(domain)
        .send()
        .await
        .map_err(|e| classify("DescribeUserPoolDomain", e))?;
    Ok(out
        .domain_description()
        .and_then(|d| d.user_pool_id())
        .filter(|id| !id.is_empty())
        .map(str::to_owned))
}

/// DescribeUserPoolClient: whether the pool has this app client (ResourceNotFoundException: it
/// does not).
pub async fn has_client(client: &Client, pool_id: &str, client_id: &str) -> Result<bool, AwsError> {
    match client
        .describe_user_pool_client()
        .user_pool_id(pool_id)
        .client_id(client_id)
        .send()
        .await
    {
        Ok(out) => Ok(out.user_pool_client().is_some()),
        Err(e) => {
            let e = classify("DescribeUserPoolClient", e);
            match e.code.as_deref() {
                Some("ResourceNotFoundException") => Ok(false),
                _ => Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_escape_quotes() {
        assert_eq!(equals_filter("email", "a@b.c"), r#"email = "a@b.c""#);
        assert_eq!(equals_filter("email", r#"a"b\c"#), r#"email = "a\"b\\c""#);
        assert_eq!(prefix_filter("email", r#"a"b@"#), r#"email ^= "a\"b@""#);
    }
}

#[cfg(test)]
mod mocked {
    //! Faults a server cannot produce: a denied secondary read, throttling.
    use aws_sdk_cognitoidentityprovider::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;
    use crate::error::AwsErrorKind;

    fn json_response(status: u16, body: &'static str) -> HttpResponse {
        HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        )
    }

    const ALIAS_POOL: &str = r#"{"UserPool":{"Id":"us-east-1_Mock","Name":"mock","AliasAttributes":["email"],"AutoVerifiedAttributes":["email"],"MfaConfiguration":"OFF"}}"#;

    const ALICE: &str = r#"{"Username":"alice","UserStatus":"CONFIRMED","Enabled":true,"UserAttributes":[{"Name":"email","Value":"a@example.com"},{"Name":"email_verified","Value":"false"}]}"#;

    fn session(client: Client) -> Session {
        Session::from_client(client)
    }

    #[tokio::test]
    async fn denied_list_users_is_listed_as_unavailable_and_the_diagnosis_goes_on() {
        let describe =
            mock!(Client::describe_user_pool).then_http_response(|| json_response(200, ALIAS_POOL));
        let get = mock!(Client::admin_get_user).then_http_response(|| json_response(200, ALICE));
        let denied = mock!(Client::list_users).then_http_response(|| {
            json_response(400, r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform: cognito-idp:ListUsers"}"#)
        });
        let clients = mock!(Client::list_user_pool_clients)
            .then_http_response(|| json_response(200, r#"{"UserPoolClients":[]}"#));
        let providers = mock!(Client::list_identity_providers)
            .then_http_response(|| json_response(200, r#"{"Providers":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &get, &denied, &clients, &providers]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let s = snapshot(
            &session(client),
            &pool,
            &UserSelector::Username("alice".into()),
            None,
        )
        .await
        .unwrap();
        assert_eq!(s.unavailable.len(), 1, "{:?}", s.unavailable);
        assert_eq!(s.unavailable[0].operation, "ListUsers");
        assert_eq!(s.unavailable[0].kind, crate::model::FailureKind::Denied);
        assert_eq!(
            s.unavailable[0].permission.as_deref(),
            Some("cognito-idp:ListUsers")
        );
        assert!(
            s.unavailable[0]
                .error
                .starts_with("AccessDeniedException: "),
            "{:?}",
            s.unavailable
        );
        let report = crate::engine::Report::new(&s);
        assert!(report
            .findings
            .iter()
            .any(|f| f.code == "email-changed-unverified"
                && f.evidence.iter().any(|e| e.contains("not ruled out"))));
        // The raw DescribeUserPool body was kept for a lossless UpdateUserPool.
        assert_eq!(s.pool.update_input["MfaConfiguration"], "OFF");
    }

    #[tokio::test]
    async fn a_user_answer_without_enabled_or_status_is_unknown_and_named() {
        let describe =
            mock!(Client::describe_user_pool).then_http_response(|| json_response(200, ALIAS_POOL));
        let get = mock!(Client::admin_get_user).then_http_response(|| {
            json_response(
                200,
                r#"{"Username":"alice","UserAttributes":[{"Name":"email","Value":"a@example.com"},{"Name":"email_verified","Value":"true"}]}"#,
            )
        });
        let empty =
            mock!(Client::list_users).then_http_response(|| json_response(200, r#"{"Users":[]}"#));
        let clients = mock!(Client::list_user_pool_clients)
            .then_http_response(|| json_response(200, r#"{"UserPoolClients":[]}"#));
        let providers = mock!(Client::list_identity_providers)
            .then_http_response(|| json_response(200, r#"{"Providers":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &get, &empty, &clients, &providers]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let s = snapshot(
            &session(client),
            &pool,
            &UserSelector::Username("alice".into()),
            None,
        )
        .await
        .unwrap();
        assert_eq!(s.user.enabled, None);
        let errors: Vec<&str> = s.unavailable.iter().map(|u| u.error.as_str()).collect();
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("the answer had no Enabled")),
            "{errors:?}"
        );
        let codes: Vec<&str> = crate::engine::Report::new(&s)
            .findings
            .iter()
            .map(|f| f.code)
            .collect();
        assert!(!codes.contains(&"user-disabled"), "{codes:?}");
    }

    #[tokio::test]
    async fn throttling_after_retries_is_an_aws_error_that_says_so() {
        let describe =
            mock!(Client::describe_user_pool).then_http_response(|| json_response(200, ALIAS_POOL));
        let throttled = mock!(Client::list_users).then_http_response(|| {
            json_response(
                400,
                r#"{"__type":"TooManyRequestsException","message":"Too many requests"}"#,
            )
        });
        let clients = mock!(Client::list_user_pool_clients)
            .then_http_response(|| json_response(200, r#"{"UserPoolClients":[]}"#));
        let providers = mock!(Client::list_identity_providers)
            .then_http_response(|| json_response(200, r#"{"Providers":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &throttled, &clients, &providers]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let err = snapshot(
            &session(client),
            &pool,
            &UserSelector::Email("a@example.com".into()),
            None,
        )
        .await
        .unwrap_err();
        let Error::Aws(e) = &err else { panic!("{err}") };
        assert_eq!(e.kind, AwsErrorKind::Throttled);
        assert_eq!(err.exit_code(), crate::error::ExitCode::Aws);
        assert!(
            err.to_string()
                .contains("throttled and still failed after retries"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn an_empty_user_reply_is_an_error_not_a_user_named_nothing() {
        let empty = mock!(Client::admin_get_user).then_http_response(|| json_response(200, "{}"));
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&empty]);
        let err = admin_get_user(&client, "us-east-1_Mock", "alice")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("the reply named no user"), "{err}");
        assert_eq!(
            crate::error::Error::from(err).exit_code(),
            crate::error::ExitCode::Aws
        );
    }

    #[tokio::test]
    async fn a_list_answer_of_another_shape_is_a_failed_read_not_no_user() {
        let other = mock!(Client::list_users)
            .then_http_response(|| json_response(200, r#"{"Unrelated":1}"#));
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&other]);
        let err = users_where(&client, "us-east-1_Mock", "email", "a@example.com")
            .await
            .unwrap_err();
        assert_ne!(err.kind, AwsErrorKind::UserNotFound);
        assert!(err.message.contains("no Users list"), "{err}");
    }

    #[tokio::test]
    async fn denied_primary_read_fails_with_the_missing_permission() {
        let denied = mock!(Client::describe_user_pool).then_http_response(|| {
            json_response(
                400,
                r#"{"__type":"AccessDeniedException","message":"not authorized"}"#,
            )
        });
        let get = mock!(Client::admin_get_user).then_http_response(|| json_response(200, ALICE));
        let clients = mock!(Client::list_user_pool_clients)
            .then_http_response(|| json_response(200, r#"{"UserPoolClients":[]}"#));
        let providers = mock!(Client::list_identity_providers)
            .then_http_response(|| json_response(200, r#"{"Providers":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&denied, &get, &clients, &providers]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let err = snapshot(
            &session(client),
            &pool,
            &UserSelector::Username("alice".into()),
            None,
        )
        .await
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("grant cognito-idp:DescribeUserPool"),
            "{err}"
        );
    }
}
