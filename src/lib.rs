//! # cruscotto
//!
//! Reads the performance plans of Italian public bodies (PIAO / Piano della
//! performance) from the spreadsheets they really are, normalises every target
//! expression, computes attainment (grado di raggiungimento) with configurable
//! rules and writes formatted XLSX annexes.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`read`]: spreadsheets and CSV into typed cell grids;
//! 2. [`layout`]: headers, sections and context into one record per indicator;
//! 3. [`normalise`] (with [`value`]): target expressions and Italian values into typed values;
//! 4. [`score`]: attainment per indicator and weighted roll-ups;
//! 5. [`report`] and [`export`]: XLSX annexes and the canonical normalised table.
//!
//! [`pipeline`] ties the stages together; [`job`] runs batches of them from job files; [`model`] holds the types they share.

#![warn(missing_docs)]

pub mod actuals;
pub mod ente;
pub mod explain;
pub mod export;
pub mod fsutil;
pub mod job;
pub mod layout;
pub mod model;
pub mod normalise;
pub mod organigramma;
pub mod period;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rettifiche;
pub mod score;
pub mod sources;
pub mod structure;
pub mod synth;
pub mod value;
pub mod web;
pub mod year_on_year;
