//! Finding identifiers hidden in free text (rule ids such as Grype's `CVE-2021-3711-openssl` or
//! Black Duck's `BDSA-2021-1234 (CVE-2021-3711)`).

/// Every `CVE-<year>-<number>` in `text`, upper-cased, in order, without duplicates.
pub(crate) fn cves_in(text: &str) -> Vec<String> {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(pos) = upper[i..].find("CVE-") {
        let start = i + pos;
        let mut j = start + 4;
        let year_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        let year_len = j - year_start;
        if year_len == 4 && j < bytes.len() && bytes[j] == b'-' {
            let num_start = j + 1;
            let mut k = num_start;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            if k - num_start >= 4 {
                let id = upper[start..k].to_string();
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            i = k;
        } else {
            i = start + 4;
        }
    }
    out
}

/// `true` for ids that name a vulnerability in some database (`GHSA-`, `SNYK-`, `GO-`, …),
/// which are kept as aliases.
pub(crate) fn is_advisory_id(id: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "GHSA-", "SNYK-", "GO-", "PYSEC-", "RUSTSEC-", "OSV-", "BDSA-", "ALAS", "DSA-", "RHSA-",
    ];
    let upper = id.to_ascii_uppercase();
    PREFIXES.iter().any(|p| upper.starts_with(p))
}

/// Collapses runs of whitespace to one space and trims (snippet normalisation for
/// fingerprints, so re-indentation does not change identity).
pub(crate) fn squash_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cves_are_found_inside_rule_ids() {
        assert_eq!(cves_in("CVE-2021-3711-openssl"), vec!["CVE-2021-3711"]);
        assert_eq!(
            cves_in("BDSA-2021-1234 (cve-2021-44228), CVE-2021-44228"),
            vec!["CVE-2021-44228"]
        );
        assert!(cves_in("CVE-21-1").is_empty());
        assert!(cves_in("no ids").is_empty());
    }
}
