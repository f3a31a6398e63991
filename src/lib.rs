//! cognito-email-doctor: troubleshoots the `email_verified` attribute of Amazon Cognito users.
//!
//! Layers, lowest first; a module names only modules of its own layer or below ([`LAYERS`], and
//! a test holds every file to it):
//! 1. foundation: `error`, `model` (the snapshot read from a pool), `settings` (validated values),
//!    `secret`, `fix` (fix actions and the commands they print), `redact`, `text` (text from
//!    outside made safe to print), `wire` and `trail` (the services' answers to the model);
//! 2. diagnosis, pure: `rules` (one file per finding: its check, its messages, the bulk change that
//!    fixes it, how an audit weighs it), `engine`, `fix_guard`, `symptoms`, `audit` (the auditor);
//! 3. AWS: `aws` (every SDK type and call: fetch, apply, the one pacer in `aws::pace`), `scan`;
//! 4. change machinery: `change` (plan and outcome types, the journal, settle = write then read
//!    back, the admin-verify helpers, restore for undo, and the one bulk runner);
//! 5. `render`: the only writer of stdout and of notes on stderr; nothing below it prints;
//! 6. the command line: `cli` (clap, raw values), `commands` (one thin module per subcommand),
//!    `generate` (completions, man page).
//!
//! A new finding is a file in `rules/` listed in `rules::ALL` (it declares its messages for
//! `explain --error`, and `fixed_by` when a bulk change fixes it). A new change command is a
//! module in `commands/` that builds a `change::Plan` and settles its write through
//! `commands::change::settle`; a new bulk fix is a job on `change::bulk::Runner`, its users taken
//! from an audit by the codes whose rules name it in `fixed_by`.

/// The layers of the crate, lowest first (see the crate's documentation).
pub const LAYERS: &[&[&str]] = &[
    &[
        "error", "model", "settings", "secret", "fix", "redact", "text", "wire", "bundle", "trail",
    ],
    &["rules", "engine", "fix_guard", "symptoms", "audit"],
    &["aws", "scan", "fleet", "collect"],
    &["change"],
    &["fixes"],
    &["render"],
    &["cli", "context", "commands", "generate"],
];

pub mod audit;
pub mod aws;
pub mod bundle;
pub mod change;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod context;
pub mod engine;
pub mod error;
pub mod fix;
pub mod fix_guard;
pub mod fixes;
pub mod fleet;
pub mod generate;
pub mod model;
pub mod redact;
pub mod render;
pub mod rules;
pub mod scan;
pub mod secret;
pub mod settings;
pub mod symptoms;
pub mod text;
pub mod trail;
pub mod wire;

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
        if let Command::Diagnose(cli::DiagnoseArgs { sub: Some(s), .. }) = &cli.command {
            r.sub(s);
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
            // One line, whatever a service or an input put in it, and never a credential.
            let sentence = format!("error: {e}");
            render::note(&redact::scrub(&text::without_credentials(&sentence)));
            e.exit_code().code()
        }
    }
}

