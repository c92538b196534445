//! Data types shared by every stage of the pipeline
//! (read → layout → normalise → score → report).
//!
//! The types here are the contract between modules: each stage owns its
//! algorithms, but what flows between stages is defined once, here.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Comparison operator of a target, as written or as used for scoring.
///
/// ```
/// use cruscotto::model::Op;
/// assert_eq!(Op::Ge.as_str(), ">=");
/// assert_eq!(Op::parse_ascii("<"), Some(Op::Lt));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// `>=`, `≥`, `=>`: at least.
    #[serde(rename = ">=")]
    Ge,
    /// `>`: strictly more than.
    #[serde(rename = ">")]
    Gt,
    /// `<=`, `≤`, `=<`: at most.
    #[serde(rename = "<=")]
    Le,
    /// `<`: strictly less than.
    #[serde(rename = "<")]
    Lt,
    /// `=`: exactly.
    #[serde(rename = "=")]
    Eq,
    /// The cell carries no operator.
    #[serde(rename = "none")]
    None,
}

impl Op {
    /// Canonical text: `>=`, `>`, `<=`, `<`, `=` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::None => "none",
        }
    }

    /// Parses the canonical ASCII spellings returned by [`Op::as_str`].
    pub fn parse_ascii(s: &str) -> Option<Op> {
        Some(match s {
            ">=" => Op::Ge,
            ">" => Op::Gt,
            "<=" => Op::Le,
            "<" => Op::Lt,
            "=" => Op::Eq,
            "none" => Op::None,
            _ => return None,
        })
    }

    /// Mathematical symbol: `≥`, `>`, `≤`, `<`, `=`, empty for none.
    ///
    /// ```
    /// use cruscotto::model::Op;
    /// assert_eq!(Op::Ge.symbol(), "≥");
    /// assert_eq!(Op::None.symbol(), "");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::None => "",
        }
    }

    /// Italian words for the operator, as used in readable explanations.
    pub fn italian(self) -> &'static str {
        match self {
            Op::Ge => "almeno",
            Op::Gt => "più di",
            Op::Le => "al massimo",
            Op::Lt => "meno di",
            Op::Eq => "uguale a",
            Op::None => "",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a target, as in the canonical JSON form of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A plain number (`2,5`, `14.356`).
    Number,
    /// A percentage (`95%`), value in percent points.
    Percent,
    /// A deadline (`30/06/2022`).
    Date,
    /// Yes/no (`si`, `no`).
    Bool,
    /// A word on an ordered scale (`Positivo`, `Buono`).
    Ordinal,
    /// A rating on a scale (`3,6/5`).
    Rating,
    /// A rate per population (`80/10.000 imprese attive`).
    Rate,
    /// A growth over the previous year in percent (`>= +15%`).
    Growth,
    /// The previous year's value (`≥ anno x-1`).
    PrevYear,
    /// Not available / not applicable (`n.d.`, `---`).
    Na,
    /// Not understood: always accompanied by an anomaly.
    Text,
}

impl TargetKind {
    /// Canonical snake_case name (`prev_year`, `percent`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Number => "number",
            TargetKind::Percent => "percent",
            TargetKind::Date => "date",
            TargetKind::Bool => "bool",
            TargetKind::Ordinal => "ordinal",
            TargetKind::Rating => "rating",
            TargetKind::Rate => "rate",
            TargetKind::Growth => "growth",
            TargetKind::PrevYear => "prev_year",
            TargetKind::Na => "na",
            TargetKind::Text => "text",
        }
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The typed value of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetValue {
    /// A plain number.
    Number(Decimal),
    /// Percent points (`53,27%` → `53.27`).
    Percent(Decimal),
    /// A deadline.
    Date(NaiveDate),
    /// Yes (`true`) or no (`false`).
    Bool(bool),
    /// Lower-case word of an ordinal scale (`buono`).
    Ordinal(String),
    /// `value` out of `scale` (`3.6/5`).
    Rating {
        /// The rating.
        value: Decimal,
        /// The top of the scale.
        scale: Decimal,
    },
    /// `num` per `den` units (`80/10000`).
    Rate {
        /// Numerator.
        num: Decimal,
        /// Denominator (population).
        den: Decimal,
    },
    /// Signed growth in percent over the previous year.
    Growth(Decimal),
    /// Same as the previous year's value.
    PrevYear,
    /// Not available.
    Na,
    /// Not understood; the verbatim text.
    Text(String),
}

