//! The calls that change a pool or act for a user. Each takes exactly what the plan showed.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, DeliveryMediumType, MessageActionType, UserPoolType, VerifiedAttributeType,
};
use aws_sdk_cognitoidentityprovider::Client;

use super::classify;
use super::convert::{provider_from, user_from_parts};
use crate::error::AwsError;
use crate::model::{Provider, User};
use crate::secret::Secret;

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        // Only a missing name fails the build, and the name is always given here.
        .expect("attribute name is set")
}

/// What an administrator's verification sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifySent {
    /// `email_verified=true` alone: the smallest write.
    Alone,
    /// Refused alone because the service wants the address beside it
    /// ([`crate::fix::ADMIN_VERIFY_FALLBACK`]), then sent once more with `email` as read before.
    WithAddress,
}

/// AdminUpdateUserAttributes with [`crate::fix::ADMIN_VERIFY_ATTRIBUTES`] (`email_verified=true`
/// alone). Only when the service refuses that without the address ("Email is required to
/// verify/un-verify an email", as cognito-local answers) is it sent once more with `email`, the
/// address read before: the plan says so.
pub async fn admin_verify_email(
    client: &Client,
    pool_id: &str,
    username: &str,
    email: &str,
) -> Result<VerifySent, AwsError> {
    let send = |attrs: Vec<AttributeType>| {
        client
            .admin_update_user_attributes()
            .user_pool_id(pool_id)
            .username(username)
            .set_user_attributes(Some(attrs))
            .customize()
            .config_override(sent_once())
            .send()
    };
    let alone = crate::fix::ADMIN_VERIFY_ATTRIBUTES
        .iter()
        .map(|(n, v)| attr(n, v))
        .collect();
    match send(alone)
        .await
        .map_err(|e| classify("AdminUpdateUserAttributes", e))
    {
        Err(e) if wants_address(&e) => {
            send(vec![attr("email", email), attr("email_verified", "true")])
                .await
                .map_err(|e| classify("AdminUpdateUserAttributes", e))?;
            Ok(VerifySent::WithAddress)
        }
        other => other.map(|_| VerifySent::Alone),
    }
}

/// The service refused email_verified without the address beside it.
fn wants_address(e: &AwsError) -> bool {
    e.kind == crate::error::AwsErrorKind::InvalidParameter
        && e.message
            .to_ascii_lowercase()
            .contains(&crate::fix::ADMIN_VERIFY_FALLBACK.to_ascii_lowercase())
}

/// GetUser with the user's access token.
pub async fn get_user(client: &Client, token: &Secret) -> Result<User, AwsError> {
    let out = client
        .get_user()
        .access_token(token.expose())
        .send()
        .await
        .map_err(|e| classify("GetUser", e))?;
    Ok(user_from_parts(
        out.username(),
        None,
        None,
        None,
        None,
        out.user_attributes(),
    ))
}

/// GetUserAttributeVerificationCode for email; returns where the code went (masked by Cognito).
pub async fn send_code(client: &Client, token: &Secret) -> Result<Option<String>, AwsError> {
    let out = client
        .get_user_attribute_verification_code()
        .access_token(token.expose())
        .attribute_name("email")
        .send()
        .await
        .map_err(|e| classify("GetUserAttributeVerificationCode", e))?;
    Ok(out
        .code_delivery_details()
        .and_then(|d| d.destination())
        .map(str::to_owned))
}

/// VerifyUserAttribute for email.
pub async fn verify_code(client: &Client, token: &Secret, code: &Secret) -> Result<(), AwsError> {
    client
        .verify_user_attribute()
        .access_token(token.expose())
        .attribute_name("email")
        .code(code.expose())
        .customize()
        .config_override(sent_once())
        .send()
        .await
        .map_err(|e| classify("VerifyUserAttribute", e))?;
    Ok(())
}

