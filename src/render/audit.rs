//! Streaming output of `audit`: a line per affected user as pages arrive (JSON Lines, CSV or
//! text), then the summary (a JSON line, or a table grouped by finding code).

use std::collections::BTreeMap;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, Table};
use serde::Serialize;

use super::diagnose::{finding_details, finding_view, FindingView};
use super::{paint, printable, Redactor, Style};
use crate::audit::{Entry, Summary};
use crate::rules::{Finding, Severity};
use crate::settings::AwsTarget;
use crate::settings::OutputFormat;

#[derive(Serialize)]
struct EntryView<'a> {
    username: String,
    user_status: &'a str,
    email: Option<String>,
    email_verified: bool,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct PoolLine<'a> {
    pool: PoolView<'a>,
}

#[derive(Serialize)]
struct PoolView<'a> {
    user_pool_id: &'a str,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: SummaryView<'a>,
}

#[derive(Serialize)]
struct SummaryView<'a> {
    #[serde(flatten)]
    counts: &'a Summary,
    complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
}

const CSV_HEADER: [&str; 8] = [
    "username",
    "user_status",
    "email",
    "email_verified",
    "code",
    "severity",
    "title",
    "fix_aws_cli",
];

/// A CSV cell a spreadsheet will not run as a formula: a value that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'` (OWASP's advice for CSV injection).
/// Self-service sign-ups choose their usernames, so any cell may be hostile.
pub fn csv_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// Examples kept per code for the closing table.
const EXAMPLES: usize = 5;

pub struct AuditWriter {
    style: Style,
    target: AwsTarget,
    redactor: Redactor,
    /// The CSV header is written with the first row.
    csv_header: bool,
    groups: BTreeMap<(Severity, &'static str), Vec<String>>,
}

impl AuditWriter {
    pub fn new(style: Style, target: AwsTarget) -> Self {
        Self {
            redactor: Redactor::new(style.redact),
            style,
            target,
            csv_header: true,
            groups: BTreeMap::new(),
        }
    }

    /// The pool-level findings, printed once before the users (and again at the end when the
    /// scan raised one): a `{"pool": ...}` JSON line, CSV rows with status `(pool)`, or text.
    pub fn pool(&mut self, pool_id: &str, findings: &[Finding]) -> String {
        if findings.is_empty() {
            return String::new();
        }
        let views: Vec<FindingView> = findings
            .iter()
            .map(|f| finding_view(f, &self.target, &self.redactor))
            .collect();
        match self.style.format {
            OutputFormat::Json => serde_json::to_string(&PoolLine {
                pool: PoolView {
                    user_pool_id: pool_id,
                    findings: views,
                },
            })
            .unwrap_or_default(),
            OutputFormat::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                if std::mem::take(&mut self.csv_header) {
                    let _ = w.write_record(CSV_HEADER);
                }
                for f in &views {
                    let fix = f
                        .fix
                        .iter()
                        .find_map(|s| s.aws_cli.clone())
                        .unwrap_or_default();
                    let _ = w.write_record([
                        "",
                        "(pool)",
                        "",
                        "",
                        f.code,
                        f.severity.as_str(),
                        &csv_cell(&f.title),
                        &csv_cell(&fix),
                    ]);
                }
                String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
            }
            OutputFormat::Table => {
                let mut out = paint(
                    &format!("Pool {}:", printable(pool_id)),
                    self.style.color,
                    crossterm::style::Color::Cyan,
                );
                out.push('\n');
                for f in &views {
                    out.push_str(&finding_details(&f.printable(), self.style.color));
                }
                out.push('\n');
                out
            }
        }
    }

