//! Reading decoded CSV text: delimiter detection, quoting through the `csv` crate, physical line numbers.

use super::{clean_cell, is_blank_char, FileFormat, ReadError, Table, TableBuilder};

/// Delimiters recognised, in order of preference when counts tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Reads CSV text (already decoded) into a table. Rows cut short at the end of the file (an unclosed
/// quote, missing cells) come back as ordinary records, padded to the header's width.
pub(crate) fn read_csv(text: &str, encoding: &'static str) -> Result<Table, ReadError> {
    let delimiter = detect_delimiter(text);
    let lines = LineIndex::new(text.as_bytes());
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut builder = TableBuilder::new();
    let mut record = csv::ByteRecord::new();
    // Reading from memory without UTF-8 checks, the csv crate has no error to give; stop if it ever does.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let offset = record.position().and_then(|position| usize::try_from(position.byte()).ok()).unwrap_or(0);
        let line = lines.line_of_record_at(offset);
        let cells = record.iter().map(|field| clean_cell(&String::from_utf8_lossy(field))).collect();
        builder.push(line, cells)?;
    }
    builder.finish(FileFormat::Csv { delimiter, encoding })
}

/// Picks the delimiter that occurs most often, outside double quotes, in the first line that has any
/// content. Comma when none occurs or when the most frequent ones tie.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    let mut has_content = false;
    for c in text.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if in_quotes {
            has_content |= !is_blank_char(c);
        } else if c == '\n' || c == '\r' {
            if has_content {
                break;
            }
            counts = [0; DELIMITERS.len()];
        } else if let Some(index) = DELIMITERS.iter().position(|&d| char::from(d) == c) {
            counts[index] += 1;
        } else {
            has_content |= !is_blank_char(c);
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    let mut leaders = DELIMITERS.iter().zip(counts).filter(|&(_, count)| count == most);
    match (leaders.next(), leaders.next()) {
        (Some((&delimiter, _)), None) if most > 0 => delimiter,
        _ => b',',
    }
}

/// Byte offsets where physical lines start. A line ends at `\r\n`, `\n` or a lone `\r`.
struct LineIndex<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut starts = vec![0];
        for (index, &byte) in bytes.iter().enumerate() {
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(index + 1);
            }
        }
        LineIndex { bytes, starts }
    }

    /// The 1-based line of a record the csv reader started reading at `offset`: the reader's position
    /// is just after the previous record, before the line breaks and empty lines it skips, so those
    /// are skipped here too.
    fn line_of_record_at(&self, offset: usize) -> usize {
        let skipped = self.bytes.get(offset..).unwrap_or_default().iter().take_while(|&&b| b == b'\r' || b == b'\n');
        let start = offset + skipped.count();
        self.starts.partition_point(|&line_start| line_start <= start).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::{detect_delimiter, LineIndex};

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter("a,b,c\n"), b',');
        assert_eq!(detect_delimiter("a;b;c\n1,5;2,5;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"a,b,c\";d;e"), b';');
        assert_eq!(detect_delimiter("\"a\nb,c,d\";e;f\r\n"), b';');
    }

    #[test]
    fn delimiter_defaults_to_comma() {
        assert_eq!(detect_delimiter(""), b',');
        assert_eq!(detect_delimiter("ชื่อ\nสมชาย"), b',');
        assert_eq!(detect_delimiter("a;b\tc"), b',');
    }

    #[test]
    fn delimiter_comes_from_the_first_line_with_content() {
        assert_eq!(detect_delimiter("\n,,,\n  \na;b;c\n"), b';');
    }

    #[test]
    fn lines_end_at_any_line_break() {
        let text = b"a\r\nb\nc\rd\r\n\r\ne";
        let lines = LineIndex::new(text);
        assert_eq!(lines.starts, vec![0, 3, 5, 7, 10, 12]);
        assert_eq!(lines.line_of_record_at(0), 1);
        assert_eq!(lines.line_of_record_at(1), 2);
        assert_eq!(lines.line_of_record_at(8), 6);
    }
}
