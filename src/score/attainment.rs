//! Attainment of one indicator: compares the actual with the target under the
//! polarity operator and explains every step in Italian.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    ActualValue, Anomaly, AnomalyCode, Op, PolaritySource, Record, Score, Status, TargetValue,
};

use super::polarity;
use super::rules::Rules;
use super::text::{self, it};

/// A score plus the anomalies found while computing it (inferences,
/// previous-year values missing, actuals of the wrong kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The score.
    pub score: Score,
    /// Anomalies to attach to the record.
    pub anomalies: Vec<Anomaly>,
}

/// Result of the comparison proper.
pub(super) enum Outcome {
    Scored {
        attainment: Decimal,
        formula: String,
    },
    NotAssessable(String),
}

/// Band of an attainment under the rules.
///
/// ```
/// use cruscotto::score::{status_of, Rules};
/// use cruscotto::model::Status;
/// use rust_decimal::Decimal;
/// let r = Rules::default();
/// assert_eq!(status_of(Some(Decimal::from(100)), &r), Status::Raggiunto);
/// assert_eq!(status_of(Some(Decimal::new(9999, 2)), &r), Status::Parziale);
/// assert_eq!(status_of(Some(Decimal::from(59)), &r), Status::NonRaggiunto);
/// assert_eq!(status_of(None, &r), Status::NonValutabile);
/// ```
pub fn status_of(attainment: Option<Decimal>, rules: &Rules) -> Status {
    match attainment {
        None => Status::NonValutabile,
        Some(a) if a >= rules.fasce.raggiunto => Status::Raggiunto,
        Some(a) if a >= rules.fasce.parziale => Status::Parziale,
        Some(_) => Status::NonRaggiunto,
    }
}

/// Scores one record and collects the anomalies found on the way.
pub fn evaluate(r: &Record, rules: &Rules) -> Evaluation {
    let pol = polarity::decide(r, rules);
    let mut trace = vec![
        format!("Target: {}", describe_target(r)),
        format!("Polarità {}: {}", pol.op.symbol(), pol.explanation),
    ];
    let mut anomalies = Vec::new();
    if pol.source == PolaritySource::Keyword {
        let kw = pol.keyword.clone().unwrap_or_default();
        anomalies.push(Anomaly::new(
            AnomalyCode::Inferenza,
            r.location.clone(),
            r.indicator.clone(),
            format!("polarità dedotta: ≤ (minore è meglio) per la parola «{kw}» nell'indicatore"),
        ));
    }
    let mut cx = Cx {
        r,
        rules,
        trace: &mut trace,
        anomalies: &mut anomalies,
        rule: None,
    };
    let outcome = cx.assess(pol.op);
    let outcome = cx.second_condition(outcome);
    let rule = cx.rule.take();
    let (attainment, formula) = match outcome {
        Outcome::Scored {
            attainment,
            formula,
        } => {
            trace.push(format!(
                "Regola: {}",
                rule.unwrap_or_else(|| ordinary_rule(r).to_string())
            ));
            let (a, f) = body_scale(attainment, formula, rules, &mut trace);
            (Some(a), f)
        }
        Outcome::NotAssessable(reason) => (None, format!("non valutabile: {reason}")),
    };
    let status = status_of(attainment, rules);
    trace.push(match attainment {
        Some(a) => format!(
            "Esito: {} → {} (fasce: ≥ {} raggiunto, ≥ {} parzialmente raggiunto)",
            it(a),
            status,
            it(rules.fasce.raggiunto),
            it(rules.fasce.parziale)
        ),
        None => format!("Esito: {formula}; escluso dai totali"),
    });
    Evaluation {
        score: Score {
            polarity: pol.op,
            polarity_source: pol.source,
            attainment,
            status,
            formula,
            trace,
        },
        anomalies,
    }
}

