-- Who has commented in each thread, for @mentions: rendering a comment looks these names up, and
-- scanning the thread's comments for them on every post grew with the thread. A trigger keeps
-- the table right for every way comments arrive (posts, imports).
CREATE TABLE participants (
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (thread_id, user_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO participants (thread_id, user_id) SELECT DISTINCT thread_id, author_id FROM comments;

CREATE TRIGGER participants_add AFTER INSERT ON comments
BEGIN
    INSERT OR IGNORE INTO participants (thread_id, user_id) VALUES (NEW.thread_id, NEW.author_id);
END;
