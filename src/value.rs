//! Italian values: numbers (`1.234,56`), percentages, dates, yes/no, placeholders.
//!
//! The rules are strict on purpose: an Italian number groups thousands with
//! `.` in groups of exactly three digits and uses `,` as the decimal mark, so
//! `14.356` is 14356 and `2,240` is 2.24. Anything that could be read in two
//! ways (`1.5`, `1.23.4`, `0.500`) is reported as [`ValueError::Ambiguous`],
//! never guessed.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::{ActualValue, AnomalyCode};
use crate::read::{Cell, CellValue, NumFormat};

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not a value of the expected kind.
    #[error("valore non riconosciuto: «{0}»")]
    Invalid(String),
    /// A number that could be read in more than one way (`1.5`, `1.23.4`).
    #[error("numero ambiguo «{0}»: {1}")]
    Ambiguous(String, String),
    /// An impossible or ambiguous date (`31/02/2025`).
    #[error("data non valida «{0}»")]
    BadDate(String),
    /// The cell holds a spreadsheet formula error (`#DIV/0!`).
    #[error("errore di formula nella cella: «{0}»")]
    FormulaError(String),
}

impl ValueError {
    /// The anomaly code this error is reported with.
    ///
    /// ```
    /// use cruscotto::value::{parse_number, ValueError};
    /// use cruscotto::model::AnomalyCode;
    /// assert_eq!(parse_number("1.5").unwrap_err().code(), AnomalyCode::NumeroAmbiguo);
    /// ```
    pub fn code(&self) -> AnomalyCode {
        match self {
            ValueError::Invalid(_) => AnomalyCode::ConsuntivoNonLetto,
            ValueError::Ambiguous(..) => AnomalyCode::NumeroAmbiguo,
            ValueError::BadDate(_) => AnomalyCode::DataNonValida,
            ValueError::FormulaError(_) => AnomalyCode::ErroreFormula,
        }
    }
}

/// Context for reading a value: its unit and whether it sits in a date column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueContext {
    /// UdM as written.
    pub unit: Option<String>,
    /// A bare integer is an Excel date serial.
    pub date_context: bool,
}

const MINUS_SIGNS: [char; 3] = ['-', '−', '–'];

/// Normalises spaces: NBSP and other Unicode spaces become plain spaces, runs collapse.
pub(crate) fn clean_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2009}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Removes trailing footnote marks (`14,20*`, `95%**`).
fn strip_footnote(s: &str) -> &str {
    s.trim_end_matches('*').trim_end()
}

/// The strict number grammar, on a string with no prefix, unit or spaces:
/// optional sign, digits grouped by `.` in threes, optional `,` decimals.
pub(crate) fn number_core(raw: &str) -> Result<Decimal, ValueError> {
    let s = raw.trim();
    let invalid = || ValueError::Invalid(raw.to_string());
    let (neg, body) = match s.chars().next() {
        Some(c) if MINUS_SIGNS.contains(&c) => (true, s[c.len_utf8()..].trim_start()),
        Some('+') => (false, s[1..].trim_start()),
        _ => (false, s),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(invalid());
    }
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(invalid());
    }
    let commas = body.matches(',').count();
    if commas > 1 {
        return Err(ValueError::Ambiguous(
            raw.to_string(),
            "più di una virgola decimale".to_string(),
        ));
    }
    let (int_part, frac_part) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac_part {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(if f.contains('.') {
                ValueError::Ambiguous(
                    raw.to_string(),
                    "punto dopo la virgola decimale".to_string(),
                )
            } else {
                invalid()
            });
        }
    }
    let digits: String = if int_part.contains('.') {
        let groups: Vec<&str> = int_part.split('.').collect();
        let first = groups[0];
        let strict = !first.is_empty()
            && first.len() <= 3
            && !(first.starts_with('0'))
            && groups[1..]
                .iter()
                .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if !strict {
            return Err(ValueError::Ambiguous(
                raw.to_string(),
                "il punto separa le migliaia solo a gruppi di tre cifre; per i decimali si usa la virgola"
                    .to_string(),
            ));
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    let mut canonical = String::new();
    if neg {
        canonical.push('-');
    }
    canonical.push_str(&digits);
    if let Some(f) = frac_part {
        canonical.push('.');
        canonical.push_str(f);
    }
    Decimal::from_str(&canonical).map_err(|_| invalid())
}

/// Hours written `hh:mm` (`08:00` → 8, `07:30` → 7.5).
pub(crate) fn parse_hours(s: &str) -> Option<Decimal> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 3 || m.len() != 2 {
        return None;
    }
    if !h.chars().all(|c| c.is_ascii_digit()) || !m.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    if m >= 60 {
        return None;
    }
    Decimal::from(h).checked_add(Decimal::from(m).checked_div(Decimal::from(60))?)
}

