//! A provider's mapping of email_verified (`map-idp`): UpdateIdentityProvider with the whole
//! AttributeMapping (it replaces what it is not sent), every current mapping kept and
//! `email_verified` from the provider's claim added; ProviderDetails, which hold the client
//! secret, are never sent. The inverse puts the mapping back as it was.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Fix, Verdict};
use crate::aws::pace::Pacer;
use crate::aws::{apply, Client};
use crate::change::journal::{Entry, Record};
use crate::change::settle::{Check, Settle};
use crate::change::{Change, Plan};
use crate::error::{AwsError, Error, Result};
use crate::fix::Action;
use crate::model::Provider;
use crate::settings::AwsTarget;

/// The operation it sends.
pub const OPERATION: &str = "UpdateIdentityProvider";

type Mapping = BTreeMap<String, String>;

/// The mapping to add to one provider.
pub struct MapProvider<'a> {
    pub client: &'a Client,
    pub pool_id: &'a str,
    pub target: &'a AwsTarget,
    /// `--claim`: the provider claim to map (else the provider type's standard one).
    pub claim: Option<&'a str>,
}

/// The provider as read, the mapping it gets, and the claim.
pub struct Subject {
    provider: Provider,
    merged: Mapping,
    claim: String,
}

/// The journal record: the whole mapping before and after.
pub fn record(pool_id: &str, provider: &str, before: &Mapping, after: &Mapping) -> Record {
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: OPERATION,
        target: provider.to_owned(),
        before: serde_json::json!({ "AttributeMapping": before }),
        after: serde_json::json!({ "AttributeMapping": after }),
        undoes: None,
    }
}

/// The AWS CLI command that shows a provider's mapping by hand.
fn check_cli(pool_id: &str, provider: &str, target: &AwsTarget) -> String {
    super::cognito_cli(
        &[
            "describe-identity-provider",
            "--user-pool-id",
            pool_id,
            "--provider-name",
            provider,
            "--query",
            "IdentityProvider.AttributeMapping",
        ],
        target,
    )
}

impl Fix for MapProvider<'_> {
    type Target = String;
    type Subject = Subject;

    fn name(&self, t: &String) -> String {
        t.clone()
    }

    async fn survey(&self, name: &String, _: &Pacer) -> Verdict<Subject> {
        let provider = match apply::describe_provider(self.client, self.pool_id, name).await {
            Ok(p) => p,
            Err(e) => return Verdict::Unread(e.into()),
        };
        let claim = match (self.claim, provider.default_verified_claim()) {
            (Some(c), _) if !c.trim().is_empty() => c.trim().to_owned(),
            (Some(_), _) => {
                return Verdict::Unread(Error::usage("--claim is empty; give the provider claim to map"))
            }
            (None, Some(c)) => c.to_owned(),
            (None, None) => {
                return Verdict::Unread(Error::usage(format!(
                    "{} is a {} provider, which has no standard email-verified claim; give --claim with the claim (for SAML, the attribute name) your provider sends",
                    provider.name, provider.provider_type
                )))
            }
        };
        let merged = Action::merged_mapping(&provider.attribute_mapping, &claim);
        let done = provider.attribute_mapping.get("email_verified") == Some(&claim);
        let subject = Subject {
            provider,
            merged,
            claim,
        };
        if done {
            let why = format!(
                "{} already maps {} to email_verified; nothing changed",
                subject.provider.name, subject.claim
            );
            return Verdict::unchanged(why, subject);
        }
        Verdict::Change(subject)
    }

    /// The plan of UpdateIdentityProvider: every mapping, the new one among them.
    fn plan(&self, s: &Subject) -> Plan {
        let (provider, claim) = (&s.provider, &s.claim);
        let changes = s
            .merged
            .iter()
            .map(|(k, v)| {
                let before = provider
                    .attribute_mapping
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| "(none)".into());
                Change::new(format!("{k} <-"), before, v.clone())
            })
            .collect();
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
            call: format!("{OPERATION} AttributeMapping (email_verified <- {claim})"),
            subject: vec![
                ("user pool".into(), self.pool_id.to_owned()),
                (
                    "provider".into(),
                    format!("{} ({})", provider.name, provider.provider_type),
                ),
            ],
            changes,
            notes,
            aws_cli: Some(
                Action::MapIdp {
                    pool_id: self.pool_id.to_owned(),
                    provider_name: provider.name.clone(),
                    claim: Some(claim.clone()),
                    mapping: provider.attribute_mapping.clone(),
                }
                .aws_cli(self.target),
            ),
        }
    }

    fn settle(&self, s: &Subject) -> Settle {
        Settle {
            operation: OPERATION,
            repeat_answers: &[],
            check_cli: check_cli(self.pool_id, &s.provider.name, self.target),
            record: Some(record(
                self.pool_id,
                &s.provider.name,
                &s.provider.attribute_mapping,
                &s.merged,
            )),
        }
    }

    async fn write(&self, s: &Subject) -> std::result::Result<(), AwsError> {
        apply::update_provider_mapping(self.client, self.pool_id, &s.provider.name, &s.merged).await
    }

    /// The read-back: every mapping as planned, the new one included.
    async fn read_back(&self, s: &Subject, _: &Pacer) -> Result<Check> {
        let (provider, claim) = (&s.provider, &s.claim);
        let after = apply::describe_provider(self.client, self.pool_id, &provider.name).await?;
        let read_back: Vec<Change> = s
            .merged
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
}

/// What undoing a mapping puts back: the provider's whole mapping as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Restore {
    pub provider: String,
    pub before: Mapping,
    pub after: Mapping,
}

/// The mappings an entry of this kind changed, or why they cannot be put back.
pub fn inverse(e: &Entry) -> std::result::Result<Restore, String> {
    let map = |v: &Value| -> Option<Mapping> {
        serde_json::from_value(v.get("AttributeMapping")?.clone()).ok()
    };
    match (map(&e.before), map(&e.after)) {
        (Some(before), Some(after)) => Ok(Restore {
            provider: e.target.clone(),
            before,
            after,
        }),
        _ => Err("the journal line holds no attribute mapping".into()),
    }
}

impl Restore {
    pub fn describe(&self) -> Vec<Change> {
        vec![Change::new(
            format!("{} AttributeMapping", self.provider),
            serde_json::to_string(&self.after).unwrap_or_default(),
            serde_json::to_string(&self.before).unwrap_or_default(),
        )]
    }

    /// None when the provider still maps what the change left, else why not.
    pub async fn changed_since(&self, client: &Client, pool_id: &str) -> Result<Option<String>> {
        let now = apply::describe_provider(client, pool_id, &self.provider)
            .await?
            .attribute_mapping;
        Ok((now != self.after).then(|| {
            format!(
                "changed since: provider {}'s attribute mapping is not what the change left",
                self.provider
            )
        }))
    }

    pub async fn write(&self, client: &Client, pool_id: &str) -> std::result::Result<(), AwsError> {
        apply::update_provider_mapping(client, pool_id, &self.provider, &self.before).await
    }

    pub async fn put_back(&self, client: &Client, pool_id: &str) -> Result<bool> {
        Ok(apply::describe_provider(client, pool_id, &self.provider)
            .await?
            .attribute_mapping
            == self.before)
    }

    pub fn check_cli(&self, pool_id: &str, target: &AwsTarget) -> String {
        check_cli(pool_id, &self.provider, target)
    }
}
