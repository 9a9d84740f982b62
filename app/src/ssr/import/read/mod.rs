//! Reading an uploaded file into a table of text cells (placeholder, being written).
