//! Target-expression normaliser: turns `>= 95%`, `≥ anno x-1`, `Positivo`, … into typed [`Target`]s.
//!
//! The grammar, in three steps:
//!
//! 1. **Years.** A cell such as `Anno: 2021 >= +15% Anno: 2022 >= +10% Anno: 2023 ---`
//!    is cut at each `Anno[:] YYYY` (or `YYYY:`) marker that starts the cell; each
//!    piece is read on its own and carries its year.
//! 2. **Tokens** (`lexer`): operators in any spelling (`≥ >= => > =`, `$\geq$`,
//!    `almeno`, `non inferiore a`, `entro`, `al massimo`…), values (numbers with
//!    optional `%` and sign, dates, hours, fractions `a/b`, yes/no, ordinal words,
//!    `zero`, previous-year phrases, placeholders), neutral words and punctuation.
//!    A month name is a value, never a word: `giugno 2025` is its last day, a day
//!    or month without a year (`30 giugno`, `31/12`) is kept as `text` with
//!    [`AnomalyCode::DataNonValida`]. A year (1990–2100) right after `al`, `del`,
//!    `dell'anno` or a reference word (`valore`, `livello`) is that year's value.
//! 3. **Meaning.** A piece must hold exactly one value, at most one operator (or
//!    the same operator repeated) and otherwise only neutral words (articles,
//!    `n.`, `valore`, `target`, units such as `gg`, `ore`, `€`). Fractions may be
//!    surrounded by descriptive words (`grado di soddisfazione medio 3,6/5`,
//!    `80/10.000 imprese attive`). Anything else is kept verbatim as a `text`
//!    target with a warning: two values without years → [`AnomalyCode::TargetMultiplo`],
//!    an ambiguous number → [`AnomalyCode::NumeroAmbiguo`], an impossible date →
//!    [`AnomalyCode::DataNonValida`], the rest → [`AnomalyCode::TargetNonLetto`].
//!
//! Before step 3, the forms written in words that give one target or two
//! conditions (`tra 10 e 15`, `95% entro il 30/06/2025`, `riduzione del 5%
//! rispetto al 2024`, `mantenimento`, `nessun reclamo`) are read by
//! `words` (see its documentation and README, "Targets written in words").
//! Two targets without years are conditions that must both hold.
//!
//! Decisions: `entro` is a written operator meaning "on or before", so
//! `entro il 30/06/2022` reads `op "<="`, kind `date` (likewise `almeno` → `>=`,
//! `al massimo` → `<=`). An explicit `+` with `%` is a growth (`>= +15%` → growth
//! 15); a `-` with `%` stays a percent (`-3,00%` is a level such as an economic
//! index), since a negative level is as common as a decrease. Hours `08:00` read
//! as the number of hours (8). Yes/no without an operator get `=`.

mod lexer;
mod words;

pub use words::dated_value;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::{AnomalyCode, Op, Target, TargetValue};
use crate::read::{Cell, CellValue, NumFormat};
use crate::value;

use lexer::{Token, Val};

/// What is known around an expression.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// UdM as written.
    pub unit: Option<String>,
    /// A bare integer is an Excel date serial.
    pub date_context: bool,
}

impl Context {
    /// A context from a UdM: `data`, `entro…`, `gg/mm/aaaa`, `scadenza` make it a
    /// date context.
    ///
    /// ```
    /// use cruscotto::normalise::Context;
    /// assert!(Context::for_unit(Some("data")).date_context);
    /// assert!(!Context::for_unit(Some("%")).date_context);
    /// ```
    pub fn for_unit(unit: Option<&str>) -> Context {
        Context {
            unit: unit.map(str::to_string),
            date_context: unit.is_some_and(is_date_unit),
        }
    }
}

/// Whether a UdM says the values are dates (`data`, `entro il`, `gg/mm/aaaa`, `scadenza`).
pub fn is_date_unit(unit: &str) -> bool {
    let f = crate::layout::headers::fold(unit.trim());
    f == "data" || f.starts_with("entro") || f.contains("gg/mm") || f == "scadenza"
}

