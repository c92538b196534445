//! Monthly monitoring: pro-rata projections of cumulative volume indicators.
//!
//! During the year the actual of a cumulative indicator (e.g. the number of
//! events held, Tipologia `Volume`, target `>= 12`) is the value to date. Its
//! year-end attainment is not yet meaningful, so a projection is added beside
//! it: the value expected by the period pro rata, `target × months / 12`, and
//! the attainment against that, `actual / expected × 100`, capped and banded
//! like attainment. Which Tipologie are cumulative is set in the rules file
//! (`[tipologie] volume_cumulativo`); only higher-is-better (`>=`, `>`)
//! number targets are projected.

use rust_decimal::Decimal;

use crate::layout::headers::fold;
use crate::model::{ActualValue, Op, Projection, Record, TargetValue};

use super::{status_of, Rules};

/// The projection of one scored record at `months` (1..=11), when it applies.
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
/// assert_eq!(p.expected, Decimal::from(6));
/// assert_eq!(p.attainment, Decimal::new(8333, 2));
/// ```
pub fn projection(record: &Record, rules: &Rules, months: u32) -> Option<Projection> {
    if !(1..12).contains(&months) {
        return None;
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
        expected: expected.round_dp(rules.punteggio.decimali.max(2)),
        attainment,
        status: status_of(Some(attainment), rules),
    })
}

/// Adds the projection at `months` to every record it applies to.
pub fn project_all(records: &mut [Record], rules: &Rules, months: u32) {
    for r in records.iter_mut() {
        r.projection = projection(r, rules, months);
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
        assert_eq!(p.expected, Decimal::from(6));
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
