//! Secrets handed to clients (session cookies, API tokens) and the hashes kept of them.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix that makes a Hakpaeng API token recognisable (e.g. to secret scanners).
pub const TOKEN_PREFIX: &str = "hkp_";

/// 256 random bits, URL-safe base64.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", new_secret())
}

/// What the database stores: the hex SHA-256 of the secret. A stolen database copy holds
/// no usable session or token. (The secrets are random, so no slow hash is needed.)
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashes_stable() {
        let a = new_secret();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_secret());
        assert!(new_api_token().starts_with("hkp_"));
        assert_eq!(hash_secret("x"), hash_secret("x"));
        assert_eq!(hash_secret("abc").len(), 64);
        assert_eq!(hash_secret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
