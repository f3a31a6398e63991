//! `locate`: where a user (or an app client, or a hosted domain) lives, across every scope. A token
//! names its pool (no search); a domain is asked of each scope (DescribeUserPoolDomain); otherwise
//! each scope's pools (ListUserPools) are searched with ListUsers filters (the address as given
//! and in lowercase; `username =`; `sub =`), or DescribeUserPoolClient for an app client.

use std::collections::BTreeSet;

use futures_util::{stream, StreamExt};
use tokio::sync::mpsc;

use super::{pool_label, Reach, POOLS_AT_ONCE};
use crate::aws::fetch::{self, PoolName};
use crate::aws::pace::{paced, Pacer};
use crate::aws::scope::{scope_gap, Scope};
use crate::error::{AwsError, Result};
use crate::model::{Located, ScopeGap, User};

/// What is looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Email(String),
    Username(String),
    Sub(String),
    ClientId(String),
    Domain(String),
    /// An ID token's pool and user: no search, only that pool is asked (in each scope of its
    /// region, for the account that has it).
    Token {
        pool_id: String,
        region: Option<String>,
        sub: String,
    },
}

impl Key {
    /// `the email jane@example.com`, for the sentence when nothing matched.
    pub fn describe(&self) -> String {
        match self {
            Key::Email(e) => format!("no user with the email {e}"),
            Key::Username(u) => format!("no user named {u}"),
            Key::Sub(s) => format!("no user with the sub {s}"),
            Key::ClientId(c) => format!("no pool with the app client {c}"),
            Key::Domain(d) => format!("no pool with the domain {d}"),
            Key::Token { pool_id, .. } => {
                format!("the ID token's user was not found in its pool {pool_id}")
            }
        }
    }
}

/// Where what is found goes, as it is found: the printing one lives in `render`.
pub trait Sink {
    fn found(&mut self, row: &Located) -> Result<()>;
    fn gap(&mut self, gap: &ScopeGap) -> Result<()>;
    /// Pools searched of the pools found so far.
    fn progress(&self, searched: usize, pools: usize);
}

enum Event {
    Pools(usize),
    Searched {
        account: Option<String>,
        region: String,
    },
    Row(Box<Located>),
    Gap(ScopeGap),
}

/// Searches every scope, `max_scopes` at once, each paced at `rps` ListUsers calls a second;
/// returns how much was searched and how many matched.
pub async fn run(
    scopes: &[Scope],
    key: &Key,
    rps: f64,
    max_scopes: usize,
    sink: &mut dyn Sink,
) -> Result<(Reach, usize)> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let work = async {
        stream::iter(scopes)
            .for_each_concurrent(max_scopes.max(1), |scope| {
                search_scope(scope, key, rps, tx.clone())
            })
            .await;
        drop(tx);
    };
    let take = async {
        let (mut pools, mut searched, mut found) = (0, 0, 0);
        let (mut regions, mut accounts) = (BTreeSet::new(), BTreeSet::new());
        let mut gaps = 0;
        while let Some(event) = rx.recv().await {
            match event {
                Event::Pools(n) => pools += n,
                Event::Searched { account, region } => {
                    searched += 1;
                    regions.insert(region);
                    accounts.insert(account);
                }
                Event::Row(row) => {
                    found += 1;
                    sink.found(&row)?;
                }
                Event::Gap(g) => {
                    gaps += 1;
                    sink.gap(&g)?;
                }
            }
            sink.progress(searched, pools);
        }
        let reach = Reach {
            pools: searched,
            regions: regions.len(),
            accounts: accounts.len(),
            gaps,
        };
        Ok::<_, crate::error::Error>((reach, found))
    };
    let ((), taken) = tokio::join!(work, take);
    taken
}

type Tx = mpsc::UnboundedSender<Event>;

fn row(scope: &Scope, pool: &PoolName, user: Option<User>) -> Event {
    Event::Row(Box::new(Located {
        account: scope.account.clone(),
        region: scope.region.clone(),
        pool_id: pool.id.clone(),
        pool_name: pool.name.clone(),
        user,
    }))
}

fn searched(scope: &Scope) -> Event {
    Event::Searched {
        account: scope.account.clone(),
        region: scope.region.clone(),
    }
}

