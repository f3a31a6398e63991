//! `force-alias create`: a user created with a duplicate verified email (AdminCreateUser with
//! ForceAliasCreation), its temporary password from stdin or a file.

use super::change::{self, verified_text, Change, Check, Decision, Plan};
use super::force_alias::read_back_holders;
use crate::aws::{self, apply, fetch};
use crate::change::journal::Record;
use crate::cli::force_alias::{CreateArgs, DeliveryMedium, MessageAction};
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::fix::{json_word, push_target, SecretInput, TEMPORARY_PASSWORD};
use crate::model::{Pool, User};
use crate::secret::{self};
use crate::settings::UserPoolId;

pub async fn create(g: &super::Context, a: &CreateArgs) -> Result<ExitCode> {
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
    let target = g.target(Some(&pool_id))?;
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
        Err(e) if e.kind == AwsErrorKind::UserNotFound => {}
        Err(e) => return Err(e.into()),
    }
    let hs = fetch::alias_holders_of(&client, &pool, &a.email, &a.username).await?;

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
    let create = apply::CreateUser {
        pool_id: pool_id.as_str(),
        username: &a.username,
        email: &a.email,
        message_action,
        delivery,
        temporary_password: password.map(|(p, _)| p),
    };
    let plan = plan(&create, &target, &pool, &hs);
    let stdin_busy = a
        .temporary_password_file
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, stdin_busy)? {
        return change::dry_run(g, plan);
    }
    let id = pool_id.as_str();
    let read = || read_created(&client, id, &a.username, &a.email, &hs);
    change::settle(
        g,
        &a.change,
        plan,
        change::Settle {
            record: Some(record(id, &a.username, &hs)),
            operation: "AdminCreateUser",
            // Our own earlier attempt, whose reply was lost, makes a repeat fail this way.
            repeat_answers: &["UsernameExistsException"],
            check_cli: crate::change::admin_verify::check_user_cli(id, &a.username, &target),
        },
        || apply::create_user_taking_alias(&client, &create),
        read,
    )
    .await
}

/// The plan of AdminCreateUser: the new user, each alias holder losing the alias, and the AWS
/// CLI line (JSON input: any email works, and a temporary password reaches the AWS CLI on stdin,
/// not in its argv).
fn plan(
    u: &apply::CreateUser<'_>,
    target: &crate::settings::AwsTarget,
    pool: &Pool,
    hs: &[User],
) -> Plan {
    let mut changes = vec![Change::new(
        u.username.to_owned(),
        "(does not exist)",
        format!("created, email {} verified", u.email),
    )];
    for h in hs {
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
    let mut input = serde_json::json!({
        "UserPoolId": u.pool_id,
        "Username": u.username,
        "UserAttributes": [
            {"Name": "email", "Value": u.email},
            {"Name": "email_verified", "Value": "true"}
        ],
        "ForceAliasCreation": true,
    });
    if let Some(m) = &u.message_action {
        input["MessageAction"] = serde_json::json!(m);
    }
    if !u.delivery.is_empty() {
        input["DesiredDeliveryMediums"] = serde_json::json!(u.delivery);
    }
    let password = u.temporary_password.is_some();
    let secret_input = password.then(|| {
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
    push_target(&mut words, target);
    let mut subject = vec![
        ("user pool".into(), u.pool_id.to_owned()),
        ("new user".into(), u.username.to_owned()),
        ("email".into(), u.email.to_owned()),
    ];
    subject.extend(
        hs.iter()
            .map(|h| ("alias held by".to_owned(), h.username.clone())),
    );
    Plan {
        command: "force-alias create".into(),
        call: format!(
            "AdminCreateUser (email_verified=true, ForceAliasCreation=True{}{})",
            u.message_action
                .map(|m| format!(", MessageAction={m}"))
                .unwrap_or_default(),
            if password {
                ", TemporaryPassword=***"
            } else {
                ""
            }
        ),
        subject,
        changes,
        notes,
        aws_cli: Some(match &secret_input {
            Some(input) => input.wrap(&words.join(" ")),
            None => words.join(" "),
        }),
    }
}

/// The journal line: the new user did not exist and is verified; each holder's email_verified
/// as it was, then "false".
fn record(id: &str, username: &str, hs: &[User]) -> Record {
    let mut before = serde_json::json!({ username: null });
    let mut after = serde_json::json!({ username: "true" });
    for h in hs {
        before[&h.username] = serde_json::json!(h.email_verified_raw);
        after[&h.username] = serde_json::json!("false");
    }
    Record {
        user_pool_id: id.to_owned(),
        operation: "AdminCreateUser",
        target: username.to_owned(),
        before,
        after,
    }
}

/// The read-back: the new user with the address verified, and each former holder.
async fn read_created(
    client: &aws::Client,
    id: &str,
    username: &str,
    email: &str,
    hs: &[User],
) -> Result<Check> {
    let after = match fetch::admin_get_user(client, id, username).await {
        Ok(u) => u,
        Err(e) if e.kind == AwsErrorKind::UserNotFound => {
            return Ok(Check {
                observed: None,
                took: false,
                read_back: vec![Change::new(
                    username.to_owned(),
                    "(does not exist)",
                    "created",
                )],
                result: format!("{username} does not exist: nothing was created"),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let mut read_back = vec![Change::new(
        format!("{} email_verified", after.username),
        verified_text(&after),
        "\"true\"",
    )];
    read_back.extend(read_back_holders(client, id, hs, true).await.0);
    let took = after.email_verified() && after.email.as_deref() == Some(email);
    Ok(Check {
        observed: None,
        took,
        read_back,
        result: if took {
            format!("{} was created with {email} verified", after.username)
        } else {
            format!(
                "{} read back with email {} and email_verified {}: not as planned (it may have existed before)",
                after.username,
                after.email.as_deref().unwrap_or("(none)"),
                verified_text(&after)
            )
        },
    })
}
