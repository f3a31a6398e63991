//! `diagnose`: one user, which documented cause applies, with evidence and fix.

use crate::aws;
use crate::cli::{DiagnoseArgs, OutputFormat};
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
    let id_token = id_token(a)?;
    let (pool_id, who) = pool_and_user(g, a, id_token.as_ref())?;
    let target = g.target(Some(&pool_id))?;
    let session = g.session(&target, &aws::ClientOptions::default()).await?;
    let now_ms = aws::fetch::now() * 1000;
    let window = aws::fetch::LogWindow {
        since_ms: now_ms - i64::try_from(a.since.as_millis()).unwrap_or(i64::MAX / 2),
        now_ms,
    };
    // A user the pool does not have is an AWS error (exit 3), unless an app client masks it:
    // then the report says what the app showed and which users are nearest.
    let mut not_found = None;
    let mut snapshot = match &who {
        Some(who) => match aws::fetch::snapshot(&session, &pool_id, who, Some(window)).await {
            Err(Error::Aws(e)) if e.kind == crate::error::AwsErrorKind::UserNotFound => {
                let mut s = aws::fetch::pool_snapshot(&session, &pool_id).await?;
                if !s.clients.iter().any(|c| c.masks_existence()) {
                    return Err(Error::Aws(e));
                }
                let missing = aws::fetch::nearest(session.cognito(), pool_id.as_str(), who).await;
                s.lookups = missing.lookups.clone();
                s.missing = Some(missing);
                not_found = Some(e);
                s
            }
            other => other?,
        },
        None => aws::fetch::pool_snapshot(&session, &pool_id).await?,
    };
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
) -> Result<(UserPoolId, Option<UserSelector>)> {
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
