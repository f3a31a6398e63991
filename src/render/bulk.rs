//! Output of bulk runs (`reverify --from`, `undo`): a line per target as it finishes, and the
//! tally. Table for people, JSON Lines for scripts.

use serde::Serialize;

use super::{paint, printable, Redactor};
use crate::change::bulk::{Line, LineState, Tally};
use crate::settings::OutputFormat;

#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: &'a Tally,
}

pub fn line(l: &Line, format: OutputFormat, color: bool, r: &Redactor) -> String {
    let target = r.text(&l.target);
    // A detail may name an address read during the run (a read-back): every address in it is
    // masked too, not only those registered before.
    let detail = if r.enabled() {
        crate::redact::scrub(&l.detail)
    } else {
        l.detail.clone()
    };
    match format {
        OutputFormat::Json => serde_json::to_string(&Line {
            target,
            state: l.state,
            detail,
        })
        .unwrap_or_default(),
        OutputFormat::Table | OutputFormat::Csv => {
            let (label, c) = match l.state {
                LineState::Applied => ("applied     ", crossterm::style::Color::Green),
                LineState::Skipped => ("skipped     ", crossterm::style::Color::Cyan),
                LineState::Failed => ("failed      ", crossterm::style::Color::Red),
                LineState::NotVerified => ("not-verified", crossterm::style::Color::Red),
            };
            format!(
                "{} {}: {}",
                paint(label, color, c),
                printable(&target),
                printable(&detail)
            )
        }
    }
}

pub fn summary(t: &Tally, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => {
            serde_json::to_string(&SummaryLine { summary: t }).unwrap_or_default()
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let skipped: u64 = t.skipped.values().sum();
            let mut out = format!(
                "\n{} of {} done in {:.1} s ({:.1} changes a second): {} applied, {} skipped, {} failed, {} not verified{}\n",
                t.applied + skipped + t.failed + t.not_verified,
                t.targets,
                t.seconds,
                t.rate,
                t.applied,
                skipped,
                t.failed,
                t.not_verified,
                if t.complete { "" } else { " (stopped: run it again to do the rest)" }
            );
            for (why, n) in &t.skipped {
                out.push_str(&format!("  skipped {n}: {why}\n"));
            }
            out
        }
    }
}
