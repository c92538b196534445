//! Targets written in words, read before the one-value grammar of the parent
//! module:
//!
//! - `nessun reclamo` → `<=` number 0 (the `<=` is inferred from the word and
//!   recorded);
//! - `mantenimento [dello standard | del valore 2024 | …]` → `prev_year`, no
//!   operator (the polarity of the indicator decides), base year when named;
//! - `riduzione del 5% [rispetto al 2024]` → growth −5 with `<=`,
//!   `incremento/aumento/crescita del 5%` → growth 5 with `>=` (operator
//!   inferred and recorded), base year when named; `5% in meno (in più)
//!   rispetto al 2024` likewise, its base required; `>= +15% rispetto al 2024`
//!   keeps its operator and gets the base year;
//! - `tra 10 e 15`, `dal 10 al 15`, `90%-95%` → two targets `>= low` and
//!   `<= high`;
//! - `95% entro il 30/06/2025`, `31/03/2022 100%` → two targets: the value,
//!   then the deadline.
//!
//! Two targets without years are conditions that must both hold. Anything
//! else about these words (a form not listed, an extra value or word that
//! changes the meaning) is left to the parent grammar, which keeps it as
//! `text` with its anomaly.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::{ActualValue, AnomalyCode, Op, Target, TargetKind, TargetValue};

use super::lexer::{self, Token, Val};
use super::{read_piece, warn, Context, Warning, MEANING_CHANGERS};

fn re(p: &str) -> Regex {
    // Constants of this module; a bad one is a programming error caught by tests.
    Regex::new(p).unwrap_or_else(|e| panic!("bad regex {p}: {e}"))
}

/// A number as written in a range or a growth: optional sign, digits with
/// `.`/`,`, optional `%` or `per cento`.
const NUM: &str = r"[+\-−–]?\d+(?:[.,]\d+)*(?:\s*%|\s+per\s*cento\b|\s*percento\b)?";

/// An unsigned percent, for the ends of `90%-95%`.
const PCT: &str = r"\d+(?:[.,]\d+)*\s*%";

static NONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:nessun[oa]?|nessun['’])(?:\s+|$)(?P<rest>.*)$"));
static KEEP: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:mantenimento|mantenere)\b(?P<rest>.*)$"));
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?P<dir>riduzione|diminuzione|decremento|incremento|aumento|crescita)\s+(?:(?:di|del|dello|pari\s+al?)\s+)?(?:(?:almeno|non\s+meno\s+di|non\s+inferiore\s+al?|minimo)\s+(?:(?:il|del|di|al)\s+)?)?(?P<n>{NUM})(?P<rest>.*)$"
    ))
});
/// `5% in meno [rispetto al 2024]`, `5% in più`: a growth written after its value.
static CHANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?P<n>{NUM})\s+in\s+(?P<dir>meno|più|piu)\b(?P<rest>.*)$"
    ))
});
/// `rispetto al 2024`, `rispetto all'anno precedente`, `sul valore 2024`.
static BASE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|\s|,)(?:rispetto\s+(?:al|all['’]|a|ai)|sul|sull['’]|su)\s*(?:(?:valore|dato|risultato|consuntivo|livello)\s+(?:(?:del|dell['’])\s*)?)?(?:(?:anno\s+)?(?P<y>(?:19|20)\d{2})\b|anno\s+precedente\b|anno\s+[xnt]\s*[-–−]\s*1\b|[xnt]\s*[-–−]\s*1\b)",
    )
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?:compres[oaie]\s+)?(?:(?:tra|fra)\s+(?:il\s+|l['’]\s*)?(?P<a>{NUM})\s+(?:e|ed)\s+(?:il\s+|l['’]\s*)?(?P<b>{NUM})|(?:da|dal|dall['’])\s*(?P<c>{NUM})\s+(?:a|al|all['’])\s*(?P<d>{NUM})|(?P<e>{PCT})\s*[-–]\s*(?P<f>{PCT}))(?P<rest>.*)$"
    ))
});

