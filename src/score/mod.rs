//! Attainment: polarity, per-indicator scores and weighted roll-ups.
//!
//! Every number and word list comes from [`Rules`] (defaults = the "Default
//! attainment rules" of DOMAIN.md, shipped as `templates/regole.toml`). Every
//! score carries the formula applied and an Italian step-by-step trace, so a
//! control office can defend each figure in front of its OIV.
//!
//! Arithmetic is [`rust_decimal::Decimal`] only; nothing here panics on input.

mod attainment;
mod compound;
pub mod polarity;
mod projection;
mod rollup;
mod rules;
mod text;
mod thresholds;

pub use attainment::{evaluate, status_of, Evaluation};
pub use projection::{project_all, projection};
pub use rollup::summarise;
pub use rules::{
    Bands, DeadlineRules, GrowthRules, OrdinalRules, OutsideRange, PolarityRules, RangeRules,
    Rules, RulesError, Scoring, TipologiaRules, WeightRules,
};
pub use thresholds::{Band, BandScale, BandScore, BodyScale, IndicatorScale, ThresholdRules};

use rayon::prelude::*;

use crate::model::{Record, Score};

/// Scores one indicator (the anomalies found on the way are dropped; use
/// [`evaluate`] or [`score_all`] to keep them).
///
/// ```
/// # use cruscotto::model::*;
/// # use cruscotto::score::{score, Rules};
/// # use rust_decimal::Decimal;
/// let target = Target::new(Op::None, TargetValue::Percent(Decimal::from(95)));
/// let mut r = Record::new(Location::row("f.xlsx", "S", 2), "Cancellazioni effettuate", target);
/// r.target_raw = "95%".into();
/// r.target_year = Some(2022);
/// r.actual_raw = Some("68,6%".into());
/// r.actual = Some(ActualValue::Percent(Decimal::new(686, 1)));
/// let s = score(&r, &Rules::default());
/// assert_eq!(s.attainment, Some(Decimal::new(7221, 2)));
/// assert_eq!(s.status, Status::Parziale);
/// assert_eq!(s.formula, "consuntivo/target×100 = 68,6/95×100 = 72,21");
/// ```
pub fn score(record: &Record, rules: &Rules) -> Score {
    evaluate(record, rules).score
}

/// Scores every record in place: sets `record.score` and appends the
/// anomalies found (polarity inferences, missing previous-year values, …).
/// Running it twice does not duplicate anomalies.
///
/// ```
/// # use cruscotto::model::*;
/// # use cruscotto::score::{score_all, Rules};
/// # use rust_decimal::Decimal;
/// let target = Target::new(Op::None, TargetValue::Number(Decimal::from(30)));
/// let mut r = Record::new(Location::row("f.xlsx", "S", 2), "Tempo medio di pagamento", target);
/// r.target_raw = "30".into();
/// r.actual_raw = Some("25".into());
/// r.actual = Some(ActualValue::Number(Decimal::from(25)));
/// let mut v = vec![r];
/// score_all(&mut v, &Rules::default());
/// assert_eq!(v[0].score.as_ref().unwrap().polarity, Op::Le);
/// assert_eq!(v[0].anomalies[0].code, AnomalyCode::Inferenza);
/// ```
pub fn score_all(records: &mut [Record], rules: &Rules) {
    score_all_with(records, rules, false);
}

/// [`score_all`], keeping of each trace only what the reports cite when
/// `brief` (see [`brief_trace`]): a run that writes tables and reports
/// does not hold a few hundred bytes of explanation per indicator.
///
/// ```
/// # use cruscotto::model::*;
/// # use cruscotto::score::{score_all_with, Rules};
/// # use rust_decimal::Decimal;
/// let target = Target::new(Op::Ge, TargetValue::Number(Decimal::from(30)));
/// let mut r = Record::new(Location::row("f.xlsx", "S", 2), "Eventi", target);
/// r.actual = Some(ActualValue::Number(Decimal::from(25)));
/// let mut v = vec![r];
/// score_all_with(&mut v, &Rules::default(), true);
/// let s = v[0].score.as_ref().unwrap();
/// assert_eq!(s.formula, "consuntivo/target×100 = 25/30×100 = 83,33");
/// assert!(s.trace.is_empty() && s.trace.capacity() == 0);
/// ```
pub fn score_all_with(records: &mut [Record], rules: &Rules, brief: bool) {
    // Records are scored independently: on every core, in place.
    records.par_iter_mut().for_each(|r| {
        let mut ev = evaluate(r, rules);
        for a in ev.anomalies {
            if !r.anomalies.contains(&a) {
                r.anomalies.push(a);
            }
        }
        if brief {
            brief_trace(&mut ev.score.trace);
        }
        r.score = Some(ev.score);
    });
}

/// The rule a report's criterion cites from a trace line: the indicator's
/// own thresholds or score bands (`soglie dell'indicatore (…)`, `fasce
/// dell'indicatore (…)`), `None` for any other line.
///
/// ```
/// use cruscotto::score::cited_rule;
/// assert_eq!(cited_rule("Regola: fasce dell'indicatore (≥ 95% → 100)"),
///     Some("fasce dell'indicatore (≥ 95% → 100)"));
/// assert_eq!(cited_rule("Regola: rapporto tra consuntivo e target"), None);
/// ```
pub fn cited_rule(line: &str) -> Option<&str> {
    line.strip_prefix("Regola: ")
        .filter(|r| r.starts_with("soglie") || r.starts_with("fasce"))
}

/// Keeps of `trace` only the lines [`cited_rule`] finds (usually none), in
/// an allocation of their own size: `explain --row` and the web page, which
/// show the whole trace, score without it.
pub fn brief_trace(trace: &mut Vec<String>) {
    trace.retain(|l| cited_rule(l).is_some());
    // No lines left: no allocation left either.
    trace.shrink_to_fit();
}

#[cfg(test)]
pub(crate) mod tests;
