//! `locate`: where a user (or an app client, or a hosted domain) lives, across every pool of the
//! regions, credential sets and accounts in scope (`fleet::locate`).

use crate::aws::{self, pace::Quota, scope};
use crate::cli::LocateArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fleet::{self, locate::Key};
use crate::render;

/// What is looked for: an ID token names its pool and user (its region too, from an AWS issuer).
fn key(a: &LocateArgs) -> Result<Key> {
    let given = |v: &String, what: &str| match v.trim().is_empty() {
        true => Err(Error::usage(format!("--{what} is empty; give a value"))),
        false => Ok(v.clone()),
    };
    Ok(match a {
        LocateArgs { email: Some(e), .. } => Key::Email(given(e, "email")?),
        LocateArgs {
            username: Some(u), ..
        } => Key::Username(given(u, "username")?),
        LocateArgs { sub: Some(s), .. } => Key::Sub(given(s, "sub")?),
        LocateArgs {
            client_id: Some(c), ..
        } => Key::ClientId(given(c, "client-id")?),
        LocateArgs {
            domain: Some(d), ..
        } => Key::Domain(given(d, "domain")?),
        LocateArgs {
            token_file: Some(f),
            ..
        } => {
            let claims =
                crate::secret::id_token_claims(&crate::secret::read("ID token", Some(f), None)?.0)?;
            crate::redact::remember_user(&claims.token.sub);
            Key::Token {
                pool_id: claims.user_pool_id,
                region: claims.region,
                sub: claims.token.sub,
            }
        }
        _ => {
            return Err(Error::usage(
                "give one of --email, --username, --sub, --token-file, --client-id or --domain",
            ))
        }
    })
}

pub async fn run(g: &Context, a: &LocateArgs) -> Result<ExitCode> {
    let rps = Quota::ListUsers.check(a.max_rps).map_err(Error::usage)?;
    let key = key(a)?;
    let mut spec = g.scope_spec(&a.scope)?;
    if let (
        Key::Token {
            region: Some(r), ..
        },
        scope::Regions::All,
    ) = (&key, &spec.regions)
    {
        // The token names its region: no other is asked.
        spec.regions = scope::Regions::Given(vec![r.clone()]);
    }
    let resolved = scope::resolve(&spec, &aws::ClientOptions::paced()).await;
    let mut printer = render::locate::Printer::new(g.style.clone(), &resolved.scopes);
    for gap in &resolved.gaps {
        crate::fleet::locate::Sink::gap(&mut printer, gap)?;
    }
    if resolved.scopes.is_empty() {
        printer.finish()?;
        return Err(Error::Other(anyhow::anyhow!(
            "nothing could be searched: every scope item above failed; fix the credentials or roles, or narrow the scope"
        )));
    }
    let (searched, found) =
        fleet::locate::run(&resolved.scopes, &key, rps, spec.max_scopes, &mut printer).await?;
    printer.finish()?;
    // The regions and accounts in scope, the pools that were searched.
    let reach = fleet::Reach {
        pools: searched.pools,
        gaps: searched.gaps + resolved.gaps.len(),
        ..fleet::Reach::of(&resolved)
    };
    if found > 0 {
        return Ok(ExitCode::Ok);
    }
    let unsearched = match reach.gaps {
        0 => String::new(),
        n => format!(
            "; {n} scope item{} could not be searched (above)",
            if n == 1 { "" } else { "s" }
        ),
    };
    Err(Error::NotFound(format!(
        "{} in {}{unsearched}",
        key.describe(),
        reach.sentence()
    )))
}
