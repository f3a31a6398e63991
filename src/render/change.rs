//! Rendering of a change's plan and outcome for people (JSON is the serialized structs).

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use super::{paint, printable};
use crate::change::{Outcome, Plan};

pub fn plan_text(plan: &Plan, color: bool) -> String {
    plan_text_at(plan, color, super::terminal_width())
}

/// The plan for a terminal of `width` columns (None off a terminal). Its values wrap on a
/// terminal and are never cut: a plan shows the whole of what it will change. When a value holds
/// a word (an address, a mapping) longer than a column of the table could be, the changes are
/// listed one field a line instead, so that no word is split across lines.
pub fn plan_text_at(plan: &Plan, color: bool, width: Option<u16>) -> String {
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
    let cells = |c: &crate::change::Change| [p(&c.what), p(&c.before), p(&c.after)];
    let longest_word = plan
        .changes
        .iter()
        .flat_map(cells)
        .flat_map(|s| s.split_whitespace().map(|w| w.chars().count()).max())
        .max()
        .unwrap_or_default();
    // The room of three columns, shared.
    let as_table = super::room(width, &[0, 0]).is_none_or(|r| longest_word <= r / 3);
    if !plan.changes.is_empty() && !as_table {
        for c in &plan.changes {
            let [what, before, after] = cells(c);
            out.push_str(&format!(
                "  {what}\n      before: {before}\n      after:  {after}\n"
            ));
        }
    } else if !plan.changes.is_empty() {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_header(vec!["what", "before", "after"])
            .force_no_tty();
        for c in &plan.changes {
            t.add_row(vec![p(&c.what), p(&c.before), p(&c.after)]);
        }
        super::fit_to(&mut t, &[], width, false);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::Change;

    fn plan() -> Plan {
        Plan {
            command: "map-idp".into(),
            call: "UpdateIdentityProvider (AttributeMapping with email_verified added)".into(),
            subject: vec![("user pool".into(), "eu-west-1_AbCdEfGhI".into())],
            changes: vec![
                Change::new(
                    "Google AttributeMapping",
                    "email=email, username=sub, given_name=given_name, family_name=family_name",
                    "email=email, email_verified=email_verified, username=sub, given_name=given_name, family_name=family_name",
                ),
                Change::new("olivia email_verified", "\"false\"", "\"true\""),
            ],
            notes: vec![],
            aws_cli: None,
        }
    }

    /// On a terminal the plan's table fits and its values wrap, whole; off one, each value is
    /// on its row as it is.
    #[test]
    fn the_plan_fits_the_terminal_and_is_never_cut() {
        let p = plan();
        for width in [100u16, 60] {
            let text = plan_text_at(&p, false, Some(width));
            let table: Vec<&str> = text.lines().filter(|l| !l.starts_with("  ")).collect();
            for l in &table {
                assert!(l.chars().count() <= width as usize, "{width}: {l}\n{text}");
            }
            assert!(!text.contains('…'), "{text}");
            for word in p.changes[0].after.split_whitespace() {
                assert!(text.contains(word), "{width}: {word} lost\n{text}");
            }
        }
        // At 100 columns the table holds every word; at 60 the mapping's longest word does not
        // fit a third of it, so the changes are listed.
        assert!(plan_text_at(&p, false, Some(100)).contains("│ what"));
        let listed = plan_text_at(&p, false, Some(60));
        assert!(
            listed.contains(&format!("      after:  {}", p.changes[0].after)),
            "{listed}"
        );
        let text = plan_text_at(&p, false, None);
        assert!(text.contains(&p.changes[0].after), "{text}");
    }
}
