//! One module per subcommand: resolve the arguments, call the AWS layer, hand results to render.

pub mod audit;
pub mod audit_scan;
pub mod bulk_reverify;
pub mod change;
pub mod context;
pub mod diagnose;
pub mod enable_verification;
pub mod explain;
pub mod force_alias;
pub mod force_alias_confirm;
pub mod force_alias_create;
pub mod map_idp;
pub mod reinvite;
pub mod reverify;
pub mod reverify_code;
pub mod settle;
pub mod undo;

pub use context::Context;