/// Formats a decimal canonically: `.` as decimal mark, no grouping,
/// trailing zeros dropped (`2.50` → `2.5`, `14356.0` → `14356`).
///
/// ```
/// use rust_decimal::Decimal;
/// use std::str::FromStr;
/// assert_eq!(cruscotto::model::canonical_decimal(Decimal::from_str("2.50").unwrap()), "2.5");
/// assert_eq!(cruscotto::model::canonical_decimal(Decimal::from_str("-3.00").unwrap()), "-3");
/// ```
pub fn canonical_decimal(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

impl TargetValue {
    /// The kind of this value.
    pub fn kind(&self) -> TargetKind {
        match self {
            TargetValue::Number(_) => TargetKind::Number,
            TargetValue::Percent(_) => TargetKind::Percent,
            TargetValue::Date(_) => TargetKind::Date,
            TargetValue::Bool(_) => TargetKind::Bool,
            TargetValue::Ordinal(_) => TargetKind::Ordinal,
            TargetValue::Rating { .. } => TargetKind::Rating,
            TargetValue::Rate { .. } => TargetKind::Rate,
            TargetValue::Growth(_) => TargetKind::Growth,
            TargetValue::PrevYear => TargetKind::PrevYear,
            TargetValue::Na => TargetKind::Na,
            TargetValue::Text(_) => TargetKind::Text,
        }
    }

    /// The canonical value string of DOMAIN.md, `None` for `na` and `prev_year`.
    ///
    /// ```
    /// use cruscotto::model::TargetValue;
    /// use rust_decimal::Decimal;
    /// let r = TargetValue::Rating { value: Decimal::new(36, 1), scale: Decimal::from(5) };
    /// assert_eq!(r.canonical().as_deref(), Some("3.6/5"));
    /// ```
    pub fn canonical(&self) -> Option<String> {
        Some(match self {
            TargetValue::Number(d) | TargetValue::Percent(d) | TargetValue::Growth(d) => {
                canonical_decimal(*d)
            }
            TargetValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            TargetValue::Bool(b) => b.to_string(),
            TargetValue::Ordinal(s) => s.clone(),
            TargetValue::Rating { value, scale } => {
                format!(
                    "{}/{}",
                    canonical_decimal(*value),
                    canonical_decimal(*scale)
                )
            }
            TargetValue::Rate { num, den } => {
                format!("{}/{}", canonical_decimal(*num), canonical_decimal(*den))
            }
            TargetValue::PrevYear | TargetValue::Na => return None,
            TargetValue::Text(s) => s.clone(),
        })
    }

    /// The numeric magnitude used for ratio scoring, when the kind has one
    /// (number, percent, rating value, rate numerator, growth).
    pub fn numeric(&self) -> Option<Decimal> {
        match self {
            TargetValue::Number(d) | TargetValue::Percent(d) | TargetValue::Growth(d) => Some(*d),
            TargetValue::Rating { value, .. } => Some(*value),
            TargetValue::Rate { num, .. } => Some(*num),
            _ => None,
        }
    }
}

/// One normalised target: operator, typed value and optional year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Operator written in the cell (`Op::None` when absent).
    pub op: Op,
    /// Typed value.
    pub value: TargetValue,
    /// Year the target refers to, when the cell says so (`Anno: 2022 …`).
    pub year: Option<i32>,
    /// For `prev_year` and `growth`: the earlier year whose value the target is
    /// measured against, when the cell names it (`≥ valore 2024`, `riduzione
    /// del 5% rispetto al 2024`); `None` means the year before the target's.
    pub base_year: Option<i32>,
}

impl Target {
    /// No target (`n.d.`, `-`, empty cell): no operator, value [`TargetValue::Na`].
    ///
    /// ```
    /// use cruscotto::model::{Op, Target, TargetValue};
    /// assert_eq!(Target::na(), Target::new(Op::None, TargetValue::Na));
    /// ```
    pub fn na() -> Target {
        Target::new(Op::None, TargetValue::Na)
    }

    /// A target with no year and no base year.
    ///
    /// ```
    /// use cruscotto::model::{Op, Target, TargetValue};
    /// let t = Target::new(Op::Ge, TargetValue::Number(4.into()));
    /// assert_eq!((t.year, t.base_year), (None, None));
    /// ```
    pub fn new(op: Op, value: TargetValue) -> Target {
        Target {
            op,
            value,
            year: None,
            base_year: None,
        }
    }

    /// The kind of the target's value.
    pub fn kind(&self) -> TargetKind {
        self.value.kind()
    }