    /// The text for one affected user, to print at once.
    pub fn entry(&mut self, e: &Entry) -> String {
        let r = &mut self.redactor;
        let username = r.user(&e.user.username);
        let email = e.user.email.as_deref().map(|m| r.email(m));
        for u in &e.same_email {
            r.user(&u.username);
        }
        for u in &e.case_variants {
            r.user(&u.username);
            if let Some(m) = &u.email {
                r.email(m);
            }
        }
        let findings: Vec<FindingView> = e
            .findings
            .iter()
            .map(|f| finding_view(f, &self.target, r))
            .collect();
        match self.style.format {
            OutputFormat::Json => serde_json::to_string(&EntryView {
                username,
                user_status: &e.user.status,
                email,
                email_verified: e.user.email_verified(),
                findings,
            })
            .unwrap_or_default(),
            OutputFormat::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                if std::mem::take(&mut self.csv_header) {
                    let _ = w.write_record(CSV_HEADER);
                }
                for f in &findings {
                    let fix = f
                        .fix
                        .iter()
                        .find_map(|s| s.aws_cli.clone())
                        .unwrap_or_default();
                    let _ = w.write_record([
                        &*csv_cell(&username),
                        &*csv_cell(&e.user.status),
                        &*csv_cell(email.as_deref().unwrap_or_default()),
                        if e.user.email_verified() {
                            "true"
                        } else {
                            "false"
                        },
                        f.code,
                        f.severity.as_str(),
                        &csv_cell(&f.title),
                        &csv_cell(&fix),
                    ]);
                }
                let bytes = w.into_inner().unwrap_or_default();
                String::from_utf8(bytes).unwrap_or_default()
            }
            OutputFormat::Table => {
                let mut out = String::new();
                for f in &findings {
                    let examples = self.groups.entry((f.severity, f.code)).or_default();
                    if examples.len() < EXAMPLES {
                        examples.push(printable(&username).into_owned());
                    }
                    let sev = format!("{:<7}", f.severity.as_str());
                    let color = match f.severity {
                        Severity::Error => crossterm::style::Color::Red,
                        Severity::Warning => crossterm::style::Color::Yellow,
                        Severity::Info => crossterm::style::Color::Cyan,
                    };
                    out.push_str(&format!(
                        "{} {:<36} {} {}\n",
                        paint(&sev, self.style.color, color),
                        f.code,
                        printable(&username),
                        printable(email.as_deref().unwrap_or("(no email)"))
                    ));
                }
                out
            }
        }
    }

    /// The closing text: the summary line (JSON), nothing (CSV), or the grouped table.
    pub fn summary(&mut self, s: &Summary, next_token: Option<&str>) -> String {
        match self.style.format {
            OutputFormat::Json => serde_json::to_string(&SummaryLine {
                summary: SummaryView {
                    counts: s,
                    complete: next_token.is_none(),
                    next_token,
                },
            })
            .unwrap_or_default(),
            OutputFormat::Csv if std::mem::take(&mut self.csv_header) => CSV_HEADER.join(","),
            OutputFormat::Csv => String::new(),
            OutputFormat::Table => {
                let mut out = String::new();
                if !self.groups.is_empty() {
                    let mut t = Table::new();
                    t.load_preset(UTF8_FULL_CONDENSED)
                        .set_header(vec!["severity", "code", "users", "examples"]);
                    if self.style.color {
                        t.enforce_styling();
                    } else {
                        t.force_no_tty();
                    }
                    for ((sev, code), examples) in &self.groups {
                        t.add_row(vec![
                            Cell::new(sev.as_str()),
                            Cell::new(code),
                            Cell::new(s.by_code.get(code).copied().unwrap_or_default()),
                            Cell::new(examples.join(", ")),
                        ]);
                    }
                    out.push('\n');
                    super::fit(&mut t, &[0, 1, 2]);
                    out.push_str(&t.to_string());
                    out.push('\n');
                }
                out.push_str(&format!(
                    "Scanned {} users: {} with findings{}.\n",
                    s.users_scanned,
                    s.users_with_findings,
                    if next_token.is_some() {
                        " (incomplete)"
                    } else {
                        ""
                    }
                ));
                if !self.groups.is_empty() {
                    out.push_str("Diagnose one user for the evidence and the fix: cognito-email-doctor diagnose --user-pool-id ID --username U\n");
                }
                out
            }
        }
    }
}

/// A whole scan is checked against DescribeUserPool's estimate: a large difference means users
/// the scan did not see (or an estimate out of date), which the operator should know.
pub fn check_estimate(scanned: u64, estimated: Option<u64>) {
    let Some(est) = estimated else { return };
    let diff = scanned.abs_diff(est);
    if diff > 10 && diff * 20 > est.max(scanned) {
        super::note(&format!(
            "note: scanned {scanned} users, DescribeUserPool estimates {est}: the estimate lags behind recent changes, or users were not seen"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formula_cells_are_neutralised() {
        for v in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(v), format!("'{v}"));
        }
        assert_eq!(csv_cell("alice"), "alice");
        assert_eq!(csv_cell("a=b"), "a=b");
    }
}
