//! Per-indicator thresholds and score bands, as the performance suites
//! score (GZoom's threshold rule, PERFORM+'s bands), and the body-wide
//! partial scale of the rules file.
//!
//! **Thresholds.** With a minimum (`Soglia minima`) and the target, for a
//! higher-is-better indicator: below the minimum → 0; from the minimum to the
//! target → linear from `[soglie] punteggio_soglia` (default 0) to 100 (capped
//! like any unmet condition); at or above the target → 100, and with an
//! excellence value (`Eccellenza`) linear from 100 at the target to the
//! rules' `[punteggio] massimo` at the excellence (so with the default
//! `massimo = 100` excellence adds nothing). Lower-is-better is the mirror
//! image (minimum above the target, excellence below it). Thresholds in the
//! wrong order are reported and the ordinary ratio is used.
//!
//! **Bands.** A cell such as `≥ 95% → 100; 80–95% → 80; < 80% → 0` maps the
//! actual value to a score, first matching band wins; `X–Y` holds from X
//! to Y, both included except an end another band includes (`≥ 95% → 100;
//! 80–95% → 80`: 95 scores 100); a score may be `valore`, the attainment
//! computed by the other rules. The rules file's `[scala] fasce` uses the same
//! grammar on the computed attainment (`< 60 → 0; ≥ 60 → valore`).

use std::fmt;

use rust_decimal::Decimal;

use crate::value;

/// A band's score: a fixed number or the attainment computed otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandScore {
    /// A fixed attainment.
    Fixed(Decimal),
    /// `valore`: the attainment computed by the other rules.
    Value,
}

/// One band: a lower and an upper bound (each with whether it is
/// included) and the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// Lower bound and whether it is included.
    pub lower: Option<(Decimal, bool)>,
    /// Upper bound and whether it is included.
    pub upper: Option<(Decimal, bool)>,
    /// Score when the value falls in the band.
    pub score: BandScore,
}

impl Band {
    /// Whether `v` falls in the band.
    pub fn contains(&self, v: Decimal) -> bool {
        let above = match self.lower {
            Some((l, true)) => v >= l,
            Some((l, false)) => v > l,
            None => true,
        };
        let below = match self.upper {
            Some((u, true)) => v <= u,
            Some((u, false)) => v < u,
            None => true,
        };
        above && below
    }
}

/// A list of bands as written (`≥ 95% → 100; 80–95% → 80; < 80% → 0`).
///
/// ```
/// use cruscotto::score::{BandScale, BandScore};
/// use rust_decimal::Decimal;
/// let b = BandScale::parse("≥ 95% → 100; 80–95% → 80; < 80% → 0").unwrap();
/// assert_eq!(b.score_of(Decimal::from(97)), Some(BandScore::Fixed(100.into())));
/// assert_eq!(b.score_of(Decimal::from(95)), Some(BandScore::Fixed(100.into())));
/// assert_eq!(b.score_of(Decimal::from(80)), Some(BandScore::Fixed(80.into())));
/// assert_eq!(b.score_of(Decimal::new(799, 1)), Some(BandScore::Fixed(0.into())));
/// assert!(BandScale::parse("più di 90 → 100").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BandScale {
    /// The text as written.
    pub raw: String,
    /// The bands, in order.
    pub bands: Vec<Band>,
}

fn number(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    let parsed = if t.contains('%') {
        value::parse_percent(t)
    } else {
        value::parse_number(t)
    };
    parsed.map_err(|e| format!("«{t}»: {e}"))
}