/// Strips prefixes (`n.`, `n°`, `nr.`), currency (`€`, `euro`) and footnote marks.
fn strip_number_decorations(s: &str) -> String {
    let mut t = clean_spaces(s);
    t = strip_footnote(&t).to_string();
    let lower = t.to_lowercase();
    for p in ["n°", "nr.", "nr", "n.", "num.", "€", "eur", "euro"] {
        if lower.starts_with(p) {
            let rest = &t[p.len()..];
            // "n" must not swallow part of a word ("nd"); the rest must start a number.
            if rest
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '+' || MINUS_SIGNS.contains(&c))
            {
                t = rest.trim_start().to_string();
                break;
            }
        }
    }
    let lower = t.to_lowercase();
    for suf in ["€", "euro", "eur"] {
        if lower.ends_with(suf) {
            let cut = t.len() - suf.len();
            if t.is_char_boundary(cut) {
                t = t[..cut].trim_end().to_string();
                break;
            }
        }
    }
    t
}

/// Parses an Italian number: `1.234,56`, `14.356` (= 14356), `2,240` (= 2.24),
/// `-21,77`, `+15`, `359.584,97 €`, `n. 1`, `14,20*`, hours `08:00` (= 8).
///
/// Ambiguous input (`1.5`, `1.23.4`) is [`ValueError::Ambiguous`].
///
/// ```
/// use cruscotto::value::parse_number;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_number("1.234,56").unwrap(), Decimal::new(123456, 2));
/// assert_eq!(parse_number("14.356").unwrap(), Decimal::from(14356));
/// assert_eq!(parse_number("2,240").unwrap(), Decimal::new(224, 2));
/// assert!(parse_number("1.5").is_err());
/// ```
pub fn parse_number(s: &str) -> Result<Decimal, ValueError> {
    let t = strip_number_decorations(s);
    if let Some(h) = parse_hours(&t) {
        return Ok(h);
    }
    if t.eq_ignore_ascii_case("zero") {
        return Ok(Decimal::ZERO);
    }
    number_core(&t).map_err(|e| match e {
        ValueError::Invalid(_) => ValueError::Invalid(s.to_string()),
        ValueError::Ambiguous(_, why) => ValueError::Ambiguous(s.trim().to_string(), why),
        other => other,
    })
}

/// Parses a percentage written with `%` into percent points
/// (`53,27%` → 53.27, `-3,00%` → -3, `95 %` → 95).
///
/// ```
/// use cruscotto::value::parse_percent;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_percent("53,27%").unwrap(), Decimal::new(5327, 2));
/// assert!(parse_percent("53").is_err());
/// ```
pub fn parse_percent(s: &str) -> Result<Decimal, ValueError> {
    let t = clean_spaces(s);
    let t = strip_footnote(&t);
    let Some(body) = t.strip_suffix('%') else {
        return Err(ValueError::Invalid(s.to_string()));
    };
    let body = strip_footnote(body.trim_end());
    number_core(body).map_err(|e| match e {
        ValueError::Invalid(_) => ValueError::Invalid(s.to_string()),
        ValueError::Ambiguous(_, why) => ValueError::Ambiguous(s.trim().to_string(), why),
        other => other,
    })
}

