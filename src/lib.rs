//! cognito-email-doctor: troubleshoots the `email_verified` attribute of Amazon Cognito users.
//!
//! Layers: `cli` (clap, raw values) -> `settings` (validated) -> `aws` (reads a [`model::Snapshot`])
//! -> `rules` via `engine` (pure diagnosis) -> `render` (the only stdout writer). `symptoms`
//! matches an error message to the rules that declare it (for `explain --error`).

pub mod audit;
pub mod aws;
pub mod change;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod error;
pub mod fix;
pub mod fix_guard;
pub mod generate;
pub mod model;
pub mod redact;
pub mod render;
pub mod rules;
pub mod scan;
pub mod secret;
pub mod settings;
pub mod symptoms;

use std::ffi::OsString;

use clap::Parser;

use cli::{Cli, Command};
use error::{Error, ExitCode};

/// Parses `args`, runs the command and returns the process exit code. Errors are printed here,
/// once, as one sentence on stderr.
pub fn main_with_args<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Usage.code()
            } else {
                ExitCode::Ok.code()
            };
        }
    };
    init_logging(cli.global.verbose, cli.global.no_color);
    if cli.global.redact {
        redact::enable();
        let mut r = redact::Redactor::new(true);
        let (users, emails) = cli.command.identities();
        for u in users {
            r.user(u);
        }
        for e in emails {
            r.email(e);
        }
    }
    // A few calls are in flight at a time and the rest is waiting: one thread is enough, starts
    // fast and keeps memory flat (one allocator arena) however long an audit runs.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            render::note(&format!("error: could not start the async runtime: {e}"));
            return ExitCode::Aws.code();
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code.code(),
        Err(e) if e.is_broken_pipe() => ExitCode::Ok.code(),
        Err(e) => {
            render::note(&render::printable(&redact::scrub(&format!("error: {e}"))));
            e.exit_code().code()
        }
    }
}

/// Runs one parsed command line.
pub async fn run(cli: Cli) -> Result<ExitCode, Error> {
    let g = &cli.global;
    if g.output == cli::OutputFormat::Csv && !matches!(cli.command, Command::Audit(_)) {
        return Err(Error::usage(
            "--output csv is only for audit; use table or json",
        ));
    }
    match &cli.command {
        Command::Audit(a) => commands::audit::run(g, a).await,
        Command::Diagnose(a) => commands::diagnose::run(g, a).await,
        Command::Reverify(a) => commands::reverify::run(g, a).await,
        Command::ForceAlias(a) => commands::force_alias::run(g, a).await,
        Command::MapIdp(a) => commands::map_idp::run(g, a).await,
        Command::EnableVerification(a) => commands::enable_verification::run(g, a).await,
        Command::Undo(a) => commands::undo::run(g, a).await,
        Command::Explain(a) => commands::explain::run(g, a),
        Command::Completions(a) => {
            render::emit_bytes(&generate::completion(a.shell)).map_err(error::io_error)?;
            Ok(ExitCode::Ok)
        }
    }
}

/// Logs go to stderr. `-v` shows each AWS call and its time, `-vv` also where credentials and
/// config came from. The SDK's wire-level logs stay off at every level: they could carry
/// request bodies, which hold tokens and codes.
fn init_logging(verbose: u8, no_color: bool) {
    use std::io::IsTerminal;
    let ansi = render::color_allowed(no_color) && std::io::stderr().is_terminal();
    // The SDK's own warnings (a credential provider that failed, with its Debug dump) stay off
    // too: the one sentence printed at the end says what was wrong.
    let filter = match verbose {
        0 => "off,cognito_email_doctor=warn",
        1 => "off,cognito_email_doctor=debug",
        _ => "off,cognito_email_doctor=trace,aws_config=info",
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .without_time()
        .try_init();
}
