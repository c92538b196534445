//! The organigramma: which dirigente is responsible for which area
//! (CSV `Area;Dirigente[;Alias]`, `;` or `,` separated, UTF-8 or
//! Windows-1252). The optional third column lists other spellings of the
//! area, separated by `|`, for names no folding rule can merge (`Area I` ↔
//! `Area Prima`). Areas are matched by [`owner_key`]: case, accents, dashes
//! and small words do not matter.

use std::path::Path;

use crate::layout::owners::owner_key;

/// Errors loading an organigramma.
#[derive(Debug, thiserror::Error)]
pub enum OrganigrammaError {
    /// The file could not be read.
    #[error("impossibile leggere l'organigramma {path}: {}", crate::fsutil::io_italian(.source))]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The content is not a two-column table.
    #[error("organigramma {path} non valido alla riga {row}: servono le colonne Area;Dirigente (e facoltativamente Alias, separati da |)")]
    Invalid {
        /// Path.
        path: String,
        /// 1-based row.
        row: usize,
    },
}

/// Area → dirigente map, with other spellings of each area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organigramma {
    entries: Vec<(String, String)>,
    /// (owner key of a spelling, index into `entries`): the area's own name
    /// and its aliases.
    keys: Vec<(String, usize)>,
}

impl Organigramma {
    /// Builds one from pairs (area, dirigente).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut o = Organigramma::default();
        for (a, d) in pairs {
            o.push(a, d, &[]);
        }
        o
    }

    fn push(&mut self, area: String, dirigente: String, aliases: &[&str]) {
        let i = self.entries.len();
        self.keys.push((owner_key(&area), i));
        for a in aliases {
            self.keys.push((owner_key(a), i));
        }
        self.entries.push((area, dirigente));
    }

    fn entry(&self, area: &str) -> Option<&(String, String)> {
        let k = owner_key(area);
        self.keys
            .iter()
            .find(|(key, _)| *key == k)
            .and_then(|&(_, i)| self.entries.get(i))
    }

    /// The organigramma's spelling of an area named `area` (or by one of its
    /// aliases).
    ///
    /// ```
    /// let o = cruscotto::organigramma::Organigramma::parse(
    ///     "Area;Dirigente;Alias\nAREA I;Dott. Rossi;Area Prima|Area 1\n".as_bytes(), "o.csv").unwrap();
    /// assert_eq!(o.area_named("area prima"), Some("AREA I"));
    /// assert_eq!(o.dirigente_of("Area 1"), Some("Dott. Rossi"));
    /// ```
    pub fn area_named(&self, area: &str) -> Option<&str> {
        self.entry(area).map(|(a, _)| a.as_str())
    }

    /// Loads a CSV file with a header row `Area;Dirigente`.
    pub fn load(path: &Path) -> Result<Self, OrganigrammaError> {
        let bytes = std::fs::read(path).map_err(|source| OrganigrammaError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&bytes, &path.display().to_string())
    }

    /// Parses CSV bytes (see [`Organigramma::load`]).
    ///
    /// ```
    /// let o = cruscotto::organigramma::Organigramma::parse(b"Area;Dirigente\nArea 1;Dott. Rossi\n", "o.csv").unwrap();
    /// assert_eq!(o.dirigente_of("area 1"), Some("Dott. Rossi"));
    /// ```
    pub fn parse(bytes: &[u8], name: &str) -> Result<Self, OrganigrammaError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
            Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        };
        let delim = if text.lines().next().is_some_and(|l| l.contains(';')) {
            b';'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut o = Organigramma::default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|_| OrganigrammaError::Invalid {
                path: name.to_string(),
                row: i + 2,
            })?;
            let area = rec.get(0).unwrap_or("").trim();
            let dir = rec.get(1).unwrap_or("").trim();
            if area.is_empty() && dir.is_empty() {
                continue;
            }
            if area.is_empty() || dir.is_empty() {
                return Err(OrganigrammaError::Invalid {
                    path: name.to_string(),
                    row: i + 2,
                });
            }
            let aliases: Vec<&str> = rec
                .get(2)
                .unwrap_or("")
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect();
            o.push(area.to_string(), dir.to_string(), &aliases);
        }
        Ok(o)
    }

    /// Area names, as written.
    pub fn areas(&self) -> Vec<String> {
        self.entries.iter().map(|(a, _)| a.clone()).collect()
    }

    /// All dirigenti, in file order, without repeats.
    pub fn dirigenti(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, d) in &self.entries {
            if !out.contains(d) {
                out.push(d.clone());
            }
        }
        out
    }

    /// The dirigente of an area (matched by [`owner_key`], aliases included).
    pub fn dirigente_of(&self, area: &str) -> Option<&str> {
        self.entry(area).map(|(_, d)| d.as_str())
    }

    /// Whether no entry was loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_lookup() {
        let bytes = b"Area;Dirigente\r\nAttivit\xe0 produttive;Dott. Bianchi\r\n";
        let o = Organigramma::parse(bytes, "x").unwrap();
        assert_eq!(o.dirigente_of("ATTIVITÀ PRODUTTIVE"), Some("Dott. Bianchi"));
        assert_eq!(o.dirigenti(), vec!["Dott. Bianchi".to_string()]);
    }

    #[test]
    fn missing_column_is_an_error() {
        assert!(Organigramma::parse(b"Area;Dirigente\nArea 1\n", "x").is_err());
    }
}