async fn search_scope(scope: &Scope, key: &Key, rps: f64, tx: Tx) {
    let client = scope.cognito();
    let pacer = Pacer::new(rps);
    match key {
        Key::Domain(d) => {
            let _ = tx.send(Event::Pools(1));
            match paced(&pacer, || fetch::domain_pool(&client, d)).await {
                Ok(Some(id)) => {
                    let _ = tx.send(searched(scope));
                    let name = pool_name(&client, &pacer, &id).await;
                    let _ = tx.send(row(scope, &PoolName { id, name }, None));
                }
                Ok(None) => {
                    let _ = tx.send(searched(scope));
                }
                Err(e) => {
                    let _ = tx.send(Event::Gap(scope_gap(scope, &e)));
                }
            }
        }
        // Another region's pool: nothing to ask here.
        Key::Token { region, .. } if region.as_deref().is_some_and(|r| r != scope.region) => {}
        Key::Token { pool_id, sub, .. } => {
            let _ = tx.send(Event::Pools(1));
            let pool = PoolName {
                id: pool_id.clone(),
                name: None,
            };
            match paced(&pacer, || fetch::users_where(&client, pool_id, "sub", sub)).await {
                Ok(users) => {
                    let _ = tx.send(searched(scope));
                    let name = match users.is_empty() {
                        true => None,
                        false => pool_name(&client, &pacer, pool_id).await,
                    };
                    let pool = PoolName { name, ..pool };
                    for u in users {
                        let _ = tx.send(row(scope, &pool, Some(u)));
                    }
                }
                // The pool is another account's: nothing here.
                Err(e) if e.code.as_deref() == Some("ResourceNotFoundException") => {}
                Err(e) => {
                    let _ = tx.send(Event::Gap(scope_gap(scope, &e)));
                }
            }
        }
        _ => search_pools(scope, key, &client, &pacer, tx).await,
    }
}

/// DescribeUserPool's name of a pool found (None when it cannot be read: the row stands).
async fn pool_name(client: &crate::aws::Client, pacer: &Pacer, id: &str) -> Option<String> {
    let id = crate::settings::UserPoolId::parse(id).ok()?;
    paced(pacer, || async {
        fetch::describe_pool(client, &id).await.map(|d| d.pool.name)
    })
    .await
    .ok()
    .flatten()
}

async fn search_pools(
    scope: &Scope,
    key: &Key,
    client: &crate::aws::Client,
    pacer: &Pacer,
    tx: Tx,
) {
    let pools = match fetch::list_pools(client, pacer).await {
        Ok(p) => p,
        Err(e) => {
            let _ = tx.send(Event::Gap(scope_gap(scope, &e)));
            return;
        }
    };
    let _ = tx.send(Event::Pools(pools.len()));
    stream::iter(&pools)
        .for_each_concurrent(POOLS_AT_ONCE, |pool| {
            let tx = tx.clone();
            async move {
                match search_pool(client, pacer, &pool.id, key).await {
                    Ok(found) => {
                        let _ = tx.send(searched(scope));
                        for m in found {
                            let _ = tx.send(row(scope, pool, m));
                        }
                    }
                    Err(e) => {
                        let mut g = scope_gap(scope, &e);
                        g.scope = pool_label(scope, &pool.id);
                        let _ = tx.send(Event::Gap(g));
                    }
                }
            }
        })
        .await;
}

/// One pool's matches: users (or, for an app client, the pool itself as `None`).
async fn search_pool(
    client: &crate::aws::Client,
    pacer: &Pacer,
    pool_id: &str,
    key: &Key,
) -> std::result::Result<Vec<Option<User>>, AwsError> {
    let users = |attribute: &'static str, value: String| async move {
        paced(pacer, || {
            fetch::users_where(client, pool_id, attribute, &value)
        })
        .await
    };
    let found = match key {
        Key::Email(e) => {
            let mut all = users("email", e.clone()).await?;
            let lower = e.to_lowercase();
            if lower != *e {
                for u in users("email", lower).await? {
                    if !all.iter().any(|a| a.username == u.username) {
                        all.push(u);
                    }
                }
            }
            all
        }
        Key::Username(u) => users("username", u.clone()).await?,
        Key::Sub(s) => users("sub", s.clone()).await?,
        Key::ClientId(c) => {
            let has = paced(pacer, || fetch::has_client(client, pool_id, c)).await?;
            return Ok(if has { vec![None] } else { Vec::new() });
        }
        Key::Domain(_) | Key::Token { .. } => Vec::new(),
    };
    Ok(found.into_iter().map(Some).collect())
}
