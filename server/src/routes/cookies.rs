//! Building `Set-Cookie` values and checking where a form may send the browser back to.

/// A cookie for the whole site: `HttpOnly` when asked, always `SameSite=Lax`.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, http_only: bool, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// Only paths on this site: `/households?x=1` yes; `//evil.example`, `https://…`, `\\` no.
pub fn safe_local_path(candidate: &str) -> Option<&str> {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.starts_with("/\\")
        && !candidate.chars().any(|c| c.is_control());
    ok.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_carry_their_flags() {
        assert_eq!(set_cookie("s", "v", 60, true, false), "s=v; Path=/; Max-Age=60; SameSite=Lax; HttpOnly");
        assert!(set_cookie("s", "v", 60, false, true).ends_with("SameSite=Lax; Secure"));
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_local_path("/households?amphoe=3301"), Some("/households?amphoe=3301"));
        assert_eq!(safe_local_path("//evil.example/x"), None);
        assert_eq!(safe_local_path("/\\evil.example"), None);
        assert_eq!(safe_local_path("https://evil.example"), None);
        assert_eq!(safe_local_path("/x\r\nSet-Cookie: a=b"), None);
    }
}
