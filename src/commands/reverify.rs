//! `reverify`: cause 1. An administrator marks the email verified (one user, or `--from` many),
//! or the user gets a code and submits it.

use crate::aws::{self, fetch};
use crate::change::bulk;
use crate::change::drive::{self, Pacing};
use crate::cli::ReverifyArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fixes::admin_verify::AdminVerify;
use crate::fixes::code_flow::{SendCode, Token, VerifyCode};
use crate::rules::{codes_fixed_by, Fixer};
use crate::secret::{self, Source};
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &ReverifyArgs) -> Result<ExitCode> {
    if a.admin {
        admin(g, a).await
    } else {
        code(g, a).await
    }
}

async fn admin(g: &Context, a: &ReverifyArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(a.user_pool_id.as_deref().unwrap_or_default())?;
    let many = a.from.is_some();
    let (rps, opts) = drive::pace_of(many, aws::pace::Quota::UserUpdate, a.max_rps)?;
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let names = bulk::targets(
        a.username.as_deref(),
        a.from.as_deref(),
        &codes_fixed_by(Fixer::AdminReverify),
        pool_id.as_str(),
        "reverify (audit lines whose findings an administrator's reverify fixes, or one username per line)",
        "--admin needs --username U (one user) or --from FILE (many)",
    )?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &opts).await?;
    let (pool, providers) = tokio::join!(fetch::describe_pool(&client, &pool_id), async {
        match many {
            true => Some(fetch::all_providers(&client, pool_id.as_str()).await),
            false => None,
        }
    });
    let pool = pool?.pool;
    let fix = AdminVerify {
        client: &client,
        pool: &pool,
        target: &target,
        providers: providers.as_ref(),
        anyway: a.anyway,
        take_alias: a.take_alias,
        from: a.from.as_deref(),
        spell: g.style.spell,
    };
    let pacing = Pacing::new(rps, drive::READ_RPS);
    let run = pacing.run(&journal, drive::IN_FLIGHT);
    let stdin = a.from.as_deref().is_some_and(|f| f.as_os_str() == "-");
    let sink = g.printer(&a.change, stdin);
    drive::users(&fix, names, many, &run, &sink).await
}

/// The user's own code flow: a code sent, or the user's code submitted.
async fn code(g: &Context, a: &ReverifyArgs) -> Result<ExitCode> {
    let submitted = match a.send_code {
        true => None,
        false => Some(secret::code(
            "verification code",
            a.code.as_deref(),
            a.code_file.as_deref(),
        )?),
    };
    let token_on_stdin = a
        .access_token_file
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if token_on_stdin && matches!(submitted, Some((_, Source::Stdin))) {
        return Err(Error::usage("the code and the access token cannot both come from stdin; put one in a file or the token in COGNITO_ACCESS_TOKEN"));
    }
    let (token, source, target, pool, client) = g
        .user_side(a.access_token_file.as_deref(), a.user_pool_id.as_deref())
        .await?;
    let journal = g.journal(a.change.journal.as_deref(), &pool)?;
    let token = Token {
        client: &client,
        token: &token,
        pool_id: &pool,
        target: &target,
        anyway: a.anyway,
    };
    let pacing = Pacing::new(drive::ONE_CHANGE_RPS, drive::READ_RPS);
    let run = pacing.run(&journal, 1);
    let busy = source == Source::Stdin || matches!(submitted, Some((_, Source::Stdin)));
    let sink = g.printer(&a.change, busy);
    match &submitted {
        None => drive::one(&SendCode::new(token), (), &run, &sink).await,
        Some((code, _)) => drive::one(&VerifyCode { token, code }, (), &run, &sink).await,
    }
}
