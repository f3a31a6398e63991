//! `force-alias`: cause 2. Confirm a sign-up moving (or denying) the alias, or create a user
//! with a duplicate verified email.

use aws_sdk_cognitoidentityprovider::types::{DeliveryMediumType, MessageActionType};

use super::change::{self, verified_text, Change, Decision, Plan};
use crate::aws::{self, apply, fetch};
use crate::cli::force_alias::{ConfirmArgs, CreateArgs, DeliveryMedium, MessageAction};
use crate::cli::{ForceAliasArgs, ForceAliasCommand, GlobalArgs};
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::fix::{json_word, push_target, Action, SecretInput, TEMPORARY_PASSWORD};
use crate::model::User;
use crate::secret::{self, Source};
use crate::settings::UserPoolId;

pub async fn run(g: &GlobalArgs, a: &ForceAliasArgs) -> Result<ExitCode> {
    match &a.command {
        ForceAliasCommand::Confirm(c) => confirm(g, c).await,
        ForceAliasCommand::Create(c) => create(g, c).await,
    }
}

/// Users other than `except` that hold `email` verified, when email is an alias in the pool.
async fn holders(
    client: &aws_sdk_cognitoidentityprovider::Client,
    pool_id: &str,
    alias: bool,
    email: Option<&str>,
    except: &str,
) -> Result<Vec<User>> {
    match (alias, email) {
        (true, Some(e)) => Ok(fetch::users_where(client, pool_id, "email", e)
            .await?
            .into_iter()
            .filter(|u| u.username != except && u.email_verified())
            .collect()),
        _ => Ok(Vec::new()),
    }
}

async fn read_back_holders(
    client: &aws_sdk_cognitoidentityprovider::Client,
    pool_id: &str,
    hs: &[User],
) -> Vec<Change> {
    let mut out = Vec::new();
    for h in hs {
        if let Ok(u) = fetch::admin_get_user(client, pool_id, &h.username).await {
            out.push(Change::new(
                format!("{} email_verified", u.username),
                verified_text(&u),
                "\"false\" (alias moved)",
            ));
        }
    }
    out
}

