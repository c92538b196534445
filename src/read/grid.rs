//! A sheet's dense grid built as its cells arrive (row by row from a
//! streaming reader), without first holding every cell in a list of its own:
//! a 100,000-row sheet is one grid in memory, not a list plus a grid.

use super::{check_grid, Cell, ReadError, Sheet};

/// Builds a [`Sheet`] from cells at absolute (row, column) positions, in any
/// order (row-major is the cheap case). The bounding box is checked against
/// the size cap as it grows, so a cell far away is refused before its rows
/// are allocated.
pub(crate) struct GridBuilder<'a> {
    shown: &'a str,
    name: &'a str,
    /// Rows from `r0`; each row's cells from column `base`.
    rows: Vec<Vec<Cell>>,
    /// Absolute index of `rows[0]`.
    r0: u32,
    /// Absolute column of each row's first slot (the first cell's column,
    /// or 0 once a cell left of it came).
    base: u32,
    /// Bounding columns seen (absolute, inclusive).
    c0: u32,
    c1: u32,
}

impl<'a> GridBuilder<'a> {
    /// An empty grid for sheet `name` of file `shown` (both for messages).
    pub(crate) fn new(shown: &'a str, name: &'a str) -> Self {
        GridBuilder {
            shown,
            name,
            rows: Vec::new(),
            r0: 0,
            base: 0,
            c0: u32::MAX,
            c1: 0,
        }
    }

    /// Puts `cell` at absolute row `r`, column `c` (a later cell at the same
    /// place replaces it).
    pub(crate) fn put(&mut self, r: u32, c: u32, cell: Cell) -> Result<(), ReadError> {
        if self.c0 == u32::MAX {
            self.r0 = r;
            self.base = c;
        } else if r < self.r0 {
            let more = (self.r0 - r) as usize;
            self.check(self.rows.len() as u64 + more as u64, c)?;
            self.rows
                .splice(0..0, std::iter::repeat_with(Vec::new).take(more));
            self.r0 = r;
        }
        if c < self.base {
            // A cell left of the first one: columns become absolute (once).
            self.check(self.rows.len() as u64, c)?;
            let shift = self.base as usize;
            for row in &mut self.rows {
                if !row.is_empty() {
                    row.splice(0..0, std::iter::repeat_with(Cell::default).take(shift));
                }
            }
            self.base = 0;
        }
        let i = (r - self.r0) as usize;
        self.check(self.rows.len().max(i + 1) as u64, c)?;
        self.c0 = self.c0.min(c);
        self.c1 = self.c1.max(c);
        if i >= self.rows.len() {
            self.rows.resize_with(i + 1, Vec::new);
        }
        let width = (self.c1 - self.base) as usize + 1;
        let row = &mut self.rows[i];
        let j = (c - self.base) as usize;
        if j >= row.len() {
            if row.capacity() == 0 {
                // Rows are usually as wide as the widest so far.
                row.reserve_exact(width);
            }
            row.resize_with(j + 1, Cell::default);
        }
        row[j] = cell;
        Ok(())
    }

    /// The bounding box with a cell at column `c` and `h` rows, checked.
    fn check(&self, h: u64, c: u32) -> Result<(), ReadError> {
        let (lo, hi) = if self.c0 == u32::MAX {
            (c, c)
        } else {
            (self.c0.min(c), self.c1.max(c))
        };
        check_grid(self.shown, self.name, h, u64::from(hi - lo) + 1)
    }

    /// The sheet: every row as wide as the bounding box, offsets set.
    pub(crate) fn finish(self) -> Sheet {
        let mut sheet = Sheet {
            name: self.name.to_string(),
            ..Sheet::default()
        };
        if self.c0 == u32::MAX {
            return sheet;
        }
        let w = (self.c1 - self.c0) as usize + 1;
        let skip = (self.c0 - self.base) as usize;
        let mut rows = self.rows;
        for row in &mut rows {
            if skip > 0 {
                row.drain(..skip.min(row.len()));
            }
            row.resize_with(w, Cell::default);
            if row.capacity() > w {
                row.shrink_to_fit();
            }
        }
        sheet.rows = rows;
        sheet.row_offset = self.r0;
        sheet.col_offset = self.c0;
        sheet
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{text_cell, CellValue};

    fn text(s: &Sheet) -> Vec<Vec<String>> {
        s.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match &c.value {
                        CellValue::Text(t) => t.clone(),
                        CellValue::Empty => ".".to_string(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn cells_in_any_order_give_the_dense_grid_of_their_bounding_box() {
        let cells = [
            (3, 2, "a"),
            (3, 4, "b"),
            (5, 3, "c"),
            (1, 5, "d"),
            (4, 1, "e"),
        ];
        for order in [[0, 1, 2, 3, 4], [3, 4, 2, 1, 0], [2, 0, 4, 3, 1]] {
            let mut g = GridBuilder::new("f.xlsx", "S");
            for k in order {
                let (r, c, t) = cells[k];
                g.put(r, c, text_cell(t)).unwrap();
            }
            let s = g.finish();
            assert_eq!((s.row_offset, s.col_offset), (1, 1), "{order:?}");
            assert_eq!(
                text(&s),
                vec![
                    vec![".", ".", ".", ".", "d"],
                    vec![".", ".", ".", ".", "."],
                    vec![".", "a", ".", "b", "."],
                    vec!["e", ".", ".", ".", "."],
                    vec![".", ".", "c", ".", "."],
                ],
                "{order:?}"
            );
            assert!(s.rows.iter().all(|r| r.capacity() == 5));
        }
    }

    #[test]
    fn an_empty_grid_is_an_empty_sheet_and_a_far_cell_is_refused() {
        let s = GridBuilder::new("f.xlsx", "Vuoto").finish();
        assert!(s.rows.is_empty() && s.name == "Vuoto");
        let mut g = GridBuilder::new("f.xlsx", "S");
        g.put(0, 0, text_cell("a")).unwrap();
        match g.put(1_000_000, 16_000, text_cell("b")) {
            Err(ReadError::Corrupt { reason, .. }) => {
                assert!(reason.contains("1000001 righe × 16001 colonne"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
}