/// The ordinary rule of a target's kind, named as the rules file's sections.
fn ordinary_rule(r: &Record) -> &'static str {
    if let Some(t2) = &r.target2 {
        return if matches!(t2.value, TargetValue::Date(_)) {
            "valore entro la scadenza ([punteggio] e [scadenze] delle regole)"
        } else {
            "intervallo, entrambe le condizioni ([intervalli] delle regole)"
        };
    }
    match r.target.value {
        TargetValue::Date(_) => "scadenza ([scadenze] delle regole)",
        TargetValue::Bool(_) => "corrispondenza sì/no",
        TargetValue::Ordinal(_) => "scala ordinale ([ordinali] delle regole)",
        TargetValue::Growth(_) => "variazione sull'anno precedente ([variazioni] delle regole)",
        TargetValue::PrevYear => "confronto con l'anno precedente ([punteggio] delle regole)",
        _ => "rapporto tra consuntivo e target ([punteggio] delle regole)",
    }
}

/// The body's partial scale (`[scala] fasce`) on a computed attainment.
fn body_scale(
    attainment: Decimal,
    formula: String,
    rules: &Rules,
    trace: &mut Vec<String>,
) -> (Decimal, String) {
    use super::thresholds::BandScore;
    let Some(scale) = &rules.scala.fasce else {
        return (attainment, formula);
    };
    match scale.score_of(attainment) {
        Some(BandScore::Fixed(v)) => {
            trace.push(format!(
                "Scala dell'ente («{}»): grado {} → {}",
                scale.raw,
                it(attainment),
                it(v)
            ));
            (v, format!("{formula} → scala dell'ente: {}", it(v)))
        }
        Some(BandScore::Value) => {
            trace.push(format!(
                "Scala dell'ente («{}»): grado {} invariato",
                scale.raw,
                it(attainment)
            ));
            (attainment, formula)
        }
        None => {
            trace.push(format!(
                "Scala dell'ente («{}»): nessuna fascia comprende il grado {}: invariato",
                scale.raw,
                it(attainment)
            ));
            (attainment, formula)
        }
    }
}

fn describe_target(r: &Record) -> String {
    let raw = r.target_raw.trim();
    let what = match &r.target.value {
        TargetValue::Number(d) => format!("numero {}", it(*d)),
        TargetValue::Percent(d) => format!("percentuale {}%", it(*d)),
        TargetValue::Date(d) => format!("scadenza {}", date_it(*d)),
        TargetValue::Bool(b) => format!("sì/no «{}»", yes_no(*b)),
        TargetValue::Ordinal(w) => format!("giudizio «{w}»"),
        TargetValue::Rating { value, scale } => {
            format!("valutazione {} su {}", it(*value), it(*scale))
        }
        TargetValue::Rate { num, den } => format!("tasso {} ogni {}", it(*num), it(*den)),
        TargetValue::Growth(g) if g.is_sign_negative() => match r.target.base_year {
            Some(b) => format!("riduzione del {}% sul valore del {b}", it(-*g)),
            None => format!("riduzione del {}% sull'anno precedente", it(-*g)),
        },
        TargetValue::Growth(g) => match r.target.base_year {
            Some(b) => format!("crescita del {}% sul valore del {b}", it(*g)),
            None => format!("crescita del {}% sull'anno precedente", it(*g)),
        },
        TargetValue::PrevYear => match r.target.base_year {
            Some(b) => format!("valore del {b}"),
            None => "valore dell'anno precedente".to_string(),
        },
        TargetValue::Na => "non disponibile".to_string(),
        TargetValue::Text(_) => "non compreso".to_string(),
    };
    let year = r
        .target_year
        .or(r.target.year)
        .map(|y| format!(", anno {y}"))
        .unwrap_or_default();
    let second = r
        .target2
        .as_deref()
        .map(super::compound::describe_second)
        .unwrap_or_default();
    format!("«{raw}» → {what}{second}{year}")
}

