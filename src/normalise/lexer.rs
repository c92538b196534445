//! Tokeniser of target expressions.
//!
//! The text is first cleaned ([`clean`]: spaces, LaTeX and HTML leftovers),
//! then cut into [`Token`]s by a fixed list of anchored regular expressions
//! tried in order at each position: previous-year phrases, placeholders,
//! operator words, operator symbols, dates, hours, fractions, numbers, words,
//! punctuation. The parser in the parent module decides what the sequence means.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

use crate::model::Op;
use crate::value::{self, ValueError};

/// A value found in the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    /// A number, possibly with `%`.
    Number {
        /// The value (percent points when `percent`).
        value: Decimal,
        /// Written with `%`.
        percent: bool,
        /// Written with an explicit `+`.
        plus: bool,
        /// Written with a decimal comma.
        has_comma: bool,
    },
    /// A number that could be read in two ways, with the reason.
    Ambiguous(String),
    /// A date.
    Date(NaiveDate),
    /// An impossible date.
    BadDate,
    /// A day without a year (`30 giugno`, `31/12`, `giugno`): never a number.
    NoYearDate,
    /// Hours `hh:mm`, in hours.
    Hours(Decimal),
    /// `a/b` or `a su b`.
    Fraction(Decimal, Decimal),
    /// `a ogni b`: always a rate.
    Every(Decimal, Decimal),
    /// Yes / no.
    Bool(bool),
    /// An ordinal word, lower case.
    Ordinal(String),
    /// The previous year's value.
    PrevYear,
    /// Not available.
    Na,
}

/// One token, with the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// A comparison operator (symbol or words such as `almeno`, `entro`).
    Op(Op),
    /// A value.
    Value(Val, String),
    /// A word, lower case.
    Word(String),
    /// Punctuation that carries no meaning (`:`, `(`, `€`, `*`).
    Punct,
    /// A character that is not understood.
    Other(char),
}

/// Cleans an expression: Unicode spaces, LaTeX (`$\geq 100\%$`) and HTML
/// (`&gt;=`) leftovers of PDF conversion, typographic variants of operators.
pub(crate) fn clean(s: &str) -> String {
    let mut t = s.to_string();
    t = LATEX_OP
        .replace_all(&t, |c: &regex::Captures<'_>| {
            let op = match c.get(1).map_or("", |m| m.as_str()) {
                "geqslant" | "geq" | "ge" => "≥",
                "leqslant" | "leq" | "le" => "≤",
                "gt" | "textgreater" => ">",
                _ => "<",
            };
            format!(" {op} {}", c.get(2).map_or("", |m| m.as_str()))
        })
        .into_owned();
    const REPL: [(&str, &str); 14] = [
        ("\\%", "%"),
        ("\\,", " "),
        ("\\;", " "),
        ("\\ ", " "),
        ("&gt;", ">"),
        ("&lt;", "<"),
        ("&ge;", "≥"),
        ("&le;", "≤"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
        ("$", " "),
        ("≧", "≥"),
        ("≦", "≤"),
        ("\u{FF1E}", ">"),
    ];
    for (from, to) in REPL {
        if t.contains(from) {
            t = t.replace(from, to);
        }
    }
    t = t
        .replace(['⩾'], "≥")
        .replace(['⩽'], "≤")
        .replace('\u{FF1C}', "<");
    // LaTeX braces such as `\mathrm{100}`: keep the content.
    t = t.replace(['{', '}'], " ");
    // `0 (zero)`, `zero (0)`: one value written twice.
    if t.contains('(') {
        t = ZERO_TWICE.replace_all(&t, "0").into_owned();
    }
    value::clean_spaces(&t)
}

fn re(p: &str) -> Regex {
    // The patterns are constants of this module; a bad one is a programming error caught by tests.
    Regex::new(p).unwrap_or_else(|e| panic!("bad regex {p}: {e}"))
}

