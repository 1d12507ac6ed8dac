//! Throughput of `vulnbridge_importers::parse` (detection included) against plain
//! `serde_json::from_slice::<serde_json::Value>` on the same ~50 MB documents.
//!
//! Run: `cargo bench -p vulnbridge-importers` (release profile). Prints MB/s and the ratio.

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

const TARGET_BYTES: usize = 50 * 1024 * 1024;
const ROUNDS: usize = 3;

fn sarif_document() -> Vec<u8> {
    let mut rules = String::new();
    for r in 0..200 {
        if r > 0 {
            rules.push(',');
        }
        let _ = write!(
            rules,
            r#"{{"id":"js/rule-{r}","name":"RuleName{r}","shortDescription":{{"text":"Short description of rule {r}"}},"fullDescription":{{"text":"A longer description of rule {r} that explains the weakness in some detail."}},"defaultConfiguration":{{"level":"warning"}},"helpUri":"https://example.test/rules/{r}","properties":{{"tags":["security","external/cwe/cwe-0{r:02}"],"precision":"high","security-severity":"{}.{}"}}}}"#,
            r % 10,
            r % 7
        );
    }
    let mut out = format!(
        r#"{{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{{"tool":{{"driver":{{"name":"CodeQL","semanticVersion":"2.15.3","rules":[{rules}]}}}},"results":["#
    );
    let mut i = 0usize;
    while out.len() < TARGET_BYTES {
        if i > 0 {
            out.push(',');
        }
        let rule = i % 200;
        let _ = write!(
            out,
            r#"{{"ruleId":"js/rule-{rule}","ruleIndex":{rule},"level":"error","message":{{"text":"User-provided value flows to a sensitive sink in handler number {i}; see the data flow for details."}},"locations":[{{"physicalLocation":{{"artifactLocation":{{"uri":"src/module{m}/file{i}.js","uriBaseId":"%SRCROOT%"}},"region":{{"startLine":{l},"startColumn":5,"endColumn":42,"snippet":{{"text":"  const q = db.query('SELECT * FROM t WHERE id=' + req.params.id);"}}}}}}}}],"partialFingerprints":{{"primaryLocationLineHash":"{i:016x}:1","primaryLocationStartColumnFingerprint":"4"}}}}"#,
            m = i % 50,
            l = i % 900 + 1
        );
        i += 1;
    }
    out.push_str("]}]}");
    out.into_bytes()
}

fn grype_document() -> Vec<u8> {
    let mut out = String::from(r#"{"matches":["#);
    let mut i = 0usize;
    let severities = ["Critical", "High", "Medium", "Low", "Negligible", "Unknown"];
    while out.len() < TARGET_BYTES {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"vulnerability":{{"id":"CVE-2023-{id}","dataSource":"https://nvd.nist.gov/vuln/detail/CVE-2023-{id}","namespace":"nvd:cpe","severity":"{sev}","urls":["https://example.test/advisory/{id}"],"description":"A flaw in package number {i} allows a remote attacker to cause a denial of service via crafted input.","cvss":[{{"version":"3.1","vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H","metrics":{{"baseScore":7.5,"exploitabilityScore":3.9,"impactScore":3.6}}}}],"fix":{{"versions":["1.{i}.1"],"state":"fixed"}}}},"relatedVulnerabilities":[{{"id":"GHSA-xxxx-{i:04x}","description":"Related advisory","cvss":[]}}],"matchDetails":[{{"type":"exact-direct-match","matcher":"npm-matcher","searchedBy":{{"language":"javascript","namespace":"github:language:javascript"}},"found":{{"versionConstraint":"< 1.{i}.1 (semver)"}}}}],"artifact":{{"id":"{i:016x}","name":"pkg-{i}","version":"1.{i}.0","type":"npm","locations":[{{"path":"/app/node_modules/pkg-{i}/package.json","layerID":"sha256:{i:064x}"}}],"language":"javascript","licenses":["MIT"],"cpes":["cpe:2.3:a:pkg-{i}:pkg-{i}:1.{i}.0:*:*:*:*:*:*:*"],"purl":"pkg:npm/pkg-{i}@1.{i}.0"}}}}"#,
            id = 10000 + i,
            sev = severities[i % severities.len()]
        );
        i += 1;
    }
    out.push_str(r#"],"source":{"type":"image","target":{"userInput":"registry.example.test/big:1.0"}},"descriptor":{"name":"grype","version":"0.74.1"}}"#);
    out.into_bytes()
}

fn best_of(mut run: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

fn compare(name: &str, doc: &[u8]) {
    let findings = match vulnbridge_importers::parse(doc) {
        Ok(scan) => scan.findings.len(),
        Err(e) => {
            eprintln!("{name}: the generated document does not parse: {e}");
            std::process::exit(1);
        }
    };
    let ours = best_of(|| {
        let _ = black_box(vulnbridge_importers::parse(black_box(doc)));
    });
    let value = best_of(|| {
        let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(doc)));
    });
    println!(
        "{name}: {:.1} MB, {findings} findings | parse: {:.0} MB/s ({:.0} ms) | serde_json Value: {:.0} MB/s ({:.0} ms) | ratio {:.2}x",
        doc.len() as f64 / (1024.0 * 1024.0),
        mb_per_s(doc.len(), ours),
        ours.as_secs_f64() * 1000.0,
        mb_per_s(doc.len(), value),
        value.as_secs_f64() * 1000.0,
        ours.as_secs_f64() / value.as_secs_f64()
    );
}

fn main() {
    compare("SARIF", &sarif_document());
    compare("Grype", &grype_document());
}
