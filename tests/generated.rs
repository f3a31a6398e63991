//! Checked-in generated files are fresh, and every `--help` matches its snapshot.
//! Regenerate with `UPDATE_GENERATED=1 cargo test --test generated`
//! (help snapshots: `INSTA_UPDATE=always cargo test --test generated`, or `cargo insta review`).

use std::path::{Path, PathBuf};

use cognito_email_doctor::generate::{self, COMPLETION_FILES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn update() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some()
}

fn check(path: &Path, fresh: &[u8]) {
    if update() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fresh).unwrap();
        return;
    }
    let kept = std::fs::read(path).unwrap_or_default();
    assert!(
        kept == fresh,
        "{} is stale: run `UPDATE_GENERATED=1 cargo test --test generated` and commit the result",
        path.display()
    );
}

#[test]
fn completions_are_fresh_and_match_the_command() {
    for (shell, file) in COMPLETION_FILES {
        let fresh = generate::completion(*shell);
        assert!(!fresh.is_empty());
        check(&root().join("completions").join(file), &fresh);
        // What the binary prints is what is checked in.
        let out = assert_cmd::Command::cargo_bin("cognito-email-doctor")
            .unwrap()
            .args(["completions", &shell.to_string()])
            .output()
            .unwrap();
        assert_eq!(out.stdout, fresh, "{shell}");
    }
}

#[test]
fn man_pages_are_fresh() {
    let dir = tempfile::tempdir().unwrap();
    generate::man_pages(dir.path()).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.contains(&"cognito-email-doctor.1".to_owned()));
    assert!(names.contains(&"cognito-email-doctor-diagnose.1".to_owned()));
    for n in &names {
        check(
            &root().join("man").join(n),
            &std::fs::read(dir.path().join(n)).unwrap(),
        );
    }
    if !update() {
        let kept = std::fs::read_dir(root().join("man")).unwrap().count();
        assert_eq!(
            kept,
            names.len(),
            "man/ holds pages of commands that no longer exist"
        );
    }
}

/// Every subcommand's path, nested ones too, from the parser itself: a new one gets its snapshot
/// without a list to keep.
fn every_command() -> Vec<Vec<String>> {
    fn walk(c: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = path.clone();
            p.push(sub.get_name().to_owned());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &<cognito_email_doctor::cli::Cli as clap::CommandFactory>::command(),
        Vec::new(),
        &mut out,
    );
    out
}

#[test]
fn every_help_matches_its_snapshot() {
    let commands = every_command();
    assert!(
        commands.iter().any(|p| p == &["locate"]) && commands.iter().any(|p| p == &["collect"])
    );
    for path in &commands {
        let out = assert_cmd::Command::cargo_bin("cognito-email-doctor")
            .unwrap()
            .args(path)
            .arg("--help")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let name = if path.is_empty() {
            "help".to_owned()
        } else {
            format!("help-{}", path.join("-"))
        };
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}

/// The checked-in bash script completes a subcommand's options (clap_complete names the states
/// of a hyphenated binary two ways; `generate::completion` mends it): sourced in bash, it offers
/// `--user-pool-id` after `diagnose --user-po`, and the top level still completes.
#[test]
fn bash_completion_completes_subcommand_options() {
    let script = root().join("completions/cognito-email-doctor.bash");
    let complete = |words: &str| {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                r#"source "$0"
fn=$(complete -p cognito-email-doctor | sed -E 's/.*-F ([^ ]+) .*/\1/')
COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
"$fn" cognito-email-doctor "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#
            ))
            .arg(&script)
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let got = complete("cognito-email-doctor diagnose --user-po");
    assert_eq!(got.trim(), "--user-pool-id", "{got}");
    let got = complete("cognito-email-doctor reverify --take");
    assert_eq!(got.trim(), "--take-alias", "{got}");
    let got = complete("cognito-email-doctor diag");
    assert_eq!(got.trim(), "diagnose", "{got}");
}
