//! Italian renderings of targets for the report cells.

use crate::model::{Op, Target, TargetValue};
use crate::value::format_it;

fn with_op(op: Op, rest: &str) -> String {
    match op {
        Op::None => rest.to_string(),
        o => format!("{} {rest}", o.italian()),
    }
}

/// The target as read, as a short Italian phrase (`almeno 95%`,
/// `entro il 30/06/2022`, `sì`).
///
/// ```
/// use cruscotto::model::{Op, Target, TargetValue};
/// use cruscotto::report::target_phrase;
/// use rust_decimal::Decimal;
/// let t = Target::new(Op::Ge, TargetValue::Percent(Decimal::new(955, 1)));
/// assert_eq!(target_phrase(&t), "almeno 95,5%");
/// ```
pub fn target_phrase(t: &Target) -> String {
    let op = t.op;
    let s = match &t.value {
        TargetValue::Number(d) => with_op(op, &format_it(*d)),
        TargetValue::Percent(d) => with_op(op, &format!("{}%", format_it(*d))),
        TargetValue::Date(d) => {
            let date = d.format("%d/%m/%Y").to_string();
            match op {
                Op::Le | Op::None => format!("entro il {date}"),
                Op::Lt => format!("prima del {date}"),
                Op::Eq => format!("il {date}"),
                Op::Ge => format!("dal {date}"),
                Op::Gt => format!("dopo il {date}"),
            }
        }
        TargetValue::Bool(true) => "sì".to_string(),
        TargetValue::Bool(false) => "no".to_string(),
        TargetValue::Ordinal(w) => with_op(op, w),
        TargetValue::Rating { value, scale } => with_op(
            op,
            &format!("{} su {}", format_it(*value), format_it(*scale)),
        ),
        TargetValue::Rate { num, den } => {
            with_op(op, &format!("{} ogni {}", format_it(*num), format_it(*den)))
        }
        TargetValue::Growth(g) => {
            let sign = if g.is_sign_negative() { "" } else { "+" };
            let base = t
                .base_year
                .map_or("all'anno precedente".to_string(), |y| format!("al {y}"));
            with_op(op, &format!("{sign}{}% rispetto {base}", format_it(*g)))
        }
        TargetValue::PrevYear => match t.base_year {
            Some(y) => with_op(op, &format!("il valore del {y}")),
            None => with_op(op, "il valore dell'anno precedente"),
        },
        TargetValue::Na => "non disponibile".to_string(),
        TargetValue::Text(_) => "non interpretato".to_string(),
    };
    match t.year {
        Some(y) => format!("{s} (anno {y})"),
        None => s,
    }
}

/// The target of a record with its second condition, when it has one:
/// `almeno 10 e al massimo 15`, `95% entro il 30/06/2025`.
///
/// ```
/// use cruscotto::model::{Op, Target, TargetValue};
/// use cruscotto::report::targets_phrase;
/// let lo = Target::new(Op::Ge, TargetValue::Number(10.into()));
/// let hi = Target::new(Op::Le, TargetValue::Number(15.into()));
/// assert_eq!(targets_phrase(&lo, Some(&hi)), "almeno 10 e al massimo 15");
/// assert_eq!(targets_phrase(&lo, None), "almeno 10");
/// ```
pub fn targets_phrase(t: &Target, t2: Option<&Target>) -> String {
    match t2 {
        Some(d) if matches!(d.value, TargetValue::Date(_)) => {
            format!("{} {}", target_phrase(t), target_phrase(d))
        }
        Some(u) => format!("{} e {}", target_phrase(t), target_phrase(u)),
        None => target_phrase(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn t(op: Op, value: TargetValue) -> Target {
        Target::new(op, value)
    }

    #[test]
    fn italian_numbers() {
        assert_eq!(format_it(Decimal::from(0)), "0");
        assert_eq!(format_it(Decimal::from(999)), "999");
        assert_eq!(format_it(Decimal::from(1000)), "1.000");
        assert_eq!(format_it(Decimal::new(-3000, 3)), "-3");
        assert_eq!(format_it(Decimal::new(123456789, 2)), "1.234.567,89");
    }

    #[test]
    fn phrases() {
        let d = NaiveDate::from_ymd_opt(2022, 6, 30).unwrap();
        assert_eq!(
            target_phrase(&t(Op::None, TargetValue::Date(d))),
            "entro il 30/06/2022"
        );
        assert_eq!(
            target_phrase(&t(Op::Le, TargetValue::Number(Decimal::from(30)))),
            "al massimo 30"
        );
        assert_eq!(target_phrase(&t(Op::Eq, TargetValue::Bool(true))), "sì");
        assert_eq!(
            target_phrase(&t(Op::Ge, TargetValue::Growth(Decimal::from(15)))),
            "almeno +15% rispetto all'anno precedente"
        );
        assert_eq!(
            target_phrase(&t(
                Op::None,
                TargetValue::Rate {
                    num: Decimal::from(80),
                    den: Decimal::from(10000)
                }
            )),
            "80 ogni 10.000"
        );
        let mut y = t(Op::Ge, TargetValue::Ordinal("buono".into()));
        y.year = Some(2023);
        assert_eq!(target_phrase(&y), "almeno buono (anno 2023)");
        assert_eq!(
            target_phrase(&t(Op::None, TargetValue::Na)),
            "non disponibile"
        );
    }
}
