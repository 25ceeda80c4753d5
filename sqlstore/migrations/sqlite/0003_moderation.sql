-- Moderation: what the policy decided and why, reader reports, bans, the audit log, staff and
-- their sessions, and the nudges that asked authors "are you sure?".
ALTER TABLE comments ADD COLUMN featured INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN mod_note TEXT NOT NULL DEFAULT '';

ALTER TABLE threads ADD COLUMN premod INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN slow_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN heated_at INTEGER;

CREATE TABLE decisions (
    comment_id INTEGER PRIMARY KEY REFERENCES comments (id),
    action     TEXT NOT NULL,
    reasons    TEXT NOT NULL DEFAULT '[]',
    scores     TEXT NOT NULL DEFAULT '{}',
    spans      TEXT NOT NULL DEFAULT '[]',
    max_score  REAL NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX decisions_score ON decisions (max_score);

CREATE TABLE standings (
    site_id      TEXT NOT NULL REFERENCES sites (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    banned       INTEGER NOT NULL DEFAULT 0,
    banned_until INTEGER,
    ban_reason   TEXT NOT NULL DEFAULT '',
    shadow       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, user_id)
);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id),
    comment_id  INTEGER NOT NULL REFERENCES comments (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    UNIQUE (comment_id, user_id)
);
CREATE INDEX reports_open ON reports (site_id, resolved_at, comment_id);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    site_id     TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_site ON audit (site_id, id);

CREATE UNIQUE INDEX users_email ON users (email) WHERE email IS NOT NULL;

CREATE TABLE staff (
    user_id INTEGER NOT NULL REFERENCES users (id),
    site_id TEXT NOT NULL REFERENCES sites (id),
    PRIMARY KEY (user_id, site_id)
);

-- Only hashes of session and sign-in secrets are stored: a copy of the database signs no one in.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE signin_tokens (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE nudges (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id),
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    created_at INTEGER NOT NULL,
    outcome    TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'revised', 'posted'))
);
CREATE INDEX nudges_site ON nudges (site_id, outcome);
