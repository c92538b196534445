//! Monitoring during the year: pro-rata projections of cumulative volume
//! indicators, or the plan's own target for the period.
//!
//! During the year the actual of a cumulative indicator (e.g. the number of
//! events held, Tipologia `Volume`, target `>= 12`) is the value to date. Its
//! year-end attainment is not yet meaningful, so a projection is added beside
//! it: the value expected by the period pro rata, `target × months / 12`
//! (a semestre: × 6/12, a trimestre: × 3/12, a quadrimestre: × 4/12), and
//! the attainment against that, `actual / expected × 100`, capped and banded
//! like attainment. Which Tipologie are cumulative is set in the rules file
//! (`[tipologie] volume_cumulativo`); only higher-is-better (`>=`, `>`)
//! number targets are projected.
//!
//! When the plan has a target column for the period (`Target I semestre`,
//! `Target al 30/06`), its target is used instead of the pro-rata, for any
//! indicator: the actual is scored against it with the ordinary rules.

use rust_decimal::Decimal;

use crate::layout::headers::fold;
use crate::model::{ActualValue, Op, Projection, Record, TargetValue};

use super::{evaluate, status_of, Rules};

/// The projection of one scored record at `months` (1..=11), when it
/// applies: against the record's period target when it has one for
/// `months` (see [`Record::period_target`]), else pro rata.
///
/// ```
/// use cruscotto::model::*;
/// use cruscotto::score::{projection, score, Rules};
/// use rust_decimal::Decimal;
/// let target = Target::new(Op::Ge, TargetValue::Number(Decimal::from(12)));
/// let mut r = Record::new(Location::row("f.xlsx", "S", 2), "Eventi realizzati", target);
/// r.tipologia = Some("Volume".into());
/// r.actual = Some(ActualValue::Number(Decimal::from(5)));
/// r.score = Some(score(&r, &Rules::default()));
/// let p = projection(&r, &Rules::default(), 6).unwrap();
/// assert_eq!(p.expected, Some(Decimal::from(6)));
/// assert_eq!(p.attainment, Decimal::new(8333, 2));
/// ```
pub fn projection(record: &Record, rules: &Rules, months: u32) -> Option<Projection> {
    if !(1..12).contains(&months) {
        return None;
    }
    if let Some(p) = record.period_target.as_ref().filter(|p| p.months == months) {
        return against_period_target(record, rules, p);
    }
    let tip = fold(record.tipologia.as_deref()?);
    if !rules
        .tipologie
        .volume_cumulativo
        .iter()
        .any(|v| fold(v) == tip)
    {
        return None;
    }
    let polarity = record.score.as_ref().map(|s| s.polarity)?;
    if !matches!(polarity, Op::Ge | Op::Gt) {
        return None;
    }
    let TargetValue::Number(target) = record.target.value else {
        return None;
    };
    let Some(ActualValue::Number(actual)) = record.actual else {
        return None;
    };
    if target <= Decimal::ZERO || actual < Decimal::ZERO {
        return None;
    }
    let expected = target * Decimal::from(months) / Decimal::from(12);
    let ratio = actual.checked_mul(Decimal::ONE_HUNDRED)? / expected;
    let attainment = ratio
        .min(rules.punteggio.massimo)
        .round_dp(rules.punteggio.decimali);
    Some(Projection {
        months,
        expected: Some(expected.round_dp(rules.punteggio.decimali.max(2))),
        attainment,
        status: status_of(Some(attainment), rules),
        period_target: None,
    })
}

/// The actual scored against the plan's target for the period, with the
/// ordinary rules (polarity, caps, bands); `None` when not assessable.
fn against_period_target(
    record: &Record,
    rules: &Rules,
    p: &crate::model::PeriodTarget,
) -> Option<Projection> {
    let mut at_period = record.clone();
    at_period.target = p.target.clone();
    at_period.target_raw = p.raw.clone();
    at_period.op_column = p.op_column;
    at_period.period_target = None;
    let score = evaluate(&at_period, rules).score;
    let attainment = score.attainment?;
    Some(Projection {
        months: p.months,
        expected: p.target.value.numeric(),
        attainment,
        status: score.status,
        period_target: Some(p.raw.clone()),
    })
}

