//! Rendering of `explain`: one code's long explanation, or the list of codes.

use serde::Serialize;

use crate::rules::Rule;
use crate::symptoms::Match;

/// `explain --error -o json`: the text and the likely codes, best first.
#[derive(Debug, Serialize)]
pub struct SymptomView<'a> {
    pub error: &'a str,
    pub matches: &'a [Match],
}

/// The likely codes for people: each with its title, why it matched and how to confirm it.
pub fn symptom_text(found: &[Match]) -> String {
    if found.is_empty() {
        return "No finding code matches this text.\n".to_owned();
    }
    let mut out = String::from("Likely causes, best first:\n");
    for (i, m) in found.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {}: {}\n   why: {}\n   confirm: {}\n   more: cognito-email-doctor explain {}\n",
            i + 1,
            m.code,
            m.title,
            m.why,
            m.confirm,
            m.code
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
    let width = rules.iter().map(|r| r.code.len()).max().unwrap_or(0);
    rules
        .iter()
        .map(|r| format!("{:width$}  {}\n", r.code, r.title))
        .collect()
}