/// Words allowed after `mantenimento`.
const KEEP_WORDS: &[&str] = &[
    "del",
    "dello",
    "della",
    "dei",
    "degli",
    "delle",
    "di",
    "il",
    "lo",
    "la",
    "i",
    "gli",
    "le",
    "standard",
    "livello",
    "livelli",
    "valore",
    "valori",
    "risultato",
    "risultati",
    "dato",
    "dati",
    "target",
    "raggiunto",
    "raggiunti",
    "raggiunta",
    "raggiunte",
    "conseguito",
    "conseguiti",
    "attuale",
    "attuali",
    "anno",
    "dell'anno",
    "dell’anno",
    "quantitativo",
    "quantitativi",
    "qualitativo",
    "qualitativi",
    "performance",
    "obiettivo",
];

/// Words before a date that make it something other than a deadline.
const NOT_BY: &[&str] = &[
    "dopo",
    "prima",
    "da",
    "dal",
    "dall",
    "dalla",
    "partire",
    "decorrere",
    "successivamente",
    "inizio",
];

type Found = (Vec<Target>, Vec<Warning>);

/// Reads the word forms of the module doc; `None` when the piece is none of
/// them (the caller then reads it with the one-value grammar).
pub(super) fn read_words(cleaned: &str, raw: &str, ctx: &Context) -> Option<Found> {
    let lower = cleaned.to_lowercase();
    if let Some(c) = NONE.captures(&lower) {
        return nothing(cleaned, c.name("rest").map_or("", |m| m.as_str()));
    }
    if let Some(c) = KEEP.captures(&lower) {
        return keep(cleaned, c.name("rest").map_or("", |m| m.as_str()));
    }
    if let Some(found) = change(cleaned, raw, ctx) {
        return Some(found);
    }
    if let Some(c) = RANGE.captures(cleaned) {
        return range(&c, raw, ctx);
    }
    value_by_deadline(cleaned, ctx)
}

/// Only descriptive words (no value, no operator, no word changing the meaning).
fn descriptive(text: &str) -> bool {
    lexer::lex(text).iter().all(|t| match t {
        Token::Word(w) => !MEANING_CHANGERS.contains(&w.trim_end_matches(['.', '\'', '’'])),
        Token::Punct => true,
        _ => false,
    })
}

/// The whole cell kept as `text`, with the warnings of the part that was not
/// understood (`tra 1.5 e 2`: the ambiguous number).
fn whole_cell_text(raw: &str, warnings: Vec<Warning>) -> Found {
    (
        vec![Target::new(
            Op::None,
            TargetValue::Text(raw.trim().to_string()),
        )],
        warnings,
    )
}

fn inference(message: String) -> Warning {
    warn(AnomalyCode::Inferenza, message)
}

/// `nessun reclamo`: `<=` 0.
fn nothing(cleaned: &str, rest: &str) -> Option<Found> {
    if !descriptive(rest) {
        return None;
    }
    Some((
        vec![Target::new(Op::Le, TargetValue::Number(Decimal::ZERO))],
        vec![inference(format!(
            "«{cleaned}» letto come ≤ 0 (nessuno: minore è meglio)"
        ))],
    ))
}

/// `mantenimento dello standard`, `mantenimento del valore 2024`: the value of
/// the previous (or named) year, operator from the indicator's polarity.
fn keep(cleaned: &str, rest: &str) -> Option<Found> {
    let mut base_year = None;
    for t in lexer::lex(rest) {
        match t {
            Token::Word(w) if KEEP_WORDS.contains(&w.as_str()) => {}
            Token::Punct | Token::Value(Val::PrevYear, _) => {}
            Token::Value(
                Val::Number {
                    value,
                    percent: false,
                    plus: false,
                    has_comma: false,
                },
                _,
            ) if base_year.is_none() && is_year(value) => base_year = value.to_i32(),
            _ => return None,
        }
    }
    let mut t = Target::new(Op::None, TargetValue::PrevYear);
    t.base_year = base_year;
    let of = base_year.map_or("dell'anno precedente".to_string(), |y| format!("del {y}"));
    Some((
        vec![t],
        vec![inference(format!(
            "«{cleaned}» letto come: mantenere il valore {of} (operatore secondo la polarità dell'indicatore)"
        ))],
    ))
}

fn is_year(v: Decimal) -> bool {
    v.fract().is_zero() && v >= Decimal::from(1990) && v <= Decimal::from(2100)
}

