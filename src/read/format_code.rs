//! Classifying number-format codes (`0%`, `dd/mm/yyyy`, built-in ids).

use super::NumFormat;

/// Classifies an Excel/LibreOffice number-format code.
///
/// A `%` outside quotes, brackets and escapes makes it a percent format;
/// `d`, `m`, `y` (or `h`, `s`) date/time tokens make it a date format.
/// Anything else (including `General`) is [`NumFormat::General`].
///
/// ```
/// use cruscotto::read::{classify_format_code, NumFormat};
/// assert_eq!(classify_format_code("0.0%"), NumFormat::Percent);
/// assert_eq!(classify_format_code("dd/mm/yyyy"), NumFormat::Date);
/// assert_eq!(classify_format_code("\"%\"0"), NumFormat::General);
/// assert_eq!(classify_format_code("#,##0.00"), NumFormat::General);
/// ```
pub fn classify_format_code(code: &str) -> NumFormat {
    let t = code.trim();
    if t.is_empty()
        || ["general", "standard", "generale", "@"]
            .iter()
            .any(|w| t.eq_ignore_ascii_case(w))
    {
        return NumFormat::General;
    }
    let mut percent = false;
    let mut date = false;
    let mut chars = code.chars();
    // Only the first section matters for positive values; but a percent in
    // any section still means the value is a fraction. Scan all sections.
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                // [h], [mm], [ss] elapsed-time tokens are time formats;
                // [Red], [$€-410], [>=100] are not.
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q);
                }
                let l = inner.to_ascii_lowercase();
                if !l.is_empty() && l.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    date = true;
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '%' => percent = true,
            'd' | 'D' | 'y' | 'Y' | 'm' | 'M' | 'h' | 'H' | 's' | 'S' => date = true,
            'g' | 'G' => {
                // "General" / "Generale" / "Standard": skip the word.
                let rest: String = chars.clone().take(6).collect();
                if rest.to_ascii_lowercase().starts_with("eneral") {
                    for _ in 0..6 {
                        chars.next();
                    }
                }
            }
            'e' | 'E' => {
                // Scientific exponent (0.00E+00): not a date token.
            }
            'a' | 'A' => {
                // AM/PM: a time format.
                let rest: String = chars.clone().take(4).collect();
                if rest.eq_ignore_ascii_case("m/pm") || rest.starts_with('/') {
                    date = true;
                }
            }
            _ => {}
        }
    }
    if percent {
        NumFormat::Percent
    } else if date {
        NumFormat::Date
    } else {
        NumFormat::General
    }
}

/// Classifies a built-in number-format id (shared by xlsx and BIFF8).
pub(crate) fn classify_builtin_id(id: u32) -> NumFormat {
    match id {
        9 | 10 => NumFormat::Percent,
        14..=22 | 45..=47 => NumFormat::Date,
        // Locale-dependent date formats (CJK builds).
        27..=36 | 50..=58 => NumFormat::Date,
        _ => NumFormat::General,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(classify_format_code("0%"), NumFormat::Percent);
        assert_eq!(
            classify_format_code("0.00%;[Red]-0.00%"),
            NumFormat::Percent
        );
        assert_eq!(classify_format_code("General"), NumFormat::General);
        assert_eq!(classify_format_code("Standard"), NumFormat::General);
        assert_eq!(classify_format_code("yyyy-mm-dd"), NumFormat::Date);
        assert_eq!(classify_format_code("[$-410]d mmmm yyyy"), NumFormat::Date);
        assert_eq!(classify_format_code("[h]:mm"), NumFormat::Date);
        assert_eq!(
            classify_format_code("#,##0.00 [$€-410]"),
            NumFormat::General
        );
        assert_eq!(classify_format_code("[Red]0.00"), NumFormat::General);
        assert_eq!(classify_format_code("0.00E+00"), NumFormat::General);
        assert_eq!(classify_format_code("0\\%"), NumFormat::General);
        assert_eq!(classify_format_code("\"gg\" 0"), NumFormat::General);
        assert_eq!(classify_format_code("#,##0.##"), NumFormat::General);
        assert_eq!(classify_format_code("_-* #,##0_-"), NumFormat::General);
    }

    #[test]
    fn builtin_ids() {
        assert_eq!(classify_builtin_id(9), NumFormat::Percent);
        assert_eq!(classify_builtin_id(10), NumFormat::Percent);
        assert_eq!(classify_builtin_id(14), NumFormat::Date);
        assert_eq!(classify_builtin_id(0), NumFormat::General);
        assert_eq!(classify_builtin_id(4), NumFormat::General);
    }
}