/// A warning raised while reading an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Anomaly code.
    pub code: AnomalyCode,
    /// Italian message.
    pub message: String,
}

/// The reading of one cell: one target or more, plus warnings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// Targets found, in order.
    pub targets: Vec<Target>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

impl Reading {
    fn one(target: Target) -> Reading {
        Reading {
            targets: vec![target],
            warnings: vec![],
        }
    }

    /// Whether every target was understood (none is `text`).
    pub fn understood(&self) -> bool {
        !self.targets.is_empty()
            && self
                .targets
                .iter()
                .all(|t| !matches!(t.value, TargetValue::Text(_)))
    }
}

/// Normalises a target expression into one target per year it names (usually one).
///
/// ```
/// use cruscotto::normalise::{normalise, Context};
/// let r = normalise("≥ 95%", &Context::default());
/// assert_eq!(r.targets[0].to_json().to_string(),
///            r#"{"op":">=","kind":"percent","value":"95","year":null}"#);
/// let r = normalise("Anno: 2021 >= +15% Anno: 2022 >= +10% Anno: 2023 ---", &Context::default());
/// assert_eq!(r.targets.len(), 3);
/// assert_eq!(r.targets[0].year, Some(2021));
/// ```
pub fn normalise(text: &str, ctx: &Context) -> Reading {
    let cleaned = lexer::clean(text);
    let pieces = split_years(&cleaned);
    if pieces.is_empty() {
        let (targets, warnings) = read_conditions(&cleaned, text.trim(), ctx);
        return Reading { targets, warnings };
    }
    let mut reading = Reading::default();
    for (year, piece) in pieces {
        let (targets, warnings) = read_conditions(piece, piece, ctx);
        for mut target in targets {
            target.year = Some(year);
            reading.targets.push(target);
        }
        reading
            .warnings
            .extend(warnings.into_iter().map(|w| Warning {
                code: w.code,
                message: format!("anno {year}: {}", w.message),
            }));
    }
    reading
}

/// Normalises a typed cell: a percent-format number is a percent (×100), a date
/// cell a date, a number in a date context a date from its Excel serial, any
/// other number a number, text is read by [`normalise`].
///
/// ```
/// use cruscotto::normalise::{normalise_cell, Context};
/// use cruscotto::read::{Cell, CellValue, NumFormat};
/// use rust_decimal::Decimal;
/// let c = Cell { value: CellValue::Number(Decimal::new(95, 2)), format: NumFormat::Percent };
/// let r = normalise_cell(&c, &Context::default());
/// assert_eq!(r.targets[0].value.canonical().as_deref(), Some("95"));
/// ```
pub fn normalise_cell(cell: &Cell, ctx: &Context) -> Reading {
    let target = |value| Target::new(Op::None, value);
    match &cell.value {
        CellValue::Text(s) => normalise(s, ctx),
        CellValue::Number(v) => {
            let serial_date = || {
                if v.fract().is_zero() {
                    value::excel_serial_to_date(*v)
                } else {
                    None
                }
            };
            let tv = match cell.format {
                NumFormat::Percent => match v.checked_mul(Decimal::ONE_HUNDRED) {
                    Some(p) => TargetValue::Percent(p.normalize()),
                    None => TargetValue::Number(*v),
                },
                NumFormat::Date => match value::excel_serial_to_date(*v) {
                    Some(d) => TargetValue::Date(d),
                    None => TargetValue::Number(*v),
                },
                _ if ctx.date_context => match serial_date() {
                    Some(d) => TargetValue::Date(d),
                    None => TargetValue::Number(*v),
                },
                _ => TargetValue::Number(*v),
            };
            Reading::one(target(tv))
        }
        CellValue::Date(dt) => Reading::one(target(TargetValue::Date(dt.date()))),
        CellValue::Bool(b) => Reading::one(Target::new(Op::Eq, TargetValue::Bool(*b))),
        CellValue::Empty => Reading::one(target(TargetValue::Na)),
        CellValue::Error(e) => Reading {
            targets: vec![target(TargetValue::Text(e.clone()))],
            warnings: vec![Warning {
                code: AnomalyCode::ErroreFormula,
                message: format!("errore di formula nella cella del target: «{e}»"),
            }],
        },
    }
}

