//! Rendering of `explain`: one code's long explanation, or the list of codes.

use serde::Serialize;

use crate::rules::Rule;

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