fn band(item: &str) -> Result<Band, String> {
    let (lhs, rhs) = ["→", "->", "⇒"]
        .iter()
        .find_map(|arrow| item.split_once(arrow))
        .ok_or_else(|| {
            format!(
                "«{}»: manca la freccia → tra condizione e punteggio",
                item.trim()
            )
        })?;
    let rhs = rhs.trim();
    let score = if rhs.eq_ignore_ascii_case("valore") {
        BandScore::Value
    } else {
        BandScore::Fixed(number(rhs)?)
    };
    let lhs = lhs.trim();
    let ops: [(&str, bool, bool); 8] = [
        // (prefix, is lower bound, included)
        ("≥", true, true),
        (">=", true, true),
        ("≤", false, true),
        ("<=", false, true),
        (">", true, false),
        ("<", false, false),
        ("oltre", true, false),
        ("fino a", false, true),
    ];
    for (p, lower, incl) in ops {
        if let Some(rest) = lhs.strip_prefix(p) {
            let v = number(rest)?;
            return Ok(if lower {
                Band {
                    lower: Some((v, incl)),
                    upper: None,
                    score,
                }
            } else {
                Band {
                    lower: None,
                    upper: Some((v, incl)),
                    score,
                }
            });
        }
    }
    // A range: `80–95%`, `80 - 95`, `da 80 a 95`, `tra 80 e 95`.
    let folded = lhs.to_lowercase();
    let inner = folded
        .strip_prefix("da ")
        .map(|r| r.replacen(" a ", "–", 1))
        .or_else(|| {
            folded
                .strip_prefix("tra ")
                .map(|r| r.replacen(" e ", "–", 1))
        })
        .unwrap_or(folded.clone());
    let (lo, hi) = inner
        .split_once(['–', '—'])
        .or_else(|| inner.split_once(" - "))
        .or_else(|| inner.split_once('-'))
        .ok_or_else(|| format!("«{lhs}»: condizione non compresa (usare ≥ X, < X, X–Y)"))?;
    // `80–95%`: the percent sign of the upper bound holds for both.
    let lo = if hi.contains('%') && !lo.contains('%') {
        format!("{}%", lo.trim())
    } else {
        lo.to_string()
    };
    let (l, h) = (number(&lo)?, number(hi)?);
    if l > h {
        return Err(format!("«{lhs}»: estremi in ordine inverso"));
    }
    // Both ends included for now: [`BandScale::parse`] excludes an end
    // another band includes.
    Ok(Band {
        lower: Some((l, true)),
        upper: Some((h, true)),
        score,
    })
}

/// Whether band `b` is a range `X–Y` (both bounds).
fn is_range(b: &Band) -> bool {
    b.lower.is_some() && b.upper.is_some()
}

/// A range's end that another band includes belongs to that band, whatever
/// the order the bands are written in: `≥ 95% → 100; 80–95% → 80` gives 95
/// the 100; `≤ 20 → 100; 20–30 → 80; oltre 30 → 0` gives 20 the 100 and 30
/// the 80; `80–90 → 80; 90–100 → 90` gives 90 the 90.
fn settle_range_ends(bands: &mut [Band]) {
    for i in 0..bands.len() {
        if !is_range(&bands[i]) {
            continue;
        }
        let others_hold = |bands: &[Band], v: Decimal| {
            bands
                .iter()
                .enumerate()
                .any(|(j, b)| j != i && b.contains(v))
        };
        if let Some((h, _)) = bands[i].upper {
            if others_hold(bands, h) {
                bands[i].upper = Some((h, false));
            }
        }
        if let Some((l, _)) = bands[i].lower {
            if others_hold(bands, l) {
                bands[i].lower = Some((l, false));
            }
        }
    }
}

impl BandScale {
    /// Parses bands separated by `;`, `|` or new lines (`|` keeps a band
    /// list whole in a `;`-separated CSV without quotes).
    pub fn parse(text: &str) -> Result<BandScale, String> {
        let bands = text
            .split([';', '\n', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(band)
            .collect::<Result<Vec<_>, _>>()?;
        let mut bands = bands;
        if bands.is_empty() {
            return Err("nessuna fascia".to_string());
        }
        settle_range_ends(&mut bands);
        Ok(BandScale {
            raw: text.trim().to_string(),
            bands,
        })
    }

    /// The score of the first band holding `v`, `None` when none does.
    pub fn score_of(&self, v: Decimal) -> Option<BandScore> {
        self.bands.iter().find(|b| b.contains(v)).map(|b| b.score)
    }
}

impl fmt::Display for BandScale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// The scoring an indicator's own row gives: thresholds and bands, as
/// written and as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorScale {
    /// Minimum threshold (`Soglia minima`).
    pub minimum: Option<Decimal>,
    /// Excellence value (`Eccellenza`).
    pub excellence: Option<Decimal>,
    /// Score bands on the actual value.
    pub bands: Option<BandScale>,
}

impl IndicatorScale {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.minimum.is_none() && self.excellence.is_none() && self.bands.is_none()
    }
}

