//! Target-expression normaliser: turns `>= 95%`, `≥ anno x-1`, `Positivo`, … into typed [`Target`]s.

use crate::model::Target;