async fn confirm(g: &GlobalArgs, a: &ConfirmArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    for (flag, v) in [("client-id", &a.client_id), ("username", &a.username)] {
        if v.trim().is_empty() {
            return Err(Error::usage(format!("--{flag} is empty")));
        }
    }
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
    let target = super::resolve_target(g, Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let (described, user) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::admin_get_user(&client, pool_id.as_str(), &a.username)
    );
    let (pool, user) = (described?.pool, user?);
    let hs = holders(
        &client,
        pool_id.as_str(),
        pool.email_is_alias(),
        user.email.as_deref(),
        &user.username,
    )
    .await?;
    let force = !a.deny;

    let mut changes = vec![Change::new(
        format!("{} status", user.username),
        user.status.clone(),
        "CONFIRMED",
    )];
    let mut notes = Vec::new();
    match (hs.first(), force) {
        (Some(h), true) => {
            changes.push(Change::new(
                format!("{} email_verified", h.username),
                verified_text(h),
                "\"false\" (the alias moves to this user)",
            ));
            notes.push(format!(
                "{} can no longer sign in with {}",
                h.username,
                user.email.as_deref().unwrap_or_default()
            ));
        }
        (Some(h), false) => {
            changes[0] = Change::new(
                format!("{} status", user.username),
                user.status.clone(),
                "UNCONFIRMED (denied)",
            );
            notes.push(format!(
                "expected answer: AliasExistsException \"An account with the email already exists.\"; {} keeps the alias",
                h.username
            ));
        }
        (None, _) => {
            notes.push("no other user holds this email as a verified alias: nothing moves".into())
        }
    }
    if client_secret.is_some() {
        notes.push("SECRET_HASH is computed from the app client secret".into());
    }
    let mut aws_cli = Action::ConfirmSignUp {
        pool_id: pool_id.to_string(),
        client_id: Some(a.client_id.clone()),
        username: user.username.clone(),
        force_alias: force,
    }
    .aws_cli(&target);
    if client_secret.is_some() {
        aws_cli.push_str(" --secret-hash ");
        aws_cli.push_str(&crate::fix::SECRET_HASH.word());
    }
    let plan = Plan {
        command: format!("force-alias confirm{}", if force { "" } else { " --deny" }),
        call: format!(
            "ConfirmSignUp (ForceAliasCreation={force}, ConfirmationCode=***{})",
            if client_secret.is_some() {
                ", SecretHash=***"
            } else {
                ""
            }
        ),
        subject: vec![
            ("user pool".into(), pool_id.to_string()),
            ("app client".into(), a.client_id.clone()),
            ("user".into(), user.username.clone()),
            (
                "email".into(),
                user.email.clone().unwrap_or_else(|| "(none)".into()),
            ),
        ],
        changes,
        notes,
        aws_cli: Some(aws_cli),
    };
    let mut plan = plan;
    plan.subject.extend(
        hs.iter()
            .map(|h| ("alias held by".to_owned(), h.username.clone())),
    );
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
    let sent =
        apply::confirm_sign_up(&client, &a.client_id, &user.username, &code, force, hash).await;
    let after = fetch::admin_get_user(&client, pool_id.as_str(), &user.username).await?;
    let mut read_back = vec![Change::new(
        format!("{} status", after.username),
        after.status.clone(),
        if force {
            "CONFIRMED"
        } else {
            "CONFIRMED or UNCONFIRMED (denied)"
        },
    )];
    let (ok, result) = match sent {
        Err(e) if e.kind == AwsErrorKind::AliasExists && !force => (
            true,
            format!(
                "denied as planned: Cognito answered AliasExistsException ({}); {} keeps the alias and {} stays {}",
                e.message,
                hs.first().map(|h| h.username.as_str()).unwrap_or("the other user"),
                after.username,
                after.status
            ),
        ),
        Err(e) if e.kind == AwsErrorKind::NotAuthorized && e.message.to_ascii_uppercase().contains("SECRET_HASH") => {
            return Err(Error::refused(format!(
                "the app client has a secret, so ConfirmSignUp needs SECRET_HASH ({}); give the secret with --client-secret-file or COGNITO_CLIENT_SECRET",
                e.message
            )))
        }
        Err(e) => return Err(change::rejected(e)),
        Ok(()) => {
            read_back.extend(read_back_holders(&client, pool_id.as_str(), &hs).await);
            let confirmed = after.status == "CONFIRMED";
            (
                confirmed,
                if confirmed {
                    format!("{} is confirmed{}", after.username, if force && !hs.is_empty() { " and holds the alias" } else { "" })
                } else {
                    format!("{} read back as {}: the confirmation did not take", after.username, after.status)
                },
            )
        }
    };
    change::applied(g, plan, ok, result, read_back)
}

