//! One module per subcommand, each with its `Args` and `run`.

pub mod check;
pub mod common;
pub mod convert;
pub mod demo;
pub mod explain;
pub mod genera;
pub mod report;
pub mod run;
