//! `cruscotto explain`: how a target expression is read, or the full trace of one row.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use cruscotto::model::{Record, TargetKind};
use cruscotto::normalise::{self, Context};
use cruscotto::pipeline::{self, Options};
use cruscotto::value;

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// L'espressione di target da leggere, ad es. ">= 95%".
    #[arg(
        allow_hyphen_values = true,
        required_unless_present = "row",
        conflicts_with = "row"
    )]
    pub expression: Option<String>,
    /// Stampa la lettura come array JSON nella forma canonica.
    #[arg(long)]
    pub json: bool,
    /// Unità di misura (UdM) del target: con `data` un intero come 45900 è una data Excel.
    #[arg(long, value_name = "UdM")]
    pub unit: Option<String>,
    /// Spiega una riga di un file: FILE:FOGLIO:RIGA (riga 1-based come nel foglio).
    #[arg(long, value_name = "FILE:FOGLIO:RIGA")]
    pub row: Option<String>,
}

/// Runs `explain`: exit 0 when every target is understood, 1 when some target is `text`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(spec) = &args.row {
        let spec = RowSpec::parse(spec)?;
        return explain_row(&spec, args.json);
    }
    let Some(expr) = args.expression.as_deref() else {
        anyhow::bail!("indicare un'espressione oppure --row FILE:FOGLIO:RIGA");
    };
    let ctx = Context::for_unit(args.unit.as_deref());
    let reading = normalise::normalise(expr, &ctx);
    if args.json {
        let arr: Vec<serde_json::Value> = reading.targets.iter().map(|t| t.to_json()).collect();
        out!("{}", serde_json::Value::Array(arr));
    } else {
        for t in &reading.targets {
            out!("{}", normalise::describe(t));
        }
        for w in &reading.warnings {
            out!("attenzione: {} [{}]", w.message, w.code);
        }
    }
    Ok(exit_for(reading.understood()))
}

