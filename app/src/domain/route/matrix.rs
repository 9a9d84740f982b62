//! The distance matrix of a visit day: start, stops and end, in metres (haversine or road).
use crate::domain::geo::{distance_m, Position};

/// Why a matrix cannot be used, with the row and column at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    #[error("the matrix has {rows} rows; {stops} stops need {closed} (back to the start) or {open} (with an end)")]
    WrongSize { rows: usize, stops: usize, closed: usize, open: usize },
    #[error("row {row} has {len} entries, not {expected}: the matrix must be square")]
    NotSquare { row: usize, len: usize, expected: usize },
    #[error("the entry at row {row}, column {col} is not a finite number")]
    NotFinite { row: usize, col: usize },
    #[error("the entry at row {row}, column {col} is negative")]
    Negative { row: usize, col: usize },
}

/// A square matrix of metres: index 0 is the start, `1..=n` the stops, and `n + 1` the end when
/// the day ends elsewhere than it started. Rows need not be symmetric (one-way roads).
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceMatrix {
    size: usize,
    stops: usize,
    cells: Vec<f64>,
}

impl DistanceMatrix {
    /// Haversine metres between the positions; `end` None means back to the start.
    pub fn from_positions(start: Position, stops: &[Position], end: Option<Position>) -> Self {
        let mut points = Vec::with_capacity(stops.len() + 2);
        points.push(start);
        points.extend_from_slice(stops);
        points.extend(end);
        let size = points.len();
        let mut cells = Vec::with_capacity(size * size);
        for a in &points {
            for b in &points {
                cells.push(distance_m(*a, *b));
            }
        }
        DistanceMatrix { size, stops: stops.len(), cells }
    }

    /// Rows of `n + 1` (back to the start) or `n + 2` (the last is the end) entries each, all
    /// finite and not negative.
    pub fn from_rows(rows: Vec<Vec<f64>>, stop_count: usize) -> Result<Self, RouteError> {
        let size = rows.len();
        if size != stop_count + 1 && size != stop_count + 2 {
            return Err(RouteError::WrongSize {
                rows: size,
                stops: stop_count,
                closed: stop_count + 1,
                open: stop_count + 2,
            });
        }
        let mut cells = Vec::with_capacity(size * size);
        for (row, values) in rows.into_iter().enumerate() {
            if values.len() != size {
                return Err(RouteError::NotSquare { row, len: values.len(), expected: size });
            }
            for (col, v) in values.into_iter().enumerate() {
                if !v.is_finite() {
                    return Err(RouteError::NotFinite { row, col });
                }
                if v < 0.0 {
                    return Err(RouteError::Negative { row, col });
                }
                cells.push(v);
            }
        }
        Ok(DistanceMatrix { size, stops: stop_count, cells })
    }

    pub fn stop_count(&self) -> usize {
        self.stops
    }

    /// Metres from one matrix index to another.
    pub fn get(&self, from: usize, to: usize) -> f64 {
        self.cells[from * self.size + to]
    }

    /// The matrix index the day ends at: `n + 1`, or 0 when it ends back at the start.
    pub fn end_index(&self) -> usize {
        if self.size == self.stops + 2 {
            self.stops + 1
        } else {
            0
        }
    }

    /// Whether the day ends elsewhere than it starts (the matrix has an end row).
    pub fn has_end(&self) -> bool {
        self.size == self.stops + 2
    }

    /// The matrix for a subset of the stops (0-based stop indexes), same start and end.
    pub fn subset(&self, stops: &[usize]) -> DistanceMatrix {
        let mut index = Vec::with_capacity(stops.len() + 2);
        index.push(0);
        index.extend(stops.iter().map(|s| s + 1));
        if self.has_end() {
            index.push(self.end_index());
        }
        let size = index.len();
        let mut cells = Vec::with_capacity(size * size);
        for &a in &index {
            for &b in &index {
                cells.push(self.get(a, b));
            }
        }
        DistanceMatrix { size, stops: stops.len(), cells }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_checked() {
        assert!(matches!(DistanceMatrix::from_rows(vec![vec![0.0]; 3], 3), Err(RouteError::WrongSize { .. })));
        let mut rows = vec![vec![0.0; 3]; 3];
        rows[1].pop();
        assert_eq!(DistanceMatrix::from_rows(rows, 2), Err(RouteError::NotSquare { row: 1, len: 2, expected: 3 }));
        let mut rows = vec![vec![0.0; 3]; 3];
        rows[2][0] = f64::NAN;
        assert_eq!(DistanceMatrix::from_rows(rows, 2), Err(RouteError::NotFinite { row: 2, col: 0 }));
        let mut rows = vec![vec![0.0; 3]; 3];
        rows[0][1] = -1.0;
        assert_eq!(DistanceMatrix::from_rows(rows, 2), Err(RouteError::Negative { row: 0, col: 1 }));
        let m = DistanceMatrix::from_rows(vec![vec![0.0, 5.0], vec![7.0, 0.0]], 1).expect("valid");
        assert_eq!((m.stop_count(), m.get(0, 1), m.get(1, 0), m.end_index()), (1, 5.0, 7.0, 0));
        let m = DistanceMatrix::from_rows(vec![vec![1.0; 3]; 3], 1).expect("valid with an end");
        assert_eq!(m.end_index(), 2);
    }

    #[test]
    fn positions_give_haversine_metres() {
        let start = Position { lat: 15.1186, lon: 104.3220 };
        let stop = Position { lat: 14.6510, lon: 104.6470 };
        let m = DistanceMatrix::from_positions(start, &[stop], None);
        assert_eq!(m.stop_count(), 1);
        assert!((m.get(0, 1) - distance_m(start, stop)).abs() < 1e-9);
        let m = DistanceMatrix::from_positions(start, &[stop], Some(stop));
        assert_eq!(m.end_index(), 2);
        assert_eq!(m.get(1, 2), 0.0);
    }
}
