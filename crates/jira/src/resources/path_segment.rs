//! Percent-encoding for values placed in a URL path (issue keys, property keys, ids).

/// Encodes everything but RFC 3986 unreserved characters, so a `/`, `?` or `#` in a value
/// can never change which resource is addressed.
pub(crate) fn seg(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::seg;

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(seg("SEC-12"), "SEC-12");
        assert_eq!(seg("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(seg("ü"), "%C3%BC");
    }
}
