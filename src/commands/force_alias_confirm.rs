//! `force-alias confirm`: a sign-up confirmed with ForceAliasCreation (or without it, to deny
//! the alias), the code from stdin or a file.

use super::change::{self, Change, Check, Decision, Plan};
use super::force_alias::{confirm_changes, read_back_holders};
use crate::aws::{self, apply, fetch};
use crate::change::journal::Record;
use crate::cli::force_alias::ConfirmArgs;
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::fix::Action;
use crate::model::User;
use crate::secret::Secret;
use crate::secret::{self, Source};
use crate::settings::UserPoolId;

pub async fn confirm(g: &super::Context, a: &ConfirmArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    for (flag, v) in [("client-id", &a.client_id), ("username", &a.username)] {
        if v.trim().is_empty() {
            return Err(Error::usage(format!("--{flag} is empty")));
        }
    }
    let (code, code_source, client_secret) = secrets(a)?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let (described, user) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::admin_get_user(&client, pool_id.as_str(), &a.username)
    );
    let (pool, user) = (described?.pool, user?);
    let hs = fetch::alias_holders(&client, &pool, &user).await?;
    let force = !a.deny;
    let plan = plan(a, &target, &user, &hs, client_secret.is_some());
    if !user.is_unconfirmed() {
        return change::nothing_to_do(
            g,
            plan,
            format!(
                "{} is {}, not UNCONFIRMED: there is no sign-up to confirm",
                user.username, user.status
            ),
        );
    }
    let stdin_busy =
        code_source == Source::Stdin || matches!(client_secret, Some((_, Source::Stdin)));
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, stdin_busy)? {
        return change::dry_run(g, plan);
    }
    let hash = client_secret.map(|(s, _)| secret::secret_hash(&s, &user.username, &a.client_id));
    let id = pool_id.as_str();
    let deny_planned = !force && !hs.is_empty();
    // Denying is asking the service to refuse: AliasExistsException is the planned answer.
    let write = || async {
        let name = &user.username;
        match apply::confirm_sign_up(&client, &a.client_id, name, &code, force, hash.clone()).await
        {
            Err(e) if e.kind == AwsErrorKind::AliasExists && deny_planned => Ok(()),
            other => other,
        }
    };
    let read = || read_confirmed(&client, id, &user, &hs, force);
    change::settle(
        g,
        &a.change,
        plan,
        change::Settle {
            record: Some(Record {
                user_pool_id: id.to_owned(),
                operation: "ConfirmSignUp",
                target: user.username.clone(),
                before: serde_json::json!({ "status": user.status }),
                after: serde_json::json!({ "status": if deny_planned { "UNCONFIRMED" } else { "CONFIRMED" } }),
            }),
            operation: "ConfirmSignUp",
            // A repeat of an applied confirmation: "User cannot be confirmed. Current status is
            // CONFIRMED".
            repeat_answers: &["NotAuthorizedException"],
            check_cli: crate::change::admin_verify::check_user_cli(id, &user.username, &target),
        },
        write,
        read,
    )
    .await
    .map_err(|e| match e {
        Error::Aws(e)
            if e.kind == AwsErrorKind::NotAuthorized
                && e.message.to_ascii_uppercase().contains("SECRET_HASH") =>
        {
            Error::refused(format!(
                "the app client has a secret, so ConfirmSignUp needs SECRET_HASH ({}); give the secret with --client-secret-file or COGNITO_CLIENT_SECRET",
                e.message
            ))
        }
        other => other,
    })
}

/// A secret and where it came from.
type Given = (Secret, Source);

/// The code and the app client's secret, at most one of them from stdin.
fn secrets(a: &ConfirmArgs) -> Result<(Secret, Source, Option<Given>)> {
    let dash = |p: &Option<std::path::PathBuf>| p.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if dash(&a.code_file) && dash(&a.client_secret_file) {
        return Err(Error::usage(
            "the code and the client secret cannot both come from stdin; put one in a file (or the secret in COGNITO_CLIENT_SECRET)",
        ));
    }
    let (code, code_source) = secret::code(
        "confirmation code",
        a.code.as_deref(),
        a.code_file.as_deref(),
    )?;
    let client_secret = match (
        &a.client_secret_file,
        std::env::var_os("COGNITO_CLIENT_SECRET"),
    ) {
        (None, None) => None,
        (file, _) => Some(secret::read(
            "app client secret",
            file.as_deref(),
            Some("COGNITO_CLIENT_SECRET"),
        )?),
    };
    if code_source == Source::Stdin && matches!(client_secret, Some((_, Source::Stdin))) {
        return Err(Error::usage(
            "the code and the client secret cannot both come from stdin",
        ));
    }
    Ok((code, code_source, client_secret))
}