const MONTHS: [(&str, u32); 24] = [
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("novembre", 11),
    ("dicembre", 12),
    ("gen", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("mag", 5),
    ("giu", 6),
    ("lug", 7),
    ("ago", 8),
    ("set", 9),
    ("ott", 10),
    ("nov", 11),
    ("dic", 12),
];

/// Month number of an Italian month name or its three-letter abbreviation.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn make_date(raw: &str, y: &str, m: u32, d: &str) -> Result<NaiveDate, ValueError> {
    if y.len() != 4 || !all_digits(y) || !all_digits(d) || d.len() > 2 {
        return Err(ValueError::Invalid(raw.to_string()));
    }
    let y: i32 = y
        .parse()
        .map_err(|_| ValueError::Invalid(raw.to_string()))?;
    let d: u32 = d
        .parse()
        .map_err(|_| ValueError::Invalid(raw.to_string()))?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| ValueError::BadDate(raw.to_string()))
}

/// Parses an Italian date: `31/12/2022`, `31.12.2022`, `31-12-2022`, `5/1/2025`,
/// `31 dicembre 2022`, `2022-12-31`, optionally after `entro il` / `al` / `il`.
/// Years must have four digits. Impossible dates (`31/02/2025`) are
/// [`ValueError::BadDate`]; text that is not a date is [`ValueError::Invalid`].
///
/// ```
/// use cruscotto::value::parse_date;
/// use chrono::NaiveDate;
/// assert_eq!(parse_date("entro il 30/06/2022").unwrap(), NaiveDate::from_ymd_opt(2022, 6, 30).unwrap());
/// assert!(parse_date("31/02/2025").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<NaiveDate, ValueError> {
    let cleaned = clean_spaces(s);
    let mut t = strip_footnote(&cleaned).to_string();
    // Leading deadline words: "entro il", "entro", "al", "il", "scadenza", "termine".
    loop {
        let lower = t.to_lowercase();
        let mut stripped = false;
        for p in [
            "entro il ",
            "entro ",
            "scadenza ",
            "termine ",
            "al ",
            "il ",
            "del ",
        ] {
            if lower.starts_with(p) {
                t = t[p.len()..].trim_start().to_string();
                stripped = true;
                break;
            }
        }
        if !stripped {
            break;
        }
    }
    // A time part of a date-time ("31/12/2022 00:00:00").
    if let Some((d, time)) = t.split_once(' ') {
        if time.split(':').all(|p| all_digits(p) && p.len() == 2) && time.contains(':') {
            t = d.to_string();
        }
    }
    let raw = s.trim();
    // Numeric forms.
    for sep in ['/', '.', '-'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3 && parts.iter().all(|p| all_digits(p)) {
            if parts[0].len() == 4 && sep == '-' {
                // ISO yyyy-mm-dd.
                let m: u32 = parts[1]
                    .parse()
                    .map_err(|_| ValueError::Invalid(raw.to_string()))?;
                if parts[1].len() > 2 || !(1..=12).contains(&m) {
                    return Err(ValueError::BadDate(raw.to_string()));
                }
                return make_date(raw, parts[0], m, parts[2]);
            }
            if parts[1].len() > 2 {
                return Err(ValueError::Invalid(raw.to_string()));
            }
            let m: u32 = parts[1]
                .parse()
                .map_err(|_| ValueError::Invalid(raw.to_string()))?;
            if parts[2].len() != 4 {
                return Err(ValueError::Invalid(raw.to_string()));
            }
            if !(1..=12).contains(&m) {
                return Err(ValueError::BadDate(raw.to_string()));
            }
            return make_date(raw, parts[2], m, parts[0]);
        }
    }
    // "31 dicembre 2022", "1° gennaio 2023".
    let words: Vec<&str> = t.split(' ').collect();
    if words.len() == 3 {
        let day = words[0].trim_end_matches(['°', 'º']);
        if let Some(m) = month_number(words[1]) {
            return make_date(raw, words[2], m, day);
        }
    }
    Err(ValueError::Invalid(raw.to_string()))
}

/// First serial of a plausible date in a plan (1990-01-01).
pub const SERIAL_MIN: i64 = 32874;
/// Last serial of a plausible date in a plan (2100-12-31).
pub const SERIAL_MAX: i64 = 73415;

/// The date of an Excel serial (1900 system), only when plausible for a plan
/// (years 1990–2100) and a whole day (a time fraction is dropped).
///
/// ```
/// use cruscotto::value::excel_serial_to_date;
/// use rust_decimal::Decimal;
/// assert_eq!(excel_serial_to_date(Decimal::from(45900)).unwrap().to_string(), "2025-08-31");
/// assert!(excel_serial_to_date(Decimal::from(500)).is_none());
/// ```
pub fn excel_serial_to_date(serial: Decimal) -> Option<NaiveDate> {
    let days: i64 = serial.trunc().to_string().parse().ok()?;
    if !(SERIAL_MIN..=SERIAL_MAX).contains(&days) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(u64::try_from(days).ok()?))
}

