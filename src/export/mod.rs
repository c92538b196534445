//! The canonical normalised table: CSV, XLSX and JSON forms.
//!
//! [`export`] writes one row per indicator with the columns of [`COLUMNS`]
//! (the contract of DOMAIN.md first, then [`EXTRA_COLUMNS`]);
//! [`summary_export`] writes one row per group of a roll-up level with the
//! columns of [`SUMMARY_COLUMNS`]. Every output is deterministic: the same
//! input gives byte-identical bytes (the XLSX carries a fixed creation date).

use std::borrow::Cow;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

mod render;

use render::Table;
pub(crate) use render::{excel_date, fixed_datetime};

use crate::model::{
    canonical_decimal, ActualValue, GroupScore, Level, Record, Summary, TargetValue,
};

/// Errors writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Unknown format name.
    #[error("formato sconosciuto «{0}»: usare csv, csv-excel, xlsx o json")]
    UnknownFormat(String),
    /// Other failure.
    #[error("esportazione non riuscita: {0}")]
    Failed(String),
    /// The output could not be written.
    #[error("scrittura non riuscita: {}", crate::fsutil::io_italian(.0))]
    Io(#[from] std::io::Error),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV, UTF-8, comma-separated, `.` decimals (the canonical table).
    Csv,
    /// CSV for Excel in Italian: UTF-8 with BOM, `;`-separated, `,`
    /// decimals, dates `dd/mm/yyyy`, CRLF line ends (`csv-excel`).
    CsvExcel,
    /// XLSX typed table.
    Xlsx,
    /// JSON array.
    Json,
}

impl std::str::FromStr for Format {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "csv-excel" | "csv_excel" => Ok(Format::CsvExcel),
            "xlsx" => Ok(Format::Xlsx),
            "json" => Ok(Format::Json),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

/// The contract columns of the normalised table (DOMAIN.md), in order.
pub const CONTRACT_COLUMNS: [&str; 23] = [
    "source_file",
    "source_sheet",
    "source_row",
    "area",
    "dirigente",
    "objective_code",
    "objective",
    "indicator",
    "unit",
    "weight",
    "baseline_raw",
    "target_raw",
    "target_year",
    "target_op",
    "target_kind",
    "target_value",
    "polarity",
    "polarity_source",
    "actual_raw",
    "actual_value",
    "attainment_pct",
    "status",
    "anomalies",
];

/// Extra columns written after the contract ones.
pub const EXTRA_COLUMNS: [&str; 32] = [
    "shifted",
    "transversal",
    "tipologia",
    "formula",
    "op_column",
    "formula_used",
    "projection_months",
    "projection_expected",
    "projection_attainment_pct",
    "projection_status",
    "strategic_area",
    "strategic_objective_code",
    "strategic_objective",
    "owner_source",
    "shared",
    "override_pct",
    "override_reason",
    "deviation_reason",
    "threshold_min",
    "threshold_excellence",
    "score_bands",
    // Monitoring periods and year on year (`--periodo`, `--precedente`).
    "projection_target_raw",
    "objective_weight",
    "prev_match",
    "prev_source_row",
    "prev_attainment_pct",
    "attainment_change",
    "target2_op",
    "target2_kind",
    "target2_value",
    "target_base_year",
    "actual_date",
];

/// Every column of [`export`], in order: [`CONTRACT_COLUMNS`] then [`EXTRA_COLUMNS`].
pub const COLUMNS: [&str; CONTRACT_COLUMNS.len() + EXTRA_COLUMNS.len()] =
    concat_columns(CONTRACT_COLUMNS, EXTRA_COLUMNS);

/// `a` followed by `b`, evaluated at compile time (a length mismatch is a
/// compile error, never a run-time one).
const fn concat_columns<const A: usize, const B: usize, const N: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; N] {
    assert!(A + B == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < B {
        out[A + j] = b[j];
        j += 1;
    }
    out
}

/// Columns of [`summary_export`], in order.
pub const SUMMARY_COLUMNS: [&str; 14] = [
    "level",
    "key",
    "label",
    "attainment_pct",
    "status",
    "raggiunti",
    "parzialmente",
    "non_raggiunti",
    "non_valutabili",
    "n_indicatori",
    "renormalised",
    "notes",
    // Year on year (`--precedente`).
    "prev_attainment_pct",
    "attainment_change",
];

/// One typed cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    /// Nothing: empty in CSV, `null` in JSON, blank in XLSX.
    Empty,
    /// Text.
    Text(String),
    /// An integer (row, year, count): a JSON number.
    Int(i64),
    /// A decimal with its canonical text (a string in JSON, a number in XLSX).
    Num(Decimal, String),
    /// A date (`YYYY-MM-DD` in CSV and JSON, a real date in XLSX).
    Date(NaiveDate),
    /// A boolean: a JSON boolean, `true`/`false` elsewhere.
    Bool(bool),
}

