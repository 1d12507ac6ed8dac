//! Stable finding identity.
//!
//! A fingerprint is the lowercase hex sha256 of a family tag followed by the identity fields the
//! importer chose for that family and format. Each part is length-prefixed before hashing, so
//! `["ab", "c"]` and `["a", "bc"]` never collide. Importers document which fields they use; the
//! hash itself never changes meaning, because tickets are deduplicated on it.

use sha2::{Digest, Sha256};

/// Prefix of every Jira dedup label.
pub const DEDUP_LABEL_PREFIX: &str = "vb-";

/// sha256 (lowercase hex, 64 chars) over `family` and `parts`, each length-prefixed.
pub fn fingerprint(family: &str, parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in std::iter::once(&family).chain(parts.iter()) {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(hex_digit(byte >> 4));
        out.push(hex_digit(byte & 0x0f));
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

/// The Jira label used for exactly-once ticketing: `vb-` + the first 16 hex characters of the
/// fingerprint (lowercased; a shorter fingerprint is used whole).
pub fn dedup_label(fingerprint: &str) -> String {
    let head: String = fingerprint
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    format!("{DEDUP_LABEL_PREFIX}{head}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_sha256_hex_and_stable() {
        let a = fingerprint("code", &["rule", "src/a.rs", "12"]);
        assert_eq!(a.len(), 64);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(a, fingerprint("code", &["rule", "src/a.rs", "12"]));
    }

    #[test]
    fn part_boundaries_and_family_matter() {
        assert_ne!(
            fingerprint("x", &["ab", "c"]),
            fingerprint("x", &["a", "bc"])
        );
        assert_ne!(fingerprint("code", &["a"]), fingerprint("url", &["a"]));
    }

    #[test]
    fn known_vector_does_not_drift() {
        // Pinned so that a change to the hashing scheme (which would re-ticket everything)
        // fails loudly.
        assert_eq!(
            fingerprint(
                "package",
                &["npm", "lodash", "4.17.15", "GHSA-jf85-cpcp-j695"]
            ),
            "9db5b679845d374e42fe1cd1d6fcae400e033ca9e48e375962bbcc46ab4ccef5"
        );
        let empty = fingerprint("", &[]);
        // sha256 of eight zero bytes (the length prefix of the empty family tag).
        assert_eq!(
            empty,
            "af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc"
        );
    }

    #[test]
    fn dedup_label_takes_sixteen_hex_chars() {
        let fp = fingerprint("code", &["r"]);
        let label = dedup_label(&fp);
        assert_eq!(label.len(), 3 + 16);
        assert_eq!(&label[3..], &fp[..16]);
        assert!(label.starts_with("vb-"));
        assert_eq!(dedup_label("ABC"), "vb-abc");
    }
}
