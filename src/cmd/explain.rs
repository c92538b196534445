//! `cruscotto explain`: how a target expression is read, or the full trace of one row.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use cruscotto::explain::{row_json, row_trace};
use cruscotto::model::TargetKind;
use cruscotto::normalise::{self, Context};
use cruscotto::pipeline::{self, Options};

/// Arguments of `explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// L'espressione di target da leggere, ad es. ">= 95%".
    #[arg(
        allow_hyphen_values = true,
        value_name = "ESPRESSIONE",
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
    /// Con --row: anno di riferimento (quale colonna di target usare).
    #[arg(long, requires = "row")]
    pub anno: Option<i32>,
    /// Con --row: file delle regole di calcolo (TOML).
    #[arg(long, requires = "row", value_name = "FILE")]
    pub regole: Option<PathBuf>,
    /// Con --row: organigramma CSV `Area;Dirigente[;Alias]`.
    #[arg(long, requires = "row", value_name = "FILE")]
    pub organigramma: Option<PathBuf>,
    /// Con --row: file dei consuntivi separato (ripetibile).
    #[arg(long, requires = "row", value_name = "FILE")]
    pub consuntivi: Vec<PathBuf>,
    /// Con --row: file delle rettifiche motivate.
    #[arg(long, requires = "row", value_name = "FILE")]
    pub rettifiche: Option<PathBuf>,
}

/// Runs `explain`: exit 0 when every target is understood, 1 when some target is `text`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(spec) = &args.row {
        let spec = RowSpec::parse(spec)?;
        let mut opts = Options {
            anno: args.anno,
            actuals: args.consuntivi.clone(),
            ..Options::default()
        };
        if let Some(p) = &args.regole {
            opts.rules = cruscotto::score::Rules::load(p)?;
        }
        if let Some(p) = &args.organigramma {
            opts.organigramma = Some(cruscotto::organigramma::Organigramma::load(p)?);
        }
        if let Some(p) = &args.rettifiche {
            opts.rettifiche = Some(cruscotto::rettifiche::Rettifiche::load(p)?);
        }
        return explain_row(&spec, &opts, args.json);
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
        let conditions = reading.targets.iter().filter(|t| t.year.is_none()).count();
        if conditions > 1 {
            out!("(condizioni da rispettare entrambe)");
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

fn explain_row(spec: &RowSpec, opts: &Options, json: bool) -> anyhow::Result<ExitCode> {
    let out = pipeline::run(std::slice::from_ref(&spec.file), opts);
    if let Some(f) = out.failed.first() {
        anyhow::bail!("{}", f.reason);
    }
    if let Some(e) = out.refused.first() {
        anyhow::bail!("{e}");
    }
    let record = out
        .records
        .iter()
        .find(|r| *r.location.sheet == *spec.sheet && r.location.row == spec.row)
        .with_context(|| {
            let mut sheets: Vec<&str> = out.records.iter().map(|r| &*r.location.sheet).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

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
}
