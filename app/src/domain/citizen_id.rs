//! The 13-digit Thai citizen id (เลขประจำตัวประชาชน): parsing, check digit, display and masking.
use std::fmt;

use serde::{Deserialize, Serialize};

/// A citizen id whose check digit is valid. Parse, don't validate: holding one proves it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CitizenId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CitizenIdError {
    #[error("a citizen id has 13 digits")]
    WrongLength,
    #[error("a citizen id has digits only")]
    NotDigits,
    #[error("the check digit does not match")]
    BadCheckDigit,
}

impl CitizenIdError {
    pub fn message_th(self) -> &'static str {
        match self {
            CitizenIdError::WrongLength => "เลขประจำตัวประชาชนต้องมี 13 หลัก",
            CitizenIdError::NotDigits => "เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น",
            CitizenIdError::BadCheckDigit => "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)",
        }
    }
}

/// The check digit for the first 12 digits: (11 − Σ dᵢ·(14−i) mod 11) mod 10.
pub fn check_digit(first12: &[u8; 12]) -> u8 {
    let sum: u32 = first12.iter().enumerate().map(|(i, d)| u32::from(*d) * (13 - i as u32)).sum();
    ((11 - sum % 11) % 10) as u8
}

impl CitizenId {
    /// Accepts the 13 digits with or without the usual dashes and spaces.
    pub fn parse(input: &str) -> Result<Self, CitizenIdError> {
        let compact: String = input.chars().filter(|c| *c != '-' && !c.is_whitespace()).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(CitizenIdError::NotDigits);
        }
        if compact.len() != 13 {
            return Err(CitizenIdError::WrongLength);
        }
        let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
        let mut first12 = [0u8; 12];
        first12.copy_from_slice(&digits[..12]);
        if check_digit(&first12) != digits[12] {
            return Err(CitizenIdError::BadCheckDigit);
        }
        Ok(CitizenId(compact))
    }

    /// Builds a valid id from 12 digits by appending their check digit.
    pub fn from_first12(first12: [u8; 12]) -> Self {
        let mut s: String = first12.iter().map(|d| char::from(b'0' + d % 10)).collect();
        s.push(char::from(b'0' + check_digit(&first12.map(|d| d % 10))));
        CitizenId(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `N-NNNN-NNNNN-NN-N`.
    pub fn formatted(&self) -> String {
        format_groups(&self.0)
    }

    /// The list form: only the last three digits show, `x-xxxx-xxxxx-34-5`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

fn format_groups(digits: &str) -> String {
    let d = digits;
    format!("{}-{}-{}-{}-{}", &d[0..1], &d[1..5], &d[5..10], &d[10..12], &d[12..13])
}

/// Masks a stored 13-digit id for display; anything else is masked entirely.
pub fn mask(digits: &str) -> String {
    if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return "x-xxxx-xxxxx-xx-x".to_string();
    }
    format!("x-xxxx-xxxxx-{}-{}", &digits[10..12], &digits[12..13])
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl TryFrom<String> for CitizenId {
    type Error = CitizenIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CitizenId::parse(&value)
    }
}

impl From<CitizenId> for String {
    fn from(value: CitizenId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_valid_id_with_or_without_dashes() {
        // 1-1017-00230-70-8: Σ = 1·13+1·12+0·11+1·10+7·9+0·8+0·7+2·6+3·5+0·4+7·3+0·2 = 146;
        // 146 mod 11 = 3; (11 − 3) mod 10 = 8.
        let id = CitizenId::parse("1-1017-00230-70-8").expect("valid");
        assert_eq!(id.as_str(), "1101700230708");
        assert_eq!(CitizenId::parse("1101700230708"), Ok(id.clone()));
        assert_eq!(CitizenId::parse(" 1 1017 00230 70 8 "), Ok(id));
    }

    #[test]
    fn check_digit_of_ten_or_eleven_wraps() {
        // Sum ≡ 1 (mod 11) → 10 → 0; sum ≡ 0 → 11 → 1.
        let ones = [1u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // 13 ≡ 2 → 9
        assert_eq!(check_digit(&ones), 9);
        let s1 = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]; // 10 → 1
        assert_eq!(check_digit(&s1), 1);
        let s0 = [0u8; 12]; // 0 → 11 mod 10 = 1
        assert_eq!(check_digit(&s0), 1);
        let s_one = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0]; // 4·3 = 12 ≡ 1 → 10 → 0
        assert_eq!(check_digit(&s_one), 0);
    }

    #[test]
    fn rejects_bad_ids_with_the_reason() {
        assert_eq!(CitizenId::parse("1101700230707"), Err(CitizenIdError::BadCheckDigit));
        assert_eq!(CitizenId::parse("110170023070"), Err(CitizenIdError::WrongLength));
        assert_eq!(CitizenId::parse("11017002307088"), Err(CitizenIdError::WrongLength));
        assert_eq!(CitizenId::parse("11017OO230708"), Err(CitizenIdError::NotDigits));
        assert_eq!(CitizenId::parse(""), Err(CitizenIdError::WrongLength));
        assert!(CitizenIdError::BadCheckDigit.message_th().contains("ไม่ถูกต้อง"));
    }

    #[test]
    fn every_id_built_from_twelve_digits_parses() {
        for n in 0u64..2000 {
            let mut first12 = [0u8; 12];
            let mut x = n.wrapping_mul(2_654_435_761) % 1_000_000_000_000;
            for d in first12.iter_mut().rev() {
                *d = (x % 10) as u8;
                x /= 10;
            }
            let id = CitizenId::from_first12(first12);
            assert_eq!(CitizenId::parse(id.as_str()).as_ref(), Ok(&id));
        }
    }

    #[test]
    fn formats_and_masks() {
        let id = CitizenId::parse("1101700230708").expect("valid");
        assert_eq!(id.formatted(), "1-1017-00230-70-8");
        assert_eq!(id.to_string(), "1-1017-00230-70-8");
        assert_eq!(id.masked(), "x-xxxx-xxxxx-70-8");
        assert_eq!(mask("12345"), "x-xxxx-xxxxx-xx-x");
    }

    #[test]
    fn deserialising_checks_the_digit() {
        let ok: Result<CitizenId, _> = serde_json::from_str("\"1101700230708\"");
        assert!(ok.is_ok());
        let bad: Result<CitizenId, _> = serde_json::from_str("\"1101700230707\"");
        assert!(bad.is_err());
    }
}
