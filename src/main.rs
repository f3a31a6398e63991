//! The binary: parse, run, exit with the SPEC's code. Everything else lives in the library.

fn main() {
    std::process::exit(cognito_email_doctor::main_with_args(std::env::args_os()));
}