/// The plan of ConfirmSignUp: the user's status and each alias holder, and the AWS CLI line.
fn plan(
    a: &ConfirmArgs,
    target: &crate::settings::AwsTarget,
    user: &User,
    hs: &[User],
    with_secret: bool,
) -> Plan {
    let force = !a.deny;
    let (changes, mut notes) = confirm_changes(user, hs, force);
    if with_secret {
        notes.push("SECRET_HASH is computed from the app client secret".into());
    }
    let aws_cli = Action::ConfirmSignUp {
        pool_id: a.user_pool_id.clone(),
        client_id: Some(a.client_id.clone()),
        username: user.username.clone(),
        force_alias: Some(force),
        secret_hash: with_secret,
    }
    .aws_cli(target);
    let mut subject = vec![
        ("user pool".into(), a.user_pool_id.clone()),
        ("app client".into(), a.client_id.clone()),
        ("user".into(), user.username.clone()),
        (
            "email".into(),
            user.email.clone().unwrap_or_else(|| "(none)".into()),
        ),
    ];
    subject.extend(
        hs.iter()
            .map(|h| ("alias held by".to_owned(), h.username.clone())),
    );
    Plan {
        command: format!("force-alias confirm{}", if force { "" } else { " --deny" }),
        call: format!(
            "ConfirmSignUp (ForceAliasCreation={force}, ConfirmationCode=***{})",
            if with_secret { ", SecretHash=***" } else { "" }
        ),
        subject,
        changes,
        notes,
        aws_cli: Some(aws_cli),
    }
}

/// The read-back: the user's status and each holder's email_verified, against the plan.
async fn read_confirmed(
    client: &aws::Client,
    id: &str,
    user: &User,
    hs: &[User],
    force: bool,
) -> Result<Check> {
    let after = fetch::admin_get_user(client, id, &user.username).await?;
    let confirmed = after.status == "CONFIRMED";
    // With a holder, denying means: not confirmed, and the holder keeps the alias. Without
    // one, there is nothing to deny and the sign-up is confirmed either way.
    let deny_with_holder = !force && !hs.is_empty();
    let (holders_read, holders_ok) = read_back_holders(client, id, hs, !deny_with_holder).await;
    let mut read_back = vec![Change::new(
        format!("{} status", after.username),
        after.status.clone(),
        if deny_with_holder {
            "UNCONFIRMED (denied)"
        } else {
            "CONFIRMED"
        },
    )];
    read_back.extend(holders_read);
    let holder = hs
        .first()
        .map(|h| h.username.as_str())
        .unwrap_or("the other user");
    let (took, result) = match (deny_with_holder, confirmed) {
        (true, false) => (
            holders_ok,
            format!("denied as planned: {} stays {} and {holder} keeps the alias", after.username, after.status),
        ),
        (true, true) => (
            false,
            format!(
                "the service confirmed {} although the plan denied it (it applied no alias rule); {holder}'s email_verified reads back as shown",
                after.username
            ),
        ),
        (false, true) if holders_ok => (
            true,
            format!(
                "{} is confirmed{}",
                after.username,
                if force && !hs.is_empty() { " and holds the alias" } else { "" }
            ),
        ),
        (false, true) => (
            false,
            format!(
                "{} is confirmed, but {holder} still reads back with its email verified: the alias did not move as planned (the service applied no alias rule)",
                after.username
            ),
        ),
        (false, false) => (
            false,
            format!("{} read back as {}: the confirmation did not take", after.username, after.status),
        ),
    };
    Ok(Check {
        observed: None,
        took,
        read_back,
        result,
    })
}