async fn create(g: &GlobalArgs, a: &CreateArgs) -> Result<ExitCode> {
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
    let target = super::resolve_target(g, Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let pool = fetch::describe_pool(&client, &pool_id).await?.pool;
    let hs = holders(
        &client,
        pool_id.as_str(),
        pool.email_is_alias(),
        Some(&a.email),
        &a.username,
    )
    .await?;

    let mut changes = vec![Change::new(
        a.username.clone(),
        "(does not exist)",
        format!("created, email {} verified", a.email),
    )];
    for h in &hs {
        changes.push(Change::new(
            format!("{} email_verified", h.username),
            verified_text(h),
            "\"false\" (the alias moves to the new user)",
        ));
    }
    let mut notes = Vec::new();
    if !pool.email_is_alias() {
        notes.push("email is not an alias in this pool: duplicates are allowed and ForceAliasCreation moves nothing".into());
    }
    let message_action = a.message_action.map(|m| match m {
        MessageAction::Suppress => MessageActionType::Suppress,
        MessageAction::Resend => MessageActionType::Resend,
    });
    let delivery: Vec<DeliveryMediumType> = a
        .desired_delivery_mediums
        .iter()
        .map(|d| match d {
            DeliveryMedium::Email => DeliveryMediumType::Email,
            DeliveryMedium::Sms => DeliveryMediumType::Sms,
        })
        .collect();
    // As JSON input: any email works (shorthand breaks on `,` `'` `[`), and a temporary
    // password reaches the AWS CLI on stdin, not in its argv.
    let mut input = serde_json::json!({
        "UserPoolId": pool_id.as_str(),
        "Username": a.username,
        "UserAttributes": [
            {"Name": "email", "Value": a.email},
            {"Name": "email_verified", "Value": "true"}
        ],
        "ForceAliasCreation": true,
    });
    if let Some(m) = &message_action {
        input["MessageAction"] = serde_json::json!(m.as_str());
    }
    if !delivery.is_empty() {
        input["DesiredDeliveryMediums"] =
            serde_json::json!(delivery.iter().map(|d| d.as_str()).collect::<Vec<_>>());
    }
    let secret_input = password.is_some().then(|| {
        input["TemporaryPassword"] = serde_json::json!(TEMPORARY_PASSWORD.sentinel_text());
        SecretInput::new(&input, &[TEMPORARY_PASSWORD])
    });
    let mut words = match &secret_input {
        Some(_) => SecretInput::aws_words("admin-create-user"),
        None => vec![
            "aws".to_owned(),
            "cognito-idp".to_owned(),
            "admin-create-user".to_owned(),
            "--cli-input-json".to_owned(),
            json_word(&input, &[]),
        ],
    };
    push_target(&mut words, &target);
    let plan = Plan {
        command: "force-alias create".into(),
        call: format!(
            "AdminCreateUser (email_verified=true, ForceAliasCreation=True{}{})",
            message_action
                .as_ref()
                .map(|m| format!(", MessageAction={}", m.as_str()))
                .unwrap_or_default(),
            if password.is_some() {
                ", TemporaryPassword=***"
            } else {
                ""
            }
        ),
        subject: vec![
            ("user pool".into(), pool_id.to_string()),
            ("new user".into(), a.username.clone()),
            ("email".into(), a.email.clone()),
        ],
        changes,
        notes,
        aws_cli: Some(match &secret_input {
            Some(input) => input.wrap(&words.join(" ")),
            None => words.join(" "),
        }),
    };
    let mut plan = plan;
    plan.subject.extend(
        hs.iter()
            .map(|h| ("alias held by".to_owned(), h.username.clone())),
    );
    let stdin_busy = a
        .temporary_password_file
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, stdin_busy)? {
        return change::dry_run(g, plan);
    }
    apply::create_user_taking_alias(
        &client,
        apply::CreateUser {
            pool_id: pool_id.as_str(),
            username: &a.username,
            email: &a.email,
            message_action,
            delivery,
            temporary_password: password.map(|(p, _)| p),
        },
    )
    .await
    .map_err(|e| {
        if e.code.as_deref() == Some("UsernameExistsException") {
            Error::refused(format!(
                "a user named {} already exists; nothing was created",
                a.username
            ))
        } else {
            change::rejected(e)
        }
    })?;
    let after = fetch::admin_get_user(&client, pool_id.as_str(), &a.username).await?;
    let mut read_back = vec![Change::new(
        format!("{} email_verified", after.username),
        verified_text(&after),
        "\"true\"",
    )];
    read_back.extend(read_back_holders(&client, pool_id.as_str(), &hs).await);
    let ok = after.email_verified() && after.email.as_deref() == Some(a.email.as_str());
    change::applied(
        g,
        plan,
        ok,
        if ok {
            format!("{} was created with {} verified", after.username, a.email)
        } else {
            format!(
                "{} read back with email_verified {}: the change did not take as planned",
                after.username,
                verified_text(&after)
            )
        },
        read_back,
    )
}
