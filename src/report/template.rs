//! The report template: labels, columns, colours and legend thresholds.
//!
//! The default template is `templates/report.toml`, embedded in the binary.
//! A user template is a copy of it, edited: omitted keys take the default
//! value, unknown keys are an error (reported in Italian with their path).

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use super::ReportError;

/// The default template, as shipped.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/report.toml");

/// A column of the `Obiettivi` sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// Indicator text.
    Indicatore,
    /// Tipologia (Volume, Efficacia, …).
    Tipologia,
    /// Algoritmo / formula of the indicator.
    Formula,
    /// Unit (UdM).
    Udm,
    /// Weight of the indicator.
    Peso,
    /// Baseline, typed when readable.
    Baseline,
    /// Target as written.
    Target,
    /// Target as read, as an Italian phrase.
    TargetLetto,
    /// Actual value (consuntivo).
    Consuntivo,
    /// Attainment (percent format).
    Raggiungimento,
    /// Status band (traffic light).
    Stato,
    /// Operator used for scoring and why.
    Polarita,
    /// Source file, sheet and row.
    Fonte,
    /// Anomaly messages of the row.
    Anomalie,
    /// Monthly monitoring: the pro-rata projection (shown only in reports of
    /// a period during the year, and only when some indicator has one).
    Proiezione,
    /// Justified corrections (rettifiche, with the computed figure they
    /// replace) and reasons for deviations (shown only when some indicator
    /// has one).
    Motivazione,
    /// Year on year (`--precedente`): last year's attainment and the change
    /// (shown only when the run compares with last year).
    Confronto,
}

impl Column {
    /// Every column, in documentation order.
    pub const ALL: [Column; 17] = [
        Column::Indicatore,
        Column::Tipologia,
        Column::Formula,
        Column::Udm,
        Column::Peso,
        Column::Baseline,
        Column::Target,
        Column::TargetLetto,
        Column::Consuntivo,
        Column::Raggiungimento,
        Column::Stato,
        Column::Polarita,
        Column::Fonte,
        Column::Anomalie,
        Column::Proiezione,
        Column::Motivazione,
        Column::Confronto,
    ];

    /// The id used in the template (`target_letto`).
    pub fn id(self) -> &'static str {
        match self {
            Column::Indicatore => "indicatore",
            Column::Tipologia => "tipologia",
            Column::Formula => "formula",
            Column::Udm => "udm",
            Column::Peso => "peso",
            Column::Baseline => "baseline",
            Column::Target => "target",
            Column::TargetLetto => "target_letto",
            Column::Consuntivo => "consuntivo",
            Column::Raggiungimento => "raggiungimento",
            Column::Stato => "stato",
            Column::Polarita => "polarita",
            Column::Fonte => "fonte",
            Column::Anomalie => "anomalie",
            Column::Proiezione => "proiezione",
            Column::Motivazione => "motivazione",
            Column::Confronto => "confronto",
        }
    }
}

/// `[documento]`: titles and page footer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documento {
    /// Title of every report (the year is appended when known).
    pub titolo: String,
    /// Title of the reports of a period during the year (monthly
    /// monitoring); `{data}` is the last day of the period (`30/06/2022`).
    #[serde(default = "default_titolo_periodo")]
    pub titolo_periodo: String,
    /// The period's last day when the reports are of a period during the
    /// year (set with [`Template::with_period`], never read from the file).
    #[serde(skip)]
    pub periodo: Option<chrono::NaiveDate>,
    /// Subtitle (document subject).
    pub sottotitolo: String,
    /// Body name when none is given.
    pub ente_predefinito: String,
    /// Right footer (`Pagina &P di &N`).
    pub pie_di_pagina: String,
}

fn default_titolo_periodo() -> String {
    "Monitoraggio al {data}".to_string()
}

fn default_confronto() -> String {
    "Confronto anno precedente".to_string()
}

fn default_anno_precedente() -> String {
    "Anno precedente".to_string()
}

fn default_variazione() -> String {
    "Variazione sull'anno precedente".to_string()
}

fn default_non_assegnati() -> String {
    "Indicatori senza responsabile".to_string()
}

fn default_condiviso_con() -> String {
    "condiviso con".to_string()
}