/// Runs one parsed command line.
pub async fn run(cli: Cli) -> Result<ExitCode, Error> {
    let cx = context::Context::resolve(&cli.global);
    let g = &cx;
    if g.output == cli::OutputFormat::Csv && !matches!(cli.command, Command::Audit(_)) {
        return Err(Error::usage(
            "--output csv is only for audit; use table or json",
        ));
    }
    commands::run(g, &cli.command).await
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

#[cfg(test)]
mod layering {
    use super::LAYERS;

    fn layer(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&module))
    }

    /// Every `.rs` file under `src/`, with the top module it belongs to.
    fn files() -> Vec<(String, std::path::PathBuf)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let rel = path.strip_prefix(&root).unwrap();
                    let top = rel
                        .components()
                        .next()
                        .unwrap()
                        .as_os_str()
                        .to_string_lossy();
                    out.push((top.trim_end_matches(".rs").to_owned(), path));
                }
            }
        }
        out
    }

    #[test]
    fn no_module_names_one_above_it() {
        let mut wrong = Vec::new();
        for (module, path) in files() {
            if module == "lib" || module == "main" {
                continue;
            }
            let own = layer(&module).unwrap_or_else(|| panic!("{module} is in no layer"));
            // A module's tests may use the real parts above it (render's snapshots print the
            // command line's own spelling); its code may not.
            let text = code_of(&path);
            for (i, _) in text.match_indices("crate::") {
                let name: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                match layer(&name) {
                    Some(l) if l > own => wrong.push(format!(
                        "{} names crate::{name} (layer {}) from layer {}",
                        path.display(),
                        l + 1,
                        own + 1
                    )),
                    _ => {}
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// A file's code without its tests (everything from its `#[cfg(test)]` module on).
    fn code_of(path: &std::path::Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        match text.find("#[cfg(test)]\nmod ") {
            Some(i) => text[..i].to_owned(),
            None => text,
        }
    }

    /// Only the command-line layer spells the tool's own command lines: below it, no file holds
    /// the program's name followed by one of its subcommands (render and the fixes print them
    /// through `fix::Spell`, which `cli::line` implements).
    #[test]
    fn no_lower_layer_spells_the_tools_own_command_line() {
        use clap::CommandFactory;
        let subcommands: Vec<String> = crate::cli::Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        let cli = layer("cli").unwrap();
        let mut wrong = Vec::new();
        for (module, path) in files() {
            if layer(&module).is_none_or(|l| l >= cli) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("cognito-email-doctor ") {
                let next: String = text[i + 21..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                    .collect();
                if subcommands.contains(&next) {
                    wrong.push(format!(
                        "{} spells `cognito-email-doctor {next}`",
                        path.display()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// `commands/` is wiring: `mod.rs` and one file per subcommand, none defining a public type,
    /// naming another, or holding a function over 60 lines.
    #[test]
    fn commands_are_one_short_file_per_subcommand() {
        use clap::CommandFactory;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
        let subcommands: Vec<String> = crate::cli::Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().replace('-', "_"))
            .collect();
        let mut wrong = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                wrong.push(format!("{} is a directory", path.display()));
                continue;
            }
            if name == "mod" {
                continue;
            }
            if !subcommands.contains(&name) {
                wrong.push(format!("{} is no subcommand's", path.display()));
            }
            let code = code_of(&path);
            for word in [
                "pub struct ",
                "pub enum ",
                "pub trait ",
                "pub type ",
                "pub(crate) ",
            ] {
                if code.contains(word) {
                    wrong.push(format!("{} defines `{word}`", path.display()));
                }
            }
            if code.contains("super::") || code.contains("crate::commands") {
                wrong.push(format!(
                    "{} names another module of commands/",
                    path.display()
                ));
            }
            let lines: Vec<&str> = code.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                let t = l.trim_start();
                let indent = l.len() - t.len();
                let is_fn = ["fn ", "pub fn ", "async fn ", "pub async fn "]
                    .iter()
                    .any(|p| t.starts_with(p));
                if !is_fn {
                    continue;
                }
                let close = format!("{}}}", " ".repeat(indent));
                let len = lines[i..]
                    .iter()
                    .position(|m| *m == close)
                    .map_or(0, |n| n + 1);
                if len > 60 {
                    wrong.push(format!(
                        "{}:{}: a function of {len} lines",
                        path.display(),
                        i + 1
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Outside `aws/`, each write operation's name is one literal, in its fix: the journal, the
    /// plan, undo and the messages all take it from there. CloudTrail's event names
    /// (`model/history.rs`) are what a read of the event history shows, not calls the tool
    /// makes: that vocabulary is the one other place they are spelled.
    #[test]
    fn a_write_operation_is_named_once_in_its_fix() {
        let mut ops: Vec<&str> = crate::fixes::Kind::ALL
            .iter()
            .map(|k| k.operation())
            .collect();
        ops.sort_unstable();
        ops.dedup();
        let mut wrong = Vec::new();
        for op in ops {
            let quoted = format!("\"{op}\"");
            let history = |p: &std::path::Path| p.ends_with("model/history.rs");
            let at: Vec<String> = files()
                .into_iter()
                .filter(|(module, path)| module != "aws" && !history(path))
                .filter(|(_, path)| code_of(path).contains(&quoted))
                .map(|(_, path)| path.display().to_string())
                .collect();
            let count: usize = files()
                .into_iter()
                .filter(|(module, path)| module != "aws" && !history(path))
                .map(|(_, path)| code_of(&path).matches(&quoted).count())
                .sum();
            if count != 1 || !at[0].contains("/src/fixes/") {
                wrong.push(format!("{op}: {count} literals, in {at:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn sdk_types_stay_in_aws_and_nothing_below_render_prints() {
        let mut wrong = Vec::new();
        for (module, path) in files() {
            let text = std::fs::read_to_string(&path).unwrap();
            if !matches!(module.as_str(), "aws" | "lib") && text.contains("aws_sdk_") {
                wrong.push(format!("{} names an SDK crate", path.display()));
            }
            let below_render = layer(&module).is_some_and(|l| l < layer("render").unwrap());
            for printer in [
                "println!",
                "eprintln!",
                "print!(",
                "io::stdout",
                "io::stderr",
            ] {
                if below_render && text.contains(printer) {
                    wrong.push(format!("{} prints ({printer})", path.display()));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
