//! One module per subcommand: resolve the arguments, build what the machinery below needs, hand
//! the result to render. Nothing here is shared between subcommands.

pub mod audit;
pub mod collect;
pub mod diagnose;
pub mod enable_verification;
pub mod explain;
pub mod force_alias;
pub mod locate;
pub mod map_idp;
pub mod reinvite;
pub mod reverify;
pub mod undo;

use crate::cli::Command;
use crate::context::Context;
use crate::error::{ExitCode, Result};

/// Runs the subcommand: the one match from a subcommand to its module.
pub async fn run(g: &Context, command: &Command) -> Result<ExitCode> {
    match command {
        Command::Audit(a) => audit::run(g, a).await,
        Command::Locate(a) => locate::run(g, a).await,
        Command::Collect(a) => collect::run(g, a).await,
        Command::Diagnose(a) => diagnose::run(g, a).await,
        Command::Reverify(a) => reverify::run(g, a).await,
        Command::Reinvite(a) => reinvite::run(g, a).await,
        Command::ForceAlias(a) => force_alias::run(g, a).await,
        Command::MapIdp(a) => map_idp::run(g, a).await,
        Command::EnableVerification(a) => enable_verification::run(g, a).await,
        Command::Undo(a) => undo::run(g, a).await,
        Command::Explain(a) => explain::run(g, a),
        Command::Completions(a) => {
            crate::render::emit_bytes(&crate::generate::completion(a.shell))
                .map_err(crate::error::io_error)?;
            Ok(ExitCode::Ok)
        }
    }
}