/// `[fogli]`: sheet names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fogli {
    /// Cover/summary sheet.
    pub sintesi: String,
    /// Objectives and indicators sheet.
    pub obiettivi: String,
    /// Anomalies sheet.
    pub anomalie: String,
    /// Year on year: new, dropped and ambiguous indicators (whole-body
    /// report, only with `--precedente`).
    #[serde(default = "default_confronto")]
    pub confronto: String,
}

/// `[etichette]`: labels.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Etichette {
    pub ente: String,
    pub anno: String,
    pub dirigente: String,
    pub area: String,
    pub ambito: String,
    pub intero_ente: String,
    /// Scope of `non-assegnati.xlsx` (indicators with no owner).
    #[serde(default = "default_non_assegnati")]
    pub non_assegnati: String,
    /// Note beside an indicator owned jointly (`condiviso con`).
    #[serde(default = "default_condiviso_con")]
    pub condiviso_con: String,
    pub raggiungimento_complessivo: String,
    pub stato_complessivo: String,
    pub data_elaborazione: String,
    pub obiettivi_per_stato: String,
    pub numero: String,
    pub totale: String,
    pub legenda: String,
    /// May use `{raggiunto}` and `{parziale}` (thresholds).
    pub soglia_raggiunto: String,
    /// May use `{raggiunto}` and `{parziale}`.
    pub soglia_parziale: String,
    /// May use `{raggiunto}` and `{parziale}`.
    pub soglia_non_raggiunto: String,
    pub soglia_non_valutabile: String,
    pub raggiungimento_per_obiettivo: String,
    pub codice: String,
    pub obiettivo: String,
    pub raggiungimento: String,
    pub stato: String,
    pub senza_obiettivo: String,
    pub nessuna_anomalia: String,
    pub anomalia_codice: String,
    pub anomalia_file: String,
    pub anomalia_foglio: String,
    pub anomalia_cella: String,
    pub anomalia_testo: String,
    pub anomalia_messaggio: String,
    /// Year on year: label of last year's overall attainment (Sintesi).
    #[serde(default = "default_anno_precedente")]
    pub anno_precedente: String,
    /// Year on year: header of the change column (Sintesi).
    #[serde(default = "default_variazione")]
    pub variazione: String,
}

/// `[stati]`: how statuses are written in cells.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stati {
    /// Raggiunto.
    pub raggiunto: String,
    /// Parzialmente raggiunto.
    pub parziale: String,
    /// Non raggiunto.
    pub non_raggiunto: String,
    /// Non valutabile.
    pub non_valutabile: String,
}

/// `[polarita]`: the criterion of assessment in plain Italian: the direction
/// (`più alto è meglio`) and, in brackets, why (`indicato dal target`); a
/// deadline is always `deadline` alone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Polarita {
    /// `>=` / `>`: higher is better.
    pub maggiore: String,
    /// `<=` / `<`: lower is better.
    pub minore: String,
    /// `=`: exactly the target.
    pub uguale: String,
    pub operator: String,
    pub column: String,
    pub deadline: String,
    pub keyword: String,
    pub default: String,
}

/// `[obiettivi]`: columns of the Obiettivi sheet.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obiettivi {
    /// Columns after the fixed objective-code column, in order.
    pub colonne: Vec<Column>,
    /// Header of each column id (plus `codice`).
    pub intestazioni: BTreeMap<String, String>,
    /// Width in characters of each column id (plus `codice`).
    pub larghezze: BTreeMap<String, f64>,
}

/// `[colori]`: `#RRGGBB` colours.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Colori {
    pub intestazione: String,
    pub testo_intestazione: String,
    pub titolo: String,
    pub obiettivo: String,
    pub bordo: String,
    pub raggiunto: String,
    pub parziale: String,
    pub non_raggiunto: String,
    pub non_valutabile: String,
    pub grafico_raggiunto: String,
    pub grafico_parziale: String,
    pub grafico_non_raggiunto: String,
}

/// `[soglie]`: band thresholds shown in the legend (percent points).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Soglie {
    /// Raggiunto from this attainment.
    #[serde(deserialize_with = "de_decimal")]
    pub raggiunto: Decimal,
    /// Parzialmente raggiunto from this attainment.
    #[serde(deserialize_with = "de_decimal")]
    pub parziale: Decimal,
}

fn de_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let v = toml::Value::deserialize(d)?;
    let s = match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::String(s) => s.replace(',', "."),
        _ => return Err(serde::de::Error::custom("atteso un numero")),
    };
    Decimal::from_str(&s).map_err(|_| serde::de::Error::custom(format!("numero non valido «{s}»")))
}

