//! SDK types to the plain model, for the few answers still read through the SDK's types (the
//! user-side GetUser, the provider a change reads back). Every other answer is read from its
//! JSON by [`crate::wire`].

use aws_sdk_cognitoidentityprovider::primitives::DateTime;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, IdentityProviderType};

use crate::model::{parse_identities, Provider, User};

/// RFC 3339 to the millisecond. Cognito sends dates as epoch seconds with three decimals
/// (`1548099495.428`), which the SDK reads through a float (`...15.427999973`): rounding to the
/// millisecond gives back the value the service sent.
fn rfc3339(d: Option<&DateTime>) -> Option<String> {
    let d = d?;
    let mut secs = d.secs();
    let mut millis = (u64::from(d.subsec_nanos()) + 500_000) / 1_000_000;
    if millis == 1000 {
        secs += 1;
        millis = 0;
    }
    // `millis` is below 1000, so the nanoseconds fit a u32.
    let nanos = u32::try_from(millis * 1_000_000).unwrap_or(0);
    DateTime::from_secs_and_nanos(secs, nanos)
        .fmt(aws_smithy_types::date_time::Format::DateTime)
        .ok()
}

/// A user from its name, status and attributes (AdminGetUser and ListUsers share this).
pub fn user_from_parts(
    username: &str,
    status: Option<&str>,
    enabled: Option<bool>,
    created: Option<&DateTime>,
    modified: Option<&DateTime>,
    attributes: &[AttributeType],
) -> User {
    let attr = |name: &str| {
        attributes
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value())
            .map(str::to_owned)
    };
    User {
        username: username.to_owned(),
        sub: attr("sub"),
        status: status.unwrap_or_default().to_owned(),
        enabled,
        created: rfc3339(created),
        last_modified: rfc3339(modified),
        email: attr("email").filter(|e| !e.is_empty()),
        email_verified_raw: attr("email_verified"),
        phone_number: attr("phone_number").filter(|p| !p.is_empty()),
        phone_number_verified_raw: attr("phone_number_verified"),
        identities: attr("identities")
            .map(|raw| parse_identities(&raw))
            .unwrap_or_default(),
    }
}

/// A provider's name, type and mapping. `ProviderDetails` is dropped: it holds client secrets.
pub fn provider_from(p: &IdentityProviderType) -> Provider {
    Provider {
        name: p.provider_name().unwrap_or_default().to_owned(),
        provider_type: p
            .provider_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        attribute_mapping: p
            .attribute_mapping()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_the_milliseconds_the_service_sent() {
        for (epoch, want) in [
            (1548099495.428, "2019-01-21T19:38:15.428Z"),
            (1689030181.63, "2023-07-10T23:03:01.63Z"),
            (1700000000.0, "2023-11-14T22:13:20Z"),
            (1548099495.9996, "2019-01-21T19:38:16Z"),
        ] {
            let d = DateTime::from_secs_f64(epoch);
            assert_eq!(rfc3339(Some(&d)).as_deref(), Some(want), "{epoch}");
        }
    }
}