/// Adds the projection at `months` to every record it applies to.
pub fn project_all(records: &mut [Record], rules: &Rules, months: u32) {
    for r in records.iter_mut() {
        r.projection = projection(r, rules, months).map(Box::new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, Target};
    use crate::score::tests::rec;

    fn volume(target: i64, actual: i64) -> Record {
        let mut r = rec(
            "Eventi realizzati",
            TargetValue::Number(Decimal::from(target)),
            Some(ActualValue::Number(Decimal::from(actual))),
        );
        r.tipologia = Some("Volume".into());
        r.target = Target::new(Op::Ge, TargetValue::Number(Decimal::from(target)));
        r.score = Some(crate::score::score(&r, &Rules::default()));
        r
    }

    #[test]
    fn pro_rata_at_mid_year() {
        let r = volume(12, 6);
        let p = projection(&r, &Rules::default(), 6).unwrap();
        assert_eq!(p.expected, Some(Decimal::from(6)));
        assert_eq!(p.attainment, Decimal::from(100));
        assert_eq!(p.status, Status::Raggiunto);
        let p = projection(&volume(12, 2), &Rules::default(), 6).unwrap();
        assert_eq!(p.attainment, Decimal::new(3333, 2));
        assert_eq!(p.status, Status::NonRaggiunto);
        // Capped like attainment.
        let p = projection(&volume(12, 12), &Rules::default(), 3).unwrap();
        assert_eq!(p.attainment, Decimal::from(100));
    }

    #[test]
    fn semester_pro_rata_worked_by_hand() {
        // Target 100 (volume), actual 55 at 2025-S1 (6 months):
        // expected 100 × 6/12 = 50; 55/50 × 100 = 110, capped at 100.
        let r = volume(100, 55);
        let p = projection(&r, &Rules::default(), 6).unwrap();
        assert_eq!(p.expected, Some(Decimal::from(50)));
        assert_eq!(p.attainment, Decimal::from(100));
        assert_eq!(p.status, Status::Raggiunto);
        assert_eq!(p.period_target, None);
        // A cap of 120 in the rules keeps the 110.
        let mut rules = Rules::default();
        rules.punteggio.massimo = Decimal::from(120);
        let p = projection(&r, &rules, 6).unwrap();
        assert_eq!(p.attainment, Decimal::from(110));
        // A trimestre (3 months): expected 25, 20/25 = 80 → partial.
        let p = projection(&volume(100, 20), &Rules::default(), 3).unwrap();
        assert_eq!(p.expected, Some(Decimal::from(25)));
        assert_eq!(p.attainment, Decimal::from(80));
        assert_eq!(p.status, Status::Parziale);
        // A quadrimestre (4 months): expected 100 × 4/12 = 33,33.
        let p = projection(&volume(100, 30), &Rules::default(), 4).unwrap();
        assert_eq!(p.expected, Some(Decimal::new(3333, 2)));
        assert_eq!(p.attainment, Decimal::from(90));
    }

    #[test]
    fn period_target_replaces_the_pro_rata() {
        use crate::model::PeriodTarget;
        // Target 100, period target 40 for the first semester, actual 30:
        // 30/40 × 100 = 75 (the pro-rata would give 30/50 = 60).
        let mut r = volume(100, 30);
        r.period_target = Some(Box::new(PeriodTarget {
            months: 6,
            raw: ">= 40".into(),
            target: Target {
                op: Op::Ge,
                value: TargetValue::Number(Decimal::from(40)),
                year: None,
                base_year: None,
            },
            op_column: None,
        }));
        let p = projection(&r, &Rules::default(), 6).unwrap();
        assert_eq!(p.expected, Some(Decimal::from(40)));
        assert_eq!(p.attainment, Decimal::from(75));
        assert_eq!(p.status, Status::Parziale);
        assert_eq!(p.period_target.as_deref(), Some(">= 40"));
        // Another period: the pro-rata again.
        let p = projection(&r, &Rules::default(), 3).unwrap();
        assert_eq!(p.period_target, None);
        assert_eq!(p.expected, Some(Decimal::from(25)));
        // Any indicator, not only cumulative volumes: a percentage.
        let mut q = rec(
            "Pratiche evase nei termini",
            TargetValue::Percent(Decimal::from(95)),
            Some(ActualValue::Percent(Decimal::from(72))),
        );
        q.score = Some(crate::score::score(&q, &Rules::default()));
        q.period_target = Some(Box::new(PeriodTarget {
            months: 6,
            raw: "80%".into(),
            target: Target {
                op: Op::None,
                value: TargetValue::Percent(Decimal::from(80)),
                year: None,
                base_year: None,
            },
            op_column: None,
        }));
        let p = projection(&q, &Rules::default(), 6).unwrap();
        assert_eq!(p.attainment, Decimal::from(90));
        assert_eq!(p.expected, Some(Decimal::from(80)));
    }

    #[test]
    fn only_cumulative_higher_is_better_during_the_year() {
        let rules = Rules::default();
        assert!(projection(&volume(12, 6), &rules, 12).is_none());
        assert!(projection(&volume(12, 6), &rules, 0).is_none());
        let mut r = volume(12, 6);
        r.tipologia = Some("Efficacia".into());
        assert!(projection(&r, &rules, 6).is_none());
        let mut r = volume(12, 6);
        r.tipologia = None;
        assert!(projection(&r, &rules, 6).is_none());
        let mut r = volume(0, 6);
        r.score = Some(crate::score::score(&r, &rules));
        assert!(projection(&r, &rules, 6).is_none());
    }
}
