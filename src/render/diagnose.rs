//! Rendering of a diagnosis: the JSON object of SPEC.md, or a table and the details for people.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, Color, Table};
use serde::Serialize;

use super::{paint, Ctx, Redactor, Spell};
use crate::engine::Report;
use crate::fix::FixStep;
use crate::model::Unavailable;
use crate::rules::{Finding, Severity};
use crate::settings::AwsTarget;

#[derive(Debug, Serialize)]
pub struct FixView {
    pub description: String,
    pub aws_cli: Option<String>,
    pub doctor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub code: &'static str,
    pub severity: Severity,
    pub title: String,
    pub evidence: Vec<String>,
    pub fix: Vec<FixView>,
}

/// One event of the user's history (JSON `history[]`).
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub time: String,
    pub event: String,
    /// Who made the call: the IAM principal's ARN, the user's own access token, the managed
    /// login, or an app.
    pub actor: String,
    /// `errorCode: errorMessage` when the service refused it; null when it was accepted.
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReportView {
    pub user_pool_id: String,
    /// Null for a pool-level diagnosis, as are the other user fields.
    pub username: Option<String>,
    pub user_status: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    /// The code of the first cause: the first finding of severity error or warning, in the
    /// report's order (severity, stage, code). Null when nothing fails.
    pub first_cause: Option<&'static str>,
    pub findings: Vec<FindingView>,
    pub unavailable: Vec<Unavailable>,
    /// The lookups by email that were made, and what each found (absent when none was made).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lookups: Vec<String>,
    /// The user's Cognito events in CloudTrail's event history, oldest first: empty when none
    /// named the user or the history could not be read (then named under `unavailable`);
    /// absent for a pool-level diagnosis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryView>>,
    /// The window the history covers, for the table.
    #[serde(skip)]
    pub history_window: Option<String>,
    /// For the table's verdict line: the failing findings that can follow from the first cause,
    /// and those beside it (by code).
    #[serde(skip)]
    pub following: Vec<&'static str>,
    #[serde(skip)]
    pub beside: Vec<&'static str>,
}

pub fn fix_view(step: &FixStep, target: &AwsTarget, r: &Redactor, spell: &dyn Spell) -> FixView {
    FixView {
        description: r.text(&step.description),
        aws_cli: step.action.as_ref().map(|a| r.text(&a.aws_cli(target))),
        doctor: step
            .action
            .as_ref()
            .and_then(|a| spell.fix(a, target))
            .map(|d| r.text(&d)),
    }
}

pub fn finding_view(
    f: &Finding,
    target: &AwsTarget,
    r: &Redactor,
    spell: &dyn Spell,
) -> FindingView {
    FindingView {
        code: f.code,
        severity: f.severity,
        title: r.text(&f.title),
        evidence: f.evidence.iter().map(|e| r.text(e)).collect(),
        fix: f
            .fix
            .iter()
            .map(|s| fix_view(s, target, r, spell))
            .collect(),
    }
}

/// Registers every identifier of the report with the redactor (no-op when disabled).
pub fn register(report: &Report, same_email: &[crate::model::User], r: &mut Redactor) {
    if let Some(u) = &report.username {
        r.user(u);
    }
    if let Some(e) = &report.email {
        r.email(e);
    }
    for u in same_email {
        r.user(&u.username);
        if let Some(s) = &u.sub {
            r.sub(s);
        }
    }
}

/// With `--redact`, what a diagnosis of a user the pool does not have names: what was asked
/// and the nearest users read.
pub fn register_missing(
    who: &crate::settings::UserSelector,
    missing: &crate::model::Missing,
    r: &mut Redactor,
) {
    match who {
        crate::settings::UserSelector::Username(u) => {
            r.user(u);
        }
        crate::settings::UserSelector::Email(e) => {
            r.email(e);
        }
        crate::settings::UserSelector::Sub(s) => {
            r.sub(s);
        }
    }
    for u in &missing.nearest {
        r.user(&u.username);
        if let Some(e) = &u.email {
            r.email(e);
        }
    }
}

