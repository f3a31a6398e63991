//! `explain CODE`, `explain --list` and `explain --error TEXT`.

use std::io::Read;

use crate::cli::{ExplainArgs, OutputFormat};
use crate::error::{Error, ExitCode, Result};
use crate::render;
use crate::rules;
use crate::symptoms;

/// The registered code closest to a mistyped one (edit distance), to suggest it.
fn closest(code: &str) -> Option<&'static str> {
    rules::ALL
        .iter()
        .map(|r| (strsim::levenshtein(code, r.code), r.code))
        .min()
        .filter(|(d, _)| *d <= code.len().max(4) / 2)
        .map(|(_, c)| c)
}

/// An error message is a few lines; a pasted log may be longer, but not without bound.
const MAX_ERROR_TEXT: u64 = 1024 * 1024;

/// The text of `--error`: the argument, or stdin for `-`.
fn error_text(arg: &str) -> Result<String> {
    if arg != "-" {
        return Ok(arg.to_owned());
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_ERROR_TEXT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("could not read the error text from stdin: {e}")))?;
    if bytes.len() as u64 > MAX_ERROR_TEXT {
        return Err(Error::usage(
            "the error text on stdin is over 1 MiB; paste the message itself, not the whole log",
        ));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn from_symptom(g: &crate::context::Context, arg: &str) -> Result<ExitCode> {
    let text = error_text(arg)?;
    if text.trim().is_empty() {
        return Err(Error::usage(
            "--error is empty; give the message or exception name that was shown",
        ));
    }
    let found = symptoms::matches(&text);
    let out = match g.output {
        OutputFormat::Json => {
            render::to_json(&render::explain::symptom_view(&text, &found, g.style.spell))
        }
        OutputFormat::Table | OutputFormat::Csv => {
            render::explain::symptom_text(&found, g.style.spell)
        }
    };
    render::emit(&out).map_err(crate::error::io_error)?;
    if found.is_empty() {
        render::note(&format!("no finding code matches this text; paste the service's own message or exception name (from the app's error object or the log), or diagnose the user directly: {}", g.style.spell.diagnose(true)));
        return Ok(ExitCode::Findings);
    }
    Ok(ExitCode::Ok)
}

pub fn run(g: &crate::context::Context, a: &ExplainArgs) -> Result<ExitCode> {
    if let Some(e) = &a.error {
        return from_symptom(g, e);
    }
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
                None => format!("see `{} explain --list`", crate::cli::line::PROGRAM),
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
