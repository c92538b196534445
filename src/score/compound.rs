//! Two conditions of one target that must both hold ([`Record::target2`]):
//! a range (`tra 10 e 15` → `>= 10` and `<= 15`) and a value by a deadline
//! (`95% entro il 30/06/2025`).
//!
//! - Range: inside (bounds included) → 100; outside, by `[intervalli]
//!   fuori_intervallo`: `rapporto` (default) scores the condition crossed as
//!   usual — below the low end actual/low×100 like `>=`, above the high end
//!   high/actual×100 like `<=`, capped like any condition not met — or `zero`.
//! - Value by a deadline: the value is scored as usual; when the actual
//!   carries the date it was reached (`96% al 15/06/2025`, or a `Data di
//!   raggiungimento` column: [`Record::actual_date`]), that date is
//!   checked against the deadline under `[scadenze]` and a missed deadline
//!   lowers the attainment to the deadline's score (0 unless graded). With no
//!   date the value is taken as measured at the deadline, and the trace says so.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{Op, Record, Target, TargetValue};

use super::attainment::{date_it, Cx, Outcome};
use super::rules::OutsideRange;
use super::text::it;

/// The second condition for the trace's target line (`, scadenza 30/06/2025`,
/// `, e al massimo 15`).
pub(super) fn describe_second(t: &Target) -> String {
    match &t.value {
        TargetValue::Date(d) => format!(", scadenza {}", date_it(*d)),
        v => match v.numeric() {
            Some(n) if matches!(v, TargetValue::Percent(_)) => {
                format!(", e {} {}%", t.op.italian(), it(n))
            }
            Some(n) => format!(", e {} {}", t.op.italian(), it(n)),
            None => String::new(),
        },
    }
}

impl Cx<'_> {
    /// Applies the record's second condition, if any, to the outcome of the first.
    pub(super) fn second_condition(&mut self, first: Outcome) -> Outcome {
        let r: &Record = self.r;
        let Some(t2) = r.target2.as_ref() else {
            return first;
        };
        let Outcome::Scored {
            attainment,
            formula,
        } = first
        else {
            return first;
        };
        match &t2.value {
            TargetValue::Date(due) => self.by_deadline((attainment, formula), *due, t2.op),
            TargetValue::Number(hi) | TargetValue::Percent(hi) => {
                self.range_end((attainment, formula), *hi, t2.op)
            }
            _ => Outcome::NotAssessable(format!(
                "seconda condizione del target non valutabile («{}»)",
                r.target_raw.trim()
            )),
        }
    }

    fn range_end(&mut self, (a1, f1): (Decimal, String), hi: Decimal, op: Op) -> Outcome {
        let hundred = self.hundred();
        let (Some(a), Some(lo)) = (
            self.r.actual.as_ref().and_then(|a| a.numeric()),
            self.r.target.value.numeric(),
        ) else {
            return Outcome::NotAssessable("intervallo non confrontabile".to_string());
        };
        let op = if op == Op::None { Op::Le } else { op };
        let Outcome::Scored {
            attainment: a2,
            formula: f2,
        } = self.ratio(a, hi, op)
        else {
            return Outcome::NotAssessable("intervallo non confrontabile".to_string());
        };
        let span = format!("{}–{}", it(lo), it(hi));
        if a1 >= hundred && a2 >= hundred {
            self.trace.push(format!(
                "Intervallo {span}: entrambe le condizioni soddisfatte"
            ));
            return Outcome::Scored {
                attainment: hundred,
                formula: format!("consuntivo {} compreso nell'intervallo {span} → 100", it(a)),
            };
        }
        let (side, att, f) = if a1 < hundred {
            ("sotto", a1, f1)
        } else {
            ("sopra", a2, f2)
        };
        match self.rules.intervalli.fuori_intervallo {
            OutsideRange::Rapporto => {
                self.trace.push(format!(
                    "Intervallo {span}: consuntivo {side} l'intervallo, conta la condizione non soddisfatta (regola [intervalli] fuori_intervallo = \"rapporto\")"
                ));
                Outcome::Scored {
                    attainment: att,
                    formula: format!("{side} l'intervallo {span}: {f}"),
                }
            }
            OutsideRange::Zero => {
                self.trace.push(format!(
                    "Intervallo {span}: consuntivo {side} l'intervallo → 0 (regola [intervalli] fuori_intervallo = \"zero\")"
                ));
                Outcome::Scored {
                    attainment: Decimal::ZERO,
                    formula: format!("consuntivo {} {side} l'intervallo {span} → 0", it(a)),
                }
            }
        }
    }

    fn by_deadline(&mut self, (a1, f1): (Decimal, String), due: NaiveDate, op: Op) -> Outcome {
        let op = if op == Op::None { Op::Le } else { op };
        let Some(done) = self.r.actual_date else {
            self.trace.push(format!(
                "Scadenza {}: il consuntivo non indica la data di raggiungimento, il valore è considerato misurato alla scadenza",
                date_it(due)
            ));
            return Outcome::Scored {
                attainment: a1,
                formula: format!("{f1} (valore alla scadenza del {})", date_it(due)),
            };
        };
        let Outcome::Scored {
            attainment: a2,
            formula: f2,
        } = self.deadline(done, due, op)
        else {
            return Outcome::NotAssessable("scadenza non confrontabile".to_string());
        };
        if a2 >= self.hundred() {
            return Outcome::Scored {
                attainment: a1,
                formula: format!("{f1}; raggiunto il {}, in tempo", date_it(done)),
            };
        }
        let v = a1.min(a2);
        self.trace.push(format!(
            "Valore e scadenza devono essere entrambi rispettati: conta il minore ({} e {}) → {}",
            it(a1),
            it(a2),
            it(v)
        ));
        Outcome::Scored {
            attainment: v,
            formula: format!("valore: {f1}; scadenza: {f2} → {}", it(v)),
        }
    }
}
