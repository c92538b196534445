//! A sheet's dense grid built as its cells arrive (row by row from a
//! streaming reader), without first holding every cell in a list of its own:
//! a 100,000-row sheet is one grid in memory, not a list plus a grid.

use super::{check_grid, Cell, ReadError, Sheet};

/// Builds a [`Sheet`] from cells at absolute (row, column) positions.
///
/// Cells that come row by row, left to right of the first cell's column
/// (what spreadsheet writers do), go straight into the grid, whose size is
/// checked against the cap as it grows. A cell above the first row, left of
/// the first column, or one that would take the grid past the cap is kept
/// aside instead, and the grid is rebuilt once at the end around every cell
/// after checking the whole bounding box: the grid, the size cap and its
/// message are those of a sparse list of cells, at the cost of such a list
/// only for files written out of order (never a quadratic pass).
pub(crate) struct GridBuilder<'a> {
    shown: &'a str,
    name: &'a str,
    /// Rows from `r0`; each row's cells from column `c0`.
    rows: Vec<Vec<Cell>>,
    /// Absolute index of `rows[0]`.
    r0: u32,
    /// Bounding columns of the grid's cells (absolute, inclusive);
    /// `c0 == u32::MAX` while there are none.
    c0: u32,
    c1: u32,
    /// Cells that came out of order or past the cap, in arrival order.
    aside: Vec<(u32, u32, Cell)>,
}

impl<'a> GridBuilder<'a> {
    /// An empty grid for sheet `name` of file `shown` (both for messages).
    pub(crate) fn new(shown: &'a str, name: &'a str) -> Self {
        GridBuilder {
            shown,
            name,
            rows: Vec::new(),
            r0: 0,
            c0: u32::MAX,
            c1: 0,
            aside: Vec::new(),
        }
    }

    /// Puts `cell` at absolute row `r`, column `c` (a later cell at the same
    /// place replaces it).
    pub(crate) fn put(&mut self, r: u32, c: u32, cell: Cell) {
        if self.c0 == u32::MAX {
            self.r0 = r;
            self.c0 = c;
            self.c1 = c;
        }
        let fits = self.aside.is_empty() && r >= self.r0 && c >= self.c0 && {
            let h = u64::from(r - self.r0) + 1;
            let w = u64::from(self.c1.max(c) - self.c0) + 1;
            check_grid(self.shown, self.name, h.max(self.rows.len() as u64), w).is_ok()
        };
        if !fits {
            self.aside.push((r, c, cell));
            return;
        }
        self.c1 = self.c1.max(c);
        let i = (r - self.r0) as usize;
        if i >= self.rows.len() {
            self.rows.resize_with(i + 1, Vec::new);
        }
        let width = (self.c1 - self.c0) as usize + 1;
        let row = &mut self.rows[i];
        let j = (c - self.c0) as usize;
        if j >= row.len() {
            if row.capacity() == 0 {
                // Rows are usually as wide as the widest so far.
                row.reserve_exact(width);
            }
            row.resize_with(j + 1, Cell::default);
        }
        row[j] = cell;
    }