/// Cuts a cell at its year markers (`Anno: 2021`, `Anno 2022`, `2023:`), when the
/// cell starts with one. Empty when the cell names no year.
fn split_years(text: &str) -> Vec<(i32, &str)> {
    static YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\banno\s*:?\s*((?:19|20)\d{2})\b\s*:?|\b((?:19|20)\d{2})\s*:")
            .unwrap_or_else(|e| panic!("bad regex: {e}"))
    });
    let mut marks: Vec<(usize, usize, i32)> = Vec::new();
    for c in YEAR.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        // A bare `2023:` counts only at a boundary (start, space, `;`), not inside a date.
        if c.get(2).is_some() {
            let before = text[..m.start()].chars().last();
            if !matches!(before, None | Some(' ' | ';' | ',' | '|')) {
                continue;
            }
        }
        let y = c
            .get(1)
            .or_else(|| c.get(2))
            .and_then(|y| y.as_str().parse::<i32>().ok());
        if let Some(y) = y {
            marks.push((m.start(), m.end(), y));
        }
    }
    match marks.first() {
        Some((start, _, _)) if text[..*start].trim().is_empty() => {}
        _ => return Vec::new(),
    }
    let mut out = Vec::new();
    for (i, (_, end, y)) in marks.iter().enumerate() {
        let stop = marks.get(i + 1).map_or(text.len(), |m| m.0);
        let piece = text[*end..stop]
            .trim()
            .trim_end_matches([';', ',', '|'])
            .trim();
        out.push((*y, piece));
    }
    out
}

/// Words before a year that make it a reference to that year's value
/// (`≥ valore 2024`): the target is that year's value (`prev_year` with a
/// base year).
const YEAR_REFERENCES: &[&str] = &[
    "valore",
    "valori",
    "anno",
    "dato",
    "livello",
    "risultato",
    "consuntivo",
];

/// Short words right before a year-like number that make it a year too
/// (`almeno pari al 2024`, `livello del 2024`, `pari a quello dell'anno 2024`):
/// the year's value when it is the piece's only value, else left to the rest
/// of the grammar.
const YEAR_LINKS: &[&str] = &["al", "all", "del", "dell", "dell'anno", "all'anno"];

/// Words allowed around a year's value (`pari a quello del 2024`).
const YEAR_PRONOUNS: &[&str] = &["quello", "quella", "quelli", "quelle"];

/// Words before a year that name something of that year other than its value
/// (`≥ media 2024`): not understood.
const YEAR_OTHER_REFERENCES: &[&str] = &["media"];

/// Words that do not change the meaning of the value next to them.
const NEUTRAL: &[&str] = &[
    "il",
    "lo",
    "la",
    "l'",
    "l’",
    "i",
    "gli",
    "le",
    "di",
    "del",
    "dello",
    "della",
    "dei",
    "degli",
    "delle",
    "a",
    "ad",
    "al",
    "allo",
    "alla",
    "ai",
    "agli",
    "alle",
    "da",
    "dal",
    "in",
    "nel",
    "nella",
    "per",
    "su",
    "con",
    "n",
    "n.",
    "n°",
    "nr",
    "nr.",
    "num",
    "num.",
    "numero",
    "valore",
    "atteso",
    "previsto",
    "pari",
    "€",
    "euro",
    "eur",
    "ore",
    "h",
    "hh",
    "gg",
    "gg.",
    "giorni",
    "giorno",
    "unità",
    "data",
    "scadenza",
    "termine",
    "grado",
    "livello",
    "indice",
    "media",
    "medio",
    "soddisfazione",
    "gradimento",
    "giudizio",
    "valutazione",
    "punteggio",
    "voto",
    "complessivo",
    "complessiva",
];

