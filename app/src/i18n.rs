//! Thai first, English on request: the language type and the context that carries it.
//! The language is a cookie (`lang`), read by the server for every page, so a switch is one
//! plain link that works with JavaScript off too.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Th,
    En,
}

/// Name of the cookie that stores the chosen language.
pub const LANG_COOKIE: &str = "hakpaeng_lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Th => "th",
            Lang::En => "en",
        }
    }

    /// Reads a language code; anything but `en` is Thai.
    pub fn from_code(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Th
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Th => Lang::En,
            Lang::En => Lang::Th,
        }
    }

    /// Picks the text for this language.
    pub fn t<'a>(self, th: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Th => th,
            Lang::En => en,
        }
    }

    /// The language named in a `Cookie` header, Thai when absent.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .map(|(_, v)| Lang::from_code(v))
            .unwrap_or_default()
    }
}

/// Formats a count with thousands separators: 17,000.
pub fn group_thousands(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A share as a whole-number percentage, "–" when there is nothing to share.
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "–".to_string();
    }
    format!("{}%", (part * 100 + whole / 2) / whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_is_the_default() {
        assert_eq!(Lang::default(), Lang::Th);
        assert_eq!(Lang::from_code("EN"), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Th);
        assert_eq!(Lang::from_cookie_header("a=b; hakpaeng_lang=en; c=d"), Lang::En);
        assert_eq!(Lang::from_cookie_header("hakpaeng_session=x"), Lang::Th);
        assert_eq!(Lang::En.t("ไทย", "English"), "English");
        assert_eq!(Lang::Th.other(), Lang::En);
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(17000), "17,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!(group_thousands(-4500), "-4,500");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "–");
    }
}