    /// The sheet: every row as wide as the bounding box, offsets set; an
    /// error when the bounding box of all the cells is past the size cap.
    pub(crate) fn finish(self) -> Result<Sheet, ReadError> {
        let mut sheet = Sheet {
            name: self.name.to_string(),
            ..Sheet::default()
        };
        if self.c0 == u32::MAX {
            return Ok(sheet);
        }
        // The bounding box of every cell, the grid's and those aside.
        let (mut r0, mut c0, mut c1) = (self.r0, self.c0, self.c1);
        let mut r1 = self.r0 + self.rows.len().saturating_sub(1) as u32;
        for (r, c, _) in &self.aside {
            r0 = r0.min(*r);
            r1 = r1.max(*r);
            c0 = c0.min(*c);
            c1 = c1.max(*c);
        }
        let h = u64::from(r1 - r0) + 1;
        let w = u64::from(c1 - c0) + 1;
        check_grid(self.shown, self.name, h, w)?;
        let w = w as usize;
        let (above, left) = ((self.r0 - r0) as usize, (self.c0 - c0) as usize);
        let mut rows = self.rows;
        if above > 0 || !self.aside.is_empty() {
            // Rebuilt once around every cell (files written out of order).
            let mut grid: Vec<Vec<Cell>> = Vec::with_capacity(h as usize);
            grid.resize_with(above, Vec::new);
            grid.extend(rows);
            grid.resize_with(h as usize, Vec::new);
            rows = grid;
        }
        for row in &mut rows {
            if left > 0 && !row.is_empty() {
                row.splice(0..0, std::iter::repeat_with(Cell::default).take(left));
            }
            row.resize_with(w, Cell::default);
            if row.capacity() > w {
                row.shrink_to_fit();
            }
        }
        for (r, c, cell) in self.aside {
            rows[(r - r0) as usize][(c - c0) as usize] = cell;
        }
        sheet.rows = rows;
        sheet.row_offset = r0;
        sheet.col_offset = c0;
        Ok(sheet)
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
                g.put(r, c, text_cell(t));
            }
            let s = g.finish().unwrap();
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
    fn an_empty_grid_is_an_empty_sheet_and_a_far_cell_is_refused_with_the_whole_box() {
        let s = GridBuilder::new("f.xlsx", "Vuoto").finish().unwrap();
        assert!(s.rows.is_empty() && s.name == "Vuoto");
        let mut g = GridBuilder::new("f.xlsx", "S");
        g.put(0, 0, text_cell("a"));
        g.put(1_000_000, 16_000, text_cell("b"));
        g.put(5, 3, text_cell("c"));
        match g.finish() {
            Err(ReadError::Corrupt { reason, .. }) => {
                assert!(reason.contains("1000001 righe × 16001 colonne"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cells_left_of_a_far_first_cell_take_the_checked_width_only() {
        // First cell in the last column, then a long column just left of
        // it: two columns wide, not the whole sheet's width per row.
        let mut g = GridBuilder::new("f.xlsx", "S");
        g.put(0, 16_383, text_cell("fine"));
        for r in 1..2_000 {
            g.put(r, 16_382, text_cell("x"));
        }
        let s = g.finish().unwrap();
        assert_eq!((s.row_offset, s.col_offset), (0, 16_382));
        assert_eq!(s.rows.len(), 2_000);
        assert!(s.rows.iter().all(|r| r.len() == 2 && r.capacity() == 2));
        assert_eq!(text(&s)[0], vec![".", "fine"]);
        assert_eq!(text(&s)[1_999], vec!["x", "."]);
    }

    #[test]
    fn rows_in_descending_order_give_the_same_grid() {
        let mut g = GridBuilder::new("f.xlsx", "S");
        for r in (0..500).rev() {
            g.put(r, 0, text_cell(&r.to_string()));
            g.put(r, 1, text_cell("v"));
        }
        let s = g.finish().unwrap();
        assert_eq!(s.row_offset, 0);
        assert_eq!(s.rows.len(), 500);
        assert_eq!(text(&s)[0], vec!["0", "v"]);
        assert_eq!(text(&s)[499], vec!["499", "v"]);
    }

    #[test]
    fn a_later_cell_at_the_same_place_wins_in_the_grid_and_aside() {
        let mut g = GridBuilder::new("f.xlsx", "S");
        g.put(2, 2, text_cell("a"));
        g.put(2, 2, text_cell("b"));
        g.put(1, 1, text_cell("c")); // aside: above and left
        g.put(2, 2, text_cell("d")); // aside too (after one), still wins
        let s = g.finish().unwrap();
        assert_eq!(text(&s), vec![vec!["c", "."], vec![".", "d"]]);
    }
}
