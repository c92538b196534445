//! The mapping file (`--mappa FILE`): what the user says about sheets the
//! detector cannot read on its own. `[[foglio]]` forces a sheet's header and
//! column roles; `[[responsabile]]` gives the owners of a sheet, a range of
//! rows or an objective, where the plan does not say them or says them in a
//! way no rule reads. Both tables may sit in one file.

use serde::Deserialize;

use super::headers::{self, Role, Synonyms};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    foglio: Vec<ForcedLayout>,
    #[serde(default)]
    responsabile: Vec<OwnerOverride>,
}

fn read(path: &std::path::Path) -> Result<(String, File), String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("impossibile leggere la mappa {shown}: {e}"))?;
    let f: File =
        toml::from_str(&text).map_err(|e| format!("mappa {shown} non valida: {}", e.message()))?;
    Ok((shown, f))
}

/// A header forced by the user for a sheet (`--mappa FILE`, table `[[foglio]]`):
/// which row is the header and what each column holds, named with the same
/// header words the recogniser understands (`"Target 2022"`, `"Consuntivo"`,
/// `"Peso"`…). Automatic header detection is off for that sheet.
///
/// ```
/// use cruscotto::layout::ForcedLayout;
/// let f: ForcedLayout = toml::from_str(r#"
/// foglio = "Area 1"
/// riga_intestazione = 4
/// colonne = { B = "Indicatore", E = "Target 2022", F = "Consuntivo 2022" }
/// "#).unwrap();
/// assert!(f.roles(&Default::default()).is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedLayout {
    /// Sheet name (case-insensitive), or `*` for every sheet.
    pub foglio: String,
    /// 1-based row of the header, as the spreadsheet shows it.
    pub riga_intestazione: u32,
    /// Column letter → header words (`E = "Target 2022"`).
    pub colonne: std::collections::BTreeMap<String, String>,
}

impl ForcedLayout {
    /// The roles of the forced columns (0-based absolute index, role), or an
    /// Italian message naming what could not be understood.
    pub fn roles(&self, synonyms: &Synonyms) -> Result<Vec<(u32, Role)>, String> {
        let mut out = Vec::new();
        for (letter, text) in &self.colonne {
            let col = crate::model::column_index(letter).ok_or_else(|| {
                format!("colonna «{letter}» non valida (usare lettere: A, B, …, AA)")
            })?;
            let role = headers::recognise(text, synonyms).ok_or_else(|| {
                format!("intestazione «{text}» della colonna {letter} non riconosciuta")
            })?;
            out.push((col, role));
        }
        if !out.iter().any(|(_, r)| *r == Role::Indicator) {
            return Err("la mappa deve indicare la colonna dell'indicatore".into());
        }
        Ok(out)
    }

    /// Reads the `[[foglio]]` tables of a mapping file, each checked.
    pub fn load(path: &std::path::Path, synonyms: &Synonyms) -> Result<Vec<ForcedLayout>, String> {
        let (shown, f) = read(path)?;
        for l in &f.foglio {
            if l.riga_intestazione == 0 {
                return Err(format!(
                    "mappa {shown}, foglio «{}»: riga_intestazione parte da 1",
                    l.foglio
                ));
            }
            l.roles(synonyms)
                .map_err(|e| format!("mappa {shown}, foglio «{}»: {e}", l.foglio))?;
        }
        Ok(f.foglio)
    }

    pub(super) fn applies_to(&self, sheet: &str) -> bool {
        self.foglio == "*" || self.foglio.eq_ignore_ascii_case(sheet) || self.foglio == sheet
    }
}

/// Owners given by the user (`[[responsabile]]` in the mapping file): for
/// the indicators of a sheet (`*` for every sheet), optionally only rows
/// `righe` (`"12-40"` or `"12"`) or objective `obiettivo` (its code), the
/// dirigente, the area and/or the transversal mark. What they give replaces
/// what the plan says (the export's `owner_source` is `mappa`), what they
/// leave out stays; the organigramma still maps the areas given here to
/// their dirigenti. An objective code covers the levels below it.
///
/// ```
/// use cruscotto::layout::OwnerOverride;
/// let o: OwnerOverride = toml::from_str(r#"
/// foglio = "Piano"
/// righe = "5-40"
/// dirigente = "Dott. Mario Rossi"
/// "#).unwrap();
/// assert!(o.applies("Piano", 12, &[None]));
/// assert!(!o.applies("Piano", 41, &[None]));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerOverride {
    /// Sheet name (case-insensitive), or `*` for every sheet.
    pub foglio: String,
    /// Rows, 1-based as the spreadsheet shows them: `"12-40"` or `"12"`.
    #[serde(default)]
    pub righe: Option<String>,
    /// Objective code the owners apply to.
    #[serde(default)]
    pub obiettivo: Option<String>,
    /// Dirigente(i): several joined as in a plan (`A / B`).
    #[serde(default)]
    pub dirigente: Option<String>,
    /// Area(s) or unit(s).
    #[serde(default)]
    pub area: Option<String>,
    /// The indicators count for every dirigente.
    #[serde(default)]
    pub trasversale: bool,
}

impl OwnerOverride {
    /// Reads the `[[responsabile]]` tables of a mapping file, each checked.
    pub fn load(path: &std::path::Path) -> Result<Vec<OwnerOverride>, String> {
        let (shown, f) = read(path)?;
        for o in &f.responsabile {
            let what = format!("mappa {shown}, responsabile del foglio «{}»", o.foglio);
            if o.dirigente.is_none() && o.area.is_none() && !o.trasversale {
                return Err(format!(
                    "{what}: indicare dirigente, area o trasversale = true"
                ));
            }
            if o.righe.is_some() && o.rows().is_none() {
                return Err(format!(
                    "{what}: righe «{}» non valide (usare \"12\" o \"12-40\")",
                    o.righe.as_deref().unwrap_or_default()
                ));
            }
        }
        Ok(f.responsabile)
    }

    /// The row range, when given and valid.
    fn rows(&self) -> Option<(u32, u32)> {
        let r = self.righe.as_deref()?.trim();
        let (a, b) = match r.split_once(['-', '–']) {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let n = r.parse().ok()?;
                (n, n)
            }
        };
        (a >= 1 && a <= b).then_some((a, b))
    }

    /// Whether the override covers row `row` of sheet `sheet`, under any of
    /// the objective `codes` (the indicator's own level and those above it):
    /// `obiettivo = "A.1.1"` covers `A.1.1` and its actions `A.1.1.1`.
    pub fn applies(&self, sheet: &str, row: u32, codes: &[Option<&str>]) -> bool {
        let sheet_ok = self.foglio == "*" || self.foglio.eq_ignore_ascii_case(sheet);
        let rows_ok = match (&self.righe, self.rows()) {
            (None, _) => true,
            (Some(_), Some((a, b))) => (a..=b).contains(&row),
            (Some(_), None) => false,
        };
        let code_ok = match &self.obiettivo {
            None => true,
            Some(c) => {
                let want = headers::fold(c);
                codes.iter().flatten().any(|x| {
                    let have = headers::fold(x);
                    have == want
                        || have
                            .strip_prefix(&want)
                            .is_some_and(|rest| rest.starts_with(['.', '_', '-', ' ']))
                })
            }
        };
        sheet_ok && rows_ok && code_ok
    }
}