static ZERO_TWICE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b0\s*\(\s*zero\s*\)|\bzero\s*\(\s*0\s*\)"));
static LATEX_OP: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\\(geqslant|leqslant|textgreater|textless|geq|leq|ge|le|gt|lt)([^a-zA-Z]|$)")
});
static PREV_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:valore|dato)\s+(?:dell['’]\s*)?)?(?:(?:dell|all|l)['’]\s*)?anno\s*(?:[xnt]\s*[-–−]\s*1\b|precedente\b)|^[xnt]\s*[-–−]\s*1\b",
    )
});
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:da\s+attivare|da\s+definire|non\s+disponibile|non\s+applicabile|non\s+previsto|non\s+rilevabile)\b|^n\s?[./]\s?[dap]\b\.?|^[-–—_]{2,}",
    )
});
static OP_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?P<ge>(?:(?:almeno|minimo)\s+(?:pari|uguale)|o\s+superiore|o\s+maggiore|o\s+più|o\s+piu|e\s+oltre|non\s+inferiore|non\s+meno|maggiore\s+o\s+uguale|superiore\s+o\s+uguale|pari\s+o\s+superiore|almeno|minimo|min)\b\.?)|(?P<le>(?:massimo\s+(?:pari|uguale)|o\s+inferiore|o\s+minore|o\s+meno|non\s+superiore|non\s+oltre|non\s+più|minore\s+o\s+uguale|inferiore\s+o\s+uguale|pari\s+o\s+inferiore|massimo|max|fino\s+a|entro)\b\.?)|(?P<gt>(?:maggiore|superiore|oltre|più\s+di)\b)|(?P<lt>(?:minore|inferiore|meno\s+di)\b)|(?P<eq>(?:pari|uguale)\b))",
    )
});
static OP_SYMBOLS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?P<ge>≥\s*=?|>\s*=|=\s*>)|(?P<le>≤\s*=?|<\s*=|=\s*<)|(?P<ne>≠|<\s*>|!=)|(?P<gt>>)|(?P<lt><)|(?P<eq>=\s*=?))",
    )
});
static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\d{1,2}\s*[°º]?\s+(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+\d{4}\b",
    )
});
const MONTHS: &str =
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre";
/// `giugno 2025`: the month of a year (read as its last day).
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^(?P<m>{MONTHS})\s+(?P<y>\d{{4}})\b")));
/// `30 giugno`, `giugno` without a year: a date that cannot be dated.
static MONTH_NO_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)^(?:\d{{1,2}}\s*[°º]?\s+)?(?:{MONTHS})\b")));
/// `31/12`, `30/06`: day and month without a year (checked in [`day_month`]).
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:[^\d/.,]|[.,](?:\D|$)|$)"));
static NUM_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d+|\d{4}-\d{1,2}-\d{1,2})"));
static HOURS: LazyLock<Regex> = LazyLock::new(|| re(r"^\d{1,2}:\d{2}\b"));
static FRACTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?P<a>\d+(?:[.,]\d+)*)(?:\s*/\s*|\s+su\s+)(?P<b>\d+(?:[.,]\d+)*)"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<sign>\+\s?|[\-−–]?)(?P<n>\d+(?:[.,]\d+)*)\**(?P<pct>\s*%|\s+per\s*cento\b|\s*percento\b)?\**",
    )
});
/// `2 ogni 1.000` (a rate written in words).
static EVERY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<a>\d+(?:[.,]\d+)*)\s+ogni\s+(?:(?P<b>\d+(?:[.,]\d+)*)|(?P<w>cento|mille|diecimila|centomila)\b)",
    )
});
static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"^[\p{L}][\p{L}\p{M}'’°º.]*"));

fn op_from_caps(c: &regex::Captures<'_>) -> Option<Op> {
    if c.name("ge").is_some() {
        Some(Op::Ge)
    } else if c.name("le").is_some() {
        Some(Op::Le)
    } else if c.name("gt").is_some() {
        Some(Op::Gt)
    } else if c.name("lt").is_some() {
        Some(Op::Lt)
    } else if c.name("eq").is_some() {
        Some(Op::Eq)
    } else {
        None
    }
}

fn number_token(text: &str, c: &regex::Captures<'_>) -> Token {
    let raw = text.to_string();
    let sign = c.name("sign").map_or("", |m| m.as_str());
    let n = c.name("n").map_or("", |m| m.as_str());
    let percent = c.name("pct").is_some();
    match value::number_core(&format!("{sign}{n}")) {
        Ok(v) => Token::Value(
            Val::Number {
                value: v,
                percent,
                plus: sign.trim() == "+",
                has_comma: n.contains(','),
            },
            raw,
        ),
        Err(ValueError::Ambiguous(_, why)) => Token::Value(Val::Ambiguous(why), raw),
        Err(_) => Token::Other(text.chars().next().unwrap_or('?')),
    }
}

fn fraction_token(text: &str, c: &regex::Captures<'_>) -> Token {
    let raw = text.to_string();
    let a = value::number_core(c.name("a").map_or("", |m| m.as_str()));
    let b = value::number_core(c.name("b").map_or("", |m| m.as_str()));
    match (a, b) {
        (Ok(a), Ok(b)) => Token::Value(Val::Fraction(a, b), raw),
        (Err(ValueError::Ambiguous(_, why)), _) | (_, Err(ValueError::Ambiguous(_, why))) => {
            Token::Value(Val::Ambiguous(why), raw)
        }
        _ => Token::Other('/'),
    }
}