/// A base-year clause (`rispetto al 2024`) in `text`: the text without it and
/// the year named (`None` for the previous year). `None` when there is none.
fn base_clause(text: &str) -> Option<(String, Option<i32>)> {
    let c = BASE.captures(text)?;
    let m = c.get(0)?;
    let year = c.name("y").and_then(|y| y.as_str().parse::<i32>().ok());
    Some((format!("{} {}", &text[..m.start()], &text[m.end()..]), year))
}

/// Growth in words (`riduzione del 5%`) and a base-year clause (`rispetto al
/// 2024`) on a growth.
fn change(cleaned: &str, raw: &str, ctx: &Context) -> Option<Found> {
    // `5% in meno` needs its base (`rispetto al 2024`): alone it could be
    // less than anything.
    let after_form = CHANGE_AFTER
        .captures(cleaned)
        .filter(|c| c.name("rest").is_some_and(|r| BASE.is_match(r.as_str())));
    let Some(c) = CHANGE.captures(cleaned).or(after_form) else {
        // `>= +15% rispetto al 2024`, `-5% rispetto all'anno precedente`.
        let (rest, base_year) = base_clause(cleaned)?;
        let (mut t, w) = read_piece(rest.trim(), raw, ctx);
        if !w.is_empty() {
            return None;
        }
        t.value = match t.value {
            TargetValue::Growth(g) => TargetValue::Growth(g),
            // A signed decrease written against a base is a variation.
            TargetValue::Percent(p) if p < Decimal::ZERO => TargetValue::Growth(p),
            _ => return None,
        };
        t.base_year = base_year;
        return Some((vec![t], vec![]));
    };
    let dir = c.name("dir")?.as_str().to_lowercase();
    let n = c.name("n")?.as_str();
    let after = c.name("rest").map_or("", |m| m.as_str());
    let (t, w) = read_piece(n, n, ctx);
    let d = match t.value {
        TargetValue::Percent(d) if d >= Decimal::ZERO && !n.starts_with('+') => d,
        TargetValue::Text(_) if !w.is_empty() => return Some(whole_cell_text(raw, w)),
        // `riduzione del 5` (no %), `riduzione del -5%`: not read.
        _ => return None,
    };
    let (tail, base_year) = base_clause(after).unwrap_or((after.to_string(), None));
    if !descriptive(&tail) {
        return None;
    }
    let down = matches!(
        dir.as_str(),
        "riduzione" | "diminuzione" | "decremento" | "meno"
    );
    let (g, op, better) = if down {
        (-d, Op::Le, "minore è meglio")
    } else {
        (d, Op::Ge, "maggiore è meglio")
    };
    let mut t = Target::new(op, TargetValue::Growth(g));
    t.base_year = base_year;
    let of = base_year.map_or("dell'anno precedente".to_string(), |y| format!("del {y}"));
    let sign = if down { "" } else { "+" };
    let message = format!(
        "«{}» letto come variazione {sign}{}% rispetto al valore {of}, polarità {} ({better})",
        raw.trim(),
        crate::value::format_it(g),
        op.symbol()
    );
    Some((vec![t], vec![inference(message)]))
}

/// `tra 10 e 15 giorni`, `dal 90% al 95%`: `>= low` and `<= high`.
fn range(c: &regex::Captures<'_>, raw: &str, ctx: &Context) -> Option<Found> {
    let a = c.name("a").or(c.name("c")).or(c.name("e"))?.as_str();
    let b = c.name("b").or(c.name("d")).or(c.name("f"))?.as_str();
    let rest = c.name("rest").map_or("", |m| m.as_str());
    let (lo, wl) = read_piece(a, a, ctx);
    let b_rest = format!("{b}{rest}");
    let (hi, wh) = read_piece(&b_rest, &b_rest, ctx);
    if !wl.is_empty() || !wh.is_empty() {
        let mut w = wl;
        w.extend(wh);
        return Some(whole_cell_text(raw, w));
    }
    if lo.op != Op::None || hi.op != Op::None {
        return None;
    }
    // `tra 90 e 95%`: the `%` of one end is the other's too.
    let (lo, hi) = match (lo.value, hi.value) {
        (TargetValue::Number(x), TargetValue::Number(y)) => {
            if is_year(x) && is_year(y) && !a.contains(['.', ',']) {
                // `dal 2024 al 2026`: years, not a target.
                return None;
            }
            (TargetValue::Number(x), TargetValue::Number(y))
        }
        (TargetValue::Percent(x) | TargetValue::Number(x), TargetValue::Percent(y))
        | (TargetValue::Percent(x), TargetValue::Number(y)) => {
            (TargetValue::Percent(x), TargetValue::Percent(y))
        }
        _ => return None,
    };
    if lo.numeric()? >= hi.numeric()? {
        return None;
    }
    Some((
        vec![Target::new(Op::Ge, lo), Target::new(Op::Le, hi)],
        vec![],
    ))
}

