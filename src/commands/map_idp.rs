//! `map-idp`: add email_verified to a provider's attribute mapping, keeping every other mapping.

use super::change::{self, Change, Check, Decision, Plan};
use crate::aws::{self, apply};
use crate::change::journal::Record;
use crate::cli::MapIdpArgs;
use crate::error::{Error, ExitCode, Result};
use crate::fix::Action;
use crate::model::Provider;
use crate::settings::UserPoolId;
use std::collections::BTreeMap;

pub async fn run(g: &super::Context, a: &MapIdpArgs) -> Result<ExitCode> {
    let pool_id = UserPoolId::parse(&a.user_pool_id)?;
    if a.provider_name.trim().is_empty() {
        return Err(Error::usage(
            "--provider-name is empty; give the provider's name in the pool",
        ));
    }
    let target = g.target(Some(&pool_id))?;
    let client = aws::client(&target, &aws::ClientOptions::default()).await?;
    let provider = apply::describe_provider(&client, pool_id.as_str(), &a.provider_name).await?;

    let claim = match (&a.claim, provider.default_verified_claim()) {
        (Some(c), _) if !c.trim().is_empty() => c.trim().to_owned(),
        (Some(_), _) => return Err(Error::usage("--claim is empty; give the provider claim to map")),
        (None, Some(c)) => c.to_owned(),
        (None, None) => {
            return Err(Error::usage(format!(
                "{} is a {} provider, which has no standard email-verified claim; give --claim with the claim (for SAML, the attribute name) your provider sends",
                provider.name, provider.provider_type
            )))
        }
    };
    let merged = Action::merged_mapping(&provider.attribute_mapping, &claim);
    let plan = plan(&pool_id, &target, &provider, &merged, &claim);
    if provider.attribute_mapping.get("email_verified") == Some(&claim) {
        return change::nothing_to_do(
            g,
            plan,
            format!(
                "{} already maps {claim} to email_verified; nothing changed",
                provider.name
            ),
        );
    }
    if let Decision::DryRun = change::confirm(g, &a.change, &plan, false)? {
        return change::dry_run(g, plan);
    }
    let id = pool_id.as_str();
    let read = || read_mapping(&client, id, &provider, &merged, &claim);
    let mut check = vec!["aws".to_owned(), "cognito-idp".to_owned()];
    crate::fix::push(
        &mut check,
        &[
            "describe-identity-provider",
            "--user-pool-id",
            id,
            "--provider-name",
            &provider.name,
            "--query",
            "IdentityProvider.AttributeMapping",
        ],
    );
    crate::fix::push_target(&mut check, &target);
    change::settle(
        g,
        &a.change,
        plan,
        change::Settle {
            operation: "UpdateIdentityProvider",
            repeat_answers: &[],
            check_cli: check.join(" "),
            record: Some(Record {
                user_pool_id: id.to_owned(),
                operation: "UpdateIdentityProvider",
                target: provider.name.clone(),
                before: serde_json::json!({ "AttributeMapping": provider.attribute_mapping }),
                after: serde_json::json!({ "AttributeMapping": merged }),
            }),
        },
        || apply::update_provider_mapping(&client, id, &provider.name, &merged),
        read,
    )
    .await
}

/// The plan of UpdateIdentityProvider: every mapping, the new one among them.
fn plan(
    pool_id: &UserPoolId,
    target: &crate::settings::AwsTarget,
    provider: &Provider,
    merged: &BTreeMap<String, String>,
    claim: &str,
) -> Plan {
    let mut changes = Vec::new();
    for (k, v) in merged {
        let before = provider
            .attribute_mapping
            .get(k)
            .cloned()
            .unwrap_or_else(|| "(none)".into());
        changes.push(Change::new(format!("{k} <-"), before, v.clone()));
    }
    let mut notes = vec![
        "UpdateIdentityProvider replaces the whole AttributeMapping, so every current mapping is sent again".to_owned(),
        "ProviderDetails (with the client secret) are not sent and stay as they are".to_owned(),
        "existing users change at their next sign-in through this provider".to_owned(),
    ];
    if !provider.maps("email") {
        notes.push(format!(
            "{} does not map email: email_verified describes the email attribute",
            provider.name
        ));
    }
    Plan {
        command: "map-idp".into(),
        call: format!("UpdateIdentityProvider AttributeMapping (email_verified <- {claim})"),
        subject: vec![
            ("user pool".into(), pool_id.to_string()),
            (
                "provider".into(),
                format!("{} ({})", provider.name, provider.provider_type),
            ),
        ],
        changes,
        notes,
        aws_cli: Some(
            Action::MapIdp {
                pool_id: pool_id.to_string(),
                provider_name: provider.name.clone(),
                claim: Some(claim.to_owned()),
                mapping: provider.attribute_mapping.clone(),
            }
            .aws_cli(target),
        ),
    }
}

/// The read-back: every mapping as planned, the new one included.
async fn read_mapping(
    client: &aws::Client,
    id: &str,
    provider: &Provider,
    merged: &BTreeMap<String, String>,
    claim: &str,
) -> Result<Check> {
    let after = apply::describe_provider(client, id, &provider.name).await?;
    let read_back: Vec<Change> = merged
        .iter()
        .map(|(k, v)| {
            Change::new(
                format!("{k} <-"),
                after
                    .attribute_mapping
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| "(none)".into()),
                v.clone(),
            )
        })
        .collect();
    let lost: Vec<&str> = read_back
        .iter()
        .filter(|c| c.before != c.after)
        .map(|c| c.what.trim_end_matches(" <-"))
        .collect();
    let took = lost.is_empty();
    let result = if took {
        format!(
            "{} maps {claim} to email_verified and keeps its {} other mappings; users change at their next sign-in",
            provider.name,
            provider.attribute_mapping.len() - usize::from(provider.maps("email_verified"))
        )
    } else {
        format!(
            "the mapping read back differs for {}: the change did not take as planned",
            lost.join(", ")
        )
    };
    Ok(Check {
        observed: None,
        took,
        read_back,
        result,
    })
}
