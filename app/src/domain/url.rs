//! Writing values into URLs (query strings, redirect targets) the same way everywhere.

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_thai_and_reserved_characters() {
        assert_eq!(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(percent_encode("12/3 ม"), "12%2F3%20%E0%B8%A1");
        assert_eq!(percent_encode("a&b=c?"), "a%26b%3Dc%3F");
    }
}