/// `95% entro il 30/06/2025`, `31/03/2022 100%`: the value, then the deadline.
fn value_by_deadline(cleaned: &str, ctx: &Context) -> Option<Found> {
    let toks = lexer::lex_spans(cleaned);
    let values: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, (t, _))| matches!(t, Token::Value(..)))
        .map(|(i, _)| i)
        .collect();
    let [first, second] = values.as_slice() else {
        return None;
    };
    let dates = values
        .iter()
        .filter(|&&i| matches!(toks[i].0, Token::Value(Val::Date(_), _)))
        .count();
    if dates != 1 {
        return None;
    }
    // The second condition starts at its operator (`entro`), else at its value.
    let split = toks[first + 1..*second]
        .iter()
        .find(|(t, _)| matches!(t, Token::Op(_)))
        .map_or(toks[*second].1, |(_, at)| *at);
    // Between the first value and the second condition only words naming
    // what is counted (`3 report entro il …`, `95% al 30/06/2025`):
    // `95% dopo il 30/06/2025` or `dal 30/06/2025` is not a deadline.
    let gap_ok = toks[first + 1..]
        .iter()
        .take_while(|(_, at)| *at < split)
        .all(|(t, _)| match t {
            Token::Word(w) => {
                let bare = w.trim_end_matches(['.', '\'', '’']);
                !MEANING_CHANGERS.contains(&bare) && !NOT_BY.contains(&bare)
            }
            Token::Punct => true,
            _ => false,
        });
    if !gap_ok {
        return None;
    }
    let (p1, p2) = (cleaned[..split].trim(), cleaned[split..].trim());
    let (t1, w1) = read_piece(p1, p1, ctx);
    let (t2, w2) = read_piece(p2, p2, ctx);
    if !w1.is_empty() || !w2.is_empty() {
        return None;
    }
    let (value, deadline) = if t1.kind() == TargetKind::Date {
        (t2, t1)
    } else {
        (t1, t2)
    };
    let is_value = matches!(
        value.kind(),
        TargetKind::Number | TargetKind::Percent | TargetKind::Rate | TargetKind::Rating
    );
    let is_deadline =
        deadline.kind() == TargetKind::Date && matches!(deadline.op, Op::None | Op::Le | Op::Lt);
    if !is_value || !is_deadline {
        return None;
    }
    Some((vec![value, deadline], vec![]))
}

/// An actual written with the date it was reached (`96% al 15/06/2025`,
/// `12 il 30/04/2025`): the value and the date. `None` for anything else.
///
/// ```
/// use cruscotto::normalise::dated_value;
/// use cruscotto::model::ActualValue;
/// use rust_decimal::Decimal;
/// let (v, d) = dated_value("96% al 15/06/2025").unwrap();
/// assert_eq!(v, ActualValue::Percent(Decimal::from(96)));
/// assert_eq!(d.to_string(), "2025-06-15");
/// assert!(dated_value("96%").is_none());
/// ```
pub fn dated_value(text: &str) -> Option<(ActualValue, NaiveDate)> {
    let cleaned = lexer::clean(text);
    let (targets, warnings) = value_by_deadline(&cleaned, &Context::default())?;
    let [value, date] = targets.as_slice() else {
        return None;
    };
    if !warnings.is_empty() || value.op != Op::None {
        return None;
    }
    let TargetValue::Date(d) = date.value else {
        return None;
    };
    let v = match value.value {
        TargetValue::Number(n) => ActualValue::Number(n),
        TargetValue::Percent(p) => ActualValue::Percent(p),
        _ => return None,
    };
    Some((v, d))
}
