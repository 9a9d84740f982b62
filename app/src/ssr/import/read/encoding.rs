//! Detecting the text encoding of a CSV file (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-874).

use std::borrow::Cow;

/// CSV text and the name of the encoding it was decoded from.
pub(crate) struct Decoded<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) encoding: &'static str,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// A UTF-8 file may carry this many invalid sequences per Thai letter and still be read as UTF-8 (with
/// U+FFFD in place of each bad sequence) rather than as Windows-874: one stray byte pasted into a long
/// UTF-8 list should not turn all of its Thai into mojibake. A genuine TIS-620 file has an invalid
/// sequence for nearly every Thai letter, so it never gets close.
const TOLERATED_ERRORS_PER_THAI_LETTER: usize = 100;

/// Decodes the bytes of a CSV file.
///
/// - UTF-8 BOM → stripped, rest decoded as UTF-8 ("UTF-8 (BOM)");
/// - UTF-16 BOM (Excel's "Unicode Text") → "UTF-16LE" / "UTF-16BE";
/// - valid UTF-8 → "UTF-8"; also when the only flaw is a sequence cut at the very end (a truncated
///   upload) or a rare stray byte among many Thai letters;
/// - anything else → Windows-874, the superset of TIS-620 used by Thai Windows ("windows-874").
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return Decoded { text: String::from_utf8_lossy(rest), encoding: "UTF-8 (BOM)" };
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return Decoded { text, encoding: "UTF-16LE" };
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return Decoded { text, encoding: "UTF-16BE" };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: Cow::Borrowed(text), encoding: "UTF-8" };
    }
    if is_mostly_utf8(bytes) {
        return Decoded { text: String::from_utf8_lossy(bytes), encoding: "UTF-8" };
    }
    let (text, _) = encoding_rs::WINDOWS_874.decode_without_bom_handling(bytes);
    Decoded { text, encoding: "windows-874" }
}

/// True when the bytes are UTF-8 with Thai letters, apart from a sequence cut at the very end and a few
/// stray bytes.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let mut thai_letters = 0usize;
    let mut errors = 0usize;
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        thai_letters += chunk.valid().chars().filter(|c| ('\u{0E00}'..='\u{0E7F}').contains(c)).count();
        let invalid = chunk.invalid();
        let cut_at_end = chunks.peek().is_none() && is_cut_sequence(invalid);
        if !invalid.is_empty() && !cut_at_end {
            errors += 1;
        }
    }
    thai_letters > 0 && errors.saturating_mul(TOLERATED_ERRORS_PER_THAI_LETTER) <= thai_letters
}

/// True for the start of a multi-byte UTF-8 sequence that lacks its last bytes.
fn is_cut_sequence(tail: &[u8]) -> bool {
    let needed = match tail.first() {
        Some(0xC2..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF4) => 4,
        _ => return false,
    };
    tail.len() < needed && tail[1..].iter().all(|byte| (0x80..=0xBF).contains(byte))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn plain_ascii_is_utf8() {
        let decoded = decode(b"a,b\n1,2\n");
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, "a,b\n1,2\n");
    }

    #[test]
    fn bom_is_stripped() {
        let decoded = decode("\u{FEFF}ชื่อ".as_bytes());
        assert_eq!(decoded.encoding, "UTF-8 (BOM)");
        assert_eq!(decoded.text, "ชื่อ");
    }

    #[test]
    fn tis620_is_windows_874() {
        let (bytes, _, _) = encoding_rs::WINDOWS_874.encode("ชื่อ,นามสกุล\nสมชาย,ใจดี\n");
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "windows-874");
        assert_eq!(decoded.text, "ชื่อ,นามสกุล\nสมชาย,ใจดี\n");
    }

    #[test]
    fn utf8_cut_inside_a_thai_letter_stays_utf8() {
        let bytes = "ชื่อ,นามสกุล\nสมชาย,ใจดี".as_bytes();
        let decoded = decode(&bytes[..bytes.len() - 1]);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.starts_with("ชื่อ,นามสกุล\nสมชาย,ใจ"));
    }

    #[test]
    fn one_stray_byte_among_much_thai_stays_utf8() {
        let mut bytes = "สมชาย ใจดี ".repeat(30).into_bytes();
        bytes.push(0xA9);
        bytes.extend_from_slice("สมชาย".as_bytes());
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains('\u{FFFD}'));
    }

    #[test]
    fn short_tis620_ending_in_thai_is_not_taken_for_cut_utf8() {
        let (bytes, _, _) = encoding_rs::WINDOWS_874.encode("name\nเก");
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "windows-874");
        assert_eq!(decoded.text, "name\nเก");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "ชื่อ\tอายุ\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "UTF-16LE");
        assert_eq!(decoded.text, "ชื่อ\tอายุ\r\n");
    }
}
