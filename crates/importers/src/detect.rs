//! Format detection by content (never by file name). See README.md for the rule per format.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::{strip_bom, without_trailing_commas};
use crate::probe::{probe, Shape, Top};

/// Detects the format of `bytes` from its content. A UTF-8 BOM and leading whitespace are
/// ignored; trailing commas are tolerated; JSON Lines are recognised by their first line.
pub fn detect(bytes: &[u8]) -> Result<Format, ImportError> {
    let body = strip_bom(bytes);
    match body.first() {
        None => Err(ImportError::Empty),
        Some(b'<') => detect_xml(body),
        Some(b'{') | Some(b'[') | Some(b'n') => detect_json(body),
        Some(_) if looks_like_csv(body) => Ok(Format::GenericCsv),
        Some(_) => Err(ImportError::Unknown(
            "it is neither JSON, XML nor CSV".to_string(),
        )),
    }
}

fn detect_json(body: &[u8]) -> Result<Format, ImportError> {
    match probe(body) {
        Ok(shape) => classify(&shape),
        Err(err) => {
            if let Ok(shape) = probe(&without_trailing_commas(body)) {
                return classify(&shape);
            }
            // JSON Lines: the first line is a whole object.
            if body.first() == Some(&b'{') {
                let first_line = body.split(|&b| b == b'\n').next().unwrap_or(body);
                if let Ok(shape) = probe(first_line) {
                    if is_nuclei(&shape.keys()) {
                        return Ok(Format::Nuclei);
                    }
                    return Err(ImportError::Unknown(format!(
                        "JSON Lines whose first record has keys {:?}",
                        shape.keys()
                    )));
                }
            }
            Err(ImportError::Unknown(format!("it is not valid JSON: {err}")))
        }
    }
}

fn is_nuclei(keys: &[&str]) -> bool {
    keys.iter()
        .any(|k| *k == "template-id" || *k == "templateID")
        && keys.contains(&"info")
}

/// Decides the JSON format from its shape.
pub(crate) fn classify(shape: &Shape) -> Result<Format, ImportError> {
    match shape.top {
        Top::Null => Err(ImportError::NoContent("null".to_string())),
        Top::Scalar => Err(ImportError::Unknown(
            "the document is a single JSON value, not an object or list".to_string(),
        )),
        Top::Array => classify_array(shape),
        Top::Object => classify_object(shape),
    }
}

fn classify_array(shape: &Shape) -> Result<Format, ImportError> {
    if shape.len == 0 {
        return Err(ImportError::NoContent("[]".to_string()));
    }
    let keys: Vec<&str> = shape.first_item_keys.iter().map(String::as_str).collect();
    let has = |k: &str| shape.item_has(k);
    let format = if is_nuclei(&keys) {
        Format::Nuclei
    } else if (has("RuleID") && (has("Secret") || has("Match") || has("File")))
        || (has("offender") && has("rule"))
    {
        Format::Gitleaks
    } else if has("Target") && (has("Vulnerabilities") || has("Type")) {
        Format::TrivyJson
    } else if has("vulnerabilities") && (has("packageManager") || has("projectName")) {
        Format::SnykJson
    } else if has("check_type") && has("results") {
        Format::CheckovJson
    } else if has("security_advisory") && has("dependency") {
        Format::GithubDependabotAlerts
    } else if has("most_recent_instance") && has("rule") {
        Format::GithubCodeScanningAlerts
    } else if shape.first_item_keys.is_empty() {
        return Err(ImportError::Unknown(
            "a JSON list whose first element is not an object".to_string(),
        ));
    } else {
        Format::GenericJson
    };
    Ok(format)
}

