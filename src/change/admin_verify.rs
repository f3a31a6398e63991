//! Setting a user's email_verified as an administrator, shared by `reverify --admin` for one
//! user and its bulk mode: who else holds the address as an alias, whether the next federated
//! sign-in would undo it, what the journal records, and the command that shows the user.

use crate::aws::fetch;
pub use crate::aws::fetch::alias_holders;
use crate::change::journal::Record;
use crate::model::{Snapshot, User};
use crate::settings::AwsTarget;

/// The journal record of setting a user's email_verified to "true": the values of every user it
/// changes (the alias holders lose theirs), by username, `null` for an absent attribute.
pub fn verified_record(pool_id: &str, user: &User, holders: &[User]) -> Record {
    let mut before = serde_json::json!({ user.username.clone(): user.email_verified_raw });
    let mut after = serde_json::json!({ user.username.clone(): "true" });
    for h in holders {
        before[&h.username] = serde_json::json!(h.email_verified_raw);
        after[&h.username] = serde_json::json!("false");
    }
    Record {
        user_pool_id: pool_id.to_owned(),
        operation: "AdminUpdateUserAttributes",
        target: user.username.clone(),
        before,
        after,
    }
}

/// The AWS CLI command that shows a user's state by hand.
pub fn check_user_cli(pool_id: &str, username: &str, target: &AwsTarget) -> String {
    let mut words = vec!["aws".to_owned(), "cognito-idp".to_owned()];
    crate::fix::push(
        &mut words,
        &[
            "admin-get-user",
            "--user-pool-id",
            pool_id,
            "--username",
            username,
        ],
    );
    crate::fix::push_target(&mut words, target);
    words.join(" ")
}

/// For a federated user: why its next sign-in would undo an administrator's fix (reads its
/// providers); None when sign-ins do not rewrite the email or the user is local.
pub async fn reverts_at_sign_in(
    client: &crate::aws::Client,
    pool: &crate::model::Pool,
    user: &User,
    target: &AwsTarget,
) -> Option<String> {
    if !user.is_federated() {
        return None;
    }
    let (providers, unavailable) = fetch::providers_for(client, &pool.id, user).await;
    reverts_with(pool, user, &providers, &unavailable, target)
}

/// As [`reverts_at_sign_in`], with the pool's providers already read (a bulk run reads them
/// once, not once per user): `gaps` are the provider reads that failed.
pub fn reverts_with(
    pool: &crate::model::Pool,
    user: &User,
    providers: &[crate::model::Provider],
    gaps: &[crate::model::Unavailable],
    target: &AwsTarget,
) -> Option<String> {
    if !user.is_federated() {
        return None;
    }
    let probe = Snapshot {
        pool: pool.clone(),
        user: user.clone(),
        providers: providers.to_vec(),
        unavailable: gaps.to_vec(),
        ..Snapshot::default()
    };
    crate::rules::federated_fix_will_revert::reason(&probe, target)
}