fn exit_for(understood: bool) -> ExitCode {
    if understood {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A `FILE:SHEET:ROW` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSpec {
    /// The input file.
    pub file: PathBuf,
    /// Sheet name (may contain spaces and colons).
    pub sheet: String,
    /// 1-based row.
    pub row: u32,
}

const EXTENSIONS: [&str; 10] = [
    ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".txt", ".xml", ".html", ".htm",
];

impl RowSpec {
    /// Parses `FILE:SHEET:ROW`: the file ends at the first `:` that follows a
    /// spreadsheet extension (else at the first `:`), the row is after the last `:`.
    pub fn parse(s: &str) -> anyhow::Result<RowSpec> {
        let bad = || {
            anyhow::anyhow!("riferimento di riga non valido «{s}»: usare FILE:FOGLIO:RIGA, ad es. piano.xlsx:Area 1:12")
        };
        let (head, row) = s.rsplit_once(':').ok_or_else(bad)?;
        let row: u32 = row
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("numero di riga non valido in «{s}»"))?;
        if row == 0 {
            anyhow::bail!("le righe partono da 1: «{s}»");
        }
        let lower = head.to_lowercase();
        let file_end = lower
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| EXTENSIONS.iter().any(|e| lower[..i].ends_with(e)))
            .or_else(|| head.find(':'))
            .ok_or_else(bad)?;
        let file = &head[..file_end];
        let sheet = &head[file_end + 1..];
        if file.is_empty() || sheet.is_empty() {
            return Err(bad());
        }
        Ok(RowSpec {
            file: PathBuf::from(file),
            sheet: sheet.to_string(),
            row,
        })
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

fn explain_row(spec: &RowSpec, json: bool) -> anyhow::Result<ExitCode> {
    let out = pipeline::run(std::slice::from_ref(&spec.file), &Options::default());
    if let Some(f) = out.failed.first() {
        anyhow::bail!("{}", f.reason);
    }
    let record = out
        .records
        .iter()
        .find(|r| r.location.sheet == spec.sheet && r.location.row == spec.row)
        .with_context(|| {
            let mut sheets: Vec<&str> = out
                .records
                .iter()
                .map(|r| r.location.sheet.as_str())
                .collect();
            sheets.dedup();
            format!(
                "nessun indicatore alla riga {} del foglio «{}» (fogli con indicatori: {})",
                spec.row,
                spec.sheet,
                sheets.join(", ")
            )
        })?;
    let understood = record.target.kind() != TargetKind::Text;
    if json {
        out!("{}", serde_json::to_string_pretty(&row_json(record))?);
    } else {
        for line in row_trace(record) {
            out!("{line}");
        }
    }
    Ok(exit_for(understood))
}

fn row_json(r: &Record) -> serde_json::Value {
    serde_json::json!({
        "file": r.location.file,
        "sheet": r.location.sheet,
        "row": r.location.row,
        "indicator": r.indicator,
        "objective_code": r.objective_code,
        "objective": r.objective,
        "strategic_area": r.strategic_area,
        "strategic_objective_code": r.strategic_objective_code,
        "strategic_objective": r.strategic_objective,
        "dirigenti": r.dirigenti,
        "areas": r.areas,
        "transversal": r.transversal,
        "owner_source": r.owner_source.map(|s| s.as_str()),
        "unit": r.unit,
        "target_raw": r.target_raw,
        "op_column": r.op_column.map(|o| o.as_str()),
        "actual_raw": r.actual_raw,
        "weight_raw": r.weight_raw,
        "target": r.target.to_json(),
        "actual": r.actual.as_ref().and_then(|a| a.canonical()),
        "score": r.score.as_ref().map(|s| serde_json::json!({
            "polarity": s.polarity.as_str(),
            "polarity_source": s.polarity_source.as_str(),
            "formula": s.formula,
            "attainment_pct": s.attainment.map(|a| a.normalize().to_string()),
            "status": s.status.as_str(),
            "trace": s.trace,
        })),
        "anomalies": r.anomalies.iter().map(|a| serde_json::json!({
            "code": a.code.as_str(),
            "cell": a.location.cell_ref(),
            "raw": a.raw,
            "message": a.message,
        })).collect::<Vec<_>>(),
    })
}

/// `code title`, what there is of them, or `—`.
fn level(code: &Option<String>, title: &Option<String>) -> String {
    match (code, title) {
        (Some(c), Some(t)) => format!("{c} {t}"),
        (Some(x), None) | (None, Some(x)) => x.clone(),
        (None, None) => "—".to_string(),
    }
}

/// The owners of a record and where they were read.
fn owners(r: &Record) -> String {
    let mut parts = Vec::new();
    if r.transversal {
        parts.push("trasversale (tutti i dirigenti)".to_string());
    }
    if !r.dirigenti.is_empty() {
        parts.push(format!("dirigente {}", r.dirigente_text()));
    }
    if !r.areas.is_empty() {
        parts.push(format!("area {}", r.area_text()));
    }
    if parts.is_empty() {
        return "nessuno (non assegnato)".to_string();
    }
    if let Some(s) = r.owner_source {
        parts.push(format!("letti da: {}", s.italiano()));
    }
    parts.join("; ")
}

/// The readable trace of one record, one line per item.
fn row_trace(r: &Record) -> Vec<String> {
    let mut l = vec![
        format!("Riga {}", r.location),
        format!("  indicatore: {}", r.indicator),
        format!("  obiettivo: {}", level(&r.objective_code, &r.objective)),
        format!(
            "  obiettivo strategico: {}",
            level(&r.strategic_objective_code, &r.strategic_objective)
        ),
        format!("  area strategica: {}", opt(&r.strategic_area)),
        format!("  responsabili: {}", owners(r)),
        format!("  UdM: {}", opt(&r.unit)),
        format!("  target (cella): «{}»", r.target_raw),
        format!(
            "  operatore (colonna): {}",
            r.op_column.map_or("—", |o| o.as_str())
        ),
        format!("  consuntivo (cella): {}", opt(&r.actual_raw)),
        format!("  peso: {}", opt(&r.weight_raw)),
        format!("Lettura del target: {}", normalise::describe(&r.target)),
        format!("  forma canonica: {}", r.target.to_json()),
    ];
    if let Some(a) = &r.actual {
        l.push(format!(
            "Consuntivo letto: {}",
            a.italian().unwrap_or_else(|| "non disponibile".into())
        ));
    }
    match &r.score {
        Some(s) => {
            l.push(format!(
                "Polarità: {} (fonte: {})",
                s.polarity,
                s.polarity_source.as_str()
            ));
            l.push(format!("Formula: {}", s.formula));
            l.push(format!(
                "Grado di raggiungimento: {}",
                s.attainment
                    .map_or("non valutabile".to_string(), |a| format!(
                        "{}%",
                        value::format_it(a)
                    ))
            ));
            l.push(format!("Stato: {}", s.status));
            for t in &s.trace {
                l.push(format!("  - {t}"));
            }
        }
        None => l.push("Punteggio: non calcolato".to_string()),
    }
    if r.anomalies.is_empty() {
        l.push("Anomalie: nessuna".to_string());
    } else {
        l.push("Anomalie:".to_string());
        for a in &r.anomalies {
            l.push(format!(
                "  - [{}] {}: {} («{}»)",
                a.code,
                a.location.cell_ref(),
                a.message,
                a.raw
            ));
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use cruscotto::model::{Location, Op, Target, TargetValue};
    use rust_decimal::Decimal;

    #[derive(clap::Parser, Debug)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn parse(v: &[&str]) -> Result<Args, clap::Error> {
        let mut all = vec!["explain"];
        all.extend_from_slice(v);
        Cli::try_parse_from(all).map(|c| c.args)
    }

    #[test]
    fn row_spec_with_spaces_and_colons() {
        let s = RowSpec::parse("fixtures/piano.xlsx:Area 2 (2):12").unwrap();
        assert_eq!(s.file, PathBuf::from("fixtures/piano.xlsx"));
        assert_eq!(s.sheet, "Area 2 (2)");
        assert_eq!(s.row, 12);
        let s = RowSpec::parse("a b.ods:Obiettivi: area 1:7").unwrap();
        assert_eq!(s.file, PathBuf::from("a b.ods"));
        assert_eq!(s.sheet, "Obiettivi: area 1");
        assert_eq!(s.row, 7);
        let s = RowSpec::parse("piano-2003.xml:Area 1: servizi:5").unwrap();
        assert_eq!(s.file, PathBuf::from("piano-2003.xml"));
        assert_eq!(s.sheet, "Area 1: servizi");
        let s = RowSpec::parse("dati.CSV:dati:3").unwrap();
        assert_eq!(s.sheet, "dati");
        // No known extension: the file ends at the first colon.
        let s = RowSpec::parse("piano:Foglio1:4").unwrap();
        assert_eq!(s.file, PathBuf::from("piano"));
        assert_eq!(s.sheet, "Foglio1");
        for bad in [
            "piano.xlsx",
            "piano.xlsx:12",
            "piano.xlsx:A:x",
            "piano.xlsx:A:0",
            ":A:3",
        ] {
            assert!(RowSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn arguments() {
        let a = parse(&[">= 95%", "--json"]).unwrap();
        assert_eq!(a.expression.as_deref(), Some(">= 95%"));
        assert!(a.json);
        let a = parse(&["-3,00%"]).unwrap();
        assert_eq!(a.expression.as_deref(), Some("-3,00%"));
        let a = parse(&["45900", "--unit", "data"]).unwrap();
        assert_eq!(a.unit.as_deref(), Some("data"));
        let a = parse(&["--row", "p.xlsx:Area 1:3"]).unwrap();
        assert!(a.expression.is_none());
        assert_eq!(a.row.as_deref(), Some("p.xlsx:Area 1:3"));
        // Exactly one of expression and --row.
        assert!(parse(&[]).is_err());
        assert!(parse(&["5", "--row", "p.xlsx:A:3"]).is_err());
    }

    #[test]
    fn trace_lines() {
        let target = Target {
            op: Op::Ge,
            value: TargetValue::Percent(Decimal::from(95)),
            year: None,
        };
        let mut r = Record::new(
            Location::row("p.xlsx", "Area 1", 5),
            "Pratiche evase",
            target,
        );
        r.unit = Some("%".into());
        r.weight_raw = Some("33,3%".into());
        r.target_raw = "≥ 95%".into();
        r.actual_raw = Some("68,6%".into());
        r.score = Some(cruscotto::model::Score {
            polarity: Op::Ge,
            polarity_source: cruscotto::model::PolaritySource::Operator,
            attainment: Some(Decimal::new(7221, 2)),
            status: cruscotto::model::Status::Parziale,
            formula: "68,6/95×100".into(),
            trace: vec!["passo uno".into()],
        });
        let lines = row_trace(&r);
        assert_eq!(lines[0], "Riga p.xlsx:Area 1!5");
        assert!(lines.contains(&"Lettura del target: almeno 95% (percentuale)".to_string()));
        assert!(lines.contains(&"Polarità: >= (fonte: operator)".to_string()));
        assert!(lines.contains(&"Grado di raggiungimento: 72,21%".to_string()));
        assert!(lines.contains(&"Stato: parzialmente raggiunto".to_string()));
        assert!(lines.contains(&"  - passo uno".to_string()));
        assert_eq!(lines.last().map(String::as_str), Some("Anomalie: nessuna"));
        let j = row_json(&r);
        assert_eq!(j["score"]["attainment_pct"], "72.21");
        assert_eq!(j["target"]["kind"], "percent");
    }
}