/// Every write is sent once by the SDK: a throttle goes back to the one pacer
/// (`change::settle`), which slows and sends it again; a lost reply or a 5xx goes to
/// the read-back, which says whether it took (a repeat of an applied AdminCreateUser or
/// ConfirmSignUp fails, so nothing is resent blindly).
/// AdminCreateUser with MessageAction RESEND and DesiredDeliveryMediums EMAIL: a new invitation
/// (temporary password) for a user in FORCE_CHANGE_PASSWORD, by email (the API's default medium
/// is SMS). Nothing else is sent: the user's attributes stay as they are.
pub async fn resend_invitation(
    client: &Client,
    pool_id: &str,
    username: &str,
) -> Result<(), AwsError> {
    client
        .admin_create_user()
        .user_pool_id(pool_id)
        .username(username)
        .message_action(MessageActionType::Resend)
        .desired_delivery_mediums(DeliveryMediumType::Email)
        .customize()
        .config_override(sent_once())
        .send()
        .await
        .map(|_| ())
        .map_err(|e| classify("AdminCreateUser", e))
}

fn sent_once() -> aws_sdk_cognitoidentityprovider::config::Builder {
    aws_sdk_cognitoidentityprovider::config::Builder::default().retry_config(
        aws_sdk_cognitoidentityprovider::config::retry::RetryConfig::standard()
            .with_max_attempts(1),
    )
}

/// ConfirmSignUp with an explicit ForceAliasCreation.
pub async fn confirm_sign_up(
    client: &Client,
    client_id: &str,
    username: &str,
    code: &Secret,
    force_alias: bool,
    secret_hash: Option<String>,
) -> Result<(), AwsError> {
    client
        .confirm_sign_up()
        .client_id(client_id)
        .username(username)
        .confirmation_code(code.expose())
        .force_alias_creation(force_alias)
        .set_secret_hash(secret_hash)
        .customize()
        .config_override(sent_once())
        .send()
        .await
        .map_err(|e| classify("ConfirmSignUp", e))?;
    Ok(())
}

/// What AdminCreateUser is sent by `force-alias create`.
pub struct CreateUser<'a> {
    pub pool_id: &'a str,
    pub username: &'a str,
    pub email: &'a str,
    /// SUPPRESS or RESEND, as the API names them.
    pub message_action: Option<&'static str>,
    /// EMAIL, SMS.
    pub delivery: Vec<&'static str>,
    pub temporary_password: Option<Secret>,
}

/// AdminCreateUser with email_verified "true" (the form apps compare) and ForceAliasCreation.
pub async fn create_user_taking_alias(client: &Client, u: &CreateUser<'_>) -> Result<(), AwsError> {
    client
        .admin_create_user()
        .user_pool_id(u.pool_id)
        .username(u.username)
        .user_attributes(attr("email", u.email))
        .user_attributes(attr("email_verified", "true"))
        .force_alias_creation(true)
        .set_message_action(u.message_action.map(MessageActionType::from))
        .set_desired_delivery_mediums((!u.delivery.is_empty()).then(|| {
            u.delivery
                .iter()
                .map(|d| DeliveryMediumType::from(*d))
                .collect()
        }))
        .set_temporary_password(u.temporary_password.as_ref().map(|p| p.expose().to_owned()))
        .customize()
        .config_override(sent_once())
        .send()
        .await
        .map_err(|e| classify("AdminCreateUser", e))?;
    Ok(())
}

pub async fn describe_provider(
    client: &Client,
    pool_id: &str,
    name: &str,
) -> Result<Provider, AwsError> {
    let out = client
        .describe_identity_provider()
        .user_pool_id(pool_id)
        .provider_name(name)
        .send()
        .await
        .map_err(|e| classify("DescribeIdentityProvider", e))?;
    Ok(out
        .identity_provider()
        .map(provider_from)
        .unwrap_or_default())
}