/// Formats a decimal the Italian way: `.` groups thousands in threes, `,` is the
/// decimal mark. The decimal's own scale is kept (`2.50` → `2,50`, `2.5` → `2,5`):
/// no digits are added or removed, so call `normalize()` first to drop trailing
/// zeros. Negative zero prints as `0`.
///
/// ```
/// use cruscotto::value::format_italian;
/// use rust_decimal::Decimal;
/// assert_eq!(format_italian(Decimal::new(123456, 2)), "1.234,56");
/// assert_eq!(format_italian(Decimal::new(-14356, 0)), "-14.356");
/// assert_eq!(format_italian(Decimal::new(250, 2)), "2,50");
/// ```
pub fn format_italian(d: Decimal) -> String {
    let s = d.abs().to_string();
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut grouped = String::new();
    let len = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// [`format_italian`] without trailing zeros: the spelling of the reports,
/// the explanations and the target phrases (`14356.50` → `14.356,5`).
///
/// ```
/// use rust_decimal::Decimal;
/// use cruscotto::value::format_it;
/// assert_eq!(format_it(Decimal::new(14356, 0)), "14.356");
/// assert_eq!(format_it(Decimal::new(-12345675, 3)), "-12.345,675");
/// assert_eq!(format_it(Decimal::new(250, 2)), "2,5");
/// ```
pub fn format_it(d: Decimal) -> String {
    format_italian(d.normalize())
}

/// Whether a lower-cased word is a placeholder for "not available".
pub(crate) fn is_placeholder(s: &str) -> bool {
    let t = clean_spaces(s).to_lowercase();
    let t = t.trim_end_matches('*').trim();
    if !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '–' | '—' | '_' | '/')) {
        return true;
    }
    matches!(
        t,
        "n.d."
            | "n.d"
            | "nd"
            | "n/d"
            | "n. d."
            | "n.a."
            | "n.a"
            | "n/a"
            | "na"
            | "n.p."
            | "n.p"
            | "n.r."
            | "da attivare"
            | "da definire"
            | "non disponibile"
            | "non applicabile"
            | "non previsto"
            | "non rilevabile"
    )
}

/// Reads yes/no: `si`, `sì`, `SI`, `si'` → true; `no` → false.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match clean_spaces(s).to_lowercase().trim_end_matches('*') {
        "si" | "sì" | "sí" | "si'" | "si’" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// Words of the ordinal scales, lower case.
pub const ORDINALS: [&str; 7] = [
    "insufficiente",
    "sufficiente",
    "discreto",
    "buono",
    "ottimo",
    "negativo",
    "positivo",
];

/// Reads an ordinal word (case-insensitive) into its lower-case form.
pub(crate) fn parse_ordinal(s: &str) -> Option<String> {
    let w = clean_spaces(s).to_lowercase();
    let w = w.trim_end_matches(['*', '.']);
    ORDINALS.iter().find(|o| **o == w).map(|o| o.to_string())
}

/// Types an actual (consuntivo) cell.
///
/// Numbers with a percent format become percent points, date cells dates, a
/// plausible serial in a date column a date; text is read as Italian
/// (`+18%` → variation, `68,6%` → percent, `si` → yes, `buono` → ordinal,
/// `n.d.` → not available). Text that is no value at all is returned verbatim
/// as [`ActualValue::Text`]; ambiguous numbers, impossible dates and formula
/// errors are errors.
///
/// ```
/// use cruscotto::read::{Cell, CellValue, NumFormat};
/// use cruscotto::value::{actual_from_cell, ValueContext};
/// use cruscotto::model::ActualValue;
/// use rust_decimal::Decimal;
/// let c = Cell { value: CellValue::Number(Decimal::new(95, 2)), format: NumFormat::Percent };
/// assert_eq!(actual_from_cell(&c, &ValueContext::default()).unwrap(), ActualValue::Percent(Decimal::from(95)));
/// let t = Cell { value: CellValue::Text("+18%".into()), format: NumFormat::General };
/// assert_eq!(actual_from_cell(&t, &ValueContext::default()).unwrap(), ActualValue::Variation(Decimal::from(18)));
/// ```
pub fn actual_from_cell(cell: &Cell, ctx: &ValueContext) -> Result<ActualValue, ValueError> {
    match &cell.value {
        CellValue::Empty => Ok(ActualValue::Na),
        CellValue::Error(e) => Err(ValueError::FormulaError(e.clone())),
        CellValue::Bool(b) => Ok(ActualValue::Bool(*b)),
        CellValue::Date(dt) => Ok(ActualValue::Date(dt.date())),
        CellValue::Number(v) => Ok(number_cell_actual(*v, cell.format, ctx)),
        CellValue::Text(s) => actual_from_text(s, ctx),
    }
}

