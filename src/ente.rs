//! The name of the body (ente) read from the title rows of the plan.
//!
//! Plans open with a title such as `Piano della performance 2023 – Camera di
//! Commercio di Esempio` or `COMUNE DI AREZZO`. When `--ente` is not given,
//! the reports take the body's name from there, and say where it was read
//! ([`EnteFound::location`]); when no title names one, the caller warns.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Location;
use crate::read::{CellValue, Sheet};

/// Rows at the top of a sheet searched for the body's name.
const TITLE_ROWS: usize = 6;
/// Longest cell text taken for a title (longer ones are descriptions).
const TITLE_MAX_CHARS: usize = 200;

/// The body's name as read from a title cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnteFound {
    /// The name (`Camera di Commercio di Esempio`).
    pub name: String,
    /// The cell it was read from.
    pub location: Location,
    /// The whole text of that cell.
    pub text: String,
}

impl EnteFound {
    /// An Italian sentence saying where the name was read.
    ///
    /// ```
    /// use cruscotto::ente::EnteFound;
    /// use cruscotto::model::Location;
    /// let f = EnteFound {
    ///     name: "Comune di Arezzo".into(),
    ///     location: Location::row("piano.xlsx", "Obiettivi", 1).at_col(0),
    ///     text: "COMUNE DI AREZZO".into(),
    /// };
    /// assert_eq!(f.message(), "ente «Comune di Arezzo» letto dal titolo «COMUNE DI AREZZO» (piano.xlsx, foglio Obiettivi, cella A1)");
    /// ```
    pub fn message(&self) -> String {
        let l = &self.location;
        format!(
            "ente «{}» letto dal titolo «{}» ({}, foglio {}, cella {})",
            self.name,
            self.text.trim(),
            l.file,
            l.sheet,
            l.cell_ref()
        )
    }
}

/// A body's name at the start of a title or after a separator (`–`, `-`,
/// `:`, `|`), up to the next separator or bracket.
static BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[–—:|]|\s-\s)\s*((?:camera\s+di\s+commercio(?:[,\s]+industria,?\s+artigianato\s+e\s+agricoltura)?\s+(?:di|del|della|dello|dell'|dell’|delle|dei|degli)\s*|c\.?c\.?i\.?a\.?a\.?\s+(?:di\s+|del\s+|della\s+|dell'\s*|delle\s+|dei\s+)?|comune\s+(?:di|del|della|dello|dell'|dell’|dei|degli)\s*|universit[àa]\s+(?:degli\s+studi\s+)?(?:di\s+|del\s+|della\s+)?)[\p{L}'’][^–—:|(\[\n]*)",
    )
    .expect("valid regex")
});

/// Where the name stops: a spaced dash, a comma, a year or a plan word.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+-\s.*$|,.*$|\s+(?:19|20)\d\d\b.*$|\s+(?:piano|piao|relazione|obiettivi|performance|anno)\b.*$")
        .expect("valid regex")
});

const SMALL_WORDS: [&str; 15] = [
    "di", "del", "della", "dello", "dei", "degli", "delle", "e", "ed", "in", "per", "al", "alla",
    "sul", "sulla",
];

