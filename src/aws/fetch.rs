//! Reads everything a diagnosis needs, independent reads concurrently. Primary reads (the pool,
//! the user) fail the run; secondary reads that fail are listed as unavailable evidence.

use aws_sdk_cognitoidentityprovider::types::UserPoolType;
use aws_sdk_cognitoidentityprovider::Client;
use futures_util::future::join_all;
use futures_util::{stream, StreamExt};
use serde_json::Value;

use super::convert::{
    client_from_described, pool_from_described, provider_from, user_from_parts, user_from_type,
};
use super::{classify, optional_read, CaptureBody};
use crate::error::{AwsError, AwsErrorKind, Error, Result};
use crate::model::{AppClient, Pool, Provider, Snapshot, Unavailable, User};
use crate::settings::{UserPoolId, UserSelector};

/// Same-email users beyond this many pages are not needed to name a cause.
const MAX_SAME_EMAIL_PAGES: usize = 5;

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
        .ok_or_else(|| AwsError {
            operation: "DescribeUserPool",
            kind: AwsErrorKind::Other,
            code: None,
            message: "the response held no UserPool object".into(),
        })?;
    Ok(Described {
        pool: pool_from_described(&described),
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
        let page = client
            .list_users()
            .user_pool_id(pool_id)
            .filter(prefix_filter("email", &prefix))
            .limit(20)
            .send()
            .await
            .map_err(|e| classify("ListUsers", e));
        match page {
            Ok(page) => {
                let found: Vec<User> = page.users().iter().map(user_from_type).collect();
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
        let page = client
            .list_users()
            .user_pool_id(pool_id)
            .filter(equals_filter(attribute, value))
            .set_pagination_token(token.take())
            .send()
            .await
            .map_err(|e| classify("ListUsers", e))?;
        users.extend(page.users().iter().map(user_from_type));
        match page.pagination_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
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
    let page = client
        .list_users()
        .user_pool_id(pool_id)
        .limit(limit)
        .set_filter(sub_prefix.map(|p| format!("sub ^= \"{p}\"")))
        .set_pagination_token(token)
        .send()
        .await
        .map_err(|e| classify("ListUsers", e))?;
    let next = page
        .pagination_token()
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    Ok((page.users().iter().map(user_from_type).collect(), next))
}

/// DescribeIdentityProvider for each name, concurrently, in the names' order.
async fn describe_providers(
    client: &Client,
    pool_id: &str,
    names: &[String],
) -> Vec<Result<Provider, AwsError>> {
    join_all(names.iter().map(|name| async move {
        client
            .describe_identity_provider()
            .user_pool_id(pool_id)
            .provider_name(name)
            .customize()
            .config_override(optional_read())
            .send()
            .await
            .map_err(|e| classify("DescribeIdentityProvider", e))
            .map(|out| {
                out.identity_provider()
                    .map(provider_from)
                    .unwrap_or_default()
            })
    }))
    .await
}

/// Every identity provider's name (ListIdentityProviders, all pages).
async fn provider_names(client: &Client, pool_id: &str) -> Result<Vec<String>, AwsError> {
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let out = client
            .list_identity_providers()
            .user_pool_id(pool_id)
            .max_results(60)
            .set_next_token(token)
            .customize()
            .config_override(optional_read())
            .send()
            .await
            .map_err(|e| classify("ListIdentityProviders", e))?;
        names.extend(
            out.providers()
                .iter()
                .filter_map(|p| p.provider_name())
                .map(str::to_owned),
        );
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    Ok(names)
}

/// Every identity provider of the pool with its mapping (ListIdentityProviders, then
/// DescribeIdentityProvider for each, concurrently). A provider that cannot be described is a
/// gap that names it, so that only its users are affected; a failed listing is a gap for all.
pub async fn all_providers(client: &Client, pool_id: &str) -> (Vec<Provider>, Vec<Unavailable>) {
    let names = match provider_names(client, pool_id).await {
        Ok(n) => n,
        Err(e) => return (Vec::new(), vec![gap(&e)]),
    };
    described_or_gaps(&names, describe_providers(client, pool_id, &names).await)
}

fn described_or_gaps(
    names: &[String],
    results: Vec<Result<Provider, AwsError>>,
) -> (Vec<Provider>, Vec<Unavailable>) {
    let mut providers = Vec::new();
    let mut gaps = Vec::new();
    for (name, result) in names.iter().zip(results) {
        match result {
            Ok(p) => providers.push(p),
            Err(e) => {
                let mut g = gap(&e);
                g.error = format!("provider {name}: {}", g.error);
                g.provider = Some(name.clone());
                gaps.push(g);
            }
        }
    }
    (providers, gaps)
}

/// How many DescribeUserPoolClient calls are in flight at once.
const CLIENT_READS_IN_FLIGHT: usize = 8;

/// Every app client with its settings (ListUserPoolClients, then DescribeUserPoolClient for
/// each, a few at a time). The raw body is kept: it is the lossless UpdateUserPoolClient input.
/// Failures are gaps; the clients that could be read are returned.
pub async fn all_clients(client: &Client, pool_id: &str) -> (Vec<AppClient>, Vec<Unavailable>) {
    let listed = match list_clients(client, pool_id).await {
        Ok(c) => c,
        Err(e) => return (Vec::new(), vec![gap(&e)]),
    };
    let results: Vec<Result<AppClient, AwsError>> = stream::iter(listed)
        .map(|listed| async move {
            let capture = CaptureBody::default();
            client
                .describe_user_pool_client()
                .user_pool_id(pool_id)
                .client_id(&listed.id)
                .customize()
                .config_override(optional_read())
                .interceptor(capture.clone())
                .send()
                .await
                .map_err(|e| classify("DescribeUserPoolClient", e))?;
            Ok(capture
                .take_json()
                .and_then(|mut v| v.get_mut("UserPoolClient").map(Value::take))
                .map(|raw| client_from_described(&raw))
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

pub async fn admin_get_user(
    client: &Client,
    pool_id: &str,
    username: &str,
) -> Result<User, AwsError> {
    let out = client
        .admin_get_user()
        .user_pool_id(pool_id)
        .username(username)
        .send()
        .await
        .map_err(|e| classify("AdminGetUser", e))?;
    if out.username().is_empty() {
        return Err(AwsError {
            operation: "AdminGetUser",
            kind: AwsErrorKind::Other,
            code: None,
            message: "the reply named no user (an empty or cut-off response); run it again".into(),
        });
    }
    Ok(user_from_parts(
        out.username(),
        out.user_status().map(|s| s.as_str()),
        out.enabled(),
        out.user_create_date(),
        out.user_last_modified_date(),
        out.user_attributes(),
    ))
}

fn not_found(what: String) -> Error {
    Error::Aws(AwsError {
        operation: "ListUsers",
        kind: AwsErrorKind::UserNotFound,
        code: Some("UserNotFoundException".into()),
        message: format!("no user has {what}"),
    })
}

/// Finds the user. By email, several users may share the address: the one whose email is
/// unverified is the one with a problem, so it is chosen when it is the only one.
async fn find_user(
    client: &Client,
    pool_id: &str,
    who: &UserSelector,
) -> Result<(User, Option<Vec<User>>, Vec<String>)> {
    match who {
        UserSelector::Username(u) => {
            Ok((admin_get_user(client, pool_id, u).await?, None, Vec::new()))
        }
        UserSelector::Sub(s) => {
            let mut users = users_where(client, pool_id, "sub", s).await?;
            match users.len() {
                0 => Err(not_found(who.describe())),
                _ => Ok((users.swap_remove(0), None, Vec::new())),
            }
        }
        UserSelector::Email(e) => {
            // ListUsers compares the address exactly: an address typed with capitals is tried
            // again in lowercase, the form most apps store, and the lookups are named.
            let mut users = users_where(client, pool_id, "email", e).await?;
            let lower = e.to_lowercase();
            let mut lookups = vec![format!(
                "ListUsers email = \"{e}\": {}",
                names_found(&users)
            )];
            if users.is_empty() && lower != *e {
                users = users_where(client, pool_id, "email", &lower).await?;
                lookups.push(format!(
                    "ListUsers email = \"{lower}\" (the address in lowercase): {}",
                    names_found(&users)
                ));
            }
            let chosen = match users.as_slice() {
                [] if lower != *e => {
                    return Err(not_found(format!(
                        "email {e}, as given or in lowercase ({lower})"
                    )))
                }
                [] => return Err(not_found(who.describe())),
                [only] => only.clone(),
                many => {
                    let unverified: Vec<&User> =
                        many.iter().filter(|u| !u.email_verified()).collect();
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
    }
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

/// Reads the snapshot for one user: the pool and the user concurrently, then the same-email
/// users, the user's identity providers and (for a pending sign-up) the app clients.
pub async fn snapshot(
    client: &Client,
    pool_id: &UserPoolId,
    who: &UserSelector,
) -> Result<Snapshot> {
    let (pool, found) = tokio::join!(
        describe_pool(client, pool_id),
        find_user(client, pool_id.as_str(), who)
    );
    let pool = pool?.pool;
    let (user, same_email_known, mut lookups) = found?;
    let id = pool_id.as_str();
    let mut unavailable = Vec::new();

    let same_email_fut = async {
        match (&user.email, same_email_known) {
            (_, Some(known)) => Ok(known),
            (Some(email), None) if pool.email_is_alias() => {
                users_where(client, id, "email", email).await
            }
            _ => Ok(Vec::new()),
        }
    };
    let providers_fut = providers_for(client, id, &user);
    let clients_fut = all_clients(client, id);
    // The same address may be held in other letter case: another user in a case-sensitive pool,
    // the same alias in a case-insensitive one. ListUsers compares exactly, so the lowercase
    // form (the commonest variant) is looked up when it differs from the user's; a spelling
    // with capitals of a lowercase address cannot be searched for (`audit` sees every user).
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
    let (same_email, (providers, provider_gaps), (clients, client_gaps), variants) =
        tokio::join!(same_email_fut, providers_fut, clients_fut, variants_fut);

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
                    "{e} is lowercase: ListUsers compares addresses exactly and cannot search for spellings with capitals; `audit` compares every user's address ignoring case"
                ));
            }
            Vec::new()
        }
        Err(e) => {
            unavailable.push(gap(&e));
            Vec::new()
        }
    };
    Ok(Snapshot {
        pool,
        user,
        same_email,
        providers,
        clients,
        case_variants,
        now: Some(now()),
        unavailable,
        lookups,
        recipient: Default::default(),
        delivery_log: None,
        missing: None,
    })
}

/// Seconds since the epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Everything a pool-level diagnosis reads: the pool, every provider and every app client.
pub async fn pool_snapshot(client: &Client, pool_id: &UserPoolId) -> Result<Snapshot> {
    let id = pool_id.as_str();
    let (described, (providers, provider_gaps), (clients, client_gaps), jobs) = tokio::join!(
        describe_pool(client, pool_id),
        all_providers(client, id),
        all_clients(client, id),
        import_jobs(client, id)
    );
    let mut unavailable = provider_gaps;
    unavailable.extend(client_gaps);
    let mut pool = described?.pool;
    match jobs {
        Ok(jobs) => pool.import_jobs = Some(jobs),
        Err(gap) => unavailable.push(gap),
    }
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
    let out = client
        .list_user_import_jobs()
        .user_pool_id(pool_id)
        .max_results(60)
        .customize()
        .config_override(optional_read())
        .send()
        .await
        .map_err(|e| gap(&classify("ListUserImportJobs", e)))?;
    Ok(out
        .user_import_jobs()
        .iter()
        .map(|j| crate::model::ImportJob {
            name: j.job_name().unwrap_or_default().to_owned(),
            id: j.job_id().unwrap_or_default().to_owned(),
            status: j
                .status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            at: j.completion_date().or(j.creation_date()).map(|d| d.secs()),
            imported: j.imported_users(),
            skipped: j.skipped_users(),
            failed: j.failed_users(),
            message: j.completion_message().map(str::to_owned),
        })
        .collect())
}

pub fn gap(e: &AwsError) -> Unavailable {
    Unavailable {
        operation: e.operation.to_owned(),
        error: e.short(),
        provider: None,
    }
}

/// DescribeIdentityProvider for each provider in the user's `identities`. A federated user
/// without that attribute has a username `ProviderName_id`: the provider is found by that prefix.
pub async fn providers_for(
    client: &Client,
    pool_id: &str,
    user: &User,
) -> (Vec<Provider>, Vec<Unavailable>) {
    let mut names: Vec<String> = user
        .identities
        .iter()
        .map(|i| i.provider_name.clone())
        .collect();
    let mut gaps = Vec::new();
    if names.is_empty() && user.status == "EXTERNAL_PROVIDER" {
        match client
            .list_identity_providers()
            .user_pool_id(pool_id)
            .max_results(60)
            .customize()
            .config_override(optional_read())
            .send()
            .await
        {
            Ok(out) => names.extend(
                out.providers()
                    .iter()
                    .filter_map(|p| p.provider_name())
                    .filter(|n| user.username.starts_with(&format!("{n}_")))
                    .map(str::to_owned),
            ),
            Err(e) => gaps.push(gap(&classify("ListIdentityProviders", e))),
        }
    }
    names.sort();
    names.dedup();
    let (providers, described_gaps) =
        described_or_gaps(&names, describe_providers(client, pool_id, &names).await);
    gaps.extend(described_gaps);
    (providers, gaps)
}

/// Every app client's id and name (ListUserPoolClients, all pages).
pub async fn list_clients(client: &Client, pool_id: &str) -> Result<Vec<AppClient>, AwsError> {
    let mut clients = Vec::new();
    let mut token = None;
    loop {
        let out = client
            .list_user_pool_clients()
            .user_pool_id(pool_id)
            .max_results(60)
            .set_next_token(token)
            .customize()
            .config_override(optional_read())
            .send()
            .await
            .map_err(|e| classify("ListUserPoolClients", e))?;
        clients.extend(out.user_pool_clients().iter().map(|c| AppClient {
            id: c.client_id().unwrap_or_default().to_owned(),
            name: c.client_name().unwrap_or_default().to_owned(),
            ..AppClient::default()
        }));
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => break,
        }
    }
    Ok(clients)
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
    use aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput;
    use aws_sdk_cognitoidentityprovider::types::AttributeType;
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

    fn user_output() -> AdminGetUserOutput {
        AdminGetUserOutput::builder()
            .username("alice")
            .user_status(aws_sdk_cognitoidentityprovider::types::UserStatusType::Confirmed)
            .enabled(true)
            .user_attributes(
                AttributeType::builder()
                    .name("email")
                    .value("a@example.com")
                    .build()
                    .unwrap(),
            )
            .user_attributes(
                AttributeType::builder()
                    .name("email_verified")
                    .value("false")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn denied_list_users_is_listed_as_unavailable_and_the_diagnosis_goes_on() {
        let describe =
            mock!(Client::describe_user_pool).then_http_response(|| json_response(200, ALIAS_POOL));
        let get = mock!(Client::admin_get_user).then_output(user_output);
        let denied = mock!(Client::list_users).then_http_response(|| {
            json_response(400, r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform: cognito-idp:ListUsers"}"#)
        });
        let clients = mock!(Client::list_user_pool_clients)
            .then_http_response(|| json_response(200, r#"{"UserPoolClients":[]}"#));
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &get, &denied, &clients]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let s = snapshot(&client, &pool, &UserSelector::Username("alice".into()))
            .await
            .unwrap();
        assert_eq!(s.unavailable.len(), 1);
        assert_eq!(s.unavailable[0].operation, "ListUsers");
        assert!(
            s.unavailable[0]
                .error
                .starts_with("AccessDeniedException: "),
            "{:?}",
            s.unavailable
        );
        let report = crate::engine::Report::new(&s);
        assert_eq!(report.findings[0].code, "email-changed-unverified");
        assert!(report.findings[0]
            .evidence
            .iter()
            .any(|e| e.contains("not ruled out")));
        // The raw DescribeUserPool body was kept for a lossless UpdateUserPool.
        assert_eq!(s.pool.update_input["MfaConfiguration"], "OFF");
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
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&describe, &throttled]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let err = snapshot(&client, &pool, &UserSelector::Email("a@example.com".into()))
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
    async fn denied_primary_read_fails_with_the_missing_permission() {
        let denied = mock!(Client::describe_user_pool).then_http_response(|| {
            json_response(
                400,
                r#"{"__type":"AccessDeniedException","message":"not authorized"}"#,
            )
        });
        let get = mock!(Client::admin_get_user).then_output(user_output);
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::MatchAny,
            [&denied, &get]
        );
        let pool = UserPoolId::parse("us-east-1_Mock").unwrap();
        let err = snapshot(&client, &pool, &UserSelector::Username("alice".into()))
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("grant cognito-idp:DescribeUserPool"),
            "{err}"
        );
    }
}
