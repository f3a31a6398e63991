//! Rendering of `explain`: one code's long explanation, or the list of codes.

use serde::Serialize;

use super::Spell;
use crate::rules::Rule;
use crate::symptoms::Match;

/// `explain --error -o json`: the text and the likely codes, best first.
#[derive(Debug, Serialize)]
pub struct SymptomView<'a> {
    pub error: &'a str,
    pub matches: Vec<MatchView<'a>>,
}

/// One likely code with the command that confirms it.
#[derive(Debug, Serialize)]
pub struct MatchView<'a> {
    #[serde(flatten)]
    pub found: &'a Match,
    /// The command that confirms it, with the ids left to fill in.
    pub confirm: String,
}

pub fn symptom_view<'a>(error: &'a str, found: &'a [Match], spell: &dyn Spell) -> SymptomView<'a> {
    SymptomView {
        error,
        matches: found
            .iter()
            .map(|m| MatchView {
                found: m,
                confirm: spell.diagnose(m.with_user),
            })
            .collect(),
    }
}

/// The likely codes for people: each with its title, why it matched and how to confirm it.
pub fn symptom_text(found: &[Match], spell: &dyn Spell) -> String {
    if found.is_empty() {
        return "No finding code matches this text.\n".to_owned();
    }
    let mut out = String::from("Likely causes, best first:\n");
    for (i, m) in found.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {}: {}\n   why: {}\n   confirm: {}\n   more: {}\n",
            i + 1,
            m.code,
            m.title,
            m.why,
            spell.diagnose(m.with_user),
            spell.explain(m.code)
        ));
    }
    out
}

#[derive(Debug, Serialize)]
pub struct RuleView {
    pub code: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub docs: &'static str,
}

pub fn view(r: &Rule) -> RuleView {
    RuleView {
        code: r.code,
        title: r.title,
        explanation: r.explanation,
        docs: r.docs,
    }
}

pub fn text(r: &Rule) -> String {
    format!(
        "{}: {}\n\n{}\n\nDocumentation: {}\n",
        r.code, r.title, r.explanation, r.docs
    )
}

pub fn list_text(rules: &[&Rule]) -> String {
    list_text_at(rules, super::terminal_width())
}

/// The list for a terminal of `width` columns: a title longer than the line allows is cut and
/// ends with `…` (`explain CODE` prints it whole); off a terminal (None) every title is whole.
pub fn list_text_at(rules: &[&Rule], width: Option<u16>) -> String {
    let code_width = rules.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let room = width.map(|w| usize::from(w).saturating_sub(code_width + 2));
    rules
        .iter()
        .map(|r| {
            let title = match room {
                Some(room) if room >= super::MIN_COLUMN => crate::text::bounded(r.title, room),
                _ => r.title.into(),
            };
            format!("{:code_width$}  {title}\n", r.code)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_fits_the_terminal_and_is_whole_off_it() {
        let all: Vec<&Rule> = crate::rules::ALL.to_vec();
        for width in [100u16, 60] {
            let text = list_text_at(&all, Some(width));
            for l in text.lines() {
                assert!(l.chars().count() <= width as usize, "{width}: {l}");
            }
            assert!(text.lines().any(|l| l.ends_with('…')), "{text}");
        }
        let text = list_text_at(&all, None);
        for r in &all {
            assert!(text.contains(r.title), "{}", r.code);
        }
    }
}
