//! One module per subcommand: resolve the arguments, build what the machinery below needs, hand
//! the result to render. Nothing here is shared between subcommands.

pub mod audit;
pub mod diagnose;
pub mod enable_verification;
pub mod explain;
pub mod force_alias;
pub mod locate;
pub mod map_idp;
pub mod reinvite;
pub mod reverify;
pub mod undo;