    /// The canonical JSON object of DOMAIN.md; `base_year` is added only
    /// when the cell names the earlier year the target is measured against.
    ///
    /// ```
    /// use cruscotto::model::{Op, Target, TargetValue};
    /// let mut t = Target::new(Op::Ge, TargetValue::PrevYear);
    /// assert_eq!(t.to_json().to_string(), r#"{"op":">=","kind":"prev_year","value":null,"year":null}"#);
    /// t.base_year = Some(2024);
    /// assert_eq!(t.to_json()["base_year"], 2024);
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        let mut j = serde_json::json!({
            "op": self.op.as_str(),
            "kind": self.kind().as_str(),
            "value": self.value.canonical(),
            "year": self.year,
        });
        if let (Some(y), Some(o)) = (self.base_year, j.as_object_mut()) {
            o.insert("base_year".into(), y.into());
        }
        j
    }
}

/// A typed actual (consuntivo) value, or the previous-year value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActualValue {
    /// A plain number.
    Number(Decimal),
    /// Percent points (`68,6%` or a 0,686 cell formatted as percent → `68.6`).
    Percent(Decimal),
    /// A variation written with a sign and percent (`+18%`), in percent points.
    Variation(Decimal),
    /// A completion date.
    Date(NaiveDate),
    /// Yes/no.
    Bool(bool),
    /// Lower-case ordinal word (`positivo`, `buono`).
    Ordinal(String),
    /// Not available (`n.d.`).
    Na,
    /// Not understood; verbatim.
    Text(String),
}

impl ActualValue {
    /// Canonical text of the value (same conventions as targets).
    pub fn canonical(&self) -> Option<String> {
        Some(match self {
            ActualValue::Number(d) | ActualValue::Percent(d) | ActualValue::Variation(d) => {
                canonical_decimal(*d)
            }
            ActualValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            ActualValue::Bool(b) => b.to_string(),
            ActualValue::Ordinal(s) | ActualValue::Text(s) => s.clone(),
            ActualValue::Na => return None,
        })
    }

    /// The value as an Italian reader writes it (`3,8`, `95,5%`, `+12%`,
    /// `30/06/2022`, `sì`); `None` when not available.
    ///
    /// ```
    /// use cruscotto::model::ActualValue;
    /// use rust_decimal::Decimal;
    /// assert_eq!(ActualValue::Number(Decimal::new(38, 1)).italian().as_deref(), Some("3,8"));
    /// assert_eq!(ActualValue::Percent(Decimal::new(955, 1)).italian().as_deref(), Some("95,5%"));
    /// assert_eq!(ActualValue::Variation(Decimal::from(12)).italian().as_deref(), Some("+12%"));
    /// ```
    pub fn italian(&self) -> Option<String> {
        use crate::value::format_it;
        Some(match self {
            ActualValue::Number(d) => format_it(*d),
            ActualValue::Percent(d) => format!("{}%", format_it(*d)),
            ActualValue::Variation(d) if d.is_sign_negative() => format!("{}%", format_it(*d)),
            ActualValue::Variation(d) => format!("+{}%", format_it(*d)),
            ActualValue::Date(d) => d.format("%d/%m/%Y").to_string(),
            ActualValue::Bool(b) => if *b { "sì" } else { "no" }.to_string(),
            ActualValue::Ordinal(s) | ActualValue::Text(s) => s.clone(),
            ActualValue::Na => return None,
        })
    }

    /// Numeric magnitude, when there is one.
    pub fn numeric(&self) -> Option<Decimal> {
        match self {
            ActualValue::Number(d) | ActualValue::Percent(d) | ActualValue::Variation(d) => {
                Some(*d)
            }
            _ => None,
        }
    }
}

/// Where a value came from: file, sheet, 1-based row and optional column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    /// Path of the input file as given by the user (shared by the rows of
    /// the file).
    pub file: Shared,
    /// Sheet name (for CSV: the file stem), shared by the sheet's rows.
    pub sheet: Shared,
    /// 1-based row, as a spreadsheet shows it.
    pub row: u32,
    /// 0-based column index, when the location is one cell.
    pub col: Option<u32>,
}

impl Location {
    /// A location for a whole row.
    pub fn row(file: impl Into<Shared>, sheet: impl Into<Shared>, row: u32) -> Self {
        Location {
            file: file.into(),
            sheet: sheet.into(),
            row,
            col: None,
        }
    }

    /// The same row, pointing at one 0-based column.
    pub fn at_col(&self, col: u32) -> Self {
        Location {
            col: Some(col),
            ..self.clone()
        }
    }

