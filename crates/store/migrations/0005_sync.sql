-- 0005: the sync engine's tables: routing rules (what to push where), the outbox (every Jira
-- write is an intent here before it is a request) and the links from findings to tickets.
-- Timestamps are UTC ISO-8601 text with milliseconds, so text order is time order.

-- A routing rule: findings of one application (or of one group's applications) go to one
-- Jira project and issue type through one field mapping. The routing UI edits these rows.
CREATE TABLE routing_rules (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL DEFAULT '',
    -- The connections table id (not a foreign key: work waits in the outbox if it goes).
    connection_id    TEXT NOT NULL,
    -- Project by id (preferred) or key; at least one is set.
    project_id       TEXT,
    project_key      TEXT,
    issue_type_id    TEXT NOT NULL,
    -- Scope: exactly one of the two. An application rule wins over a group rule.
    application_id   INTEGER REFERENCES applications (id) ON DELETE CASCADE,
    group_id         INTEGER REFERENCES resource_groups (id) ON DELETE CASCADE,
    -- Lowest normalized severity ticketed; NULL = every severity, unknown included.
    min_severity     TEXT CHECK (min_severity IN ('info', 'low', 'medium', 'high', 'critical')),
    -- JSON array of finding kinds (`["vulnerability","incident"]`).
    trigger_kinds    TEXT NOT NULL DEFAULT '["vulnerability"]',
    -- vulnbridge_mapping::FieldMapping as JSON.
    mapping          TEXT NOT NULL,
    -- The issue type's createmeta fields (Vec<vulnbridge_mapping::FieldMeta>) as JSON, saved
    -- with the mapping: payloads are built without a request.
    field_meta       TEXT NOT NULL DEFAULT '[]',
    -- Only findings first seen at or after this instant are pushed (no silent backlog);
    -- NULL = the rule is disabled.
    enabled_since    TEXT,
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((application_id IS NULL) <> (group_id IS NULL)),
    CHECK (project_id IS NOT NULL OR project_key IS NOT NULL)
) STRICT;

-- One finding's ticket. A finding has at most one ticket, whatever the connection.
CREATE TABLE ticket_links (
    finding_id      INTEGER PRIMARY KEY REFERENCES findings (id) ON DELETE CASCADE,
    connection_id   TEXT NOT NULL,
    issue_id        TEXT NOT NULL,
    issue_key       TEXT NOT NULL,
    url             TEXT NOT NULL,
    -- Jira status name and category key (`new`, `indeterminate`, `done`); NULL until polled.
    status          TEXT,
    status_category TEXT,
    created_at      TEXT NOT NULL,
    last_synced_at  TEXT NOT NULL
) STRICT;

CREATE INDEX ticket_links_issue ON ticket_links (connection_id, issue_id);

-- Jira writes waiting, running or finished. `idempotency_key` names the effect (for a create:
-- the finding's dedup label), so one effect is queued at most once.
CREATE TABLE outbox (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN
                           ('create', 'update', 'transition', 'comment', 'delete_comment', 'attach')),
    finding_id         INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    connection_id      TEXT NOT NULL,
    rule_id            INTEGER REFERENCES routing_rules (id) ON DELETE SET NULL,
    idempotency_key    TEXT NOT NULL UNIQUE,
    -- The request body (for a create: `{"fields": …}`).
    payload            TEXT NOT NULL,
    -- pending: waits for next_attempt_at; in_flight: a request may be under way;
    -- ambiguous: a request may have been applied (look before retrying); done; failed;
    -- parked: cannot succeed as is, a person must act (last_error says why).
    state              TEXT NOT NULL CHECK (state IN
                           ('pending', 'in_flight', 'ambiguous', 'done', 'failed', 'parked')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT NOT NULL,
    last_error_code    TEXT,
    last_error_message TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_due ON outbox (connection_id, state, next_attempt_at);
CREATE INDEX outbox_finding ON outbox (finding_id);
