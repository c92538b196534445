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
        let unassigned: Vec<serde_json::Value> = out
            .records
            .iter()
            .filter(|r| r.unassigned())
            .map(|r| {
                serde_json::json!({
                    "file": r.location.file,
                    "sheet": r.location.sheet,
                    "row": r.location.row,
                    "indicator": r.indicator,
                })
            })
            .collect();
        let missing_reason: Vec<serde_json::Value> = out
            .records
            .iter()
            .filter(|r| r.missing_reason())
            .map(|r| {
                serde_json::json!({
                    "file": r.location.file,
                    "sheet": r.location.sheet,
                    "row": r.location.row,
                    "indicator": r.indicator,
                    "status": r.score.as_ref().map(|s| s.status.as_str()),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "year_on_year": year_on_year_json(&out),
            "valid": !problems(&out.anomalies) && out.failed.is_empty(),
            "indicators": out.records.len(),
            "unassigned": unassigned,
            "missing_reason": missing_reason,
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
        unassigned_lines(&out.records);
        missing_reason_lines(&out.records);
        for line in super::common::year_on_year_lines(&out) {
            out!("{line}");
        }
        for f in &out.failed {
            out!("illeggibile: {} ({})", f.path, f.reason);
        }
    }
    Ok(if !out.failed.is_empty() {
        ExitCode::from(2)
    } else if !problems(&out.anomalies) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The year-on-year comparison for `check --json` (`null` without `--precedente`).
fn year_on_year_json(out: &cruscotto::pipeline::Outcome) -> serde_json::Value {
    let Some(c) = &out.year_on_year else {
        return serde_json::Value::Null;
    };
    let here = |i: usize| {
        let r = &out.records[i];
        serde_json::json!({
            "file": r.location.file, "sheet": r.location.sheet, "row": r.location.row,
            "objective_code": r.objective_code, "indicator": r.indicator,
        })
    };
    serde_json::json!({
        "source": c.source,
        "prior_year": c.prior_year,
        "matched": c.matched,
        "new": c.new.iter().map(|&i| here(i)).collect::<Vec<_>>(),
        "dropped": c.dropped.iter().map(|d| serde_json::json!({
            "file": d.location.file, "sheet": d.location.sheet, "row": d.location.row,
            "objective_code": d.objective_code, "indicator": d.indicator,
            "dirigente": d.dirigente, "area": d.area,
        })).collect::<Vec<_>>(),
        "ambiguous": c.ambiguous.iter().map(|(i, rows)| {
            let mut v = here(*i);
            v["candidate_rows"] = rows.iter().map(|l| l.row).collect::<Vec<_>>().into();
            v
        }).collect::<Vec<_>>(),
    })
}

/// Whether some anomaly asks for action: the corrections the office made
/// itself (`rettifica`) are listed, but do not make the plan invalid.
fn problems(anomalies: &[cruscotto::model::Anomaly]) -> bool {
    anomalies
        .iter()
        .any(|a| a.code != cruscotto::model::AnomalyCode::Rettifica)
}

/// The indicators with no owner, grouped by sheet as row ranges, and where
/// to look: they go to `non-assegnati.xlsx`.
fn unassigned_lines(records: &[cruscotto::model::Record]) {
    // (file, sheet, runs of rows)
    type Group<'a> = (&'a str, &'a str, Vec<(u32, u32)>);
    let mut groups: Vec<Group> = Vec::new();
    let mut total = 0;
    for r in records.iter().filter(|r| r.unassigned()) {
        total += 1;
        let l = &r.location;
        match groups.last_mut() {
            Some((f, s, runs)) if **f == *l.file && **s == *l.sheet => match runs.last_mut() {
                // Indicators of one block are a few rows apart at most.
                Some((_, end)) if l.row <= *end + 3 => *end = l.row,
                _ => runs.push((l.row, l.row)),
            },
            _ => groups.push((&l.file, &l.sheet, vec![(l.row, l.row)])),
        }
    }
    if total == 0 {
        return;
    }
    out!("{total} indicatori senza responsabile (vanno in non-assegnati.xlsx):");
    for (file, sheet, runs) in groups {
        let rows: Vec<String> = runs
            .iter()
            .map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect();
        out!("  {file}, foglio «{sheet}», righe {}", rows.join(", "));
    }
    out!("  `cruscotto struttura` mostra la struttura letta; correggere con --organigramma o --mappa ([[responsabile]]).");
}

/// The indicators not reached with no reason for the deviation: a warning
/// of its own (the exit status does not change), since the Relazione sulla
/// performance must explain every target missed.
fn missing_reason_lines(records: &[cruscotto::model::Record]) {
    let missing: Vec<&cruscotto::model::Record> =
        records.iter().filter(|r| r.missing_reason()).collect();
    if missing.is_empty() {
        return;
    }
    let n = match missing.len() {
        1 => "1 indicatore non raggiunto".to_string(),
        n => format!("{n} indicatori non raggiunti"),
    };
    out!(
        "avviso: {n} senza motivazione dello scostamento \
         (colonna Motivazione o Note nel piano o nei consuntivi):"
    );
    for r in missing {
        let l = &r.location;
        let grado = r
            .score
            .as_ref()
            .and_then(|s| s.attainment)
            .map(|a| format!("{}%", cruscotto::value::format_it(a)))
            .unwrap_or_default();
        out!(
            "  {}, foglio «{}», riga {}: {} ({grado})",
            l.file,
            l.sheet,
            l.row,
            r.indicator.trim()
        );
    }
}
