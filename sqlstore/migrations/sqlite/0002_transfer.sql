-- Import and export: where threads came from, why an imported comment is not published, and
-- the scratch tables an import run keeps its bookkeeping in (on disk, so memory stays flat
-- however large the file).
ALTER TABLE threads ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX threads_source ON threads (site_id, source_id) WHERE source_id IS NOT NULL;

-- Why a comment has its status when no moderation record says so, e.g. 'spam' from Disqus.
ALTER TABLE comments ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';

-- What the file's refs (export ids of a Parley file) became in this database.
CREATE TABLE import_refs (
    kind     TEXT NOT NULL,
    ref      TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    PRIMARY KEY (kind, ref)
) WITHOUT ROWID;

-- Records that arrived before what they hang on (a reply before its parent, in a damaged
-- file), waiting for it. waits_for is 'c:REF', 't:REF' or 'u:REF'; self is the waiting
-- comment's own 'c:REF', so orphans can be placed ancestors first.
CREATE TABLE import_pending (
    seq       INTEGER PRIMARY KEY,
    waits_for TEXT NOT NULL,
    self      TEXT NOT NULL DEFAULT '',
    record    TEXT NOT NULL
);
CREATE INDEX import_pending_waits ON import_pending (waits_for, seq);
CREATE INDEX import_pending_self ON import_pending (self);