fn number_cell_actual(v: Decimal, format: NumFormat, ctx: &ValueContext) -> ActualValue {
    match format {
        NumFormat::Percent => match v.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => ActualValue::Percent(p.normalize()),
            None => ActualValue::Number(v),
        },
        NumFormat::Date => match excel_serial_to_date(v) {
            Some(d) => ActualValue::Date(d),
            None => ActualValue::Number(v),
        },
        _ => {
            if ctx.date_context && v.fract().is_zero() {
                if let Some(d) = excel_serial_to_date(v) {
                    return ActualValue::Date(d);
                }
            }
            ActualValue::Number(v)
        }
    }
}

/// Types an actual written as text (see [`actual_from_cell`]).
///
/// ```
/// use cruscotto::value::{actual_from_text, ValueContext};
/// use cruscotto::model::ActualValue;
/// use rust_decimal::Decimal;
/// let ctx = ValueContext::default();
/// assert_eq!(actual_from_text("68,6%", &ctx).unwrap(), ActualValue::Percent(Decimal::new(686, 1)));
/// assert_eq!(actual_from_text("n.d.", &ctx).unwrap(), ActualValue::Na);
/// assert!(actual_from_text("1.5", &ctx).is_err());
/// ```
pub fn actual_from_text(s: &str, ctx: &ValueContext) -> Result<ActualValue, ValueError> {
    let t = clean_spaces(s);
    let t = strip_footnote(&t);
    if t.is_empty() || is_placeholder(t) {
        return Ok(ActualValue::Na);
    }
    if let Some(b) = parse_bool(t) {
        return Ok(ActualValue::Bool(b));
    }
    if let Some(o) = parse_ordinal(t) {
        return Ok(ActualValue::Ordinal(o));
    }
    if t.ends_with('%') {
        let v = parse_percent(t)?;
        let signed = t.starts_with('+') || t.starts_with(MINUS_SIGNS);
        return Ok(if signed {
            ActualValue::Variation(v)
        } else {
            ActualValue::Percent(v)
        });
    }
    match parse_date(t) {
        Ok(d) => return Ok(ActualValue::Date(d)),
        Err(e @ ValueError::BadDate(_)) => return Err(e),
        Err(_) => {}
    }
    match parse_number(t) {
        Ok(v) => {
            if ctx.date_context && v.fract().is_zero() && !t.contains(',') {
                if let Some(d) = excel_serial_to_date(v) {
                    return Ok(ActualValue::Date(d));
                }
            }
            Ok(ActualValue::Number(v))
        }
        Err(e @ ValueError::Ambiguous(..)) => Err(e),
        Err(_) => Ok(ActualValue::Text(s.trim().to_string())),
    }
}

/// The text a cell shows, for display and text parsing: text verbatim, numbers
/// the Italian way (`1.234,5`), percent-format numbers as `95%`, dates as
/// `dd/mm/yyyy`, booleans as `sì`/`no`.
///
/// ```
/// use cruscotto::read::{Cell, CellValue, NumFormat};
/// use cruscotto::value::cell_display;
/// use rust_decimal::Decimal;
/// let c = Cell { value: CellValue::Number(Decimal::new(95, 2)), format: NumFormat::Percent };
/// assert_eq!(cell_display(&c), "95%");
/// let n = Cell { value: CellValue::Number(Decimal::new(14356, 0)), format: NumFormat::General };
/// assert_eq!(cell_display(&n), "14.356");
/// ```
pub fn cell_display(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Text(s) => s.clone(),
        CellValue::Number(d) => match cell.format {
            NumFormat::Percent => match d.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => format!("{}%", format_it(p)),
                None => format_it(*d),
            },
            NumFormat::Date => match excel_serial_to_date(*d) {
                Some(date) => format_date(date),
                None => format_it(*d),
            },
            _ => format_it(*d),
        },
        CellValue::Date(d) => format_date(d.date()),
        CellValue::Bool(true) => "sì".to_string(),
        CellValue::Bool(false) => "no".to_string(),
        CellValue::Error(e) => e.clone(),
        CellValue::Empty => String::new(),
    }
}