fn describe_actual(a: &ActualValue) -> String {
    match a {
        ActualValue::Number(d) => it(*d),
        ActualValue::Percent(d) => format!("{}%", it(*d)),
        ActualValue::Variation(d) => format!(
            "variazione {}{}%",
            if d.is_sign_negative() { "" } else { "+" },
            it(*d)
        ),
        ActualValue::Date(d) => date_it(*d),
        ActualValue::Bool(b) => yes_no(*b).to_string(),
        ActualValue::Ordinal(w) => format!("«{w}»"),
        ActualValue::Na => "n.d.".to_string(),
        ActualValue::Text(t) => format!("«{t}»"),
    }
}

pub(super) fn date_it(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "sì"
    } else {
        "no"
    }
}

fn holds<T: PartialOrd>(a: &T, op: Op, t: &T) -> bool {
    match op {
        Op::Ge | Op::None => a >= t,
        Op::Gt => a > t,
        Op::Le => a <= t,
        Op::Lt => a < t,
        Op::Eq => a == t,
    }
}

fn met_word(m: bool) -> &'static str {
    if m {
        "soddisfatta"
    } else {
        "non soddisfatta"
    }
}

pub(super) struct Cx<'a> {
    pub(super) r: &'a Record,
    pub(super) rules: &'a Rules,
    pub(super) trace: &'a mut Vec<String>,
    pub(super) anomalies: &'a mut Vec<Anomaly>,
    /// The rule that scored, when not the ordinary one of the target's kind.
    rule: Option<String>,
}

