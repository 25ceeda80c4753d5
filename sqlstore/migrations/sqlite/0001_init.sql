-- Times are Unix microseconds (UTC) so that ordering, keyset cursors and the PostgreSQL twin of
-- this schema behave the same.
CREATE TABLE sites (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    origins    TEXT NOT NULL DEFAULT '[]',
    settings   TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('guest', 'registered')),
    role       TEXT NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'moderator', 'admin')),
    email      TEXT,
    source_id  TEXT UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE threads (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id),
    key        TEXT NOT NULL,
    url        TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    closed     INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    UNIQUE (site_id, key)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id),
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    parent_id  INTEGER REFERENCES comments (id),
    root_id    INTEGER NOT NULL DEFAULT 0,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    source     TEXT NOT NULL,
    html       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('published', 'pending', 'rejected', 'deleted')),
    likes      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    edited_at  INTEGER,
    deleted_at INTEGER,
    source_id  TEXT,
    UNIQUE (site_id, source_id)
);
CREATE INDEX comments_top_time ON comments (thread_id, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_top_best ON comments (thread_id, likes, id) WHERE parent_id IS NULL;
CREATE INDEX comments_root ON comments (root_id, id);
CREATE INDEX comments_thread_status ON comments (thread_id, status);
CREATE INDEX comments_author ON comments (author_id, site_id, id);

CREATE TABLE likes (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    comment_id INTEGER NOT NULL REFERENCES comments (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX likes_user ON likes (user_id, comment_id);

-- Instance-wide values every instance must agree on, such as the key that signs guest tokens.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every database serves the demo page out of the box.
INSERT INTO sites (id, name, created_at) VALUES ('demo', 'Demo', 0);