/// A report template: labels in Italian, the Obiettivi columns, colours and
/// legend thresholds. `Template::default()` is `templates/report.toml`.
///
/// ```
/// use cruscotto::report::Template;
/// let t = Template::default();
/// assert_eq!(t.fogli.sintesi, "Sintesi");
/// assert_eq!(t.obiettivi.colonne.first().map(|c| c.id()), Some("indicatore"));
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Titles and footer.
    pub documento: Documento,
    /// Sheet names.
    pub fogli: Fogli,
    /// Labels.
    pub etichette: Etichette,
    /// Status texts.
    pub stati: Stati,
    /// Polarity source names.
    pub polarita: Polarita,
    /// Obiettivi sheet columns.
    pub obiettivi: Obiettivi,
    /// Colours.
    pub colori: Colori,
    /// Legend thresholds.
    pub soglie: Soglie,
}

impl Default for Template {
    fn default() -> Self {
        // The embedded template is checked by a unit test; the empty fallback
        // only exists so that `default()` can never panic.
        Template::parse(DEFAULT_TEMPLATE).unwrap_or_else(|_| Template {
            documento: Documento::default(),
            fogli: Fogli {
                sintesi: "Sintesi".into(),
                obiettivi: "Obiettivi".into(),
                anomalie: "Anomalie".into(),
                confronto: default_confronto(),
            },
            etichette: Etichette::default(),
            stati: Stati::default(),
            polarita: Polarita::default(),
            obiettivi: Obiettivi::default(),
            colori: Colori::default(),
            soglie: Soglie::default(),
        })
    }
}

impl Template {
    /// The template for the reports of a period ending on `last_day`: a
    /// period during the year (`--periodo 2022-06`) is titled with
    /// `documento.titolo_periodo` (`Monitoraggio al 30/06/2022`); a year-end
    /// one (December) keeps `documento.titolo`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let t = cruscotto::report::Template::default();
    /// let june = NaiveDate::from_ymd_opt(2022, 6, 30).unwrap();
    /// assert_eq!(t.clone().with_period(Some(june)).documento.periodo, Some(june));
    /// let dec = NaiveDate::from_ymd_opt(2022, 12, 31).unwrap();
    /// assert_eq!(t.with_period(Some(dec)).documento.periodo, None);
    /// ```
    pub fn with_period(mut self, last_day: Option<chrono::NaiveDate>) -> Template {
        use chrono::Datelike;
        self.documento.periodo = last_day.filter(|d| d.month() < 12);
        self
    }

    /// The template called `name`: `default` (the built-in one) or a file,
    /// relative to `base`.
    ///
    /// ```
    /// use std::path::Path;
    /// let t = cruscotto::report::Template::named("default", Path::new(".")).unwrap();
    /// assert_eq!(t.fogli.obiettivi, "Obiettivi");
    /// ```
    pub fn named(name: &str, base: &Path) -> Result<Template, ReportError> {
        if name == "default" {
            return Ok(Template::default());
        }
        Template::load(&base.join(name))
    }

    /// Loads a template file: a copy of `templates/report.toml`, possibly
    /// partial (omitted keys take the default value).
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let p = dir.path().join("t.toml");
    /// std::fs::write(&p, "[fogli]\nsintesi = \"Riepilogo\"\n").unwrap();
    /// let t = cruscotto::report::Template::load(&p).unwrap();
    /// assert_eq!(t.fogli.sintesi, "Riepilogo");
    /// assert_eq!(t.fogli.obiettivi, "Obiettivi");
    /// std::fs::write(&p, "[fogli]\nsintsi = \"x\"\n").unwrap();
    /// let e = cruscotto::report::Template::load(&p).unwrap_err().to_string();
    /// assert!(e.contains("chiave sconosciuta «fogli.sintsi»"), "{e}");
    /// ```
    pub fn load(path: &Path) -> Result<Template, ReportError> {
        let err = |reason: String| ReportError::Template {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| err(format!("impossibile leggere il file ({e})")))?;
        Template::parse(&text).map_err(err)
    }

    /// Parses a template from TOML text, over the default template.
    /// Errors are Italian sentences.
    pub fn parse(text: &str) -> Result<Template, String> {
        let base: toml::Value = toml::from_str(DEFAULT_TEMPLATE)
            .map_err(|e| format!("modello predefinito non valido: {e}"))?;
        let user: toml::Value = toml::from_str(text)
            .map_err(|e| format!("sintassi TOML non valida: {}", e.message().trim()))?;
        check_keys(&user, &base, "")?;
        let merged = merge(base, user);
        let t: Template = merged
            .try_into()
            .map_err(|e: toml::de::Error| format!("valore non valido: {}", e.message().trim()))?;
        t.validate()?;
        Ok(t)
    }