/// The text of a code cell (an objective or indicator code): a number keeps
/// its canonical form (`1.1`, `12`), as typed, never the Italian display
/// (`1,1`, `1.234`), so that a code typed as a number in a spreadsheet
/// matches the same code written as text; any other cell as
/// [`cell_display`], trimmed.
///
/// ```
/// use cruscotto::read::{Cell, CellValue, NumFormat};
/// use cruscotto::value::code_display;
/// use rust_decimal::Decimal;
/// let c = Cell { value: CellValue::Number(Decimal::new(11, 1)), format: NumFormat::General };
/// assert_eq!(code_display(&c), "1.1");
/// let n = Cell { value: CellValue::Number(Decimal::new(1200, 2)), format: NumFormat::General };
/// assert_eq!(code_display(&n), "12");
/// ```
pub fn code_display(cell: &Cell) -> String {
    match &cell.value {
        CellValue::Number(d) if cell.format != NumFormat::Date => d.normalize().to_string(),
        _ => cell_display(cell).trim().to_string(),
    }
}

/// A date as `dd/mm/yyyy`.
///
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(2022, 6, 30).unwrap();
/// assert_eq!(cruscotto::value::format_date(d), "30/06/2022");
/// ```
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn numbers() {
        let cases = [
            ("1.234,56", "1234.56"),
            ("14.356", "14356"),
            ("888.019", "888019"),
            ("7.661.160", "7661160"),
            ("2,240", "2.24"),
            ("1,013", "1.013"),
            ("0,400", "0.4"),
            ("48.567,0", "48567"),
            ("-21,77", "-21.77"),
            ("-20,00", "-20"),
            ("+15", "15"),
            ("1150", "1150"),
            ("359.584,97 €", "359584.97"),
            ("€ 1.000", "1000"),
            ("08:00", "8"),
            ("07:30", "7.5"),
            ("n. 1", "1"),
            ("n.1", "1"),
            ("n° 3", "3"),
            ("14,20*", "14.2"),
            ("zero", "0"),
            (" 2,5 ", "2.5"),
            ("−3", "-3"),
        ];
        for (s, want) in cases {
            assert_eq!(parse_number(s).unwrap(), dec(want), "{s}");
        }
    }

    #[test]
    fn ambiguous_and_invalid_numbers() {
        for s in [
            "1.5", "1.23.4", "0.500", "12.34", "1,2,3", "1.5,3", "1,23.4",
        ] {
            assert!(
                matches!(parse_number(s), Err(ValueError::Ambiguous(..))),
                "{s}: {:?}",
                parse_number(s)
            );
        }
        for s in ["", "abc", "n.d.", "1 234", "5%", ",5", "--1", "€"] {
            assert!(
                matches!(parse_number(s), Err(ValueError::Invalid(_))),
                "{s}: {:?}",
                parse_number(s)
            );
        }
        assert_eq!(
            parse_number("1.5").unwrap_err().code(),
            AnomalyCode::NumeroAmbiguo
        );
    }

    #[test]
    fn percents() {
        assert_eq!(parse_percent("53,27%").unwrap(), dec("53.27"));
        assert_eq!(parse_percent("-3,00%").unwrap(), dec("-3"));
        assert_eq!(parse_percent("95 %").unwrap(), dec("95"));
        assert_eq!(parse_percent("100,00%*").unwrap(), dec("100"));
        assert_eq!(parse_percent("+15%").unwrap(), dec("15"));
        assert!(parse_percent("95").is_err());
        assert!(matches!(
            parse_percent("1.5%"),
            Err(ValueError::Ambiguous(..))
        ));
    }

    #[test]
    fn dates() {
        let cases = [
            ("31/12/2022", date(2022, 12, 31)),
            ("31.12.2022", date(2022, 12, 31)),
            ("31-12-2022", date(2022, 12, 31)),
            ("5/1/2025", date(2025, 1, 5)),
            ("05/01/2025", date(2025, 1, 5)),
            ("31 dicembre 2022", date(2022, 12, 31)),
            ("1° gennaio 2023", date(2023, 1, 1)),
            ("entro il 30/06/2022", date(2022, 6, 30)),
            ("Entro il 30 giugno 2022", date(2022, 6, 30)),
            ("2022-12-31", date(2022, 12, 31)),
            ("31/12/2022 00:00:00", date(2022, 12, 31)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s).unwrap(), want, "{s}");
        }
        for s in ["31/02/2025", "30/13/2022", "32 dicembre 2022", "2022-02-30"] {
            assert!(matches!(parse_date(s), Err(ValueError::BadDate(_))), "{s}");
        }
        for s in ["31/12/22", "abc", "31/12", "100%"] {
            assert!(matches!(parse_date(s), Err(ValueError::Invalid(_))), "{s}");
        }
    }

    #[test]
    fn serials() {
        assert_eq!(excel_serial_to_date(dec("45900")), Some(date(2025, 8, 31)));
        assert_eq!(excel_serial_to_date(dec("44926")), Some(date(2022, 12, 31)));
        assert_eq!(excel_serial_to_date(dec("500")), None);
        assert_eq!(excel_serial_to_date(dec("-45900")), None);
    }

    #[test]
    fn italian_format() {
        assert_eq!(format_italian(dec("1234.56")), "1.234,56");
        assert_eq!(format_italian(dec("123")), "123");
        assert_eq!(format_italian(dec("1000")), "1.000");
        assert_eq!(format_italian(dec("-1234567.5")), "-1.234.567,5");
        assert_eq!(format_italian(dec("2.50")), "2,50");
        assert_eq!(format_italian(dec("0.05")), "0,05");
        assert_eq!(format_italian(dec("-0")), "0");
    }

    fn text(s: &str) -> Cell {
        Cell {
            value: CellValue::Text(s.to_string()),
            format: NumFormat::General,
        }
    }

    #[test]
    fn actuals_from_text() {
        let ctx = ValueContext::default();
        let a = |s: &str| actual_from_cell(&text(s), &ctx);
        assert_eq!(a("+18%").unwrap(), ActualValue::Variation(dec("18")));
        assert_eq!(a("-3%").unwrap(), ActualValue::Variation(dec("-3")));
        assert_eq!(a("68,6%").unwrap(), ActualValue::Percent(dec("68.6")));
        assert_eq!(a("14.356").unwrap(), ActualValue::Number(dec("14356")));
        assert_eq!(
            a("31/12/2022").unwrap(),
            ActualValue::Date(date(2022, 12, 31))
        );
        assert_eq!(a("sì").unwrap(), ActualValue::Bool(true));
        assert_eq!(a("SI").unwrap(), ActualValue::Bool(true));
        assert_eq!(a("no").unwrap(), ActualValue::Bool(false));
        assert_eq!(a("Buono").unwrap(), ActualValue::Ordinal("buono".into()));
        assert_eq!(
            a("insufficiente").unwrap(),
            ActualValue::Ordinal("insufficiente".into())
        );
        assert_eq!(a("n.d.").unwrap(), ActualValue::Na);
        assert_eq!(a("---").unwrap(), ActualValue::Na);
        assert_eq!(a("da attivare").unwrap(), ActualValue::Na);
        assert_eq!(a("").unwrap(), ActualValue::Na);
        assert_eq!(a("zero").unwrap(), ActualValue::Number(Decimal::ZERO));
        assert_eq!(
            a("in corso di verifica").unwrap(),
            ActualValue::Text("in corso di verifica".into())
        );
        assert!(matches!(a("1.5"), Err(ValueError::Ambiguous(..))));
        assert!(matches!(a("31/02/2025"), Err(ValueError::BadDate(_))));
        let dctx = ValueContext {
            unit: Some("data".into()),
            date_context: true,
        };
        assert_eq!(
            actual_from_cell(&text("45900"), &dctx).unwrap(),
            ActualValue::Date(date(2025, 8, 31))
        );
    }

    #[test]
    fn actuals_from_typed_cells() {
        let ctx = ValueContext::default();
        let num = |v: &str, f: NumFormat| Cell {
            value: CellValue::Number(dec(v)),
            format: f,
        };
        assert_eq!(
            actual_from_cell(&num("0.686", NumFormat::Percent), &ctx).unwrap(),
            ActualValue::Percent(dec("68.6"))
        );
        assert_eq!(
            actual_from_cell(&num("45900", NumFormat::General), &ctx).unwrap(),
            ActualValue::Number(dec("45900"))
        );
        let dctx = ValueContext {
            unit: None,
            date_context: true,
        };
        assert_eq!(
            actual_from_cell(&num("45900", NumFormat::General), &dctx).unwrap(),
            ActualValue::Date(date(2025, 8, 31))
        );
        assert_eq!(
            actual_from_cell(&num("12", NumFormat::General), &dctx).unwrap(),
            ActualValue::Number(dec("12"))
        );
        let err = Cell {
            value: CellValue::Error("#DIV/0!".into()),
            format: NumFormat::General,
        };
        let e = actual_from_cell(&err, &ctx).unwrap_err();
        assert_eq!(e.code(), AnomalyCode::ErroreFormula);
        let b = Cell {
            value: CellValue::Bool(true),
            format: NumFormat::General,
        };
        assert_eq!(actual_from_cell(&b, &ctx).unwrap(), ActualValue::Bool(true));
        let d = Cell {
            value: CellValue::Date(date(2022, 6, 30).and_hms_opt(0, 0, 0).unwrap()),
            format: NumFormat::Date,
        };
        assert_eq!(
            actual_from_cell(&d, &ctx).unwrap(),
            ActualValue::Date(date(2022, 6, 30))
        );
        assert_eq!(cell_display(&d), "30/06/2022");
        assert_eq!(
            actual_from_cell(&Cell::default(), &ctx).unwrap(),
            ActualValue::Na
        );
    }

    #[test]
    fn display() {
        let num = |v: &str, f: NumFormat| Cell {
            value: CellValue::Number(dec(v)),
            format: f,
        };
        assert_eq!(cell_display(&num("0.95", NumFormat::Percent)), "95%");
        assert_eq!(cell_display(&num("0.5327", NumFormat::Percent)), "53,27%");
        assert_eq!(cell_display(&num("2.5", NumFormat::General)), "2,5");
        assert_eq!(cell_display(&num("14356", NumFormat::General)), "14.356");
        assert_eq!(cell_display(&num("45900", NumFormat::Date)), "31/08/2025");
        assert_eq!(cell_display(&text(" x ")), " x ");
    }

    #[test]
    fn code_cells_keep_the_canonical_number() {
        let num = |v: &str, f: NumFormat| Cell {
            value: CellValue::Number(dec(v)),
            format: f,
        };
        assert_eq!(code_display(&num("1.1", NumFormat::General)), "1.1");
        assert_eq!(code_display(&num("12", NumFormat::General)), "12");
        assert_eq!(code_display(&num("1234", NumFormat::General)), "1234");
        assert_eq!(code_display(&num("2.10", NumFormat::General)), "2.1");
        assert_eq!(code_display(&text(" A.1 ")), "A.1");
        // Other numbers keep the Italian display.
        assert_eq!(cell_display(&num("1.1", NumFormat::General)), "1,1");
    }

    proptest! {
        #[test]
        fn italian_roundtrip(m in any::<i64>(), scale in 0u32..10) {
            let d = Decimal::new(m, scale);
            let s = format_italian(d);
            prop_assert_eq!(parse_number(&s).unwrap(), d);
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_number(&s);
            let _ = parse_percent(&s);
            let _ = parse_date(&s);
            let _ = actual_from_text(&s, &ValueContext { unit: None, date_context: true });
        }

        #[test]
        fn never_panics_numberish(s in "[-+−0-9.,:%€*n° ]{0,30}") {
            let _ = parse_number(&s);
            let _ = parse_percent(&s);
            let _ = parse_date(&s);
        }
    }
}
