//! Rendering of a change's plan and outcome for people (JSON is the serialized structs).

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use super::{paint, printable};
use crate::change::{Outcome, Plan};

pub fn plan_text(plan: &Plan, color: bool) -> String {
    let p = |s: &str| printable(s).into_owned();
    let mut out = String::new();
    out.push_str(&paint(
        &format!("Plan: {}", plan.command),
        color,
        crossterm::style::Color::Cyan,
    ));
    out.push('\n');
    for (k, v) in &plan.subject {
        out.push_str(&format!("  {:<14} {}\n", p(k), p(v)));
    }
    out.push_str(&format!("  {:<14} {}\n", "call", p(&plan.call)));
    if !plan.changes.is_empty() {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_header(vec!["what", "before", "after"])
            .force_no_tty();
        for c in &plan.changes {
            t.add_row(vec![p(&c.what), p(&c.before), p(&c.after)]);
        }
        super::fit(&mut t, &[]);
        out.push_str(&t.to_string());
        out.push('\n');
    }
    for n in &plan.notes {
        out.push_str(&format!("  note: {}\n", p(n)));
    }
    if let Some(cli) = &plan.aws_cli {
        out.push_str(&format!("  AWS CLI equivalent:\n    $ {}\n", p(cli)));
    }
    out
}

pub fn outcome_text(o: &Outcome, color: bool) -> String {
    let mut out = String::new();
    if !o.read_back.is_empty() {
        out.push_str("Read back:\n");
        for c in &o.read_back {
            out.push_str(&format!(
                "  {}: {} (expected {})\n",
                printable(&c.what),
                printable(&c.before),
                printable(&c.after)
            ));
        }
    }
    use crate::change::State;
    let (label, c) = match (o.ok, o.state) {
        (true, _) => ("OK:", crossterm::style::Color::Green),
        (false, State::NotVerified) => ("APPLIED, NOT AS PLANNED:", crossterm::style::Color::Red),
        (false, State::Unknown) => ("UNKNOWN:", crossterm::style::Color::Yellow),
        (false, _) => ("NOT APPLIED:", crossterm::style::Color::Red),
    };
    out.push_str(&paint(label, color, c));
    out.push(' ');
    out.push_str(&printable(&o.result));
    out.push('\n');
    if let Some(check) = &o.check_cli {
        out.push_str(&format!("  check with:\n    $ {}\n", printable(check)));
    }
    out
}
