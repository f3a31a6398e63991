//! `reverify`: cause 1. An administrator marks the email verified, or the user gets a code and
//! submits it.

use super::change::{self, verified_text, Change, Decision, Plan, Settle};
use crate::aws::{self, apply, fetch};
use crate::change::admin_verify::{
    alias_holders, check_user_cli, read_verified, reverts_at_sign_in, sends_alone_note,
    verified_record, Fallback,
};
use crate::cli::ReverifyArgs;
use crate::error::{Error, ExitCode, Result};
use crate::fix::Action;
use crate::model::{Pool, User};
use crate::settings::{AwsTarget, UserPoolId};

pub async fn run(g: &super::Context, a: &ReverifyArgs) -> Result<ExitCode> {
    if a.admin && a.from.is_some() {
        super::bulk_reverify::run(g, a).await
    } else if a.admin {
        admin(g, a).await
    } else if a.send_code {
        super::reverify_code::send_code(g, a).await
    } else {
        super::reverify_code::verify(g, a).await
    }
}

async fn admin(g: &super::Context, a: &ReverifyArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(a.user_pool_id.as_deref().unwrap_or_default())?;
    let username = a.username.clone().unwrap_or_default();
    if username.trim().is_empty() {
        return Err(Error::usage(
            "--admin needs --username U (one user) or --from FILE (many)",
        ));
    }
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let (described, user) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::admin_get_user(&client, pool_id.as_str(), &username)
    );
    let (pool, user) = (
        described?.pool,
        user.map_err(|e| crate::change::not_in_pool(e, &username, pool_id.as_str()))?,
    );
    let read_at = format!("at {}", aws::now_rfc3339());
    let Some(email) = user.email.clone() else {
        return Err(Error::refused(format!(
            "user {} has no email to verify; set one first (aws cognito-idp admin-update-user-attributes ... Name=email,Value=...)",
            user.username
        )));
    };
    let holders = alias_holders(&client, &pool, &user).await?;
    let reverts = if user.is_federated() {
        reverts_at_sign_in(&client, &pool, &user, &target).await
    } else {
        None
    };
    let plan = plan(
        a,
        &target,
        &pool,
        &user,
        &holders,
        reverts.as_deref(),
        &read_at,
    );
    if user.email_verified_raw.as_deref() == Some("true") {
        return change::nothing_to_do(
            g,
            plan,
            format!(
                "{} already has a verified email; nothing changed",
                user.username
            ),
        );
    }
    if let (Some(why), false) = (&reverts, a.anyway) {
        return change::refuse(
            g,
            plan,
            format!("{why}; rerun with --anyway to apply it regardless"),
        );
    }
    if let (Some(h), false) = (holders.first(), a.take_alias) {
        let why = format!(
            "{} holds {email} as a verified alias, and AdminUpdateUserAttributes would silently take it and make {}'s email unverified; rerun with --take-alias if {} should own the address",
            h.username, h.username, user.username
        );
        return change::refuse(g, plan, why);
    }
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, false)? {
        return change::dry_run(g, plan);
    }
    let id = pool_id.as_str();
    let get = |n: String| {
        let client = &client;
        async move { fetch::admin_get_user(client, id, &n).await }
    };
    let fallback = Fallback::default();
    let (fb, client, who, address, when) = (&fallback, &client, &user.username, &email, &read_at);
    let write = || async move {
        fb.record(apply::admin_verify_email(client, id, who, address).await?);
        Ok(())
    };
    let read = || {
        let holders = &holders;
        async move {
            let mut check = read_verified(get, who, address, holders).await?;
            fb.annotate(&mut check, address, when);
            Ok(check)
        }
    };
    change::settle(
        g,
        &a.change,
        plan,
        Settle {
            operation: "AdminUpdateUserAttributes",
            repeat_answers: &[],
            check_cli: check_user_cli(id, &user.username, &target),
            record: Some(verified_record(id, &user, &holders)),
        },
        write,
        read,
    )
    .await
    .map_err(|e| explain_alias_refusal(e, &email, &holders))
}

/// The plan of an administrator's verification: the user, every alias holder losing the alias,
/// whether the next federated sign-in undoes it, and exactly the attributes sent.
fn plan(
    a: &ReverifyArgs,
    target: &AwsTarget,
    pool: &Pool,
    user: &User,
    holders: &[User],
    reverts: Option<&str>,
    read_at: &str,
) -> Plan {
    let email = user.email.clone().unwrap_or_default();
    let mut changes = vec![Change::new(
        format!("{} email_verified", user.username),
        verified_text(user),
        "\"true\"",
    )];
    for h in holders {
        changes.push(Change::new(
            format!("{} email_verified", h.username),
            verified_text(h),
            "\"false\" (the alias moves away from it)",
        ));
    }
    let mut notes = Vec::new();
    match reverts {
        Some(why) => notes.push(why.to_owned()),
        None if user.is_federated() => notes.push(format!(
            "{} is federated, but no provider of it maps email: sign-ins do not rewrite the email, so this fix holds",
            user.username
        )),
        None => {}
    }
    let action = Action::admin_verify(pool, user, a.take_alias);
    notes.push(sends_alone_note(&email, read_at));
    Plan {
        command: format!(
            "reverify --admin{}",
            if a.take_alias { " --take-alias" } else { "" }
        ),
        call: format!(
            "AdminUpdateUserAttributes ({})",
            action.attributes_sent().unwrap_or_default()
        ),
        subject: [
            ("user pool".to_owned(), pool.id.clone()),
            ("user".to_owned(), user.username.clone()),
            ("email".to_owned(), email),
        ]
        .into_iter()
        .chain(
            holders
                .iter()
                .map(|h| ("alias held by".to_owned(), h.username.clone())),
        )
        .collect(),
        changes,
        notes,
        aws_cli: Some(action.aws_cli(target)),
    }
}

/// AliasExistsException on an administrator's verification, explained by what was read: the
/// holders looked up before the call, or that none was found.
fn explain_alias_refusal(e: Error, email: &str, holders: &[User]) -> Error {
    match e {
        Error::Refused(msg) if msg.contains("AliasExistsException") => {
            Error::refused(if holders.is_empty() {
                format!("the service refused with AliasExistsException, although no other user was found holding {email} verified (looked up with ListUsers email = that address before the call); read the pool's users with that address by hand before retrying")
            } else {
                format!(
                    "the service refused with AliasExistsException: {} hold{} {email} verified",
                    holders
                        .iter()
                        .map(|h| h.username.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    if holders.len() == 1 { "s" } else { "" }
                )
            })
        }
        other => other,
    }
}
