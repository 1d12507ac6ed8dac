//! Shared test data: createmeta samples of both dialects, a normal finding, contexts.
#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use vulnbridge_mapping::{
    parse_createmeta, Dialect, FieldMeta, FieldSource, ProjectRef, RenderContext,
};
use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Tool};

pub const CLOUD_META: &str = include_str!("../fixtures/cloud_createmeta.json");
pub const DC_META: &str = include_str!("../fixtures/dc_createmeta.json");

pub fn cloud_fields() -> Vec<FieldMeta> {
    parse_createmeta(CLOUD_META).expect("cloud sample parses")
}

pub fn dc_fields() -> Vec<FieldMeta> {
    parse_createmeta(DC_META).expect("dc sample parses")
}

pub fn field<'a>(fields: &'a [FieldMeta], id: &str) -> &'a FieldMeta {
    fields
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("sample has {id}"))
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

pub fn ctx(dialect: Dialect) -> RenderContext {
    RenderContext {
        dialect,
        project: match dialect {
            Dialect::Cloud => ProjectRef::Id("10000".into()),
            Dialect::DataCenter => ProjectRef::Key("APPSEC".into()),
        },
        issue_type_id: match dialect {
            Dialect::Cloud => "10004".into(),
            Dialect::DataCenter => "1".into(),
        },
        application: Some("Payments API".into()),
        link_back: Some("https://vulnbridge.local/findings/42".into()),
        today: today(),
        first_seen: Some(
            Utc.with_ymd_and_hms(2026, 11, 20, 8, 30, 0)
                .single()
                .expect("time"),
        ),
    }
}

/// A typical SCA finding (lodash prototype pollution).
pub fn lodash() -> Finding {
    let mut f = Finding {
        fingerprint: fingerprint(
            "package",
            &["npm", "lodash", "4.17.15", "GHSA-jf85-cpcp-j695"],
        ),
        tool: Tool::new("Trivy", Some("0.50.1".into())),
        location: Location::Package {
            package: PackageRef {
                ecosystem: Some("npm".into()),
                name: "lodash".into(),
                version: Some("4.17.15".into()),
                fixed_versions: vec!["4.17.19".into()],
                purl: Some("pkg:npm/lodash@4.17.15".into()),
            },
            manifest: Some("package-lock.json".into()),
        },
        rule_id: Some("CVE-2020-8203".into()),
        description: Some(
            "Prototype pollution in zipObjectDeep.\n\nAn attacker can modify Object.prototype."
                .into(),
        ),
        remediation: Some("Upgrade lodash to 4.17.19 or later.".into()),
        evidence: Some("const _ = require('lodash');".into()),
        ..Finding::default()
    };
    f.set_title("lodash: prototype pollution in zipObjectDeep");
    f.set_label_severity("HIGH");
    f.set_score(
        7.4,
        Some("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H".into()),
    );
    f.add_cve("CVE-2020-8203");
    f.add_cwe("CWE-1321");
    f.add_alias("GHSA-p6mc-m468-83gw");
    f.add_reference("https://nvd.nist.gov/vuln/detail/CVE-2020-8203");
    f.add_reference("https://github.com/advisories/GHSA-p6mc-m468-83gw");
    f
}

pub fn template(s: &str) -> FieldSource {
    FieldSource::Template(s.into())
}