    /// Spreadsheet reference of the cell (`B12`) or the row number (`12`).
    pub fn cell_ref(&self) -> String {
        match self.col {
            Some(c) => format!("{}{}", column_letter(c), self.row),
            None => self.row.to_string(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}!{}", self.file, self.sheet, self.cell_ref())
    }
}

/// Spreadsheet column letters for a 0-based index (`0` → `A`, `27` → `AB`).
///
/// ```
/// assert_eq!(cruscotto::model::column_letter(0), "A");
/// assert_eq!(cruscotto::model::column_letter(27), "AB");
/// ```
pub fn column_letter(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// 0-based column index of spreadsheet column letters (`A` → 0, `AB` → 27).
///
/// ```
/// assert_eq!(cruscotto::model::column_index("ab"), Some(27));
/// assert_eq!(cruscotto::model::column_index("A1"), None);
/// ```
pub fn column_index(letters: &str) -> Option<u32> {
    let t = letters.trim();
    if t.is_empty() || t.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for ch in t.chars() {
        if !ch.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    Some(n - 1)
}

/// Machine code of an anomaly (kebab-case Italian, stable across versions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnomalyCode {
    /// A target expression was not understood.
    TargetNonLetto,
    /// A cell holds more than one target (`31/03/2022 100%`).
    TargetMultiplo,
    /// A number is ambiguous (`1.5`, `1.23.4`).
    NumeroAmbiguo,
    /// A date is impossible or ambiguous (`31/02/2025`).
    DataNonValida,
    /// A row sits one column left of its header; repaired.
    RigaSfalsata,
    /// An indicator has no weight while its siblings do.
    PesoMancante,
    /// A weight was not understood.
    PesoNonLetto,
    /// The weights of an objective do not sum to 100 and were renormalised.
    SommaPesi,
    /// The actual value is missing.
    ConsuntivoMancante,
    /// The actual value was not understood.
    ConsuntivoNonLetto,
    /// A value's meaning depends on a cell format that could not be read.
    FormatoSconosciuto,
    /// A target needs the previous year's value, which is missing or of another year.
    AnnoPrecedenteMancante,
    /// No target for the requested year.
    TargetMancante,
    /// No table header was recognised in a sheet.
    IntestazioneNonTrovata,
    /// A row inside a table was not understood and kept verbatim.
    RigaNonLetta,
    /// An actual from a separate file matched no indicator, or vice versa.
    ConsuntivoNonAbbinato,
    /// An area has no dirigente in the organigramma.
    AreaSenzaDirigente,
    /// A formula error in a cell (`#DIV/0!`).
    ErroreFormula,
    /// A value was inferred (e.g. polarity from words): recorded for transparency.
    Inferenza,
    /// The attainment was forced or the indicator excluded by a justified
    /// correction (`--rettifiche`).
    Rettifica,
    /// An indicator's own thresholds or bands could not be used (wrong
    /// order, no band for the actual): the ordinary rules scored it.
    SoglieNonApplicate,
    /// Year on year (`--precedente`): several of last year's indicators match
    /// this one; not compared.
    ConfrontoAmbiguo,
}

impl AnomalyCode {
    /// The kebab-case code (`target-non-letto`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnomalyCode::TargetNonLetto => "target-non-letto",
            AnomalyCode::TargetMultiplo => "target-multiplo",
            AnomalyCode::NumeroAmbiguo => "numero-ambiguo",
            AnomalyCode::DataNonValida => "data-non-valida",
            AnomalyCode::RigaSfalsata => "riga-sfalsata",
            AnomalyCode::PesoMancante => "peso-mancante",
            AnomalyCode::PesoNonLetto => "peso-non-letto",
            AnomalyCode::SommaPesi => "somma-pesi",
            AnomalyCode::ConsuntivoMancante => "consuntivo-mancante",
            AnomalyCode::ConsuntivoNonLetto => "consuntivo-non-letto",
            AnomalyCode::FormatoSconosciuto => "formato-sconosciuto",
            AnomalyCode::AnnoPrecedenteMancante => "anno-precedente-mancante",
            AnomalyCode::TargetMancante => "target-mancante",
            AnomalyCode::IntestazioneNonTrovata => "intestazione-non-trovata",
            AnomalyCode::RigaNonLetta => "riga-non-letta",
            AnomalyCode::ConsuntivoNonAbbinato => "consuntivo-non-abbinato",
            AnomalyCode::AreaSenzaDirigente => "area-senza-dirigente",
            AnomalyCode::ErroreFormula => "errore-formula",
            AnomalyCode::Inferenza => "inferenza",
            AnomalyCode::Rettifica => "rettifica",
            AnomalyCode::SoglieNonApplicate => "soglie-non-applicate",
            AnomalyCode::ConfrontoAmbiguo => "confronto-ambiguo",
        }
    }
}

