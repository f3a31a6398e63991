//! Which SES regions a user pool may send from, by the pool's region: the table of the Cognito
//! developer guide, "Email settings for Amazon Cognito user pools", section "Amazon SES Regions"
//! (user-pool-email.html#user-pool-email-developer-region-mapping), with each region's option:
//! in-Region only, backwards compatible (the pool's region or US East (N. Virginia), US West
//! (Oregon), Europe (Ireland)), or alternate Region (SES is not offered in the pool's region;
//! the first listed region is the one for DEVELOPER). One table for the rules that need it.

use crate::model::Pool;

/// How a pool region may use SES.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionOption {
    InRegionOnly,
    BackwardsCompatible,
    /// SES is not offered in the pool's region: Cognito sends from another, and the identity
    /// must trust the region's own principal, `cognito-idp.REGION.amazonaws.com`.
    Alternate,
}

use RegionOption::{Alternate, BackwardsCompatible, InRegionOnly};

/// Pool region, its option, and the SES regions its pools may send from.
pub const TABLE: &[(&str, RegionOption, &[&str])] = &[
    (
        "us-east-1",
        BackwardsCompatible,
        &["us-east-1", "us-west-2", "eu-west-1"],
    ),
    (
        "us-east-2",
        BackwardsCompatible,
        &["us-east-2", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    ("us-west-1", InRegionOnly, &["us-west-1"]),
    (
        "us-west-2",
        BackwardsCompatible,
        &["us-east-1", "us-west-2", "eu-west-1"],
    ),
    (
        "ca-central-1",
        BackwardsCompatible,
        &["ca-central-1", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    ("ca-west-1", Alternate, &["ca-central-1", "us-west-1"]),
    ("mx-central-1", Alternate, &["us-east-1", "us-west-2"]),
    (
        "ap-northeast-1",
        BackwardsCompatible,
        &["ap-northeast-1", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    (
        "ap-east-1",
        Alternate,
        &["ap-southeast-1", "ap-northeast-1"],
    ),
    (
        "ap-northeast-2",
        BackwardsCompatible,
        &["ap-northeast-2", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    (
        "ap-southeast-5",
        Alternate,
        &["ap-southeast-2", "ap-southeast-1"],
    ),
    (
        "ap-southeast-7",
        Alternate,
        &["ap-southeast-1", "ap-south-1"],
    ),
    (
        "ap-south-1",
        BackwardsCompatible,
        &["ap-south-1", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    ("ap-south-2", Alternate, &["ap-south-1", "ap-southeast-1"]),
    (
        "ap-southeast-1",
        BackwardsCompatible,
        &["ap-southeast-1", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    (
        "ap-southeast-2",
        BackwardsCompatible,
        &["ap-southeast-2", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    ("ap-northeast-3", InRegionOnly, &["ap-northeast-3"]),
    ("ap-southeast-3", InRegionOnly, &["ap-southeast-3"]),
    (
        "ap-southeast-4",
        Alternate,
        &["ap-southeast-2", "ap-southeast-1"],
    ),
    (
        "eu-west-1",
        BackwardsCompatible,
        &["us-east-1", "us-west-2", "eu-west-1"],
    ),
    (
        "eu-west-2",
        BackwardsCompatible,
        &["eu-west-2", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    ("eu-west-3", InRegionOnly, &["eu-west-3"]),
    (
        "eu-central-1",
        BackwardsCompatible,
        &["eu-central-1", "us-east-1", "us-west-2", "eu-west-1"],
    ),
    ("eu-central-2", Alternate, &["eu-central-1", "eu-west-2"]),
    ("eu-north-1", InRegionOnly, &["eu-north-1"]),
    ("eu-south-1", InRegionOnly, &["eu-south-1"]),
    ("eu-south-2", Alternate, &["eu-west-3", "eu-north-1"]),
    ("me-south-1", InRegionOnly, &["me-south-1"]),
    ("me-central-1", Alternate, &["eu-central-1", "eu-west-2"]),
    ("sa-east-1", InRegionOnly, &["sa-east-1"]),
    ("il-central-1", InRegionOnly, &["il-central-1"]),
    ("af-south-1", InRegionOnly, &["af-south-1"]),
];

/// The table's row of a pool region; None for a region the table does not list.
pub fn row(pool_region: &str) -> Option<(RegionOption, &'static [&'static str])> {
    TABLE
        .iter()
        .find(|(r, _, _)| *r == pool_region)
        .map(|(_, o, allowed)| (*o, *allowed))
}

/// A pool region marked "Alternate Region" in the table.
pub fn is_alternate(pool_region: &str) -> bool {
    matches!(row(pool_region), Some((Alternate, _)))
}

/// The pool's region: its ARN's, else its id's prefix.
pub fn pool_region(pool: &Pool) -> Option<String> {
    pool.arn
        .as_deref()
        .and_then(|a| a.split(':').nth(3))
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            pool.id
                .split_once('_')
                .map(|(r, _)| r.to_owned())
                .filter(|r| crate::settings::looks_like_region(r))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_sends_from_a_listed_region_and_the_alternate_ones_are_those_of_the_guide() {
        let alternate: Vec<&str> = TABLE
            .iter()
            .filter(|(_, o, _)| *o == Alternate)
            .map(|(r, _, _)| *r)
            .collect();
        assert_eq!(
            alternate,
            [
                "ca-west-1",
                "mx-central-1",
                "ap-east-1",
                "ap-southeast-5",
                "ap-southeast-7",
                "ap-south-2",
                "ap-southeast-4",
                "eu-central-2",
                "eu-south-2",
                "me-central-1"
            ]
        );
        for (region, option, allowed) in TABLE {
            // In-region and backwards-compatible pools may send from their own region; an
            // alternate one never can (SES is not offered there).
            assert_eq!(allowed.contains(region), *option != Alternate, "{region}");
        }
        assert_eq!(TABLE.len(), 32);
    }
}