impl Val {
    fn opt_text(s: Option<&str>) -> Val {
        match s {
            Some(s) if !s.is_empty() => Val::Text(s.to_string()),
            _ => Val::Empty,
        }
    }

    fn num(d: Decimal) -> Val {
        Val::Num(d, canonical_decimal(d))
    }

    /// The CSV text of the value; borrowed when the value already holds it.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Val::Empty => Cow::Borrowed(""),
            Val::Text(s) => Cow::Borrowed(s),
            Val::Int(i) => Cow::Owned(i.to_string()),
            Val::Num(_, s) => Cow::Borrowed(s),
            Val::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Val::Empty => serde_json::Value::Null,
            Val::Int(i) => serde_json::Value::from(*i),
            Val::Bool(b) => serde_json::Value::Bool(*b),
            other => serde_json::Value::String(other.text().into_owned()),
        }
    }
}

/// Attainment as a decimal with `.` and exactly 2 decimals (`72.21`).
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(cruscotto::export::attainment_text(Decimal::new(722149, 4)), "72.21");
/// assert_eq!(cruscotto::export::attainment_text(Decimal::from(100)), "100.00");
/// ```
pub fn attainment_text(a: Decimal) -> String {
    let mut r = a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

fn attainment_val(a: Option<Decimal>) -> Val {
    match a {
        Some(a) => {
            let r = a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            Val::Num(r, attainment_text(a))
        }
        None => Val::Empty,
    }
}

fn target_value_val(v: &TargetValue) -> Val {
    match v {
        TargetValue::Number(d) | TargetValue::Percent(d) | TargetValue::Growth(d) => Val::num(*d),
        TargetValue::Date(d) => Val::Date(*d),
        other => Val::opt_text(other.canonical().as_deref()),
    }
}

fn actual_value_val(v: Option<&ActualValue>) -> Val {
    match v {
        Some(ActualValue::Number(d) | ActualValue::Percent(d) | ActualValue::Variation(d)) => {
            Val::num(*d)
        }
        Some(ActualValue::Date(d)) => Val::Date(*d),
        // Not understood: no value (the text stays in `actual_raw`, the
        // anomaly says why).
        Some(ActualValue::Text(_)) | None => Val::Empty,
        Some(other) => Val::opt_text(other.canonical().as_deref()),
    }
}

/// The anomalies of a record as `code: message` joined with ` | `.
fn anomalies_text(r: &Record) -> String {
    r.anomalies
        .iter()
        .map(|a| format!("{}: {}", a.code.as_str(), a.message))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The values of one record, in the order of [`COLUMNS`].
fn record_row(r: &Record) -> Vec<Val> {
    let score = r.score.as_ref();
    vec![
        Val::Text(r.location.file.to_string()),
        Val::Text(r.location.sheet.to_string()),
        Val::Int(i64::from(r.location.row)),
        Val::opt_text(Some(&r.area_text())),
        Val::opt_text(Some(&r.dirigente_text())),
        Val::opt_text(r.objective_code.as_deref()),
        Val::opt_text(r.objective.as_deref()),
        Val::opt_text(Some(&r.indicator)),
        Val::opt_text(r.unit.as_deref()),
        r.weight.map(Val::num).unwrap_or(Val::Empty),
        Val::opt_text(r.baseline_raw.as_deref()),
        Val::opt_text(Some(&r.target_raw)),
        r.target_year
            .or(r.target.year)
            .map(|y| Val::Int(i64::from(y)))
            .unwrap_or(Val::Empty),
        Val::Text(r.target.op.as_str().to_string()),
        Val::Text(r.target.kind().as_str().to_string()),
        target_value_val(&r.target.value),
        score
            .map(|s| Val::Text(s.polarity.as_str().to_string()))
            .unwrap_or(Val::Empty),
        score
            .map(|s| Val::Text(s.polarity_source.as_str().to_string()))
            .unwrap_or(Val::Empty),
        Val::opt_text(r.actual_raw.as_deref()),
        actual_value_val(r.actual.as_ref()),
        // The computed figure: a correction is in `override_pct`.
        attainment_val(match &r.correction {
            Some(c) => c.computed,
            None => score.and_then(|s| s.attainment),
        }),
        match (&r.correction, score) {
            (Some(c), _) => Val::Text(c.computed_status.as_str().to_string()),
            (None, Some(s)) => Val::Text(s.status.as_str().to_string()),
            (None, None) => Val::Empty,
        },
        Val::opt_text(Some(&anomalies_text(r))),
        Val::Bool(r.shifted),
        Val::Bool(r.transversal),
        Val::opt_text(r.tipologia.as_deref()),
        Val::opt_text(r.formula.as_deref()),
        r.op_column
            .map(|o| Val::Text(o.as_str().to_string()))
            .unwrap_or(Val::Empty),
        Val::opt_text(score.map(|s| s.formula.as_str())),
        r.projection
            .as_ref()
            .map(|p| Val::Int(i64::from(p.months)))
            .unwrap_or(Val::Empty),
        r.projection
            .as_ref()
            .and_then(|p| p.expected)
            .map(Val::num)
            .unwrap_or(Val::Empty),
        attainment_val(r.projection.as_ref().map(|p| p.attainment)),
        r.projection
            .as_ref()
            .map(|p| Val::Text(p.status.as_str().to_string()))
            .unwrap_or(Val::Empty),
        Val::opt_text(r.strategic_area.as_deref()),
        Val::opt_text(r.strategic_objective_code.as_deref()),
        Val::opt_text(r.strategic_objective.as_deref()),
        Val::opt_text(r.owner_source.map(|s| s.as_str())),
        Val::Bool(r.shared()),
        r.correction
            .as_ref()
            .map(|c| match c.correction {
                crate::rettifiche::Correction::Forced(d) => attainment_val(Some(d)),
                crate::rettifiche::Correction::Excluded => Val::Text("escluso".into()),
            })
            .unwrap_or(Val::Empty),
        Val::opt_text(r.correction.as_ref().map(|c| c.reason.as_str())),
        Val::opt_text(r.reason.as_deref()),
        r.scale
            .as_ref()
            .and_then(|s| s.minimum)
            .map(Val::num)
            .unwrap_or(Val::Empty),
        r.scale
            .as_ref()
            .and_then(|s| s.excellence)
            .map(Val::num)
            .unwrap_or(Val::Empty),
        Val::opt_text(
            r.scale
                .as_ref()
                .and_then(|s| s.bands.as_ref())
                .map(|b| b.raw.as_str()),
        ),
        // Monitoring periods and year on year.
        Val::opt_text(
            r.projection
                .as_ref()
                .and_then(|p| p.period_target.as_deref()),
        ),
        r.objective_weight.map(Val::num).unwrap_or(Val::Empty),
        Val::opt_text(r.prior_year.as_ref().map(|p| p.matched_by.as_str())),
        r.prior_year
            .as_ref()
            .and_then(|p| p.location.as_ref())
            .map(|l| Val::Int(i64::from(l.row)))
            .unwrap_or(Val::Empty),
        attainment_val(r.prior_year.as_ref().and_then(|p| p.attainment)),
        attainment_val(r.prior_year.as_ref().and_then(|p| p.change)),
        Val::opt_text(r.target2.as_ref().map(|t| t.op.as_str())),
        Val::opt_text(r.target2.as_ref().map(|t| t.kind().as_str())),
        r.target2
            .as_ref()
            .map_or(Val::Empty, |t| target_value_val(&t.value)),
        r.target
            .base_year
            .map_or(Val::Empty, |y| Val::Int(i64::from(y))),
        r.actual_date.map_or(Val::Empty, Val::Date),
    ]
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Obiettivo => "obiettivo",
        Level::Area => "area",
        Level::Dirigente => "dirigente",
        Level::Ente => "ente",
    }
}

fn count(n: usize) -> Val {
    Val::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The values of one group, in the order of [`SUMMARY_COLUMNS`].
fn group_row(g: &GroupScore) -> Vec<Val> {
    vec![
        Val::Text(level_name(g.level).to_string()),
        Val::opt_text(Some(&g.key)),
        Val::opt_text(Some(&g.label)),
        attainment_val(g.attainment),
        Val::Text(g.status.as_str().to_string()),
        count(g.counts.raggiunti),
        count(g.counts.parziali),
        count(g.counts.non_raggiunti),
        count(g.counts.non_valutabili),
        count(g.records.len()),
        Val::Bool(g.renormalised),
        Val::opt_text(Some(&g.notes.join(" | "))),
        attainment_val(g.prior_attainment),
        attainment_val(crate::year_on_year::change(
            g.attainment,
            g.prior_attainment,
        )),
    ]
}

/// Exports records as the normalised table, one row per indicator.
///
/// ```
/// use cruscotto::export::{export, Format};
/// let csv = export(&[], Format::Csv).unwrap();
/// assert!(String::from_utf8(csv).unwrap().starts_with("source_file,source_sheet,source_row,"));
/// let json = export(&[], Format::Json).unwrap();
/// assert_eq!(json, b"[]\n");
/// ```
pub fn export(records: &[Record], format: Format) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    export_to(records, format, &mut out)?;
    Ok(out)
}

/// Like [`export`], written to `w` as it is built: rows are rendered a
/// block at a time on every core, so memory holds one block's bytes, not
/// the whole table (the XLSX is assembled in memory, its rows on disk).
///
/// ```
/// use cruscotto::export::{export, export_to, Format};
/// let mut out = Vec::new();
/// export_to(&[], Format::Json, &mut out).unwrap();
/// assert_eq!(out, export(&[], Format::Json).unwrap());
/// ```
pub fn export_to<W: Write + ?Sized>(
    records: &[Record],
    format: Format,
    w: &mut W,
) -> Result<(), ExportError> {
    let table = Table {
        columns: &COLUMNS,
        items: records,
        row_of: &record_row,
        sheet: "Indicatori",
        title: "Tabella normalizzata",
    };
    render::render(&table, format, w)
}

/// Exports one roll-up level: one row per group (`Level::Ente`: the body).
///
/// ```
/// use cruscotto::export::{summary_export, Format};
/// use cruscotto::model::*;
/// let body = GroupScore {
///     level: Level::Ente, key: "ente".into(), label: "Ente".into(),
///     attainment: Some(rust_decimal::Decimal::new(7221, 2)), status: Status::Parziale,
///     counts: StatusCounts::default(), records: vec![], members: vec![],
///     renormalised: false, notes: vec![], prior_attainment: None,
/// };
/// let s = Summary { objectives: vec![], areas: vec![], dirigenti: vec![], body };
/// let csv = String::from_utf8(summary_export(&s, Level::Ente, Format::Csv).unwrap()).unwrap();
/// assert!(csv.lines().nth(1).unwrap().starts_with("ente,ente,Ente,72.21,parzialmente raggiunto,"));
/// ```
pub fn summary_export(
    summary: &Summary,
    level: Level,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    let groups: Vec<&GroupScore> = match level {
        Level::Obiettivo => summary.objectives.iter().collect(),
        Level::Area => summary.areas.iter().collect(),
        Level::Dirigente => summary.dirigenti.iter().collect(),
        Level::Ente => vec![&summary.body],
    };
    let sheet = match level {
        Level::Obiettivo => "Obiettivi",
        Level::Area => "Aree",
        Level::Dirigente => "Dirigenti",
        Level::Ente => "Ente",
    };
    let table = Table {
        columns: &SUMMARY_COLUMNS,
        items: &groups,
        row_of: &|g: &&GroupScore| group_row(g),
        sheet,
        title: "Riepilogo dei raggiungimenti",
    };
    let mut out = Vec::new();
    render::render(&table, format, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    pub(crate) fn sample() -> Record {
        let target = Target::new(Op::Le, TargetValue::Number(Decimal::from(30)));
        let location = Location::row("piano.xlsx", "Area 1", 12);
        let mut r = Record::new(location.clone(), "Tempo medio di evasione", target);
        r.areas = vec!["Area Anagrafe".into()];
        r.dirigenti = vec!["Dott.ssa Maria Rossi".into()];
        r.objective_code = Some("OO1".into());
        r.objective = Some("Semplificare".into());
        r.tipologia = Some("Efficienza".into());
        r.formula = Some("giorni/pratiche".into());
        r.unit = Some("gg".into());
        r.weight_raw = Some("33,3%".into());
        r.weight = Some(Decimal::new(333, 1));
        r.baseline_raw = Some("40".into());
        r.baseline = Some(ActualValue::Number(Decimal::from(40)));
        r.baseline_year = Some(2020);
        r.target_raw = "<= 30".into();
        r.target_year = Some(2022);
        r.actual_raw = Some("41,545".into());
        r.actual = Some(ActualValue::Number(Decimal::new(41545, 3)));
        r.score = Some(Score {
            polarity: Op::Le,
            polarity_source: PolaritySource::Operator,
            attainment: Some(Decimal::new(722109, 4)),
            status: Status::Parziale,
            formula: "target/consuntivo×100".into(),
            trace: vec![],
        });
        r.anomalies = vec![Anomaly::new(
            AnomalyCode::Inferenza,
            location,
            "x",
            "polarità dedotta",
        )];
        r
    }

    /// Renders plain rows through the streaming renderer.
    fn render_rows(
        columns: &[&str],
        rows: &[Vec<Val>],
        format: Format,
    ) -> Result<Vec<u8>, ExportError> {
        let table = Table {
            columns,
            items: rows,
            row_of: &|r: &Vec<Val>| r.clone(),
            sheet: "Foglio",
            title: "Titolo",
        };
        let mut out = Vec::new();
        render::render(&table, format, &mut out)?;
        Ok(out)
    }

    #[test]
    fn json_streamed_is_the_pretty_array() {
        // Across blocks and chunks, with texts JSON must escape.
        let n = render::CHUNK * rayon::current_num_threads().max(1) * 2 + 3;
        let rows: Vec<Vec<Val>> = (0..n)
            .map(|i| {
                vec![
                    Val::Text(format!("riga \"{i}\"\ndue")),
                    Val::Int(i as i64),
                    Val::Empty,
                    Val::Bool(i % 3 == 0),
                ]
            })
            .collect();
        let columns = ["t", "n", "e", "b"];
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                serde_json::Value::Object(
                    columns
                        .iter()
                        .zip(row)
                        .map(|(k, v)| (k.to_string(), v.json()))
                        .collect(),
                )
            })
            .collect();
        let mut whole = serde_json::to_vec_pretty(&arr).unwrap();
        whole.push(b'\n');
        assert_eq!(render_rows(&columns, &rows, Format::Json).unwrap(), whole);
        assert_eq!(render_rows(&columns, &rows[..1], Format::Json).unwrap(), {
            let mut one = serde_json::to_vec_pretty(&arr[..1]).unwrap();
            one.push(b'\n');
            one
        });
    }

    #[test]
    fn csv_in_chunks_is_byte_identical_to_one_writer() {
        // Across chunk boundaries, with the fields that need quoting and the
        // one-empty-field record the csv crate writes as `""`.
        let texts = [
            "",
            "a,b",
            "una \"citazione\"",
            "due\nrighe",
            " spazi ",
            "ok",
        ];
        let rows: Vec<Vec<Val>> = (0..2 * render::CHUNK * rayon::current_num_threads().max(1) * 2
            + 7)
            .map(|i| {
                vec![
                    Val::Text(texts[i % texts.len()].to_string()),
                    Val::Int(i as i64),
                    Val::num(Decimal::new(i as i64, 2)),
                    Val::Bool(i % 2 == 0),
                ]
            })
            .collect();
        let columns = ["t", "n", "d", "b"];
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(columns).unwrap();
        for row in &rows {
            w.write_record(row.iter().map(|v| v.text().into_owned()))
                .unwrap();
        }
        let one = w.into_inner().unwrap();
        assert_eq!(render_rows(&columns, &rows, Format::Csv).unwrap(), one);
        let single: Vec<Vec<Val>> = vec![vec![Val::Empty]];
        assert_eq!(
            render_rows(&["x"], &single, Format::Csv).unwrap(),
            b"x\n\"\"\n"
        );
        // A row of the wrong width is refused, as a single writer would.
        let bad = vec![vec![Val::Empty, Val::Empty]];
        assert!(render_rows(&["x"], &bad, Format::Csv).is_err());
    }

    #[test]
    fn csv_row_values() {
        let out = String::from_utf8(export(&[sample()], Format::Csv).unwrap()).unwrap();
        let mut lines = out.lines();
        assert_eq!(lines.next().unwrap(), COLUMNS.join(","));
        let row = lines.next().unwrap();
        assert_eq!(
            row,
            "piano.xlsx,Area 1,12,Area Anagrafe,Dott.ssa Maria Rossi,OO1,Semplificare,\
             Tempo medio di evasione,gg,33.3,40,<= 30,2022,<=,number,30,<=,operator,41,545,\
             41.545,72.21,parzialmente raggiunto,inferenza: polarità dedotta,false,false,\
             Efficienza,giorni/pratiche,,target/consuntivo×100,,,,,,,,,false,,,,,,,,,,,,,,,,,"
                .replace("41,545,", "\"41,545\",")
        );
    }

    #[test]
    fn contract_prefix() {
        assert_eq!(&COLUMNS[..23], &CONTRACT_COLUMNS[..]);
        assert_eq!(&COLUMNS[23..], &EXTRA_COLUMNS[..]);
    }

    #[test]
    fn json_types() {
        let mut r = sample();
        r.score = None;
        r.unit = None;
        let v: serde_json::Value =
            serde_json::from_slice(&export(&[r], Format::Json).unwrap()).unwrap();
        let o = &v[0];
        assert_eq!(o["source_row"], serde_json::json!(12));
        assert_eq!(o["target_year"], serde_json::json!(2022));
        assert_eq!(o["shifted"], serde_json::json!(false));
        assert_eq!(o["weight"], serde_json::json!("33.3"));
        assert_eq!(o["unit"], serde_json::Value::Null);
        assert_eq!(o["attainment_pct"], serde_json::Value::Null);
        assert_eq!(o["status"], serde_json::Value::Null);
        assert_eq!(o.as_object().unwrap().len(), COLUMNS.len());
    }

    #[test]
    fn date_target_and_attainment_rounding() {
        let mut r = sample();
        r.target.value = TargetValue::Date(NaiveDate::from_ymd_opt(2022, 6, 30).unwrap());
        let row = record_row(&r);
        assert_eq!(row[15].text(), "2022-06-30");
        assert_eq!(attainment_text(Decimal::new(99995, 3)), "100.00");
        assert_eq!(attainment_text(Decimal::new(5, 1)), "0.50");
    }

    #[test]
    fn csv_excel_is_italian_bytes() {
        let columns = ["t", "n", "d", "x"];
        let rows = vec![vec![
            Val::Text("a;b".into()),
            Val::num(Decimal::new(41545, 3)),
            Val::Date(NaiveDate::from_ymd_opt(2022, 6, 30).unwrap()),
            Val::Int(7),
        ]];
        let out = render_rows(&columns, &rows, Format::CsvExcel).unwrap();
        assert_eq!(
            out,
            b"\xEF\xBB\xBFt;n;d;x\r\n\"a;b\";41,545;30/06/2022;7\r\n".to_vec()
        );
        // The whole table: same columns as the canonical CSV, `;` and `,`.
        let out = export(&[sample()], Format::CsvExcel).unwrap();
        let text = std::str::from_utf8(&out[3..]).unwrap();
        assert!(out.starts_with(render::BOM));
        assert_eq!(text.lines().next().unwrap(), COLUMNS.join(";"));
        assert!(text.contains(";33,3;"), "{text}");
        assert!(text.contains(";41,545;72,21;"), "{text}");
        assert_eq!("csv-excel".parse::<Format>().unwrap(), Format::CsvExcel);
        // The canonical CSV is unchanged: no BOM, `,` and `.`.
        let canon = export(&[sample()], Format::Csv).unwrap();
        assert!(canon.starts_with(b"source_file,"));
    }

    #[test]
    fn actual_not_understood_has_no_value() {
        let mut r = sample();
        r.actual_raw = Some("n. pratiche / 100".into());
        r.actual = Some(ActualValue::Text("n. pratiche / 100".into()));
        let row = record_row(&r);
        let at = |c: &str| COLUMNS.iter().position(|x| *x == c).unwrap();
        assert_eq!(row[at("actual_raw")].text(), "n. pratiche / 100");
        assert_eq!(row[at("actual_value")], Val::Empty);
        r.actual = Some(ActualValue::Ordinal("buono".into()));
        assert_eq!(record_row(&r)[at("actual_value")].text(), "buono");
    }

    #[test]
    fn format_parse() {
        assert_eq!("XLSX".parse::<Format>().unwrap(), Format::Xlsx);
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn xlsx_is_deterministic() {
        let a = export(&[sample()], Format::Xlsx).unwrap();
        let b = export(&[sample()], Format::Xlsx).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, b);
    }
}
