//! Output of `audit --all-pools`: each pool's lines as `audit` prints them, each naming its
//! account, region and pool (JSON keys, leading CSV columns, and in the table a header line before
//! each run of one pool's lines, since pools of different scopes are read at once), a summary per
//! pool, then the fleet's; scope items and pools that could not be read on stderr (and as
//! `unavailable` JSON lines); the pools audited of the pools found on stderr.

use std::collections::HashMap;

use serde::Serialize;

use super::audit::{csv_header, AuditWriter, Tag};
use super::{paint, printable, Redactor, Style};
use crate::audit::{Entry, Summary};
use crate::error::{io_error, Result};
use crate::fleet::audit::{PoolAt, Tally};
use crate::fleet::Reach;
use crate::model::ScopeGap;
use crate::rules::Finding;
use crate::settings::OutputFormat;

#[derive(Serialize)]
struct GapLine<'a> {
    unavailable: &'a ScopeGap,
}

#[derive(Serialize)]
struct FleetLine<'a> {
    fleet: FleetView<'a>,
}

#[derive(Serialize)]
struct FleetView<'a> {
    #[serde(flatten)]
    tally: &'a Tally,
    complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
}

/// The printing sink of a fleet's audit.
pub struct Printer {
    style: Style,
    redactor: Redactor,
    /// Each pool's writer, from its first line to its summary.
    writers: HashMap<usize, AuditWriter>,
    /// The pool whose lines were printed last: the table names a pool again when it changes.
    last: Option<usize>,
    /// Whether the CSV header is printed (once, for every pool).
    csv_started: bool,
    pb: indicatif::ProgressBar,
}

impl Printer {
    pub fn new(style: Style) -> Self {
        Self {
            redactor: Redactor::new(style.redact),
            style,
            writers: HashMap::new(),
            last: None,
            csv_started: false,
            pb: progress(),
        }
    }

    fn writer(&mut self, at: &PoolAt) -> &mut AuditWriter {
        self.writers.entry(at.seq).or_insert_with(|| {
            AuditWriter::tagged(
                self.style.clone(),
                at.target.clone(),
                Tag {
                    account: at.account.clone(),
                    region: at.region.clone(),
                    pool: at.pool_id.clone(),
                },
            )
        })
    }

    /// The line that names a pool in the table.
    fn header(&self, at: &PoolAt) -> String {
        let name = at
            .pool_name
            .as_deref()
            .map(|n| format!(" ({})", printable(n)))
            .unwrap_or_default();
        let line = format!(
            "Account {}, region {}, pool {}{name}:",
            printable(at.account.as_deref().unwrap_or("(unknown)")),
            printable(&at.region),
            printable(&at.pool_id)
        );
        paint(&line, self.style.color, crossterm::style::Color::Cyan)
    }

    /// Prints one pool's text whole: in the table after the pool's header when another pool's
    /// lines came last (or always, for a summary); in CSV after the header, once.
    fn print(&mut self, at: &PoolAt, text: String, named: bool) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let mut out = String::new();
        match self.style.format {
            OutputFormat::Table if named || self.last != Some(at.seq) => {
                out.push_str(&self.header(at));
                out.push('\n');
            }
            OutputFormat::Csv if !self.csv_started => {
                self.csv_started = true;
                out.push_str(&csv_header(true));
            }
            _ => {}
        }
        self.last = Some(at.seq);
        out.push_str(&text);
        self.emit(&out)
    }

    fn emit(&self, text: &str) -> Result<()> {
        self.pb.suspend(|| super::emit(text)).map_err(io_error)
    }

    /// The fleet's summary, after every pool: a `{"fleet": ...}` JSON line, a short block of text,
    /// or (CSV) the header when no row was printed.
    pub fn finish(&mut self, tally: &Tally, token: Option<&str>) -> Result<()> {
        self.pb.finish_and_clear();
        let shown = Tally {
            pools_failed: tally.pools_failed.iter().map(|g| self.shown(g)).collect(),
            unavailable: tally.unavailable.iter().map(|g| self.shown(g)).collect(),
            ..tally.clone()
        };
        let text = match self.style.format {
            OutputFormat::Json => serde_json::to_string(&FleetLine {
                fleet: FleetView {
                    tally: &shown,
                    complete: token.is_none(),
                    next_token: token,
                },
            })
            .unwrap_or_default(),
            OutputFormat::Csv if !self.csv_started => {
                self.csv_started = true;
                csv_header(true)
            }
            OutputFormat::Csv => return Ok(()),
            OutputFormat::Table => self.block(&shown, token.is_some()),
        };
        self.emit(&text)
    }

    /// The fleet's summary for people.
    fn block(&self, t: &Tally, incomplete: bool) -> String {
        let reach = Reach {
            pools: t.pools,
            regions: t.regions,
            accounts: t.accounts,
            gaps: 0,
        };
        let before = match t.pools_done_before {
            0 => String::new(),
            n => format!(", {n} by an earlier run"),
        };
        let mut out = format!(
            "\n{}\n{}: {} audited whole{before}; {} users scanned, {} with findings{}.\n",
            paint("Fleet:", self.style.color, crossterm::style::Color::Cyan),
            reach.sentence(),
            t.pools_audited,
            t.users_scanned,
            t.users_with_findings,
            if incomplete { " (incomplete)" } else { "" }
        );
        let width = t.by_code.keys().map(|c| c.len()).max().unwrap_or(0);
        for (code, n) in &t.by_code {
            out.push_str(&format!("  {code:<width$}  {n}\n"));
        }
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        if !t.pools_failed.is_empty() {
            out.push_str(&format!(
                "{} could not be audited (above).\n",
                n(t.pools_failed.len(), "pool", "pools")
            ));
        }
        if !t.unavailable.is_empty() {
            out.push_str(&format!(
                "{} could not be searched (above).\n",
                n(t.unavailable.len(), "scope item", "scope items")
            ));
        }
        out
    }

    /// A gap with its error redacted.
    fn shown(&self, gap: &ScopeGap) -> ScopeGap {
        ScopeGap {
            error: self.redactor.text(&gap.error),
            ..gap.clone()
        }
    }
}

