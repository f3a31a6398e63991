//! `force-alias`: cause 2. Confirm a sign-up moving (or denying) the alias, or create a user
//! with a duplicate verified email.

use super::change::{self, verified_text, Change, Check, Decision, Plan};
use crate::aws::{self, apply, fetch};
use crate::change::journal::Record;
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
    client: &crate::aws::Client,
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

/// The alias holders as read back, with what the plan expects of them: the alias moved away
/// (`moved`), or kept. Also whether every holder reads back as expected.
async fn read_back_holders(
    client: &crate::aws::Client,
    pool_id: &str,
    hs: &[User],
    moved: bool,
) -> (Vec<Change>, bool) {
    let mut out = Vec::new();
    let mut as_planned = true;
    for h in hs {
        if let Ok(u) = fetch::admin_get_user(client, pool_id, &h.username).await {
            as_planned &= u.email_verified() != moved;
            out.push(Change::new(
                format!("{} email_verified", u.username),
                verified_text(&u),
                if moved {
                    "\"false\" (alias moved)"
                } else {
                    "\"true\" (keeps the alias)"
                },
            ));
        }
    }
    (out, as_planned)
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
    let aws_cli = Action::ConfirmSignUp {
        pool_id: pool_id.to_string(),
        client_id: Some(a.client_id.clone()),
        username: user.username.clone(),
        force_alias: Some(force),
        secret_hash: client_secret.is_some(),
    }
    .aws_cli(&target);
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
    let id = pool_id.as_str();
    let deny_planned = !force && !hs.is_empty();
    // Denying is asking the service to refuse: AliasExistsException is the planned answer.
    let write = async {
        match apply::confirm_sign_up(&client, &a.client_id, &user.username, &code, force, hash)
            .await
        {
            Err(e) if e.kind == AwsErrorKind::AliasExists && !force && !hs.is_empty() => Ok(()),
            other => other,
        }
    };
    let read = || async {
        let after = fetch::admin_get_user(&client, id, &user.username).await?;
        let confirmed = after.status == "CONFIRMED";
        // With a holder, denying means: not confirmed, and the holder keeps the alias. Without
        // one, there is nothing to deny and the sign-up is confirmed either way.
        let deny_with_holder = !force && !hs.is_empty();
        let (holders_read, holders_ok) =
            read_back_holders(&client, id, &hs, !deny_with_holder).await;
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
    };
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
    let (pool, existing) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::admin_get_user(&client, pool_id.as_str(), &a.username)
    );
    let pool = pool?.pool;
    // A user of that name before the call: refused here, so that UsernameExistsException from
    // the call itself can only mean an earlier attempt of this run whose reply was lost.
    match existing {
        Ok(u) => {
            return Err(Error::refused(format!(
                "a user named {} already exists (status {}); nothing was created",
                u.username, u.status
            )))
        }
        Err(Error::Aws(e)) if e.kind == AwsErrorKind::UserNotFound => {}
        Err(e) => return Err(e),
    }
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
    let message_action: Option<&'static str> = a.message_action.map(|m| match m {
        MessageAction::Suppress => "SUPPRESS",
        MessageAction::Resend => "RESEND",
    });
    let delivery: Vec<&'static str> = a
        .desired_delivery_mediums
        .iter()
        .map(|d| match d {
            DeliveryMedium::Email => "EMAIL",
            DeliveryMedium::Sms => "SMS",
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
        input["MessageAction"] = serde_json::json!(m);
    }
    if !delivery.is_empty() {
        input["DesiredDeliveryMediums"] = serde_json::json!(delivery);
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
                .map(|m| format!(", MessageAction={m}"))
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
    let id = pool_id.as_str();
    let read = || async {
        let after = match fetch::admin_get_user(&client, id, &a.username).await {
            Ok(u) => u,
            Err(Error::Aws(e)) if e.kind == AwsErrorKind::UserNotFound => {
                return Ok(Check {
                    observed: None,
                    took: false,
                    read_back: vec![Change::new(
                        a.username.clone(),
                        "(does not exist)",
                        "created",
                    )],
                    result: format!("{} does not exist: nothing was created", a.username),
                })
            }
            Err(e) => return Err(e),
        };
        let mut read_back = vec![Change::new(
            format!("{} email_verified", after.username),
            verified_text(&after),
            "\"true\"",
        )];
        read_back.extend(read_back_holders(&client, id, &hs, true).await.0);
        let took = after.email_verified() && after.email.as_deref() == Some(a.email.as_str());
        Ok(Check {
            observed: None,
            took,
            read_back,
            result: if took {
                format!("{} was created with {} verified", after.username, a.email)
            } else {
                format!(
                    "{} read back with email {} and email_verified {}: not as planned (it may have existed before)",
                    after.username,
                    after.email.as_deref().unwrap_or("(none)"),
                    verified_text(&after)
                )
            },
        })
    };
    let mut before = serde_json::json!({ a.username.clone(): null });
    let mut after = serde_json::json!({ a.username.clone(): "true" });
    for h in &hs {
        before[&h.username] = serde_json::json!(h.email_verified_raw);
        after[&h.username] = serde_json::json!("false");
    }
    change::settle(
        g,
        &a.change,
        plan,
        change::Settle {
            record: Some(Record {
                user_pool_id: id.to_owned(),
                operation: "AdminCreateUser",
                target: a.username.clone(),
                before,
                after,
            }),
            operation: "AdminCreateUser",
            // Our own earlier attempt, whose reply was lost, makes a repeat fail this way.
            repeat_answers: &["UsernameExistsException"],
            check_cli: crate::change::admin_verify::check_user_cli(id, &a.username, &target),
        },
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
        ),
        read,
    )
    .await
}
