//! Scoring rules: every threshold and word list of the attainment engine,
//! loaded from a TOML file (`templates/regole.toml` is the documented default).

use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Errors loading a rules file.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("impossibile leggere le regole {path}: {}", crate::fsutil::io_italian(.source))]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML for the rules.
    #[error("file delle regole {path} non valido: {reason}")]
    Invalid {
        /// Path.
        path: String,
        /// Cause.
        reason: String,
    },
}

/// Scoring rules. `Rules::default()` is exactly the "Default attainment rules"
/// of DOMAIN.md; every field can be overridden by a TOML file whose sections
/// and keys mirror these structs (see `templates/regole.toml`).
///
/// ```
/// use cruscotto::score::Rules;
/// let r = Rules::from_toml_str("[fasce]\nparziale = 50\n").unwrap();
/// assert_eq!(r.fasce.parziale, 50.into());
/// assert_eq!(r.fasce.raggiunto, 100.into());
/// assert!(Rules::from_toml_str("[fasce]\nsconosciuta = 1\n").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Status bands (`[fasce]`).
    pub fasce: Bands,
    /// Attainment arithmetic (`[punteggio]`).
    pub punteggio: Scoring,
    /// Polarity inference (`[polarita]`).
    pub polarita: PolarityRules,
    /// Ordinal scales (`[ordinali]`).
    pub ordinali: OrdinalRules,
    /// Deadlines (`[scadenze]`).
    pub scadenze: DeadlineRules,
    /// Weights in roll-ups (`[pesi]`).
    pub pesi: WeightRules,
    /// Growth targets against a trend formula (`[variazioni]`).
    pub variazioni: GrowthRules,
    /// Tipologia-dependent behaviour (`[tipologie]`).
    pub tipologie: TipologiaRules,
    /// Per-indicator thresholds (`[soglie]`).
    pub soglie: super::thresholds::ThresholdRules,
    /// The body's partial scale on every attainment (`[scala]`).
    pub scala: super::thresholds::BodyScale,
    /// Range targets `tra X e Y` (`[intervalli]`).
    pub intervalli: RangeRules,
}

/// Status bands: attainment at or above `raggiunto` is "raggiunto", at or
/// above `parziale` is "parzialmente raggiunto", else "non raggiunto".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bands {
    /// Lower bound of "raggiunto" (default 100).
    pub raggiunto: Decimal,
    /// Lower bound of "parzialmente raggiunto" (default 60).
    pub parziale: Decimal,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            raggiunto: Decimal::from(100),
            parziale: Decimal::from(60),
        }
    }
}

/// Attainment arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scoring {
    /// Highest attainment (default 100). Above 100, a met numeric condition
    /// scores its ratio up to this cap (over-achievement); at 100 a met
    /// condition scores exactly 100.
    pub massimo: Decimal,
    /// Highest attainment of a condition that is not met (default 99.99):
    /// e.g. strict `>` at equality, whose ratio is 100.
    pub non_raggiunto_massimo: Decimal,
    /// Decimal places attainment is rounded to (default 2).
    pub decimali: u32,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            massimo: Decimal::from(100),
            non_raggiunto_massimo: Decimal::new(9999, 2),
            decimali: 2,
        }
    }
}

/// How the operator of a target without one is decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolarityRules {
    /// Lower-is-better words or phrases, matched as whole words in the
    /// indicator text, ignoring case and accents.
    pub minore_e_meglio: Vec<String>,
    /// A target of kind percent marks the indicator as a share/percentage
    /// (keywords then do not apply). Default true.
    pub quota_se_target_percentuale: bool,
    /// Units (UdM) that mark a share/percentage (default `%`).
    pub quota_unita: Vec<String>,
    /// Words in the indicator that mark a share/percentage.
    pub quota_parole: Vec<String>,
    /// Words in the indicator that cancel the keywords (default `entro`:
    /// "pratiche evase entro 5 giorni" counts things done in time).
    pub eccezioni: Vec<String>,
}

impl Default for PolarityRules {
    fn default() -> Self {
        PolarityRules {
            minore_e_meglio: strings(&[
                "tempo medio",
                "tempi medi",
                "media dei tempi",
                "giorni medi",
                "ritardo",
                "reclami",
                "sospensioni",
                "assenze",
                "costi",
                "oneri",
                "infortuni",
                "rilievi",
                "fenomeni corruttivi",
                "annullamenti",
                "rettifiche",
                "età media",
                "data pagamento",
            ]),
            quota_se_target_percentuale: true,
            quota_unita: strings(&["%"]),
            quota_parole: strings(&["percentuale", "quota", "%"]),
            eccezioni: strings(&["entro"]),
        }
    }
}

/// Ordered word scales for ordinal targets (lowest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrdinalRules {
    /// Each scale from worst to best; a word may appear in one scale only.
    pub scale: Vec<Vec<String>>,
}