pub fn view(report: &Report, target: &AwsTarget, r: &Redactor, spell: &dyn Spell) -> ReportView {
    let verdict = report.verdict();
    let codes = |fs: &[&Finding]| fs.iter().map(|f| f.code).collect::<Vec<_>>();
    ReportView {
        first_cause: verdict.as_ref().map(|v| v.first.code),
        following: verdict
            .as_ref()
            .map(|v| codes(&v.following))
            .unwrap_or_default(),
        beside: verdict
            .as_ref()
            .map(|v| codes(&v.beside))
            .unwrap_or_default(),
        user_pool_id: report.user_pool_id.clone(),
        username: report.username.as_deref().map(|u| r.text(u)),
        user_status: report.user_status.clone(),
        email: report.email.as_deref().map(|e| r.text(e)),
        email_verified: report.email_verified,
        findings: report
            .findings
            .iter()
            .map(|f| finding_view(f, target, r, spell))
            .collect(),
        unavailable: report
            .unavailable
            .iter()
            .map(|u| Unavailable {
                error: r.text(&u.error),
                provider: None,
                resource: u.resource.as_deref().map(|x| r.text(x)),
                ..u.clone()
            })
            .collect(),
        lookups: report.lookups.iter().map(|l| r.text(l)).collect(),
        history: report.username.as_ref().map(|_| {
            report
                .history
                .iter()
                .flat_map(|h| h.events.iter())
                .map(|e| HistoryView {
                    time: e.time.clone(),
                    event: e.event.clone(),
                    actor: r.text(&e.actor.describe(e.client_id.as_deref())),
                    error: e.error().map(|x| r.text(&x)),
                })
                .collect()
        }),
        history_window: report.history.as_ref().map(|h| h.window()),
    }
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    }
}

fn crossterm_color(s: Severity) -> crossterm::style::Color {
    match s {
        Severity::Error => crossterm::style::Color::Red,
        Severity::Warning => crossterm::style::Color::Yellow,
        Severity::Info => crossterm::style::Color::Cyan,
    }
}

impl FindingView {
    /// The same finding with every text printable on a terminal.
    pub(crate) fn printable(&self) -> FindingView {
        let p = |s: &str| super::printable(s).into_owned();
        FindingView {
            code: self.code,
            severity: self.severity,
            title: p(&self.title),
            evidence: self.evidence.iter().map(|e| p(e)).collect(),
            fix: self
                .fix
                .iter()
                .map(|f| FixView {
                    description: p(&f.description),
                    aws_cli: f.aws_cli.as_deref().map(p),
                    doctor: f.doctor.as_deref().map(p),
                })
                .collect(),
        }
    }
}

/// The report for a person: who, a table of findings, then each finding's evidence and fix.
/// Every value is made printable first: names come from the pool, and a pool can hold anything.
pub fn table(view: &ReportView, ctx: &Ctx<'_>) -> String {
    let p = |s: &str| super::printable(s).into_owned();
    let safe = ReportView {
        user_pool_id: p(&view.user_pool_id),
        username: view.username.as_deref().map(p),
        user_status: view.user_status.as_deref().map(p),
        email: view.email.as_deref().map(p),
        email_verified: view.email_verified,
        first_cause: view.first_cause,
        following: view.following.clone(),
        beside: view.beside.clone(),
        findings: view.findings.iter().map(FindingView::printable).collect(),
        unavailable: view
            .unavailable
            .iter()
            .map(|u| Unavailable {
                operation: p(&u.operation),
                error: p(&u.error),
                endpoint: u.endpoint.as_deref().map(p),
                resource: u.resource.as_deref().map(p),
                ..u.clone()
            })
            .collect(),
        lookups: view.lookups.iter().map(|l| p(l)).collect(),
        history: view.history.as_ref().map(|h| {
            h.iter()
                .map(|e| HistoryView {
                    time: p(&e.time),
                    event: p(&e.event),
                    actor: p(&e.actor),
                    error: e.error.as_deref().map(p),
                })
                .collect()
        }),
        history_window: view.history_window.clone(),
    };
    table_of(&safe, ctx)
}

/// The line that opens a failing diagnosis: the first cause, by code and title, then the other
/// failing findings, as following from it or beside it.
fn verdict_lines(view: &ReportView, color: bool) -> Option<String> {
    let first = view
        .findings
        .iter()
        .find(|f| Some(f.code) == view.first_cause)?;
    let mut out = paint("Verdict:", color, crossterm_color(first.severity));
    out.push_str(&format!(" {} — {}\n", first.code, first.title));
    for (label, codes) in [
        ("Following from it", &view.following),
        ("Beside it", &view.beside),
    ] {
        if !codes.is_empty() {
            out.push_str(&format!("  {label}: {}\n", codes.join(", ")));
        }
    }
    Some(out)
}

