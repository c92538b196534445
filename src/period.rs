//! Monitoring periods (`--periodo`): a month or, by the Italian conventions
//! of performance monitoring, a trimestre, quadrimestre or semestre.
//!
//! | written | period | months elapsed |
//! |---|---|---|
//! | `2025-06` | the month (giugno 2025) | 6 |
//! | `2025-T1` … `2025-T4` | trimestre (three months) | 3, 6, 9, 12 |
//! | `2025-Q1` … `2025-Q3` | quadrimestre (four months) | 4, 8, 12 |
//! | `2025-S1`, `2025-S2` | semestre (six months) | 6, 12 |
//!
//! `Q` is the *quadrimestre*, as in Italian usage (T is the trimestre):
//! `2025-Q4` does not exist and is refused with a hint, never read as an
//! English quarter. A period is identified with its last month: scoring,
//! pro-rata projections and period target columns depend only on the months
//! elapsed (`2025-06`, `2025-T2` and `2025-S1` all end on 30/06/2025).

use chrono::NaiveDate;

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not one of the accepted forms.
    #[error(
        "periodo «{0}» non valido: usare AAAA-MM (mese, ad es. 2025-06), AAAA-T1…T4 (trimestre), \
         AAAA-Q1…Q3 (quadrimestre) o AAAA-S1, AAAA-S2 (semestre)"
    )]
    Invalid(String),
    /// `Q4` (or higher): Q is the quadrimestre here, not the English quarter.
    #[error(
        "periodo «{0}» non valido: Q indica il quadrimestre (Q1, Q2, Q3: quattro mesi ciascuno); \
         per il trimestre usare T1…T4 (ad es. 2025-T4)"
    )]
    Quadrimestre(String),
}

/// The kind of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    /// One month (`2025-06`).
    Mese,
    /// Three months (`2025-T2`).
    Trimestre,
    /// Four months (`2025-Q1`).
    Quadrimestre,
    /// Six months (`2025-S1`).
    Semestre,
}

impl PeriodKind {
    /// Months in one period of this kind.
    pub fn months(self) -> u32 {
        match self {
            PeriodKind::Mese => 1,
            PeriodKind::Trimestre => 3,
            PeriodKind::Quadrimestre => 4,
            PeriodKind::Semestre => 6,
        }
    }

    /// The letter of the written form (`T`, `Q`, `S`; none for a month).
    fn letter(self) -> Option<char> {
        match self {
            PeriodKind::Mese => None,
            PeriodKind::Trimestre => Some('T'),
            PeriodKind::Quadrimestre => Some('Q'),
            PeriodKind::Semestre => Some('S'),
        }
    }

    /// Italian name (`trimestre`).
    pub fn italiano(self) -> &'static str {
        match self {
            PeriodKind::Mese => "mese",
            PeriodKind::Trimestre => "trimestre",
            PeriodKind::Quadrimestre => "quadrimestre",
            PeriodKind::Semestre => "semestre",
        }
    }
}

/// A monitoring period: its year, its last month and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// Year.
    pub year: i32,
    /// Last month of the period, 1..=12 (the months elapsed at its end).
    pub month: u32,
    /// Month, trimestre, quadrimestre or semestre.
    pub kind: PeriodKind,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

