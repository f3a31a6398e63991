//! `import-rejected-users`: a recent user import job rejected rows; imports reject a row whose
//! auto-verified attribute is not marked verified.

use super::{Rule, Scope, Severity, Symptom};
use crate::fix::FixStep;
use crate::model::Snapshot;

/// How far back an import job counts as recent.
pub const RECENT_DAYS: i64 = 30;

pub const RULE: Rule = Rule {
    code: "import-rejected-users",
    title: "A recent user import rejected rows: those users were never created",
    explanation: "\
What: ListUserImportJobs shows a job of the last 30 days with FailedUsers above 0.

Why: a CSV import rejects a row whose auto-verified attribute is not marked verified (\"The User \
Record does not set any of the auto verified attributes to true. (Example: email_verified to \
true).\"), or that does not match the pool's schema. Those users do not exist in the pool, so \
they never get a code, and their tickets read \"never got the email\".

Fix: find the rejected lines in the job's CloudWatch Logs (log group \
/aws/cognito/userpools/POOL_ID/POOL_NAME, stream JOB_ID/JOB_NAME: the lines are named by number), \
fix those rows (email_verified true for addresses you know), and import them again.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-cloudwatch.html",
    scope: Scope::Pool,
    symptoms: &[Symptom {
        text: "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).",
        source: "Cognito developer guide, viewing the user pool import results ([FAILED] lines)",
        direct: true,
    }],
    stage: super::Stage::Consequence,
    check,
    fixed_by: None,
    weigh: None,
};

fn check(s: &Snapshot) -> Option<crate::rules::Finding> {
    let jobs = s.pool.import_jobs.as_ref()?;
    let now = s.now?;
    let rejected: Vec<_> = jobs
        .iter()
        .filter(|j| j.failed > 0 && j.at.is_some_and(|at| now - at <= RECENT_DAYS * 86_400))
        .collect();
    if rejected.is_empty() {
        return None;
    }
    let name = s.pool.name.as_deref().unwrap_or("POOL_NAME");
    let mut evidence: Vec<String> = rejected
        .iter()
        .map(|j| {
            let mut line = format!(
                "import job {} ({}, {}): {} imported, {} skipped, {} failed",
                j.name, j.id, j.status, j.imported, j.skipped, j.failed
            );
            if let Some(m) = &j.message {
                line.push_str(&format!(": \"{m}\""));
            }
            line
        })
        .collect();
    evidence.push(format!(
        "the rejected lines are listed in CloudWatch Logs, log group /aws/cognito/userpools/{}/{name}, stream JOB_ID/JOB_NAME",
        s.pool.id
    ));
    let fix = vec![FixStep::advice(
        "Fix the rejected rows (email_verified true for addresses you know; the schema's attributes) and import them again",
    )];
    Some(RULE.finding(Severity::Warning, evidence, fix))
}

#[cfg(test)]
mod tests {
    use crate::model::ImportJob;
    use crate::rules::test_support::*;

    #[test]
    fn a_recent_job_with_failed_rows_is_named_an_old_or_clean_one_is_not() {
        let mut s = pool_snapshot();
        let now = s.now.unwrap();
        let job = |name: &str, days: i64, failed: i64| ImportJob {
            name: name.into(),
            id: format!("import-{name}"),
            status: "Succeeded".into(),
            at: Some(now - days * 86_400),
            imported: 10,
            skipped: 0,
            failed,
            message: None,
        };
        s.pool.import_jobs = Some(vec![job("old", 40, 3), job("clean", 1, 0)]);
        assert!(!codes(&s).contains(&"import-rejected-users"));
        s.pool
            .import_jobs
            .as_mut()
            .unwrap()
            .push(job("march", 2, 4));
        let f = finding(&s, "import-rejected-users");
        assert_eq!(f.evidence.len(), 2, "{f:?}");
        assert!(f.evidence[0].contains(
            "import job march (import-march, Succeeded): 10 imported, 0 skipped, 4 failed"
        ));
    }
}