/// Cuts a cleaned expression into tokens.
pub(crate) fn lex(text: &str) -> Vec<Token> {
    lex_spans(text).into_iter().map(|(t, _)| t).collect()
}

/// Like [`lex`], with the byte offset where each token starts.
pub(crate) fn lex_spans(text: &str) -> Vec<(Token, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        if first.is_whitespace() {
            pos += first.len_utf8();
            continue;
        }
        let (tok, len) = next_token(rest, first);
        out.push((tok, pos));
        pos += len.max(first.len_utf8());
    }
    out
}

fn followed_by_alnum(rest: &str, len: usize) -> bool {
    rest[len..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
}

fn next_token(rest: &str, first: char) -> (Token, usize) {
    // Each pattern is tried only when the first character can start it (a
    // superset test: `is_alphabetic` ⊇ `\p{L}`, `is_numeric` ⊇ `\d`), in
    // the same order as always: most tokens are tried against 2–3 patterns.
    let alpha = first.is_alphabetic();
    let numeric = first.is_numeric();
    let dash = matches!(first, '-' | '–' | '—' | '_');
    if alpha {
        if let Some(m) = PREV_YEAR.find(rest) {
            return (Token::Value(Val::PrevYear, m.as_str().into()), m.end());
        }
    }
    if alpha || dash {
        if let Some(m) = PLACEHOLDER.find(rest) {
            return (Token::Value(Val::Na, m.as_str().into()), m.end());
        }
    }
    if alpha {
        if let Some(c) = OP_WORDS.captures(rest) {
            if let (Some(op), Some(m)) = (op_from_caps(&c), c.get(0)) {
                return (Token::Op(op), m.end());
            }
        }
    }
    if matches!(first, '≥' | '≤' | '≠' | '>' | '<' | '=' | '!') {
        if let Some(c) = OP_SYMBOLS.captures(rest) {
            if let Some(m) = c.get(0) {
                return match op_from_caps(&c) {
                    Some(op) => (Token::Op(op), m.end()),
                    None => (Token::Other('≠'), m.end()),
                };
            }
        }
    }
    if numeric {
        if let Some(t) = numeric_token(rest) {
            return t;
        }
    }
    if numeric || matches!(first, '+' | '-' | '−' | '–') {
        if let Some(c) = NUMBER.captures(rest) {
            if let Some(m) = c.get(0) {
                return (number_token(m.as_str().trim(), &c), m.end());
            }
        }
    }
    if alpha {
        if let Some(t) = month_token(rest) {
            return t;
        }
        if let Some(m) = WORD.find(rest) {
            return (Token::Word(m.as_str().to_lowercase()), m.end());
        }
    }
    match first {
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '«' | '»' | '“' | '”' | '*' | '€'
        | '\\' | '!' | '?' | '-' | '–' | '—' | '.' | '\'' | '’' => {
            (Token::Punct, first.len_utf8())
        }
        c => (Token::Other(c), c.len_utf8()),
    }
}

/// Dates, hours and fractions: the tokens that start with a digit (plain
/// numbers aside).
fn numeric_token(rest: &str) -> Option<(Token, usize)> {
    if let Some(m) = MONTH_DATE.find(rest) {
        if let Some(t) = date_token(m.as_str()) {
            return Some((t, m.end()));
        }
    }
    if let Some(m) = NUM_DATE.find(rest) {
        if !followed_by_alnum(rest, m.end()) {
            if let Some(t) = date_token(m.as_str()) {
                return Some((t, m.end()));
            }
        }
    }
    if let Some(t) = month_token(rest) {
        return Some(t);
    }
    if let Some(t) = day_month(rest) {
        return Some(t);
    }
    if let Some(m) = HOURS.find(rest) {
        if let Some(h) = value::parse_hours(m.as_str()) {
            return Some((Token::Value(Val::Hours(h), m.as_str().into()), m.end()));
        }
    }
    if let Some(c) = EVERY.captures(rest) {
        if let Some(m) = c.get(0) {
            if let Some(w) = c.name("w") {
                // `2 ogni mille`: the base in words.
                let den = match w.as_str().to_lowercase().as_str() {
                    "cento" => 100,
                    "mille" => 1_000,
                    "diecimila" => 10_000,
                    _ => 100_000,
                };
                let a = c.name("a").map_or("", |m| m.as_str());
                let tok = match value::number_core(a) {
                    Ok(a) => Token::Value(Val::Every(a, Decimal::from(den)), m.as_str().into()),
                    Err(ValueError::Ambiguous(_, why)) => {
                        Token::Value(Val::Ambiguous(why), m.as_str().into())
                    }
                    Err(_) => Token::Other('?'),
                };
                return Some((tok, m.end()));
            }
            let tok = match fraction_token(m.as_str(), &c) {
                Token::Value(Val::Fraction(a, b), raw) => Token::Value(Val::Every(a, b), raw),
                other => other,
            };
            return Some((tok, m.end()));
        }
    }
    if let Some(c) = FRACTION.captures(rest) {
        if let Some(m) = c.get(0) {
            if !followed_by_alnum(rest, m.end()) || rest[m.end()..].starts_with(' ') {
                return Some((fraction_token(m.as_str(), &c), m.end()));
            }
        }
    }
    None
}

/// A month name: `giugno 2025` is the last day of that month; a month
/// without a year (`30 giugno`, `giugno`) is a [`Val::NoYearDate`], so that it
/// is never dropped as a word nor its day read as a number.
fn month_token(rest: &str) -> Option<(Token, usize)> {
    if let Some(c) = MONTH_YEAR.captures(rest) {
        let m = c.get(0)?;
        let month = c.name("m")?.as_str().to_lowercase();
        let n = MONTHS.split('|').position(|x| x == month)? as u32 + 1;
        let y: i32 = c.name("y")?.as_str().parse().ok()?;
        let (ny, nm) = if n == 12 { (y + 1, 1) } else { (y, n + 1) };
        let last = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
        return Some((Token::Value(Val::Date(last), m.as_str().into()), m.end()));
    }
    let m = MONTH_NO_YEAR.find(rest)?;
    Some((Token::Value(Val::NoYearDate, m.as_str().into()), m.end()))
}

/// `31/12`, `30/06`: a day and a month without a year, when it cannot be a
/// rating (the day is larger than the month, or a part has a leading zero).
fn day_month(rest: &str) -> Option<(Token, usize)> {
    let c = DAY_MONTH.captures(rest)?;
    let (ds, ms) = (c.name("d")?.as_str(), c.name("m")?.as_str());
    let (d, m): (u32, u32) = (ds.parse().ok()?, ms.parse().ok()?);
    let padded = ds.starts_with('0') || ms.starts_with('0');
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) || !(padded || d > m) {
        return None;
    }
    let end = c.name("m")?.end();
    Some((Token::Value(Val::NoYearDate, rest[..end].into()), end))
}

