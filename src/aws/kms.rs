//! The custom email sender's KMS key, read-only: DescribeKey of `LambdaConfig.KMSKeyID` in the
//! key's region, for a pool whose custom email sender encrypts every code with it. A read that
//! fails is an [`Unavailable`] naming the permission.

use super::session::Session;
use super::{answer, CaptureBody};
use crate::error::AwsErrorKind;
use crate::model::{KmsKey, Pool, Service, Unavailable};
use crate::wire;

const KMS: Service = Service::Kms;

/// The key's region, from its ARN (`arn:aws:kms:REGION:ACCOUNT:key/ID`); a key id or an alias
/// name names none.
pub fn key_region(id: &str) -> Option<&str> {
    id.strip_prefix("arn:")?
        .split(':')
        .nth(2)
        .filter(|r| !r.is_empty())
}

/// DescribeKey of the pool's custom sender key, when the pool has a custom email sender and a
/// key: (what KMS showed, the reads that failed). Nothing is read for another pool (SPEC "Only
/// what takes part is read").
pub async fn read(session: &Session, pool: &Pool) -> (Option<KmsKey>, Vec<Unavailable>) {
    let (Some(id), Some(_)) = (&pool.kms_key_id, &pool.custom_email_sender) else {
        return (None, Vec::new());
    };
    let region = key_region(id).unwrap_or(&session.target.region);
    describe(&session.kms(region), id).await
}

/// DescribeKey of `id` with `client`.
pub async fn describe(
    client: &aws_sdk_kms::Client,
    id: &str,
) -> (Option<KmsKey>, Vec<Unavailable>) {
    let capture = CaptureBody::default();
    let read = answer(
        KMS,
        "DescribeKey",
        capture.clone(),
        client
            .describe_key()
            .key_id(id)
            .customize()
            .interceptor(capture)
            .send(),
    )
    .await;
    match read {
        Ok(v) => {
            let (key, absent) = wire::kms_key(id, &v);
            let gaps = absent
                .into_iter()
                .map(|field| {
                    let mut g = Unavailable::absent(
                        KMS,
                        "kms:DescribeKey",
                        field,
                        "whether the custom sender's key can encrypt",
                    );
                    g.resource = Some(id.to_owned());
                    g
                })
                .collect();
            (Some(key), gaps)
        }
        Err(e) if e.kind == AwsErrorKind::ResourceNotFound => (
            Some(KmsKey {
                id: id.to_owned(),
                exists: Some(false),
                ..KmsKey::default()
            }),
            Vec::new(),
        ),
        Err(e) => {
            let mut g = super::unavailable(&e, None);
            g.error = format!("{} (the custom email sender's key {id})", g.error);
            g.resource = Some(id.to_owned());
            (None, vec![g])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_arn_names_its_region_an_alias_does_not() {
        assert_eq!(
            key_region(
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            ),
            Some("eu-west-1")
        );
        assert_eq!(key_region("1234abcd-12ab-34cd-56ef-1234567890ab"), None);
        assert_eq!(key_region("alias/cognito"), None);
    }
}
