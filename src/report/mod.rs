//! Formatted XLSX reports per dirigente and per area.
