//! With `--features specta`: every type the UI sees exports to TypeScript (specta refuses
//! 64-bit integers, which a `serde_json::Value` or a stray `u64` would bring in).

#[test]
fn ui_types_export_to_typescript() {
    use vulnbridge_mapping::*;
    let types = specta::Types::default()
        .register::<FieldMapping>()
        .register::<FieldMeta>()
        .register::<FieldKind>()
        .register::<MappingProblem>()
        .register::<CreatePayload>()
        .register::<PayloadPreview>()
        .register::<Attachment>()
        .register::<Dialect>()
        .register::<ProjectRef>()
        .register::<FindingAttribute>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("exportable");
    for name in [
        "FieldMapping",
        "FieldSource",
        "JiraValue",
        "SeverityMap",
        "ScoreMap",
        "SlaDays",
        "CreatePayload",
        "JsonValue",
        "MappingProblem",
    ] {
        assert!(
            ts.contains(&format!("export type {name} ")),
            "{name} missing"
        );
    }
    assert!(
        ts.contains("{ source: \"template\"; value: string }"),
        "{ts}"
    );
}
