//! `diagnose`: one user, which documented cause applies, with evidence and fix.

use crate::aws;
use crate::cli::{DiagnoseArgs, OutputFormat};
use crate::collect::{self, Offline};
use crate::engine::Report;
use crate::error::{Error, ExitCode, Result};
use crate::render::{self, Ctx, Redactor};
use crate::settings::{UserPoolId, UserSelector};

/// The user to diagnose, or None for a pool-level diagnosis.
fn selector(a: &DiagnoseArgs) -> Result<Option<UserSelector>> {
    let nonempty = |what: &str, v: &str| {
        if v.trim().is_empty() {
            Err(Error::usage(format!("--{what} is empty; give a value")))
        } else {
            Ok(v.to_owned())
        }
    };
    match (&a.username, &a.email, &a.sub) {
        (None, None, None) => Ok(None),
        (Some(u), None, None) => Ok(Some(UserSelector::Username(nonempty("username", u)?))),
        (None, Some(e), None) => {
            let e = nonempty("email", e)?;
            if !e.contains('@') {
                return Err(Error::usage(format!("`{e}` is not an email address")));
            }
            Ok(Some(UserSelector::Email(e)))
        }
        (None, None, Some(s)) => Ok(Some(UserSelector::Sub(nonempty("sub", s)?))),
        _ => Err(Error::usage(
            "give exactly one of --username, --email or --sub",
        )),
    }
}

pub async fn run(g: &crate::context::Context, a: &DiagnoseArgs) -> Result<ExitCode> {
    let offline = offline(a)?;
    let g = &match &offline {
        Some(o) => g.with_seam(o.seam.clone()),
        None => g.clone(),
    };
    let id_token = id_token(a)?;
    let (pool_id, who) = pool_and_user(g, a, id_token.as_ref(), offline.as_ref())?;
    let target = g.target(Some(&pool_id))?;
    let session = g.session(&target, &aws::ClientOptions::default()).await?;
    let (mut snapshot, not_found) =
        aws::fetch::diagnosis(&session, &pool_id, who.as_ref(), a.since).await?;
    snapshot.id_token = id_token.map(|t| t.token);
    let report = Report::new(&snapshot);
    print(g, &target, &report, &snapshot, who.as_ref())?;
    if let Some(e) = not_found {
        return Err(Error::Aws(e));
    }
    Ok(if report.fails() {
        ExitCode::Findings
    } else {
        ExitCode::Ok
    })
}

/// `--bundle` or `--pool-json`: every read answered from the bundle or the pasted output.
fn offline(a: &DiagnoseArgs) -> Result<Option<Offline>> {
    if let Some(b) = &a.bundle {
        return collect::open(b, a.key.as_deref()).map(Some);
    }
    match &a.pool_json {
        Some(pool) => collect::pasted(&collect::Pasted {
            pool,
            user: a.user_json.as_deref(),
            clients: a.clients_json.as_deref(),
            providers: a.providers_json.as_deref(),
        })
        .map(Some),
        None => Ok(None),
    }
}

/// `--id-token-file` (issue 30): the ID token's claims, read from the file or stdin.
fn id_token(a: &DiagnoseArgs) -> Result<Option<crate::secret::IdTokenClaims>> {
    match &a.id_token_file {
        Some(f) => Ok(Some(crate::secret::id_token_claims(
            &crate::secret::read("ID token", Some(f), None)?.0,
        )?)),
        None => Ok(None),
    }
}

/// The pool and the user: an ID token's issuer names the pool and its sub the user; otherwise
/// the options do.
fn pool_and_user(
    g: &crate::context::Context,
    a: &DiagnoseArgs,
    token: Option<&crate::secret::IdTokenClaims>,
    offline: Option<&Offline>,
) -> Result<(UserPoolId, Option<UserSelector>)> {
    if let Some(o) = offline {
        let pool = a.user_pool_id.as_deref().unwrap_or(&o.pool);
        return Ok((
            UserPoolId::parse(pool)?,
            selector(a)?.or_else(|| o.who.clone()),
        ));
    }
    let pool_id = UserPoolId::parse(match (token, &a.user_pool_id) {
        (Some(t), Some(given)) if *given != t.user_pool_id => return Err(Error::usage(format!(
            "--user-pool-id {given} is not the pool of the ID token ({}); the token decides the pool, so leave --user-pool-id out",
            t.user_pool_id
        ))),
        (Some(t), _) => &t.user_pool_id,
        (None, given) => given.as_deref().unwrap_or_default(),
    })?;
    let who = match token {
        Some(t) => {
            // --redact masks what the token names, in the report and in an error sentence.
            let mut r = Redactor::new(g.style.redact);
            r.sub(&t.token.sub);
            t.token.email.as_deref().map(|e| r.email(e));
            Some(UserSelector::Sub(t.token.sub.clone()))
        }
        None => selector(a)?,
    };
    Ok((pool_id, who))
}

/// The report, every name in it masked under --redact, as a table or JSON.
fn print(
    g: &crate::context::Context,
    target: &crate::settings::AwsTarget,
    report: &Report,
    snapshot: &crate::model::Snapshot,
    who: Option<&UserSelector>,
) -> Result<()> {
    let mut redactor = Redactor::new(g.style.redact);
    render::diagnose::register(report, &snapshot.same_email, &mut redactor);
    for u in &snapshot.case_variants {
        redactor.user(&u.username);
        if let Some(m) = &u.email {
            redactor.email(m);
        }
    }
    if let (Some(m), Some(who)) = (&snapshot.missing, who) {
        render::diagnose::register_missing(who, m, &mut redactor);
    }
    let view = render::diagnose::view(report, target, &redactor, g.style.spell);
    let ctx = Ctx {
        style: &g.style,
        target,
    };
    let text = match g.output {
        OutputFormat::Json => render::to_json(&view),
        OutputFormat::Table | OutputFormat::Csv => render::diagnose::table(&view, &ctx),
    };
    render::emit(&text).map_err(crate::error::io_error)
}