impl Default for OrdinalRules {
    fn default() -> Self {
        OrdinalRules {
            scale: vec![
                strings(&[
                    "insufficiente",
                    "sufficiente",
                    "discreto",
                    "buono",
                    "ottimo",
                ]),
                strings(&["negativo", "positivo"]),
            ],
        }
    }
}

/// Deadlines: done on or before the date → 100, else 0 unless graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineRules {
    /// Graded lateness instead of 0 (default false).
    pub graduata: bool,
    /// Days of grace: late by at most this many days still scores 100.
    pub giorni_tolleranza: u32,
    /// Points lost per day late beyond the grace days (floor 0).
    pub punti_per_giorno: Decimal,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            graduata: false,
            giorni_tolleranza: 0,
            punti_per_giorno: Decimal::ONE,
        }
    }
}

/// Weights in roll-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeightRules {
    /// Tolerated distance of a weight sum from 100 (in points; scaled to
    /// 0.005 on a 0–1 scale) before it is reported (default 0.5: `99,9` from
    /// three weights of `33,3` is fine).
    pub tolleranza_somma: Decimal,
}

impl Default for WeightRules {
    fn default() -> Self {
        WeightRules {
            tolleranza_somma: Decimal::new(5, 1),
        }
    }
}

/// How a growth target recognises an actual that is already a variation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GrowthRules {
    /// Marks of a previous-year term in a formula (`N(t-1)`, `anno x-1`).
    pub marcatori_anno_precedente: Vec<String>,
    /// Words of a formula or indicator that describe a variation.
    pub parole_variazione: Vec<String>,
}

impl Default for GrowthRules {
    fn default() -> Self {
        GrowthRules {
            marcatori_anno_precedente: strings(&["t-1", "x-1", "n-1", "anno precedente"]),
            parole_variazione: strings(&[
                "variazione percentuale",
                "variazione %",
                "tasso di crescita",
                "incremento percentuale",
            ]),
        }
    }
}

/// Tipologia-dependent behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TipologiaRules {
    /// Tipologie whose values are cumulative volumes (kept for monthly
    /// pro-rata monitoring; not used by yearly scoring).
    pub volume_cumulativo: Vec<String>,
}

impl Default for TipologiaRules {
    fn default() -> Self {
        TipologiaRules {
            volume_cumulativo: strings(&["volume"]),
        }
    }
}

/// How an actual outside a range target (`tra 10 e 15`) scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutsideRange {
    /// The ratio to the bound crossed, as for `>=` below the low end
    /// (actual/low×100) and `<=` above the high end (high/actual×100),
    /// capped like any condition not met (default).
    #[default]
    Rapporto,
    /// Outside the range scores 0.
    Zero,
}

/// Range targets: inside (bounds included) → 100; outside as `fuori_intervallo` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RangeRules {
    /// `"rapporto"` (default) or `"zero"`.
    pub fuori_intervallo: OutsideRange,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Rules {
    /// Loads a rules file; missing keys keep their default, unknown keys and
    /// inconsistent values are errors naming the file.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Io {
            path: shown.clone(),
            source,
        })?;
        Self::parse(&text, &shown)
    }

    /// Parses rules from TOML text (errors name the source as `(testo)`).
    ///
    /// ```
    /// use cruscotto::score::Rules;
    /// assert_eq!(Rules::from_toml_str("").unwrap(), Rules::default());
    /// ```
    pub fn from_toml_str(text: &str) -> Result<Rules, RulesError> {
        Self::parse(text, "(testo)")
    }

    fn parse(text: &str, path: &str) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|e| RulesError::Invalid {
            path: path.to_string(),
            reason: toml_reason(&e, text),
        })?;
        rules.validate().map_err(|reason| RulesError::Invalid {
            path: path.to_string(),
            reason,
        })?;
        Ok(rules)
    }

    /// Checks that the values are consistent; an Italian reason otherwise.
    pub fn validate(&self) -> Result<(), String> {
        let hundred = Decimal::from(100);
        let f = &self.fasce;
        if f.parziale < Decimal::ZERO || f.parziale > f.raggiunto {
            return Err(format!(
                "[fasce] parziale ({}) deve essere tra 0 e raggiunto ({})",
                f.parziale, f.raggiunto
            ));
        }
        let p = &self.punteggio;
        if p.massimo < hundred {
            return Err(format!(
                "[punteggio] massimo ({}) non può essere inferiore a 100",
                p.massimo
            ));
        }
        if p.non_raggiunto_massimo < Decimal::ZERO || p.non_raggiunto_massimo >= hundred {
            return Err(format!(
                "[punteggio] non_raggiunto_massimo ({}) deve essere almeno 0 e minore di 100",
                p.non_raggiunto_massimo
            ));
        }
        if p.decimali > 10 {
            return Err(format!(
                "[punteggio] decimali ({}) al massimo 10",
                p.decimali
            ));
        }
        if self.scadenze.punti_per_giorno < Decimal::ZERO {
            return Err("[scadenze] punti_per_giorno non può essere negativo".to_string());
        }
        if self.pesi.tolleranza_somma < Decimal::ZERO {
            return Err("[pesi] tolleranza_somma non può essere negativa".to_string());
        }
        let mut seen: Vec<String> = Vec::new();
        for scale in &self.ordinali.scale {
            if scale.len() < 2 {
                return Err("[ordinali] ogni scala deve avere almeno due parole".to_string());
            }
            for w in scale {
                let k = super::text::fold(w);
                if k.is_empty() {
                    return Err("[ordinali] parola vuota in una scala".to_string());
                }
                if seen.contains(&k) {
                    return Err(format!(
                        "[ordinali] la parola «{w}» compare più di una volta"
                    ));
                }
                seen.push(k);
            }
        }
        Ok(())
    }

    /// The position of an ordinal word: (scale index, rank from 0 = worst).
    pub fn ordinal_rank(&self, word: &str) -> Option<(usize, usize)> {
        let w = super::text::fold(word);
        self.ordinali.scale.iter().enumerate().find_map(|(si, s)| {
            s.iter()
                .position(|x| super::text::fold(x) == w)
                .map(|r| (si, r))
        })
    }
}

