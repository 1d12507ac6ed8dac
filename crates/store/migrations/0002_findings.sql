-- 0002: applications and groups, imports, findings (+ full-text index), timeline, watched folders.
-- Timestamps are UTC ISO-8601 text with milliseconds (`2026-01-31T12:00:00.000Z`), so text
-- order is time order.

CREATE TABLE resource_groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE applications (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    group_id   INTEGER REFERENCES resource_groups (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX applications_group ON applications (group_id);

-- Which application a scan target (repository URL, image, site, folder) belongs to.
CREATE TABLE application_targets (
    target         TEXT PRIMARY KEY NOT NULL,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX application_targets_app ON application_targets (application_id);

-- One imported file. `error` is set (and the counts stay 0) when the file could not be read.
CREATE TABLE imports (
    id               INTEGER PRIMARY KEY,
    application_id   INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    file_name        TEXT NOT NULL,
    format           TEXT NOT NULL DEFAULT '',
    tool             TEXT NOT NULL DEFAULT '',
    tool_version     TEXT,
    target           TEXT NOT NULL DEFAULT '',
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    new_count        INTEGER NOT NULL DEFAULT 0,
    unchanged_count  INTEGER NOT NULL DEFAULT 0,
    reopened_count   INTEGER NOT NULL DEFAULT 0,
    resolved_count   INTEGER NOT NULL DEFAULT 0,
    suppressed_count INTEGER NOT NULL DEFAULT 0,
    total_count      INTEGER NOT NULL DEFAULT 0,
    error            TEXT
) STRICT;

CREATE INDEX imports_app ON imports (application_id, id);

-- The dashboard's hot columns: narrow rows, so filters, counts and sorts stay fast at
-- 100,000+ findings. Long text and the full finding live in `finding_details`.
CREATE TABLE findings (
    id                INTEGER PRIMARY KEY,
    application_id    INTEGER NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
    fingerprint       TEXT NOT NULL,
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    raw_severity      TEXT,
    severity          TEXT CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    -- 0 unknown, 1 info … 5 critical: the dashboard filters and sorts on it.
    severity_rank     INTEGER NOT NULL DEFAULT 0,
    score             REAL,
    cvss_vector       TEXT,
    confidence        TEXT,
    -- JSON array of CVE ids.
    cves              TEXT NOT NULL DEFAULT '[]',
    rule_id           TEXT,
    tool              TEXT NOT NULL,
    tool_version      TEXT,
    -- The target of the last scan that reported it ('' when the file did not say).
    scan_target       TEXT NOT NULL DEFAULT '',
    location_display  TEXT NOT NULL DEFAULT '',
    first_seen        TEXT NOT NULL,
    last_seen         TEXT NOT NULL,
    first_import_id   INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    last_import_id    INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    status            TEXT NOT NULL CHECK (status IN
                          ('open', 'reopened', 'resolved', 'false_positive', 'accepted_risk', 'suppressed')),
    status_reason     TEXT,
    status_changed_at TEXT NOT NULL,
    UNIQUE (application_id, fingerprint)
) STRICT;

-- Covers every dashboard filter, so counts and summaries read only this index.
CREATE INDEX findings_dashboard ON findings (status, severity_rank, application_id, tool, kind);
CREATE INDEX findings_last_seen ON findings (last_seen);
CREATE INDEX findings_first_seen ON findings (first_seen);
CREATE INDEX findings_title ON findings (title COLLATE NOCASE);
-- Finds the findings a re-import of the same tool and target no longer reports.
CREATE INDEX findings_scope ON findings (application_id, tool, scan_target, status);

-- One row per finding: long text, JSON of model parts, and the full finding for the detail pane.
CREATE TABLE finding_details (
    finding_id     INTEGER PRIMARY KEY REFERENCES findings (id) ON DELETE CASCADE,
    cwes           TEXT NOT NULL DEFAULT '[]',
    aliases        TEXT NOT NULL DEFAULT '[]',
    -- CVE, alias and CWE ids separated by spaces, for the full-text index.
    cve_text       TEXT NOT NULL DEFAULT '',
    -- model::Location as JSON (findings.location_display is its one-line rendering).
    location       TEXT NOT NULL,
    description    TEXT,
    remediation    TEXT,
    reference_urls TEXT NOT NULL DEFAULT '[]',
    evidence       TEXT,
    -- model::Suppression as JSON: what the scan file said about triage.
    suppression    TEXT NOT NULL,
    finding_json   TEXT NOT NULL
) STRICT;

-- Full-text index (contentless: it stores only the index; rowid = findings.id).
-- Inserts and content changes are written by the import code in one statement per import:
-- FTS5 flushes its pending data at every statement savepoint, so per-row triggers made bulk
-- imports several times slower. Deletions are kept in sync by the trigger below.
CREATE VIRTUAL TABLE findings_fts USING fts5 (
    title, description, rule_id, cve_text, location_display, tool,
    content = '', contentless_delete = 1, tokenize = 'unicode61'
);

CREATE TRIGGER findings_fts_delete AFTER DELETE ON findings BEGIN
    DELETE FROM findings_fts WHERE rowid = old.id;
END;

-- What happened to a finding, from any side. `detail` is a JSON object.
CREATE TABLE timeline_events (
    id         INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('local', 'jira', 'import')),
    detail     TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX timeline_events_finding ON timeline_events (finding_id, at, id);

CREATE TABLE watched_folders (
    id             INTEGER PRIMARY KEY,
    path           TEXT NOT NULL UNIQUE,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The content last imported from each watched file, so a file is imported once per content.
CREATE TABLE imported_files (
    path        TEXT PRIMARY KEY NOT NULL,
    size        INTEGER NOT NULL,
    mtime       INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    import_id   INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