    fn validate(&self) -> Result<(), String> {
        for (k, v) in self.colours() {
            parse_colour(v).ok_or_else(|| {
                format!("colore non valido «{v}» per colori.{k}: usare il formato \"#RRGGBB\"")
            })?;
        }
        for (k, name) in [
            ("sintesi", &self.fogli.sintesi),
            ("obiettivi", &self.fogli.obiettivi),
            ("anomalie", &self.fogli.anomalie),
        ] {
            let bad = name.trim().is_empty()
                || name.chars().count() > 31
                || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
                || name.starts_with('\'')
                || name.ends_with('\'');
            if bad {
                return Err(format!(
                    "nome di foglio non valido «{name}» per fogli.{k}: da 1 a 31 caratteri, senza [ ] : * ? / \\"
                ));
            }
        }
        let f = &self.fogli;
        if f.sintesi.to_lowercase() == f.obiettivi.to_lowercase()
            || f.sintesi.to_lowercase() == f.anomalie.to_lowercase()
            || f.obiettivi.to_lowercase() == f.anomalie.to_lowercase()
        {
            return Err("i tre fogli devono avere nomi diversi".into());
        }
        if self.obiettivi.colonne.is_empty() {
            return Err("obiettivi.colonne non può essere vuoto".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in &self.obiettivi.colonne {
            if !seen.insert(*c) {
                return Err(format!(
                    "colonna ripetuta «{}» in obiettivi.colonne",
                    c.id()
                ));
            }
        }
        for (k, w) in &self.obiettivi.larghezze {
            if !(1.0..=255.0).contains(w) {
                return Err(format!(
                    "larghezza non valida {w} per obiettivi.larghezze.{k}: da 1 a 255"
                ));
            }
        }
        if self.soglie.parziale > self.soglie.raggiunto {
            return Err("soglie.parziale non può superare soglie.raggiunto".into());
        }
        Ok(())
    }

    fn colours(&self) -> [(&'static str, &String); 12] {
        let c = &self.colori;
        [
            ("intestazione", &c.intestazione),
            ("testo_intestazione", &c.testo_intestazione),
            ("titolo", &c.titolo),
            ("obiettivo", &c.obiettivo),
            ("bordo", &c.bordo),
            ("raggiunto", &c.raggiunto),
            ("parziale", &c.parziale),
            ("non_raggiunto", &c.non_raggiunto),
            ("non_valutabile", &c.non_valutabile),
            ("grafico_raggiunto", &c.grafico_raggiunto),
            ("grafico_parziale", &c.grafico_parziale),
            ("grafico_non_raggiunto", &c.grafico_non_raggiunto),
        ]
    }

    /// Header text of a column id (the id itself when missing).
    pub fn header(&self, id: &str) -> String {
        self.obiettivi
            .intestazioni
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// Width of a column id, in characters.
    pub fn width(&self, id: &str) -> f64 {
        self.obiettivi.larghezze.get(id).copied().unwrap_or(14.0)
    }
}

/// Parses `#RRGGBB` (or `RRGGBB`) into an RGB integer.
///
/// ```
/// assert_eq!(cruscotto::report::parse_colour("#1F4E79"), Some(0x1F4E79));
/// assert_eq!(cruscotto::report::parse_colour("rosso"), None);
/// ```
pub fn parse_colour(s: &str) -> Option<u32> {
    let h = s.trim().strip_prefix('#').unwrap_or(s.trim());
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(h, 16).ok()
}

fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "un testo",
        toml::Value::Integer(_) | toml::Value::Float(_) => "un numero",
        toml::Value::Boolean(_) => "vero/falso",
        toml::Value::Datetime(_) => "una data",
        toml::Value::Array(_) => "un elenco",
        toml::Value::Table(_) => "una sezione",
    }
}

fn same_type(a: &toml::Value, b: &toml::Value) -> bool {
    type_name(a) == type_name(b)
}

/// Every key of `user` must exist in `base` with a value of the same type.
fn check_keys(user: &toml::Value, base: &toml::Value, path: &str) -> Result<(), String> {
    let (toml::Value::Table(u), toml::Value::Table(b)) = (user, base) else {
        return Ok(());
    };
    for (k, v) in u {
        let p = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        let Some(bv) = b.get(k) else {
            let known: Vec<&str> = b.keys().map(String::as_str).collect();
            return Err(format!(
                "chiave sconosciuta «{p}» (chiavi previste: {})",
                known.join(", ")
            ));
        };
        if !same_type(v, bv) {
            return Err(format!(
                "«{p}» deve essere {}, non {}",
                type_name(bv),
                type_name(v)
            ));
        }
        if let toml::Value::Array(items) = v {
            if p == "obiettivi.colonne" {
                for it in items {
                    let id = it.as_str().unwrap_or_default();
                    if !Column::ALL.iter().any(|c| c.id() == id) {
                        let ids: Vec<&str> = Column::ALL.iter().map(|c| c.id()).collect();
                        return Err(format!(
                            "colonna sconosciuta «{}» in obiettivi.colonne (colonne possibili: {})",
                            if id.is_empty() {
                                it.to_string()
                            } else {
                                id.to_string()
                            },
                            ids.join(", ")
                        ));
                    }
                }
            }
        }
        check_keys(v, bv, &p)?;
    }
    Ok(())
}

/// `user` over `base`: tables merged key by key, other values replaced.
fn merge(base: toml::Value, user: toml::Value) -> toml::Value {
    match (base, user) {
        (toml::Value::Table(mut b), toml::Value::Table(u)) => {
            for (k, v) in u {
                let nv = match b.remove(&k) {
                    Some(bv) => merge(bv, v),
                    None => v,
                };
                b.insert(k, nv);
            }
            toml::Value::Table(b)
        }
        (_, u) => u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_template_parses() {
        let t = Template::parse(DEFAULT_TEMPLATE).unwrap();
        assert_eq!(t.fogli.obiettivi, "Obiettivi");
        assert_eq!(
            t.obiettivi
                .colonne
                .iter()
                .map(|c| c.id())
                .collect::<Vec<_>>(),
            [
                "indicatore",
                "formula",
                "udm",
                "peso",
                "baseline",
                "target",
                "target_letto",
                "consuntivo",
                "raggiungimento",
                "stato",
                "polarita"
            ]
        );
        assert_eq!(t.soglie.raggiunto, Decimal::from(100));
        assert_eq!(t.soglie.parziale, Decimal::from(60));
        assert_eq!(t.stati.parziale, "parzialmente raggiunto");
        // Every column has a header and a width.
        for c in Column::ALL {
            assert!(t.obiettivi.intestazioni.contains_key(c.id()), "{}", c.id());
            assert!(t.obiettivi.larghezze.contains_key(c.id()), "{}", c.id());
        }
        assert_eq!(parse_colour(&t.colori.intestazione), Some(0x1F4E79));
    }

    #[test]
    fn partial_override() {
        let t = Template::parse(
            "[obiettivi]\ncolonne = [\"indicatore\", \"stato\"]\n[soglie]\nparziale = 50.5\n",
        )
        .unwrap();
        assert_eq!(t.obiettivi.colonne, [Column::Indicatore, Column::Stato]);
        assert_eq!(t.soglie.parziale, Decimal::new(505, 1));
        assert_eq!(t.obiettivi.intestazioni["stato"], "Stato");
    }

    #[test]
    fn italian_errors() {
        let e = Template::parse("[colori]\nobiettivo = \"blu\"\n").unwrap_err();
        assert!(e.contains("colore non valido «blu»"), "{e}");
        let e = Template::parse("[obiettivi]\ncolonne = [\"indicatore\", \"voto\"]\n").unwrap_err();
        assert!(e.contains("colonna sconosciuta «voto»"), "{e}");
        let e = Template::parse("[fogli]\nsintesi = 3\n").unwrap_err();
        assert!(e.contains("«fogli.sintesi» deve essere un testo"), "{e}");
        let e = Template::parse("[pagina]\nx = 1\n").unwrap_err();
        assert!(e.contains("chiave sconosciuta «pagina»"), "{e}");
        let e = Template::parse("[fogli]\nsintesi = \"a/b\"\n").unwrap_err();
        assert!(e.contains("nome di foglio non valido"), "{e}");
        let e = Template::parse("x = ").unwrap_err();
        assert!(e.starts_with("sintassi TOML non valida"), "{e}");
    }
}
