//! `Sensitive<T>`: a value that must never leave the process by accident.
//!
//! It prints as `[redacted]` through `Debug` and `Display`, has no `Serialize` impl (checked at
//! compile time below), and wipes its memory when dropped. Reading it takes an explicit
//! [`Sensitive::expose`] call, which is easy to grep for in review.
//!
//! ```compile_fail
//! fn needs_serialize<T: serde::Serialize>() {}
//! needs_serialize::<vulnbridge_jira::Sensitive<String>>();
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer};
use zeroize::Zeroize;

/// What `Sensitive` prints instead of its content.
pub const REDACTED: &str = "[redacted]";

/// A secret (token, password, client secret). See the module docs.
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Gives read access to the secret. Call this only where the secret is actually sent
    /// (an HTTP header, a token request body, the keyring).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl Sensitive<String> {
    /// True when the secret is the empty string (a missing value typed as "").
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize + Clone> Clone for Sensitive<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T: Zeroize> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Token responses carry secrets; they are read straight into `Sensitive`.
impl<'de, T: Zeroize + Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self)
    }
}

/// Compile-time proof that `Sensitive` is not `Serialize`.
///
/// Every type gets `NotSerializeProbe<()>`; types that are `Serialize` also get
/// `NotSerializeProbe<IsSerialize>`. Naming `probe` with an inferred parameter is then ambiguous
/// (a compile error) exactly when the type is `Serialize`.
mod not_serialize {
    use super::Sensitive;

    trait NotSerializeProbe<Marker> {
        fn probe() {}
    }
    impl<T: ?Sized> NotSerializeProbe<()> for T {}
    struct IsSerialize;
    impl<T: ?Sized + serde::Serialize> NotSerializeProbe<IsSerialize> for T {}

    const _: fn() = || {
        let _ = <Sensitive<String> as NotSerializeProbe<_>>::probe;
        let _ = <Sensitive<Vec<u8>> as NotSerializeProbe<_>>::probe;
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Sensitive::new(String::from("hunter2-very-secret"));
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(format!("{:#?}", Some(&secret)), "Some(\n    [redacted],\n)");
        assert_eq!(secret.expose(), "hunter2-very-secret");
    }

    #[test]
    fn deserializes_from_a_plain_json_string() {
        #[derive(Deserialize, Debug)]
        struct TokenBody {
            access_token: Sensitive<String>,
        }
        let body: TokenBody =
            serde_json::from_str(r#"{"access_token":"at-123456"}"#).expect("valid json");
        assert_eq!(body.access_token.expose(), "at-123456");
        assert!(!format!("{body:?}").contains("at-123456"));
    }

    #[test]
    fn zeroize_wipes_the_buffer() {
        // What Drop does, observed through the same Zeroize call on a value we can still read.
        let mut value = String::from("wipe-me");
        value.zeroize();
        assert!(value.is_empty());
        let clone = Sensitive::new(String::from("abc")).clone();
        assert_eq!(clone.expose(), "abc");
    }
}
