//! `collect`: the reads `diagnose` (or, with `--all-users`, `audit`) makes, recorded into one
//! pseudonymised JSON bundle (`collect`), for someone without access to diagnose offline.

use crate::aws::{self, pace::Quota};
use crate::cli::CollectArgs;
use crate::collect::{self, Quiet};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::render;
use crate::scan::audit::Plan;
use crate::settings::{UserPoolId, UserSelector};

/// The user whose reads are recorded (None: the pool's alone, or every user's with --all-users).
fn who(a: &CollectArgs) -> Result<Option<UserSelector>> {
    let given = |v: &String, what: &str| match v.trim().is_empty() {
        true => Err(Error::usage(format!("--{what} is empty; give a value"))),
        false => Ok(v.clone()),
    };
    Ok(match a {
        CollectArgs {
            username: Some(u), ..
        } => Some(UserSelector::Username(given(u, "username")?)),
        CollectArgs { email: Some(e), .. } => Some(UserSelector::Email(given(e, "email")?)),
        CollectArgs { sub: Some(s), .. } => Some(UserSelector::Sub(given(s, "sub")?)),
        _ => None,
    })
}

pub async fn run(g: &Context, a: &CollectArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    let who = who(a)?;
    let rps = Quota::ListUsers.check(a.max_rps).map_err(Error::usage)?;
    let target = g.target(Some(&pool_id))?;
    let writing = collect::start(
        &a.out,
        pool_id.as_str(),
        &target.region,
        who.as_ref(),
        a.all_users,
        !a.no_pseudonyms,
        a.key_out.is_some(),
    )?;
    let recorded = g.with_seam(writing.seam());
    let read = match a.all_users {
        false => {
            let session = recorded
                .session(&target, &aws::ClientOptions::default())
                .await?;
            aws::fetch::diagnosis(&session, &pool_id, who.as_ref(), a.since)
                .await
                .map(|_| ())
        }
        true => {
            let session = recorded
                .session(&target, &aws::ClientOptions::paced())
                .await?;
            let plan = Plan {
                rps,
                parallel: a.parallel,
                page_size: 60,
                resumed: None,
                signals: None,
            };
            crate::scan::audit::run(&session, &pool_id, plan, &mut Quiet::default())
                .await
                .map(|_| ())
        }
    };
    let collected = writing.finish(a.key_out.as_deref())?;
    render::collect::summary(&g.style, &collected)?;
    read.map(|()| ExitCode::Ok)
}