/// An Italian reason for a TOML/serde error, with the line when known.
fn toml_reason(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim();
    let translated = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = tail
            .split_once("expected one of ")
            .or_else(|| tail.split_once("expected "))
            .map(|(_, e)| e.replace('`', "").replace(" or ", " o "))
            .unwrap_or_default();
        if expected.is_empty() {
            format!("chiave sconosciuta «{name}»")
        } else {
            format!("chiave sconosciuta «{name}» (chiavi ammesse: {expected})")
        }
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        format!("tipo di valore non valido: {rest}")
    } else {
        msg.to_string()
    };
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("riga {line}: {translated}")
        }
        None => translated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_default() {
        assert_eq!(Rules::from_toml_str("").unwrap(), Rules::default());
    }

    #[test]
    fn decimals_from_toml_floats_are_exact() {
        let r = Rules::from_toml_str("[punteggio]\nnon_raggiunto_massimo = 99.9\n").unwrap();
        assert_eq!(r.punteggio.non_raggiunto_massimo, Decimal::new(999, 1));
        let r = Rules::from_toml_str("[pesi]\ntolleranza_somma = \"0.25\"\n").unwrap();
        assert_eq!(r.pesi.tolleranza_somma, Decimal::new(25, 2));
    }

    #[test]
    fn unknown_key_is_italian_error_with_line() {
        let err = Rules::from_toml_str("[fasce]\nraggiunto = 100\nparzial = 60\n").unwrap_err();
        let s = err.to_string();
        assert!(s.contains("(testo)"), "{s}");
        assert!(s.contains("chiave sconosciuta «parzial»"), "{s}");
        assert!(s.contains("riga 3"), "{s}");
        let err = Rules::from_toml_str("[bande]\n").unwrap_err();
        assert!(err.to_string().contains("«bande»"), "{err}");
    }

    #[test]
    fn inconsistent_values_are_rejected() {
        assert!(Rules::from_toml_str("[fasce]\nparziale = 120\n").is_err());
        assert!(Rules::from_toml_str("[punteggio]\nnon_raggiunto_massimo = 100\n").is_err());
        assert!(Rules::from_toml_str("[punteggio]\nmassimo = 90\n").is_err());
        assert!(Rules::from_toml_str("[ordinali]\nscale = [[\"buono\", \"Buono\"]]\n").is_err());
        assert!(Rules::from_toml_str("[ordinali]\nscale = [[\"solo\"]]\n").is_err());
    }

    #[test]
    fn missing_file_error_names_it() {
        let e = Rules::load(Path::new("/nonexistent/regole.toml")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/regole.toml"));
    }

    #[test]
    fn serialises_and_reads_back() {
        let text = toml::to_string(&Rules::default()).unwrap();
        assert_eq!(Rules::from_toml_str(&text).unwrap(), Rules::default());
    }

    #[test]
    fn wrong_type_is_reported() {
        let e = Rules::from_toml_str("[polarita]\nminore_e_meglio = \"costi\"\n").unwrap_err();
        assert!(e.to_string().contains("tipo di valore non valido"), "{e}");
    }

    #[test]
    fn range_rule() {
        assert_eq!(
            Rules::default().intervalli.fuori_intervallo,
            OutsideRange::Rapporto
        );
        let r = Rules::from_toml_str("[intervalli]\nfuori_intervallo = \"zero\"\n").unwrap();
        assert_eq!(r.intervalli.fuori_intervallo, OutsideRange::Zero);
        assert!(Rules::from_toml_str("[intervalli]\nfuori_intervallo = \"boh\"\n").is_err());
    }

    #[test]
    fn ordinal_ranks() {
        let r = Rules::default();
        assert_eq!(r.ordinal_rank("Buono"), Some((0, 3)));
        assert_eq!(r.ordinal_rank("positivo"), Some((1, 1)));
        assert_eq!(r.ordinal_rank("eccellente"), None);
    }
}
