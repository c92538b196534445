//! Small text helpers for scoring: accent folding, whole-word search and
//! Italian number formatting for explanations.

use rust_decimal::{Decimal, RoundingStrategy};

/// Lower-cases, folds Italian accents, turns punctuation into spaces (keeping
/// `%` as a word of its own) and collapses runs of spaces.
///
/// `"Età media, dell'utenza (95%)"` → `"eta media dell utenza 95 %"`.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for ch in s.chars().flat_map(char::to_lowercase) {
        let mapped = match ch {
            'à' | 'á' | 'â' | 'ä' | 'ã' => Some('a'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        };
        match (ch, mapped) {
            ('%', _) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push('%');
                pending_space = true;
            }
            (_, Some(c)) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
            (_, None) => pending_space = true,
        }
    }
    out
}

/// Whether the folded `phrase` occurs in the folded `text` as whole words.
///
/// Both arguments are folded here, so callers may pass raw text.
#[cfg(test)]
pub(crate) fn contains_words(text: &str, phrase: &str) -> bool {
    let p = fold(phrase);
    if p.is_empty() {
        return false;
    }
    let t = format!(" {} ", fold(text));
    t.contains(&format!(" {p} "))
}

/// The first phrase of `phrases` (in list order) found in `text` as whole words.
pub(crate) fn first_match<'a>(text: &str, phrases: &'a [String]) -> Option<&'a str> {
    let t = fold(text);
    phrases.iter().map(String::as_str).find(|p| {
        // Rule phrases are usually folded already: no copy for those.
        let f = if is_folded(p) {
            std::borrow::Cow::Borrowed(*p)
        } else {
            std::borrow::Cow::Owned(fold(p))
        };
        !f.is_empty() && has_words(&t, &f)
    })
}

/// Whether `p` is its own [`fold`]: lower-case ASCII letters and digits,
/// single spaces between words.
fn is_folded(p: &str) -> bool {
    !p.starts_with(' ')
        && !p.ends_with(' ')
        && !p.contains("  ")
        && p.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
}

/// Whether folded `phrase` occurs in folded `text` as whole words (both are
/// single-spaced with no outer spaces, so word edges are spaces or the ends).
fn has_words(text: &str, phrase: &str) -> bool {
    let t = text.as_bytes();
    text.match_indices(phrase).any(|(i, _)| {
        let end = i + phrase.len();
        (i == 0 || t[i - 1] == b' ') && (end == t.len() || t[end] == b' ')
    })
}

/// The Italian spelling of a decimal in explanations (`14356.50` → `14.356,5`).
pub(crate) use crate::value::format_it as it;

/// Rounds half away from zero to `dp` decimal places.
pub(crate) fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            fold("Età media, dell'utenza (95%)"),
            "eta media dell utenza 95 %"
        );
        assert_eq!(fold("  TEMPI   Medi "), "tempi medi");
        assert_eq!(fold("% pratiche"), "% pratiche");
    }

    #[test]
    fn whole_words() {
        assert!(contains_words("Costi di gestione", "costi"));
        assert!(!contains_words("Costituzione del fondo", "costi"));
        assert!(contains_words("Età media del personale", "eta media"));
        assert!(contains_words("n° reclami pervenuti", "Reclami"));
        assert!(!contains_words("ritardi", "ritardo"));
        assert!(contains_words("quota 95%", "%"));
        assert!(!contains_words("x", ""));
    }

    #[test]
    fn first_match_whole_words_and_unfolded_phrases() {
        let phrases = vec!["costi".to_string(), "Età Media".to_string()];
        assert_eq!(first_match("Costituzione del fondo", &phrases), None);
        assert_eq!(first_match("Costi di gestione", &phrases), Some("costi"));
        assert_eq!(
            first_match("L'età media del personale", &phrases),
            Some("Età Media")
        );
        assert_eq!(first_match("ricostituzione costi", &phrases), Some("costi"));
        assert!(is_folded("tempo medio"));
        assert!(!is_folded("tempo  medio"));
        assert!(!is_folded("95%"));
    }

    #[test]
    fn italian_numbers() {
        assert_eq!(it(Decimal::new(686, 1)), "68,6");
        assert_eq!(it(Decimal::new(1435650, 2)), "14.356,5");
        assert_eq!(it(Decimal::new(10000, 2)), "100");
        assert_eq!(it(Decimal::new(-300, 2)), "-3");
        assert_eq!(it(Decimal::new(1234567, 0)), "1.234.567");
        assert_eq!(it(Decimal::ZERO), "0");
    }

    #[test]
    fn rounding() {
        assert_eq!(round(Decimal::new(722105, 4), 2), Decimal::new(7221, 2));
        assert_eq!(round(Decimal::new(5, 3), 2), Decimal::new(1, 2));
    }
}