/// UpdateIdentityProvider with the complete AttributeMapping and nothing else: ProviderDetails
/// (which holds the client secret) and IdpIdentifiers are left as they are.
pub async fn update_provider_mapping(
    client: &Client,
    pool_id: &str,
    name: &str,
    mapping: &BTreeMap<String, String>,
) -> Result<(), AwsError> {
    let mapping: HashMap<String, String> = mapping
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    client
        .update_identity_provider()
        .user_pool_id(pool_id)
        .provider_name(name)
        .set_attribute_mapping(Some(mapping))
        .customize()
        .config_override(sent_once())
        .send()
        .await
        .map_err(|e| classify("UpdateIdentityProvider", e))?;
    Ok(())
}

/// Puts a user's email_verified back to `value` exactly: the string as it was, or removed when it
/// was absent (AdminDeleteUserAttributes).
pub async fn restore_email_verified(
    client: &Client,
    pool_id: &str,
    username: &str,
    value: Option<&str>,
) -> Result<(), AwsError> {
    match value {
        Some(v) => {
            client
                .admin_update_user_attributes()
                .user_pool_id(pool_id)
                .username(username)
                .user_attributes(attr("email_verified", v))
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(|e| classify("AdminUpdateUserAttributes", e))?;
        }
        None => {
            client
                .admin_delete_user_attributes()
                .user_pool_id(pool_id)
                .username(username)
                .user_attribute_names("email_verified")
                .customize()
                .config_override(sent_once())
                .send()
                .await
                .map_err(|e| classify("AdminDeleteUserAttributes", e))?;
        }
    }
    Ok(())
}

/// UpdateUserPool carrying over every setting DescribeUserPool returned, with a new
/// AutoVerifiedAttributes. UpdateUserPool resets whatever it is not sent. The same two
/// adjustments as [`crate::wire::update_input_from_described`] keep the request valid.
pub async fn update_pool_auto_verified(
    client: &Client,
    p: &UserPoolType,
    auto_verified: &[String],
) -> Result<(), AwsError> {
    let auto_verified: Vec<VerifiedAttributeType> = auto_verified
        .iter()
        .map(|s| VerifiedAttributeType::from(s.as_str()))
        .collect();
    let template = p.verification_message_template();
    let same = |legacy: Option<&str>, modern: Option<&str>| legacy.is_some() && legacy == modern;
    let keep = |legacy: Option<&str>, modern: Option<&str>| {
        (!same(legacy, modern))
            .then(|| legacy.map(str::to_owned))
            .flatten()
    };
    let mut admin_cfg = p.admin_create_user_config().cloned();
    let has_temp_days = p
        .policies()
        .and_then(|x| x.password_policy())
        .is_some_and(|pp| pp.temporary_password_validity_days() != 0);
    if let (Some(cfg), true) = (admin_cfg.as_mut(), has_temp_days) {
        cfg.unused_account_validity_days = 0;
    }
    client
        .update_user_pool()
        .user_pool_id(p.id().unwrap_or_default())
        .set_policies(p.policies().cloned())
        .set_deletion_protection(p.deletion_protection().cloned())
        .set_lambda_config(p.lambda_config().cloned())
        .set_auto_verified_attributes(Some(auto_verified))
        .set_sms_verification_message(keep(
            p.sms_verification_message(),
            template.and_then(|t| t.sms_message()),
        ))
        .set_email_verification_message(keep(
            p.email_verification_message(),
            template.and_then(|t| t.email_message()),
        ))
        .set_email_verification_subject(keep(
            p.email_verification_subject(),
            template.and_then(|t| t.email_subject()),
        ))
        .set_verification_message_template(template.cloned())
        .set_sms_authentication_message(p.sms_authentication_message().map(str::to_owned))
        .set_user_attribute_update_settings(p.user_attribute_update_settings().cloned())
        .set_mfa_configuration(p.mfa_configuration().cloned())
        .set_device_configuration(p.device_configuration().cloned())
        .set_email_configuration(p.email_configuration().cloned())
        .set_sms_configuration(p.sms_configuration().cloned())
        .set_user_pool_tags(p.user_pool_tags().cloned())
        .set_admin_create_user_config(admin_cfg)
        .set_user_pool_add_ons(p.user_pool_add_ons().cloned())
        .set_account_recovery_setting(p.account_recovery_setting().cloned())
        .set_pool_name(p.name().map(str::to_owned))
        .set_user_pool_tier(p.user_pool_tier().cloned())
        .set_key_configuration(p.key_configuration().cloned())
        .set_issuer_configuration(p.issuer_configuration().cloned())
        .set_acr_configuration(p.acr_configuration().cloned())
        .customize()
        .config_override(sent_once())
        .send()
        .await
        .map_err(|e| classify("UpdateUserPool", e))?;
    Ok(())
}