/// `[scala]` of the rules file: a partial scale for the whole body applied to
/// every computed attainment (`< 60 → 0; ≥ 60 → valore`). Empty: none.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BodyScale {
    /// The bands, on the attainment, in the grammar of [`BandScale`].
    #[serde(with = "band_text")]
    pub fasce: Option<BandScale>,
}

mod band_text {
    use super::BandScale;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<BandScale>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_ref().map_or("", |b| b.raw.as_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BandScale>, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        BandScale::parse(&text)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("scala.fasce: {e}")))
    }
}

/// `[soglie]` of the rules file: how per-indicator thresholds score.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThresholdRules {
    /// Attainment at the minimum threshold (default 0); linear from here to
    /// 100 at the target.
    pub punteggio_soglia: Decimal,
}

impl Default for ThresholdRules {
    fn default() -> Self {
        ThresholdRules {
            punteggio_soglia: Decimal::ZERO,
        }
    }
}

/// What an indicator's own scale made of a numeric comparison.
pub(crate) enum Own {
    /// Scored by the indicator's thresholds or bands.
    Scored {
        /// Attainment.
        attainment: Decimal,
        /// The formula, in Italian.
        formula: String,
        /// The rule's name, for the trace.
        rule: String,
    },
    /// The scale could not be used: why (an anomaly); the ordinary rules score.
    Unusable(String),
}

fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Linear interpolation from `p0` at `x0` to `p1` at `x1`, at `x`.
fn linear(x: Decimal, x0: Decimal, x1: Decimal, p0: Decimal, p1: Decimal) -> Option<Decimal> {
    let span = x1.checked_sub(x0)?;
    if span.is_zero() {
        return None;
    }
    let f = x.checked_sub(x0)?.checked_div(span)?;
    p0.checked_add(p1.checked_sub(p0)?.checked_mul(f)?)
}

