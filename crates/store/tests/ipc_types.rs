//! The types the app sends over IPC export to TypeScript (run with `--features specta`):
//! no 64-bit integers, serde names respected.
#![cfg(feature = "specta")]

use vulnbridge_store::{
    ApplicationSummary, FindingDetail, FindingPage, FindingQuery, FindingSummary, GroupSummary,
    ImportSummary, WatchedFolder,
};

#[test]
fn every_ipc_type_exports_to_typescript() {
    let types = specta::Types::default()
        .register::<FindingQuery>()
        .register::<FindingPage>()
        .register::<FindingSummary>()
        .register::<FindingDetail>()
        .register::<ImportSummary>()
        .register::<ApplicationSummary>()
        .register::<GroupSummary>()
        .register::<WatchedFolder>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .expect("the IPC types export to TypeScript");
    for name in [
        "FindingQuery",
        "FindingRow",
        "FindingStatus",
        "TimelineEvent",
        "ImportCounts",
        "SortField",
    ] {
        assert!(
            ts.contains(&format!("export type {name}")),
            "{name} missing:\n{ts}"
        );
    }
    assert!(ts.contains("\"false_positive\""), "{ts}");
    assert!(!ts.contains("bigint"), "{ts}");
}