impl fmt::Display for AnomalyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something not understood, repaired or inferred, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Anomaly {
    /// Machine code.
    pub code: AnomalyCode,
    /// Where: file, sheet, row and (when one cell) column.
    pub location: Location,
    /// The raw text concerned, verbatim.
    pub raw: String,
    /// A short Italian message for the user.
    pub message: String,
}

impl Anomaly {
    /// Builds an anomaly.
    pub fn new(
        code: AnomalyCode,
        location: Location,
        raw: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Anomaly {
            code,
            location,
            raw: raw.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Anomaly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}: {} («{}»)",
            self.code, self.location, self.message, self.raw
        )
    }
}

/// How the scoring operator (polarity) was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolaritySource {
    /// The target cell carries the operator.
    Operator,
    /// An operator column or sub-header gives it.
    Column,
    /// The target is a deadline: on or before.
    Deadline,
    /// Inferred from lower-is-better words in the indicator.
    Keyword,
    /// Nothing said: higher is better.
    Default,
}

impl PolaritySource {
    /// Canonical name (`operator`, `column`, `deadline`, `keyword`, `default`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolaritySource::Operator => "operator",
            PolaritySource::Column => "column",
            PolaritySource::Deadline => "deadline",
            PolaritySource::Keyword => "keyword",
            PolaritySource::Default => "default",
        }
    }
}

/// Attainment band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    /// Attainment ≥ the top band (100 by default).
    #[serde(rename = "raggiunto")]
    Raggiunto,
    /// Attainment ≥ the partial band (60 by default).
    #[serde(rename = "parzialmente raggiunto")]
    Parziale,
    /// Below the partial band.
    #[serde(rename = "non raggiunto")]
    NonRaggiunto,
    /// No target or no actual: excluded from roll-ups.
    #[serde(rename = "non valutabile")]
    NonValutabile,
}

impl Status {
    /// Italian label as in DOMAIN.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Raggiunto => "raggiunto",
            Status::Parziale => "parzialmente raggiunto",
            Status::NonRaggiunto => "non raggiunto",
            Status::NonValutabile => "non valutabile",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The scoring outcome of one indicator, with the reasoning behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Operator actually used for scoring.
    pub polarity: Op,
    /// Why that operator.
    pub polarity_source: PolaritySource,
    /// Attainment in percent points (0..=cap), `None` when not assessable.
    pub attainment: Option<Decimal>,
    /// Band.
    pub status: Status,
    /// The formula actually applied, in Italian (`consuntivo/target×100 = 68,6/95×100`).
    pub formula: String,
    /// Step-by-step reasoning, in Italian, for `explain --row`.
    pub trace: Vec<String>,
}

/// Monitoring during the year (`--periodo`): the attainment against what
/// was expected by the period. For a cumulative volume indicator, the value
/// expected pro rata (target × months/12); when the plan has a target column
/// for the period (`Target I semestre`, `Target al 30/06`), that target,
/// scored like any target. A projection, not the year-end attainment:
/// reports label it as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// Months of the year elapsed at the period (1..=11).
    pub months: u32,
    /// Expected value by the period: target × months / 12, or the period
    /// target's number (`None` for a period target with no number, e.g. a date).
    pub expected: Option<Decimal>,
    /// Actual against expected, capped like attainment.
    pub attainment: Decimal,
    /// Band of that attainment.
    pub status: Status,
    /// The period target as written, when the plan's period column was used
    /// instead of the pro-rata; `None` for the pro-rata.
    pub period_target: Option<String>,
}

/// The target of the monitoring period read from the plan's period column
/// (`Target I semestre`, `Target al 30/06`), kept for the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodTarget {
    /// Months of the year elapsed at the period's end.
    pub months: u32,
    /// The cell as written.
    pub raw: String,
    /// The normalised target.
    pub target: Target,
    /// Operator from an operator column beside it, when present.
    pub op_column: Option<Op>,
}

/// How an indicator was compared with last year's plan (`--precedente`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorMatch {
    /// Same objective code and same indicator text.
    Code,
    /// Same indicator text, same dirigente or area (the code changed or is missing).
    Text,
    /// No indicator of last year matches: new this year.
    New,
    /// Several of last year's indicators match: not compared (never guessed).
    Ambiguous,
}