/// Whether `a/b` could be a day and a month (`1/3` after `entro il`).
pub(crate) fn could_be_day_month(a: Decimal, b: Decimal) -> bool {
    a.fract().is_zero()
        && b.fract().is_zero()
        && a >= Decimal::ONE
        && a <= Decimal::from(31)
        && b >= Decimal::ONE
        && b <= Decimal::from(12)
}

/// A date token; `None` when the text only looks like a date (`80/10.000`,
/// `1.23.4`), so that the other alternatives are tried.
fn date_token(raw: &str) -> Option<Token> {
    match value::parse_date(raw) {
        Ok(d) => Some(Token::Value(Val::Date(d), raw.into())),
        Err(ValueError::BadDate(_)) => Some(Token::Value(Val::BadDate, raw.into())),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_latex_and_html() {
        assert_eq!(clean("$\\geq 100\\%$"), "≥ 100%");
        assert_eq!(clean("&gt;= 5"), ">= 5");
        assert_eq!(clean("\u{a0}≥\u{a0}4 "), "≥ 4");
    }

    #[test]
    fn tokens() {
        let t = lex(">= +15%");
        assert_eq!(t[0], Token::Op(Op::Ge));
        assert!(matches!(
            &t[1],
            Token::Value(
                Val::Number {
                    percent: true,
                    plus: true,
                    ..
                },
                _
            )
        ));
        assert_eq!(lex("> = 100%")[0], Token::Op(Op::Ge));
        assert_eq!(lex("=< 1")[0], Token::Op(Op::Le));
        assert_eq!(lex("=> 4")[0], Token::Op(Op::Ge));
        assert!(matches!(lex("anno x-1")[0], Token::Value(Val::PrevYear, _)));
        assert!(matches!(lex("n.d.")[0], Token::Value(Val::Na, _)));
        assert!(matches!(
            lex("31 dicembre 2022")[0],
            Token::Value(Val::Date(_), _)
        ));
        assert!(matches!(
            lex("31/02/2025")[0],
            Token::Value(Val::BadDate, _)
        ));
        assert!(matches!(
            lex("3,6/5")[0],
            Token::Value(Val::Fraction(..), _)
        ));
        assert!(matches!(lex("1.5")[0], Token::Value(Val::Ambiguous(_), _)));
        assert_eq!(lex("n. 1")[0], Token::Word("n.".into()));
        assert_eq!(lex("almeno 4")[0], Token::Op(Op::Ge));
        assert_eq!(lex("entro il 30/06/2022")[0], Token::Op(Op::Le));
    }
}