impl Period {
    /// Parses `YYYY-MM`, `YYYY-T1`…`T4`, `YYYY-Q1`…`Q3` or `YYYY-S1`/`S2`
    /// (letters in either case).
    ///
    /// ```
    /// use cruscotto::period::{Period, PeriodKind};
    /// let p = Period::parse("2025-06").unwrap();
    /// assert_eq!((p.year, p.month, p.kind), (2025, 6, PeriodKind::Mese));
    /// let s = Period::parse("2025-S1").unwrap();
    /// assert_eq!((s.month, s.kind), (6, PeriodKind::Semestre));
    /// assert_eq!(Period::parse("2025-t3").unwrap().month, 9);
    /// assert_eq!(Period::parse("2025-Q2").unwrap().month, 8);
    /// assert!(Period::parse("2025-Q4").is_err());
    /// assert!(Period::parse("2025-13").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let bad = || PeriodError::Invalid(s.to_string());
        let (y, rest) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let rest = rest.trim();
        if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
            let month: u32 = rest.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&month) {
                return Err(bad());
            }
            return Ok(Period {
                year,
                month,
                kind: PeriodKind::Mese,
            });
        }
        let mut chars = rest.chars();
        let (Some(letter), Some(digit), None) = (chars.next(), chars.next(), chars.next()) else {
            return Err(bad());
        };
        let kind = match letter.to_ascii_uppercase() {
            'T' => PeriodKind::Trimestre,
            'Q' => PeriodKind::Quadrimestre,
            'S' => PeriodKind::Semestre,
            _ => return Err(bad()),
        };
        let n = digit.to_digit(10).ok_or_else(bad)?;
        let count = 12 / kind.months();
        if n == 0 || n > count {
            return Err(if kind == PeriodKind::Quadrimestre && n == 4 {
                PeriodError::Quadrimestre(s.to_string())
            } else {
                bad()
            });
        }
        Ok(Period {
            year,
            month: n * kind.months(),
            kind,
        })
    }

    /// Year-end period (December) of `year`.
    pub fn year_end(year: i32) -> Period {
        Period {
            year,
            month: 12,
            kind: PeriodKind::Mese,
        }
    }

    /// Months elapsed at the end of a period during the year (1..=11);
    /// `None` at year end, when the attainment is the year's.
    ///
    /// ```
    /// use cruscotto::period::Period;
    /// assert_eq!(Period::parse("2025-S1").unwrap().months_elapsed(), Some(6));
    /// assert_eq!(Period::parse("2025-T4").unwrap().months_elapsed(), None);
    /// ```
    pub fn months_elapsed(self) -> Option<u32> {
        (self.month < 12).then_some(self.month)
    }

    /// The last day of the period, used as the reports' fixed date.
    pub fn last_day(self) -> Option<NaiveDate> {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
    }

    /// The period in Italian words (`giugno 2025`, `I semestre 2025`,
    /// `II quadrimestre 2025`).
    ///
    /// ```
    /// use cruscotto::period::Period;
    /// assert_eq!(Period::parse("2025-T3").unwrap().italiano(), "III trimestre 2025");
    /// assert_eq!(Period::parse("2025-06").unwrap().italiano(), "giugno 2025");
    /// ```
    pub fn italiano(self) -> String {
        match self.kind {
            PeriodKind::Mese => {
                let m = MONTHS.get(self.month as usize - 1).copied().unwrap_or("");
                format!("{m} {}", self.year)
            }
            k => {
                let n = (self.month / k.months()) as usize;
                let roman = ROMAN.get(n.saturating_sub(1)).copied().unwrap_or("");
                format!("{roman} {} {}", k.italiano(), self.year)
            }
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind.letter() {
            None => write!(f, "{:04}-{:02}", self.year, self.month),
            Some(l) => write!(f, "{:04}-{l}{}", self.year, self.month / self.kind.months()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_and_its_months() {
        for (s, month, kind) in [
            ("2025-01", 1, PeriodKind::Mese),
            ("2025-12", 12, PeriodKind::Mese),
            ("2025-T1", 3, PeriodKind::Trimestre),
            ("2025-T2", 6, PeriodKind::Trimestre),
            ("2025-T3", 9, PeriodKind::Trimestre),
            ("2025-T4", 12, PeriodKind::Trimestre),
            ("2025-Q1", 4, PeriodKind::Quadrimestre),
            ("2025-Q2", 8, PeriodKind::Quadrimestre),
            ("2025-Q3", 12, PeriodKind::Quadrimestre),
            ("2025-S1", 6, PeriodKind::Semestre),
            ("2025-s2", 12, PeriodKind::Semestre),
        ] {
            let p = Period::parse(s).unwrap();
            assert_eq!((p.year, p.month, p.kind), (2025, month, kind), "{s}");
            // Written back as read (letters upper-cased).
            assert_eq!(p.to_string(), s.to_uppercase(), "{s}");
        }
    }

    #[test]
    fn refused_forms_say_why() {
        for s in [
            "2025-6", "25-06", "2025-00", "2025-13", "2025-T0", "2025-T5", "2025-S3",
        ] {
            assert!(
                matches!(Period::parse(s), Err(PeriodError::Invalid(_))),
                "{s}"
            );
        }
        for s in ["2025-X1", "2025-T12", "2025", "abcd-T1", ""] {
            assert!(Period::parse(s).is_err(), "{s}");
        }
        let e = Period::parse("2025-Q4").unwrap_err();
        assert!(matches!(e, PeriodError::Quadrimestre(_)));
        assert!(e.to_string().contains("T1…T4"), "{e}");
    }

    #[test]
    fn last_days_and_words() {
        let p = Period::parse("2024-02").unwrap();
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2024, 2, 29));
        let q = Period::parse("2025-Q2").unwrap();
        assert_eq!(q.last_day(), NaiveDate::from_ymd_opt(2025, 8, 31));
        assert_eq!(q.italiano(), "II quadrimestre 2025");
        assert_eq!(
            Period::parse("2025-S2").unwrap().last_day(),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        assert_eq!(Period::parse("2025-S2").unwrap().months_elapsed(), None);
        assert_eq!(
            Period::year_end(2022).last_day(),
            NaiveDate::from_ymd_opt(2022, 12, 31)
        );
    }
}
