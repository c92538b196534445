//! `cruscotto struttura`: the plan's structure as understood — sheet →
//! strategic area → objective → indicators, with owners, their source and
//! the counts per dirigente and area — so that a person sees at once whether
//! the plan was read right.

use std::process::ExitCode;

use cruscotto::structure::Tree;

use super::common::{finish, PipelineArgs};

/// Arguments of `struttura`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Uscita JSON per altri programmi.
    #[arg(long)]
    pub json: bool,
}

/// Runs `struttura`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = args.pipeline.run()?;
    let tree = Tree::build(&out.records);
    if args.json {
        out!("{}", serde_json::to_string_pretty(&tree)?);
    } else {
        out!("{}", tree.to_text().trim_end());
        if tree.non_assegnati > 0 {
            out!(
                "Gli indicatori senza responsabile vanno in non-assegnati.xlsx: indicare l'organigramma \
                 (--organigramma) o i responsabili nella mappa (--mappa, tabelle [[responsabile]])."
            );
        }
    }
    Ok(finish(out))
}