impl PriorMatch {
    /// Italian name as in the export's `prev_match` (`codice`, `testo`, `nuovo`, `ambiguo`).
    ///
    /// ```
    /// assert_eq!(cruscotto::model::PriorMatch::Ambiguous.as_str(), "ambiguo");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PriorMatch::Code => "codice",
            PriorMatch::Text => "testo",
            PriorMatch::New => "nuovo",
            PriorMatch::Ambiguous => "ambiguo",
        }
    }
}

/// Year on year: the indicator's match in last year's plan and the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorYear {
    /// How it was matched (or why not).
    pub matched_by: PriorMatch,
    /// Last year's row, when matched.
    pub location: Option<Location>,
    /// Last year's attainment, when matched and assessable.
    pub attainment: Option<Decimal>,
    /// This year's attainment minus last year's, in points, when both exist.
    pub change: Option<Decimal>,
}

/// A text shared by the records that name it (an owner, an objective):
/// one copy per plan, not one per indicator.
pub type Shared = std::sync::Arc<str>;

/// A level named by its code and title (`A.1 Semplificare`), or by
/// whichever of the two there is; `None` when neither.
///
/// ```
/// use cruscotto::model::code_title;
/// assert_eq!(code_title(Some("A.1"), Some("Semplificare")).as_deref(), Some("A.1 Semplificare"));
/// assert_eq!(code_title(None, Some("Semplificare")).as_deref(), Some("Semplificare"));
/// assert_eq!(code_title(None, None), None);
/// ```
pub fn code_title(code: Option<&str>, title: Option<&str>) -> Option<String> {
    match (code, title) {
        (Some(c), Some(t)) => Some(format!("{c} {t}")),
        (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
        (None, None) => None,
    }
}

/// One indicator row of the normalised table: everything read about it, its
/// normalised target and (once scored) its attainment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Source file, sheet and 1-based row of the indicator.
    pub location: Location,
    /// Organisational areas or units owning the indicator (several when
    /// joint or when a unit list names several), canonical spellings.
    pub areas: Vec<String>,
    /// Responsible dirigenti (several when joint), canonical spellings.
    pub dirigenti: Vec<String>,
    /// Where the owners were read: see [`OwnerSource`]; `None` when no owner.
    pub owner_source: Option<OwnerSource>,
    /// Shared by all dirigenti (`Tutti`, `Obiettivo trasversale`).
    pub transversal: bool,
    /// Area strategica (perspective) above the objective, when the plan has one.
    pub strategic_area: Option<Shared>,
    /// Code of the strategic objective above the indicator (`A.1`, `1.1`).
    pub strategic_objective_code: Option<Shared>,
    /// Title of the strategic objective above the indicator.
    pub strategic_objective: Option<Shared>,
    /// Code of the most specific level holding the indicator (action, else
    /// operational, else strategic objective: `01_01_OS01`, `A.1.3.1`).
    pub objective_code: Option<Shared>,
    /// Title of that level.
    pub objective: Option<Shared>,
    /// Weight of the objective inside its area/dirigente, when given.
    pub objective_weight: Option<Decimal>,
    /// Indicator text.
    pub indicator: String,
    /// Tipologia (Volume, Efficacia, …).
    pub tipologia: Option<String>,
    /// Algoritmo / formula text.
    pub formula: Option<String>,
    /// UdM as written.
    pub unit: Option<String>,
    /// Weight as written (`33,3%`).
    pub weight_raw: Option<String>,
    /// Weight as a number on the scale written (`33,3%` → 33.3, `0,25` → 0.25).
    pub weight: Option<Decimal>,
    /// Baseline as written.
    pub baseline_raw: Option<String>,
    /// Baseline typed, when readable.
    pub baseline: Option<ActualValue>,
    /// Year of the baseline column (`Stato 2024` → 2024), when known.
    pub baseline_year: Option<i32>,
    /// Target cell as written (operator column included when separate).
    pub target_raw: String,
    /// Year of the target column.
    pub target_year: Option<i32>,
    /// The normalised target.
    pub target: Target,
    /// A second condition of the same cell that must hold too: the upper end
    /// of a range (`tra 10 e 15`) or the deadline of a value (`95% entro il
    /// 30/06/2025`, `31/03/2022 100%`).
    pub target2: Option<Box<Target>>,
    /// Operator from an operator column or sub-header, when present.
    pub op_column: Option<Op>,
    /// Actual as written.
    pub actual_raw: Option<String>,
    /// Actual typed.
    pub actual: Option<ActualValue>,
    /// Date the actual was reached, when the consuntivo says it (`96% al
    /// 15/06/2025`): checked against the deadline of [`Record::target2`].
    pub actual_date: Option<NaiveDate>,
    /// The previous year's actual (year, value), when known for `prev_year`/`growth`.
    pub prev_value: Option<Box<(i32, ActualValue)>>,
    /// Monthly monitoring: the pro-rata projection, for cumulative volume
    /// indicators scored during the year (`--periodo`).
    pub projection: Option<Box<Projection>>,
    /// The plan's target for the monitoring period, when it has a column for
    /// it and `--periodo` asks for that period.
    pub period_target: Option<Box<PeriodTarget>>,
    /// Year on year (`--precedente`): the match in last year's plan.
    pub prior_year: Option<Box<PriorYear>>,
    /// The row sat one column left of its header and was repaired.
    pub shifted: bool,
    /// Scoring outcome, once scored.
    pub score: Option<Score>,
    /// Anomalies of this row.
    pub anomalies: Vec<Anomaly>,
    /// Reason given for a deviation (*motivazione dello scostamento*), from
    /// a `Note` / `Motivazione` column of the plan or the actuals file.
    pub reason: Option<String>,
    /// A justified correction applied to the score (`--rettifiche`).
    pub correction: Option<Box<crate::rettifiche::Applied>>,
    /// The indicator's own thresholds and score bands (`Soglia minima`,
    /// `Eccellenza`, `Fasce` columns), when the plan gives them.
    pub scale: Option<Box<crate::score::IndicatorScale>>,
}

