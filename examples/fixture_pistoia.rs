//! Builds `fixtures/pistoia-prato-2025.xlsx` from the text of the real PIAO
//! 2025-2027 of the Pistoia-Prato Chamber of Commerce
//! (`fixtures/seeds/pistoia-prato-piao-2025-2027.txt`).
//!
//! The seed is a text dump of the plan: one table row per line, cells split by
//! tabs, with light markup (`<b>`, `**`, `\_`) left by the conversion. The
//! workbook keeps the plan's own block layout (key/value lines such as
//! `Codice:` and `Area di responsabilità:`, operator columns, operator
//! sub-header rows, three target years, weights) and adds a synthetic
//! `Consuntivo 2025` column to every indicator table so that the pipeline can
//! score it: the actual is the `Stato 2024` value when there is one, else the
//! 2025 target itself.
//!
//! Run with `cargo run --example fixture_pistoia` from the project root.

use std::error::Error;

use rust_xlsxwriter::{Format, Workbook};

const SEED: &str = "fixtures/seeds/pistoia-prato-piao-2025-2027.txt";
const OUT: &str = "fixtures/pistoia-prato-2025.xlsx";

/// Removes the conversion markup from one cell.
fn clean(cell: &str) -> String {
    let mut s = cell.replace("\\_", "_").replace("\\*", "*");
    for tag in ["<b>", "</b>", "<i>", "</i>", "**"] {
        s = s.replace(tag, "");
    }
    let t = s.trim();
    let t = t.trim_start_matches('#').trim();
    // `*Obiettivo trasversale*` is italics; a trailing footnote `*` alone stays.
    let t = if t.len() > 2 && t.starts_with('*') && t.ends_with('*') {
        t.trim_matches('*').trim()
    } else {
        t
    };
    t.to_string()
}

/// Splits a seed line into cells (tabs, or ` | ` for markdown table rows).
fn cells(line: &str) -> Vec<String> {
    let parts: Vec<&str> = if line.contains('\t') {
        line.split('\t').collect()
    } else if line.contains(" | ") {
        line.split(" | ").collect()
    } else {
        vec![line]
    };
    let mut out: Vec<String> = parts.into_iter().map(clean).collect();
    while out.last().is_some_and(|c| c.is_empty()) {
        out.pop();
    }
    out
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| c == '-' || c == '\t' || c == ' ')
}

fn strip_op(s: &str) -> &str {
    s.trim_start_matches(['>', '<', '=', '≥', '≤', ' '])
}

/// The synthetic actual of an indicator row: the 2024 state, else the 2025 target.
fn actual(row: &[String], header: &[String]) -> Option<String> {
    let find = |p: &str| header.iter().position(|h| h.starts_with(p));
    let get = |i: usize| row.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
    if let Some(v) = find("Stato 2024").and_then(get) {
        if !v.starts_with("n.d") {
            return Some(v.to_string());
        }
    }
    let t = find("Target 2025").or_else(|| find("Target"))?;
    // The value may sit in the target column or, after an operator cell, in the next one.
    let v = match get(t) {
        Some(v) if strip_op(v).is_empty() => get(t + 1)?,
        Some(v) => v,
        None => get(t + 1)?,
    };
    Some(strip_op(v).to_string())
}

fn main() -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(SEED)?;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Allegato 2")?;
    let mut header: Option<(Vec<String>, usize)> = None;
    let mut r: u32 = 0;
    for line in text.lines() {
        if is_rule(line) {
            continue;
        }
        let mut row = cells(line);
        let first = row.first().map(String::as_str).unwrap_or("");
        if first.starts_with("Indicator") {
            let col = row.len();
            row.push("Consuntivo 2025".to_string());
            header = Some((row.clone(), col));
            for (c, v) in row.iter().enumerate() {
                ws.write_string_with_format(r, c as u16, v, &bold)?;
            }
            r += 1;
            continue;
        }
        if row.is_empty() {
            header = None;
        } else if let Some((h, col)) = &header {
            let indicator_row = !first.is_empty() && !first.starts_with('*') && row.len() > 3;
            if indicator_row {
                if let Some(a) = actual(&row, h) {
                    // Under the Consuntivo header, or after the last cell
                    // when the row is wider than its header.
                    let at = (*col).max(row.len());
                    row.resize(at, String::new());
                    row.push(a);
                }
            }
        }
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, v)?;
            }
        }
        r += 1;
    }
    ws.set_column_width(0, 60)?;
    wb.save(OUT)?;
    println!("scritto {OUT} ({r} righe)");
    Ok(())
}
