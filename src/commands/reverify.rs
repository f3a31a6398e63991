//! `reverify`: cause 1. An administrator marks the email verified, or the user gets a code and
//! submits it.

use super::change::{self, verified_text, Change, Check, Decision, Plan, Settle};
use crate::aws::{self, apply, fetch};
use crate::change::admin_verify::{
    alias_holders, check_user_cli, reverts_at_sign_in, verified_record,
};
use crate::cli::{GlobalArgs, ReverifyArgs};
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::fix::Action;
use crate::model::User;
use crate::secret::{self, Secret, Source};
use crate::settings::{AwsTarget, UserPoolId};

pub async fn run(g: &GlobalArgs, a: &ReverifyArgs) -> Result<ExitCode> {
    if a.admin && a.from.is_some() {
        super::bulk_reverify::run(g, a).await
    } else if a.admin {
        admin(g, a).await
    } else if a.send_code {
        send_code(g, a).await
    } else {
        verify(g, a).await
    }
}

async fn admin(g: &GlobalArgs, a: &ReverifyArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(a.user_pool_id.as_deref().unwrap_or_default())?;
    let username = a.username.clone().unwrap_or_default();
    if username.trim().is_empty() {
        return Err(Error::usage(
            "--admin needs --username U (one user) or --from FILE (many)",
        ));
    }
    let target = super::resolve_target(g, Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let (described, user) = tokio::join!(
        fetch::describe_pool(&client, &pool_id),
        fetch::admin_get_user(&client, pool_id.as_str(), &username)
    );
    let (pool, user) = (described?.pool, user?);
    let Some(email) = user.email.clone() else {
        return Err(Error::refused(format!(
            "user {} has no email to verify; set one first (aws cognito-idp admin-update-user-attributes ... Name=email,Value=...)",
            user.username
        )));
    };
    let holders = alias_holders(&client, &pool, &user).await?;
    let mut changes = vec![Change::new(
        format!("{} email_verified", user.username),
        verified_text(&user),
        "\"true\"",
    )];
    for h in &holders {
        changes.push(Change::new(
            format!("{} email_verified", h.username),
            verified_text(h),
            "\"false\" (the alias moves away from it)",
        ));
    }
    let mut notes = Vec::new();
    let reverts = if user.is_federated() {
        let why = reverts_at_sign_in(&client, &pool, &user, &target).await;
        if why.is_none() {
            notes.push(format!(
                "{} is federated, but no provider of it maps email: sign-ins do not rewrite the email, so this fix holds",
                user.username
            ));
        }
        why
    } else {
        None
    };
    if let Some(why) = &reverts {
        notes.push(why.clone());
    }
    let action = Action::admin_verify(&pool, &user, a.take_alias);
    let sent = crate::fix::admin_verify_attributes(&pool, &email);
    if sent.len() == 1 {
        notes.push(format!(
            "email_verified is sent alone: email is a {} attribute of this pool, so the address is not sent again (unless the service refuses it without the address, as cognito-local does: then once more with the unchanged address)",
            if pool.username_attributes.iter().any(|x| x == "email") { "username" } else { "alias" }
        ));
    }
    let plan = Plan {
        command: format!(
            "reverify --admin{}",
            if a.take_alias { " --take-alias" } else { "" }
        ),
        call: format!(
            "AdminUpdateUserAttributes ({})",
            action.attributes_sent().unwrap_or_default()
        ),
        subject: [
            ("user pool".to_owned(), pool_id.to_string()),
            ("user".to_owned(), user.username.clone()),
            ("email".to_owned(), email.clone()),
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
        aws_cli: Some(action.aws_cli(&target)),
    };
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
    let read = || async {
        let after = fetch::admin_get_user(&client, id, &user.username).await?;
        let mut read_back = vec![Change::new(
            format!("{} email_verified", after.username),
            verified_text(&after),
            "\"true\"",
        )];
        let mut observed = serde_json::json!({ after.username.clone(): after.email_verified_raw });
        // Every holder must read back without the alias: a holder still verified means the alias
        // did not move, whatever this user reads.
        let mut kept = Vec::new();
        for h in &holders {
            let hu = fetch::admin_get_user(&client, id, &h.username).await?;
            read_back.push(Change::new(
                format!("{} email_verified", hu.username),
                verified_text(&hu),
                "\"false\"",
            ));
            observed[&hu.username] = serde_json::json!(hu.email_verified_raw);
            if hu.email_verified() {
                kept.push(hu.username.clone());
            }
        }
        let verified = after.email_verified_raw.as_deref() == Some("true");
        let took = verified && kept.is_empty();
        let result = if took {
            format!("{}'s email {email} is verified", after.username)
        } else if verified {
            format!(
                "{}'s email reads verified, but {} still read{} back verified: the alias did not move as planned",
                after.username,
                kept.join(", "),
                if kept.len() == 1 { "s" } else { "" }
            )
        } else {
            format!(
                "email_verified of {} read back as {}: the change did not take",
                after.username,
                verified_text(&after)
            )
        };
        Ok(Check {
            observed: Some(observed),
            took,
            read_back,
            result,
        })
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
        apply::admin_verify_email(&client, id, &user.username, &sent, &email),
        read,
    )
    .await
    .map_err(|e| explain_alias_refusal(e, &email, &holders))
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

/// The user's access token, the region and pool from its issuer, and a client that does not
/// retry: LimitExceededException on codes must be explained, not retried.
async fn user_side(
    g: &GlobalArgs,
    a: &ReverifyArgs,
) -> Result<(Secret, Source, AwsTarget, String, crate::aws::Client)> {
    let (token, source) = secret::read(
        "access token",
        a.access_token_file.as_deref(),
        Some("COGNITO_ACCESS_TOKEN"),
    )?;
    let claims = secret::token_claims(&token)?;
    if let Some(given) = a.user_pool_id.as_deref() {
        if given != claims.user_pool_id {
            return Err(Error::usage(format!(
                "--user-pool-id {given} is not the pool of the access token ({}); the token decides the pool, so leave --user-pool-id out",
                claims.user_pool_id
            )));
        }
    }
    let target = super::resolve_target_with(
        g,
        claims.region.as_deref(),
        format!(
            "the access token was issued by {}, not by AWS, so it does not say where to go; give --region and --endpoint-url",
            claims.issuer
        ),
    )?;
    if claims.region.is_none() && target.endpoint_url.is_none() {
        return Err(Error::usage(format!(
            "the access token was issued by {}, not by AWS; give --endpoint-url (and --region) for that Cognito",
            claims.issuer
        )));
    }
    let client = aws::client(
        &target,
        &aws::ClientOptions {
            max_attempts: Some(1),
            ..Default::default()
        },
    )
    .await?;
    Ok((token, source, target, claims.user_pool_id, client))
}

fn token_error(e: crate::error::AwsError) -> Error {
    if e.kind == AwsErrorKind::NotAuthorized {
        Error::Aws(crate::error::AwsError {
            message: format!("{} (the access token is expired, revoked or from another pool; ask the user to sign in again)", e.message),
            ..e
        })
    } else {
        Error::Aws(e)
    }
}

/// Where a user-side call acts: the pool from the token, the user and its email.
fn token_subject(pool: String, user: &User) -> Vec<(String, String)> {
    vec![
        ("user pool".into(), pool),
        ("user".into(), user.username.clone()),
        (
            "email".into(),
            user.email.clone().unwrap_or_else(|| "(none)".into()),
        ),
    ]
}

/// Federated users' email comes from the provider at each sign-in: a code cannot fix it. The
/// user side cannot read the provider's mapping, so `--anyway` is the operator's word that the
/// provider does not map email.
fn refuse_federated(user: &User, anyway: bool) -> Option<String> {
    (user.is_federated() && !anyway).then(|| {
        let via: Vec<&str> = user.identities.iter().map(|i| i.provider_name.as_str()).collect();
        format!(
            "{} is federated through {}: a code cannot verify an email the provider maps, because the next sign-in writes it again; map the provider's email-verified claim with map-idp (or rerun with --anyway if the provider does not map email)",
            user.username,
            if via.is_empty() { "an identity provider".to_owned() } else { via.join(", ") }
        )
    })
}

async fn send_code(g: &GlobalArgs, a: &ReverifyArgs) -> Result<ExitCode> {
    let (token, source, target, pool, client) = user_side(g, a).await?;
    let user = apply::get_user(&client, &token)
        .await
        .map_err(token_error)?;
    let plan = Plan {
        command: "reverify --send-code".into(),
        call: "GetUserAttributeVerificationCode (AttributeName=email, AccessToken=***)".into(),
        subject: token_subject(pool, &user),
        changes: vec![Change::new(
            "verification code",
            "(not known: the API does not say whether one is pending)",
            "a new code, sent by Cognito to the user's email",
        )],
        notes: vec![
            "the code is valid for 24 hours; send again if it expired".into(),
            "Cognito limits how many codes a user may request per hour, and the default email sender sends 50 messages a day".into(),
        ],
        aws_cli: Some(Action::SendCode.aws_cli(&target)),
    };
    if let Some(why) = refuse_federated(&user, a.anyway) {
        return change::refuse(g, plan, why);
    }
    if user.email.is_none() {
        return change::refuse(
            g,
            plan,
            format!("{} has no email to send a code to", user.username),
        );
    }
    if user.email_verified() {
        return change::nothing_to_do(
            g,
            plan,
            format!(
                "{}'s email is already verified; no code sent",
                user.username
            ),
        );
    }
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, source == Source::Stdin)? {
        return change::dry_run(g, plan);
    }
    let sent = apply::send_code(&client, &token).await.map_err(|e| match e.kind {
        AwsErrorKind::LimitExceeded | AwsErrorKind::Throttled => Error::Aws(crate::error::AwsError {
            message: format!(
                "{}; Cognito caps verification codes per user per hour and the default email sender at 50 messages a day per account: wait before sending again, or configure Amazon SES for the pool",
                e.message
            ),
            ..e
        }),
        AwsErrorKind::InvalidParameter => change::rejected(e),
        _ => token_error(e),
    });
    let destination = match sent {
        Ok(d) => d,
        Err(e) => return change::failed(g, plan, e),
    };
    // Only what the service said: the masked destination it returned, or that it returned none.
    let (result, delivered) = match destination {
        Some(d) => (
            format!("Cognito sent a code to {d}; submit it with `reverify --code-file F --access-token-file F`"),
            d,
        ),
        None => (
            "Cognito accepted the request and returned no delivery details; the code goes to the user's email unless a trigger sends it; submit it with `reverify --code-file F --access-token-file F`".to_owned(),
            "(no delivery details returned)".to_owned(),
        ),
    };
    change::applied(
        g,
        plan,
        true,
        result,
        vec![Change::new("code delivery", delivered, "the user's email")],
    )
}

async fn verify(g: &GlobalArgs, a: &ReverifyArgs) -> Result<ExitCode> {
    let (code, code_source) = secret::code(
        "verification code",
        a.code.as_deref(),
        a.code_file.as_deref(),
    )?;
    if code_source == Source::Stdin
        && a.access_token_file
            .as_deref()
            .is_some_and(|p| p.as_os_str() == "-")
    {
        return Err(Error::usage("the code and the access token cannot both come from stdin; put one in a file or the token in COGNITO_ACCESS_TOKEN"));
    }
    let (token, source, target, pool, client) = user_side(g, a).await?;
    let user = apply::get_user(&client, &token)
        .await
        .map_err(token_error)?;
    let plan = Plan {
        command: "reverify --code-file".into(),
        call: "VerifyUserAttribute (AttributeName=email, Code=***, AccessToken=***)".into(),
        subject: token_subject(pool.clone(), &user),
        changes: vec![Change::new(
            "email_verified",
            verified_text(&user),
            "\"true\"",
        )],
        notes: Vec::new(),
        aws_cli: Some(Action::VerifyCode.aws_cli(&target)),
    };
    if let Some(why) = refuse_federated(&user, a.anyway) {
        return change::refuse(g, plan, why);
    }
    // An email that reads verified may still have a change pending: in a pool whose
    // AttributesRequireVerificationBeforeUpdate includes email, the old address stays verified
    // until this very code is submitted. So the code is always submitted, as the AWS CLI's
    // verify-user-attribute does; the service says whether it matches.
    let mut plan = plan;
    if user.email_verified() {
        plan.notes.push(format!(
            "{}'s current address reads verified: the code applies a pending change of address, if there is one (a pool that keeps the old address until the new one is verified); otherwise the service rejects it",
            user.username
        ));
    }
    let was = user.email.clone();
    let was_verified = user.email_verified();
    let stdin_busy = source == Source::Stdin || code_source == Source::Stdin;
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, stdin_busy)? {
        return change::dry_run(g, plan);
    }
    let read = || async {
        let after = apply::get_user(&client, &token)
            .await
            .map_err(token_error)?;
        // Verified now proves the code took only when it was not before, or the address moved.
        let took = after.email_verified() && (!was_verified || after.email != was);
        Ok(Check {
            observed: None,
            took,
            result: if took && after.email != was {
                format!(
                    "{}'s email is now {}, verified (the pending change was applied)",
                    after.username,
                    after.email.as_deref().unwrap_or_default()
                )
            } else if took {
                format!("{}'s email is verified", after.username)
            } else {
                format!(
                    "email_verified read back as {}: the change did not take",
                    verified_text(&after)
                )
            },
            read_back: vec![Change::new(
                "email_verified",
                verified_text(&after),
                "\"true\"",
            )],
        })
    };
    let write = async { apply::verify_code(&client, &token, &code).await };
    let mut record = verified_record(&pool, &user, &[]);
    record.operation = "VerifyUserAttribute";
    change::settle(
        g,
        &a.change,
        plan,
        Settle {
            record: Some(record),
            operation: "VerifyUserAttribute",
            // A repeat of a code that was accepted no longer matches.
            repeat_answers: &["CodeMismatchException", "ExpiredCodeException"],
            check_cli:
                "aws cognito-idp get-user (with the user's access token) and look at email_verified"
                    .into(),
        },
        write,
        read,
    )
    .await
    .map_err(|e| match e {
        Error::Aws(e)
            if !matches!(
                e.kind,
                AwsErrorKind::CodeMismatch | AwsErrorKind::ExpiredCode
            ) =>
        {
            token_error(e)
        }
        other => other,
    })
}
