-- 0003: leaner finding storage, measured at 100,000 findings (crates/store/benches/findings.rs).
--
-- finding_details stores the full finding once. The location, description, remediation,
-- reference, evidence, suppression, CWE and alias columns repeated what finding_json holds and
-- doubled the bytes every import writes; read them with json_extract(finding_json, '$.field').
ALTER TABLE finding_details DROP COLUMN cwes;
ALTER TABLE finding_details DROP COLUMN aliases;
ALTER TABLE finding_details DROP COLUMN location;
ALTER TABLE finding_details DROP COLUMN description;
ALTER TABLE finding_details DROP COLUMN remediation;
ALTER TABLE finding_details DROP COLUMN reference_urls;
ALTER TABLE finding_details DROP COLUMN evidence;
ALTER TABLE finding_details DROP COLUMN suppression;

-- One wide index covers every dashboard filter and the severity / first seen / last seen
-- sorts (counts, summaries and page ids read only the index) and the re-import's "no longer
-- reported" lookup. Each separate index cost about 250 ms per 100,000 imported findings.
DROP INDEX findings_dashboard;
DROP INDEX findings_last_seen;
DROP INDEX findings_first_seen;
DROP INDEX findings_title;
DROP INDEX findings_scope;
CREATE INDEX findings_dashboard ON findings
    (status, severity_rank, application_id, tool, kind, last_seen, first_seen);

-- A finding has a handful of events: they are sorted after the lookup.
DROP INDEX timeline_events_finding;
CREATE INDEX timeline_events_finding ON timeline_events (finding_id);