/// A progress line on stderr, on a terminal only: pools audited of pools found, users scanned.
fn progress() -> indicatif::ProgressBar {
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(0);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} of {len} pools audited, {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

impl crate::fleet::audit::Sink for Printer {
    fn pool(&mut self, at: &PoolAt, findings: &[Finding]) -> Result<()> {
        let text = self.writer(at).pool(&at.pool_id, findings);
        self.print(at, text, false)
    }

    fn entry(&mut self, at: &PoolAt, entry: &Entry) -> Result<()> {
        let text = self.writer(at).entry(entry);
        self.print(at, text, false)
    }

    fn summary(&mut self, at: &PoolAt, summary: &Summary, token: Option<&str>) -> Result<()> {
        let text = self.writer(at).summary(summary, token);
        self.writers.remove(&at.seq);
        self.print(at, text, true)
    }

    fn note(&self, at: &PoolAt, text: &str) {
        let line = format!(
            "{} {} {}: {text}",
            at.account.as_deref().unwrap_or("(unknown account)"),
            at.region,
            at.pool_id
        );
        self.pb.suspend(|| super::note(&line));
    }

    fn gap(&mut self, gap: &ScopeGap) -> Result<()> {
        let shown = self.shown(gap);
        if self.style.format == OutputFormat::Json {
            let line = serde_json::to_string(&GapLine {
                unavailable: &shown,
            })
            .unwrap_or_default();
            self.emit(&line)?;
        }
        let kind = serde_json::to_value(gap.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let line = format!(
            "warning: could not audit {} ({kind}, {}): {}",
            gap.scope, gap.operation, shown.error
        );
        self.pb.suspend(|| super::note(&line));
        Ok(())
    }

    fn progress(&self, audited: usize, pools: usize, scanned: u64) {
        self.pb.set_length(pools as u64);
        self.pb.set_position(audited as u64);
        self.pb.set_message(format!("{scanned} users scanned"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::audit::Sink;
    use crate::settings::AwsTarget;

    fn style(format: OutputFormat) -> Style {
        Style {
            format,
            color: false,
            redact: false,
            width: None,
            verbose: false,
            spell: &crate::cli::line::Lines,
        }
    }

    fn at(seq: usize, region: &str, pool: &str) -> PoolAt {
        PoolAt {
            seq,
            account: Some("111122223333".into()),
            region: region.into(),
            pool_id: pool.into(),
            pool_name: Some("prod".into()),
            target: AwsTarget {
                region: region.into(),
                ..AwsTarget::default()
            },
        }
    }

    /// The table names the pool before each run of its lines, and before its summary; a pool's
    /// writer lives from its first line to its summary.
    #[test]
    fn the_table_names_the_pool_when_it_changes() {
        let mut p = Printer::new(style(OutputFormat::Table));
        let (a, b) = (
            at(0, "us-east-1", "us-east-1_A"),
            at(1, "eu-west-1", "eu-west-1_B"),
        );
        assert_eq!(
            p.header(&a),
            "Account 111122223333, region us-east-1, pool us-east-1_A (prod):"
        );
        p.writer(&a);
        assert!(p.writers.contains_key(&0));
        p.summary(&b, &Summary::default(), None).unwrap();
        assert!(!p.writers.contains_key(&1));
        assert_eq!(p.last, Some(1));
    }

    #[test]
    fn the_fleet_block_counts_pools_users_and_codes() {
        let p = Printer::new(style(OutputFormat::Table));
        let mut t = Tally {
            pools: 4,
            pools_audited: 3,
            pools_done_before: 1,
            regions: 2,
            accounts: 2,
            users_scanned: 1234,
            users_with_findings: 56,
            ..Tally::default()
        };
        t.by_code.insert("email-never-verified", 40);
        t.pools_failed.push(ScopeGap {
            scope: "x".into(),
            kind: crate::model::ScopeFailure::Denied,
            operation: "cognito-idp:ListUsers".into(),
            error: "denied".into(),
        });
        let text = p.block(&t, true);
        assert!(
            text.contains("4 pools in 2 regions and 2 accounts: 3 audited whole, 1 by an earlier run; 1234 users scanned, 56 with findings (incomplete)."),
            "{text}"
        );
        assert!(text.contains("  email-never-verified  40"), "{text}");
        assert!(
            text.contains("1 pool could not be audited (above)."),
            "{text}"
        );
    }
}
