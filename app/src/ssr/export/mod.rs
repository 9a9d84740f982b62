//! Writing households out as XLSX and CSV (placeholder, being written).