impl Cx<'_> {
    pub(super) fn hundred(&self) -> Decimal {
        Decimal::from(100)
    }

    fn anomaly(&mut self, code: AnomalyCode, raw: String, message: String) {
        self.anomalies
            .push(Anomaly::new(code, self.r.location.clone(), raw, message));
    }

    fn mismatch(&mut self, a: &ActualValue, expected: &str) -> Outcome {
        let raw = self
            .r
            .actual_raw
            .clone()
            .unwrap_or_else(|| describe_actual(a));
        let msg = format!(
            "consuntivo «{}» non confrontabile con il target «{}»: atteso {expected}",
            describe_actual(a),
            self.r.target_raw.trim()
        );
        self.anomaly(AnomalyCode::ConsuntivoNonLetto, raw, msg.clone());
        Outcome::NotAssessable(msg)
    }

    fn assess(&mut self, op: Op) -> Outcome {
        let r = self.r;
        match &r.target.value {
            TargetValue::Na => {
                return Outcome::NotAssessable("target non disponibile (n.d.)".to_string())
            }
            TargetValue::Text(t) => {
                return Outcome::NotAssessable(format!("target non compreso («{}»)", t.trim()))
            }
            _ => {}
        }
        let a = match &r.actual {
            None => return Outcome::NotAssessable("consuntivo mancante".to_string()),
            Some(ActualValue::Na) => {
                return Outcome::NotAssessable("consuntivo non disponibile (n.d.)".to_string())
            }
            Some(ActualValue::Text(t)) => {
                return Outcome::NotAssessable(format!("consuntivo non compreso («{}»)", t.trim()))
            }
            Some(a) => a,
        };
        self.trace
            .push(format!("Consuntivo: {}", describe_actual(a)));
        match &r.target.value {
            TargetValue::Number(t) | TargetValue::Percent(t) => match a.numeric() {
                Some(v) => self.ratio(v, *t, op),
                None => self.mismatch(a, "un numero"),
            },
            TargetValue::Rating { value, .. } => match a.numeric() {
                Some(v) => self.ratio(v, *value, op),
                None => self.mismatch(a, "una valutazione numerica"),
            },
            TargetValue::Rate { num, .. } => match a.numeric() {
                Some(v) => self.ratio(v, *num, op),
                None => self.mismatch(a, "un numero (numeratore del tasso)"),
            },
            TargetValue::Date(t) => match a {
                ActualValue::Date(d) => self.deadline(*d, *t, op),
                _ => self.mismatch(a, "una data di completamento"),
            },
            TargetValue::Bool(t) => match a {
                ActualValue::Bool(b) => {
                    let m = b == t;
                    self.trace.push(format!(
                        "Condizione: consuntivo «{}» = target «{}» → {}",
                        yes_no(*b),
                        yes_no(*t),
                        met_word(m)
                    ));
                    let v = if m { self.hundred() } else { Decimal::ZERO };
                    Outcome::Scored {
                        attainment: v,
                        formula: format!(
                            "«{}» {} «{}» → {}",
                            yes_no(*b),
                            if m { "=" } else { "≠" },
                            yes_no(*t),
                            it(v)
                        ),
                    }
                }
                _ => self.mismatch(a, "sì/no"),
            },
            TargetValue::Ordinal(w) => match a {
                ActualValue::Ordinal(aw) => self.ordinal(aw, w, op),
                _ => self.mismatch(a, "un giudizio"),
            },
            TargetValue::Growth(g) => self.growth(a, *g, op),
            TargetValue::PrevYear => {
                let Some(v) = a.numeric() else {
                    return self.mismatch(a, "un numero");
                };
                match self.previous_value() {
                    Ok((prev, why)) => {
                        self.trace.push(format!(
                            "Target calcolato: {} = {} ({why})",
                            self.base_name(),
                            it(prev)
                        ));
                        self.ratio(v, prev, op)
                    }
                    Err(reason) => Outcome::NotAssessable(reason),
                }
            }
            TargetValue::Na | TargetValue::Text(_) => {
                Outcome::NotAssessable("target non valutabile".to_string())
            }
        }
    }

    /// Ratio scoring of numeric kinds, through the indicator's own
    /// thresholds or bands when it has them (direct numeric targets only:
    /// not growth or previous-year ones, whose target is computed).
    pub(super) fn ratio(&mut self, a: Decimal, t: Decimal, op: Op) -> Outcome {
        let own = self.r.scale.as_deref().filter(|_| {
            matches!(
                self.r.target.value,
                TargetValue::Number(_)
                    | TargetValue::Percent(_)
                    | TargetValue::Rating { .. }
                    | TargetValue::Rate { .. }
            )
        });
        let plain = self.plain_ratio(a, t, op);
        let Some(scale) = own else {
            return plain;
        };
        // A range is two conditions: thresholds around one target do not
        // apply (a value with a deadline keeps them for its value).
        if self
            .r
            .target2
            .as_ref()
            .is_some_and(|t2| !matches!(t2.value, TargetValue::Date(_)))
        {
            let why = "soglie e fasce ignorate: il target è un intervallo (due condizioni), valutato con la regola degli intervalli".to_string();
            let raw = self.r.target_raw.clone();
            self.anomaly(AnomalyCode::SoglieNonApplicate, raw, why.clone());
            if !self.trace.contains(&why) {
                self.trace.push(why);
            }
            return plain;
        }
        let base = match &plain {
            Outcome::Scored { attainment, .. } => Some(*attainment),
            Outcome::NotAssessable(_) => None,
        };
        let met = holds(&a, op, &t);
        match super::thresholds::own_score(scale, a, t, op, met, base, self.rules) {
            Some(super::thresholds::Own::Scored {
                attainment,
                formula,
                rule,
            }) => {
                self.rule = Some(rule);
                Outcome::Scored {
                    attainment,
                    formula,
                }
            }
            Some(super::thresholds::Own::Unusable(why)) => {
                let raw = self.r.target_raw.clone();
                self.anomaly(AnomalyCode::SoglieNonApplicate, raw, why.clone());
                self.trace.push(why);
                plain
            }
            None => plain,
        }
    }

    /// Ratio scoring of numeric kinds by the ordinary rules.
    fn plain_ratio(&mut self, a: Decimal, t: Decimal, op: Op) -> Outcome {
        let rules = self.rules;
        let dp = rules.punteggio.decimali;
        let hundred = self.hundred();
        let m = holds(&a, op, &t);
        self.trace.push(format!(
            "Condizione: {} {} {} → {}",
            it(a),
            op.symbol(),
            it(t),
            met_word(m)
        ));
        if m {
            let cap = rules.punteggio.massimo;
            if cap > hundred {
                let over = match op {
                    Op::Ge | Op::Gt if t > Decimal::ZERO && a >= Decimal::ZERO => {
                        ratio_pct(a, t).map(|r| ("consuntivo/target×100", it(a), it(t), r))
                    }
                    Op::Le | Op::Lt if t > Decimal::ZERO && a > Decimal::ZERO => {
                        ratio_pct(t, a).map(|r| ("target/consuntivo×100", it(t), it(a), r))
                    }
                    _ => None,
                };
                if let Some((name, x, y, r)) = over {
                    let v = text::round(r, dp).max(hundred).min(cap);
                    return Outcome::Scored {
                        attainment: v,
                        formula: format!(
                            "{name} = {x}/{y}×100 = {} (condizione soddisfatta, massimo {}) → {}",
                            it(text::round(r, dp)),
                            it(cap),
                            it(v)
                        ),
                    };
                }
            }
            return Outcome::Scored {
                attainment: hundred,
                formula: format!(
                    "condizione soddisfatta ({} {} {}) → 100",
                    it(a),
                    op.symbol(),
                    it(t)
                ),
            };
        }
        let zero = |why: &str| Outcome::Scored {
            attainment: Decimal::ZERO,
            formula: format!(
                "condizione non soddisfatta ({} {} {}) e rapporto non significativo ({why}) → 0",
                it(a),
                op.symbol(),
                it(t)
            ),
        };
        if t <= Decimal::ZERO {
            return zero("target ≤ 0");
        }
        if a < Decimal::ZERO {
            return zero("consuntivo negativo");
        }
        let (name, x, y) = match op {
            Op::Ge | Op::Gt | Op::None => ("consuntivo/target×100", a, t),
            Op::Le | Op::Lt => ("target/consuntivo×100", t, a),
            Op::Eq => ("min/max×100", a.min(t), a.max(t)),
        };
        if y.is_zero() {
            return zero("divisione per zero");
        }
        let Some(r) = ratio_pct(x, y) else {
            return zero("valori fuori scala");
        };
        let rounded = text::round(r, dp).max(Decimal::ZERO);
        let ceiling = rules.punteggio.non_raggiunto_massimo;
        let mut formula = format!("{name} = {}/{}×100 = {}", it(x), it(y), it(rounded));
        let v = if rounded > ceiling {
            formula.push_str(&format!(
                " → {} (limite per condizione non soddisfatta)",
                it(ceiling)
            ));
            ceiling
        } else {
            rounded
        };
        Outcome::Scored {
            attainment: v,
            formula,
        }
    }

    pub(super) fn deadline(&mut self, done: NaiveDate, due: NaiveDate, op: Op) -> Outcome {
        let m = holds(&done, op, &due);
        self.trace.push(format!(
            "Condizione: completato il {} {} scadenza {} → {}",
            date_it(done),
            op.symbol(),
            date_it(due),
            met_word(m)
        ));
        let hundred = self.hundred();
        if m {
            return Outcome::Scored {
                attainment: hundred,
                formula: format!(
                    "completato il {}, scadenza {} ({}) → 100",
                    date_it(done),
                    date_it(due),
                    op.symbol()
                ),
            };
        }
        let s = &self.rules.scadenze;
        if s.graduata && matches!(op, Op::Le | Op::Lt) {
            let late = (done - due).num_days() + i64::from(op == Op::Lt);
            let grace = i64::from(s.giorni_tolleranza);
            if late <= grace {
                return Outcome::Scored {
                    attainment: hundred,
                    formula: format!(
                        "completato il {} con {late} giorni di ritardo, entro la tolleranza di {grace} giorni → 100",
                        date_it(done)
                    ),
                };
            }
            let lost = s
                .punti_per_giorno
                .checked_mul(Decimal::from(late - grace))
                .unwrap_or(hundred);
            let v = (hundred - lost.min(hundred))
                .max(Decimal::ZERO)
                .min(self.rules.punteggio.non_raggiunto_massimo);
            let v = text::round(v, self.rules.punteggio.decimali);
            return Outcome::Scored {
                attainment: v,
                formula: format!(
                    "100 − {} punti × {} giorni di ritardo oltre la tolleranza ({} giorni) = {}",
                    it(s.punti_per_giorno),
                    late - grace,
                    grace,
                    it(v)
                ),
            };
        }
        Outcome::Scored {
            attainment: Decimal::ZERO,
            formula: format!(
                "completato il {}, oltre la scadenza del {} → 0",
                date_it(done),
                date_it(due)
            ),
        }
    }

    fn ordinal(&mut self, actual: &str, target: &str, op: Op) -> Outcome {
        let Some((ts, tr)) = self.rules.ordinal_rank(target) else {
            let msg = format!("giudizio «{target}» non presente nelle scale delle regole");
            self.anomaly(AnomalyCode::TargetNonLetto, target.to_string(), msg.clone());
            return Outcome::NotAssessable(msg);
        };
        let Some((as_, ar)) = self.rules.ordinal_rank(actual) else {
            let msg =
                format!("giudizio «{actual}» del consuntivo non presente nelle scale delle regole");
            self.anomaly(
                AnomalyCode::ConsuntivoNonLetto,
                actual.to_string(),
                msg.clone(),
            );
            return Outcome::NotAssessable(msg);
        };
        if ts != as_ {
            let msg = format!("i giudizi «{actual}» e «{target}» appartengono a scale diverse");
            self.anomaly(
                AnomalyCode::ConsuntivoNonLetto,
                actual.to_string(),
                msg.clone(),
            );
            return Outcome::NotAssessable(msg);
        }
        let scale = self.rules.ordinali.scale[ts].join(" < ");
        let m = holds(&ar, op, &tr);
        self.trace.push(format!(
            "Condizione sulla scala {scale}: «{actual}» {} «{target}» → {}",
            op.symbol(),
            met_word(m)
        ));
        let v = if m { self.hundred() } else { Decimal::ZERO };
        Outcome::Scored {
            attainment: v,
            formula: format!(
                "«{actual}» {} «{target}»: {} → {}",
                op.symbol(),
                met_word(m),
                it(v)
            ),
        }
    }

    fn growth(&mut self, a: &ActualValue, g: Decimal, op: Op) -> Outcome {
        let variation = match a {
            ActualValue::Variation(v) => Some((*v, "il consuntivo è una variazione".to_string())),
            ActualValue::Number(v) | ActualValue::Percent(v) => self.trend_text().map(|t| {
                (
                    *v,
                    format!("la formula dell'indicatore è una variazione («{t}»)"),
                )
            }),
            _ => None,
        };
        if let Some((v, why)) = variation {
            self.trace.push(format!(
                "Il consuntivo {}% è confrontato con la crescita attesa {}%: {why}",
                it(v),
                it(g)
            ));
            return self.ratio(v, g, op);
        }
        let Some(v) = a.numeric() else {
            return self.mismatch(a, "un numero o una variazione percentuale");
        };
        match self.previous_value() {
            Ok((prev, why)) => {
                let factor = Decimal::ONE + g / self.hundred();
                let Some(t) = prev.checked_mul(factor) else {
                    return Outcome::NotAssessable("valori fuori scala".to_string());
                };
                let step = if g.is_sign_negative() {
                    format!("(1 − {}/100)", it(-g))
                } else {
                    format!("(1 + {}/100)", it(g))
                };
                self.trace.push(format!(
                    "Target calcolato: {} × (1 + crescita/100) = {} × {step} = {} ({why})",
                    self.base_name(),
                    it(prev),
                    it(t)
                ));
                self.ratio(v, t, op)
            }
            Err(reason) => Outcome::NotAssessable(reason),
        }
    }

    /// The formula or indicator text when it describes a variation over the
    /// previous year (`(N(t)-N(t-1))/N(t-1)*100`, "variazione percentuale").
    fn trend_text(&self) -> Option<String> {
        let g = &self.rules.variazioni;
        let texts = [self.r.formula.as_deref(), Some(self.r.indicator.as_str())];
        for t in texts.into_iter().flatten() {
            if text::first_match(t, &g.parole_variazione).is_some() {
                return Some(t.trim().to_string());
            }
            let compact: String = t
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            let mut marks = 0usize;
            let mut mark_dashes = 0usize;
            for m in &g.marcatori_anno_precedente {
                let mc: String = m
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .flat_map(char::to_lowercase)
                    .collect();
                if mc.is_empty() {
                    continue;
                }
                let n = compact.matches(mc.as_str()).count();
                marks += n;
                mark_dashes += n * mc.matches('-').count();
            }
            let dashes = compact.matches('-').count();
            if marks > 0 && dashes > mark_dashes && compact.contains('/') {
                return Some(t.trim().to_string());
            }
        }
        None
    }

    /// What the base value is called in the trace.
    fn base_name(&self) -> String {
        match self.r.target.base_year {
            Some(y) => format!("valore del {y}"),
            None => "valore dell'anno precedente".to_string(),
        }
    }

    /// The previous-year value: `prev_value` of year target−1, else the
    /// baseline when its year is target−1. When the target names its base
    /// year (`≥ valore 2024`), that year instead of target−1. Records an
    /// anomaly when missing.
    fn previous_value(&mut self) -> Result<(Decimal, String), String> {
        let r = self.r;
        if let Some(base) = r.target.base_year {
            return self.value_of_year(base, "anno indicato nel target");
        }
        let Some(year) = r.target_year.or(r.target.year) else {
            let msg = "anno del target sconosciuto: impossibile verificare il valore dell'anno precedente".to_string();
            self.anomaly(
                AnomalyCode::AnnoPrecedenteMancante,
                r.target_raw.clone(),
                msg.clone(),
            );
            return Err(msg);
        };
        self.value_of_year(year - 1, &format!("anno precedente al {year}"))
    }

    /// The value of year `want` from `prev_value` or the baseline; `what`
    /// says why that year (for the message when missing).
    fn value_of_year(&mut self, want: i32, what: &str) -> Result<(Decimal, String), String> {
        let r = self.r;
        if let Some((y, v)) = r.prev_value.as_deref() {
            if *y == want {
                if let Some(d) = v.numeric() {
                    return Ok((d, format!("consuntivo {want}")));
                }
            }
        }
        if r.baseline_year == Some(want) {
            if let Some(d) = r.baseline.as_ref().and_then(ActualValue::numeric) {
                return Ok((d, format!("baseline {want}")));
            }
        }
        let mut found = Vec::new();
        if let Some((y, _)) = r.prev_value.as_deref() {
            found.push(format!("valore precedente del {y}"));
        }
        if r.baseline.is_some() {
            match r.baseline_year {
                Some(y) => found.push(format!("baseline del {y}")),
                None => found.push("baseline di anno non indicato".to_string()),
            }
        }
        let have = if found.is_empty() {
            "nessun valore precedente disponibile".to_string()
        } else {
            format!("disponibile solo: {}", found.join(", "))
        };
        let msg = format!("serve il valore del {want} ({what}): {have}; indicatore non valutabile");
        self.anomaly(
            AnomalyCode::AnnoPrecedenteMancante,
            r.target_raw.clone(),
            msg.clone(),
        );
        Err(msg)
    }
}

/// `x / y × 100`, `None` on division by zero or overflow.
fn ratio_pct(x: Decimal, y: Decimal) -> Option<Decimal> {
    x.checked_div(y)?.checked_mul(Decimal::from(100))
}