/// A name written all in capitals in title case, small words lower-case
/// (`CAMERA DI COMMERCIO DELLA MAREMMA E DEL TIRRENO` → `Camera di Commercio
/// della Maremma e del Tirreno`); `CCIAA` stays as it is.
fn title_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    let word = |w: &str, first: bool| -> String {
        let lower = w.to_lowercase();
        if lower.trim_matches('.').replace('.', "") == "cciaa" {
            return w.to_string();
        }
        if !first && SMALL_WORDS.contains(&lower.as_str()) {
            return lower;
        }
        // Capitalise each part of `AREZZO-SIENA` and of `DELL'AQUILA`.
        let mut out = String::new();
        let mut up = true;
        for ch in lower.chars() {
            if up && ch.is_alphabetic() {
                out.extend(ch.to_uppercase());
                up = false;
            } else {
                out.push(ch);
            }
            if ch == '-' || ch == '\'' || ch == '’' {
                up = true;
            }
        }
        if !first && (out.starts_with("Dell'") || out.starts_with("Dell’")) {
            out.replace_range(0..1, "d");
        }
        out
    };
    s.split(' ')
        .enumerate()
        .map(|(i, w)| word(w, i == 0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body's name in a title text, if it names one.
///
/// ```
/// use cruscotto::ente::from_title;
/// assert_eq!(from_title("Piano della performance 2023 – Camera di Commercio di Esempio").as_deref(),
///            Some("Camera di Commercio di Esempio"));
/// assert_eq!(from_title("CAMERA DI COMMERCIO DI AREZZO-SIENA").as_deref(),
///            Some("Camera di Commercio di Arezzo-Siena"));
/// assert_eq!(from_title("Comune di Grosseto – Obiettivi individuali 2024").as_deref(),
///            Some("Comune di Grosseto"));
/// assert_eq!(from_title("CCIAA di Pisa - PIAO 2025").as_deref(), Some("CCIAA di Pisa"));
/// assert_eq!(from_title("Università degli Studi di Siena").as_deref(),
///            Some("Università degli Studi di Siena"));
/// assert_eq!(from_title("Ambito strategico CCIAA PT-PO:"), None);
/// assert_eq!(from_title("Comune"), None);
/// ```
pub fn from_title(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > TITLE_MAX_CHARS {
        return None;
    }
    let m = BODY.captures(text)?.get(1)?;
    let name = TAIL.replace(m.as_str(), "");
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ';', '-', '–'])
        .trim()
        .to_string();
    // Something must follow the kind of body (`Comune di` alone is no name).
    let words = name
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .filter(|w| !w.is_empty())
        .count();
    let lower = name.to_lowercase();
    let min = if lower.starts_with("cciaa") || lower.starts_with("c.c.i.a.a") {
        2
    } else {
        3
    };
    if words < min && !(lower.starts_with("universit") && words >= 2) {
        return None;
    }
    if lower.ends_with(" di") || lower.ends_with(" della") || lower.ends_with(" del") {
        return None;
    }
    Some(title_case(&name))
}

/// The first body's name in the title rows of `sheet` (its first
/// [`TITLE_ROWS`] rows), with the cell it was read from.
pub fn find_in_sheet(file: &str, sheet: &Sheet) -> Option<EnteFound> {
    for (i, row) in sheet.rows.iter().take(TITLE_ROWS).enumerate() {
        for (j, cell) in row.iter().enumerate() {
            let CellValue::Text(t) = &cell.value else {
                continue;
            };
            if let Some(name) = from_title(t) {
                let r = sheet.row_offset + u32::try_from(i).unwrap_or(u32::MAX) + 1;
                let c = sheet.col_offset + u32::try_from(j).unwrap_or(u32::MAX);
                return Some(EnteFound {
                    name,
                    location: Location::row(file, sheet.name.clone(), r).at_col(c),
                    text: t.clone(),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_titles() {
        let cases = [
            (
                "Piano della performance 2024-2026 – Camera di Commercio di Esempio",
                Some("Camera di Commercio di Esempio"),
            ),
            (
                "CAMERA DI COMMERCIO DELLA MAREMMA E DEL TIRRENO",
                Some("Camera di Commercio della Maremma e del Tirreno"),
            ),
            (
                "Camera di Commercio di Firenze – Piano della performance 2024",
                Some("Camera di Commercio di Firenze"),
            ),
            (
                "Comune di Siena – Albero della performance 2024",
                Some("Comune di Siena"),
            ),
            ("COMUNE DI MONTEVARCHI", Some("Comune di Montevarchi")),
            ("CCIAA di Lucca 2023", Some("CCIAA di Lucca")),
            (
                "Università di Pisa - Piano integrato",
                Some("Università di Pisa"),
            ),
            ("COMUNE DELL'AQUILA", Some("Comune dell'Aquila")),
            ("Obiettivi operativi 2022 – Area 3 - Registro Imprese", None),
            ("Numero pratiche evase dalla CCIAA", None),
            ("Ambito strategico CCIAA PT-PO:", None),
            ("Camera di Commercio", None),
            ("Comune di", None),
        ];
        for (text, want) in cases {
            assert_eq!(from_title(text).as_deref(), want, "{text}");
        }
    }
}
