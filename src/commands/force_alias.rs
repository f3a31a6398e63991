//! `force-alias`: cause 2. Confirm a sign-up moving (or denying) the alias, or create a user with
//! a duplicate verified email.

use crate::aws::{self, apply, fetch};
use crate::change::drive::{self, Pacing};
use crate::cli::force_alias::{ConfirmArgs, CreateArgs, DeliveryMedium, MessageAction};
use crate::cli::{ForceAliasArgs, ForceAliasCommand};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::fixes::confirm_sign_up::ConfirmSignUp;
use crate::fixes::create_user::CreateUser;
use crate::secret::{self, Secret, Source};
use crate::settings::UserPoolId;

pub async fn run(g: &Context, a: &ForceAliasArgs) -> Result<ExitCode> {
    match &a.command {
        ForceAliasCommand::Confirm(c) => confirm(g, c).await,
        ForceAliasCommand::Create(c) => create(g, c).await,
    }
}

/// A secret and where it came from.
type Given = (Secret, Source);

/// The code and the app client's secret, at most one of them from stdin.
fn secrets(a: &ConfirmArgs) -> Result<(Given, Option<Given>)> {
    let dash = |p: &Option<std::path::PathBuf>| p.as_deref().is_some_and(|p| p.as_os_str() == "-");
    if dash(&a.code_file) && dash(&a.client_secret_file) {
        return Err(Error::usage(
            "the code and the client secret cannot both come from stdin; put one in a file (or the secret in COGNITO_CLIENT_SECRET)",
        ));
    }
    let code = secret::code(
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
    if code.1 == Source::Stdin && matches!(client_secret, Some((_, Source::Stdin))) {
        return Err(Error::usage(
            "the code and the client secret cannot both come from stdin",
        ));
    }
    Ok((code, client_secret))
}

async fn confirm(g: &Context, a: &ConfirmArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    for (flag, v) in [("client-id", &a.client_id), ("username", &a.username)] {
        if v.trim().is_empty() {
            return Err(Error::usage(format!("--{flag} is empty")));
        }
    }
    let ((code, code_source), client_secret) = secrets(a)?;
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let pool = fetch::describe_pool(&client, &pool_id).await?.pool;
    let fix = ConfirmSignUp {
        client: &client,
        pool: &pool,
        target: &target,
        client_id: &a.client_id,
        code: &code,
        client_secret: client_secret.as_ref().map(|(s, _)| s),
        force: !a.deny,
    };
    let pacing = Pacing::new(drive::ONE_CHANGE_RPS, drive::READ_RPS);
    let busy = code_source == Source::Stdin || matches!(client_secret, Some((_, Source::Stdin)));
    let sink = g.printer(&a.change, busy);
    drive::one(&fix, a.username.clone(), &pacing.run(&journal, 1), &sink).await
}

async fn create(g: &Context, a: &CreateArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    if a.username.trim().is_empty() {
        return Err(Error::usage("--username is empty"));
    }
    if !a.email.contains('@') {
        return Err(Error::usage(format!(
            "`{}` is not an email address",
            a.email
        )));
    }
    let password = match &a.temporary_password_file {
        Some(f) => Some(secret::read("temporary password", Some(f), None)?),
        None => None,
    };
    let journal = g.journal(a.change.journal.as_deref(), pool_id.as_str())?;
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let pool = fetch::describe_pool(&client, &pool_id).await?.pool;
    let create = apply::CreateUser {
        pool_id: pool_id.as_str(),
        username: &a.username,
        email: &a.email,
        message_action: a.message_action.map(|m| match m {
            MessageAction::Suppress => "SUPPRESS",
            MessageAction::Resend => "RESEND",
        }),
        delivery: a
            .desired_delivery_mediums
            .iter()
            .map(|d| match d {
                DeliveryMedium::Email => "EMAIL",
                DeliveryMedium::Sms => "SMS",
            })
            .collect(),
        temporary_password: password.map(|(p, _)| p),
    };
    let fix = CreateUser {
        client: &client,
        pool: &pool,
        target: &target,
        create,
    };
    let pacing = Pacing::new(drive::ONE_CHANGE_RPS, drive::READ_RPS);
    let busy = a
        .temporary_password_file
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    let sink = g.printer(&a.change, busy);
    drive::one(&fix, a.username.clone(), &pacing.run(&journal, 1), &sink).await
}
