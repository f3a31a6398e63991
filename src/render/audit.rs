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

/// A fleet's pool-level line: `pool` is the pool's id there, as on every line of a fleet.
#[derive(Serialize)]
struct FleetPoolLine {
    pool_findings: Vec<FindingView>,
}

/// What each line of a fleet's audit names: the account, region and pool it is about.
#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    pub account: Option<String>,
    pub region: String,
    pub pool: String,
}

/// A line with the fleet's keys first, when it has them.
#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    #[serde(flatten)]
    tag: Option<&'a Tag>,
    #[serde(flatten)]
    line: T,
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

/// The leading CSV columns of a fleet's audit.
const CSV_TAG: [&str; 3] = ["account", "region", "pool"];

/// The CSV header line: with the fleet's columns first when `tagged`.
pub fn csv_header(tagged: bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = match tagged {
        true => w.write_record(CSV_TAG.iter().chain(CSV_HEADER.iter())),
        false => w.write_record(CSV_HEADER),
    };
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
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
    /// A fleet's pool: every line names it.
    tag: Option<Tag>,
}

impl AuditWriter {
    pub fn new(style: Style, target: AwsTarget) -> Self {
        Self {
            redactor: Redactor::new(style.redact),
            style,
            target,
            csv_header: true,
            groups: BTreeMap::new(),
            tag: None,
        }
    }

    /// The writer of one pool of a fleet: every line names the account, region and pool (JSON
    /// keys, leading CSV columns); the CSV header is the fleet's, printed once by its printer.
    pub fn tagged(style: Style, target: AwsTarget, tag: Tag) -> Self {
        Self {
            csv_header: false,
            tag: Some(tag),
            ..Self::new(style, target)
        }
    }

    /// A JSON line, with the fleet's keys first when tagged.
    fn json<T: Serialize>(&self, line: T) -> String {
        serde_json::to_string(&Tagged {
            tag: self.tag.as_ref(),
            line,
        })
        .unwrap_or_default()
    }

