//! The trace of one indicator as read and scored — what `cruscotto explain
//! --row` prints and what the web page shows on a click — from its
//! [`Record`]: the cells read, the target's reading, the polarity, the
//! formula, the attainment and the anomalies.

use crate::model::{code_title, Record, Shared};
use crate::normalise;
use crate::value;

fn opt<S: std::ops::Deref<Target = str>>(s: &Option<S>) -> &str {
    s.as_deref().unwrap_or("—")
}

/// The trace of one record as JSON (`explain --row … --json`).
pub fn row_json(r: &Record) -> serde_json::Value {
    serde_json::json!({
        "file": r.location.file,
        "sheet": r.location.sheet,
        "row": r.location.row,
        "indicator": r.indicator,
        "objective_code": r.objective_code,
        "objective": r.objective,
        "strategic_area": r.strategic_area,
        "strategic_objective_code": r.strategic_objective_code,
        "strategic_objective": r.strategic_objective,
        "dirigenti": r.dirigenti,
        "areas": r.areas,
        "transversal": r.transversal,
        "owner_source": r.owner_source.map(|s| s.as_str()),
        "unit": r.unit,
        "target_raw": r.target_raw,
        "op_column": r.op_column.map(|o| o.as_str()),
        "actual_raw": r.actual_raw,
        "weight_raw": r.weight_raw,
        "target": r.target.to_json(),
        "target2": r.target2.as_ref().map(|t| t.to_json()),
        "actual": r.actual.as_ref().and_then(|a| a.canonical()),
        "actual_date": r.actual_date.map(|d| d.format("%Y-%m-%d").to_string()),
        "score": r.score.as_ref().map(|s| serde_json::json!({
            "polarity": s.polarity.as_str(),
            "polarity_source": s.polarity_source.as_str(),
            "formula": s.formula,
            "attainment_pct": s.attainment.map(|a| a.normalize().to_string()),
            "status": s.status.as_str(),
            "trace": s.trace,
        })),
        "correction": r.correction.as_ref().map(|c| serde_json::json!({
            "override_pct": c.override_text(),
            "reason": c.reason,
            "computed_pct": c.computed.map(|a| a.normalize().to_string()),
            "computed_status": c.computed_status.as_str(),
            "source": c.source.to_string(),
        })),
        "deviation_reason": r.reason,
        "anomalies": r.anomalies.iter().map(|a| serde_json::json!({
            "code": a.code.as_str(),
            "cell": a.location.cell_ref(),
            "raw": a.raw,
            "message": a.message,
        })).collect::<Vec<_>>(),
    })
}

/// `code title`, what there is of them, or `—`.
fn level(code: &Option<Shared>, title: &Option<Shared>) -> String {
    code_title(code.as_deref(), title.as_deref()).unwrap_or_else(|| "—".to_string())
}

/// The owners of a record and where they were read.
fn owners(r: &Record) -> String {
    let mut parts = Vec::new();
    if r.transversal {
        parts.push("trasversale (tutti i dirigenti)".to_string());
    }
    if !r.dirigenti.is_empty() {
        parts.push(format!("dirigente {}", r.dirigente_text()));
    }
    if !r.areas.is_empty() {
        parts.push(format!("area {}", r.area_text()));
    }
    if parts.is_empty() {
        return "nessuno (non assegnato)".to_string();
    }
    if let Some(s) = r.owner_source {
        parts.push(format!("letti da: {}", s.italiano()));
    }
    parts.join("; ")
}