impl Record {
    /// A record with only its place, indicator and target; everything else
    /// empty (for tests, generators and library users building records).
    ///
    /// ```
    /// use cruscotto::model::*;
    /// let r = Record::new(Location::row("f.xlsx", "S", 2), "Eventi",
    ///     Target::new(Op::Ge, TargetValue::Number(4.into())));
    /// assert!(r.score.is_none() && r.actual.is_none());
    /// ```
    pub fn new(location: Location, indicator: impl Into<String>, target: Target) -> Record {
        Record {
            location,
            areas: Vec::new(),
            dirigenti: Vec::new(),
            owner_source: None,
            transversal: false,
            strategic_area: None,
            strategic_objective_code: None,
            strategic_objective: None,
            objective_code: None,
            objective: None,
            objective_weight: None,
            indicator: indicator.into(),
            tipologia: None,
            formula: None,
            unit: None,
            weight_raw: None,
            weight: None,
            baseline_raw: None,
            baseline: None,
            baseline_year: None,
            target_raw: String::new(),
            target_year: None,
            target,
            target2: None,
            op_column: None,
            actual_raw: None,
            actual: None,
            actual_date: None,
            prev_value: None,
            projection: None,
            period_target: None,
            prior_year: None,
            shifted: false,
            score: None,
            anomalies: Vec::new(),
            reason: None,
            correction: None,
            scale: None,
        }
    }
}

impl Record {
    /// The areas joined with `; ` (empty when none), as in the export.
    pub fn area_text(&self) -> String {
        self.areas.join("; ")
    }

    /// The dirigenti joined with `; ` (empty when none), as in the export.
    pub fn dirigente_text(&self) -> String {
        self.dirigenti.join("; ")
    }

    /// Owned jointly: more than one dirigente, or more than one area.
    pub fn shared(&self) -> bool {
        self.dirigenti.len() > 1 || self.areas.len() > 1
    }

    /// Scored below the top band (partly or not reached) with no reason for
    /// the deviation and no correction: a Relazione must give one.
    ///
    /// ```
    /// use cruscotto::model::*;
    /// let mut r = Record::new(Location::row("f.xlsx", "S", 2), "Eventi", Target::na());
    /// assert!(!r.missing_reason());
    /// r.score = Some(Score { polarity: Op::Ge, polarity_source: PolaritySource::Default,
    ///     attainment: Some(50.into()), status: Status::NonRaggiunto,
    ///     formula: String::new(), trace: vec![] });
    /// assert!(r.missing_reason());
    /// r.reason = Some("sciopero".into());
    /// assert!(!r.missing_reason());
    /// ```
    pub fn missing_reason(&self) -> bool {
        self.correction.is_none()
            && self.reason.as_deref().is_none_or(|m| m.trim().is_empty())
            && self
                .score
                .as_ref()
                .is_some_and(|s| matches!(s.status, Status::Parziale | Status::NonRaggiunto))
    }

    /// No owner at all: no area, no dirigente, not transversal.
    pub fn unassigned(&self) -> bool {
        self.areas.is_empty() && self.dirigenti.is_empty() && !self.transversal
    }
}