    /// A CSV writer with the header first when this is the first row.
    fn csv(&mut self) -> csv::Writer<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        if std::mem::take(&mut self.csv_header) {
            let _ = w.write_record(CSV_HEADER);
        }
        w
    }

    /// One CSV row, after the fleet's columns when tagged.
    fn row(&self, w: &mut csv::Writer<Vec<u8>>, cells: [&str; 8]) {
        let _ = match &self.tag {
            Some(t) => w.write_record(
                [
                    &*csv_cell(t.account.as_deref().unwrap_or_default()),
                    &*csv_cell(&t.region),
                    &*csv_cell(&t.pool),
                ]
                .into_iter()
                .chain(cells),
            ),
            None => w.write_record(cells),
        };
    }

    /// The pool-level findings, printed once before the users (and again at the end when the
    /// scan raised one): a `{"pool": ...}` JSON line, CSV rows with status `(pool)`, or text.
    pub fn pool(&mut self, pool_id: &str, findings: &[Finding]) -> String {
        if findings.is_empty() {
            return String::new();
        }
        let views: Vec<FindingView> = findings
            .iter()
            .map(|f| finding_view(f, &self.target, &self.redactor, self.style.spell))
            .collect();
        match self.style.format {
            OutputFormat::Json if self.tag.is_some() => self.json(FleetPoolLine {
                pool_findings: views,
            }),
            OutputFormat::Json => self.json(PoolLine {
                pool: PoolView {
                    user_pool_id: pool_id,
                    findings: views,
                },
            }),
            OutputFormat::Csv => {
                let mut w = self.csv();
                for f in &views {
                    let fix = f
                        .fix
                        .iter()
                        .find_map(|s| s.aws_cli.clone())
                        .unwrap_or_default();
                    self.row(
                        &mut w,
                        [
                            "",
                            "(pool)",
                            "",
                            "",
                            f.code,
                            f.severity.as_str(),
                            &csv_cell(&f.title),
                            &csv_cell(&fix),
                        ],
                    );
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
                    out.push_str(&finding_details(
                        &f.printable(),
                        self.style.color,
                        self.style.spell,
                    ));
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
            .map(|f| finding_view(f, &self.target, r, self.style.spell))
            .collect();
        match self.style.format {
            OutputFormat::Json => self.json(EntryView {
                username,
                user_status: &e.user.status,
                email,
                email_verified: e.user.email_verified(),
                findings,
            }),
            OutputFormat::Csv => {
                let mut w = self.csv();
                for f in &findings {
                    let fix = f
                        .fix
                        .iter()
                        .find_map(|s| s.aws_cli.clone())
                        .unwrap_or_default();
                    self.row(
                        &mut w,
                        [
                            &csv_cell(&username),
                            &csv_cell(&e.user.status),
                            &csv_cell(email.as_deref().unwrap_or_default()),
                            if e.user.email_verified() {
                                "true"
                            } else {
                                "false"
                            },
                            f.code,
                            f.severity.as_str(),
                            &csv_cell(&f.title),
                            &csv_cell(&fix),
                        ],
                    );
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
            OutputFormat::Json => self.json(SummaryLine {
                summary: SummaryView {
                    counts: s,
                    complete: next_token.is_none(),
                    next_token,
                },
            }),
            OutputFormat::Csv if std::mem::take(&mut self.csv_header) => CSV_HEADER.join(","),
            OutputFormat::Csv => String::new(),
            OutputFormat::Table => {
                let mut out = String::new();
                if !self.groups.is_empty() {
                    out.push('\n');
                    out.push_str(&summary_table(&self.groups, s, &self.style));
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
                    out.push_str(&format!(
                        "Diagnose one user for the evidence and the fix: {}\n",
                        self.style.spell.diagnose(true)
                    ));
                }
                out
            }
        }
    }
}

/// The closing table: each code with its count and a few users. On a terminal it fits the
/// width: the examples are cut to one line (ending with `…`), or left out when there is no room
/// for them (the users are listed above it).
fn summary_table(
    groups: &BTreeMap<(Severity, &'static str), Vec<String>>,
    s: &Summary,
    style: &Style,
) -> String {
    let count = |code: &str| s.by_code.get(code).copied().unwrap_or_default();
    let code_width = groups.keys().map(|(_, c)| c.len()).max().unwrap_or(4);
    let count_width = groups
        .keys()
        .map(|(_, c)| count(c).to_string().len())
        .max()
        .unwrap_or(1)
        .max("users".len());
    let with_examples = super::room(style.width, &["severity".len(), code_width, count_width])
        .is_none_or(|r| r >= super::MIN_COLUMN);
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    let mut header = vec!["severity", "code", "users"];
    if with_examples {
        header.push("examples");
    }
    t.set_header(header);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    for ((sev, code), examples) in groups {
        let mut row = vec![
            Cell::new(sev.as_str()),
            Cell::new(code),
            Cell::new(count(code)),
        ];
        if with_examples {
            row.push(Cell::new(examples.join(", ")));
        }
        t.add_row(row);
    }
    super::fit_to(&mut t, &[0, 1, 2], style.width, true);
    t.to_string()
}

/// The audit's printing sink: each user printed as it is made final, above a progress line on a
/// terminal.
pub struct Printer {
    writer: AuditWriter,
    pb: indicatif::ProgressBar,
}

impl Printer {
    pub fn new(style: Style, target: AwsTarget) -> Self {
        Self {
            writer: AuditWriter::new(style, target),
            pb: super::progress(),
        }
    }

    fn print(&self, text: String) -> crate::error::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.pb
            .suspend(|| super::emit(&text))
            .map_err(crate::error::io_error)
    }
}

impl crate::scan::audit::Sink for Printer {
    fn pool(&mut self, pool_id: &str, findings: &[Finding]) -> crate::error::Result<()> {
        let text = self.writer.pool(pool_id, findings);
        self.print(text)
    }

    fn entry(&mut self, entry: &Entry) -> crate::error::Result<()> {
        let text = self.writer.entry(entry);
        self.print(text)
    }

    fn progress(&self, scanned: u64, with_findings: u64) {
        self.pb.set_position(scanned);
        self.pb
            .set_message(format!("{with_findings} with findings"));
    }

    fn summary(&mut self, summary: &Summary, token: Option<&str>) -> crate::error::Result<()> {
        let text = self.writer.summary(summary, token);
        self.print(text)
    }

    fn note(&self, text: &str) {
        self.pb.suspend(|| super::note(text));
    }

    fn done(&self) {
        self.pb.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> (BTreeMap<(Severity, &'static str), Vec<String>>, Summary) {
        let mut groups = BTreeMap::new();
        let mut s = Summary::default();
        for (i, r) in crate::rules::ALL.iter().enumerate() {
            groups.insert(
                (Severity::Warning, r.code),
                vec![
                    "a-user-with-a-long-self-chosen-name@example.com".to_owned(),
                    format!("user{i}"),
                ],
            );
            s.by_code.insert(r.code, 1000 + i as u64);
        }
        (groups, s)
    }

    fn style(width: Option<u16>) -> Style {
        Style {
            format: OutputFormat::Table,
            color: false,
            redact: false,
            width,
            verbose: false,
            spell: &crate::cli::line::Lines,
        }
    }

    /// The summary fits 100 and 60 columns, codes and counts whole; examples cut with `…` (at
    /// 60, left out: no room for them beside the longest code).
    #[test]
    fn the_summary_fits_the_terminal() {
        let (groups, s) = groups();
        for width in [100u16, 60] {
            let text = summary_table(&groups, &s, &style(Some(width)));
            for l in text.lines() {
                assert!(l.chars().count() <= width as usize, "{width}: {l}\n{text}");
            }
            for r in crate::rules::ALL {
                assert!(text.contains(&format!(" {} ", r.code)), "{width}: {text}");
            }
        }
        let wide = summary_table(&groups, &s, &style(Some(100)));
        assert!(wide.contains('…') && wide.contains("examples"), "{wide}");
        let narrow = summary_table(&groups, &s, &style(Some(60)));
        assert!(!narrow.contains("examples"), "{narrow}");
        // Off a terminal, every example whole.
        let whole = summary_table(&groups, &s, &style(None));
        assert!(
            whole.contains("a-user-with-a-long-self-chosen-name@example.com, user0")
                && !whole.contains('…'),
            "{whole}"
        );
    }

    /// A fleet's pool: every JSON line begins with its account, region and pool (the pool-level
    /// line's findings under `pool_findings`), every CSV row with the same three columns.
    #[test]
    fn a_fleets_lines_name_their_account_region_and_pool() {
        let tag = Tag {
            account: Some("111122223333".into()),
            region: "eu-west-1".into(),
            pool: "eu-west-1_B".into(),
        };
        let mut st = style(None);
        st.format = OutputFormat::Json;
        let target = AwsTarget {
            region: "eu-west-1".into(),
            ..AwsTarget::default()
        };
        let mut w = AuditWriter::tagged(st.clone(), target.clone(), tag.clone());
        let f = crate::rules::ALL[0].finding(Severity::Warning, vec!["e".into()], Vec::new());
        let entry = Entry {
            user: crate::model::User {
                username: "ann".into(),
                status: "CONFIRMED".into(),
                ..Default::default()
            },
            findings: vec![f.clone()],
            same_email: Vec::new(),
            case_variants: Vec::new(),
        };
        let keys = |line: &str| -> Vec<String> {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v.as_object().unwrap().keys().cloned().collect()
        };
        let e = w.entry(&entry);
        assert_eq!(
            keys(&e)[..4],
            ["account", "region", "pool", "username"],
            "{e}"
        );
        assert!(
            e.starts_with(
                r#"{"account":"111122223333","region":"eu-west-1","pool":"eu-west-1_B","#
            ),
            "{e}"
        );
        let p = w.pool("eu-west-1_B", std::slice::from_ref(&f));
        assert_eq!(
            keys(&p),
            ["account", "region", "pool", "pool_findings"],
            "{p}"
        );
        let s = w.summary(&Summary::default(), Some("ced1.x"));
        assert_eq!(keys(&s), ["account", "region", "pool", "summary"], "{s}");
        // One pool alone: the lines as they always were.
        let mut one = AuditWriter::new(st.clone(), target.clone());
        assert_eq!(keys(&one.entry(&entry))[0], "username");
        assert_eq!(
            keys(&one.pool("eu-west-1_B", std::slice::from_ref(&f))),
            ["pool"]
        );

        st.format = OutputFormat::Csv;
        let mut w = AuditWriter::tagged(st, target, tag);
        let row = w.entry(&entry);
        assert!(
            row.starts_with("111122223333,eu-west-1,eu-west-1_B,ann,CONFIRMED,"),
            "{row}"
        );
        assert!(
            !row.contains("username"),
            "the fleet prints the header once: {row}"
        );
        assert_eq!(
            csv_header(true).trim_end(),
            "account,region,pool,username,user_status,email,email_verified,code,severity,title,fix_aws_cli"
        );
    }

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
