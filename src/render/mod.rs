//! Output: tables for people, JSON for scripts. The only module that writes to stdout.

use std::io::{IsTerminal, Write};

use crate::cli::OutputFormat;
use crate::settings::AwsTarget;

pub mod audit;
pub mod change;
pub mod diagnose;
pub mod explain;
pub mod redact;

pub use redact::Redactor;

/// How to render: the format, colour, redaction and the target printed into commands.
#[derive(Debug, Clone)]
pub struct Style {
    pub format: OutputFormat,
    pub color: bool,
    pub redact: bool,
}

impl Style {
    /// Colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR`.
    pub fn new(format: OutputFormat, no_color: bool, redact: bool) -> Self {
        let env_no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            format,
            color: !no_color && !env_no_color && std::io::stdout().is_terminal(),
            redact,
        }
    }
}

/// Context every renderer needs.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub style: &'a Style,
    pub target: &'a AwsTarget,
}

/// Writes a finished piece of output to stdout.
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Pretty JSON for one object (stable key order comes from the structs).
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned())
}

pub(crate) fn paint(text: &str, color: bool, c: crossterm::style::Color) -> String {
    use crossterm::style::Stylize;
    if color {
        text.with(c).bold().to_string()
    } else {
        text.to_owned()
    }
}

/// A line for the person at the terminal (resume hints, warnings): stderr, never stdout.
pub fn note(text: &str) {
    eprintln!("{text}");
}