fn table_of(view: &ReportView, ctx: &Ctx<'_>) -> String {
    let color = ctx.style.color;
    let mut out = String::new();
    if let Some(verdict) = verdict_lines(view, color) {
        out.push_str(&verdict);
        out.push('\n');
    }
    let mut head = Table::new();
    head.load_preset(UTF8_FULL_CONDENSED);
    if color {
        head.enforce_styling();
    } else {
        head.force_no_tty();
    }
    head.add_row(vec![Cell::new("user pool"), Cell::new(&view.user_pool_id)]);
    if let (Some(username), Some(status), Some(verified)) =
        (&view.username, &view.user_status, view.email_verified)
    {
        head.add_row(vec![Cell::new("username"), Cell::new(username)]);
        head.add_row(vec![Cell::new("status"), Cell::new(status)]);
        head.add_row(vec![
            Cell::new("email"),
            Cell::new(view.email.as_deref().unwrap_or("(none)")),
        ]);
        head.add_row(vec![
            Cell::new("email_verified"),
            Cell::new(verified.to_string()).fg(if verified { Color::Green } else { Color::Red }),
        ]);
    } else {
        head.add_row(vec![
            Cell::new("scope"),
            Cell::new("the pool's settings, providers and app clients (no user)"),
        ]);
    }
    // Ids cut at the terminal's edge (with `…`) rather than continued on the next line.
    super::fit_to(&mut head, &[0], ctx.style.width, true);
    out.push_str(&head.to_string());
    out.push('\n');

    if view.findings.is_empty() {
        out.push('\n');
        out.push_str(&paint("Healthy:", color, crossterm::style::Color::Green));
        out.push_str(match view.email_verified {
            None => " no pool-level cause applies.\n",
            Some(true) => " the email is verified and no documented cause applies.\n",
            Some(false) => " no documented cause applies.\n",
        });
    } else {
        // On a terminal too narrow for a readable title column, the titles are only in the
        // details below, where they are whole.
        let code_width = view.findings.iter().map(|f| f.code.len()).max();
        let titled = super::room(
            ctx.style.width,
            &["severity".len(), code_width.unwrap_or(4)],
        )
        .is_none_or(|r| r >= super::MIN_COLUMN);
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header(if titled {
            vec!["severity", "code", "title"]
        } else {
            vec!["severity", "code"]
        });
        if color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        for f in &view.findings {
            let mut row = vec![
                Cell::new(f.severity.as_str()).fg(severity_color(f.severity)),
                Cell::new(f.code),
            ];
            if titled {
                row.push(Cell::new(&f.title));
            }
            t.add_row(row);
        }
        super::fit_to(&mut t, &[0, 1], ctx.style.width, false);
        out.push('\n');
        out.push_str(&t.to_string());
        out.push('\n');
        for f in &view.findings {
            out.push('\n');
            out.push_str(&finding_details(f, color, ctx.style.spell));
        }
    }
    if !view.lookups.is_empty() {
        out.push_str("\nLooked up:\n");
        for l in &view.lookups {
            out.push_str(&format!("  - {l}\n"));
        }
    }
    if let (Some(events), Some(window)) = (&view.history, &view.history_window) {
        out.push_str(&format!("\nHistory: {window}\n"));
        if events.is_empty() {
            out.push_str("  (no Cognito event names this user)\n");
        }
        for e in events {
            let outcome = match &e.error {
                Some(err) => format!("refused: {err}"),
                None => "accepted".to_owned(),
            };
            out.push_str(&format!(
                "  - {} {} by {}, {outcome}\n",
                e.time, e.event, e.actor
            ));
        }
    }
    if !view.unavailable.is_empty() {
        out.push('\n');
        out.push_str(&paint(
            "Could not read:",
            color,
            crossterm::style::Color::Yellow,
        ));
        out.push('\n');
        for line in could_not_read(&view.unavailable, ctx.style.verbose) {
            out.push_str(&format!("  - {line}\n"));
        }
        out.push_str(
            "  The diagnosis used what it could read, and gave no verdict that needed a missing read.\n",
        );
    }
    out
}

