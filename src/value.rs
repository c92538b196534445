//! Italian values: numbers (`1.234,56`), percentages, dates, yes/no, placeholders.

/// TEMPORARY shim until the value module lands.
pub fn cell_display(cell: &crate::read::Cell) -> String {
    use crate::read::CellValue;
    match &cell.value {
        CellValue::Text(s) => s.clone(),
        CellValue::Number(d) => d.to_string().replace('.', ","),
        CellValue::Date(d) => d.format("%d/%m/%Y").to_string(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Error(e) => e.clone(),
        CellValue::Empty => String::new(),
    }
}