fn classify_object(shape: &Shape) -> Result<Format, ImportError> {
    let has = |k: &str| shape.has(k);
    let schema = shape.scalar("$schema").unwrap_or("").to_ascii_lowercase();
    if has("runs") && (schema.contains("sarif") || shape.scalar("version").is_some()) {
        return Ok(Format::Sarif);
    }
    if shape
        .scalar("bomFormat")
        .is_some_and(|b| b.eq_ignore_ascii_case("cyclonedx"))
    {
        return Ok(Format::CycloneDxJson);
    }
    if has("statements")
        && shape
            .scalar("@context")
            .is_some_and(|c| c.contains("openvex"))
    {
        return Err(ImportError::Unknown(
            "an OpenVEX document: it is a triage overlay for existing findings, not a findings list".to_string(),
        ));
    }
    let format = if has("SchemaVersion") || has("ArtifactName") || has("ClusterName") {
        Format::TrivyJson
    } else if has("matches") && (has("source") || has("descriptor")) {
        Format::GrypeJson
    } else if has("auditReportVersion") {
        Format::NpmAuditV2
    } else if has("advisories") && (has("muted") || has("metadata") || has("actions")) {
        Format::NpmAuditV1
    } else if has("Report") && shape.child_has("Report", "Sites") {
        return Err(ImportError::Unknown(
            "a legacy OWASP ZAP JSON report (Report.Sites), which is not supported; export ZAP's traditional JSON or XML report instead".to_string(),
        ));
    } else if has("@programName") || (has("site") && has("@version")) {
        Format::ZapJson
    } else if has("Issues") && (has("Stats") || has("Golang errors")) {
        Format::GosecJson
    } else if has("check_type") && has("results") {
        Format::CheckovJson
    } else if has("results") && (has("generated_at") || shape.child_has("results", "test_id")) {
        Format::BanditJson
    } else if has("results")
        && (shape.child_has("results", "check_id") || (has("errors") && has("paths")))
    {
        Format::SemgrepJson
    } else if has("results")
        && (shape.child_has("results", "packages")
            || shape.child_has("results", "source")
            || shape.members.len() == 1)
    {
        Format::OsvScanner
    } else if has("vulnerabilities")
        && (has("packageManager") || has("projectName") || has("dependencyCount"))
    {
        Format::SnykJson
    } else if has("vulnerabilities") && (has("scan") || has("version") || has("remediations")) {
        Format::GitlabSecurityReport
    } else if has("error") && shape.members.len() == 1 && shape.child_has("error", "summary") {
        Format::NpmAuditV2
    } else if has("security_advisory") && has("dependency") {
        Format::GithubDependabotAlerts
    } else if has("most_recent_instance") && has("rule") {
        Format::GithubCodeScanningAlerts
    } else if has("template-id") || has("templateID") {
        Format::Nuclei
    } else if shape.members.is_empty() {
        return Err(ImportError::NoContent("{}".to_string()));
    } else {
        return Err(ImportError::Unknown(format!(
            "a JSON object with top-level keys {:?}",
            shape.keys().into_iter().take(12).collect::<Vec<_>>()
        )));
    };
    Ok(format)
}

fn detect_xml(body: &[u8]) -> Result<Format, ImportError> {
    let mut reader = Reader::from_reader(body);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name().into_inner().to_string();
                return match name.as_str() {
                    "OWASPZAPReport" => Ok(Format::ZapXml),
                    "bom" => Ok(Format::CycloneDxXml),
                    other => Err(ImportError::Unknown(format!(
                        "XML whose root element is <{other}>"
                    ))),
                };
            }
            Ok(Event::Eof) => {
                return Err(ImportError::Unknown("XML without any element".to_string()))
            }
            Ok(_) => {}
            Err(e) => {
                return Err(ImportError::Unknown(format!(
                    "it starts like XML but is not well-formed: {e}"
                )))
            }
        }
        buf.clear();
    }
}

/// A first line with at least one separator (`,`, `;` or tab) outside quotes.
fn looks_like_csv(body: &[u8]) -> bool {
    let first = body.split(|&b| b == b'\n').next().unwrap_or(body);
    std::str::from_utf8(first).is_ok() && first.iter().any(|b| matches!(b, b',' | b';' | b'\t'))
}
