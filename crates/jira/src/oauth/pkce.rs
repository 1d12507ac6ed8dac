//! Random values for the OAuth flow: the `state` parameter and the PKCE (RFC 7636) verifier
//! with its S256 challenge.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::secret::Sensitive;

/// `n` bytes from the OS random source, base64url without padding.
fn random_token(bytes: usize) -> Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|error| Error::CallbackListener {
        detail: format!("the system random number generator failed: {error}"),
    })?;
    Ok(URL_SAFE_NO_PAD.encode(&buffer))
}

/// The anti-CSRF `state` value: 32 random bytes (43 characters).
pub fn new_state() -> Result<String> {
    random_token(32)
}

/// A PKCE pair. The verifier is secret until the token request.
#[derive(Debug)]
pub struct Pkce {
    verifier: Sensitive<String>,
    challenge: String,
}

impl Pkce {
    /// A fresh verifier (32 random bytes -> 43 characters, within RFC 7636's 43..=128).
    pub fn generate() -> Result<Self> {
        Ok(Self::from_verifier(random_token(32)?))
    }

    /// The pair for a given verifier (tests use RFC 7636's example).
    pub fn from_verifier(verifier: String) -> Self {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier: Sensitive::new(verifier),
            challenge,
        }
    }

    pub fn verifier(&self) -> &Sensitive<String> {
        &self.verifier
    }

    /// `BASE64URL(SHA256(verifier))`, sent as `code_challenge` with method `S256`.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_challenge_matches_rfc_7636_appendix_b() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(
            pkce.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(format!("{pkce:?}").matches("dBjftJeZ").count(), 0);
    }

    #[test]
    fn generated_values_are_long_url_safe_and_fresh() {
        let a = Pkce::generate().expect("pkce");
        let b = Pkce::generate().expect("pkce");
        assert_ne!(a.verifier().expose(), b.verifier().expose());
        let verifier = a.verifier().expose();
        assert!((43..=128).contains(&verifier.len()));
        assert!(verifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        let state = new_state().expect("state");
        assert_eq!(state.len(), 43);
        assert_ne!(state, new_state().expect("state"));
    }
}