/// Scores `a` against target `t` under `op` with the indicator's own scale.
/// `met`: the condition holds; `base`: the ordinary attainment, when the
/// ordinary rules scored. `None` when the scale has nothing for this case.
pub(crate) fn own_score(
    scale: &IndicatorScale,
    a: Decimal,
    t: Decimal,
    op: crate::model::Op,
    met: bool,
    base: Option<Decimal>,
    rules: &super::Rules,
) -> Option<Own> {
    use crate::model::Op;
    let it = super::text::it;
    let dp = rules.punteggio.decimali;
    if let Some(b) = &scale.bands {
        return Some(match b.score_of(a) {
            Some(BandScore::Fixed(v)) => Own::Scored {
                attainment: v,
                formula: format!("fascia dell'indicatore per il consuntivo {} → {}", it(a), it(v)),
                rule: format!("fasce dell'indicatore («{}»)", b.raw),
            },
            Some(BandScore::Value) => match base {
                Some(v) => Own::Scored {
                    attainment: v,
                    formula: format!(
                        "fascia dell'indicatore per il consuntivo {} → grado calcolato {}",
                        it(a),
                        it(v)
                    ),
                    rule: format!("fasce dell'indicatore («{}»)", b.raw),
                },
                None => return None,
            },
            None => Own::Unusable(format!(
                "nessuna fascia dell'indicatore («{}») comprende il consuntivo {}: usate le regole ordinarie",
                b.raw,
                it(a)
            )),
        });
    }
    if scale.minimum.is_none() && scale.excellence.is_none() {
        return None;
    }
    let higher = match op {
        Op::Ge | Op::Gt | Op::None => true,
        Op::Le | Op::Lt => false,
        Op::Eq => {
            return Some(Own::Unusable(
                "soglie ignorate: il target è un valore esatto (=), non un minimo o un massimo"
                    .to_string(),
            ))
        }
    };
    // Order: minimum, target, excellence along the direction of "better".
    let better = |x: Decimal, y: Decimal| if higher { x > y } else { x < y };
    if let Some(m) = scale.minimum {
        if !better(t, m) {
            return Some(Own::Unusable(format!(
                "soglia minima {} non {} al target {}: soglie ignorate, usate le regole ordinarie",
                it(m),
                if higher { "inferiore" } else { "superiore" },
                it(t)
            )));
        }
    }
    if let Some(e) = scale.excellence {
        if !better(e, t) {
            return Some(Own::Unusable(format!(
                "eccellenza {} non {} al target {}: soglie ignorate, usate le regole ordinarie",
                it(e),
                if higher { "superiore" } else { "inferiore" },
                it(t)
            )));
        }
    }
    let hundred = Decimal::from(100);
    let names = {
        let mut v = Vec::new();
        if let Some(m) = scale.minimum {
            v.push(format!("soglia minima {}", it(m)));
        }
        v.push(format!("target {}", it(t)));
        if let Some(e) = scale.excellence {
            v.push(format!("eccellenza {}", it(e)));
        }
        format!("soglie dell'indicatore ({})", v.join(", "))
    };
    let scored = |attainment: Decimal, formula: String| Own::Scored {
        attainment,
        formula,
        rule: names.clone(),
    };
    if met {
        let cap = rules.punteggio.massimo;
        return match scale.excellence {
            Some(e) if cap > hundred => {
                if !better(e, a) {
                    Some(scored(
                        cap,
                        format!(
                            "consuntivo {} oltre l'eccellenza {} → {}",
                            it(a),
                            it(e),
                            it(cap)
                        ),
                    ))
                } else {
                    let v = linear(a, t, e, hundred, cap)
                        .map(|v| round(v, dp).clamp(hundred, cap))
                        .unwrap_or(hundred);
                    Some(scored(
                        v,
                        format!(
                            "lineare tra target {} (100) ed eccellenza {} ({}): consuntivo {} → {}",
                            it(t),
                            it(e),
                            it(cap),
                            it(a),
                            it(v)
                        ),
                    ))
                }
            }
            // No excellence (or no room above 100): the ordinary rules.
            _ => None,
        };
    }
    let m = scale.minimum?;
    if better(m, a) {
        return Some(scored(
            Decimal::ZERO,
            format!(
                "consuntivo {} {} la soglia minima {} → 0",
                it(a),
                if higher { "sotto" } else { "oltre" },
                it(m)
            ),
        ));
    }
    let p0 = rules.soglie.punteggio_soglia;
    let ceiling = rules.punteggio.non_raggiunto_massimo;
    let v = linear(a, m, t, p0, hundred)
        .map(|v| round(v, dp).clamp(Decimal::ZERO, ceiling))
        .unwrap_or(Decimal::ZERO);
    Some(scored(
        v,
        format!(
            "lineare tra soglia minima {} ({}) e target {} (100): consuntivo {} → {}",
            it(m),
            it(p0),
            it(t),
            it(a),
            it(v)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActualValue, AnomalyCode, Location, Op, Record, Target, TargetValue};
    use crate::score::{score_all, Rules};

    /// Scores `op target` with actual `a`, the given scale and rules.
    fn scored(op: Op, t: &str, a: &str, scale: IndicatorScale, rules: &Rules) -> Record {
        let target = Target {
            op,
            value: TargetValue::Number(d(t)),
            year: None,
            base_year: None,
        };
        let mut r = Record::new(Location::row("p.xlsx", "S", 2), "Pratiche", target);
        r.actual = Some(ActualValue::Number(d(a)));
        r.scale = (!scale.is_empty()).then(|| Box::new(scale));
        let mut v = vec![r];
        score_all(&mut v, rules);
        v.pop().unwrap()
    }

    fn att(r: &Record) -> String {
        r.score
            .as_ref()
            .and_then(|s| s.attainment)
            .map(|a| a.normalize().to_string())
            .unwrap_or_default()
    }

    fn thresholds(min: Option<&str>, exc: Option<&str>) -> IndicatorScale {
        IndicatorScale {
            minimum: min.map(d),
            excellence: exc.map(d),
            bands: None,
        }
    }

    fn rules_max(max: &str) -> Rules {
        let mut r = Rules::default();
        r.punteggio.massimo = d(max);
        r
    }

    #[test]
    fn thresholds_higher_is_better_below_inside_above() {
        // ≥ 100, minimum 60, excellence 130, maximum 120.
        let rules = rules_max("120");
        let t = || thresholds(Some("60"), Some("130"));
        let cases = [
            ("50", "0"),    // below the minimum
            ("60", "0"),    // at the minimum: punteggio_soglia
            ("80", "50"),   // (80-60)/(100-60) × 100
            ("100", "100"), // at the target
            ("115", "110"), // 100 + 20 × (115-100)/(130-100)
            ("140", "120"), // beyond excellence: the maximum
        ];
        for (a, want) in cases {
            let r = scored(Op::Ge, "100", a, t(), &rules);
            assert_eq!(att(&r), want, "actual {a}");
            let s = r.score.as_ref().unwrap();
            assert!(
                s.trace.iter().any(|l| l.starts_with(
                    "Regola: soglie dell'indicatore (soglia minima 60, target 100, eccellenza 130)"
                ) || (a == "100" && l.starts_with("Regola: soglie"))),
                "{a}: {:?}",
                s.trace
            );
        }
        // With the default maximum (100) excellence adds nothing: the
        // ordinary rule scores a met target.
        let r = scored(Op::Ge, "100", "115", t(), &Rules::default());
        assert_eq!(att(&r), "100");
        assert!(r
            .score
            .unwrap()
            .trace
            .iter()
            .any(|l| l.starts_with("Regola: rapporto")));
    }

    #[test]
    fn thresholds_lower_is_better_and_score_at_minimum() {
        // ≤ 30 days, minimum 45, excellence 20, maximum 120.
        let rules = rules_max("120");
        let t = || thresholds(Some("45"), Some("20"));
        for (a, want) in [
            ("50", "0"),
            ("40", "33.33"), // (45-40)/(45-30) × 100
            ("30", "100"),
            ("25", "110"), // 100 + 20 × (30-25)/(30-20)
            ("15", "120"),
        ] {
            assert_eq!(
                att(&scored(Op::Le, "30", a, t(), &rules)),
                want,
                "actual {a}"
            );
        }
        // punteggio_soglia 40: 40 + 60 × (80-60)/(100-60) = 70.
        let mut rules = Rules::default();
        rules.soglie.punteggio_soglia = d("40");
        let r = scored(Op::Ge, "100", "80", thresholds(Some("60"), None), &rules);
        assert_eq!(att(&r), "70");
        // Strict `>` at the target is not met: capped below 100.
        let r = scored(Op::Gt, "100", "100", thresholds(Some("60"), None), &rules);
        assert_eq!(att(&r), "99.99");
    }

    #[test]
    fn thresholds_in_the_wrong_order_are_reported_and_ignored() {
        let r = scored(
            Op::Ge,
            "100",
            "80",
            thresholds(Some("120"), None),
            &Rules::default(),
        );
        assert_eq!(att(&r), "80");
        let a = r
            .anomalies
            .iter()
            .find(|a| a.code == AnomalyCode::SoglieNonApplicate)
            .unwrap();
        assert!(a
            .message
            .contains("soglia minima 120 non inferiore al target 100"));
    }

    #[test]
    fn a_range_ignores_thresholds_and_says_so() {
        // tra 10 e 15, minimum 20, actual 17: the range rule, 15/17 × 100.
        let mut r = Record::new(
            Location::row("p.xlsx", "S", 2),
            "Giorni",
            Target::new(Op::Ge, TargetValue::Number(d("10"))),
        );
        r.target2 = Some(Box::new(Target::new(Op::Le, TargetValue::Number(d("15")))));
        r.actual = Some(ActualValue::Number(d("17")));
        r.scale = Some(Box::new(thresholds(Some("20"), None)));
        let mut v = vec![r];
        score_all(&mut v, &Rules::default());
        assert_eq!(att(&v[0]), "88.24");
        let a: Vec<_> = v[0]
            .anomalies
            .iter()
            .filter(|a| a.code == AnomalyCode::SoglieNonApplicate)
            .collect();
        assert_eq!(a.len(), 1);
        assert!(a[0].message.contains("il target è un intervallo"));
    }

    #[test]
    fn fixed_bands_on_the_actual() {
        let bands = || IndicatorScale {
            bands: Some(BandScale::parse("≥ 95% → 100; 80–95% → 80; < 80% → 0").unwrap()),
            ..Default::default()
        };
        let rules = Rules::default();
        for (a, want) in [("97", "100"), ("95", "100"), ("90", "80"), ("79", "0")] {
            let r = scored(Op::Ge, "95", a, bands(), &rules);
            assert_eq!(att(&r), want, "actual {a}");
            assert!(r
                .score
                .unwrap()
                .trace
                .iter()
                .any(|l| l
                    == "Regola: fasce dell'indicatore («≥ 95% → 100; 80–95% → 80; < 80% → 0»)"));
        }
        // `valore`: the ordinary attainment (60/100).
        let v = IndicatorScale {
            bands: Some(BandScale::parse("< 50 → 0; ≥ 50 → valore").unwrap()),
            ..Default::default()
        };
        assert_eq!(att(&scored(Op::Ge, "100", "60", v, &rules)), "60");
    }

    #[test]
    fn body_scale_zeroes_below_sixty() {
        let rules = Rules::from_toml_str("[scala]\nfasce = \"< 60 → 0; ≥ 60 → valore\"\n").unwrap();
        let r = scored(Op::Ge, "100", "55", IndicatorScale::default(), &rules);
        assert_eq!(att(&r), "0");
        let s = r.score.unwrap();
        assert!(s.formula.ends_with("→ scala dell'ente: 0"), "{}", s.formula);
        assert!(s
            .trace
            .iter()
            .any(|l| l.starts_with("Scala dell'ente («< 60 → 0; ≥ 60 → valore»): grado 55 → 0")));
        assert_eq!(
            att(&scored(
                Op::Ge,
                "100",
                "70",
                IndicatorScale::default(),
                &rules
            )),
            "70"
        );
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn bands_in_every_spelling() {
        let b = BandScale::parse("da 80 a 95 -> 80\n>= 95 -> 100 | < 80 -> valore").unwrap();
        assert_eq!(b.bands.len(), 3);
        assert_eq!(b.score_of(d("80")), Some(BandScore::Fixed(d("80"))));
        assert_eq!(b.score_of(d("94.99")), Some(BandScore::Fixed(d("80"))));
        assert_eq!(b.score_of(d("95")), Some(BandScore::Fixed(d("100"))));
        assert_eq!(b.score_of(d("10")), Some(BandScore::Value));
        let t = BandScale::parse("tra 60 e 100 → valore; oltre 100 → 100").unwrap();
        assert_eq!(t.score_of(d("59")), None);
        assert_eq!(t.score_of(d("100.5")), Some(BandScore::Fixed(d("100"))));
        let p = BandScale::parse("80–95% → 80").unwrap();
        assert_eq!(p.bands[0].lower, Some((d("80"), true)));
        assert_eq!(p.bands[0].upper, Some((d("95"), true)));
        // An end another band includes is that band's, in any order.
        let low = BandScale::parse("≤ 20 → 100; 20–30 → 80; > 30 → 0").unwrap();
        assert_eq!(low.score_of(d("20")), Some(BandScore::Fixed(d("100"))));
        assert_eq!(low.score_of(d("30")), Some(BandScore::Fixed(d("80"))));
        assert_eq!(low.score_of(d("30.01")), Some(BandScore::Fixed(d("0"))));
        let up = BandScale::parse("< 80 → 0; 80–95 → 80; ≥ 95 → 100").unwrap();
        assert_eq!(up.score_of(d("95")), Some(BandScore::Fixed(d("100"))));
        assert_eq!(up.score_of(d("80")), Some(BandScore::Fixed(d("80"))));
        let adj = BandScale::parse("80–90 → 80; 90–100 → 90").unwrap();
        assert_eq!(adj.score_of(d("90")), Some(BandScore::Fixed(d("90"))));
        assert_eq!(adj.score_of(d("100")), Some(BandScore::Fixed(d("90"))));
    }

    #[test]
    fn bad_bands_are_refused_with_the_text() {
        for (text, msg) in [
            ("≥ 95", "manca la freccia"),
            ("95–80 → 1", "ordine inverso"),
            ("circa 90 → 100", "condizione non compresa"),
            ("≥ 9x → 100", "9x"),
            ("", "nessuna fascia"),
        ] {
            let e = BandScale::parse(text).unwrap_err();
            assert!(e.contains(msg), "{text}: {e}");
        }
    }

    #[test]
    fn body_scale_from_toml() {
        #[derive(serde::Deserialize)]
        struct W {
            scala: BodyScale,
        }
        let w: W = toml::from_str("[scala]\nfasce = \"< 60 → 0; ≥ 60 → valore\"\n").unwrap();
        let f = w.scala.fasce.unwrap();
        assert_eq!(
            f.score_of(d("59.99")),
            Some(BandScore::Fixed(Decimal::ZERO))
        );
        assert_eq!(f.score_of(d("60")), Some(BandScore::Value));
        assert!(toml::from_str::<W>("[scala]\nfasce = \"meno di 60 → 0\"\n").is_err());
    }
}
