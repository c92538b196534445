//! `cruscotto check`: every anomaly with its place, and summary counts.

use std::collections::BTreeMap;
use std::process::ExitCode;

use super::common::PipelineArgs;

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Uscita JSON per altri programmi.
    #[arg(long)]
    pub json: bool,
}

/// Runs `check`: exit 0 clean, 1 anomalies, 2 unreadable input.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = args.pipeline.run()?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &out.anomalies {
        *counts.entry(a.code.as_str()).or_default() += 1;
    }
    if args.json {
        let items: Vec<serde_json::Value> = out
            .anomalies
            .iter()
            .map(|a| {
                serde_json::json!({
                    "code": a.code.as_str(),
                    "file": a.location.file,
                    "sheet": a.location.sheet,
                    "row": a.location.row,
                    "cell": a.location.cell_ref(),
                    "raw": a.raw,
                    "message": a.message,
                })
            })
            .collect();
        let failed: Vec<serde_json::Value> = out
            .failed
            .iter()
            .map(|f| serde_json::json!({"file": f.path, "message": f.reason}))
            .collect();
        let doc = serde_json::json!({
            "valid": out.anomalies.is_empty() && out.failed.is_empty(),
            "indicators": out.records.len(),
            "anomalies": items,
            "counts": counts,
            "unreadable": failed,
        });
        out!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        for a in &out.anomalies {
            out!(
                "{}\t{}\t{}\t{}\t«{}»\t{}",
                a.code,
                a.location.file,
                a.location.sheet,
                a.location.cell_ref(),
                a.raw,
                a.message
            );
        }
        out!();
        out!(
            "{} indicatori letti, {} anomalie",
            out.records.len(),
            out.anomalies.len()
        );
        for (code, n) in &counts {
            out!("  {code}: {n}");
        }
        for f in &out.failed {
            out!("illeggibile: {} ({})", f.path, f.reason);
        }
    }
    Ok(if !out.failed.is_empty() {
        ExitCode::from(2)
    } else if out.anomalies.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