/// Words that change the meaning of a value: after a value they make the piece
/// not understood (`10% in meno`, `5 rispetto al 2021`, `2 al mese`).
const MEANING_CHANGERS: &[&str] = &[
    "meno",
    "più",
    "piu",
    "rispetto",
    "riduzione",
    "ridurre",
    "ridotto",
    "ridotta",
    "aumento",
    "aumentare",
    "incremento",
    "incrementare",
    "decremento",
    "diminuzione",
    "diminuire",
    "calo",
    "circa",
    "variazione",
    "crescita",
    "scostamento",
    "differenza",
    "ogni",
    "mille",
    "cento",
    "percento",
    "mese",
    "mensile",
    "mensili",
    "settimana",
    "settimanale",
    "settimanali",
    "trimestre",
    "trimestrale",
    "trimestrali",
    "semestre",
    "semestrale",
    "semestrali",
    "annuo",
    "annua",
    "annui",
    "annue",
    "volte",
    "x",
    "non",
    "no",
    "oppure",
    "o",
    "tra",
    "fra",
    "almeno",
    "massimo",
    "minimo",
    "precedente",
    "anno",
];

/// Words meaning the value is a rating on a scale.
const RATING_WORDS: &[&str] = &[
    "grado",
    "soddisfazione",
    "gradimento",
    "medio",
    "media",
    "punteggio",
    "voto",
    "giudizio",
    "valutazione",
    "scala",
];

fn warn(code: AnomalyCode, message: String) -> Warning {
    Warning { code, message }
}

fn text_target(raw: &str, w: Warning) -> (Target, Vec<Warning>) {
    (
        Target::new(Op::None, TargetValue::Text(raw.to_string())),
        vec![w],
    )
}

fn not_understood(raw: &str, why: &str) -> (Target, Vec<Warning>) {
    text_target(
        raw,
        warn(
            AnomalyCode::TargetNonLetto,
            format!("target non compreso ({why}): «{raw}» conservato come testo"),
        ),
    )
}

/// Text before a value that makes a following `a/b` a day and a month.
static DEADLINE_BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:entro|scadenza|termine|fino\s+al|al|dal)(?:\s+il)?\s*$")
        .unwrap_or_else(|e| panic!("bad regex: {e}"))
});

/// A day or month without a year (`entro il 30 giugno`, `31/12`): kept as
/// `text`, never read as a number.
fn no_year_date(raw: &str, s: &str) -> (Target, Vec<Warning>) {
    text_target(
        raw,
        warn(
            AnomalyCode::DataNonValida,
            format!("data senza anno «{s}»: indicare l'anno (es. 30/06/2025); target conservato come testo"),
        ),
    )
}

fn is_power_of_ten(d: Decimal) -> bool {
    let n = d.normalize();
    if n.scale() != 0 || n <= Decimal::ZERO {
        return false;
    }
    let s = n.to_string();
    s.starts_with('1') && s[1..].chars().all(|c| c == '0')
}

/// Reads one piece (no year markers) into its conditions: one target, or two
/// that must both hold (a range, a value by a deadline; see [`words`]).
fn read_conditions(cleaned: &str, raw: &str, ctx: &Context) -> (Vec<Target>, Vec<Warning>) {
    if let Some(found) = words::read_words(cleaned, raw, ctx) {
        return found;
    }
    let (t, w) = read_piece(cleaned, raw, ctx);
    (vec![t], w)
}