/// Where the owners of an indicator were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerSource {
    /// A column of the table (`Dirigente`, `Struttura responsabile`).
    Column,
    /// A key/value row of the objective's block (`Dirigente Responsabile | X`).
    Block,
    /// A section or title row (`Obiettivi Dirigente Area …`).
    Section,
    /// A list of units below `Unità organizzative coinvolte`.
    Units,
    /// The organigramma, which maps the area to its dirigente and wins.
    Organigramma,
    /// The user's mapping file (`[[responsabile]]`), which wins over the plan.
    Mappa,
}

impl OwnerSource {
    /// Canonical name (`column`, `block`, `section`, `units`, `organigramma`, `mappa`).
    ///
    /// ```
    /// assert_eq!(cruscotto::model::OwnerSource::Units.as_str(), "units");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerSource::Column => "column",
            OwnerSource::Block => "block",
            OwnerSource::Section => "section",
            OwnerSource::Units => "units",
            OwnerSource::Organigramma => "organigramma",
            OwnerSource::Mappa => "mappa",
        }
    }

    /// Italian name, for texts a person reads (`blocco`, `unità coinvolte`).
    ///
    /// ```
    /// assert_eq!(cruscotto::model::OwnerSource::Block.italiano(), "blocco");
    /// ```
    pub fn italiano(self) -> &'static str {
        match self {
            OwnerSource::Column => "colonna",
            OwnerSource::Block => "blocco",
            OwnerSource::Section => "sezione",
            OwnerSource::Units => "unità coinvolte",
            OwnerSource::Organigramma => "organigramma",
            OwnerSource::Mappa => "mappa",
        }
    }
}

/// Level of a roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Objective: weighted mean of its indicators.
    Obiettivo,
    /// Area: mean of its objectives.
    Area,
    /// Dirigente: mean of their objectives (transversal ones included).
    Dirigente,
    /// The whole body.
    Ente,
}

/// Counts of items by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Raggiunti.
    pub raggiunti: usize,
    /// Parzialmente raggiunti.
    pub parziali: usize,
    /// Non raggiunti.
    pub non_raggiunti: usize,
    /// Non valutabili.
    pub non_valutabili: usize,
}

impl StatusCounts {
    /// Adds one item of status `s`.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Raggiunto => self.raggiunti += 1,
            Status::Parziale => self.parziali += 1,
            Status::NonRaggiunto => self.non_raggiunti += 1,
            Status::NonValutabile => self.non_valutabili += 1,
        }
    }

    /// Total items counted.
    pub fn total(&self) -> usize {
        self.raggiunti + self.parziali + self.non_raggiunti + self.non_valutabili
    }
}

/// The attainment of a group (objective, area, dirigente, body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupScore {
    /// Level.
    pub level: Level,
    /// Stable key (objective code or normalised name).
    pub key: String,
    /// Display label.
    pub label: String,
    /// Weighted attainment, `None` when nothing inside is assessable.
    pub attainment: Option<Decimal>,
    /// Band of the attainment.
    pub status: Status,
    /// Status counts of the members (indicators for objectives, objectives above).
    pub counts: StatusCounts,
    /// Indices into the record list of the indicators inside the group.
    pub records: Vec<usize>,
    /// Keys of the member groups (objective keys for areas/dirigenti).
    pub members: Vec<String>,
    /// Weights did not sum to 100 (or were missing) and were renormalised.
    pub renormalised: bool,
    /// Notes on how the roll-up was computed (Italian).
    pub notes: Vec<String>,
    /// Year on year (`--precedente`): the same group's attainment last year.
    pub prior_attainment: Option<Decimal>,
}

/// All roll-ups of a scored plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// One per objective.
    pub objectives: Vec<GroupScore>,
    /// One per area.
    pub areas: Vec<GroupScore>,
    /// One per dirigente.
    pub dirigenti: Vec<GroupScore>,
    /// The whole body.
    pub body: GroupScore,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn canonical_forms() {
        let t = Target::new(Op::Ge, TargetValue::Percent(Decimal::new(5327, 2)));
        assert_eq!(
            t.to_json().to_string(),
            r#"{"op":">=","kind":"percent","value":"53.27","year":null}"#
        );
        assert_eq!(canonical_decimal(Decimal::new(0, 3)), "0");
        assert_eq!(canonical_decimal(Decimal::new(14356000, 3)), "14356");
    }

    #[test]
    fn location_display() {
        let l = Location::row("a.xlsx", "Area 1", 12).at_col(1);
        assert_eq!(l.to_string(), "a.xlsx:Area 1!B12");
    }
}
