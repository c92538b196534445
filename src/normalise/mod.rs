//! Target-expression normaliser: turns `>= 95%`, `≥ anno x-1`, `Positivo`, … into typed [`Target`]s.

use crate::model::{AnomalyCode, Op, Target, TargetValue};
use crate::read::Cell;

/// What is known around an expression.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// UdM as written.
    pub unit: Option<String>,
    /// A bare integer is an Excel date serial.
    pub date_context: bool,
}

/// A warning raised while reading an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Anomaly code.
    pub code: AnomalyCode,
    /// Italian message.
    pub message: String,
}

/// The reading of one cell: one target or more, plus warnings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// Targets found, in order.
    pub targets: Vec<Target>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Normalises a target expression (STUB).
pub fn normalise(text: &str, _ctx: &Context) -> Reading {
    Reading {
        targets: vec![Target {
            op: Op::None,
            value: TargetValue::Text(text.to_string()),
            year: None,
        }],
        warnings: vec![],
    }
}

/// Normalises a typed cell (STUB).
pub fn normalise_cell(cell: &Cell, ctx: &Context) -> Reading {
    normalise(&crate::value::cell_display(cell), ctx)
}
