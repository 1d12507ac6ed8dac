-- 0004: Jira connections. Settings only: secrets live in the OS keyring under the id.
CREATE TABLE connections (
    id                 TEXT PRIMARY KEY NOT NULL,
    name               TEXT NOT NULL,
    -- The jira crate's ConnectionConfig as JSON (no secrets by construction).
    config             TEXT NOT NULL,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    account            TEXT,
    last_checked_at    TEXT,
    last_success_at    TEXT,
    last_error_code    TEXT,
    last_error_message TEXT,
    needs_reauth       INTEGER NOT NULL DEFAULT 0 CHECK (needs_reauth IN (0, 1))
) STRICT;

CREATE UNIQUE INDEX connections_name ON connections (name);
