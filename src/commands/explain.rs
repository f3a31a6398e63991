//! `explain CODE` and `explain --list`.

use crate::cli::{ExplainArgs, GlobalArgs, OutputFormat};
use crate::error::{Error, ExitCode, Result};
use crate::render;
use crate::rules;

/// The registered code closest to a mistyped one (edit distance), to suggest it.
fn closest(code: &str) -> Option<&'static str> {
    rules::ALL
        .iter()
        .map(|r| (strsim::levenshtein(code, r.code), r.code))
        .min()
        .filter(|(d, _)| *d <= code.len().max(4) / 2)
        .map(|(_, c)| c)
}

pub fn run(g: &GlobalArgs, a: &ExplainArgs) -> Result<ExitCode> {
    let text = if a.list {
        match g.output {
            OutputFormat::Json => render::to_json(
                &rules::ALL
                    .iter()
                    .map(|r| render::explain::view(r))
                    .collect::<Vec<_>>(),
            ),
            OutputFormat::Table | OutputFormat::Csv => render::explain::list_text(rules::ALL),
        }
    } else {
        let code = a.code.as_deref().unwrap_or_default();
        let Some(rule) = rules::find(code) else {
            let hint = match closest(code) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "see `cognito-email-doctor explain --list`".to_owned(),
            };
            return Err(Error::usage(format!(
                "`{code}` is not a finding code; {hint}"
            )));
        };
        match g.output {
            OutputFormat::Json => render::to_json(&render::explain::view(rule)),
            OutputFormat::Table | OutputFormat::Csv => render::explain::text(rule),
        }
    };
    render::emit(&text).map_err(crate::error::io_error)?;
    Ok(ExitCode::Ok)
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_the_closest_code() {
        assert_eq!(
            super::closest("email-changed-unverifed"),
            Some("email-changed-unverified")
        );
        assert_eq!(super::closest("zzzz"), None);
    }
}