/// Reads one piece (no year markers): `cleaned` is tokenised, `raw` is kept
/// verbatim when the piece is not understood.
fn read_piece(cleaned: &str, raw: &str, ctx: &Context) -> (Target, Vec<Warning>) {
    if cleaned.is_empty() || value::is_placeholder(cleaned) {
        return (Target::na(), vec![]);
    }
    let mut ops: Vec<Op> = Vec::new();
    let mut values: Vec<(Val, String)> = Vec::new();
    // Unknown words before the first value, and after it.
    let mut unknown: Vec<String> = Vec::new();
    let mut trailing: Vec<String> = Vec::new();
    let mut rating_word = false;
    // `≥ valore 2024`, `≥ anno 2024`: a year naming another year's value, not a number.
    let mut last_word: Option<String> = None;
    let mut year_ref: Option<(String, String, Option<i32>)> = None;
    // `entro il 1/3`: a fraction after a deadline word is a day and a month.
    let mut after_deadline = false;
    for (tok, at) in lexer::lex_spans(cleaned) {
        match tok {
            Token::Op(op) => {
                last_word = None;
                ops.push(op)
            }
            Token::Value(v, s) => {
                if let Val::Number {
                    value,
                    percent: false,
                    ..
                } = &v
                {
                    let is_year = value.fract().is_zero()
                        && *value >= Decimal::from(1990)
                        && *value <= Decimal::from(2100);
                    let refers = last_word.as_deref().filter(|w| {
                        YEAR_REFERENCES.contains(w)
                            || YEAR_OTHER_REFERENCES.contains(w)
                            || YEAR_LINKS.contains(w)
                    });
                    if let (true, Some(w)) = (is_year, refers) {
                        // `anno` in `≥ anno 2024` is part of the reference.
                        if unknown.last().is_some_and(|u| {
                            u.trim_end_matches(['.', '\'', '’']).replace('’', "'") == w
                        }) {
                            unknown.pop();
                        }
                        year_ref = Some((w.to_string(), s.clone(), value.to_i32()));
                    }
                }
                if values.is_empty() {
                    after_deadline = DEADLINE_BEFORE.is_match(&cleaned[..at]);
                }
                last_word = None;
                values.push((v, s))
            }
            Token::Word(w) => {
                let trimmed = w.trim_end_matches(['.', '\'', '’']);
                last_word = Some(trimmed.replace('’', "'"));
                let bare = w.trim_end_matches('.');
                if let Some(b) = value::parse_bool(&w) {
                    values.push((Val::Bool(b), w));
                } else if let Some(o) = value::parse_ordinal(&w) {
                    values.push((Val::Ordinal(o), w));
                } else if bare == "zero" {
                    values.push((
                        Val::Number {
                            value: Decimal::ZERO,
                            percent: false,
                            plus: false,
                            has_comma: false,
                        },
                        w,
                    ));
                } else if value::is_placeholder(&w) {
                    values.push((Val::Na, w));
                } else if NEUTRAL.contains(&w.as_str()) || NEUTRAL.contains(&bare) {
                    rating_word |= RATING_WORDS.contains(&bare);
                } else if values.is_empty() {
                    unknown.push(w);
                } else {
                    trailing.push(w);
                }
            }
            Token::Punct => {}
            Token::Other(c) => unknown.push(c.to_string()),
        }
    }
    // `≥ valore 2024`: the value of that year (the only value of the piece).
    let mut base_year = None;
    if let Some((word, y, year)) = year_ref {
        match year {
            Some(year)
                if values.len() == 1
                    && (YEAR_REFERENCES.contains(&word.as_str())
                        || YEAR_LINKS.contains(&word.as_str())) =>
            {
                base_year = Some(year);
                unknown.retain(|u| !YEAR_PRONOUNS.contains(&u.as_str()));
            }
            // `100 al 2026`: two values, read below.
            _ if YEAR_LINKS.contains(&word.as_str()) => {}
            _ => {
                return not_understood(
                    raw,
                    &format!(
                        "«{word} {y}» indica un dato di un anno, non un numero: target da precisare"
                    ),
                )
            }
        }
    }
    // Ambiguous numbers and impossible dates first: they are the precise reason.
    for (v, s) in &values {
        match v {
            Val::Ambiguous(why) => {
                return text_target(
                    raw,
                    warn(
                        AnomalyCode::NumeroAmbiguo,
                        format!("numero ambiguo «{s}»: {why}; target conservato come testo"),
                    ),
                )
            }
            Val::BadDate => {
                return text_target(
                    raw,
                    warn(
                        AnomalyCode::DataNonValida,
                        format!("data impossibile «{s}»: target conservato come testo"),
                    ),
                )
            }
            Val::NoYearDate => return no_year_date(raw, s),
            Val::Fraction(a, b) if after_deadline && lexer::could_be_day_month(*a, *b) => {
                return no_year_date(raw, s)
            }
            _ => {}
        }
    }
    let (val, val_raw) = match values.len() {
        0 => return not_understood(raw, "nessun valore riconosciuto"),
        1 => values.remove(0),
        n => {
            return text_target(
                raw,
                warn(
                    AnomalyCode::TargetMultiplo,
                    format!(
                        "la cella contiene {n} valori senza indicazione dell'anno: «{raw}» conservato come testo"
                    ),
                ),
            )
        }
    };
    let is_fraction = matches!(val, Val::Fraction(..) | Val::Every(..));
    // Descriptive words after a measurable value name what is counted
    // (`3 iniziative`, `30/06/2022 approvazione`), unless they change its meaning.
    let describable = matches!(
        val,
        Val::Number { .. } | Val::Date(_) | Val::Hours(_) | Val::Fraction(..) | Val::Every(..)
    );
    let changer = trailing.iter().find(|w| {
        let bare = w.trim_end_matches(['.', '\'', '’']);
        MEANING_CHANGERS.contains(&bare)
    });
    if let Some(w) = changer {
        return not_understood(
            raw,
            &format!("la parola «{w}» cambia il significato del valore"),
        );
    }
    if !describable && !trailing.is_empty() {
        unknown.append(&mut trailing);
    }
    if !unknown.is_empty() && !is_fraction {
        return not_understood(
            raw,
            &format!("parole non riconosciute: {}", unknown.join(" ")),
        );
    }
    let op = match ops.as_slice() {
        [] => Op::None,
        [first, rest @ ..] if rest.iter().all(|o| o == first) => *first,
        _ => return not_understood(raw, "operatori in conflitto"),
    };
    if let Some(y) = base_year {
        let mut t = Target::new(op, TargetValue::PrevYear);
        t.base_year = Some(y);
        return (t, vec![]);
    }
    let value = match val {
        Val::Number {
            value,
            percent,
            plus,
            has_comma,
        } => {
            if percent {
                if plus {
                    TargetValue::Growth(value)
                } else {
                    TargetValue::Percent(value)
                }
            } else if ctx.date_context && !has_comma && !plus && value.fract().is_zero() {
                match value::excel_serial_to_date(value) {
                    Some(d) => TargetValue::Date(d),
                    None => TargetValue::Number(value),
                }
            } else {
                TargetValue::Number(value)
            }
        }
        Val::Date(d) => TargetValue::Date(d),
        Val::Hours(h) => TargetValue::Number(h),
        Val::Bool(b) => {
            return (
                Target::new(
                    if op == Op::None { Op::Eq } else { op },
                    TargetValue::Bool(b),
                ),
                vec![],
            )
        }
        Val::Ordinal(o) => TargetValue::Ordinal(o),
        Val::PrevYear => TargetValue::PrevYear,
        Val::Na => return (Target::na(), vec![]),
        Val::Fraction(num, den) => {
            let rate_den = is_power_of_ten(den) && den >= Decimal::ONE_HUNDRED;
            let rating_ok = den > Decimal::ZERO
                && num >= Decimal::ZERO
                && num <= den
                && (den <= Decimal::TEN || rating_word);
            if rating_ok && (rating_word || !rate_den) {
                TargetValue::Rating {
                    value: num,
                    scale: den,
                }
            } else if rate_den {
                TargetValue::Rate { num, den }
            } else {
                return not_understood(raw, &format!("frazione «{val_raw}» non interpretabile"));
            }
        }
        Val::Every(num, den) => {
            if den > Decimal::ZERO && num >= Decimal::ZERO {
                TargetValue::Rate { num, den }
            } else {
                return not_understood(raw, &format!("tasso «{val_raw}» non interpretabile"));
            }
        }
        Val::Ambiguous(_) | Val::BadDate | Val::NoYearDate => {
            return not_understood(raw, "valore non valido")
        }
    };
    (Target::new(op, value), vec![])
}

