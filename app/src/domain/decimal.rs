//! Decimal numbers as typed in a form (coordinates, hours, speeds): one grammar in the browser
//! and on the server, and no float-parsing tables in the WebAssembly bundle.
//!
//! Rust's `str::parse::<f64>` brings 10 KB of powers of five into the bundle's data, which the
//! bundle splitter keeps in the main module every page downloads. In the browser, text that
//! passes [`is_decimal`] is converted by JavaScript's `parseFloat`, which rounds correctly as
//! Rust's parser does; elsewhere by Rust's parser.

/// `text` (surrounding spaces ignored) as a number: an optional sign, digits with at most one
/// decimal point (at least one digit), an optional exponent (`e`/`E`, optional sign, digits).
/// `None` for anything else, including `inf` and `NaN`, which Rust's parser would accept.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    if !is_decimal(t) {
        return None;
    }
    convert(t)
}

#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
fn convert(t: &str) -> Option<f64> {
    Some(js_sys::Number::parse_float(t))
}

#[cfg(not(all(feature = "hydrate", target_arch = "wasm32")))]
fn convert(t: &str) -> Option<f64> {
    t.parse().ok()
}

/// Whether `t` is written as [`parse_decimal`] accepts (no surrounding spaces).
pub fn is_decimal(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut digits = 0;
    let mut point = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_officers_type() {
        for (text, value) in [
            ("15.1189", 15.1189),
            (" 104.32 ", 104.32),
            ("-7", -7.0),
            ("+2.5", 2.5),
            ("1.", 1.0),
            (".5", 0.5),
            ("1e3", 1000.0),
            ("2.5E-2", 0.025),
            ("0", 0.0),
        ] {
            assert_eq!(parse_decimal(text), Some(value), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for text in [
            "", " ", ".", "+", "-.", "1.2.3", "1,5", "1e", "1e+", "e5", "inf", "NaN", "infinity", "0x10", "12abc", "๑๒",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    #[test]
    fn agrees_with_rusts_parser_wherever_the_grammar_accepts() {
        let parts = ["", "+", "-"];
        let bodies =
            ["0", "7", "15", "15.1189", "0.000001", "123456789.987654321", ".25", "3.", "99999999999999999999"];
        let exps = ["", "e0", "e10", "E-5", "e+300", "e400", "e-400"];
        for sign in parts {
            for body in bodies {
                for exp in exps {
                    let text = format!("{sign}{body}{exp}");
                    assert!(is_decimal(&text), "{text}");
                    assert_eq!(parse_decimal(&text), text.parse::<f64>().ok(), "{text}");
                }
            }
        }
    }
}
