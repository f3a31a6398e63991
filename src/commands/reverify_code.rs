//! `reverify --send-code` and `reverify --code`: the user's own code flow, with the user's access
//! token (read from stdin or a file, never argv).

use super::change::{self, verified_text, Change, Check, Decision, Plan, Settle};
use crate::aws::apply;
use crate::change::admin_verify::verified_record;
use crate::cli::ReverifyArgs;
use crate::error::{AwsErrorKind, Error, ExitCode, Result};
use crate::fix::Action;
use crate::model::User;
use crate::secret::{self, Source};

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

pub async fn send_code(g: &super::Context, a: &ReverifyArgs) -> Result<ExitCode> {
    let (token, source, target, pool, client) = g
        .user_side(a.access_token_file.as_deref(), a.user_pool_id.as_deref())
        .await?;
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

pub async fn verify(g: &super::Context, a: &ReverifyArgs) -> Result<ExitCode> {
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
    let (token, source, target, pool, client) = g
        .user_side(a.access_token_file.as_deref(), a.user_pool_id.as_deref())
        .await?;
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
    let write = || apply::verify_code(&client, &token, &code);
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
