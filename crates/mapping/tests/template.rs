//! Template parsing and rendering into documents.

mod common;

use common::*;
use vulnbridge_mapping::{Block, Dialect, FindingAttribute, Inline, Template, TemplateError};

fn doc(src: &str) -> Vec<Block> {
    Template::parse(src)
        .expect("valid template")
        .render_document(&lodash(), &ctx(Dialect::Cloud))
        .blocks
}

fn text(s: &str) -> Inline {
    Inline::text(s)
}

#[test]
fn placeholders_allow_spaces_aliases_and_report_every_error() {
    let t = Template::parse("{{ cve }} {{CWE}} {{link}} {{package}} {{rule}}").expect("aliases");
    assert_eq!(
        t.attributes(),
        [
            FindingAttribute::Cves,
            FindingAttribute::Cwes,
            FindingAttribute::LinkBack,
            FindingAttribute::PackageName,
            FindingAttribute::RuleId
        ]
    );
    let errors = Template::parse("{{nope}}\n{{title}} {{ also_nope }}\n{{open").expect_err("bad");
    assert_eq!(
        errors,
        [
            TemplateError::UnknownPlaceholder {
                name: "nope".into()
            },
            TemplateError::UnknownPlaceholder {
                name: "also_nope".into()
            },
            TemplateError::Unclosed { line: 3 },
        ]
    );
}

#[test]
fn template_lines_give_structure_and_finding_text_does_not() {
    let mut f = lodash();
    f.title = "# not a heading\n- not a bullet".into();
    let blocks = Template::parse("# {{severity}}\n- item **{{tool}}**\n---\n{{title}}")
        .expect("valid")
        .render_document(&f, &ctx(Dialect::Cloud))
        .blocks;
    assert_eq!(
        blocks,
        [
            Block::Heading {
                level: 1,
                content: vec![text("High")]
            },
            Block::BulletList(vec![vec![
                text("item "),
                Inline::Text {
                    text: "Trivy 0.50.1".into(),
                    strong: true
                }
            ]]),
            Block::Rule,
            Block::Paragraph(vec![
                text("# not a heading"),
                Inline::Break,
                text("- not a bullet")
            ]),
        ]
    );
}

#[test]
fn lone_placeholders_expand_to_blocks() {
    assert_eq!(
        doc("{{references}}"),
        [Block::BulletList(vec![
            vec![Inline::Link {
                text: "https://nvd.nist.gov/vuln/detail/CVE-2020-8203".into(),
                href: "https://nvd.nist.gov/vuln/detail/CVE-2020-8203".into()
            }],
            vec![Inline::Link {
                text: "https://github.com/advisories/GHSA-p6mc-m468-83gw".into(),
                href: "https://github.com/advisories/GHSA-p6mc-m468-83gw".into()
            }],
        ])]
    );
    assert_eq!(
        doc("- {{cve}}"),
        [Block::BulletList(vec![vec![text("CVE-2020-8203")]])]
    );
    assert_eq!(
        doc("  {{evidence}}  "),
        [Block::Code("const _ = require('lodash');".into())]
    );
    assert_eq!(
        doc("{{description}}"),
        [
            Block::Paragraph(vec![text("Prototype pollution in zipObjectDeep.")]),
            Block::Paragraph(vec![text("An attacker can modify Object.prototype.")]),
        ]
    );
    // Not alone on its line: inline text.
    assert_eq!(
        doc("Refs: {{references}}")[0],
        Block::Paragraph(vec![
            text("Refs: "),
            Inline::Link {
                text: "https://nvd.nist.gov/vuln/detail/CVE-2020-8203".into(),
                href: "https://nvd.nist.gov/vuln/detail/CVE-2020-8203".into()
            },
            text(", "),
            Inline::Link {
                text: "https://github.com/advisories/GHSA-p6mc-m468-83gw".into(),
                href: "https://github.com/advisories/GHSA-p6mc-m468-83gw".into()
            },
        ])
    );
}

#[test]
fn empty_lines_and_sections_are_left_out() {
    let mut f = lodash();
    f.remediation = None;
    f.cwes.clear();
    let blocks = Template::parse("## Fix\n{{remediation}}\n## Ids\nCWE: {{cwe}}\nCVE: {{cve}}\nStatic line\n### Sub\n{{remediation}}")
        .expect("valid")
        .render_document(&f, &ctx(Dialect::Cloud))
        .blocks;
    assert_eq!(
        blocks,
        [
            Block::Heading {
                level: 2,
                content: vec![text("Ids")]
            },
            Block::Paragraph(vec![
                text("CVE: CVE-2020-8203"),
                Inline::Break,
                text("Static line")
            ]),
        ]
    );
}

#[test]
fn plain_rendering_joins_lines_and_drops_bold_marks() {
    let t =
        Template::parse("**{{severity}}** {{title}}\n{{fixed_version}}\n{{image}}").expect("valid");
    assert_eq!(
        t.render_plain(&lodash(), &ctx(Dialect::Cloud)),
        "High lodash: prototype pollution in zipObjectDeep\n4.17.19"
    );
}

#[test]
fn context_attributes_render() {
    let t = Template::parse(
        "{{application}} | {{first_seen}} | {{today}} | {{dedup_label}} | {{score}} | {{kind}}",
    )
    .expect("valid");
    assert_eq!(
        t.render_plain(&lodash(), &ctx(Dialect::DataCenter)),
        "Payments API | 2026-11-20 08:30 UTC | 2026-11-23 | vb-9db5b679845d374e | 7.4 | Vulnerability"
    );
}

#[test]
fn code_locations_render_file_line_and_snippet() {
    let mut f = lodash();
    f.location = vulnbridge_model::Location::Code {
        file: "src/db.py".into(),
        start_line: Some(42),
        end_line: None,
        column: None,
        snippet: Some("cursor.execute(q % x)".into()),
        commit: None,
    };
    let t = Template::parse("{{file}}:{{line}} ({{location}})\n{{snippet}}").expect("valid");
    assert_eq!(
        t.render_plain(&f, &ctx(Dialect::Cloud)),
        "src/db.py:42 (src/db.py:42)\ncursor.execute(q % x)"
    );
    let blocks = Template::parse("{{snippet}}")
        .expect("valid")
        .render_document(&f, &ctx(Dialect::Cloud))
        .blocks;
    assert_eq!(blocks, [Block::Code("cursor.execute(q % x)".into())]);
}