/// The failed reads, one line per service and kind ("lambda GetFunctionConfiguration, GetPolicy
/// for 11 functions: not served by http://..."); with `-v`, one line per read.
pub fn could_not_read(gaps: &[Unavailable], verbose: bool) -> Vec<String> {
    use crate::model::FailureKind;
    if verbose {
        return gaps
            .iter()
            .map(|g| format!("{} {}: {}", g.operation, g.kind.as_str(), g.error))
            .collect();
    }
    let mut groups: Vec<(crate::model::Service, FailureKind, Vec<&Unavailable>)> = Vec::new();
    for g in gaps {
        match groups
            .iter_mut()
            .find(|(s, k, _)| *s == g.service && *k == g.kind)
        {
            Some((_, _, members)) => members.push(g),
            None => groups.push((g.service, g.kind, vec![g])),
        }
    }
    groups
        .into_iter()
        .map(|(service, kind, members)| {
            let mut ops: Vec<&str> = Vec::new();
            let mut resources: Vec<&str> = Vec::new();
            for m in &members {
                let op = m.operation.rsplit(':').next().unwrap_or(&m.operation);
                if !ops.contains(&op) {
                    ops.push(op);
                }
                if let Some(r) = m.resource.as_deref() {
                    if !resources.contains(&r) {
                        resources.push(r);
                    }
                }
            }
            let many = match (resources.len(), service) {
                (0 | 1, _) => String::new(),
                (n, crate::model::Service::Lambda) => format!(" for {n} functions"),
                (n, crate::model::Service::CognitoIdp) => format!(" for {n} providers"),
                (n, _) => format!(" for {n} resources"),
            };
            let first = members[0];
            let what = match kind {
                FailureKind::Denied => {
                    let mut perms: Vec<&str> = members
                        .iter()
                        .filter_map(|m| m.permission.as_deref())
                        .collect();
                    perms.sort_unstable();
                    perms.dedup();
                    format!("denied; grant {}", perms.join(", "))
                }
                FailureKind::NotServed => format!(
                    "not served by {} ({}); point AWS_ENDPOINT_URL_{} at an endpoint that serves {}",
                    first.endpoint.as_deref().unwrap_or("the endpoint"),
                    first.error,
                    service.endpoint_env(),
                    if ops.len() == 1 { "it" } else { "them" }
                ),
                FailureKind::Unreachable => format!(
                    "could not reach {} at {} ({})",
                    service.name(),
                    first.endpoint.as_deref().unwrap_or("its AWS endpoint"),
                    first.error
                ),
                FailureKind::Throttled => format!(
                    "still throttled after retries ({}); run again later",
                    first.error
                ),
                FailureKind::NotGiven => format!(
                    "not given (not in the bundle or the pasted output): {}",
                    ops.join(", ")
                ),
                FailureKind::Empty => format!("read, empty: {}", first.error),
                FailureKind::Failed => {
                    let more = members.len() - 1;
                    if more == 0 {
                        format!("failed: {}", first.error)
                    } else {
                        format!("failed: {} (and {more} more; -v lists each)", first.error)
                    }
                }
            };
            format!("{} {}{many}: {what}", service.name(), ops.join(", "))
        })
        .collect()
}

