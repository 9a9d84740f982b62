//! Thai collation for names: a sort key whose plain byte order follows the Thai dictionary,
//! so both databases can sort by it with an ordinary index.
//!
//! In Thai the leading vowels เ แ โ ใ ไ are written before the consonant they follow in
//! speech and in the dictionary; tone marks and other signs only break ties.

fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

fn is_tone_or_sign(c: char) -> bool {
    ('\u{0E47}'..='\u{0E4E}').contains(&c)
}

fn is_thai_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// The primary key: leading vowels moved after their consonant, tone marks dropped, Latin
/// letters lower-cased; then the original text after a separator to break ties.
pub fn thai_sort_key(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut primary = String::with_capacity(name.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_leading_vowel(c) && chars.get(i + 1).is_some_and(|n| is_thai_consonant(*n)) {
            primary.push(chars[i + 1]);
            primary.push(c);
            i += 2;
            continue;
        }
        if !is_tone_or_sign(c) {
            primary.extend(c.to_lowercase());
        }
        i += 1;
    }
    primary.push('\u{1}');
    primary.push_str(name.trim());
    primary
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_key(|n| thai_sort_key(n));
        v
    }

    #[test]
    fn leading_vowels_sort_by_their_consonant() {
        // เกษม is filed under ก, before ขวัญ; ไพโรจน์ under พ, after บุญมี.
        assert_eq!(sorted(&["ไพโรจน์", "ขวัญ", "บุญมี", "เกษม", "กมล"]), vec!["กมล", "เกษม", "ขวัญ", "บุญมี", "ไพโรจน์"]);
    }

    #[test]
    fn tone_marks_only_break_ties() {
        // ก่า and กา share a primary key; กาย comes after both.
        let v = sorted(&["กาย", "ก่า", "กา"]);
        assert_eq!(v[2], "กาย");
        assert_eq!(thai_sort_key("ก่า").split('\u{1}').next(), Some("กา"));
    }

    #[test]
    fn latin_is_case_insensitive_and_keys_are_stable() {
        assert_eq!(sorted(&["somchai", "Anan", "bee"]), vec!["Anan", "bee", "somchai"]);
        assert_eq!(thai_sort_key(" สมชาย "), thai_sort_key("สมชาย"));
        assert_ne!(thai_sort_key("ก่า"), thai_sort_key("กา"));
    }
}