/// One readable Italian sentence for a target (`almeno 95% (percentuale)`,
/// `entro il 30/06/2022 (scadenza)`, `uguale all'anno precedente`).
///
/// ```
/// use cruscotto::normalise::{describe, normalise, Context};
/// let r = normalise(">= 95%", &Context::default());
/// assert_eq!(describe(&r.targets[0]), "almeno 95% (percentuale)");
/// ```
pub fn describe(target: &Target) -> String {
    let op = target.op;
    // "almeno 4", or just "4" without an operator.
    let with_op = |v: String| match op {
        Op::None => v,
        _ => format!("{} {v}", op.italian()),
    };
    let body = match &target.value {
        TargetValue::Number(d) => format!("{} (numero)", with_op(value::format_it(*d))),
        TargetValue::Percent(d) => {
            format!(
                "{} (percentuale)",
                with_op(format!("{}%", value::format_it(*d)))
            )
        }
        TargetValue::Date(d) => {
            let date = value::format_date(*d);
            match op {
                Op::Le => format!("entro il {date} (scadenza)"),
                Op::None => format!("entro il {date} (scadenza; operatore non indicato)"),
                Op::Lt => format!("prima del {date} (scadenza)"),
                Op::Ge => format!("non prima del {date} (data)"),
                Op::Gt => format!("dopo il {date} (data)"),
                Op::Eq => format!("il {date} (data)"),
            }
        }
        TargetValue::Bool(b) => {
            let v = if *b { "«sì»" } else { "«no»" };
            match op {
                Op::Eq | Op::None => format!("{v} (sì/no)"),
                _ => format!("{} {v} (sì/no)", op.italian()),
            }
        }
        TargetValue::Ordinal(o) => format!("{} (giudizio)", with_op(format!("«{o}»"))),
        TargetValue::Rating { value: v, scale } => format!(
            "{} su {} (valutazione)",
            with_op(value::format_it(*v)),
            value::format_it(*scale)
        ),
        TargetValue::Rate { num, den } => format!(
            "{} ogni {} (tasso)",
            with_op(value::format_it(*num)),
            value::format_it(*den)
        ),
        TargetValue::Growth(g) => {
            let sign = if g.is_sign_negative() { "" } else { "+" };
            let base = target
                .base_year
                .map_or("all'anno precedente".to_string(), |y| format!("al {y}"));
            format!(
                "{} rispetto {base} (variazione)",
                with_op(format!("{sign}{}%", value::format_it(*g)))
            )
        }
        TargetValue::PrevYear => {
            let (to, of) = match target.base_year {
                Some(y) => (format!("al valore del {y}"), format!("del valore del {y}")),
                None => (
                    "all'anno precedente".to_string(),
                    "dell'anno precedente".to_string(),
                ),
            };
            match op {
                Op::Ge => format!("almeno pari {to}"),
                Op::Gt => format!("più {of}"),
                Op::Le => format!("al massimo pari {to}"),
                Op::Lt => format!("meno {of}"),
                Op::Eq => format!("uguale {to}"),
                Op::None => format!("pari {to} (operatore non indicato)"),
            }
        }
        TargetValue::Na => "non disponibile (nessun target)".to_string(),
        TargetValue::Text(t) => format!("non compreso: «{t}» (testo)"),
    };
    match target.year {
        Some(y) => format!("anno {y}: {body}"),
        None => body,
    }
}

#[cfg(test)]
mod tests;
