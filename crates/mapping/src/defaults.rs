//! The mapping a new routing rule starts from.

use crate::mapping::{FieldMapping, FieldSource, ValueRef};
use crate::meta::FieldMeta;
use crate::priority::SeverityMap;

/// The default description: what, where, severity, identifiers, remediation, references,
/// evidence, link back and a footer with the dedup label. Sections without data are left out.
pub const DEFAULT_DESCRIPTION: &str = "\
## What
{{description}}

## Where
**Application:** {{application}}
**Location:** {{location}}
**Package:** {{package_name}}
**Installed version:** {{package_version}}
**Fixed in:** {{fixed_version}}
**URL:** {{url}}

## Severity
**Severity:** {{severity}}
**Tool severity:** {{raw_severity}}
**Score:** {{score}}
**CVSS vector:** {{cvss_vector}}

## Identifiers
**CVE:** {{cve}}
**CWE:** {{cwe}}
**Also known as:** {{aliases}}
**Rule:** {{rule_id}}
**Found by:** {{tool}}

## Remediation
{{remediation}}

## References
{{references}}

## Evidence
{{evidence}}
{{snippet}}

---
**Open in Vulnbridge:** {{link_back}}
Created by Vulnbridge · {{dedup_label}}
";

/// Priority names a severity map is matched against.
const USUAL_PRIORITIES: [&str; 5] = ["Highest", "High", "Medium", "Low", "Lowest"];

/// The starting mapping for an issue type: summary `{{title}}` (prefix off), the default
/// description when the screen has one, priority by severity when the site's priorities have
/// the usual names, labels (always dedup label + `vulnbridge`). Required custom fields stay
/// unmapped so validation points at them.
pub fn default_mapping(fields: &[FieldMeta]) -> FieldMapping {
    let mut mapping = FieldMapping::default();
    if fields.iter().any(|f| f.id == "description") {
        mapping.set(
            "description",
            FieldSource::Template(DEFAULT_DESCRIPTION.into()),
        );
    }
    if let Some(priority) = fields.iter().find(|f| f.id == "priority") {
        let all_usual = USUAL_PRIORITIES
            .iter()
            .all(|name| priority.allowed("", name).is_some());
        if all_usual {
            let mut map = SeverityMap::usual_priorities();
            for entry in map.entries_mut().into_iter().flatten() {
                if let Some(found) = priority.allowed("", &entry.name) {
                    *entry = ValueRef::new(found.id.clone(), found.name.clone());
                }
            }
            mapping.set("priority", FieldSource::BySeverity(map));
        }
    }
    mapping
}
