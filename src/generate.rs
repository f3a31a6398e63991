//! Generated files: shell completions and man pages, from the clap definition. They are checked
//! in under `completions/` and `man/`; a test fails when they are stale and
//! `UPDATE_GENERATED=1 cargo test --test generated` rewrites them.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub const BIN: &str = "cognito-email-doctor";

/// Every shell and the file its script is kept in under `completions/`.
pub const COMPLETION_FILES: &[(Shell, &str)] = &[
    (Shell::Bash, "cognito-email-doctor.bash"),
    (Shell::Zsh, "_cognito-email-doctor"),
    (Shell::Fish, "cognito-email-doctor.fish"),
    (Shell::PowerShell, "_cognito-email-doctor.ps1"),
    (Shell::Elvish, "cognito-email-doctor.elv"),
];

/// The completion script for `shell`.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut buf);
    if shell == Shell::Bash {
        buf = mend_bash(&buf);
    }
    buf
}

/// clap_complete's bash script names each subcommand's state in two ways for a binary whose
/// name has a hyphen: the loop builds `cognito__email__doctor__subcmd__diagnose`, the case
/// arms read `cognito__subcmd__email__subcmd__doctor__subcmd__diagnose`, so no subcommand's
/// options ever complete (clap-rs/clap#6421, open). The arms are spelled the loop's way.
fn mend_bash(script: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let loop_name = BIN.replace('-', "__");
    let arm_name = BIN.replace('-', "__subcmd__");
    text.replace(
        &format!("{arm_name}__subcmd__"),
        &format!("{loop_name}__subcmd__"),
    )
    .into_bytes()
}

/// Writes the man pages (the command and each subcommand) into `dir`.
pub fn man_pages(dir: &Path) -> std::io::Result<()> {
    clap_mangen::generate_to(Cli::command(), dir)
}
