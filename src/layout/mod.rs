//! Layout detection: finds header rows, column roles and context (area, dirigente,
//! objective) in a sheet, and yields one raw record per indicator row.