/// The readable trace of one record, one line per item (`explain --row`).
pub fn row_trace(r: &Record) -> Vec<String> {
    let mut l = vec![
        format!("Riga {}", r.location),
        format!("  indicatore: {}", r.indicator),
        format!("  obiettivo: {}", level(&r.objective_code, &r.objective)),
        format!(
            "  obiettivo strategico: {}",
            level(&r.strategic_objective_code, &r.strategic_objective)
        ),
        format!("  area strategica: {}", opt(&r.strategic_area)),
        format!("  responsabili: {}", owners(r)),
        format!("  UdM: {}", opt(&r.unit)),
        format!("  target (cella): «{}»", r.target_raw),
        format!(
            "  operatore (colonna): {}",
            r.op_column.map_or("—", |o| o.as_str())
        ),
        format!("  consuntivo (cella): {}", opt(&r.actual_raw)),
        format!("  peso: {}", opt(&r.weight_raw)),
        format!("Lettura del target: {}", normalise::describe(&r.target)),
        format!("  forma canonica: {}", r.target.to_json()),
    ];
    if let Some(t2) = &r.target2 {
        l.push(format!(
            "Seconda condizione (da rispettare insieme alla prima): {}",
            normalise::describe(t2)
        ));
        l.push(format!("  forma canonica: {}", t2.to_json()));
    }
    if let Some(a) = &r.actual {
        let when = r
            .actual_date
            .map(|d| format!(", raggiunto il {}", d.format("%d/%m/%Y")))
            .unwrap_or_default();
        l.push(format!(
            "Consuntivo letto: {}{when}",
            a.italian().unwrap_or_else(|| "non disponibile".into())
        ));
    }
    match &r.score {
        Some(s) => {
            l.push(format!(
                "Polarità: {} (fonte: {})",
                s.polarity,
                s.polarity_source.as_str()
            ));
            l.push(format!("Formula: {}", s.formula));
            l.push(format!(
                "Grado di raggiungimento: {}",
                s.attainment
                    .map_or("non valutabile".to_string(), |a| format!(
                        "{}%",
                        value::format_it(a)
                    ))
            ));
            l.push(format!("Stato: {}", s.status));
            for t in &s.trace {
                l.push(format!("  - {t}"));
            }
        }
        None => l.push("Punteggio: non calcolato".to_string()),
    }
    if let Some(m) = r.reason.as_deref() {
        l.push(format!("Motivazione dello scostamento: {m}"));
    }
    if r.anomalies.is_empty() {
        l.push("Anomalie: nessuna".to_string());
    } else {
        l.push("Anomalie:".to_string());
        for a in &r.anomalies {
            l.push(format!(
                "  - [{}] {}: {} («{}»)",
                a.code,
                a.location.cell_ref(),
                a.message,
                a.raw
            ));
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Op, Target, TargetValue};
    use rust_decimal::Decimal;

    #[test]
    fn trace_lines() {
        let target = Target::new(Op::Ge, TargetValue::Percent(Decimal::from(95)));
        let mut r = Record::new(
            Location::row("p.xlsx", "Area 1", 5),
            "Pratiche evase",
            target,
        );
        r.unit = Some("%".into());
        r.weight_raw = Some("33,3%".into());
        r.target_raw = "≥ 95%".into();
        r.actual_raw = Some("68,6%".into());
        r.score = Some(crate::model::Score {
            polarity: Op::Ge,
            polarity_source: crate::model::PolaritySource::Operator,
            attainment: Some(Decimal::new(7221, 2)),
            status: crate::model::Status::Parziale,
            formula: "68,6/95×100".into(),
            trace: vec!["passo uno".into()],
        });
        let lines = row_trace(&r);
        assert_eq!(lines[0], "Riga p.xlsx:Area 1!5");
        assert!(lines.contains(&"Lettura del target: almeno 95% (percentuale)".to_string()));
        assert!(lines.contains(&"Polarità: >= (fonte: operator)".to_string()));
        assert!(lines.contains(&"Grado di raggiungimento: 72,21%".to_string()));
        assert!(lines.contains(&"Stato: parzialmente raggiunto".to_string()));
        assert!(lines.contains(&"  - passo uno".to_string()));
        assert_eq!(lines.last().map(String::as_str), Some("Anomalie: nessuna"));
        let j = row_json(&r);
        assert_eq!(j["score"]["attainment_pct"], "72.21");
        assert_eq!(j["target"]["kind"], "percent");
    }
}