/// One finding's evidence and fix steps, commands on their own lines for copying.
pub fn finding_details(f: &FindingView, color: bool, spell: &dyn Spell) -> String {
    let mut out = String::new();
    let label = format!("[{}] {}", f.severity.as_str(), f.code);
    out.push_str(&paint(&label, color, crossterm_color(f.severity)));
    out.push_str(&format!(": {}\n", f.title));
    out.push_str("  Evidence:\n");
    for e in &f.evidence {
        out.push_str(&format!("    - {e}\n"));
    }
    out.push_str("  Fix:\n");
    for (i, s) in f.fix.iter().enumerate() {
        out.push_str(&format!("    {}. {}\n", i + 1, s.description));
        if let Some(c) = &s.aws_cli {
            out.push_str(&format!("       $ {c}\n"));
        }
        if let Some(d) = &s.doctor {
            out.push_str(&format!("       $ {d}\n"));
        }
    }
    out.push_str(&format!("  More: {}\n", spell.explain(f.code)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::line::Lines;
    use crate::engine::Report;
    use crate::rules::test_support::{snapshot, user};

    fn target() -> AwsTarget {
        AwsTarget {
            region: "us-east-1".into(),
            profile: Some("support".into()),
            endpoint_url: None,
        }
    }

    fn alias_report() -> (Report, Vec<crate::model::User>) {
        let mut s = snapshot(user("olivia", "shared@example.com", Some("false")));
        s.pool.alias_attributes = vec!["email".into()];
        let mut holder = user("nora", "shared@example.com", Some("true"));
        holder.created = Some("2025-01-01T00:00:00Z".into());
        s.same_email.push(holder);
        let mut update = crate::rules::test_support::history_event(
            "AdminUpdateUserAttributes",
            1_735_689_600,
            None,
        );
        update.actor =
            crate::model::Actor::Principal("arn:aws:iam::111122223333:user/admin".into());
        let refused = crate::rules::test_support::history_event(
            "VerifyUserAttribute",
            1_735_693_200,
            Some("CodeMismatchException"),
        );
        s.history = Some(crate::model::History {
            since: "2024-12-02T00:00:00Z".into(),
            read: 2,
            pages: 1,
            events: vec![update, refused],
            ..crate::model::History::default()
        });
        (Report::new(&s), s.same_email)
    }

    /// The JSON contract of SPEC.md, key for key.
    #[test]
    fn json_report_snapshot() {
        let (report, _) = alias_report();
        let v = view(&report, &target(), &Redactor::new(false), &Lines);
        insta::assert_snapshot!(crate::render::to_json(&v));
    }

    #[test]
    fn redacted_json_report_snapshot() {
        let (report, same) = alias_report();
        let mut r = Redactor::new(true);
        register(&report, &same, &mut r);
        let v = view(&report, &target(), &r, &Lines);
        let json = crate::render::to_json(&v);
        assert!(
            !json.contains("olivia") && !json.contains("shared@example.com"),
            "{json}"
        );
        // Masks are numbered in the order the run meets people, which other tests share.
        insta::assert_snapshot!(numbered_masks_as_n(&json));
    }

    /// A report with every finding code and title there is, as wide as a report gets.
    fn widest_view() -> ReportView {
        ReportView {
            user_pool_id: "eu-west-1_AbCdEfGhI".into(),
            username: Some("olivia.long-username".into()),
            user_status: Some("FORCE_CHANGE_PASSWORD".into()),
            email: Some("olivia.long-username@example.com".into()),
            email_verified: Some(false),
            findings: crate::rules::ALL
                .iter()
                .map(|r| FindingView {
                    code: r.code,
                    severity: Severity::Error,
                    title: r.title.to_owned(),
                    evidence: vec![],
                    fix: vec![],
                })
                .collect(),
            unavailable: vec![],
            lookups: vec![],
            history: None,
            history_window: None,
            first_cause: None,
            following: vec![],
            beside: vec![],
        }
    }

    fn table_at(width: Option<u16>) -> String {
        let style = crate::render::Style {
            format: crate::settings::OutputFormat::Table,
            color: false,
            redact: false,
            width,
            verbose: false,
            spell: &crate::cli::line::Lines,
        };
        let t = target();
        table(
            &widest_view(),
            &Ctx {
                style: &style,
                target: &t,
            },
        )
    }

    /// The tables (who, and the findings) fit a 100- and a 60-column terminal, every code and
    /// the pool id whole on one line.
    #[test]
    fn tables_fit_the_terminal() {
        for width in [100u16, 60] {
            let text = table_at(Some(width));
            let tables: Vec<&str> = text.lines().take_while(|l| !l.starts_with('[')).collect();
            for l in &tables {
                assert!(l.chars().count() <= width as usize, "{width}: {l}\n{text}");
            }
            for r in crate::rules::ALL {
                assert!(
                    tables.iter().any(|l| l.contains(&format!(" {} ", r.code))),
                    "{width}: {} broken\n{text}",
                    r.code
                );
            }
            assert!(tables.iter().any(|l| l.contains("eu-west-1_AbCdEfGhI")));
        }
        // Too narrow for titles beside the codes: they are only in the details, whole.
        let narrow = table_at(Some(60));
        assert!(!narrow.lines().any(|l| l.contains("│ title")), "{narrow}");
    }

    /// Off a terminal, no cell is cut or wrapped: every title is whole on its row.
    #[test]
    fn off_a_terminal_titles_are_whole() {
        let text = table_at(None);
        for r in crate::rules::ALL {
            assert!(
                text.lines()
                    .any(|l| l.starts_with('│') && l.contains(r.title)),
                "{} cut:\n{text}",
                r.code
            );
        }
        assert!(!text.contains('…'), "{text}");
    }

    fn table_text(report: &Report) -> String {
        let style = crate::render::Style {
            format: crate::settings::OutputFormat::Table,
            color: false,
            redact: false,
            width: None,
            verbose: false,
            spell: &crate::cli::line::Lines,
        };
        let target = target();
        let ctx = Ctx {
            style: &style,
            target: &target,
        };
        table(
            &view(
                report,
                &target,
                &Redactor::new(false),
                &crate::cli::line::Lines,
            ),
            &ctx,
        )
    }

    /// A user in the SES sandbox whose changed email is unverified: the sandbox keeps the code
    /// from arriving, so it opens the report and the unverified email follows from it.
    fn sandbox_report() -> Report {
        let mut s = crate::rules::test_support::with_account(
            snapshot(user("sam", "sam@example.com", Some("false"))),
            crate::model::SesAccount {
                production_access: Some(false),
                sending_enabled: Some(true),
                enforcement_status: Some("HEALTHY".into()),
                quota: Some((200.0, 0.0)),
            },
        );
        s.recipient.verified_identity = Some(false);
        Report::new(&s)
    }

    #[test]
    fn a_failing_table_opens_with_the_first_cause_and_names_what_follows() {
        let text = table_text(&sandbox_report());
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("Verdict: ses-sandbox — The SES account the pool sends from is in the sandbox: only verified addresses get mail"),
            "{text}"
        );
        assert_eq!(
            lines.next(),
            Some("  Following from it: email-changed-unverified"),
            "{text}"
        );
        let v = view(&sandbox_report(), &target(), &Redactor::new(false), &Lines);
        assert_eq!(v.first_cause, Some("ses-sandbox"));
        let json: serde_json::Value = serde_json::from_str(&crate::render::to_json(&v)).unwrap();
        assert_eq!(json["first_cause"], "ses-sandbox");
        assert_eq!(json["findings"][0]["code"], "ses-sandbox");
    }

    /// The history is its own section of the table, one event a line, oldest first.
    #[test]
    fn the_table_shows_the_history_with_its_window() {
        let (report, _) = alias_report();
        let text = table_text(&report);
        let at = text.find("\nHistory: CloudTrail event history since 2024-12-02T00:00:00Z (2 Cognito events of the region read in 1 LookupEvents call)\n").unwrap_or_else(|| panic!("{text}"));
        let section: Vec<&str> = text[at..].lines().skip(2).take(2).collect();
        assert_eq!(
            section,
            [
                "  - 2025-01-01T00:00:00Z AdminUpdateUserAttributes by arn:aws:iam::111122223333:user/admin, accepted",
                "  - 2025-01-01T01:00:00Z VerifyUserAttribute by the user (own access token), refused: CodeMismatchException"
            ]
        );
        // A pool-level diagnosis has no history at all.
        let pool = Report::new(&crate::rules::test_support::pool_snapshot());
        assert!(!table_text(&pool).contains("History:"));
        let v = view(&pool, &target(), &Redactor::new(false), &Lines);
        assert!(!crate::render::to_json(&v).contains("\"history\""));
    }

    #[test]
    fn a_healthy_table_has_no_verdict_line_and_its_first_cause_is_null() {
        let report = Report::new(&snapshot(user("hal", "hal@example.com", Some("true"))));
        let text = table_text(&report);
        assert!(!text.contains("Verdict:"), "{text}");
        assert!(text.contains("Healthy: the email is verified"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&crate::render::to_json(&view(
            &report,
            &target(),
            &Redactor::new(false),
            &Lines,
        )))
        .unwrap();
        assert!(json["first_cause"].is_null(), "{json}");
        assert!(json.as_object().unwrap().contains_key("first_cause"));
    }

    fn numbered_masks_as_n(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
            let head = &rest[..i];
            let digits = rest[i..].len()
                - rest[i..]
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            out.push_str(head);
            if head.ends_with("user-") || head.ends_with("email-") || head.ends_with("sub-") {
                out.push('N');
            } else {
                out.push_str(&rest[i..i + digits]);
            }
            rest = &rest[i + digits..];
        }
        out.push_str(rest);
        out
    }
}
