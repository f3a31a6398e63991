//! `ses-identity-region-mismatch`: the pool's SES identity (`EmailConfiguration.SourceArn`) is in
//! a region Cognito cannot send from for the pool's region.

use super::ses_regions::{self, RegionOption};
use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::{SesIdentity, Snapshot};

pub const RULE: Rule = Rule {
    code: "ses-identity-region-mismatch",
    title: "The pool's SES identity is in a region the pool cannot send from",
    explanation: "\
What: EmailConfiguration.SourceArn names an SES identity in a region that the developer guide's \
table of SES regions does not list for the pool's region (\"Email settings for Amazon Cognito user \
pools\", Amazon SES Regions): in-Region-only pools send from their own region, backwards-compatible \
ones from their own or US East (N. Virginia), US West (Oregon), Europe (Ireland), and pools in an \
alternate region (SES not offered there) from the regions listed for them.

Why: \"The Region value of the SourceArn parameter must indicate a supported AWS Region of your \
user pool\" (API reference, EmailConfigurationType). An identity elsewhere is one Cognito cannot \
use: setting it is refused, and a pool configured with it before the rules it breaks sends no email.

Fix: verify an identity with the same address or domain in a region the table lists for the pool \
(the pool's own when it can), and point SourceArn at it (UpdateUserPool, carrying every other \
setting).",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html#user-pool-email-developer-region-mapping",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "The Region value of the SourceArn parameter must indicate a supported AWS Region of your user pool",
        source: "AWS API reference, EmailConfigurationType (SourceArn)",
        direct: true,
    }],
    stage: super::Stage::Delivery,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let arn = s.pool.source_arn.as_deref()?;
    let identity = SesIdentity::parse_arn(arn)?;
    // A wildcard region is the documented form for some alternate-region pools.
    if identity.region == "*" {
        return None;
    }
    let region = ses_regions::pool_region(&s.pool)?;
    let (option, allowed) = ses_regions::row(&region)?;
    if allowed.contains(&identity.region.as_str()) {
        return None;
    }
    let kind = match option {
        RegionOption::InRegionOnly => "in-Region only",
        RegionOption::BackwardsCompatible => "backwards compatible",
        RegionOption::Alternate => "alternate Region (SES is not offered there)",
    };
    Some(RULE.finding(
        Severity::Error,
        vec![
            format!(
                "EmailConfiguration.SourceArn {arn} is an SES identity in {}",
                identity.region
            ),
            format!(
                "the pool is in {region}, {kind} in the developer guide's table: its pools send from {}",
                allowed.join(", ")
            ),
        ],
        vec![FixStep::advice(format!(
            "Verify {} in {} and point SourceArn at that identity (UpdateUserPool, carrying every other setting)",
            identity.name,
            if allowed.contains(&region.as_str()) {
                region.clone()
            } else {
                allowed.join(" or ")
            }
        ))],
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;

    #[test]
    fn an_identity_outside_the_pool_s_regions_is_an_error() {
        let mut s = pool_snapshot();
        // us-east-1 pools may send from us-east-1, us-west-2 and eu-west-1.
        s.pool.source_arn = Some("arn:aws:ses:eu-west-1:111122223333:identity/example.com".into());
        assert!(!codes(&s).contains(&"ses-identity-region-mismatch"));
        s.pool.source_arn =
            Some("arn:aws:ses:eu-central-1:111122223333:identity/example.com".into());
        let f = finding(&s, "ses-identity-region-mismatch");
        assert!(
            f.evidence[1].contains("us-east-1, backwards compatible"),
            "{:?}",
            f.evidence
        );
        assert!(f.fix[0].description.contains("in us-east-1"), "{:?}", f.fix);
        // An in-Region-only pool.
        s.pool.id = "eu-west-3_Test".into();
        s.pool.source_arn = Some("arn:aws:ses:eu-west-1:111122223333:identity/example.com".into());
        assert!(
            finding(&s, "ses-identity-region-mismatch").evidence[1].contains(
                "in-Region only in the developer guide's table: its pools send from eu-west-3"
            )
        );
        // A region the table does not list: no verdict.
        s.pool.id = "us-gov-west-1_Test".into();
        assert!(!codes(&s).contains(&"ses-identity-region-mismatch"));
    }
}