#[cfg(test)]
mod mocked {
    //! Request shapes moto cannot check (it lacks the user-side code calls and ignores
    //! ForceAliasCreation): each rule matches only the exact parameters, so a wrong one fails.
    use aws_sdk_cognitoidentityprovider::operation::admin_create_user::AdminCreateUserOutput;
    use aws_sdk_cognitoidentityprovider::operation::confirm_sign_up::ConfirmSignUpOutput;
    use aws_sdk_cognitoidentityprovider::operation::get_user_attribute_verification_code::GetUserAttributeVerificationCodeOutput;
    use aws_sdk_cognitoidentityprovider::operation::update_user_pool::UpdateUserPoolOutput;
    use aws_sdk_cognitoidentityprovider::operation::verify_user_attribute::VerifyUserAttributeOutput;
    use aws_sdk_cognitoidentityprovider::types::{
        AdminCreateUserConfigType, CodeDeliveryDetailsType, PasswordPolicyType, UserPoolPolicyType,
        VerificationMessageTemplateType,
    };
    use aws_sdk_cognitoidentityprovider::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;
    use crate::error::AwsErrorKind;

    fn token() -> Secret {
        Secret::new("header.payload.sig".into())
    }

    #[tokio::test]
    async fn send_code_asks_for_email_with_the_token() {
        let rule = mock!(Client::get_user_attribute_verification_code)
            .match_requests(|r| {
                r.access_token() == Some("header.payload.sig")
                    && r.attribute_name() == Some("email")
            })
            .then_output(|| {
                GetUserAttributeVerificationCodeOutput::builder()
                    .code_delivery_details(
                        CodeDeliveryDetailsType::builder()
                            .destination("a***@e***.com")
                            .build(),
                    )
                    .build()
            });
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&rule]);
        assert_eq!(
            send_code(&client, &token()).await.unwrap().as_deref(),
            Some("a***@e***.com")
        );
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn code_limits_are_reported_not_hidden() {
        let rule = mock!(Client::get_user_attribute_verification_code).then_http_response(|| {
            HttpResponse::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(r#"{"__type":"LimitExceededException","message":"Attempt limit exceeded, please try after some time."}"#),
            )
        });
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&rule]);
        let e = send_code(&client, &token()).await.unwrap_err();
        assert_eq!(e.kind, AwsErrorKind::LimitExceeded);
        assert!(e.message.contains("Attempt limit exceeded"));
    }

    #[tokio::test]
    async fn verify_sends_email_code_and_token() {
        let rule = mock!(Client::verify_user_attribute)
            .match_requests(|r| {
                r.access_token() == Some("header.payload.sig")
                    && r.attribute_name() == Some("email")
                    && r.code() == Some("654321")
            })
            .then_output(|| VerifyUserAttributeOutput::builder().build());
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&rule]);
        verify_code(&client, &token(), &Secret::new("654321".into()))
            .await
            .unwrap();
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn confirm_sends_force_alias_creation_explicitly_and_the_secret_hash() {
        let allow = mock!(Client::confirm_sign_up)
            .match_requests(|r| {
                r.force_alias_creation() == Some(true)
                    && r.client_id() == Some("client1")
                    && r.username() == Some("taker")
                    && r.confirmation_code() == Some("111111")
                    && r.secret_hash() == Some("HASH")
            })
            .then_output(|| ConfirmSignUpOutput::builder().build());
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&allow]);
        confirm_sign_up(
            &client,
            "client1",
            "taker",
            &Secret::new("111111".into()),
            true,
            Some("HASH".into()),
        )
        .await
        .unwrap();

        let deny = mock!(Client::confirm_sign_up)
            .match_requests(|r| r.force_alias_creation() == Some(false) && r.secret_hash().is_none())
            .then_http_response(|| {
                HttpResponse::new(
                    StatusCode::try_from(400).unwrap(),
                    SdkBody::from(r#"{"__type":"AliasExistsException","message":"An account with the email already exists."}"#),
                )
            });
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&deny]);
        let e = confirm_sign_up(
            &client,
            "client1",
            "taker",
            &Secret::new("111111".into()),
            false,
            None,
        )
        .await
        .unwrap_err();
        assert_eq!(e.kind, AwsErrorKind::AliasExists);
        assert_eq!(e.message, "An account with the email already exists.");
    }

    #[tokio::test]
    async fn create_sends_a_verified_email_and_force_alias_creation() {
        let rule = mock!(Client::admin_create_user)
            .match_requests(|r| {
                let attrs: Vec<(&str, Option<&str>)> = r
                    .user_attributes()
                    .iter()
                    .map(|a| (a.name(), a.value()))
                    .collect();
                r.force_alias_creation() == Some(true)
                    && attrs
                        == [
                            ("email", Some("dup@example.com")),
                            ("email_verified", Some("true")),
                        ]
                    && r.message_action() == Some(&MessageActionType::Suppress)
                    && r.temporary_password() == Some("Temp-Passw0rd")
            })
            .then_output(|| AdminCreateUserOutput::builder().build());
        let client = mock_client!(aws_sdk_cognitoidentityprovider, [&rule]);
        create_user_taking_alias(
            &client,
            &CreateUser {
                pool_id: "us-east-1_x",
                username: "dupe",
                email: "dup@example.com",
                message_action: Some("SUPPRESS"),
                delivery: Vec::new(),
                temporary_password: Some(Secret::new("Temp-Passw0rd".into())),
            },
        )
        .await
        .unwrap();
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn update_user_pool_carries_settings_without_the_pairs_the_service_refuses() {
        let described = UserPoolType::builder()
            .id("us-east-1_x")
            .name("prod")
            .policies(
                UserPoolPolicyType::builder()
                    .password_policy(
                        PasswordPolicyType::builder()
                            .minimum_length(14)
                            .temporary_password_validity_days(3)
                            .build(),
                    )
                    .build(),
            )
            .admin_create_user_config(
                AdminCreateUserConfigType::builder()
                    .allow_admin_create_user_only(true)
                    .unused_account_validity_days(3)
                    .build(),
            )
            .email_verification_subject("Code")
            .verification_message_template(
                VerificationMessageTemplateType::builder()
                    .email_subject("Code")
                    .build(),
            )
            .build();
        let rule = mock!(Client::update_user_pool)
            .match_requests(|r| {
                r.user_pool_id() == Some("us-east-1_x")
                    && r.pool_name() == Some("prod")
                    && r.auto_verified_attributes() == [VerifiedAttributeType::Email]
                    && r.policies()
                        .and_then(|p| p.password_policy())
                        .and_then(|p| p.minimum_length())
                        == Some(14)
                    && r.admin_create_user_config().is_some_and(|c| {
                        c.allow_admin_create_user_only() && c.unused_account_validity_days() == 0
                    })
                    && r.email_verification_subject().is_none()
                    && r.verification_message_template()
                        .and_then(|t| t.email_subject())
                        == Some("Code")
            })
            .then_output(|| UpdateUserPoolOutput::builder().build());
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::Sequential,
            [&rule]
        );
        update_pool_auto_verified(&client, &described, &["email".to_owned()])
            .await
            .unwrap();
        assert_eq!(rule.num_calls(), 1);
    }
}
